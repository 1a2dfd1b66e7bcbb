"""--industry on validate and reason: with AI compute and the example industry in one input, the
whole input is checked, and the findings and inferences shown are exactly those of the chosen
industry's resources. Expectations come from running each industry alone (so they add up), not
from the scoped runs themselves."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from ecoonto import resources
from ecoonto.cli import cli

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = str(REPO / "examples" / "specialty-coffee.ttl")
AI = str(resources.industry_files()[0])
EXAMPLE_NS = "https://example.org/ecoonto/specialty-coffee/"
AI_NS = "https://w3id.org/ecoonto/data/ai-compute/"
CORE = "https://w3id.org/ecoonto/"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def findings(*args: str) -> list[tuple[str, str, str]]:
    result = run("validate", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return sorted((f["severity"], f["focus"], f["shape"]) for f in data["findings"])


def test_validate_industry_scopes_the_findings_exactly() -> None:
    both = findings(AI, EXAMPLE)
    ai = findings(AI, EXAMPLE, "--industry", "ai-compute")
    coffee = findings(AI, EXAMPLE, "--industry", "specialty-coffee")
    assert ai == findings(AI)  # the same findings as AI compute alone
    assert coffee == findings(EXAMPLE)
    assert sorted(ai + coffee) == both  # and together they are all of them
    assert coffee and all(focus.startswith(EXAMPLE_NS) for _, focus, _ in coffee)
    assert ai and all(focus.startswith(AI_NS) for _, focus, _ in ai)


def test_validate_several_industries_need_a_choice_only_when_scoping() -> None:
    unknown = run("validate", AI, EXAMPLE, "--industry", "tea")
    assert unknown.exit_code == 2
    assert "--industry tea: no such industry" in unknown.output
    assert "specialty-coffee" in unknown.output


def test_validate_industry_report_graph_holds_only_its_results() -> None:
    result = run("validate", AI, EXAMPLE, "--industry", "specialty-coffee", "--format", "turtle")
    assert result.exit_code == 0, result.output
    assert "ai-compute" not in result.output
    assert "sh:conforms false" in result.output  # 3 warnings: the spec's conforms is false


def inferences(*args: str) -> tuple[set[str], str]:
    result = run("reason", "--reasoner", "owlrl", *args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    return {line.strip() for line in lines if line.startswith("  ")}, lines[-1]


def _about_core(line: str) -> bool:
    """An inference whose subject is a core term (a side, an archetype, ...), not data."""
    subject = line.split()[0]
    return subject.startswith("eco:") or subject.startswith(f"<{CORE}") and "/data/" not in subject


def test_reason_industry_lists_the_inferences_about_its_resources() -> None:
    both, _ = inferences(AI, EXAMPLE)
    ai, summary = inferences(AI, EXAMPLE, "--industry", "ai-compute")
    coffee, _ = inferences(AI, EXAMPLE, "--industry", "specialty-coffee")
    ai_alone, _ = inferences(AI)
    coffee_alone, _ = inferences(EXAMPLE)
    assert ai == {line for line in ai_alone if not _about_core(line)}
    assert coffee == {line for line in coffee_alone if not _about_core(line)}
    assert ai | coffee == {line for line in both if not _about_core(line)}
    assert not ai & coffee
    assert summary.startswith("consistent")
