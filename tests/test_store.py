"""The embedded store, endpoint URL layouts, credentials and the load function (no server)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import BNode, Literal, URIRef

from ecoonto import targets
from ecoonto.errors import DataFailsError, InputError, StoreError
from ecoonto.rdf import graphs
from ecoonto.targets import EmbeddedStore, Endpoint, base, credentials_for, layout_urls, load
from ecoonto.targets import embedded as embedded_mod
from ecoonto.targets import endpoint as endpoint_mod
from ecoonto.targets.results import QueryResult

if TYPE_CHECKING:
    from conftest import StoreHolder  # the fixture's type (tests/conftest.py)

    from ecoonto.targets.base import StagedCheck

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
    real = base.replace_update
    monkeypatch.setattr(
        embedded_mod,
        "replace_update",
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


def test_a_second_writer_gets_store_busy(tmp_path: Path, store_holder: StoreHolder) -> None:
    directory = tmp_path / "store"
    with store_holder(directory):
        with pytest.raises(StoreError) as caught:
            EmbeddedStore(directory)
        assert caught.value.message == (
            f"store {directory} is busy (another ecoonto process holds it)"
        )
        assert caught.value.exit_code == 3
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
    text = targets.to_ntriples(g).decode()
    assert text.count("_:") == 2 and len(set(line.split()[0] for line in text.splitlines())) == 2
    assert '"say \\"hi\\"\\n"@en' in text


def test_query_form_skips_comments_and_prefixes() -> None:
    text = "# question: what — and why?\nPREFIX select: <urn:x#>\nBASE <urn:b>\nask {}"
    assert targets.query_form(text) == "ASK"
    assert targets.query_form("PREFIX : <x> CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert targets.query_form("INSERT DATA {}") == "INSERT"


def test_replace_update_is_one_request() -> None:
    update = base.replace_update(f"{EX}g", "<urn:a> <urn:b> <urn:c> .\n")
    assert update.startswith(f"DROP SILENT GRAPH <{EX}g> ;\nINSERT DATA {{\nGRAPH <{EX}g> {{")
    assert base.replace_update(None, "") == "DROP SILENT DEFAULT"


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
    monkeypatch.delenv(targets.USER_ENV, raising=False)
    monkeypatch.delenv(targets.PASSWORD_ENV, raising=False)
    assert layout_urls(url, layout) == expected


def test_virtuoso_with_credentials_uses_the_authenticated_crud(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(targets.USER_ENV, "dba")
    monkeypatch.setenv(targets.PASSWORD_ENV, "dba-pw")
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
    assert targets.USER_ENV in message and ".netrc" in message
    with pytest.raises(InputError):
        Endpoint("http://localhost/query", store_url="http://u:p@localhost/store")


def test_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(targets.USER_ENV, "alice")
    monkeypatch.setenv(targets.PASSWORD_ENV, "pw")
    assert credentials_for("http://any.example/sparql") == ("alice", "pw")
    monkeypatch.delenv(targets.PASSWORD_ENV)
    with pytest.raises(InputError, match="both"):
        credentials_for("http://any.example/sparql")


def test_credentials_from_netrc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(targets.USER_ENV, raising=False)
    monkeypatch.delenv(targets.PASSWORD_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert credentials_for("http://kg.example:7200/repositories/x") is None
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine kg.example login carol password n3trc-pw\n")
    netrc.chmod(0o600)
    assert credentials_for("http://kg.example:7200/repositories/x") == ("carol", "n3trc-pw")
    assert credentials_for("http://other.example/sparql") is None
    endpoint = Endpoint.from_url("http://kg.example:7200/repositories/x")
    assert "n3trc-pw" not in endpoint.describe()
    assert endpoint.http.auth_header()["Authorization"].startswith("Basic ")
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

    def run(self, sparql: str) -> QueryResult:
        raise AssertionError("not used")

    def describe(self) -> str:
        return "recorder"

    def replace_graph(self, source, graph_iri=None, progress=None):  # type: ignore[no-untyped-def]
        self.calls.append((len(source), graph_iri))
        return len(source)

    def triple_count(self, graph_iri: str | None = None) -> int:
        return 0


def fake_validation(monkeypatch: pytest.MonkeyPatch, violations: int) -> StagedCheck:
    """The shapes' check of a load, with the validation it runs faked to find ``violations``."""
    from ecoonto.checking import validation

    class Outcome:
        conforms = violations == 0

        def __init__(self) -> None:
            self.violations = [object()] * violations

    monkeypatch.setattr(validation, "validate_store", lambda *a, **k: Outcome())
    return validation.refuse_violations


