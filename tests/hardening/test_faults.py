"""Faults against real peers on 127.0.0.1: what the user sees (exit 3, one line, the URL without
credentials) and what is left behind (nothing half-done).

* A local HTTP server thread misbehaves on purpose: refuses, stalls, answers 5xx/401/403,
  redirects, or drops the connection half-way through the request body.
* A real ``oxigraph serve`` is killed (SIGKILL) in the middle of a large Graph Store PUT and
  restarted on the same ``--location``: the graph keeps its old content, and loading again
  completes it; a truncating proxy in front of it shows the same for a cut connection.
* Output files are replaced atomically: a write that fails for a real reason (a file-size limit
  set with ``RLIMIT_FSIZE``, which root cannot bypass the way it bypasses permissions; bad
  input) leaves the old file and no temporary file.
* Two processes and one embedded store: the second gets "store is busy", exit 3, and the store
  is unchanged.
"""

from __future__ import annotations

import base64
import re
import resource
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hardening_support import (
    SECRET_PASSWORD,
    SECRET_USER,
    LocalServer,
    OxigraphProcess,
    answer,
    closed_port,
    one_error_line,
    run_cli,
)

from ecoonto.errors import EXIT_STORE_FAILED, StoreError
from ecoonto.rdf import graphs
from ecoonto.targets import EmbeddedStore, Endpoint
from ecoonto.targets import load as load_into

if TYPE_CHECKING:
    from conftest import StoreHolder  # the fixture's type (tests/conftest.py)

ECOONTO = str(Path(sys.executable).parent / "ecoonto")
CREDENTIALS = {"ECOONTO_ENDPOINT_USER": SECRET_USER, "ECOONTO_ENDPOINT_PASSWORD": SECRET_PASSWORD}
TOKEN = base64.b64encode(f"{SECRET_USER}:{SECRET_PASSWORD}".encode()).decode()
GRAPH = "https://example.org/graph"
SMALL = "@prefix ex: <http://example.org/> .\nex:a ex:p ex:b , ex:c .\n"

Starter = Callable[[Callable[[Any], None]], LocalServer]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def numbered(path: Path, n: int, tag: str, filler: int = 0) -> Path:
    """``n`` triples ``ex:s<i> ex:p "<tag> <i> <filler x>"`` as Turtle."""
    pad = "x" * filler
    with path.open("w", encoding="utf-8") as out:
        out.write("@prefix ex: <http://example.org/> .\n")
        out.writelines(f'ex:s{i} ex:p "{tag} {i} {pad}" .\n' for i in range(n))
    return path


def assert_no_secret(text: str) -> None:
    """Neither the password nor the Basic token, nor a piece of either cut off by a length
    limit (a server's error page is shortened for the message)."""
    assert SECRET_PASSWORD[:4] not in text and TOKEN[8:14] not in text, text
    assert re.search(r"Basic (?!\*\*\*)", text) is None, text


# --------------------------------------------------------------------------------------------
# Misbehaving HTTP peers


def status(code: int, body: bytes = b"", **headers: str) -> Callable[[Any], None]:
    return lambda handler: answer(handler, code, body, headers)


def echo_headers(handler: Any) -> None:
    """A 500 whose body repeats the request headers, Authorization included."""
    answer(handler, 500, str(dict(handler.headers.items())).encode())


def stall(seconds: float) -> Callable[[Any], None]:
    def behave(handler: Any) -> None:
        time.sleep(seconds)
        answer(handler, 200, b'{"head": {"vars": []}, "results": {"bindings": []}}')

    return behave


