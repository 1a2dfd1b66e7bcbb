"""The benchmark script runs end to end at its smallest size and prints its tables.

Nothing is timed here: the figures depend on the machine. This only guards the script against
rot (a renamed API, a missing tool). It runs HermiT, Pellet and owlrl at 10^4 triples, so it
takes a few minutes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.reasoner
def test_quick_benchmark_runs_and_prints_the_table(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--quick",
            "--repeat",
            "1",
            "--out",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for heading in ("## Medians: seconds and peak RSS", "## Ratios and targets", "## Agreement"):
        assert heading in done.stdout
    assert "| `oxigraph load` + `optimize` CLI |" in done.stdout
    assert "| `pyshacl` CLI end to end |" in done.stdout
    assert "| `ecoonto validate --store` end to end (the shapes' SPARQL in the store) |" in (
        done.stdout
    )
    assert "| 10^4 s | 10^4 MiB |" in done.stdout
    assert "## Each bundled query: `ecoonto query --store` against `oxigraph query`" in done.stdout
    assert "| `table-buyer-side` |" in done.stdout
    report = out.read_text(encoding="utf-8")
    assert report.startswith("# ecoonto benchmark results")
    assert "- command: `.venv/bin/python benchmarks/run.py --quick --repeat 1" in report
    # Every engine gave the same rows and every validator the same violations.
    assert "| 10^4 | rows per query | agree |" in report
    assert "| 10^4 | SHACL violations | agree |" in report