def test_load_refuses_data_that_violates_the_shapes(
    monkeypatch: pytest.MonkeyPatch, small: Path
) -> None:
    check = fake_validation(monkeypatch, violations=2)
    target = Recorder()
    with pytest.raises(DataFailsError, match="2 SHACL violations: nothing loaded"):
        load(target, [small], check=check)
    assert target.calls == []
    assert load(target, [small]) == 7
    assert target.calls == [(7, None)]


def test_load_passes_the_staged_data_to_the_check(small: Path, tmp_path: Path) -> None:
    """Each target gives the check the data it is about to write: the rdflib path a copy of the
    graph with the literals as written, the embedded store the staged graph."""
    seen: list[tuple[int, str, list[str]]] = []

    def check(store, graph, originals=()):  # type: ignore[no-untyped-def]
        quads = list(store.quads_for_pattern(None, None, None, graph))
        seen.append((len(quads), str(graph), sorted(str(o) for _p, o in originals)))

    assert load(Recorder(), [small], check=check) == 7
    with EmbeddedStore(tmp_path / "s") as target:
        assert load(target, [small], graph_iri=f"{EX}g", check=check) == 7
    assert seen[0][:2] == (7, "DEFAULT") and "2.5" in seen[0][2]
    assert seen[1] == (7, f"<{EX}g>", [])


def test_load_validates_with_the_real_shapes(small: Path, tmp_path: Path) -> None:
    """The bundled graph conforms; a player with no label violates the shapes."""
    from ecoonto import resources
    from ecoonto.checking.validation import refuse_violations

    target = Recorder()
    files = resources.bundled_graph_files()
    assert load(target, files, check=refuse_violations) == target.calls[0][0] > 0
    bad = write(
        tmp_path,
        "bad.ttl",
        "@prefix eco: <https://w3id.org/ecoonto/> .\n<urn:x:p> a eco:Player .\n",
    )
    with pytest.raises(DataFailsError, match="violation"):
        load(Recorder(), [*files, bad], check=refuse_violations)


def test_load_reports_progress(small: Path, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    with EmbeddedStore(tmp_path / "s") as target:
        load(target, [small], progress=lambda *a: seen.append(a))
    size = small.stat().st_size
    assert seen == [
        ("parse", 0, size),
        ("parse", size, size),
        ("store", 0, 2),  # copying the other graphs into the staging directory
        ("store", 1, 2),  # swapping it in
        ("store", 2, 2),
    ]


def test_load_needs_files_and_a_valid_graph_iri(small: Path) -> None:
    with pytest.raises(InputError, match="no files"):
        load(Recorder(), [])
    with pytest.raises(InputError, match="absolute IRI"):
        load(Recorder(), [small], graph_iri="not an iri")


def test_open_target_needs_exactly_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="exactly one"):
        targets.open_target()
    with pytest.raises(InputError, match="exactly one"):
        targets.open_target(tmp_path, "http://localhost:7878")
    assert isinstance(targets.open_target(endpoint="http://localhost:7878"), Endpoint)


def test_a_read_only_endpoint_cannot_be_loaded(small: Path) -> None:
    endpoint = Endpoint.from_url("http://localhost:7001", layout="qlever")
    with pytest.raises(InputError, match="no Graph Store or update URL"):
        endpoint.replace_graph([small])


# ---------------------------------------------------------------------------------------------
# Embedded bulk load: staging directory, swap, recovery


def dump(opened: EmbeddedStore) -> bytes:
    """Every quad of the store as N-Quads (blank nodes keep their stored labels)."""
    import pyoxigraph as ox

    data = opened.store.dump(format=ox.RdfFormat.N_QUADS)
    assert data is not None
    return b"".join(sorted(data.splitlines(keepends=True)))


