"""The OWL RL rule engine (ecoonto.checking.reasoning.rules): each construct's rules on a small
graph, and agreement with the owlrl package (``--reasoner owlrl-py``) on the bundled graph, the
reasoning fixtures and a generated industry. No Java needed."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Namespace, URIRef

from ecoonto import resources
from ecoonto.authoring.generate import generate
from ecoonto.checking.reasoning import Reasoning, reason, rules
from ecoonto.rdf import graphs

DATA = Path(__file__).parent / "data" / "reasoning"
T = Namespace("https://example.org/t/")

HEADER = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX : <https://example.org/t/>
:A a owl:Class . :B a owl:Class . :C a owl:Class . :D a owl:Class . :E a owl:Class .
:U a owl:Class .
:p a owl:ObjectProperty . :q a owl:ObjectProperty . :k a owl:DatatypeProperty .
"""

# name -> (Turtle after HEADER, expected new memberships, expected new property assertions);
# memberships as (individual, class) and assertions as (s, p, o), all local names under T.
CONSISTENT: dict[str, tuple[str, set[tuple[str, str]], set[tuple[str, str, str]]]] = {
    "prp-symp": (
        ":p a owl:SymmetricProperty . :a :p :b .",
        set(),
        {("b", "p", "a")},
    ),
    "prp-trp": (
        ":p a owl:TransitiveProperty . :a :p :b . :b :p :c . :c :p :d .",
        set(),
        {("a", "p", "c"), ("a", "p", "d"), ("b", "p", "d")},
    ),
    "eq-rep": (
        ":a owl:sameAs :b . :a a :A ; :q :c . :d :p :a .",
        {("b", "A")},
        {("b", "q", "c"), ("d", "p", "b")},
    ),
    "cls-avf": (
        ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:allValuesFrom :B ] ."
        " :a a :A ; :p :b .",
        {("b", "B")},
        set(),
    ),
    "cls-uni": (
        ":U owl:equivalentClass [ owl:unionOf ( :A :B ) ] . :a a :A . :b a :B .",
        {("a", "U"), ("b", "U")},
        set(),
    ),
    "cls-maxc2": (
        ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:maxCardinality 1 ] ."
        " :a a :A ; :p :b , :c . :b a :B .",
        {("c", "B")},
        set(),
    ),
    "cls-maxqc3": (
        ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:onClass :B ;"
        " owl:maxQualifiedCardinality 1 ] . :a a :A ; :p :b , :c , :d . :b a :B , :C ."
        " :c a :B . :d a :D .",
        {("c", "C")},
        set(),
    ),
    "prp-key": (
        ":A owl:hasKey ( :k ) . :a a :A ; :k 1 . :b a :A , :B ; :k 1 . :c a :A ; :k 2 .",
        {("a", "B")},
        set(),
    ),
    "prp-ifp": (
        ":p a owl:InverseFunctionalProperty . :a :p :c . :b :p :c . :a a :A .",
        {("b", "A")},
        set(),
    ),
    "prp-eqp": (
        ":p owl:equivalentProperty :q . :a :p :b . :c :q :d .",
        set(),
        {("a", "q", "b"), ("c", "p", "d")},
    ),
    "cls-svf2": (
        ":U owl:equivalentClass [ a owl:Restriction ; owl:onProperty :p ;"
        " owl:someValuesFrom owl:Thing ] . :a :p :b .",
        {("a", "U")},
        set(),
    ),
}

INCONSISTENT: dict[str, tuple[str, str]] = {
    "cax-dw": (":A owl:disjointWith :B . :a a :A , :B .", "a"),
    "cls-com": (":A owl:complementOf :B . :a a :A , :B .", "a"),
    "prp-irp": (":p a owl:IrreflexiveProperty . :a :p :a .", "a"),
    "prp-asyp": (":p a owl:AsymmetricProperty . :a :p :b . :b :p :a .", "a"),
    "prp-pdw": (":p owl:propertyDisjointWith :q . :a :p :b ; :q :b .", "a"),
    "eq-diff1": (":a owl:sameAs :b ; owl:differentFrom :b .", "a"),
    "cls-maxc1": (
        ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:maxCardinality 0 ] ."
        " :a a :A ; :p :b .",
        "a",
    ),
    "prp-npa1": (
        "[] a owl:NegativePropertyAssertion ; owl:sourceIndividual :a ;"
        " owl:assertionProperty :p ; owl:targetIndividual :b . :a :p :b .",
        "a",
    ),
    "cls-nothing2": (":A rdfs:subClassOf owl:Nothing . :a a :A .", "a"),
    "prp-fp+eq-diff2": (
        ":p a owl:FunctionalProperty . [] a owl:AllDifferent ; owl:distinctMembers ( :b :c ) ."
        " :a :p :b , :c .",
        "a",
    ),
}


