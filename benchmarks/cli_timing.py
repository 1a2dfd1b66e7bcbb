#!/usr/bin/env python3
"""How long the command line takes, end to end, as a user runs it.

Run from the repository root with the project's virtualenv:

    .venv/bin/python benchmarks/cli_timing.py
    .venv/bin/python benchmarks/cli_timing.py --help-runs 10 --query-runs 5

Every figure is the median wall time of fresh ``ecoonto`` subprocesses (interpreter start-up,
imports, opening the target, the query and printing included):

* ``ecoonto --help`` (the lazy command table keeps it free of rdflib, pyshacl, ...);
* ``ecoonto query table-buyer-side`` on the bundled graph (loaded into memory on each run);
* the same query on an embedded store (``--store``, filled once with ``ecoonto load``);
* the same query on an Oxigraph server (``--endpoint``) that this script starts on a free
  loopback port, fills with ``ecoonto load`` and stops at the end.

Not part of the test suite: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

QUERY = "table-buyer-side"
READY_TIMEOUT = 20.0


def ecoonto_exe() -> str:
    candidate = Path(sys.executable).parent / "ecoonto"
    found = str(candidate) if candidate.exists() else shutil.which("ecoonto")
    if not found:
        sys.exit("error: the ecoonto command is not installed (pip install -e .)")
    return found


def oxigraph_exe() -> str:
    candidate = Path(sys.executable).parent / "oxigraph"
    found = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if not found:
        sys.exit("error: the oxigraph server binary is not installed (pip install oxigraph)")
    return found


def timed(argv: Sequence[str], runs: int) -> tuple[float, list[float]]:
    """Median and all wall times (seconds) of ``runs`` runs of ``argv``; stops on a failure."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            sys.exit(f"error: {' '.join(argv)} exited {done.returncode}: {done.stderr.strip()}")
    return statistics.median(times), times


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def start_server(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [oxigraph_exe(), "serve", "--location", str(workdir / "server"), "--bind", base[7:]],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + READY_TIMEOUT
    while proc.poll() is None and time.monotonic() < deadline and not answers(base):
        time.sleep(0.05)
    if proc.poll() is not None or not answers(base):
        stop_server(proc)
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        sys.exit(f"error: the Oxigraph server did not answer on {base}:\n{tail}")
    return proc, base


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--help-runs", type=int, default=10, help="runs of ecoonto --help")
    parser.add_argument("--query-runs", type=int, default=5, help="runs of each query")
    args = parser.parse_args()
    exe = ecoonto_exe()
    rows: list[tuple[str, float, list[float]]] = []

    median, times = timed([exe, "--help"], args.help_runs)
    rows.append(("ecoonto --help", median, times))
    query = [exe, "query", QUERY, "--format", "tsv"]
    median, times = timed(query, args.query_runs)
    rows.append((f"ecoonto query {QUERY} (bundled graph, in memory)", median, times))

    with tempfile.TemporaryDirectory(prefix="ecoonto-cli-timing-") as tmp:
        workdir = Path(tmp)
        store = workdir / "kg"
        subprocess.run([exe, "load", "--store", str(store)], check=True, capture_output=True)
        median, times = timed([*query, "--store", str(store)], args.query_runs)
        rows.append((f"ecoonto query {QUERY} --store DIR (embedded, read-only)", median, times))

        proc, base = start_server(workdir)
        try:
            subprocess.run([exe, "load", "--endpoint", base], check=True, capture_output=True)
            median, times = timed([*query, "--endpoint", base], args.query_runs)
            rows.append((f"ecoonto query {QUERY} --endpoint URL (Oxigraph server)", median, times))
        finally:
            stop_server(proc)

    width = max(len(name) for name, _, _ in rows)
    print(f"{'command':<{width}}  median   runs (s)")
    for name, median, times in rows:
        runs = " ".join(f"{t:.3f}" for t in times)
        print(f"{name:<{width}}  {median * 1000:5.0f} ms  {runs}")


if __name__ == "__main__":
    main()