def siblings(directory: Path) -> list[str]:
    """What lies beside the store directory, apart from the store and its lock file."""
    return sorted(
        p.name
        for p in directory.parent.iterdir()
        if p.name.startswith(directory.name + ".ecoonto-") and not p.name.endswith("-lock")
    )


def canonical_quads(quads: list[object]) -> set[str]:
    """Quads with blank nodes labelled by RDFC-1.0: equal sets mean isomorphic graphs."""
    import pyoxigraph as ox

    dataset = ox.Dataset(quads)  # type: ignore[arg-type]
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


def test_bulk_load_gives_the_bundled_graph_as_rdflib_parses_it(tmp_path: Path) -> None:
    """The fast path (pyoxigraph) stores the same graph as the rdflib path did."""
    import pyoxigraph as ox

    from ecoonto import resources

    files = resources.bundled_graph_files()
    reference = graphs.load(files)
    expected = ox.Store()
    expected.load(targets.to_ntriples(reference), format=ox.RdfFormat.N_TRIPLES)
    with EmbeddedStore(tmp_path / "kg") as opened:
        assert opened.load_files(files) == len(reference)
        got = list(opened.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        assert len(got) == len(reference)
    assert canonical_quads(got) == canonical_quads(list(expected))
    assert siblings(tmp_path / "kg") == []


def test_bulk_load_replaces_one_graph_and_keeps_the_others(
    embedded: EmbeddedStore, tmp_path: Path, small: Path
) -> None:
    other = write(tmp_path, "o.ttl", OTHER)
    embedded.load_files([small])  # default graph
    embedded.load_files([small], f"{EX}g1")
    embedded.load_files([other], f"{EX}g2")
    embedded.update(f"CREATE GRAPH <{EX}empty>")
    kept = [line for line in dump(embedded).splitlines() if f"<{EX}g1>" not in line.decode()]
    assert embedded.load_files([other], f"{EX}g1") == 1
    assert embedded.triple_count(f"{EX}g1") == 1
    assert [line for line in dump(embedded).splitlines() if f"<{EX}g1>" not in line.decode()] == (
        kept
    ), "the other graphs, blank nodes included, are copied as they were"
    assert embedded.run(f"ASK {{ GRAPH <{EX}empty> {{}} }}").boolean is True
    assert (embedded.triple_count(), embedded.triple_count(f"{EX}g2")) == (7, 1)
    assert embedded.load_files([other]) == 1  # the default graph
    assert (embedded.triple_count(), embedded.triple_count(f"{EX}g1")) == (1, 1)
    assert siblings(embedded.path) == []


def test_blank_nodes_of_two_files_stay_apart(embedded: EmbeddedStore, tmp_path: Path) -> None:
    first = write(tmp_path, "a.nt", '_:x <http://example.org/p> "1" .\n')
    second = write(tmp_path, "b.nt", '_:x <http://example.org/p> "2" .\n')
    embedded.load_files([first, second])
    result = embedded.run("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert result.rows[0][0] == Literal(2)


def test_a_dataset_file_gives_its_default_graph_as_before(
    embedded: EmbeddedStore, tmp_path: Path
) -> None:
    quads = write(
        tmp_path, "d.nq", "<urn:a> <urn:p> <urn:b> <urn:g1> .\n<urn:a> <urn:p> <urn:c> .\n"
    )
    assert len(graphs.load([quads])) == 1  # what rdflib gives
    assert embedded.load_files([quads]) == 1
    assert embedded.run("ASK { GRAPH <urn:g1> { ?s ?p ?o } }").boolean is False


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("bad.ttl", MALFORMED, r"bad\.ttl:2:\d+: Turtle syntax error"),
        ("latin.ttl", b'<urn:a> <urn:p> "caf\xe9" .\n', r"latin\.ttl:1:\d+: invalid UTF-8"),
        (
            "xxe.rdf",
            '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
            r"xxe\.rdf:2:\d+: the DOCTYPE declares the external entity x",
        ),
        (
            "remote.jsonld",
            '{"@context": "http://example.org/context.jsonld", "@id": "urn:a"}',
            r"remote\.jsonld: the JSON-LD @context 'http://example.org/context.jsonld'",
        ),
    ],
)
def test_bad_input_leaves_the_store_as_it_was(
    embedded: EmbeddedStore,
    tmp_path: Path,
    small: Path,
    name: str,
    content: str | bytes,
    match: str,
) -> None:
    embedded.load_files([small])
    embedded.load_files([small], f"{EX}g")
    before = dump(embedded)
    bad = tmp_path / name
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    for graph_iri in (None, f"{EX}g"):
        with pytest.raises(InputError, match=match) as caught:
            embedded.load_files([small, bad], graph_iri)
        assert "\n" not in caught.value.message
        assert dump(embedded) == before
        assert siblings(embedded.path) == []