# Where the owlrl package is wrong, its answer is not compared: its prp-key makes every member
# of the class the same individual whatever the key values, and it misses an owl:AllDifferent
# given as a blank node with owl:distinctMembers in a small graph.
OWLRL_PACKAGE_WRONG = {"prp-key", "prp-fp+eq-diff2"}


def _graph(body: str) -> Graph:
    g = graphs.new_graph()
    g.parse(data=HEADER + body, format="turtle")
    return g


def _local(outcome: Reasoning) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    def name(t: object) -> str:
        return str(t).removeprefix(str(T))

    memberships = {(name(i), name(c)) for i, c in outcome.memberships}
    assertions = {(name(s), name(p), name(o)) for s, p, o in outcome.property_assertions}
    return memberships, assertions


def _same(a: Reasoning, b: Reasoning) -> None:
    assert a.consistent == b.consistent
    assert a.unsatisfiable == b.unsatisfiable
    assert a.memberships == b.memberships
    assert a.property_assertions == b.property_assertions


@pytest.mark.parametrize("rule", sorted(CONSISTENT))
def test_rule_derives_and_agrees_with_owlrl(rule: str) -> None:
    body, memberships, assertions = CONSISTENT[rule]
    g = _graph(body)
    engine = reason(g, "owlrl")
    assert engine.method == "owlrl, OWL RL rules on pyoxigraph"
    assert engine.consistent, engine.explanation
    assert _local(engine) == (memberships, assertions)
    if rule not in OWLRL_PACKAGE_WRONG:
        _same(engine, reason(g, "owlrl-py"))


@pytest.mark.parametrize("rule", sorted(INCONSISTENT))
def test_consistency_check_fires_and_agrees_with_owlrl(rule: str) -> None:
    body, individual = INCONSISTENT[rule]
    g = _graph(body)
    engine = reason(g, "owlrl")
    assert not engine.consistent
    assert any(
        line.startswith(f"OWL RL rules: {rule.split('+')[-1]}") for line in engine.explanation
    )
    assert str(T[individual]) in " ".join(engine.explanation)
    if rule not in OWLRL_PACKAGE_WRONG:
        assert not reason(g, "owlrl-py").consistent


def test_closure_works_on_a_store_in_place() -> None:
    store = ox.Store()
    store.load(
        (HEADER + ":p a owl:TransitiveProperty . :a :p :b . :b :p :c .").encode(),
        format=ox.RdfFormat.TURTLE,
    )
    before = len(store)
    done = rules.closure(store)
    assert done.consistent and done.violations == []
    assert done.added == len(store) - before == 1
    assert done.rounds == 2  # one that adds, one that finds nothing new
    assert ox.Quad(ox.NamedNode(T.a), ox.NamedNode(T.p), ox.NamedNode(T.c)) in store


def test_uncovered_construct_falls_back_to_the_owlrl_package() -> None:
    g = _graph(":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:hasSelf true ] .")
    outcome = reason(g, "owlrl")
    assert outcome.method == "owlrl, the Python package"
    assert outcome.notes == [
        "the OWL RL rule engine does not cover owl:hasSelf: ran the owlrl package"
    ]


def test_importing_rules_does_not_import_pyoxigraph() -> None:
    import subprocess
    import sys

    code = "import sys, ecoonto.checking.reasoning.rules; print('pyoxigraph' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# --------------------------------------------------------------------------------------------
# Agreement with the owlrl package


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.ttl")))
def test_engine_agrees_with_owlrl_on_the_fixtures(name: str) -> None:
    g = graphs.load([resources.core_ontology(), DATA / name])
    _same(reason(g, "owlrl"), reason(g, "owlrl-py"))


def test_engine_agrees_with_owlrl_on_the_bundled_graph(bundled_graph: Graph) -> None:
    engine = reason(bundled_graph, "owlrl")
    assert engine.consistent and len(engine.memberships) > 100
    _same(engine, reason(bundled_graph, "owlrl-py"))


def test_engine_agrees_with_owlrl_on_a_generated_industry(tmp_path: Path) -> None:
    path = tmp_path / "industry.ttl"
    generate(200, path=path)
    g = graphs.load([resources.core_ontology(), path])
    engine = reason(g, "owlrl")
    assert engine.consistent and len(engine.memberships) > 500
    assert len(engine.property_assertions) > 1000
    _same(engine, reason(g, "owlrl-py"))


def test_an_inconsistent_generated_industry_is_found_by_both(tmp_path: Path) -> None:
    path = tmp_path / "industry.ttl"
    generate(30, path=path)
    g = graphs.load([resources.core_ontology(), path])
    player = next(iter(g.subjects(RDF.type, URIRef("https://w3id.org/ecoonto/Player"))))
    g.parse(data=f"<{player}> a <https://w3id.org/ecoonto/Organisation> .", format="turtle")
    engine = reason(g, "owlrl")
    assert not engine.consistent
    assert URIRef(str(player)) in engine.involved
    assert not reason(g, "owlrl-py").consistent
