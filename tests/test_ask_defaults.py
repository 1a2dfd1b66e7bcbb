"""A question that names a bundled query and brings no answer template of its own gets the
query's default sentence (its ``# answer:`` header), filled from its evidence rows; a question
with neither gets a sentence naming its rows' first column. Expected values come from
tests/data/examples/specialty-coffee.json (counted by hand from the example module)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from ecoonto.cli import cli
from ecoonto.targets import querying as queries

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "specialty-coffee.ttl"
EXPECTED = json.loads(
    (REPO / "tests" / "data" / "examples" / "specialty-coffee.json").read_text(encoding="utf-8")
)
TEMPLATE = ox.NamedNode("https://w3id.org/ecoonto/answerTemplate")


@pytest.fixture(scope="module")
def untemplated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with the answer templates of its questions 1-4 removed."""
    quads = ox.parse(path=str(EXAMPLE), format=ox.RdfFormat.TURTLE)
    kept = [
        q for q in quads if not (q.predicate == TEMPLATE and str(q.subject.value)[-1] in "1234")
    ]
    path = tmp_path_factory.mktemp("ask") / "coffee.nt"
    path.write_bytes(ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES))
    return path


def answer(number: int, path: Path) -> str:
    result = CliRunner().invoke(cli, ["ask", str(number), str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("Answer: "))
    return line.removeprefix("Answer: ")


@pytest.mark.parametrize("name", [f"q{i}" for i in range(1, 5)])
def test_every_bundled_analysis_query_has_a_default_answer(name: str) -> None:
    (info,) = [q for q in queries.list_queries() if q.name.startswith(name + "-")]
    assert "{" in info.answer and "aic:" not in info.answer and "AI" not in info.answer


def test_defaults_fill_from_the_evidence(untemplated: Path) -> None:
    q1 = answer(1, untemplated)
    assert q1.startswith(EXPECTED["answers_start"][0].rstrip("."))  # same counts, same order
    assert q1.endswith("Suppliers is the easiest to see (4 players and positions).")
    assert EXPECTED["counterparty_visibility"]["Suppliers"] == 4
    q2 = answer(2, untemplated)
    assert (
        "(Coffee farm / producer cooperative and European Commission (deforestation rules))" in q2
    )
    assert "(Specialty roaster and Specialty Coffee Association)" in q2
    assert "Green coffee importer needs it without holding it" in q2
    q3 = answer(3, untemplated)
    # 5 supplying and 5 needing fillings, 4 examples: the 6 + 2 + 7 pieces of evidence by theme
    # of the example's own answer, less the adjacent-industry row, counted by kind instead.
    assert "5 fillings supply" in q3 and "5 need them" in q3 and "4 archetype examples" in q3
    assert q3.endswith("the adjacent industry is Dairy and plant-milk industry.")
    q4 = answer(4, untemplated)
    assert q4.startswith(EXPECTED["answers_start"][3].rstrip(";"))


def test_a_question_with_its_own_template_keeps_it() -> None:
    assert answer(1, EXAMPLE).startswith(EXPECTED["answers_start"][0])
    assert "the easiest to see" in answer(1, EXAMPLE)


def test_no_template_and_no_default_names_the_rows(tmp_path: Path) -> None:
    extra = tmp_path / "q.ttl"
    extra.write_text(
        """PREFIX eco: <https://w3id.org/ecoonto/>
PREFIX cof: <https://example.org/ecoonto/specialty-coffee/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
cof:question-9 a owl:NamedIndividual, eco:AnalysisQuestion ;
  rdfs:label "Boundary players"@en ; eco:inIndustry cof:industry ; eco:order 9 ;
  eco:verbatimText "Who stands on the boundary?" ;
  eco:evidenceQuery '''PREFIX eco: <https://w3id.org/ecoonto/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?label WHERE {
  ?f eco:byPlayer ?p ; eco:ofPosition/eco:onSide eco:Boundary .
  ?p rdfs:label ?label ; eco:inIndustry ?industry .
} ORDER BY ?label''' .
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["ask", "9", str(EXAMPLE), str(extra)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("Answer: "))
    boundary = EXPECTED["players_per_side"]["Boundary"]
    assert line.startswith(f"Answer: {boundary} evidence rows; label: ")
    assert "European Commission" in line
