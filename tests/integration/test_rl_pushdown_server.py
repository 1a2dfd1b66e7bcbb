"""``reason --reasoner owlrl --endpoint URL --into IRI`` on a real Oxigraph server: the rules run
in the server (SPARQL updates), the inferences equal the in-memory engine's on the bundled
graph, the example and a generated industry, the asserted graph is untouched and the scratch
graphs are dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecoonto import resources
from ecoonto.authoring.generate import generate
from ecoonto.checking.reasoning import pushdown, reason
from ecoonto.rdf import graphs
from ecoonto.targets import Endpoint

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
INTO = "urn:x-test:inferred"


def triples(endpoint: Endpoint, graph: str | None) -> set[tuple[str, str, str]]:
    where = "{ ?s ?p ?o }" if graph is None else f"{{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    rows = endpoint.run(f"SELECT ?s ?p ?o WHERE {where}").rows
    return {(str(s), str(p), str(o)) for s, p, o in rows}


@pytest.mark.parametrize("name", ["bundled", "example", "generated"])
def test_same_inferences_in_the_server(name: str, oxigraph_server: str, tmp_path: Path) -> None:
    if name == "bundled":
        files = list(resources.bundled_graph_files())
    elif name == "example":
        files = [resources.core_ontology(), ROOT / "examples" / "specialty-coffee.ttl"]
    else:
        generate(50, path=tmp_path / "generated.ttl")
        files = [resources.core_ontology(), tmp_path / "generated.ttl"]
    expected = reason(graphs.load(files), "owlrl")
    endpoint = Endpoint.from_url(oxigraph_server, layout="oxigraph", timeout=30)
    endpoint.update("DROP ALL")
    endpoint.load_files(files, "urn:x-test:data")
    asserted = triples(endpoint, "urn:x-test:data")
    got = pushdown.reason_in(pushdown.on_endpoint(endpoint, "urn:x-test:data"), into=INTO)
    assert got.consistent and expected.consistent
    assert got.memberships == expected.memberships
    assert got.property_assertions == expected.property_assertions
    assert got.unsatisfiable == expected.unsatisfiable
    assert triples(endpoint, "urn:x-test:data") == asserted
    inferred = {(str(s), str(p), str(o)) for s, p, o in expected.inferred_graph()}
    assert triples(endpoint, INTO) == inferred
    graphs_left = endpoint.run("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert {str(g[0]) for g in graphs_left} == {"urn:x-test:data", INTO}
