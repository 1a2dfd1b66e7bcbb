"""Start and stop a real OpenLink Virtuoso (Debian's ``virtuoso-opensource``) for the tests.

``VirtuosoServer(workdir).start()`` copies Debian's ``virtuoso.ini`` into ``workdir`` with the
database, log, transaction and temp-database files pointed into ``workdir`` and both ports (SQL,
normally 1111; HTTP, normally 8890) moved to free loopback ports, runs
``virtuoso-t +foreground +configfile workdir/virtuoso.ini`` and polls
``http://127.0.0.1:PORT/sparql?query=ASK{}`` until it answers. A fresh database has the DBA
account ``dba`` with password ``dba``. ``stop()`` sends SIGTERM (Virtuoso then shuts down
quickly, even when busy) and kills it if it lingers.

Also usable by hand: ``python tests/integration/virtuoso_server.py DIR`` starts one in DIR and
prints its URL until Ctrl-C.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

DEBIAN_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
READY_TIMEOUT = 60.0  # a first start creates the database: ~4 s here, allow a slow CI machine
DBA_USER = "dba"
DBA_PASSWORD = "dba"

# Used when Debian's file is missing (another distribution): the keys the server needs.
MINIMAL_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 1111
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .

[HTTPServer]
ServerPort = 8890
ServerRoot = .
MaxClientConnections = 10
ServerThreads = 10

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def configure(template: str, workdir: Path, sql_port: int, http_port: int) -> str:
    """``template`` (a virtuoso.ini) with its files in ``workdir`` and its ports on loopback."""
    wanted = {
        ("Database", "DatabaseFile"): workdir / "virtuoso.db",
        ("Database", "ErrorLogFile"): workdir / "virtuoso.log",
        ("Database", "LockFile"): workdir / "virtuoso.lck",
        ("Database", "TransactionFile"): workdir / "virtuoso.trx",
        ("Database", "xa_persistent_file"): workdir / "virtuoso.pxa",
        ("TempDatabase", "DatabaseFile"): workdir / "virtuoso-temp.db",
        ("TempDatabase", "TransactionFile"): workdir / "virtuoso-temp.trx",
        ("Parameters", "ServerPort"): f"127.0.0.1:{sql_port}",
        ("HTTPServer", "ServerPort"): f"127.0.0.1:{http_port}",
    }
    section = ""
    seen: set[tuple[str, str]] = set()
    out: list[str] = []
    for line in template.splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            section = header.group(1).strip()
        setting = re.match(r"(\s*)([A-Za-z_][\w]*)(\s*=\s*)", line)
        if setting and (section, setting.group(2)) in wanted:
            key = (section, setting.group(2))
            line = f"{setting.group(1)}{key[1]}{setting.group(3)}{wanted[key]}"
            seen.add(key)
        out.append(line)
    missing = set(wanted) - seen
    if missing:
        raise ValueError(f"virtuoso.ini lacks {sorted(missing)}")
    return "\n".join(out) + "\n"


class VirtuosoServer:
    """One Virtuoso process with its database in ``workdir``."""

    def __init__(self, workdir: Path, binary: str | None = None) -> None:
        self.workdir = Path(workdir)
        self.binary = binary or virtuoso_binary() or "virtuoso-t"
        self.proc: subprocess.Popen[bytes] | None = None
        self.http_port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "virtuoso.log"

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base}/sparql?query=ASK%7B%7D", timeout=2) as r:
                return bool(r.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def start(self) -> VirtuosoServer:
        """Start and wait until ``/sparql`` answers; RuntimeError with the log if it does not."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        template = DEBIAN_INI.read_text() if DEBIAN_INI.exists() else MINIMAL_INI
        self.http_port = free_port()
        ini = self.workdir / "virtuoso.ini"
        ini.write_text(configure(template, self.workdir, free_port(), self.http_port))
        with (self.workdir / "stdout.log").open("ab") as out:
            self.proc = subprocess.Popen(
                [self.binary, "+foreground", "+configfile", str(ini)],
                cwd=self.workdir,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline and self.proc.poll() is None:
            if self.answers():
                return self
            time.sleep(0.1)
        code = self.proc.poll()
        self.stop()
        raise RuntimeError(
            f"Virtuoso did not answer on {self.base} within {READY_TIMEOUT:g} s"
            f" (exit code {code}):\n{self.log()}"
        )

    def log(self) -> str:
        parts = []
        for path in (self.log_path, self.workdir / "stdout.log"):
            try:
                parts.append(path.read_text(errors="replace")[-3000:])
            except OSError:
                pass
        return "\n".join(parts) or "(no log)"

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


if __name__ == "__main__":
    server = VirtuosoServer(Path(sys.argv[1] if len(sys.argv) > 1 else "virtuoso-data")).start()
    print(f"Virtuoso at {server.base} (DBA {DBA_USER}/{DBA_PASSWORD}); Ctrl-C stops it")
    try:
        while server.proc is not None and server.proc.poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
