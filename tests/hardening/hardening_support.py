"""Helpers for the hardening tests (fixtures re-exported by conftest.py): the CLI as a user
meets it, and real local peers.

* :func:`run_cli` runs ``ecoonto ...`` in-process through click's CliRunner (stdout and stderr
  kept apart) and :func:`one_error_line` checks the contract every failure keeps: the exact
  exit code, ONE line on stderr that starts with ``error:``, no traceback.
* :class:`LocalServer` is a real HTTP server on a loopback port, in a thread, whose handler
  misbehaves on purpose (5xx, 401, redirects, slowness, a connection dropped mid-body) and
  records every request it gets (so a test can prove that nothing was sent to it).
* :class:`OxigraphProcess` is a real ``oxigraph serve`` that a test may kill and restart on the
  same ``--location``.
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ecoonto.cli import cli

SECRET_USER = "carol"
SECRET_PASSWORD = "s3cr3t-Pa55"


def run_cli(*args: str | Path, env: Mapping[str, str] | None = None) -> Result:
    """``ecoonto ARGS`` in-process, stdout and stderr kept apart."""
    return CliRunner().invoke(cli, [str(a) for a in args], env=dict(env or {}))


def one_error_line(result: Result, code: int, *fragments: str) -> str:
    """Assert ``result`` failed with exit ``code`` and exactly one ``error:`` line on stderr
    that holds every fragment, without a traceback; return that line."""
    shown = f"exit {result.exit_code}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    assert result.exit_code == code, shown
    assert result.exception is None or isinstance(result.exception, SystemExit), shown
    assert "Traceback" not in result.output, shown
    lines = result.stderr.splitlines()
    assert len(lines) == 1, shown
    line = lines[0]
    assert line.startswith("error: "), shown
    for fragment in fragments:
        assert fragment in line, f"{fragment!r} not in {line!r}"
    return line


def closed_port() -> int:
    """A loopback port with nothing listening (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------------------------
# A real local HTTP peer


@dataclass
class Seen:
    """One request a :class:`LocalServer` received."""

    method: str
    path: str
    headers: dict[str, str]
    body_bytes: int


@dataclass
class LocalServer:
    """An HTTP server on 127.0.0.1 whose answers ``behave(handler)`` decides."""

    behave: Callable[[Any], None]
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                outer.seen.append(
                    Seen(
                        self.command,
                        self.path,
                        dict(self.headers.items()),
                        int(self.headers.get("Content-Length") or 0),
                    )
                )
                outer.behave(self)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _handle

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that gave up (timed out, refused a redirect) is expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def answer(handler: Any, status: int, body: bytes = b"", headers: Mapping[str, str] = {}) -> None:
    """Read the request body, then answer ``status`` with ``body`` and ``headers``."""
    length = int(handler.headers.get("Content-Length") or 0)
    if length:
        handler.rfile.read(length)
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Connection", "close")
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)
    handler.close_connection = True


@pytest.fixture()
def local_server() -> Iterator[Callable[[Callable[[Any], None]], LocalServer]]:
    """``local_server(behave)`` starts a :class:`LocalServer`; all are closed after the test."""
    started: list[LocalServer] = []

    def start(behave: Callable[[Any], None]) -> LocalServer:
        server = LocalServer(behave)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


# --------------------------------------------------------------------------------------------
# A real Oxigraph server that a test may kill


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph")
    if not found:
        candidate = Path(sys.executable).parent / "oxigraph"
        found = str(candidate) if candidate.exists() else None
    if found is None:
        message = "the 'oxigraph' server binary is missing: pip install oxigraph"
        if os.environ.get("ECOONTO_ALLOW_NO_SERVER") == "1":
            pytest.skip(message)
        pytest.fail(message)
    return found


class OxigraphProcess:
    """``oxigraph serve --location DIR`` on a free loopback port; restartable on the same DIR."""

    def __init__(self, location: Path, log: Path) -> None:
        self.location, self.log = location, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> OxigraphProcess:
        self.port = closed_port()
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    oxigraph_binary(),
                    "serve",
                    "--location",
                    str(self.location),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                url = f"{self.base}/query?query=ASK%7B%7D"
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        text = self.log.read_text(errors="replace")[-3000:]
        self.stop()
        pytest.fail(f"oxigraph serve did not answer on port {self.port}:\n{text}")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush; what a crash or an OOM kill does."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


@pytest.fixture()
def oxigraph_process(tmp_path: Path) -> Iterator[OxigraphProcess]:
    """A started Oxigraph server of this test's own (stopped at the end)."""
    server = OxigraphProcess(tmp_path / "oxigraph-data", tmp_path / "oxigraph.log").start()
    try:
        yield server
    finally:
        server.stop()
