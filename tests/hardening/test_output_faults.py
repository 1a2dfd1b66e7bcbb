"""Output faults and interruptions (issue 23): a folder that cannot be written, a full disk or
standard output, links in the way, a bad port, Ctrl-C. Each ends with one ``error:`` line and
its own exit code, and nothing is replaced or lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hardening_support import one_error_line, run_cli

ECOONTO = [sys.executable, "-c", "from ecoonto.cli import cli; cli()"]
SRC = str(Path(__file__).resolve().parents[2] / "src")


def ecoonto_process(*args: str | Path, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    streams: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.Popen(  # type: ignore[call-overload,no-any-return]
        [*ECOONTO, *map(str, args)], text=True, env=env, **{**streams, **kwargs}
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 players (about 1.1 million triples): validating them takes several seconds even
    on a fast machine (3,000 players validated in under 3 s once validation got faster)."""
    path = tmp_path_factory.mktemp("gen") / "industry.nt"
    result = run_cli("generate", "--players", "20000", "-o", path)
    assert result.exit_code == 0, result.output
    return path


def _sigint_as_at_a_terminal() -> None:
    """The child's Ctrl-C as an interactive shell gives it: a shell starting a job in the
    background (``make test &``, ``nohup``) leaves SIGINT ignored for everything below it, and a
    Python started with SIGINT ignored keeps ignoring it (no KeyboardInterrupt at all)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_sigint_during_validate_exits_130(generated: Path) -> None:
    proc = ecoonto_process("validate", generated, preexec_fn=_sigint_as_at_a_terminal)
    # Interrupt once the process has opened the input (its handler is installed by then): the
    # signal lands in the parse or the SHACL run, however fast or loaded the machine is.
    fds = Path(f"/proc/{proc.pid}/fd")
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if any(os.path.realpath(fd) == str(generated) for fd in fds.iterdir()):
                break
        except OSError:  # a descriptor closed while we looked
            pass
        time.sleep(0.01)
    assert proc.poll() is None, "validate ended before the signal"
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, (proc.returncode, stderr)
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == "error: interrupted"


# --------------------------------------------------------------------------------------------
# A folder that cannot be written, a full disk: a private mount namespace (unshare -rm) puts a
# read-only bind mount or a 64 KiB tmpfs over one folder for one ecoonto process.


def in_namespace(setup: str, folder: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """``ecoonto ARGS`` after ``setup`` (a shell line on $DIR) in a private mount namespace;
    the folder's listing afterwards (from inside) is printed on stdout after a ``--`` line."""
    script = f'{setup} || exit 99; "$@"; rc=$?; echo --; ls -A "$DIR"; exit $rc'
    env = {
        **os.environ,
        "DIR": str(folder),
        "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", *ECOONTO, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


READ_ONLY = 'mount --bind "$DIR" "$DIR" && mount -o remount,bind,ro "$DIR"'
TINY_DISK = 'mount -t tmpfs -o size=64k tmpfs "$DIR"'


@pytest.fixture(scope="module")
def namespaces(tmp_path_factory: pytest.TempPathFactory) -> None:
    probe = tmp_path_factory.mktemp("probe")
    try:
        done = subprocess.run(
            ["unshare", "-rm", "sh", "-c", f"{TINY_DISK} && {READ_ONLY}"],
            env={**os.environ, "DIR": str(probe)},
            capture_output=True,
            timeout=30,
        )
    except FileNotFoundError:
        pytest.skip("no unshare(1) to mount a read-only folder or a tiny disk")
    if done.returncode != 0:
        pytest.skip(f"cannot mount in a private namespace here: {done.stderr!r}")


def assert_one_line(done: subprocess.CompletedProcess[str], code: int, *fragments: str) -> str:
    shown = f"exit {done.returncode}\nstdout: {done.stdout!r}\nstderr: {done.stderr!r}"
    assert done.returncode == code, shown
    assert "Traceback" not in done.stderr, shown
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), shown
    for fragment in fragments:
        assert fragment in lines[0], shown
    return lines[0]


