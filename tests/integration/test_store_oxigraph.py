"""The bundled graph in a real Oxigraph server, in an embedded store and in rdflib: same answers;
graph replacement all or nothing; clear, credential-free errors for network failures."""

from __future__ import annotations

import base64
import http.server
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph

from ecoonto import targets
from ecoonto.cli.load import load as load_command
from ecoonto.errors import EXIT_STORE_FAILED, InputError, StoreError
from ecoonto.rdf import graphs
from ecoonto.targets import EmbeddedStore, Endpoint, load, to_ntriples
from ecoonto.targets import querying as queries
from ecoonto.targets.results import QueryResult

pytestmark = pytest.mark.integration

SMALL_A = """\
@prefix ex: <http://example.org/> .
ex:a ex:p "one" , "uno"@es , 1 ; ex:q [ ex:r ex:b ] .
"""
SMALL_B = """\
@prefix ex: <http://example.org/> .
ex:z ex:p "zwei"@de .
"""
MALFORMED = "@prefix ex: <http://example.org/> .\nex:a ex:p .\n"

INLINE_QUERIES = {
    "classes": """
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?class ?label WHERE {
          ?class a owl:Class . OPTIONAL { ?class rdfs:label ?label }
          FILTER(isIRI(?class))
        } ORDER BY ?class ?label""",
    "predicate-counts": """
        SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p""",
    "typed-values": """
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?s ?p ?o WHERE {
          ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o) && datatype(?o) != xsd:string)
        } ORDER BY ?s ?p ?o LIMIT 200""",
    "languages": """
        SELECT ?lang (COUNT(*) AS ?n) WHERE {
          ?s ?p ?o FILTER(isLiteral(?o)) BIND(LANG(?o) AS ?lang)
        } GROUP BY ?lang ORDER BY ?lang""",
    "ask": "ASK { ?s a <http://www.w3.org/2002/07/owl#Ontology> }",
}


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def comparable(result: QueryResult) -> Any:
    """A result with blank nodes blanked out (their labels differ between engines)."""
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return result.graph
    rows = [tuple("_:b" if isinstance(c, BNode) else c for c in row) for row in result.rows]
    return result.variables, rows


