"""Differential tests: random small ontologies with ABoxes.

* the hybrid mode (HermiT on the TBox, OWL RL rules on the whole graph) against HermiT on the
  whole graph: where the hybrid runs, it must give the same consistency, unsatisfiable classes,
  memberships and property assertions; where it refuses, that is its answer (a refusal is
  allowed, a different answer is not). HermiT costs about a second a run: few examples.
* the rule engine (``--reasoner owlrl``) against the owlrl package (``owlrl-py``).

Each disagreement found is kept as a fixture in tests/data/reasoning-differential/ (one Turtle
file, replayed by the ``*_fixture`` tests).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from ecoonto.checking.reasoning import Reasoning, java_available, reason
from ecoonto.errors import InputError
from tests.profiles import examples

FIXTURES = Path(__file__).parent / "data" / "reasoning-differential"

HEADER = """\
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX : <https://example.org/r/>
:A a owl:Class . :B a owl:Class . :C a owl:Class . :D a owl:Class . :E a owl:Class .
:p a owl:ObjectProperty . :q a owl:ObjectProperty . :k a owl:DatatypeProperty .
:a a owl:NamedIndividual . :b a owl:NamedIndividual . :c a owl:NamedIndividual .
:d a owl:NamedIndividual .
"""

CLASSES = [":A", ":B", ":C", ":D", ":E"]
PROPS = [":p", ":q"]
INDIVIDUALS = [":a", ":b", ":c", ":d"]


def _some(p: str, c: str) -> str:
    return f"[ a owl:Restriction ; owl:onProperty {p} ; owl:someValuesFrom {c} ]"


@st.composite
def axioms(draw: st.DrawFn) -> str:
    x, y, z = (draw(st.sampled_from(CLASSES)) for _ in range(3))
    p, q = draw(st.sampled_from(PROPS)), draw(st.sampled_from(PROPS))
    i = draw(st.sampled_from(INDIVIDUALS))
    templates = [
        f"{x} rdfs:subClassOf {y} .",
        f"{x} owl:equivalentClass [ owl:intersectionOf ( {y} {z} ) ] .",
        f"{x} rdfs:subClassOf {_some(p, y)} .",
        f"[ owl:intersectionOf ( {x} {_some(p, y)} ) ] rdfs:subClassOf {z} .",
        f"{x} owl:equivalentClass {_some(p, y)} .",
        f"{x} rdfs:subClassOf [ a owl:Restriction ; owl:onProperty {p} ; owl:allValuesFrom {y} ] .",
        f"{x} rdfs:subClassOf [ a owl:Restriction ;"
        f" owl:onProperty [ owl:inverseOf {p} ] ; owl:allValuesFrom {y} ] .",
        f"{p} rdfs:domain {x} .",
        f"{p} rdfs:range {x} .",
        ":q rdfs:subPropertyOf :p .",
        ":q owl:inverseOf :p .",
        f"{p} a owl:TransitiveProperty .",
        f"{p} a owl:SymmetricProperty .",
        f"{p} a owl:FunctionalProperty .",
        f"{x} owl:disjointWith {y} ." if x != y else f"{x} owl:disjointWith owl:Nothing .",
        f"{x} owl:equivalentClass [ a owl:Restriction ; owl:onProperty {p} ; owl:hasValue {i} ] .",
        f"{x} rdfs:subClassOf [ a owl:Restriction ; owl:onProperty {p} ;"
        ' owl:maxCardinality "1"^^xsd:nonNegativeInteger ] .',
        f"{x} owl:equivalentClass [ owl:unionOf ( {y} {z} ) ] .",
        f":p owl:propertyChainAxiom ( :q {q} ) .",
        f"{p} a owl:ReflexiveProperty .",
        f"{x} owl:hasKey ( :k ) .",
    ]
    return draw(st.sampled_from(templates))


@st.composite
def ontologies(draw: st.DrawFn) -> str:
    tbox = draw(st.lists(axioms(), min_size=1, max_size=4))
    facts = []
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.sampled_from(INDIVIDUALS))
        if draw(st.booleans()):
            facts.append(f"{i} a {draw(st.sampled_from(CLASSES))} .")
        else:
            j = draw(st.sampled_from(INDIVIDUALS))
            facts.append(f"{i} {draw(st.sampled_from(PROPS))} {j} .")
    if draw(st.booleans()):
        facts.append(f'{draw(st.sampled_from(INDIVIDUALS))} :k "1"^^xsd:int .')
    if draw(st.booleans()):
        facts.append(":a owl:differentFrom :b .")
    return "\n".join(tbox + facts) + "\n"


def _key(r: Reasoning) -> tuple[object, ...]:
    if not r.consistent:
        return (False,)
    return (True, r.unsatisfiable, r.memberships, r.property_assertions)


def _graph(text: str) -> Graph:
    return Graph().parse(data=HEADER + text, format="turtle")


def _hybrid_agrees(text: str) -> None:
    g = _graph(text)
    try:
        hybrid = reason(g, "hermit", "hybrid")
    except InputError as exc:
        if "--mode hybrid cannot be used" in str(exc):
            return  # refused: auto runs the full reasoner
        with pytest.raises(InputError):  # HermiT rejects the input (not OWL 2 DL): both modes
            reason(g, "hermit", "full")
        return
    full = reason(g, "hermit", "full")
    assert _key(hybrid) == _key(full), f"\n{text}"


def _rules_agree(text: str) -> None:
    g = _graph(text)
    assert _key(reason(g, "owlrl")) == _key(reason(g, "owlrl-py")), f"\n{text}"


needs_java = pytest.mark.skipif(not java_available(), reason="HermiT needs Java")


@needs_java
@settings(max_examples=examples(20))
@given(text=ontologies())
def test_hybrid_agrees_with_full_hermit_or_refuses(text: str) -> None:
    _hybrid_agrees(text)


@settings(max_examples=examples(100))
@given(text=ontologies())
def test_the_rule_engine_agrees_with_the_owlrl_package(text: str) -> None:
    # owl:hasKey: the owlrl package never compares a key's last property (an off-by-one in
    # OWLRL.py, see tests/data/reasoning-differential/owlrl-bug/): ecoonto applies prp-key as
    # OWL 2 RL states it, so keys are left out of this comparison.
    assume("owl:hasKey" not in text)
    _rules_agree(text)


def _fixtures(kind: str) -> list[str]:
    folder = FIXTURES / kind
    return sorted(p.name for p in folder.glob("*.ttl")) if folder.exists() else []


@needs_java
@pytest.mark.parametrize("name", _fixtures("hybrid"))
def test_hybrid_fixture(name: str) -> None:
    _hybrid_agrees((FIXTURES / "hybrid" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", _fixtures("rules"))
def test_rules_fixture(name: str) -> None:
    _rules_agree((FIXTURES / "rules" / name).read_text(encoding="utf-8"))


@needs_java
def test_auto_on_520_individuals_keeps_every_inferred_membership() -> None:
    """Issue 17's scaled example: 260 individuals in A ⊓ D with A ⊑ ∃p.B and (D ⊓ ∃p.B) ⊑ E,
    260 in B only. Above 500 individuals auto considers the hybrid, which must refuse here: all
    260 memberships in E are found (by hand: exactly the A ⊓ D individuals)."""
    lines = [
        ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :B ] .",
        "[ owl:intersectionOf ( :D [ a owl:Restriction ; owl:onProperty :p ;"
        " owl:someValuesFrom :B ] ) ] rdfs:subClassOf :E .",
    ]
    lines += [f":x{i} a owl:NamedIndividual , :A , :D ." for i in range(260)]
    lines += [f":y{i} a owl:NamedIndividual , :B ." for i in range(260)]
    outcome = reason(_graph("\n".join(lines)), "hermit", "auto")
    members = {str(i) for i, c in outcome.memberships if str(c).endswith("/E")}
    assert members == {f"https://example.org/r/x{i}" for i in range(260)}
    assert any("hybrid mode not applicable" in n for n in outcome.notes)


def test_prp_key_as_owl2_rl_states_it_where_the_owlrl_package_errs() -> None:
    text = (FIXTURES / "owlrl-bug" / "prp-key-last-property-never-compared.ttl").read_text(
        encoding="utf-8"
    )
    g = _graph(text)
    ours = reason(g, "owlrl")
    assert ours.consistent and not ours.property_assertions  # by hand: prp-key does not fire
    theirs = reason(g, "owlrl-py")
    # if this fails, owlrl has fixed its prp-key: drop the assume() in _rules_agree
    assert {str(s)[-1] for s, _p, _o in theirs.property_assertions} == {"b"}
