"""Properties over random input (hypothesis).

* A random small ecosystem (players, positions on sides, fillings; labels and notes with
  quotes, backslashes, newlines, control characters, emoji, language tags) survives
  canonical Turtle -> file -> embedded store -> CONSTRUCT -> canonical Turtle, isomorphic.
  Oxigraph lowercases language tags (RDF 1.1 compares them case-insensitively), so the
  comparison lowercases them too; that is the only normalisation allowed.
* A random parameter string is always bound as one literal: the query returns exactly it, on
  the embedded store and on rdflib.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ecoonto import targets
from ecoonto.rdf import graphs
from ecoonto.targets import EmbeddedStore
from ecoonto.targets import querying as queries

ECO = "https://w3id.org/ecoonto/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
RDFS_COMMENT = URIRef("http://www.w3.org/2000/01/rdf-schema#comment")
SIDES = ["BuyerSide", "ProviderSide", "InfrastructureSide", "BoundarySide"]

# Any character but surrogates (not encodable) and NUL in IRIs; text keeps the awkward ones.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\"'\\\n\r\t{}<>@#;.,:^_ ")),
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(["😀", "🏭", "é", "ß", "中", "\u2028", "\x00", "\x7f", "\ufeff"]),
    ),
    max_size=40,
)
LANGUAGES = st.sampled_from(["en", "de", "fr-CA", "en-US", "zh-Hant-TW", "pt-BR", "x-ecoonto"])
LOCAL_NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,12}", fullmatch=True)


def literal(draw: st.DrawFn) -> Literal:
    text = draw(TEXT)
    kind = draw(st.sampled_from(["plain", "lang", "integer", "boolean", "date"]))
    if kind == "lang":
        return Literal(text, lang=draw(LANGUAGES))
    if kind == "integer":
        return Literal(str(draw(st.integers(-(10**30), 10**30))), datatype=URIRef(XSD + "integer"))
    if kind == "boolean":
        return Literal(draw(st.sampled_from(["true", "false"])), datatype=URIRef(XSD + "boolean"))
    if kind == "date":
        return Literal(str(draw(st.dates())), datatype=URIRef(XSD + "date"))
    return Literal(text)


@st.composite
def ecosystems(draw: st.DrawFn) -> Graph:
    """Players fill positions on sides through fillings; everything labelled at random."""
    g = graphs.new_graph()
    eco = lambda name: URIRef(ECO + name)  # noqa: E731
    data = lambda name: URIRef(f"https://example.org/eco/{name}")  # noqa: E731
    positions = [data(f"position-{n}") for n in draw(st.sets(LOCAL_NAME, min_size=1, max_size=4))]
    players = [data(f"player-{n}") for n in draw(st.sets(LOCAL_NAME, min_size=1, max_size=4))]
    for position in positions:
        g.add((position, RDF_TYPE, eco("Position")))
        g.add((position, eco("onSide"), eco(draw(st.sampled_from(SIDES)))))
        g.add((position, RDFS_LABEL, literal(draw)))
    for player in players:
        g.add((player, RDF_TYPE, eco("Player")))
        g.add((player, RDFS_LABEL, literal(draw)))
        for position in draw(st.lists(st.sampled_from(positions), max_size=3, unique=True)):
            filling = BNode() if draw(st.booleans()) else data(f"filling-{draw(LOCAL_NAME)}")
            g.add((player, eco("fills"), filling))
            g.add((filling, RDF_TYPE, eco("Filling")))
            g.add((filling, eco("ofPosition"), position))
            g.add((filling, RDFS_COMMENT, literal(draw)))
    return g


def lowercase_languages(graph: Graph) -> Graph:
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(tmp_path_factory.mktemp("prop") / "kg") as opened:
        yield opened


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(graph=ecosystems())
def test_an_ecosystem_survives_turtle_store_construct_turtle(
    graph: Graph, store: EmbeddedStore, tmp_path: Path
) -> None:
    path = tmp_path / "ecosystem.ttl"
    graphs.write_atomic(path, graphs.canonical_turtle(graph))
    assert store.replace_graph([path]) == len(graph)
    result = store.run("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert result.graph is not None
    back = graphs.new_graph()
    back.parse(data=graphs.canonical_turtle(result.graph), format="turtle")
    assert len(back) == len(graph)
    assert isomorphic(lowercase_languages(back), lowercase_languages(graph))


PARAMETERS = (
    st.lists(
        st.one_of(
            st.sampled_from(list("\"'\\\n\r\t{}<>#;.?$ ")),
            st.sampled_from(["\\u0022", "\\U0000007D", '"""', "'''", "} ; DROP ALL ; #"]),
            st.characters(blacklist_categories=("Cs",)),
        ),
        max_size=12,
    )
    .map("".join)
    .filter(lambda v: not (v.startswith("<") and v.endswith(">")))  # <...> means an IRI
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=PARAMETERS)
def test_a_parameter_is_always_bound_as_that_literal(value: str, store: EmbeddedStore) -> None:
    sparql = queries.bind("SELECT ?x WHERE {}", {"x": value})
    for target in (store, targets.GraphTarget(Graph())):
        assert target.run(sparql).rows == [(Literal(value),)], target
