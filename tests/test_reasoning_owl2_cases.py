"""Full HermiT as the reference: hand-derived OWL 2 cases (tests/data/reasoning/owl2/, in the
manner of the W3C OWL 2 test cases that full mode got wrong: undeclared disjoint properties,
zero maximum cardinalities, symmetric properties, a functional property that merges three
individuals) checked against their expected results, against Pellet, and against the hybrid
(which agrees or refuses).

Each case's first comment lines say ``# expect: consistent`` or ``# expect: inconsistent`` and,
one per line, ``# entails: S P O`` (prefix ``:``, ``a`` for ``rdf:type``) for the facts the graph
does not assert that a reasoner must infer. Java runs are shared per session.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph

from ecoonto.checking.reasoning import Reasoning, java_available, reason
from ecoonto.errors import InputError

CASES = Path(__file__).parent / "data" / "reasoning" / "owl2"
NS = "https://example.org/o/"
NAMES = sorted(p.stem for p in CASES.glob("*.ttl"))

pytestmark = [
    pytest.mark.reasoner,
    pytest.mark.skipif(not java_available(), reason="HermiT and Pellet need Java"),
]


def _expected(name: str) -> tuple[bool, set[tuple[str, str, str]]]:
    consistent: bool | None = None
    entails: set[tuple[str, str, str]] = set()
    for line in (CASES / f"{name}.ttl").read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect: "):
            consistent = line.split(": ", 1)[1].strip() == "consistent"
        elif line.startswith("# entails: "):
            s, p, o = line.split(": ", 1)[1].split()
            entails.add((s, p, o))
    assert consistent is not None, f"{name}: no '# expect:' line"
    return consistent, entails


def _short(term: object) -> str:
    if term == RDF.type:
        return "a"
    return f":{str(term)[len(NS) :]}" if str(term).startswith(NS) else str(term)


def _facts(r: Reasoning) -> set[tuple[str, str, str]]:
    found = {(_short(i), "a", _short(c)) for i, c in r.memberships}
    found |= {(_short(s), _short(p), _short(o)) for s, p, o in r.property_assertions}
    return found


def _key(r: Reasoning) -> tuple[object, ...]:
    if not r.consistent:
        return (False,)
    return (True, r.unsatisfiable, r.memberships, r.property_assertions)


@pytest.fixture(scope="session")
def owl2_runs() -> dict[tuple[str, str], Reasoning | str]:
    """Each case through full HermiT, full Pellet and hybrid HermiT (an InputError as text)."""
    runs: dict[tuple[str, str], Reasoning | str] = {}
    for name in NAMES:
        g = Graph().parse(CASES / f"{name}.ttl", format="turtle")
        for label, reasoner, mode in (
            ("hermit", "hermit", "full"),
            ("pellet", "pellet", "full"),
            ("hybrid", "hermit", "hybrid"),
        ):
            try:
                runs[(name, label)] = reason(g, reasoner, mode)  # type: ignore[arg-type]
            except InputError as exc:
                runs[(name, label)] = str(exc)
    return runs


@pytest.mark.parametrize("name", NAMES)
def test_full_hermit_gives_the_expected_result(
    name: str, owl2_runs: dict[tuple[str, str], Reasoning | str]
) -> None:
    consistent, entails = _expected(name)
    full = owl2_runs[(name, "hermit")]
    assert isinstance(full, Reasoning), full
    assert full.consistent is consistent
    assert entails <= _facts(full)


@pytest.mark.parametrize("name", NAMES)
def test_full_hermit_agrees_with_full_pellet(
    name: str, owl2_runs: dict[tuple[str, str], Reasoning | str]
) -> None:
    hermit, pellet = owl2_runs[(name, "hermit")], owl2_runs[(name, "pellet")]
    assert isinstance(hermit, Reasoning) and isinstance(pellet, Reasoning), (hermit, pellet)
    assert _key(hermit) == _key(pellet)


@pytest.mark.parametrize("name", NAMES)
def test_hybrid_agrees_with_full_or_refuses(
    name: str, owl2_runs: dict[tuple[str, str], Reasoning | str]
) -> None:
    hybrid, full = owl2_runs[(name, "hybrid")], owl2_runs[(name, "hermit")]
    if isinstance(hybrid, str):
        assert "--mode hybrid cannot be used" in hybrid
        return
    assert isinstance(full, Reasoning)
    assert _key(hybrid) == _key(full)


def test_undeclared_properties_are_declared_with_a_note(
    owl2_runs: dict[tuple[str, str], Reasoning | str],
) -> None:
    full = owl2_runs[("disjoint-properties-undeclared", "hermit")]
    assert isinstance(full, Reasoning)
    assert any(f"<{NS}p1>, <{NS}p2>" in n and "declared from their use" in n for n in full.notes)


def test_a_hermit_exception_is_retried_and_said(
    owl2_runs: dict[tuple[str, str], Reasoning | str],
) -> None:
    full = owl2_runs[("functional-merges-three", "hermit")]
    assert isinstance(full, Reasoning)
    said = [n for n in full.notes if "failed while inferring property values" in n]
    assert said and "ConcurrentModificationException" in said[0] and "Pellet's" in said[0]


def test_a_property_of_both_kinds_is_refused_with_its_name() -> None:
    g = Graph().parse(
        format="turtle",
        data="@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix : <https://example.org/o/> ."
        ' :p a owl:FunctionalProperty . :a :p :b , "1" .',
    )
    with pytest.raises(InputError, match=r"the property <https://example.org/o/p> is not declared"):
        reason(g, "hermit", "full")


def test_a_run_past_the_time_limit_is_stopped_with_a_clear_line() -> None:
    g = Graph().parse(CASES / "symmetric-reverse.ttl", format="turtle")
    with pytest.raises(InputError) as caught:
        reason(g, "hermit", "full", time_limit=0.2)  # Java alone takes longer to start
    message = str(caught.value)
    assert "HermiT did not finish within 0.2 s" in message and "\n" not in message


def test_the_time_limit_leaves_owlready2_as_it_was() -> None:
    import owlready2.reasoning

    before = dict(owlready2.reasoning._subprocess_kargs)
    g = Graph().parse(CASES / "symmetric-reverse.ttl", format="turtle")
    with pytest.raises(InputError):
        reason(g, "hermit", "full", time_limit=0.2)
    assert owlready2.reasoning._subprocess_kargs == before
