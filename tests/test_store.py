"""The embedded store, endpoint URL layouts, credentials and the load function (no server)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from ecoonto import graphs, store
from ecoonto.errors import DataFailsError, InputError, StoreError
from ecoonto.store import EmbeddedStore, Endpoint, credentials_for, layout_urls, load

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SMALL = """\
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:p "plain" , "tagged"@en , "typed"^^xsd:string , 42 , "2.5"^^xsd:decimal ;
     ex:q [ ex:r ex:b ] .
"""
OTHER = "@prefix ex: <http://example.org/> .\nex:z ex:p ex:y .\n"
MALFORMED = "@prefix ex: <http://example.org/> .\nex:a ex:p .\n"


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def small(tmp_path: Path) -> Path:
    return write(tmp_path, "small.ttl", SMALL)


@pytest.fixture()
def embedded(tmp_path: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(tmp_path / "store") as opened:
        yield opened


# ---------------------------------------------------------------------------------------------
# Embedded store


def test_replace_graph_then_query_gives_rdflib_terms(embedded: EmbeddedStore, small: Path) -> None:
    assert embedded.replace_graph([small]) == 7
    assert embedded.triple_count() == 7
    result = embedded.run(f"SELECT ?o WHERE {{ <{EX}a> <{EX}p> ?o }} ORDER BY STR(?o)")
    assert result.kind == "select" and result.variables == ["o"]
    assert set(result.column("o")) == {
        Literal("plain"),
        Literal("tagged", lang="en"),
        Literal("typed"),  # xsd:string reads back as a plain literal, as from an endpoint
        Literal("42", datatype=URIRef(XSD + "integer")),
        Literal("2.5", datatype=URIRef(XSD + "decimal")),
    }
    node = embedded.run(f"SELECT ?n WHERE {{ <{EX}a> <{EX}q> ?n }}").rows[0][0]
    assert isinstance(node, BNode)
    assert embedded.run("ASK { ?s ?p ?o }").boolean is True
    built = embedded.run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{EX}a>) }}")
    assert built.kind == "graph" and built.graph is not None and len(built.graph) == 6


def test_unbound_cells_are_none(embedded: EmbeddedStore, small: Path) -> None:
    embedded.replace_graph([small])
    result = embedded.run(
        f"SELECT ?s ?missing WHERE {{ ?s <{EX}r> ?o OPTIONAL {{ ?s <{EX}nope> ?missing }} }}"
    )
    assert result.rows == [(result.rows[0][0], None)]


def test_replace_replaces_rather_than_adds(
    embedded: EmbeddedStore, tmp_path: Path, small: Path
) -> None:
    embedded.replace_graph([small])
    embedded.replace_graph([write(tmp_path, "other.ttl", OTHER)])
    assert embedded.triple_count() == 1


def test_named_graphs_are_separate(embedded: EmbeddedStore, tmp_path: Path, small: Path) -> None:
    embedded.replace_graph([small], f"{EX}g1")
    embedded.replace_graph([write(tmp_path, "o.ttl", OTHER)], f"{EX}g2")
    assert (embedded.triple_count(), embedded.triple_count(f"{EX}g1")) == (0, 7)
    assert embedded.triple_count(f"{EX}g2") == 1
    embedded.replace_graph([write(tmp_path, "o.ttl", OTHER)], f"{EX}g1")
    assert embedded.triple_count(f"{EX}g1") == 1
    embedded.close()
    with EmbeddedStore(embedded.path, default_graph_iri=f"{EX}g2") as scoped:
        count = scoped.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert count == Literal(1)


def test_malformed_input_leaves_the_graph_intact(
    embedded: EmbeddedStore, tmp_path: Path, small: Path
) -> None:
    embedded.replace_graph([small])
    bad = write(tmp_path, "bad.ttl", MALFORMED)
    with pytest.raises(InputError, match="bad.ttl"):
        embedded.replace_graph([write(tmp_path, "o.ttl", OTHER), bad])
    assert embedded.triple_count() == 7


def test_a_failing_update_rolls_back_the_clear(
    embedded: EmbeddedStore, tmp_path: Path, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An rdflib graph is written by one update: the clear and the insert share one
    transaction, so if anything in it fails the old graph stays. (The update is made to fail
    after its DROP and INSERT have run.)"""
    embedded.replace_graph([small], f"{EX}g")
    real = store._replace_update
    monkeypatch.setattr(
        store,
        "_replace_update",
        lambda iri, nt: real(iri, nt) + " ;\nDROP GRAPH <urn:ecoonto:test:no-such-graph>",
    )
    with pytest.raises(StoreError, match="update failed"):
        embedded.replace_graph(graphs.load([write(tmp_path, "o.ttl", OTHER)]), f"{EX}g")
    assert embedded.triple_count(f"{EX}g") == 7


