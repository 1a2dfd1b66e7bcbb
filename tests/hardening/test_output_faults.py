"""Output faults and interruptions (issue 23): a folder that cannot be written, a full disk or
standard output, links in the way, a bad port, Ctrl-C. Each ends with one ``error:`` line and
its own exit code, and nothing is replaced or lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hardening_support import run_cli

ECOONTO = [sys.executable, "-c", "from ecoonto.cli import cli; cli()"]
SRC = str(Path(__file__).resolve().parents[2] / "src")


def ecoonto_process(*args: str | Path, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [*ECOONTO, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 players (166,410 triples): validating them takes several seconds."""
    path = tmp_path_factory.mktemp("gen") / "industry.nt"
    result = run_cli("generate", "--players", "3000", "-o", path)
    assert result.exit_code == 0, result.output
    return path


def test_sigint_during_validate_exits_130(generated: Path) -> None:
    proc = ecoonto_process("validate", generated)
    time.sleep(3)  # into the parse or the SHACL run
    assert proc.poll() is None, "validate ended before the signal"
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, (proc.returncode, stderr)
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == "error: interrupted"
