"""The four questions on an industry that is not AI compute: a page written from the skeleton
(tests/data/answers/tide-pools.md), its variants with tied and missing evidence, and generated
industries. Expected sentences are derived by hand in tests/data/answers/expected.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ecoonto import resources
from ecoonto.authoring import import_module
from ecoonto.authoring.generate import generate
from ecoonto.products import answers as ask
from ecoonto.targets import OxigraphMemoryTarget

DATA = Path(__file__).parent / "data" / "answers"
PAGE = DATA / "tide-pools.md"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


def _module(tmp: Path, text: str | None = None) -> Path:
    page = tmp / "tide-pools.md"
    page.write_text(PAGE.read_text(encoding="utf-8") if text is None else text, encoding="utf-8")
    module = tmp / "tide-pools.ttl"
    module.write_text(import_module(page).turtle, encoding="utf-8")
    return module


def _answers(*files: Path) -> dict[str, str]:
    target = OxigraphMemoryTarget([resources.core_ontology(), *files])
    return {q.id: ask.answer(q, target).sentence for q in ask.questions(target)}


def test_a_page_from_the_skeleton_gets_true_answers(tmp_path: Path) -> None:
    assert _answers(_module(tmp_path)) == EXPECTED["page"]


def test_themes_and_archetypes_stated_in_an_editorial_file(tmp_path: Path) -> None:
    module = _module(tmp_path)
    assert _answers(module, DATA / "tide-pools-themes.ttl")["2"] == EXPECTED["themes_2"]
    assert _answers(module, DATA / "tide-pools-archetype.ttl")["4"] == EXPECTED["archetype_4"]


@pytest.mark.parametrize(
    ("variant", "edits"),
    [
        ("tied_1", {"| Owners | Families, Trusts |": "| Owners | Families, Net maker |"}),
        (
            "all_tied_1",
            {
                "| Customers | Aquarium buyers, School": "| Customers | Zoos, School",
                "| Suppliers | Boat charter, Net maker |": "| Suppliers | Boats, Nets |",
                "| Employees | Tour guides, Divers |": "| Employees | Guides, Divers |",
                "| Regulators | Marine park authority |": "| Regulators | Wardens |",
            },
        ),
        (
            "one_1",
            {
                "| Suppliers | Boat charter, Net maker |\n": "",
                "| Employees | Tour guides, Divers |\n": "",
                "| Owners | Families, Trusts |\n": "",
                "| Regulators | Marine park authority |\n": "",
            },
        ),
    ],
)
def test_tied_and_single_evidence(variant: str, edits: dict[str, str], tmp_path: Path) -> None:
    text = PAGE.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new)
    assert _answers(_module(tmp_path, text))["1"] == EXPECTED[variant]


def _no_contradiction(sentences: dict[str, str]) -> None:
    q1 = sentences["1"]
    hardest, _, rest = q1.partition(" the hardest to see")
    easiest = rest.partition("; ")[2].partition(" the easiest to see")[0]
    names = set(re.split(r", | and ", hardest.removesuffix(" are").removesuffix(" is")))
    if easiest:
        others = re.split(r", | and ", easiest.removesuffix(" are").removesuffix(" is"))
        assert not names & set(others), q1  # no counterparty both hardest and easiest
    for sentence in sentences.values():
        assert "at most 0" not in sentence
        assert "?" not in sentence.replace("which theme", "")  # no raw ?variables
        assert "http" not in sentence  # labels, never IRIs
        assert "{" not in sentence and "[" not in sentence


@pytest.mark.parametrize(("players", "seed"), [(8, 1), (20, 7), (40, 0)])
def test_generated_industries_get_non_contradictory_answers(
    players: int, seed: int, tmp_path: Path
) -> None:
    module = tmp_path / "gen.ttl"
    generate(players, seed, path=module)
    sentences = _answers(module, DATA / "generated-questions.ttl")
    assert set(sentences) == {"1", "2", "3", "4"}
    _no_contradiction(sentences)


def test_the_sparse_and_tied_sentences_hold_the_same_rules(tmp_path: Path) -> None:
    _no_contradiction(EXPECTED["page"] | {"1": EXPECTED["all_tied_1"]})
    _no_contradiction({"1": EXPECTED["tied_1"]})


def test_a_question_without_template_names_labels_not_iris(tmp_path: Path) -> None:
    # The user question: organisations on several sides, the query giving IRIs only.
    extra = tmp_path / "q.ttl"
    extra.write_text(
        """PREFIX eco: <https://w3id.org/ecoonto/>
PREFIX cof: <https://example.org/ecoonto/specialty-coffee/>
cof:question-9 a eco:AnalysisQuestion ; eco:inIndustry cof:industry ; eco:order 9 ;
  eco:verbatimText "Which organisations stand on several sides?" ;
  eco:evidenceQuery '''PREFIX eco: <https://w3id.org/ecoonto/>
SELECT DISTINCT ?organisation WHERE {
  ?organisation eco:exemplifies ?p1 , ?p2 .
  ?f1 eco:byPlayer ?p1 ; eco:ofPosition/eco:onSide ?s1 .
  ?f2 eco:byPlayer ?p2 ; eco:ofPosition/eco:onSide ?s2 .
  ?p1 eco:inIndustry ?industry .
  FILTER(?s1 != ?s2)
}''' .
""",
        encoding="utf-8",
    )
    example = Path(__file__).parent.parent / "examples" / "specialty-coffee.ttl"
    sentence = _answers(example, extra)["9"]
    examples = json.loads(
        (Path(__file__).parent / "data" / "examples" / "specialty-coffee.json").read_text("utf-8")
    )
    (name,) = examples["multi_side_organisations"]  # Starbucks, counted by hand
    assert sentence == f"1 evidence row; organisation: {name}."
