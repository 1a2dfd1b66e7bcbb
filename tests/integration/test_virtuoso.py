"""Virtuoso, a second and different real triple store (Debian's virtuoso-opensource 7.2).

The bundled graph is loaded with ``ecoonto load --endpoint URL --layout virtuoso --graph G``
(credentials from ECOONTO_ENDPOINT_USER/PASSWORD: Virtuoso's default DBA ``dba``/``dba``);
then every bundled query must give the same rows on Virtuoso (reading G as its default graph,
``default-graph-uri``) as on the embedded store. What differs between the stores, measured here:

* Virtuoso stores ``xsd:decimal`` by value like Oxigraph (``"30.0"`` reads back as ``"30"``),
  but keeps ``xsd:nonNegativeInteger`` (Oxigraph turns it into ``xsd:integer``);
* a query without ``default-graph-uri`` reads the union of ALL graphs, Virtuoso's own included;
* the Graph Store has no default graph (``?default`` answers 500): ecoonto refuses, exit 2;
* a Graph Store PUT empties the graph first and fills it as it parses: a failed or abandoned
  PUT leaves it empty, so ecoonto PUTs into a staging graph and MOVEs it (tested below);
* results stop at ResultSetMaxRows (10000): SELECT says so in X-SPARQL-MaxRows, which ecoonto
  turns into an error; CONSTRUCT and Graph Store GET are cut without any sign (xfail below).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ecoonto import resources
from ecoonto.cli import cli
from ecoonto.errors import EXIT_BAD_INPUT, EXIT_STORE_FAILED, StoreError
from ecoonto.rdf import graphs
from ecoonto.targets import EmbeddedStore, Endpoint, staging_graph_iri
from ecoonto.targets import load as load_into
from ecoonto.targets import querying as queries

pytestmark = pytest.mark.integration

GRAPH = "https://w3id.org/ecoonto/data"
DBA = {"ECOONTO_ENDPOINT_USER": "dba", "ECOONTO_ENDPOINT_PASSWORD": "dba"}
XSD = "http://www.w3.org/2001/XMLSchema#"
QUERY_NAMES = [info.name for info in queries.list_queries()]


def ecoonto(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], env=env or {})


@dataclass
class Loaded:
    base: str
    endpoint: Endpoint  # reads GRAPH as its default graph
    embedded: EmbeddedStore
    files: Graph
    load_output: str


@pytest.fixture(scope="module")
def loaded(virtuoso_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    result = ecoonto(
        "load", "--endpoint", virtuoso_server, "--layout", "virtuoso", "--graph", GRAPH, env=DBA
    )
    assert result.exit_code == 0, result.output
    files = graphs.load_bundled()
    with EmbeddedStore(tmp_path_factory.mktemp("embedded") / "kg") as embedded:
        load_into(embedded, resources.bundled_graph_files())
        yield Loaded(
            virtuoso_server,
            Endpoint.from_url(virtuoso_server, layout="virtuoso", default_graph_iri=GRAPH),
            embedded,
            files,
            result.stdout,
        )


def by_value(graph: Graph) -> Graph:
    """``graph`` with each xsd:decimal written in its shortest form (``30.0`` -> ``30``)."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and str(o.datatype) == XSD + "decimal":
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=o.datatype)
        out.add((s, p, o))
    return out


def read_back(endpoint: Endpoint, graph_iri: str = GRAPH) -> Graph:
    result = endpoint.run(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    )
    assert result.graph is not None
    return result.graph


# --------------------------------------------------------------------------------------------
# The load and what the store holds


def test_cli_load_reports_the_triples_written(loaded: Loaded) -> None:
    n = len(loaded.files)
    assert loaded.load_output.startswith(f"loaded {n} triples from ")
    assert f"into graph <{GRAPH}> of endpoint {loaded.base}/sparql in " in loaded.load_output