def test_the_store_persists(tmp_path: Path, small: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as first:
        first.replace_graph([small])
    with EmbeddedStore(tmp_path / "store") as second:
        assert second.triple_count() == 7


def test_bad_queries_are_input_errors(embedded: EmbeddedStore) -> None:
    with pytest.raises(InputError, match="bad SPARQL query"):
        embedded.run("SELECT * WHERE {")


def test_bad_graph_iri_is_an_input_error(embedded: EmbeddedStore, small: Path) -> None:
    with pytest.raises(InputError, match="not an absolute IRI"):
        embedded.replace_graph([small], "graph")


def test_a_non_store_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not empty"):
        EmbeddedStore(tmp_path)
    with pytest.raises(InputError, match="is a file"):
        EmbeddedStore(tmp_path / "notes.txt")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ecoonto.store import EmbeddedStore
    s = EmbeddedStore(Path(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.read()
    """
)


def test_a_second_writer_gets_store_busy(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(directory)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as caught:
            EmbeddedStore(directory)
        assert caught.value.message == (
            f"store {directory} is busy (another ecoonto process holds it)"
        )
        assert caught.value.exit_code == 3
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
    with EmbeddedStore(directory) as again:  # released when the holder exits
        assert again.triple_count() == 0


def test_the_same_process_opening_twice_is_busy_too(embedded: EmbeddedStore) -> None:
    with pytest.raises(StoreError, match="is busy"):
        EmbeddedStore(embedded.path)
    embedded.close()
    EmbeddedStore(embedded.path).close()


# ---------------------------------------------------------------------------------------------
# Term conversion and serialisation


def test_ntriples_keep_blank_node_identity_and_literals() -> None:
    g = graphs.new_graph()
    b = BNode()
    g.add((URIRef(f"{EX}a"), URIRef(f"{EX}p"), b))
    g.add((b, URIRef(f"{EX}q"), Literal('say "hi"\n', lang="en")))
    text = store.to_ntriples(g).decode()
    assert text.count("_:") == 2 and len(set(line.split()[0] for line in text.splitlines())) == 2
    assert '"say \\"hi\\"\\n"@en' in text


def test_query_form_skips_comments_and_prefixes() -> None:
    text = "# question: what — and why?\nPREFIX select: <urn:x#>\nBASE <urn:b>\nask {}"
    assert store.query_form(text) == "ASK"
    assert store.query_form("PREFIX : <x> CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert store.query_form("INSERT DATA {}") == "INSERT"


def test_replace_update_is_one_request() -> None:
    update = store._replace_update(f"{EX}g", "<urn:a> <urn:b> <urn:c> .\n")
    assert update.startswith(f"DROP SILENT GRAPH <{EX}g> ;\nINSERT DATA {{\nGRAPH <{EX}g> {{")
    assert store._replace_update(None, "") == "DROP SILENT DEFAULT"


# ---------------------------------------------------------------------------------------------
# Endpoint URLs and credentials


@pytest.mark.parametrize(
    ("url", "layout", "expected"),
    [
        (
            "http://localhost:7878",
            "auto",
            (
                "http://localhost:7878/query",
                "http://localhost:7878/update",
                "http://localhost:7878/store",
                "oxigraph",
            ),
        ),
        (
            "http://localhost:7878/query",
            "auto",
            (
                "http://localhost:7878/query",
                "http://localhost:7878/update",
                "http://localhost:7878/store",
                "oxigraph",
            ),
        ),
        (
            "http://localhost:3030/ds",
            "auto",
            (
                "http://localhost:3030/ds/query",
                "http://localhost:3030/ds/update",
                "http://localhost:3030/ds/data",
                "fuseki",
            ),
        ),
        (
            "http://localhost:3030/ds/sparql",
            "fuseki",
            (
                "http://localhost:3030/ds/query",
                "http://localhost:3030/ds/update",
                "http://localhost:3030/ds/data",
                "fuseki",
            ),
        ),
        (
            "http://localhost:7200/repositories/eco/",
            "auto",
            (
                "http://localhost:7200/repositories/eco",
                "http://localhost:7200/repositories/eco/statements",
                "http://localhost:7200/repositories/eco/rdf-graphs/service",
                "graphdb",
            ),
        ),
        (
            "http://localhost:8890/sparql",
            "auto",
            (
                "http://localhost:8890/sparql",
                "http://localhost:8890/sparql",
                "http://localhost:8890/sparql-graph-crud",
                "virtuoso",
            ),
        ),
        (
            "http://localhost:7001/",
            "qlever",
            ("http://localhost:7001", None, None, "qlever"),
        ),
        (
            "https://example.org/api/v2/sparql/endpoint",
            "auto",
            ("https://example.org/api/v2/sparql/endpoint", None, None, "query-only"),
        ),
    ],
)
def test_layouts(
    url: str,
    layout: str,
    expected: tuple[str, str | None, str | None, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv(store.USER_ENV, raising=False)
    monkeypatch.delenv(store.PASSWORD_ENV, raising=False)
    assert layout_urls(url, layout) == expected


def test_virtuoso_with_credentials_uses_the_authenticated_crud(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(store.USER_ENV, "dba")
    monkeypatch.setenv(store.PASSWORD_ENV, "dba-pw")
    assert layout_urls("http://h:8890", "virtuoso")[2] == "http://h:8890/sparql-graph-crud-auth"


@pytest.mark.parametrize(
    ("url", "layout", "match"),
    [
        ("http://h:7200", "graphdb", "names its repository"),
        ("http://h:3030", "fuseki", "names its dataset"),
        ("ftp://h/x", "auto", "not an http"),
        ("http://h:7878", "blazegraph", "unknown endpoint layout"),
        ("http://h:7878/?x=1", "oxigraph", "without \\?query"),
    ],
)
def test_bad_layouts_are_input_errors(url: str, layout: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        layout_urls(url, layout)


def test_a_url_with_credentials_is_refused_and_not_echoed() -> None:
    with pytest.raises(InputError) as caught:
        Endpoint.from_url("http://bob:hunter22@localhost:7878")
    message = caught.value.message
    assert "hunter22" not in message and "bob" not in message
    assert "http://localhost:7878" in message
    assert store.USER_ENV in message and ".netrc" in message
    with pytest.raises(InputError):
        Endpoint("http://localhost/query", store_url="http://u:p@localhost/store")


def test_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store.USER_ENV, "alice")
    monkeypatch.setenv(store.PASSWORD_ENV, "pw")
    assert credentials_for("http://any.example/sparql") == ("alice", "pw")
    monkeypatch.delenv(store.PASSWORD_ENV)
    with pytest.raises(InputError, match="both"):
        credentials_for("http://any.example/sparql")


def test_credentials_from_netrc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(store.USER_ENV, raising=False)
    monkeypatch.delenv(store.PASSWORD_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert credentials_for("http://kg.example:7200/repositories/x") is None
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine kg.example login carol password n3trc-pw\n")
    netrc.chmod(0o600)
    assert credentials_for("http://kg.example:7200/repositories/x") == ("carol", "n3trc-pw")
    assert credentials_for("http://other.example/sparql") is None
    endpoint = Endpoint.from_url("http://kg.example:7200/repositories/x")
    assert "n3trc-pw" not in endpoint.describe()
    assert endpoint._auth_header()["Authorization"].startswith("Basic ")
    netrc.chmod(0o644)
    with pytest.raises(InputError, match="too permissive") as caught:
        credentials_for("http://kg.example:7200/repositories/x")
    assert "n3trc-pw" not in caught.value.message
    netrc.write_text("machine kg.example login carol passwd n3trc-pw oops\n")
    netrc.chmod(0o600)
    with pytest.raises(InputError, match="cannot parse") as caught:
        credentials_for("http://kg.example:7200/repositories/x")
    assert "n3trc-pw" not in caught.value.message


def test_endpoint_describe_and_timeout() -> None:
    endpoint = Endpoint.from_url("http://localhost:7878", timeout=2.5)
    assert endpoint.describe() == "endpoint http://localhost:7878/query"
    with pytest.raises(InputError, match="timeout"):
        Endpoint("http://localhost:7878/query", timeout=0)


def test_updates_are_not_queries() -> None:
    with pytest.raises(InputError, match="not a SPARQL query"):
        Endpoint("http://localhost:1/query").run("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


# ---------------------------------------------------------------------------------------------
# load()


@dataclass
class Recorder:
    """A load target that records what it was asked to do."""

    calls: list[tuple[int, str | None]] = field(default_factory=list)

    def run(self, sparql: str) -> store.QueryResult:
        raise AssertionError("not used")

    def describe(self) -> str:
        return "recorder"

    def replace_graph(self, source, graph_iri=None, progress=None):  # type: ignore[no-untyped-def]
        self.calls.append((len(source), graph_iri))
        return len(source)

    def triple_count(self, graph_iri: str | None = None) -> int:
        return 0


def fake_validation(monkeypatch: pytest.MonkeyPatch, violations: int) -> None:
    module = types.ModuleType("ecoonto.validation")

    class Outcome:
        conforms = violations == 0

        def __init__(self) -> None:
            self.violations = [object()] * violations

    module.validate = lambda data, shapes=None: Outcome()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ecoonto.validation", module)


def test_load_refuses_data_that_violates_the_shapes(
    monkeypatch: pytest.MonkeyPatch, small: Path
) -> None:
    fake_validation(monkeypatch, violations=2)
    target = Recorder()
    with pytest.raises(DataFailsError, match="2 SHACL violations: nothing loaded"):
        load(target, [small])
    assert target.calls == []
    assert load(target, [small], validate=False) == 7
    assert target.calls == [(7, None)]


def test_load_validates_with_the_real_shapes(small: Path, tmp_path: Path) -> None:
    """The bundled graph conforms; a player with no label violates the shapes."""
    from ecoonto import resources

    target = Recorder()
    files = resources.bundled_graph_files()
    assert load(target, files) == target.calls[0][0] > 0
    bad = write(
        tmp_path,
        "bad.ttl",
        "@prefix eco: <https://w3id.org/ecoonto/> .\n<urn:x:p> a eco:Player .\n",
    )
    with pytest.raises(DataFailsError, match="violation"):
        load(Recorder(), [*files, bad])


def test_load_reports_progress(small: Path, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    with EmbeddedStore(tmp_path / "s") as target:
        load(target, [small], validate=False, progress=lambda *a: seen.append(a))
    size = small.stat().st_size
    assert seen == [
        ("parse", 0, size),
        ("parse", size, size),
        ("store", 0, 2),  # copying the other graphs into the staging directory
        ("store", 1, 2),  # swapping it in
        ("store", 2, 2),
    ]


def test_load_with_progress_bar(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with EmbeddedStore(tmp_path / "s") as target:
        assert load(target, [small], validate=False, progress=True) == 7
    assert "writing" in capsys.readouterr().err


def test_load_needs_files_and_a_valid_graph_iri(small: Path) -> None:
    with pytest.raises(InputError, match="no files"):
        load(Recorder(), [])
    with pytest.raises(InputError, match="absolute IRI"):
        load(Recorder(), [small], graph_iri="not an iri")


def test_open_target_needs_exactly_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="exactly one"):
        store.open_target()
    with pytest.raises(InputError, match="exactly one"):
        store.open_target(tmp_path, "http://localhost:7878")
    assert isinstance(store.open_target(endpoint="http://localhost:7878"), Endpoint)


def test_a_read_only_endpoint_cannot_be_loaded(small: Path) -> None:
    endpoint = Endpoint.from_url("http://localhost:7001", layout="qlever")
    with pytest.raises(InputError, match="no Graph Store or update URL"):
        endpoint.replace_graph([small])
