"""ecoonto.products.answers: answers computed from the graph, and answers that follow the data when
it changes.

Expected answers are derived by hand from the page (see the `# expect:` headers of the queries).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, Namespace, URIRef

from ecoonto import resources
from ecoonto.errors import InputError
from ecoonto.products import answers as ask
from ecoonto.rdf.graphs import canonical_turtle, load
from ecoonto.targets import OxigraphMemoryTarget

ECO = Namespace("https://w3id.org/ecoonto/")
AIC = Namespace("https://w3id.org/ecoonto/data/ai-compute/")

PAGE_QUESTIONS = [
    "Which counterparty's perspective is most invisible in this industry — and what routing "
    "signal gets missed as a result?",
    "If energy becomes the binding constraint before silicon does, which players gain "
    "disproportionate leverage — and which lose theirs?",
    "When inference cost falls to near-zero, does the value in AI compute shift entirely to "
    "training — or to the data layer?",
    "Which archetype is underrepresented in the boundary layer — and what does that explain "
    "about how the export-control regime was designed?",
]


@pytest.fixture(scope="module")
def target() -> OxigraphMemoryTarget:
    return OxigraphMemoryTarget.bundled()


def test_questions_are_the_pages_four(target: OxigraphMemoryTarget) -> None:
    qs = ask.questions(target)
    assert [q.text for q in qs] == PAGE_QUESTIONS
    assert [q.id for q in qs] == ["1", "2", "3", "4"]


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("1", "q1-invisible-counterparty"),
        ("q2", "q2-energy-binding-constraint"),
        ("q3-inference-cost-collapse", "q3-inference-cost-collapse"),
        ("Which archetype", "q4-boundary-archetype-gap"),
    ],
)
def test_find_by_number_name_or_prefix(target: OxigraphMemoryTarget, key: str, name: str) -> None:
    assert ask.find(key, ask.questions(target)).query_name == name


@pytest.mark.parametrize("key", ["q", "9", ""])
def test_find_refuses_unknown_or_ambiguous(target: OxigraphMemoryTarget, key: str) -> None:
    with pytest.raises(InputError):
        ask.find(key, ask.questions(target))


def answer_for(target: OxigraphMemoryTarget, key: str) -> ask.Answer:
    return ask.answer(ask.find(key, ask.questions(target)), target)


def test_q1_owners_are_most_invisible(target: OxigraphMemoryTarget) -> None:
    a = answer_for(target, "1")
    # By hand: the Owners row names shareholders, VC investors, sovereign wealth funds and REIT
    # holders, none of which is a player or position of the side tables.
    assert a.sentence.startswith("Owners is the most invisible counterparty")
    assert "identify 0 players and 0 positions" in a.sentence
    assert "Suppliers is the most visible" in a.sentence
    assert len(a.evidence.rows) == 5


def test_q2_energy_gains_and_silicon_losses(target: OxigraphMemoryTarget) -> None:
    s = answer_for(target, "2").sentence
    gains = s.split("gain leverage (")[1].split(")")[0]
    for name in (
        "Data centre REIT / colocation",
        "Grid-scale power provider / utility",
        "Liquid cooling systems",
        "National energy regulator",
    ):
        assert name in gains
    loses = s.split("lose it (")[1].split(");")[0]
    for name in ("Nvidia", "AMD", "Google (TPU)", "US BIS", "HBM / DRAM memory supplier"):
        assert name in loses
    assert "exposed (Frontier AI lab)" in s


def test_q3_points_to_training(target: OxigraphMemoryTarget) -> None:
    s = answer_for(target, "3").sentence
    assert s.startswith("The graph points to training")
    assert "AI data industry" in s


def test_q4_philosopher_is_missing_from_the_boundary(target: OxigraphMemoryTarget) -> None:
    a = answer_for(target, "4")
    assert a.sentence.startswith("The Philosopher is the most underrepresented archetype")
    assert "equally absent: Dreamer" in a.sentence
    assert "held mostly by the Realist (3 players)" in a.sentence
    assert "PREFIX eco:" in a.query


def test_answer_follows_the_data(tmp_path: Path) -> None:
    """Give the boundary a Philosopher: the answer to question 4 changes to the Dreamer."""
    extra = tmp_path / "philosopher.ttl"
    extra.write_text(
        """
@prefix eco: <https://w3id.org/ecoonto/> .
@prefix aic: <https://w3id.org/ecoonto/data/ai-compute/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
aic:player-ethics-board a eco:Player ; rdfs:label "AI ethics board"@en ;
    eco:inIndustry aic:industry ; eco:hasArchetype eco:Philosopher ;
    eco:primaryArchetype eco:Philosopher .
aic:position-ethics-board a eco:Position ; rdfs:label "Ethics review of compute access"@en ;
    eco:onSide eco:Boundary .
aic:filling-ethics-board a eco:Filling ; eco:byPlayer aic:player-ethics-board ;
    eco:ofPosition aic:position-ethics-board ;
    eco:repeatPlayerAdvantage "Reviews every frontier run" .
""",
        encoding="utf-8",
    )
    target = OxigraphMemoryTarget.bundled([extra])
    s = answer_for(target, "4").sentence
    assert s.startswith("The Dreamer is the most underrepresented archetype")


def test_answer_follows_a_player_moving_side(tmp_path: Path) -> None:
    """Move the grid utility's position to the buyers side: it no longer gains as a supplier
    of energy on the infrastructure side but still appears (the tagging stays with the hat)."""
    graph = load(resources.industry_files())
    position = AIC["position-grid-power-provider"]
    graph.set((position, ECO.onSide, ECO.Buyers))
    moved = tmp_path / "moved.ttl"
    moved.write_text(canonical_turtle(graph), encoding="utf-8")
    target = OxigraphMemoryTarget([resources.core_ontology(), moved])
    a = answer_for(target, "2")
    sides = {
        str(r["playerLabel"]): str(r["side"])
        for r in a.evidence.as_dicts()
        if r.get("playerLabel") is not None
    }
    assert sides["Grid-scale power provider / utility"] in {"Buyers", str(ECO.Buyers)}


def test_generic_answer_for_unknown_query_names() -> None:
    from ecoonto.targets.results import QueryResult

    result = QueryResult(kind="select", variables=["x"], rows=[(Literal(1),), (URIRef("u:x"),)])
    assert ask._generic(result) == "2 evidence rows; x: 1 and x."  # the IRI by its last segment
    iris = QueryResult(kind="select", variables=["x"], rows=[(URIRef("u:a"),), (URIRef("u:b"),)])
    assert ask._generic(iris) == "2 evidence rows; x: a and b."  # never a raw IRI
    empty = QueryResult(kind="select", variables=["x"], rows=[])
    assert ask._generic(empty).startswith("The graph holds no evidence")