def test_same_triple_count_in_virtuoso_the_embedded_store_and_rdflib(loaded: Loaded) -> None:
    """1158 triples for ontology/core.ttl and 3540 for the bundled graph here, everywhere: a
    smaller Virtuoso count measured earlier (1133) matches rdflib's count of an older core.ttl
    (commit 0829352), not a loss in Virtuoso. Each file version loads with equal counts."""
    n = len(loaded.files)
    assert loaded.endpoint.triple_count(GRAPH) == n
    assert loaded.embedded.triple_count() == n
    # (asked without default-graph-uri: with it, Virtuoso answers ASK/COUNT over a GRAPH <g>
    # pattern for an absent graph with true/1)
    anywhere = Endpoint.from_url(loaded.base, layout="virtuoso")
    assert anywhere.triple_count(staging_graph_iri(GRAPH)) == 0, "the staging graph was moved"


def test_read_back_equals_the_files_up_to_decimal_lexical_forms(loaded: Loaded) -> None:
    back = read_back(loaded.endpoint)
    assert len(back) == len(loaded.files)
    changed = {t for t in set(loaded.files) - set(back) if not any(map(_is_bnode, t))}
    assert changed, "the bundled graph has decimals like 30.0 that Virtuoso stores by value"
    assert all(str(o.datatype) == XSD + "decimal" for _, _, o in changed)  # type: ignore[union-attr]
    assert isomorphic(by_value(back), by_value(loaded.files))


def _is_bnode(term: object) -> bool:
    from rdflib import BNode

    return isinstance(term, BNode)


def test_virtuoso_keeps_non_negative_integer_where_oxigraph_makes_it_integer(
    loaded: Loaded,
) -> None:
    sparql = (
        "SELECT DISTINCT (DATATYPE(?n) AS ?t) WHERE { ?r "
        "<http://www.w3.org/2002/07/owl#cardinality>|"
        "<http://www.w3.org/2002/07/owl#minCardinality>|"
        "<http://www.w3.org/2002/07/owl#maxCardinality>|"
        "<http://www.w3.org/2002/07/owl#qualifiedCardinality>|"
        "<http://www.w3.org/2002/07/owl#minQualifiedCardinality>|"
        "<http://www.w3.org/2002/07/owl#maxQualifiedCardinality> ?n } ORDER BY ?t"
    )
    assert loaded.endpoint.run(sparql).rows == [(URIRef(XSD + "nonNegativeInteger"),)]
    assert loaded.embedded.run(sparql).rows == [(URIRef(XSD + "integer"),)]


