"""Every command on the illustrative second industry (examples/specialty-coffee.ttl): alone, no
trace of AI compute in any output; loaded with the bundled AI compute module, the figures add
up and --industry scopes exactly. Expected figures: tests/data/examples/specialty-coffee.json
(counted by hand from the module)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ecoonto import resources
from ecoonto.cli import cli

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = str(REPO / "examples" / "specialty-coffee.ttl")
AI = str(resources.industry_files()[0])
EXPECTED: dict[str, Any] = json.loads(
    (REPO / "tests" / "data" / "examples" / "specialty-coffee.json").read_text(encoding="utf-8")
)
FORBIDDEN = ("AI compute", "GPU", "aic:", "ai-compute")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, (args, result.output)
    return result.output


def no_ai(text: str) -> None:
    for word in FORBIDDEN:
        assert word not in text, word


# --- the example alone ------------------------------------------------------------------------

ALONE = [
    ["validate", EXAMPLE],
    ["validate", EXAMPLE, "--format", "json"],
    ["industries", EXAMPLE],
    ["stats", EXAMPLE],
    ["query", "table-buyer-side", EXAMPLE],
    ["query", "q1-invisible-counterparty", EXAMPLE],
    ["query", "q3-inference-cost-collapse", EXAMPLE],
    ["query", "questions", EXAMPLE],
    ["ask", EXAMPLE],
    ["ask", "1", EXAMPLE],
    ["ask", "2", EXAMPLE],
    ["ask", "3", EXAMPLE, "--format", "md"],
    ["ask", "4", EXAMPLE, "--format", "json"],
    ["ask", "5", EXAMPLE],
    ["report", EXAMPLE],
    ["diagram", EXAMPLE, "--format", "dot"],
    ["reason", EXAMPLE, "--reasoner", "owlrl"],
    ["compare", "specialty-coffee", "dairy", EXAMPLE],
]


@pytest.mark.parametrize("args", ALONE, ids=[" ".join(a[:2]) for a in ALONE])
def test_every_command_on_the_example_alone_says_nothing_of_ai_compute(args: list[str]) -> None:
    no_ai(ok(*args))


def test_report_html_and_svg_diagram_of_the_example(tmp_path: Path) -> None:
    html = tmp_path / "coffee.html"
    ok("report", EXAMPLE, "--format", "html", "-o", str(html))
    text = html.read_text(encoding="utf-8")
    no_ai(text)
    assert "<svg" in text and "Specialty coffee industry" in text
    svg = ok("diagram", EXAMPLE)
    no_ai(svg)
    assert svg.count(">Café operator<") == 2  # one box on each of its two sides


def test_industries_lists_the_example_with_its_players_per_side() -> None:
    rows = json.loads(ok("industries", EXAMPLE, "--format", "json"))
    by_name = {r["short_name"]: r for r in rows}
    assert by_name["specialty-coffee"]["players_per_side"] == EXPECTED["players_per_side"]
    assert by_name["specialty-coffee"]["label"] == EXPECTED["label"]
    assert by_name["dairy"]["members"] == 0


def test_ask_answers_the_examples_own_questions() -> None:
    listing = ok("ask", EXAMPLE).splitlines()
    assert [line.split()[0] for line in listing] == ["1", "2", "3", "4", "5"]
    assert "own query" in listing[4]
    for n, start in enumerate(EXPECTED["answers_start"], start=1):
        payload = json.loads(ok("ask", str(n), EXAMPLE, "--format", "json"))
        assert payload["answer"].startswith(start)


def test_report_regenerates_the_examples_tables() -> None:
    text = ok("report", EXAMPLE)
    assert text.startswith("# Specialty coffee industry\n")
    for title, rows in zip(EXPECTED["tables"], EXPECTED["table_rows"], strict=True):
        block = text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
        body = [line for line in block.splitlines() if line.startswith("| ")]
        assert len(body) == rows + 1, title  # the header row and the table's rows
    assert text.count("**Answer (computed from the graph).**") == EXPECTED["questions"]


# --- both industries loaded together ------------------------------------------------------------


def test_figures_add_up_and_industry_scopes_exactly() -> None:
    both = json.loads(ok("stats", AI, EXAMPLE, "--format", "json"))
    expected = EXPECTED["compare_with_ai_compute"]["both_players_per_side"]
    assert {s["label"]: s["players"] for s in both["players_per_side"]} == expected
    coffee = json.loads(
        ok("stats", AI, EXAMPLE, "--industry", "specialty-coffee", "--format", "json")
    )
    assert {s["label"]: s["players"] for s in coffee["players_per_side"]} == (
        EXPECTED["players_per_side"]
    )
    ai = json.loads(ok("stats", AI, EXAMPLE, "--industry", "ai-compute", "--format", "json"))
    assert {s["label"]: s["players"] for s in ai["players_per_side"]} == (
        EXPECTED["compare_with_ai_compute"]["ai_compute_players_per_side"]
    )
    orgs = {o["label"] for o in both["multi_side_organisations"]}
    assert orgs == {"Amazon", "Google", "Microsoft", "Nvidia", "Starbucks"}


def test_query_scoped_to_one_industry_equals_the_industry_alone() -> None:
    alone = ok("query", "table-buyer-side", EXAMPLE, "--format", "tsv")
    scoped = ok("query", "table-buyer-side", AI, EXAMPLE, "--industry", "specialty-coffee",
                "--format", "tsv")  # fmt: skip
    assert scoped == alone
    every = ok("query", "table-buyer-side", AI, EXAMPLE, "--format", "tsv").splitlines()
    assert every[0].split("\t")[0] == "industry"
    names = [line.split("\t")[0] for line in every[1:]]
    assert names == ["ai-compute"] * 6 + ["specialty-coffee"] * 3


def test_report_and_ask_with_both_need_an_industry() -> None:
    result = run("report", AI, EXAMPLE)
    assert result.exit_code == 2
    assert "ai-compute" in result.output and "specialty-coffee" in result.output
    assert ok("report", AI, EXAMPLE, "--industry", "specialty-coffee") == ok("report", EXAMPLE)
    result = run("ask", "1", AI, EXAMPLE)
    assert result.exit_code == 2 and "--industry" in result.output
    listing = ok("ask", AI, EXAMPLE).splitlines()
    assert len(listing) == 4 + EXPECTED["questions"]
    answer = ok("ask", "1", AI, EXAMPLE, "--industry", "ai-compute")
    assert "Answer: Owners is the most invisible counterparty" in answer


def test_unknown_industry_is_exit_2_naming_the_choices() -> None:
    result = run("report", EXAMPLE, "--industry", "tea")
    assert result.exit_code == 2
    assert "specialty-coffee" in result.output and result.output.count("\n") == 1


def test_compare_figures_equal_those_derived_by_hand() -> None:
    payload = json.loads(
        ok("compare", "ai-compute", "specialty-coffee", AI, EXAMPLE, "--format", "json")
    )
    ai, coffee = payload["industries"]
    hand = EXPECTED["compare_with_ai_compute"]
    assert coffee["players_per_side"] == EXPECTED["players_per_side"]
    assert coffee["archetype_mix_per_side"] == EXPECTED["archetype_mix_per_side"]
    assert coffee["counterparty_visibility"] == EXPECTED["counterparty_visibility"]
    assert coffee["players_on_several_sides"] == EXPECTED["players_on_several_sides"]
    assert coffee["organisations_on_several_sides"] == EXPECTED["multi_side_organisations"]
    assert ai["players_per_side"] == hand["ai_compute_players_per_side"]
    assert ai["archetype_mix_per_side"] == hand["ai_compute_archetype_mix_per_side"]
    assert ai["counterparty_visibility"] == hand["ai_compute_counterparty_visibility"]
    assert ai["organisations_on_several_sides"] == hand["ai_compute_multi_side_organisations"]
    assert ai["players_on_several_sides"] == {}
    assert payload["organisations_in_both"] == [["EC", "European Commission"]]


def test_a_store_loaded_without_the_core_is_refused_not_empty(tmp_path: Path) -> None:
    store = str(tmp_path / "kg")
    loaded = run("load", EXAMPLE, "--store", store, "--without-core")
    assert loaded.exit_code == 0 and "core ontology is not among FILES" in loaded.output
    result = run("report", "--store", store)
    assert result.exit_code == 2 and "core ontology is not in it" in result.output
    warned = run("query", "table-buyer-side", "--store", store)
    assert "does not hold the core ontology" in warned.output
    ok("load", EXAMPLE, "--store", store)  # the default: FILES with the core, as elsewhere
    assert ok("report", "--store", store) == ok("report", EXAMPLE)