def drop_mid_body(handler: Any) -> None:
    """Read half of the request body, then close the connection without an answer."""
    length = int(handler.headers.get("Content-Length") or 0)
    handler.rfile.read(length // 2)
    # SO_LINGER 0: close with a reset, as a crashed server or a proxy cutting off does.
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    handler.connection.close()


COMMANDS: dict[str, Callable[[str, Path], list[str | Path]]] = {
    "query": lambda base, data: ["query", "sides", "--endpoint", base, "--timeout", "1"],
    "load": lambda base, data: [
        "load",
        data,
        "--endpoint",
        base,
        "--graph",
        GRAPH,
        "--no-validate",
        "--without-core",
        "--timeout",
        "1",
    ],
    "validate": lambda base, data: ["validate", "--endpoint", base, "--timeout", "1"],
}
SERVICE = {"query": "/query", "load": "/store", "validate": "/query"}

FAULTS: dict[str, tuple[Callable[[Any], None] | None, str]] = {
    "refused": (None, "connection refused"),
    "slow": (stall(4), "timed out after 1 s"),
    "503": (status(503, b"overloaded, try later"), "HTTP 503 Service Unavailable: overloaded"),
    "500-echoing-credentials": (echo_headers, "HTTP 500 Internal Server Error"),
    "401": (
        status(401, b"", **{"WWW-Authenticate": 'Basic realm="kg"'}),
        "HTTP 401 Unauthorized (check ECOONTO_ENDPOINT_USER/ECOONTO_ENDPOINT_PASSWORD",
    ),
    "403": (status(403, b"forbidden"), "HTTP 403 Forbidden (check ECOONTO_ENDPOINT_USER"),
    "dropped-mid-body": (drop_mid_body, "connection"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_endpoint_faults_exit_3_with_the_url_and_no_secret(
    fault: str, command: str, local_server: Starter, tmp_path: Path
) -> None:
    behave, expected = FAULTS[fault]
    base = f"http://127.0.0.1:{closed_port()}" if behave is None else local_server(behave).base
    data = numbered(tmp_path / "data.ttl", 3000, "v")  # ~100 kB: a body worth cutting
    started = time.monotonic()
    result = run_cli(*COMMANDS[command](base, data), env=CREDENTIALS)
    elapsed = time.monotonic() - started
    line = one_error_line(result, EXIT_STORE_FAILED, f"endpoint {base}{SERVICE[command]}: ")
    print(f"{fault}/{command}: exit {result.exit_code}: {line}")
    assert expected in line, line
    assert_no_secret(result.output)
    assert "?" not in line.split(": ")[0], "the URL is shown without its query string"
    assert elapsed < 4, f"{fault} took {elapsed:.1f} s with --timeout 1"


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("command", ["query", "load"])
def test_redirects_are_refused_and_nothing_reaches_the_target(
    code: int, command: str, local_server: Starter, tmp_path: Path
) -> None:
    """Decision: ecoonto never follows a redirect (a 303 would turn the POSTed query into a GET
    without it, a 307 would re-send credentials and data to another host). The message names
    the target, without its credentials or query string, so the user can give that URL."""
    trap = local_server(status(200, b"{}"))
    target = f"http://mallory:stolen@127.0.0.1:{trap.base.rsplit(':', 1)[1]}/elsewhere?token=1"
    server = local_server(status(code, b"", Location=target))
    data = write(tmp_path / "a.ttl", SMALL)
    result = run_cli(*COMMANDS[command](server.base, data), env=CREDENTIALS)
    line = one_error_line(
        result,
        EXIT_STORE_FAILED,
        f"endpoint {server.base}{SERVICE[command]}: HTTP {code} ",
        f"redirected to {trap.base}/elsewhere;",
        "does not follow redirects",
    )
    assert "mallory" not in line and "stolen" not in line and "token" not in line
    assert_no_secret(result.output)
    assert trap.seen == [], "a request followed the redirect"
    assert len(server.seen) >= 1


def test_timeouts_are_finite_by_default_and_a_slow_answer_within_them_works(
    local_server: Starter,
) -> None:
    assert Endpoint.from_url("http://127.0.0.1:1").timeout == 30.0
    for command in ("query", "load", "validate"):
        help_text = " ".join(run_cli(command, "--help").stdout.split())
        assert re.search(r"--timeout .*?\[default: 30(\.0)?[;\]]", help_text), command
    server = local_server(stall(0.3))
    result = run_cli("query", "sides", "--endpoint", server.base, "--timeout", "2")
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------------------------
# A real Oxigraph server: killed mid-load, or cut off by a proxy


def graph_text(endpoint: Endpoint) -> str:
    sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    result = endpoint.run(sparql)
    assert result.graph is not None
    return graphs.canonical_turtle(result.graph)


@pytest.mark.integration
def test_server_killed_mid_put_keeps_the_old_graph_and_a_rerun_completes(
    oxigraph_process: OxigraphProcess, tmp_path: Path
) -> None:
    old = numbered(tmp_path / "old.ttl", 50, "old")
    new = numbered(tmp_path / "new.ttl", 4000, "new", filler=1000)  # ~4 MB of N-Triples
    endpoint = Endpoint.from_url(oxigraph_process.base, timeout=10)
    assert load_into(endpoint, [old], graph_iri=GRAPH) == 50
    before = graph_text(endpoint)

    def kill_half_way(stage: str, done: int, total: int) -> None:
        if stage == "upload" and total and done >= total // 2:
            oxigraph_process.kill()

    with pytest.raises(StoreError) as caught:
        load_into(endpoint, [new], graph_iri=GRAPH, progress=kill_half_way)
    print(f"killed mid-PUT: {caught.value.message}")
    assert caught.value.exit_code == EXIT_STORE_FAILED
    assert caught.value.message.startswith(f"endpoint {oxigraph_process.base}/store: ")

    oxigraph_process.start()  # same --location, new port
    endpoint = Endpoint.from_url(oxigraph_process.base, timeout=10)
    assert endpoint.triple_count(GRAPH) == 50
    assert graph_text(endpoint) == before

    result = run_cli(
        "load",
        new,
        "--endpoint",
        oxigraph_process.base,
        "--graph",
        GRAPH,
        "--no-validate",
        "--without-core",
    )
    assert result.exit_code == 0, result.output
    assert endpoint.triple_count(GRAPH) == 4000
    first = graph_text(endpoint)
    result = run_cli(
        "load",
        new,
        "--endpoint",
        oxigraph_process.base,
        "--graph",
        GRAPH,
        "--no-validate",
        "--without-core",
    )
    assert result.exit_code == 0, result.output
    assert endpoint.triple_count(GRAPH) == 4000
    assert graph_text(endpoint) == first, "loading twice gives the same graph"


def truncating_proxy(upstream: str) -> Callable[[Any], None]:
    """Forward a request's head and HALF its body to ``upstream``, then cut both connections."""
    host, port = upstream.removeprefix("http://").split(":")

    def behave(handler: Any) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        half = handler.rfile.read(length // 2)
        head = [f"{handler.command} {handler.path} HTTP/1.1", f"Host: {host}:{port}"]
        head += [f"{k}: {v}" for k, v in handler.headers.items() if k.lower() not in ("host",)]
        with socket.create_connection((host, int(port)), timeout=5) as conn:
            conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + half)
            time.sleep(0.2)  # let the server read what it got
        handler.close_connection = True
        handler.connection.close()

    return behave


@pytest.mark.integration
def test_a_connection_cut_mid_body_leaves_the_server_graph_as_it_was(
    oxigraph_process: OxigraphProcess, local_server: Starter, tmp_path: Path
) -> None:
    direct = Endpoint.from_url(oxigraph_process.base, timeout=10)
    old = numbered(tmp_path / "old.ttl", 20, "old")
    new = numbered(tmp_path / "new.ttl", 2000, "new", filler=100)
    load_into(direct, [old], graph_iri=GRAPH)
    before = graph_text(direct)
    proxy = local_server(truncating_proxy(oxigraph_process.base))
    result = run_cli(
        "load",
        new,
        "--endpoint",
        proxy.base,
        "--graph",
        GRAPH,
        "--no-validate",
        "--without-core",
        "--timeout",
        "5",
    )
    line = one_error_line(result, EXIT_STORE_FAILED, f"endpoint {proxy.base}/store: connection")
    print(f"cut by a proxy: {line}")
    assert [s.method for s in proxy.seen] == ["PUT"]
    assert direct.triple_count(GRAPH) == 20
    assert graph_text(direct) == before


@pytest.mark.integration
def test_a_redirect_to_the_real_server_is_not_followed(
    oxigraph_process: OxigraphProcess, local_server: Starter, tmp_path: Path
) -> None:
    direct = Endpoint.from_url(oxigraph_process.base, timeout=10)
    load_into(direct, [numbered(tmp_path / "old.ttl", 5, "old")], graph_iri=GRAPH)
    redirect = local_server(status(307, b"", Location=f"{oxigraph_process.base}/store"))
    new = numbered(tmp_path / "new.ttl", 7, "new")
    result = run_cli(
        "load",
        new,
        "--endpoint",
        redirect.base,
        "--graph",
        GRAPH,
        "--no-validate",
        "--without-core",
    )
    one_error_line(result, EXIT_STORE_FAILED, f"redirected to {oxigraph_process.base}/store;")
    assert direct.triple_count(GRAPH) == 5


# --------------------------------------------------------------------------------------------
# Chunked loads: a chunk refused, the server killed between chunks, the default graph


def staging_graphs(endpoint: Endpoint) -> list[str]:
    sparql = "SELECT DISTINCT ?g WHERE { GRAPH ?g {} FILTER(STRSTARTS(STR(?g), 'urn:ecoonto:')) }"
    return [str(row[0]) for row in endpoint.run(sparql).rows]


def forwarding_proxy(upstream: str, fail_at: int) -> Callable[[Any], None]:
    """Forward every request to ``upstream`` and relay its answer, except the ``fail_at``-th
    write (PUT/POST), which is answered 503 without reaching it."""
    writes = [0]

    def behave(handler: Any) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else None
        if handler.command in ("PUT", "POST") and "/store" in handler.path:
            writes[0] += 1
            if writes[0] == fail_at:
                relay(handler, 503, b"chunk refused on purpose", "text/plain")
                return
        request = urllib.request.Request(
            upstream + handler.path,
            data=body,
            method=handler.command,
            headers={
                k: v
                for k, v in handler.headers.items()
                if k.lower() in ("content-type", "accept", "content-length")
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, payload = response.status, response.read()
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            status, payload = exc.code, exc.read()
            content_type = exc.headers.get("Content-Type", "") if exc.headers else ""
        relay(handler, status, payload, content_type)

    return behave


def relay(handler: Any, status: int, body: bytes, content_type: str) -> None:
    """Answer a request whose body was already read (``answer`` would read it again)."""
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body)
    handler.close_connection = True


@pytest.mark.integration
def test_a_refused_chunk_leaves_the_graph_as_it_was_and_drops_the_staging_graph(
    oxigraph_process: OxigraphProcess, local_server: Starter, tmp_path: Path
) -> None:
    direct = Endpoint.from_url(oxigraph_process.base, timeout=10)
    load_into(direct, [numbered(tmp_path / "old.ttl", 30, "old")], graph_iri=GRAPH)
    before = graph_text(direct)
    proxy = local_server(forwarding_proxy(oxigraph_process.base, fail_at=3))
    new = numbered(tmp_path / "new.ttl", 1000, "new")
    result = run_cli(
        "load", new, "--endpoint", proxy.base, "--graph", GRAPH, "--no-validate", "--without-core",
        "--chunk-size", "100",
    )  # fmt: skip
    one_error_line(result, EXIT_STORE_FAILED, f"endpoint {proxy.base}/store: HTTP 503")
    methods = [(s.method, s.path.split("?")[0]) for s in proxy.seen]
    assert methods[:3] == [("PUT", "/store"), ("POST", "/store"), ("POST", "/store")]
    assert methods[-1] == ("POST", "/update"), "the staging graph is dropped"
    assert direct.triple_count(GRAPH) == 30
    assert graph_text(direct) == before
    assert staging_graphs(direct) == []
    result = run_cli(  # straight to the server: the same load completes
        "load", new, "--endpoint", oxigraph_process.base, "--graph", GRAPH, "--no-validate",
        "--without-core",
        "--chunk-size", "100",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert direct.triple_count(GRAPH) == 1000
    assert staging_graphs(direct) == []


@pytest.mark.integration
def test_server_killed_between_chunks_keeps_the_old_graph(
    oxigraph_process: OxigraphProcess, tmp_path: Path
) -> None:
    endpoint = Endpoint.from_url(oxigraph_process.base, timeout=10)
    old = numbered(tmp_path / "old.ttl", 50, "old")
    load_into(endpoint, [old], graph_iri=GRAPH)
    before = graph_text(endpoint)
    sent: list[int] = []

    def kill_after_three_chunks(stage: str, done: int, total: int) -> None:
        if stage == "send":
            sent.append(done)
            if len(sent) == 3:
                oxigraph_process.kill()

    new = numbered(tmp_path / "new.ttl", 2000, "new")
    with pytest.raises(StoreError) as caught:
        load_into(
            endpoint,
            [new],
            graph_iri=GRAPH,
            chunk_size=200,
            progress=kill_after_three_chunks,
        )
    assert caught.value.message.startswith(f"endpoint {oxigraph_process.base}/")
    assert sent == sorted(sent) and len(sent) == 3
    oxigraph_process.start()
    endpoint = Endpoint.from_url(oxigraph_process.base, timeout=10)
    assert endpoint.triple_count(GRAPH) == 50
    assert graph_text(endpoint) == before
    # The staging graph may be left (the drop needs the server): the next load replaces it.
    assert load_into(endpoint, [new], graph_iri=GRAPH, chunk_size=200) == 2000
    assert endpoint.triple_count(GRAPH) == 2000
    assert staging_graphs(endpoint) == []


@pytest.mark.integration
def test_a_chunked_load_into_the_default_graph_moves_to_default(
    oxigraph_process: OxigraphProcess, tmp_path: Path
) -> None:
    endpoint = Endpoint.from_url(oxigraph_process.base, timeout=10)
    load_into(endpoint, [numbered(tmp_path / "old.ttl", 5, "old")])
    load_into(endpoint, [numbered(tmp_path / "g.ttl", 7, "g")], graph_iri=GRAPH)
    count = load_into(endpoint, [numbered(tmp_path / "new.ttl", 250, "new")], chunk_size=100)
    assert count == endpoint.triple_count() == 250
    assert endpoint.triple_count(GRAPH) == 7
    assert staging_graphs(endpoint) == []


# --------------------------------------------------------------------------------------------
# Output files are replaced atomically


def limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def run_limited(args: list[str | Path], limit: int) -> subprocess.CompletedProcess[str]:
    """``ecoonto ARGS`` as a separate process that may not write files over ``limit`` bytes
    (Python ignores SIGXFSZ, so an over-long write fails with EFBIG, 'File too large')."""
    return subprocess.run(
        [ECOONTO, *map(str, args)],
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size(limit),
        timeout=120,
    )


def assert_untouched(folder: Path, path: Path, text: str) -> None:
    assert path.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [], (
        "a temporary file was left behind"
    )


def test_report_output_is_kept_when_the_write_fails(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = write(folder / "report.md", "old report\n")
    done = run_limited(["report", "-o", target], limit=4096)  # the report is ~15 kB
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"error: {target}: cannot write (File too large); the file was left as it was\n"
    )
    assert_untouched(folder, target, "old report\n")
    result = run_cli("report", "-o", target)  # and without the limit it is replaced
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_convert_output_is_kept_when_the_write_fails(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = write(folder / "core.nt", "old\n")
    done = run_limited(["convert", graphs_core(), target], limit=8192)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    assert f"{target}: cannot write (File too large)" in done.stderr
    assert_untouched(folder, target, "old\n")


def graphs_core() -> Path:
    from ecoonto import resources

    return resources.core_ontology()


@pytest.mark.parametrize(
    "command",
    [
        lambda bad, out: ["report", "--data", bad, "-o", out],
        lambda bad, out: ["reason", bad, "--reasoner", "owlrl", "--output", out],
        lambda bad, out: ["convert", bad, out],
    ],
    ids=["report", "reason", "convert"],
)
def test_invalid_input_leaves_the_old_output(
    command: Callable[[Path, Path], list[str | Path]], tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = write(folder / "result.ttl", "old\n")
    bad = write(tmp_path / "bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:p .\n")
    result = run_cli(*command(bad, target))
    one_error_line(result, 2, f"{bad}:2:")
    assert_untouched(folder, target, "old\n")


# --------------------------------------------------------------------------------------------
# Two processes, one embedded store


def store_text(directory: Path) -> str:
    with EmbeddedStore(directory) as store:
        result = store.run("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert result.graph is not None
        return graphs.canonical_turtle(result.graph)


def test_a_second_writer_process_is_told_the_store_is_busy(
    tmp_path: Path, store_holder: StoreHolder
) -> None:
    directory = tmp_path / "kg"
    first = numbered(tmp_path / "first.ttl", 100, "first")
    assert run_cli("load", first, "--store", directory, "--graph", GRAPH).exit_code == 0
    before = store_text(directory)
    with store_holder(directory):
        second = numbered(tmp_path / "second.ttl", 100, "second")
        done = subprocess.run(
            [ECOONTO, "load", str(second), "--store", str(directory), "--graph", GRAPH],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == EXIT_STORE_FAILED, done.stderr
    assert done.stderr == f"error: store {directory} is busy (another ecoonto process holds it)\n"
    assert done.stdout == ""
    assert store_text(directory) == before


def store_dump(directory: Path) -> bytes:
    import pyoxigraph as ox

    with EmbeddedStore(directory) as store:
        data = store.store.dump(format=ox.RdfFormat.N_QUADS)
        assert data is not None
        return b"".join(sorted(data.splitlines(keepends=True)))


def test_a_write_error_while_staging_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    """The bulk load writes a new store beside the old one; a real write failure there (a
    file-size limit: 'File too large') removes it and leaves the store exactly as it was."""
    directory = tmp_path / "kg"
    first = numbered(tmp_path / "first.ttl", 100, "first")
    assert run_cli("load", first, "--store", directory, "--no-validate").exit_code == 0
    assert run_cli("load", first, "--store", directory, "--graph", GRAPH).exit_code == 0
    before = store_dump(directory)
    big = numbered(tmp_path / "big.ttl", 20000, "big", filler=20)
    done = run_limited(["load", big, "--store", directory, "--no-validate"], 200_000)
    assert done.returncode == EXIT_STORE_FAILED, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: store {directory}: cannot write")
    assert "File too large" in lines[0] and lines[0].endswith("nothing changed")
    assert store_dump(directory) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("kg")) == [
        "kg",
        "kg.ecoonto-lock",
    ]