def test_loading_twice_gives_the_same_graph(loaded: Loaded) -> None:
    first = graphs.canonical_turtle(read_back(loaded.endpoint))
    result = ecoonto(
        "load", "--endpoint", loaded.base, "--layout", "virtuoso", "--graph", GRAPH,
        "--no-validate", env=DBA,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert loaded.endpoint.triple_count(GRAPH) == len(loaded.files)
    assert graphs.canonical_turtle(read_back(loaded.endpoint)) == first


# --------------------------------------------------------------------------------------------
# Every bundled query: the same rows on Virtuoso as on the embedded store


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_bundled_query_gives_the_same_rows_as_the_embedded_store(loaded: Loaded, name: str) -> None:
    sparql = queries.resolve(name).text()
    expected = loaded.embedded.run(sparql)
    got = loaded.endpoint.run(sparql)
    assert got.kind == expected.kind
    assert got.variables == expected.variables
    assert got.rows == expected.rows  # same order: every bundled query has ORDER BY


def test_there_are_bundled_queries() -> None:
    assert len(QUERY_NAMES) >= 20


@pytest.mark.parametrize("name", ["table-buyer-side", "q1-invisible-counterparty", "sides"])
def test_cli_query_prints_the_same_as_in_memory(loaded: Loaded, name: str) -> None:
    remote = ecoonto(
        "query", name, "--endpoint", loaded.base, "--layout", "virtuoso", "--graph", GRAPH,
        "--format", "tsv",
    )  # fmt: skip
    local = ecoonto("query", name, "--format", "tsv")
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout


NASTY = ['gains" } ; DROP ALL ; #', "x'''\n} CLEAR ALL", "\\u0022 \U0001f600", "a\\\\b\r\t"]


def test_a_bound_parameter_is_that_literal_on_virtuoso(loaded: Loaded) -> None:
    """Escaping: Virtuoso reads each value back as exactly that literal. Binding: a value
    found in the data selects its rows, a breakout value selects none and changes nothing."""
    for value in NASTY:
        sparql = f"SELECT ?x WHERE {{ VALUES ?x {{ {queries.sparql_term(value)} }} }}"
        assert loaded.endpoint.run(sparql).rows == [(Literal(value),)], value
    text = "SELECT ?s ?kind WHERE { ?s <https://w3id.org/ecoonto/quantityKind> ?kind } ORDER BY ?s"
    for value in ["size of a product team", *NASTY]:
        sparql = queries.bind(text, {"kind": value})
        assert loaded.endpoint.run(sparql).rows == loaded.embedded.run(sparql).rows, value
    assert loaded.endpoint.run(queries.bind(text, {"kind": "size of a product team"})).rows
    assert loaded.endpoint.triple_count(GRAPH) == len(loaded.files)


@pytest.mark.xfail(
    strict=True,
    reason=(
        "Virtuoso 7.2 bug: a trailing VALUES clause (how ecoonto binds --param) after a WHERE"
        " that has a BIND does not filter the rows but overwrites the variable in every row"
        " (and on a variable the WHERE leaves unbound it gives no row at all, not one):"
        " q2 --param stance=gains gives all 14 rows labelled gains instead of 5 (minimal"
        " case: WHERE { VALUES (?s ?t) {...} ?f eco:supplies ?t BIND(1 AS ?one) } VALUES (?s)"
        ' {("gains")}: 7 rows instead of 2); with an OPTIONAL instead of the BIND, Virtuoso\'s'
        " SPARQL compiler fails (SP031 internal error)"
    ),
)
def test_bound_bundled_query_gives_the_same_rows(loaded: Loaded) -> None:
    text = queries.resolve("q2-energy-binding-constraint").text()
    for stance in ("gains", "loses", "exposed"):
        sparql = queries.bind(text, {"stance": stance})
        assert loaded.endpoint.run(sparql).rows == loaded.embedded.run(sparql).rows, stance


def test_without_default_graph_uri_virtuoso_reads_all_graphs(loaded: Loaded) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    everything = Endpoint.from_url(loaded.base, layout="virtuoso").run(count).rows[0][0]
    assert int(str(loaded.endpoint.run(count).rows[0][0])) == len(loaded.files)
    assert int(str(everything)) > len(loaded.files)


def test_wrong_password_exits_3_without_echoing_it(loaded: Loaded, tmp_path: Path) -> None:
    data = tmp_path / "a.ttl"
    data.write_text("<http://example.org/a> <http://example.org/p> 1 .\n")
    env = {"ECOONTO_ENDPOINT_USER": "dba", "ECOONTO_ENDPOINT_PASSWORD": "not-the-pw-42"}
    result = ecoonto(
        "load", data, "--endpoint", loaded.base, "--layout", "virtuoso", "--graph", GRAPH,
        "--no-validate", env=env,
    )  # fmt: skip
    assert result.exit_code == EXIT_STORE_FAILED
    assert result.stderr.startswith(
        f"error: endpoint {loaded.base}/sparql-graph-crud-auth: HTTP 401 Unauthorized (check "
    )
    assert "not-the-pw-42" not in result.output
    assert loaded.endpoint.triple_count(GRAPH) == len(loaded.files)


def test_without_credentials_the_anonymous_graph_store_refuses(
    loaded: Loaded, tmp_path: Path
) -> None:
    data = tmp_path / "a.ttl"
    data.write_text("<http://example.org/a> <http://example.org/p> 1 .\n")
    result = ecoonto(
        "load", data, "--endpoint", loaded.base, "--layout", "virtuoso", "--graph", GRAPH,
        "--no-validate",
    )  # fmt: skip
    assert result.exit_code == EXIT_STORE_FAILED
    assert result.stderr.startswith(
        f"error: endpoint {loaded.base}/sparql-graph-crud: HTTP 403 Forbidden (check "
    )
    assert len(result.stderr.splitlines()) == 1
    assert loaded.endpoint.triple_count(GRAPH) == len(loaded.files)


def test_the_default_graph_cannot_be_loaded(loaded: Loaded) -> None:
    result = ecoonto("load", "--endpoint", loaded.base, "--layout", "virtuoso", env=DBA)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "has no default graph to replace (Virtuoso): load into a named graph" in result.stderr


def long_literal_file(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "long.nt"
    path.write_text(f'<http://example.org/s> <http://example.org/p> "{"x" * size}" .\n')
    return path


def numbered_graph(n: int, tag: str) -> Graph:
    g = graphs.new_graph()
    p = URIRef("http://example.org/p")
    for i in range(n):
        g.add((URIRef(f"http://example.org/s{i}"), p, Literal(f"{tag} {i}")))
    return g


def counts_for(endpoint: Endpoint, graph_iri: str, seconds: float) -> list[int]:
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seen.append(endpoint.triple_count(graph_iri))
        time.sleep(0.2)
    return seen


BIG = 30_000  # Virtuoso takes a few seconds to store these: longer than the client waits


@pytest.fixture(scope="module")
def big_graph() -> Graph:
    return numbered_graph(BIG, "new")


def test_an_abandoned_load_leaves_the_old_graph(
    loaded: Loaded, big_graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client gives up (timeout) while Virtuoso still stores the data: the PUT went to the
    staging graph, so the target keeps its 5 triples throughout; a rerun completes it."""
    monkeypatch.setenv("ECOONTO_ENDPOINT_USER", "dba")
    monkeypatch.setenv("ECOONTO_ENDPOINT_PASSWORD", "dba")
    target = "https://example.org/abandoned"
    endpoint = Endpoint.from_url(loaded.base, layout="virtuoso", timeout=120)
    endpoint.replace_graph(numbered_graph(5, "old"), target)
    impatient = Endpoint.from_url(loaded.base, layout="virtuoso", timeout=0.3)
    with pytest.raises(StoreError) as caught:
        impatient.replace_graph(big_graph, target)
    assert caught.value.message == (
        f"endpoint {loaded.base}/sparql-graph-crud-auth: timed out after 0.3 s"
    )
    assert set(counts_for(endpoint, target, 3)) == {5}
    assert endpoint.replace_graph(big_graph, target) == BIG
    assert endpoint.triple_count(target) == BIG


def test_why_staging_an_abandoned_plain_put_loses_the_old_graph(
    loaded: Loaded, big_graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same abandoned load as a plain Graph Store PUT: Virtuoso empties the graph at
    once and fills it as it goes (or not at all, if it gives up), so the old triples are gone
    the moment the PUT starts. This is why ecoonto stages Virtuoso loads."""
    monkeypatch.setenv("ECOONTO_ENDPOINT_USER", "dba")
    monkeypatch.setenv("ECOONTO_ENDPOINT_PASSWORD", "dba")
    target = "https://example.org/plain-put"
    endpoint = Endpoint.from_url(loaded.base, layout="virtuoso", timeout=60)
    endpoint.replace_graph(numbered_graph(5, "old"), target)
    plain = Endpoint(
        endpoint.query_url,
        endpoint.update_url,
        endpoint.store_url,
        0.3,
        graph_param="graph-uri",
        auth="digest",
        turtle_put=True,
        staged_put=False,
    )
    try:
        plain.replace_graph(big_graph, target)
    except StoreError as exc:  # the usual case: the client gives up half-way
        assert "timed out" in str(exc)
    # On an idle machine Virtuoso may even finish the PUT within the 0.3 s. Either way the old
    # 5 triples never come back: usually the first count catches Virtuoso half-way (fewer than
    # BIG); otherwise it has stored everything, which shows the same thing: a plain PUT
    # replaces the graph regardless of the client.
    seen = counts_for(endpoint, target, 1)
    assert 5 not in seen, seen
    assert all(0 <= n <= BIG for n in seen), seen


def test_ntriples_opening_with_a_long_literal_load(
    loaded: Loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Virtuoso guesses the format from the body's first bytes whatever the Content-Type: a
    body that opens with a 200 kB literal is 'unsupported type text/plain' unless it starts
    with a Turtle @prefix line, which ecoonto sends."""
    monkeypatch.setenv("ECOONTO_ENDPOINT_USER", "dba")
    monkeypatch.setenv("ECOONTO_ENDPOINT_PASSWORD", "dba")
    endpoint = Endpoint.from_url(loaded.base, layout="virtuoso", timeout=60)
    endpoint.replace_graph([long_literal_file(tmp_path, 200_000)], "https://example.org/long")
    rows = endpoint.run(
        "SELECT (STRLEN(?o) AS ?n) WHERE { GRAPH <https://example.org/long> { ?s ?p ?o } }"
    ).rows
    assert [int(str(r[0])) for r in rows] == [200_000]


@pytest.fixture(scope="module")
def over_the_row_limit(loaded: Loaded) -> str:
    """A graph of 12000 triples: more than Virtuoso's default ResultSetMaxRows (10000)."""
    target = "https://example.org/many"
    g = graphs.new_graph()
    p = URIRef("http://example.org/p")
    for i in range(12000):
        g.add((URIRef(f"http://example.org/s{i}"), p, Literal(i)))
    import os

    saved = {k: os.environ.get(k) for k in DBA}
    os.environ.update(DBA)
    try:
        Endpoint.from_url(loaded.base, layout="virtuoso", timeout=60).replace_graph(g, target)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return target


def test_a_select_cut_at_the_row_limit_is_an_error(loaded: Loaded, over_the_row_limit: str) -> None:
    endpoint = Endpoint.from_url(loaded.base, layout="virtuoso")
    assert endpoint.triple_count(over_the_row_limit) == 12000
    with pytest.raises(StoreError, match=r"cut the result at its limit of 10000 rows"):
        endpoint.run(f"SELECT ?s WHERE {{ GRAPH <{over_the_row_limit}> {{ ?s ?p ?o }} }}")


@pytest.mark.xfail(
    strict=True,
    reason=(
        "Virtuoso limitation: CONSTRUCT (and Graph Store GET) results stop at ResultSetMaxRows"
        " (10000 by default; 10001 triples come back) with no header or status saying so, so"
        " ecoonto cannot tell. Raise [SPARQL] ResultSetMaxRows in virtuoso.ini for big graphs."
    ),
)
def test_a_construct_over_the_row_limit_comes_back_whole(
    loaded: Loaded, over_the_row_limit: str
) -> None:
    endpoint = Endpoint.from_url(loaded.base, layout="virtuoso")
    assert len(read_back(endpoint, over_the_row_limit)) == 12000


def test_a_chunked_load_gives_the_same_graph_as_one_request(
    loaded: Loaded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """3540 triples in chunks of 500: the first PUT into the staging graph, the others POSTed
    to it (Turtle bodies, Digest), then one MOVE; blank-node components stay in one chunk."""
    for key, value in DBA.items():
        monkeypatch.setenv(key, value)
    endpoint = Endpoint.from_url(loaded.base, layout="virtuoso", timeout=60)
    chunked = "https://example.org/graph/chunked"
    endpoint.replace_graph([resources.core_ontology()], chunked)  # something to replace
    seen: list[tuple[str, int, int]] = []
    count = load_into(
        endpoint,
        resources.bundled_graph_files(),
        graph_iri=chunked,
        chunk_size=500,
        progress=lambda *a: seen.append(a),
    )
    assert count == len(loaded.files) == endpoint.triple_count(chunked)
    assert len([s for s, _, _ in seen if s == "send"]) >= 8
    # (RDFC-1.0 labels, not rdflib's isomorphic(): that one answered False here on two graphs
    # whose canonical forms are equal, among the many look-alike OWL restrictions)
    assert rdfc(read_back(endpoint, chunked)) == rdfc(read_back(endpoint))
    assert endpoint.triple_count(staging_graph_iri(chunked)) == 0, "the staging graph was moved"


def rdfc(graph: Graph) -> set[str]:
    """``graph`` with its blank nodes labelled by RDFC-1.0: equal sets mean isomorphic."""
    import pyoxigraph as ox

    from ecoonto.targets import to_ntriples

    store = ox.Store()
    store.load(to_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
    dataset = ox.Dataset(store)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}
