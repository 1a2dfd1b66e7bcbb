"""The W3C OWL 2 test cases (tests/data/w3c-owl2, run by tests/w3c_owl2.py): full HermiT and
full Pellet give the W3C expected result, the hybrid gives full HermiT's answer or refuses.

``make test`` runs a representative subset (:data:`SUBSET`: the kinds of case full mode got
wrong, and one of each other kind); ``python -m tests.w3c_owl2`` runs all 245 cases. A case
past the time limit is refused with one line (tested on WebOnt-description-logic-209 with a
lower limit).
"""

from __future__ import annotations

import pytest

from ecoonto.checking.reasoning import java_available
from tests import w3c_owl2

CASES = {c.name: c for c in w3c_owl2.cases()}

SUBSET = [
    # properties and cardinalities
    "New-Feature-DisjointObjectProperties-001",  # disjoint object properties
    "New-Feature-DisjointDataProperties-001",  # disjoint data properties
    "WebOnt-description-logic-601",  # cardinalities as xsd:int, xsd:byte, xsd:decimal, ...
    "WebOnt-equivalentProperty-001",
    "owl2-rl-rules-fp-differentFrom",  # a functional property and owl:differentFrom
    "New-Feature-Keys-001",
    # classes and individuals
    "WebOnt-Ontology-001",  # individuals typed owl:Thing, equivalent classes
    "WebOnt-allValuesFrom-001",
    "WebOnt-description-logic-205",  # HermiT's inferred equivalences
    "Consistent-but-all-unsat",
    "DisjointClasses-001",  # one the hybrid answers
    "bnode2somevaluesfrom",  # an anonymous individual
]


def test_the_selection_is_all_there() -> None:
    kinds = [k for c in CASES.values() for k in c.kinds]
    assert len(CASES) == 245
    assert {k: kinds.count(k) for k in set(kinds)} == {
        "ConsistencyTest": 161,
        "InconsistencyTest": 84,
        "PositiveEntailmentTest": 73,
        "NegativeEntailmentTest": 9,
    }
    assert all(c.premise.is_file() for c in CASES.values())
    assert set(SUBSET) <= set(CASES)


@pytest.fixture(scope="session")
def w3c_runs() -> dict[str, dict[str, w3c_owl2.Run]]:
    """The subset through full HermiT, full Pellet and hybrid HermiT, once per session (two
    cases at a time: each run is one Java process)."""
    return w3c_owl2.run_all((CASES[name] for name in SUBSET), jobs=2)


@pytest.mark.parametrize("way", w3c_owl2.WAYS)
@pytest.mark.parametrize("name", SUBSET)
@pytest.mark.reasoner
@pytest.mark.skipif(not java_available(), reason="HermiT and Pellet need Java")
def test_w3c_owl2_case(name: str, way: str, w3c_runs: dict[str, dict[str, w3c_owl2.Run]]) -> None:
    runs = w3c_runs[name]
    said = w3c_owl2.outcome(CASES[name], way, runs[way], runs["hermit"])
    assert said == "pass", (runs[way].refusal or runs[way].consistent, CASES[name].description)


def test_the_subset_exercises_the_hybrid(w3c_runs: dict[str, dict[str, w3c_owl2.Run]]) -> None:
    if not java_available():
        pytest.skip("HermiT and Pellet need Java")
    answered = [n for n, r in w3c_runs.items() if not r["hybrid"].refusal]
    refused = [n for n, r in w3c_runs.items() if r["hybrid"].refusal]
    assert answered and refused


@pytest.mark.reasoner
@pytest.mark.skipif(not java_available(), reason="HermiT and Pellet need Java")
def test_a_case_past_the_time_limit_is_refused_with_one_line() -> None:
    # HermiT takes over 90 s on this 1,000-line ABox (measured; Pellet about 10 s).
    run = w3c_owl2.run(CASES["WebOnt-description-logic-209"], "hermit", time_limit=8)
    assert run.consistent is None
    assert run.refusal.startswith("HermiT did not finish within 8 s, the time limit of one run")
    assert "\n" not in run.refusal


def test_a_cardinality_that_is_no_integer_is_refused() -> None:
    from rdflib import Graph

    from ecoonto.checking.reasoning.dl import cardinalities_as_integers
    from ecoonto.errors import InputError

    g = Graph().parse(
        format="turtle",
        data="@prefix owl: <http://www.w3.org/2002/07/owl#> . <http://e/C> owl:equivalentClass"
        ' [ owl:onProperty <http://e/p> ; owl:maxCardinality "1.5" ] .',
    )
    with pytest.raises(InputError, match=r'owl:maxCardinality of .* is "1.5", not a non-negative'):
        cardinalities_as_integers(g)
