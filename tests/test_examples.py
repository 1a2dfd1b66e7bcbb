"""The illustrative second industry (examples/specialty-coffee.ttl): it validates with the
bundled shapes, and ecoonto's figures and answers on it equal those counted by hand in
tests/data/examples/specialty-coffee.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ecoonto import resources
from ecoonto.products import answers as ask
from ecoonto.products import stats
from ecoonto.targets import OxigraphMemoryTarget
from tests.test_reasoning import java  # noqa: F401  (the Java runtime fixture)

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "specialty-coffee.ttl"
EXPECTED: dict[str, Any] = json.loads(
    (REPO / "tests" / "data" / "examples" / "specialty-coffee.json").read_text(encoding="utf-8")
)
COF = "https://example.org/ecoonto/specialty-coffee/"


@pytest.fixture(scope="module")
def coffee() -> OxigraphMemoryTarget:
    return OxigraphMemoryTarget([resources.core_ontology(), EXAMPLE])


def test_the_example_is_labelled_illustrative() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    header = text[text.index("a owl:Ontology") :].split(" .\n", 1)[0]
    assert "illustrative" in header
    assert "illustrative" in (REPO / "examples" / "README.md").read_text(encoding="utf-8")


def test_the_example_conforms_to_the_bundled_shapes() -> None:
    from ecoonto.checking.validation import validate_files

    outcome = validate_files([resources.core_ontology(), EXAMPLE])
    assert outcome.conforms, [(f.focus, f.message) for f in outcome.violations]
    # Only the players no counterparty mapping names are reported (by hand: the café chain,
    # the coffee association and the fair-trade certifier).
    assert {str(f.focus) for f in outcome.warnings} == {
        COF + "player-cafe-chain",
        COF + "player-coffee-association",
        COF + "player-fair-trade-certifier",
    }


def test_players_per_side_and_multi_side_organisations(coffee: OxigraphMemoryTarget) -> None:
    figures = stats.compute(coffee)
    assert {s.label: s.players for s in figures.players_per_side} == EXPECTED["players_per_side"]
    sides = {s.side: s.label for s in figures.players_per_side}
    assert {
        o.label: [sides[s] for s in o.sides] for o in figures.multi_side_organisations
    } == EXPECTED["multi_side_organisations"]


def test_counterparty_visibility(coffee: OxigraphMemoryTarget) -> None:
    from ecoonto.targets import querying as queries

    result = queries.run(queries.resolve("q1-invisible-counterparty").text(), coffee)
    got = {str(r["counterpartyLabel"]): int(str(r["visible"])) for r in result.as_dicts()}
    assert got == EXPECTED["counterparty_visibility"]
    assert [str(r["counterpartyLabel"]) for r in result.as_dicts()] == list(
        EXPECTED["counterparty_visibility"]
    )


def test_questions_are_the_industrys_own_and_answered_from_its_evidence(
    coffee: OxigraphMemoryTarget,
) -> None:
    qs = ask.questions(coffee)
    assert [q.id for q in qs] == [str(n) for n in range(1, EXPECTED["questions"] + 1)]
    assert {q.industry for q in qs} == {EXPECTED["industry"]}
    for question, start in zip(qs, EXPECTED["answers_start"], strict=True):
        sentence = ask.answer(question, coffee).sentence
        assert sentence.startswith(start), (question.id, sentence)
    own = ask.answer(qs[4], coffee)
    assert qs[4].query_name == "" and qs[4].evidence_query
    assert len(own.evidence.rows) == 1


def test_answers_follow_the_data(tmp_path: Path) -> None:
    """A second farm that supplies farmland joins the gainers of question 2."""
    extra = tmp_path / "farm.ttl"
    extra.write_text(
        f"""
@prefix eco: <https://w3id.org/ecoonto/> .
@prefix cof: <{COF}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
cof:player-estate a eco:Player ; rdfs:label "Highland estate"@en ; eco:inIndustry cof:industry .
cof:position-estate a eco:Position ; rdfs:label "Estate lots"@en ; eco:onSide eco:Infrastructure .
cof:filling-estate a eco:Filling ; eco:byPlayer cof:player-estate ;
    eco:ofPosition cof:position-estate ; eco:supplies cof:theme-farmland .
""",
        encoding="utf-8",
    )
    target = OxigraphMemoryTarget([resources.core_ontology(), EXAMPLE, extra])
    sentence = ask.answer(ask.find("2", ask.questions(target)), target).sentence
    gains = sentence.split("rule on it (")[1].split("), away")[0]
    assert gains == (
        "Highland estate, Coffee farm / producer cooperative and European Commission "
        "(deforestation rules)"
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{rows}", "3"),
        ("{all.name}", "a, b and c"),
        ("{all.name|n=@max}", "b and c"),
        ("{name|n=@min}", "a"),
        ("{count.name|n=2}", "2"),
        ("{all.name|n=@first|!first}", "none"),
        ("x[ ({all.name|n=9})]y", "xy"),
        ("x[ ({last.name})]y", "x (c)y"),
        ("{rows|n=2 > 1 ? many : one}", "many"),
        ("{first.name~upper}", "A"),
    ],
)
def test_answer_template_slots(template: str, expected: str) -> None:
    from rdflib import Literal

    from ecoonto.targets.results import QueryResult

    result = QueryResult(
        "select",
        variables=["name", "n"],
        rows=[(Literal("a"), Literal(1)), (Literal("b"), Literal(2)), (Literal("c"), Literal(2))],
    )
    assert ask.fill(template, result) == expected


def test_the_example_is_owl2_dl(tmp_path: Path) -> None:
    from ecoonto.rdf import graphs
    from tests.test_reasoning import dl_violations

    graph = graphs.load([resources.core_ontology(), EXAMPLE])
    assert dl_violations(graph, tmp_path) == []


@pytest.mark.reasoner
@pytest.mark.usefixtures("java")
@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_the_example_is_consistent(reasoner: str) -> None:
    from ecoonto.checking.reasoning import reason
    from ecoonto.rdf import graphs

    outcome = reason(graphs.load([resources.core_ontology(), EXAMPLE]), reasoner)  # type: ignore[arg-type]
    assert outcome.consistent, outcome.explanation
    assert outcome.unsatisfiable == frozenset()