def test_missing_file_and_directory_are_input_errors(
    embedded: EmbeddedStore, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="nope.ttl: no such file"):
        embedded.load_files([tmp_path / "nope.ttl"])
    (tmp_path / "dir.ttl").mkdir()
    with pytest.raises(InputError, match="dir.ttl: is a directory"):
        embedded.load_files([tmp_path / "dir.ttl"])
    assert siblings(embedded.path) == []


def test_data_that_violates_the_shapes_leaves_the_store_as_it_was(
    embedded: EmbeddedStore, tmp_path: Path, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded.load_files([small])
    before = dump(embedded)
    check = fake_validation(monkeypatch, violations=3)
    with pytest.raises(DataFailsError, match="3 SHACL violations: nothing loaded"):
        load(embedded, [write(tmp_path, "o.ttl", OTHER)], check=check)
    assert dump(embedded) == before
    assert siblings(embedded.path) == []


def test_a_failed_swap_leaves_the_store_as_it_was(
    embedded: EmbeddedStore, tmp_path: Path, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded.load_files([small])
    before = dump(embedded)
    real = embedded_mod.os.rename

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(embedded_mod.os, "rename", refuse)
    with pytest.raises(StoreError, match="cannot swap in the new data .* nothing changed"):
        embedded.load_files([write(tmp_path, "o.ttl", OTHER)])
    monkeypatch.setattr(embedded_mod.os, "rename", real)
    assert dump(embedded) == before  # reopened and usable
    assert siblings(embedded.path) == []


def test_the_lock_is_held_while_staging(embedded: EmbeddedStore, small: Path) -> None:
    busy: list[str] = []

    def try_to_open(stage: str, done: int, total: int) -> None:
        if stage == "store" and done == 0:
            with pytest.raises(StoreError, match="is busy") as caught:
                EmbeddedStore(embedded.path)
            busy.append(caught.value.message)

    embedded.load_files([small], progress=try_to_open)
    assert busy and embedded.triple_count() == 7


CRASH_BETWEEN_RENAMES = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from ecoonto.targets import embedded as store
    real = os.rename
    def rename(src, dst):
        if ".ecoonto-new-" in str(src):  # the second rename: die before it happens
            os._exit(9)
        real(src, dst)
    opened = store.EmbeddedStore(Path(sys.argv[1]))
    store.os.rename = rename
    opened.load_files([Path(sys.argv[2])])
    """
)


def test_a_crash_between_the_renames_is_recovered_on_open(tmp_path: Path, small: Path) -> None:
    directory = tmp_path / "kg"
    with EmbeddedStore(directory) as opened:
        opened.load_files([small])
        opened.load_files([small], f"{EX}g")
        before = dump(opened)
    other = write(tmp_path, "o.ttl", OTHER)
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH_BETWEEN_RENAMES, str(directory), str(other)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert crashed.returncode == 9, crashed.stderr
    assert not directory.exists()
    left = siblings(directory)
    assert [n.split("-")[1] for n in left] == ["new", "old"], left
    with EmbeddedStore(directory) as reopened:  # the old store is put back
        assert dump(reopened) == before
    assert siblings(directory) == []


def test_leftovers_of_a_crash_while_staging_are_removed(tmp_path: Path, small: Path) -> None:
    directory = tmp_path / "kg"
    with EmbeddedStore(directory) as opened:
        opened.load_files([small])
        before = dump(opened)
    for leftover in ("kg.ecoonto-new-abc123", "kg.ecoonto-old-def456"):
        (tmp_path / leftover).mkdir()
        (tmp_path / leftover / "000001.sst").write_bytes(b"partial")
    with EmbeddedStore(directory) as reopened:
        assert dump(reopened) == before
    assert siblings(directory) == []


def test_store_recover_restores_only_a_missing_store(tmp_path: Path) -> None:
    directory = tmp_path / "kg"
    (tmp_path / "kg.ecoonto-old-x").mkdir()
    assert targets.recover(directory) is True
    assert directory.is_dir() and siblings(directory) == []
    (tmp_path / "kg.ecoonto-old-y").mkdir()
    assert targets.recover(directory) is False
    assert siblings(directory) == []


# ---------------------------------------------------------------------------------------------
# Endpoint chunks (no server)


def test_chunks_keep_each_blank_node_component_in_one_chunk() -> None:
    import pyoxigraph as ox

    text = "".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(10))
    text += "".join(f'_:a <urn:p> _:b{i} .\n_:b{i} <urn:q> "{i}" .\n' for i in range(3))
    text += "_:c <urn:p> <urn:x> .\n"
    quads = list(ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES))
    chunks = list(endpoint_mod._chunks(quads, 4))
    assert sum(len(c) for c in chunks) == len(quads) == 17
    homes: dict[str, set[int]] = {}
    for i, chunk in enumerate(chunks):
        for q in chunk:
            for term in (q.subject, q.object):
                if isinstance(term, ox.BlankNode):
                    homes.setdefault(term.value, set()).add(i)
    assert all(len(where) == 1 for where in homes.values())
    a_home = homes["a"]
    assert all(homes[f"b{i}"] == a_home for i in range(3))
    assert len(chunks[next(iter(a_home))]) == 6  # a component larger than the size stays whole
    assert [len(c) for c in chunks[:2]] == [4, 4]


def test_chunk_size_must_be_positive(small: Path) -> None:
    endpoint = Endpoint.from_url("http://localhost:1")
    with pytest.raises(InputError, match="chunk size"):
        endpoint.load_files([small], chunk_size=0)


def test_a_failed_second_rename_puts_the_old_store_back(
    embedded: EmbeddedStore, tmp_path: Path, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded.load_files([small])
    before = dump(embedded)
    real = embedded_mod.os.rename

    def refuse_the_new_one(src: object, dst: object) -> None:
        if ".ecoonto-new-" in str(src):
            raise OSError(5, "Input/output error")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(embedded_mod.os, "rename", refuse_the_new_one)
    with pytest.raises(StoreError, match="cannot swap in the new data .* nothing changed"):
        embedded.load_files([write(tmp_path, "o.ttl", OTHER)])
    monkeypatch.setattr(embedded_mod.os, "rename", real)
    assert dump(embedded) == before
    assert siblings(embedded.path) == []


def test_a_read_only_store_cannot_be_loaded(tmp_path: Path, small: Path) -> None:
    from ecoonto.targets import ReadOnlyStore

    with EmbeddedStore(tmp_path / "kg") as opened:
        opened.load_files([small])
        before = dump(opened)
    with ReadOnlyStore(tmp_path / "kg") as reader:
        with pytest.raises(InputError, match="cannot load"):
            load(reader, [small])
    with EmbeddedStore(tmp_path / "kg") as opened:
        assert dump(opened) == before
    assert siblings(tmp_path / "kg") == []


@pytest.mark.parametrize("fmt", ["xml", "json-ld", "nt"])
def test_bulk_load_of_other_formats_matches_rdflib(tmp_path: Path, fmt: str) -> None:
    """RDF/XML and N-Triples are read by pyoxigraph, JSON-LD by rdflib: the same graph as the
    former rdflib path in every case (both compared as the store keeps them)."""
    import pyoxigraph as ox

    from ecoonto import resources

    source = tmp_path / {"xml": "kg.rdf", "json-ld": "kg.jsonld", "nt": "kg.nt"}[fmt]
    source.write_text(graphs.load(resources.bundled_graph_files()).serialize(format=fmt))
    expected = ox.Store()
    expected.load(targets.to_ntriples(graphs.load([source])), format=ox.RdfFormat.N_TRIPLES)
    with EmbeddedStore(tmp_path / "kg") as opened:
        assert opened.load_files([source]) == len(expected)
        got = list(opened.store)
    assert canonical_quads(got) == canonical_quads(list(expected))