def canonical(graph: Graph | None) -> set[str]:
    """The graph as Oxigraph holds it (it stores some literals by value: "8.0"^^xsd:decimal
    reads back as "8"), with blank nodes labelled by RDFC-1.0: equal sets mean isomorphic.
    (rdflib's own isomorphism check stalls on the many look-alike OWL restrictions.)"""
    import pyoxigraph as ox

    assert graph is not None
    store = ox.Store()
    store.load(to_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
    dataset = ox.Dataset(store)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


@pytest.fixture(scope="module")
def bundled() -> Graph:
    return graphs.load_bundled()


@pytest.fixture(scope="module")
def endpoint(oxigraph_server: str) -> Endpoint:
    return Endpoint.from_url(oxigraph_server, layout="oxigraph", timeout=10)


@pytest.fixture(scope="module")
def loaded(
    bundled: Graph, endpoint: Endpoint, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[targets.GraphTarget, EmbeddedStore, Endpoint]]:
    """The bundled graph in the default graph of all three targets."""
    store = EmbeddedStore(tmp_path_factory.mktemp("embedded") / "store")
    started = time.perf_counter()
    store.replace_graph(bundled)
    embedded_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    endpoint.replace_graph(bundled)
    server_ms = (time.perf_counter() - started) * 1000
    print(
        f"bundled graph ({len(bundled)} triples): embedded {embedded_ms:.0f} ms, "
        f"server {server_ms:.0f} ms"
    )
    yield targets.GraphTarget(bundled), store, endpoint
    store.close()


def test_same_triple_count_everywhere(loaded: Any, bundled: Graph) -> None:
    _, store, endpoint = loaded
    assert store.triple_count() == endpoint.triple_count() == len(bundled)


@pytest.mark.parametrize("name", sorted(INLINE_QUERIES))
def test_inline_queries_give_the_same_rows_on_all_three(loaded: Any, name: str) -> None:
    sparql = INLINE_QUERIES[name]
    memory, store, endpoint = (comparable(t.run(sparql)) for t in loaded)
    assert memory == store == endpoint
    if name != "ask":
        assert memory[1], "the query should find something in the bundled graph"


def test_there_are_bundled_queries() -> None:
    assert queries.list_queries(), "no bundled queries found"


@pytest.mark.parametrize("name", [info.name for info in queries.list_queries()])
def test_bundled_query_gives_the_same_rows_on_all_three(loaded: Any, name: str) -> None:
    sparql = queries.resolve(name).text()
    memory, store, endpoint = (comparable(t.run(sparql)) for t in loaded)
    assert memory == store == endpoint


def test_construct_gives_the_same_graph_on_all_three(loaded: Any, bundled: Graph) -> None:
    sparql = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    memory, store, endpoint = (canonical(t.run(sparql).graph) for t in loaded)
    assert memory == store == endpoint == canonical(bundled)


def test_loading_twice_gives_the_same_graph(endpoint: Endpoint, tmp_path: Path) -> None:
    graph_iri = "http://example.org/graph/twice"
    source = write(tmp_path, "a.ttl", SMALL_A)
    load(endpoint, [source], graph_iri=graph_iri)
    sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    first = canonical(endpoint.run(sparql).graph)
    load(endpoint, [source], graph_iri=graph_iri)
    second = canonical(endpoint.run(sparql).graph)
    assert endpoint.triple_count(graph_iri) == 5
    assert first == second == canonical(graphs.load([source]))


def test_replace_does_not_touch_other_graphs(endpoint: Endpoint, tmp_path: Path) -> None:
    a, b = "http://example.org/graph/keep", "http://example.org/graph/change"
    endpoint.replace_graph([write(tmp_path, "a.ttl", SMALL_A)], a)
    endpoint.replace_graph([write(tmp_path, "a.ttl", SMALL_A)], b)
    endpoint.replace_graph([write(tmp_path, "b.ttl", SMALL_B)], b)
    assert endpoint.triple_count(a) == 5
    assert endpoint.triple_count(b) == 1


def test_failed_load_leaves_the_server_graph_intact(endpoint: Endpoint, tmp_path: Path) -> None:
    graph_iri = "http://example.org/graph/atomic"
    good = write(tmp_path, "good.ttl", SMALL_A)
    bad = write(tmp_path, "bad.ttl", MALFORMED)
    load(endpoint, [good], graph_iri=graph_iri)
    with pytest.raises(InputError, match="bad.ttl"):
        load(endpoint, [write(tmp_path, "b.ttl", SMALL_B), bad], graph_iri=graph_iri)
    assert endpoint.triple_count(graph_iri) == 5
    # The server itself refuses a malformed PUT as a whole: nothing of it is applied.
    assert endpoint.store_url is not None
    url = f"{endpoint.store_url}?graph={urllib.parse.quote(graph_iri, safe='')}"
    body = b'<http://example.org/x> <http://example.org/p> "ok" .\n<oops> .\n'
    request = urllib.request.Request(
        url, data=body, method="PUT", headers={"Content-Type": "application/n-triples"}
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    assert caught.value.code == 400
    assert endpoint.triple_count(graph_iri) == 5


def test_failed_load_leaves_the_embedded_graph_intact(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as store:
        store.replace_graph([write(tmp_path, "a.ttl", SMALL_A)])
        with pytest.raises(InputError):
            load(store, [write(tmp_path, "b.ttl", SMALL_B), write(tmp_path, "x.ttl", MALFORMED)])
        assert store.triple_count() == 5


def test_update_fallback_when_there_is_no_graph_store(oxigraph_server: str, tmp_path: Path) -> None:
    endpoint = Endpoint(
        f"{oxigraph_server}/query",
        f"{oxigraph_server}/update",
        f"{oxigraph_server}/no-graph-store-here",  # answers 404
        timeout=10,
    )
    graph_iri = "http://example.org/graph/fallback"
    endpoint.replace_graph([write(tmp_path, "a.ttl", SMALL_A)], graph_iri)
    assert endpoint.triple_count(graph_iri) == 5
    endpoint.replace_graph([write(tmp_path, "b.ttl", SMALL_B)], graph_iri)
    assert endpoint.triple_count(graph_iri) == 1


def test_progress_reports_uploaded_bytes(endpoint: Endpoint, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    load(
        endpoint,
        [write(tmp_path, "a.ttl", SMALL_A)],
        graph_iri="http://example.org/graph/progress",
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    stages = [s for s, _, _ in seen]
    assert stages[0] == "parse" and "upload" in stages
    upload = [(d, t) for s, d, t in seen if s == "upload"]
    assert upload[-1][0] == upload[-1][1] > 0


def test_cli_loads_the_bundled_graph_into_the_server(oxigraph_server: str) -> None:
    graph_iri = "http://example.org/graph/cli"
    result = CliRunner().invoke(load_command, ["--endpoint", oxigraph_server, "--graph", graph_iri])
    assert result.exit_code == 0, result.output
    assert f"into graph <{graph_iri}> of endpoint {oxigraph_server}/query" in result.output
    count = Endpoint.from_url(oxigraph_server).triple_count(graph_iri)
    assert f"loaded {count} triples" in result.output


# ---------------------------------------------------------------------------------------------
# Network failures


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused_is_a_store_error() -> None:
    port = closed_port()
    with pytest.raises(StoreError) as caught:
        Endpoint.from_url(f"http://127.0.0.1:{port}").run("ASK {}")
    assert caught.value.message == f"endpoint http://127.0.0.1:{port}/query: connection refused"
    assert caught.value.exit_code == EXIT_STORE_FAILED


@pytest.fixture()
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join(timeout=2)
    for conn in held:
        conn.close()
    listener.close()


def test_query_timeout_is_a_store_error_within_the_timeout(silent_server: int) -> None:
    endpoint = Endpoint.from_url(f"http://127.0.0.1:{silent_server}", timeout=0.5)
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"query: timed out after 0\.5 s"):
        endpoint.run("ASK {}")
    assert time.monotonic() - started < 3


def test_load_timeout_is_a_store_error_within_the_timeout(
    silent_server: int, tmp_path: Path
) -> None:
    endpoint = Endpoint.from_url(f"http://127.0.0.1:{silent_server}", timeout=0.5)
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"/store: timed out"):
        endpoint.replace_graph([write(tmp_path, "a.ttl", SMALL_A)], "http://example.org/g")
    assert time.monotonic() - started < 3


class _EchoAuthHandler(http.server.BaseHTTPRequestHandler):
    """Answers 401 and echoes the Authorization header back (a careless server)."""

    def _refuse(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = f"denied for {self.headers.get('Authorization')}".encode()
        self.send_response(401)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _refuse

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture()
def echo_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _EchoAuthHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_credentials_never_appear_in_errors(
    echo_server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ECOONTO_ENDPOINT_USER", "alice")
    monkeypatch.setenv("ECOONTO_ENDPOINT_PASSWORD", "s3cret-pw")
    token = base64.b64encode(b"alice:s3cret-pw").decode()
    endpoint = Endpoint.from_url(echo_server, layout="oxigraph", timeout=5)
    failures = []
    for action in (
        lambda: endpoint.run("SELECT * WHERE { ?s ?p ?o }"),
        lambda: endpoint.update("CLEAR DEFAULT"),
        lambda: endpoint.replace_graph([write(tmp_path, "a.ttl", SMALL_A)]),
    ):
        with pytest.raises(StoreError) as caught:
            action()
        failures.append(caught.value.message)
    for message in failures:
        assert "HTTP 401" in message
        assert "s3cret-pw" not in message and token not in message
    port = closed_port()
    with pytest.raises(StoreError) as refused:
        Endpoint.from_url(f"http://127.0.0.1:{port}").run("ASK {}")
    assert "s3cret-pw" not in refused.value.message


def test_a_url_with_credentials_is_refused_before_connecting(oxigraph_server: str) -> None:
    url = oxigraph_server.replace("http://", "http://bob:hunter22@")
    with pytest.raises(InputError) as caught:
        Endpoint.from_url(url)
    assert "hunter22" not in caught.value.message
    assert "ECOONTO_ENDPOINT_USER" in caught.value.message
    result = CliRunner().invoke(load_command, ["--endpoint", url])
    assert result.exit_code == 2
    assert "hunter22" not in result.output


def test_cli_connection_refused_exits_3() -> None:
    port = closed_port()
    result = CliRunner().invoke(
        load_command, ["--endpoint", f"http://127.0.0.1:{port}", "--no-validate"]
    )
    assert result.exit_code == EXIT_STORE_FAILED
    assert result.output.strip().splitlines() == [
        f"error: endpoint http://127.0.0.1:{port}/store: connection refused"
    ]


class _DigestHandler(http.server.BaseHTTPRequestHandler):
    """Demands HTTP Digest (as Virtuoso's *-auth services do), then accepts."""

    bodies: list[tuple[str, bytes]] = []

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        auth = self.headers.get("Authorization", "")
        type(self).bodies.append((auth.split(" ")[0], body))
        if auth.startswith('Digest username="alice"'):
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Digest realm="eco", nonce="n0nce", qop="auth"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_digest_authentication_is_answered_with_the_whole_body(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ECOONTO_ENDPOINT_USER", "alice")
    monkeypatch.setenv("ECOONTO_ENDPOINT_PASSWORD", "s3cret-pw")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _DigestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        endpoint = Endpoint(f"{base}/sparql", None, f"{base}/sparql-graph-crud-auth", timeout=5)
        source = write(tmp_path, "a.ttl", SMALL_A)
        seen: list[str] = []
        endpoint.replace_graph([source], "http://example.org/g", lambda s, d, t: seen.append(s))
    finally:
        server.shutdown()
        server.server_close()
    (first, sent), (second, resent) = _DigestHandler.bodies
    assert (first, second) == ("Basic", "Digest")
    assert sent == resent and len(sent) > 0
    assert "upload" in seen


# ---------------------------------------------------------------------------------------------
# Chunked loads: a staging graph filled chunk by chunk, then one MOVE


def graph_of(endpoint: Endpoint, graph_iri: str) -> set[str]:
    sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    return canonical(endpoint.run(sparql).graph)


def no_staging_graphs(endpoint: Endpoint) -> bool:
    sparql = "ASK { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:ecoonto:staging:')) }"
    return endpoint.run(sparql).boolean is False


@pytest.mark.parametrize("validate", [False, True], ids=["streamed", "validated"])
def test_a_chunked_load_gives_the_same_graph_as_one_request(
    endpoint: Endpoint, bundled: Graph, validate: bool
) -> None:
    from ecoonto import resources
    from ecoonto.checking.validation import refuse_violations

    files = resources.bundled_graph_files()
    whole, chunked = "http://example.org/graph/whole", "http://example.org/graph/chunked"
    assert load(endpoint, files, graph_iri=whole) == len(bundled)
    endpoint.replace_graph([files[0]], chunked)  # something to replace
    seen: list[tuple[str, int, int]] = []
    count = load(
        endpoint,
        files,
        graph_iri=chunked,
        check=refuse_violations if validate else None,
        chunk_size=500,
        progress=lambda *a: seen.append(a),
    )
    assert count == endpoint.triple_count(chunked) == len(bundled)
    assert graph_of(endpoint, chunked) == graph_of(endpoint, whole) == canonical(bundled)
    sends = [(done, total) for stage, done, total in seen if stage == "send"]
    assert len(sends) >= len(bundled) // 500, "the bundled triples in chunks of 500"
    assert [d for d, _ in sends] == sorted(d for d, _ in sends)
    assert sends[-1][0] == sends[-1][1]
    if validate:  # the total is known: triples
        assert sends[-1] == (len(bundled), len(bundled)) and "validate" in [s for s, _, _ in seen]
    assert "upload" not in [s for s, _, _ in seen]
    assert no_staging_graphs(endpoint)


def test_a_chunked_load_without_a_graph_store_uses_updates(
    oxigraph_server: str, bundled: Graph
) -> None:
    from ecoonto import resources

    endpoint = Endpoint(
        f"{oxigraph_server}/query",
        f"{oxigraph_server}/update",
        f"{oxigraph_server}/no-graph-store-here",  # answers 404
        timeout=10,
    )
    graph_iri = "http://example.org/graph/chunked-updates"
    files = resources.bundled_graph_files()
    assert load(endpoint, files, graph_iri=graph_iri, chunk_size=700) == len(bundled)
    assert graph_of(endpoint, graph_iri) == canonical(bundled)
    assert no_staging_graphs(endpoint)


def test_a_chunked_load_with_a_bad_file_leaves_the_graph_as_it_was(
    endpoint: Endpoint, tmp_path: Path
) -> None:
    """A streamed load finds a bad file after chunks were sent: the target keeps its content
    and the staging graph is dropped."""
    graph_iri = "http://example.org/graph/chunked-bad"
    load(endpoint, [write(tmp_path, "a.ttl", SMALL_A)], graph_iri=graph_iri)
    before = graph_of(endpoint, graph_iri)
    many = write(
        tmp_path,
        "many.ttl",
        "".join(f'<http://example.org/s{i}> <http://example.org/p> "{i}" .\n' for i in range(50)),
    )
    bad = write(tmp_path, "bad.ttl", MALFORMED)
    with pytest.raises(InputError, match="bad.ttl:2:"):
        load(endpoint, [many, bad], graph_iri=graph_iri, chunk_size=10)
    assert graph_of(endpoint, graph_iri) == before
    assert no_staging_graphs(endpoint)