def listing(done: subprocess.CompletedProcess[str]) -> list[str]:
    return done.stdout.split("--\n", 1)[1].split()


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("tables", ["new", "Space launch", "--tables", "{dir}/space"]),
        ("module.nt", ["generate", "--players", "10", "-o", "{dir}/module.nt"]),
        ("docs", ["docs", "-o", "{dir}/docs"]),
    ],
    ids=["new-tables", "generate", "docs"],
)
def test_a_read_only_folder_is_one_line_and_exit_2(
    namespaces: None, tmp_path: Path, name: str, args: list[str]
) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    done = in_namespace(READ_ONLY, folder, *(a.format(dir=folder) for a in args))
    target = str(folder / args[-1].rsplit("/", 1)[1])
    assert_one_line(done, 2, target, "cannot write (read-only file system)")
    assert listing(done) == []


def test_generate_on_a_full_disk_is_one_line_and_leaves_nothing(
    namespaces: None, tmp_path: Path
) -> None:
    folder = tmp_path / "tiny"
    folder.mkdir()
    out = folder / "module.nt"
    done = in_namespace(TINY_DISK, folder, "generate", "--players", "300", "-o", out)
    assert_one_line(done, 2, f"{out}: cannot write (no space left on device)")
    assert listing(done) == []  # the temporary file is gone too


@pytest.mark.parametrize(
    "args",
    [["query", "table-buyer-side"], ["query", "table-buyer-side", "--format", "json"], ["report"]],
    ids=["query-tsv", "query-json", "report"],
)
def test_a_full_standard_output_is_one_line_and_exit_2(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = ecoonto_process(*args, stdout=full)
        _, stderr = proc.communicate(timeout=120)
    done = subprocess.CompletedProcess(args, proc.returncode, "", stderr)
    assert_one_line(done, 2, "standard output: cannot write (no space left on device)")


# --------------------------------------------------------------------------------------------
# Links in the way of an output, a bad port


def test_output_through_a_link_to_a_pipe_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "stdout"  # what /dev/stdout is: a link to a non-regular file
    link.symlink_to(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_cli("report", "-o", link)
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert got and got[0].startswith(b"# AI Compute Industry Players\n")
    assert link.is_symlink() and fifo.is_fifo()


def test_output_through_a_link_to_a_file_replaces_the_file_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    real = tmp_path / "real.md"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real.name)
    result = run_cli("report", "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_text(encoding="utf-8").startswith("# AI Compute Industry Players\n")


def test_load_into_a_linked_store_loads_the_store_it_points_to(tmp_path: Path) -> None:
    from ecoonto import resources

    real = tmp_path / "real-store"
    assert run_cli("load", "--store", real, resources.core_ontology()).exit_code == 0
    link = tmp_path / "store-link"
    link.symlink_to(real.name)
    module = resources.home() / "ontology" / "industries" / "ai-compute.ttl"
    result = run_cli("load", "--store", link, resources.core_ontology(), module)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == real.name
    loaded = int(result.output.split("loaded ", 1)[1].split()[0])
    stats = run_cli("stats", "--store", real)
    assert stats.exit_code == 0, stats.output
    assert f"triples      {loaded}" in stats.stdout.splitlines()[0]
    assert not [
        p
        for p in tmp_path.iterdir()
        if p.name not in {real.name, link.name} and not p.name.endswith("ecoonto-lock")
    ]


@pytest.mark.parametrize("port", ["99999", "0", "abc", "65536"])
@pytest.mark.parametrize("command", ["query", "load"])
def test_a_bad_port_in_endpoint_is_exit_2_naming_the_option(command: str, port: str) -> None:
    from ecoonto import resources

    url = f"http://127.0.0.1:{port}/"
    args = ["table-buyer-side"] if command == "query" else [resources.core_ontology()]
    result = run_cli(command, "--endpoint", url, *args)
    one_error_line(result, 2, f"--endpoint {url}", "port")
