"""Industry names a user meets: a stub of an adjacent industry listed as a stub, two mapped
industries under one short name an error naming both, compare's error naming what was typed,
and diff's help example running as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecoonto.authoring import import_module
from ecoonto.cli import cli

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "tests" / "data" / "answers" / "tide-pools.md"
AI_COMPUTE = REPO / "ontology" / "industries" / "ai-compute.ttl"
EXAMPLE = REPO / "examples" / "specialty-coffee.ttl"


@pytest.fixture()
def ai_data(tmp_path: Path) -> Path:
    """The tide-pools page under the title 'AI Data Industry Players': short name ai-data, as
    the bundled module's adjacent-industry stub."""
    page = tmp_path / "ai-data.md"
    text = PAGE.read_text(encoding="utf-8").replace("# Tide Pools", "# AI Data", 1)
    page.write_text(text, encoding="utf-8")
    module = tmp_path / "ai-data.ttl"
    module.write_text(import_module(page).turtle, encoding="utf-8")
    return module


def test_a_stub_is_listed_as_a_stub(ai_data: Path) -> None:
    result = CliRunner().invoke(cli, ["industries", str(ai_data), str(AI_COMPUTE)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines[1:]] == ["ai-data", "ai-compute", "ai-data"]
    assert "(stub)" not in lines[1] and lines[3].startswith("ai-data (stub) ")
    # --industry ai-data is the industry the user mapped, not the stub
    asked = CliRunner().invoke(
        cli, ["ask", "1", "--industry", "ai-data", str(ai_data), str(AI_COMPUTE)]
    )
    assert asked.exit_code == 0, asked.output
    assert "Owners is the hardest to see" in asked.output


def test_two_mapped_industries_with_one_short_name_fail_naming_both(
    ai_data: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.ttl"
    other.write_text(
        ai_data.read_text(encoding="utf-8").replace("/data/ai-data/", "/data/ai-data-2/"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["industries", str(ai_data), str(other)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert (
        "error: two industries have the short name 'ai-data': "
        "https://w3id.org/ecoonto/data/ai-data-2/industry (AI Data industry) and "
        "https://w3id.org/ecoonto/data/ai-data/industry (AI Data industry)"
    ) in result.output


def test_compare_names_the_argument_typed() -> None:
    result = CliRunner().invoke(cli, ["compare", "ai-compute", "specialty-coffee", str(EXAMPLE)])
    assert result.exit_code == 2
    assert "error: A 'ai-compute': no such industry in the input" in result.output
    assert "--industry" not in result.output


def test_diff_help_example_runs(tmp_path: Path) -> None:
    help_text = CliRunner().invoke(cli, ["diff", "--help"]).output
    example = next(
        line.strip()
        for line in help_text.splitlines()
        if line.strip().startswith("ecoonto diff old-page.md")
    )
    old, new = tmp_path / "old-page.md", tmp_path / "new-page.md"
    text = PAGE.read_text(encoding="utf-8")
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("Weather windows", "Weather and tides"), encoding="utf-8")
    args = shlex.split(example)[1:]
    args = [str(tmp_path / a) if re.fullmatch(r"(old|new)-page\.md", a) else a for a in args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert '+ tp:filling-boat-charter eco:competesOn "Weather and tides" .' in result.output
