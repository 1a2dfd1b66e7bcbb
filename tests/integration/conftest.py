"""A real Oxigraph server for the integration tests.

The session fixture starts ``oxigraph serve`` on a free loopback port with a fresh store
directory, waits until ``/query`` answers, yields the base URL and stops the server. A missing
``oxigraph`` binary fails the run (set ECOONTO_ALLOW_NO_SERVER=1 to skip instead): a skipped
integration suite must never pass silently in CI.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

READY_TIMEOUT = 20.0


def oxigraph_binary() -> str | None:
    found = shutil.which("oxigraph")
    if found:
        return found
    candidate = Path(sys.executable).parent / "oxigraph"
    return str(candidate) if candidate.exists() else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _log(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-4000:] or "(empty log)"
    except OSError:
        return "(no log)"


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``) of a running Oxigraph server."""
    binary = oxigraph_binary()
    if binary is None:
        message = (
            "the 'oxigraph' server binary was not found on PATH or next to the Python "
            "interpreter: pip install oxigraph (or set ECOONTO_ALLOW_NO_SERVER=1 to skip)"
        )
        if os.environ.get("ECOONTO_ALLOW_NO_SERVER") == "1":
            pytest.skip(message)
        pytest.fail(message)
    workdir = tmp_path_factory.mktemp("oxigraph")
    failures = []
    for attempt in range(3):  # the free port may be taken between choosing and binding it
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = workdir / f"server-{attempt}.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [
                    binary,
                    "serve",
                    "--location",
                    str(workdir / f"data-{attempt}"),
                    "--bind",
                    f"127.0.0.1:{port}",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + READY_TIMEOUT
        while proc.poll() is None and time.monotonic() < deadline and not _answers(base):
            time.sleep(0.05)
        if proc.poll() is None and _answers(base):
            try:
                yield base
            finally:
                _stop(proc)
            return
        _stop(proc)
        failures.append(
            f"attempt {attempt + 1} on port {port} (exit code {proc.returncode}):\n{_log(log_path)}"
        )
    pytest.fail(
        f"the Oxigraph server did not answer within {READY_TIMEOUT:g} s:\n" + "\n".join(failures)
    )


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``) of a running Virtuoso with a fresh database
    (DBA ``dba``/``dba``). A missing ``virtuoso-t`` fails the run (scripts/setup.sh installs
    Debian's virtuoso-opensource); ECOONTO_ALLOW_NO_VIRTUOSO=1 skips instead."""
    from virtuoso_server import VirtuosoServer, virtuoso_binary

    binary = virtuoso_binary()
    if binary is None:
        message = (
            "'virtuoso-t' was not found: run scripts/setup.sh (apt-get install "
            "virtuoso-opensource), or set ECOONTO_ALLOW_NO_VIRTUOSO=1 to skip"
        )
        if os.environ.get("ECOONTO_ALLOW_NO_VIRTUOSO") == "1":
            pytest.skip(message)
        pytest.fail(message)
    failures = []
    for attempt in range(2):  # a free port may be taken between choosing and binding it
        server = VirtuosoServer(tmp_path_factory.mktemp(f"virtuoso-{attempt}"), binary)
        try:
            server.start()
        except RuntimeError as exc:
            failures.append(str(exc))
            continue
        try:
            yield server.base
        finally:
            server.stop()
        return
    pytest.fail("\n".join(failures))
