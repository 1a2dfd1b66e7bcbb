"""ecoonto import / new on the command line: exit codes, --errors, nothing half-written."""

from __future__ import annotations

import csv
import itertools
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecoonto import resources
from ecoonto.cli import cli


def _ai_page(tmp_path: Path) -> Path:
    from ecoonto.products import report
    from ecoonto.targets import OxigraphMemoryTarget

    module = next(p for p in resources.industry_files() if p.name == "ai-compute.ttl")
    page = tmp_path / "ai-compute.md"
    page.write_text(report.markdown(OxigraphMemoryTarget([resources.core_ontology(), module])))
    return page


_COUNTER = itertools.count(1)


def _fill(text: str, counter: itertools.count[int] = _COUNTER) -> str:
    """Replace every placeholder by a distinct text, as an author would."""
    return re.sub(r"<[^<>|!]+>", lambda m: f"Filled text {next(counter)}", text)


def test_import_writes_a_module_that_validates(tmp_path: Path) -> None:
    page = _ai_page(tmp_path)
    # The report writes the matrix's sides and trends as its optional columns: the page
    # imports as it is.
    assert "| Direction (3–5 years) | Side | Trend |" in page.read_text()
    out = tmp_path / "ai.ttl"
    result = CliRunner().invoke(cli, ["import", str(page), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "23 players, 29 positions, 23 fillings, 40 organisations" in result.output
    validated = CliRunner().invoke(cli, ["validate", str(out)])
    assert validated.exit_code == 0, validated.output


def test_import_errors_exit_2_write_nothing_and_tsv(tmp_path: Path) -> None:
    page = _ai_page(tmp_path)
    text = page.read_text().replace("| Dreamer / Engineer |", "| Dreamer / Wizard |", 1)
    text = text.replace("| AMD |", "|  |", 1)
    page.write_text(text)
    out = tmp_path / "ai.ttl"
    errors = tmp_path / "errors.tsv"
    result = CliRunner().invoke(cli, ["import", str(page), "-o", str(out), "--errors", str(errors)])
    assert result.exit_code == 2
    assert not out.exists()
    assert "Traceback" not in result.output
    rows = list(csv.reader(errors.read_text().splitlines(), delimiter="\t"))
    assert rows[0] == ["file", "line", "row", "column", "header", "problem", "fix"]
    got = {(r[4], r[5]) for r in rows[1:]}
    assert ("Archetype", "unknown archetype 'Wizard'") in got
    assert ("Player (WHO)", "empty player cell") in got
    assert len(rows) == 3
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 3  # two cells and the summary line


def test_import_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "nope.md")])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {tmp_path / 'nope.md'}: no such file or folder"


def test_new_skeleton_names_its_placeholders_then_imports_once_filled(tmp_path: Path) -> None:
    page = tmp_path / "space.md"
    result = CliRunner().invoke(cli, ["new", "Space launch", "-o", str(page)])
    assert result.exit_code == 0, result.output
    text = page.read_text()
    for heading in (
        "## The Ecosystem",
        "## Counterparty mapping table",
        "## Buyer side — players",
        "## Provider side — players",
        "## Infrastructure side — players",
        "## Boundary side — players",
        "## The Five Archetypes Across the Community",
        "## Positions matrix table",
        "## Archetype asymmetries table",
        "## Questions",
    ):
        assert heading in text
    prose = re.sub(r"<!--.*?-->", "", text, flags=re.S)  # comments are not read
    placeholders = len(re.findall(r"<[^<>|!]+>", prose))
    unfilled = CliRunner().invoke(cli, ["import", str(page)])
    assert unfilled.exit_code == 2
    assert unfilled.output.count("placeholder") == placeholders
    page.write_text(_fill(text))
    out = tmp_path / "space.ttl"
    filled = CliRunner().invoke(cli, ["import", str(page), "-o", str(out)])
    assert filled.exit_code == 0, filled.output
    assert "4 players, 5 positions, 4 fillings" in filled.output
    assert CliRunner().invoke(cli, ["validate", str(out)]).exit_code == 0
    reported = CliRunner().invoke(cli, ["report", str(out)])
    assert reported.exit_code == 0, reported.output
    regenerated = reported.output
    assert regenerated.startswith("# Space launch Industry Players\n")
    assert "| Filled text" in regenerated
    assert "**Answer (computed from the graph).**" in regenerated
    asked = CliRunner().invoke(cli, ["ask", "1", str(out)])
    assert asked.exit_code == 0, asked.output
    again = CliRunner().invoke(cli, ["new", "Space launch", "-o", str(page)])
    assert again.exit_code == 2  # never overwrites without --force


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_new_tables_skeleton_imports_once_filled(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "tables"
    result = CliRunner().invoke(
        cli, ["new", "Space launch", "--tables", str(folder), "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    assert len(list(folder.glob(f"*.{fmt}"))) == 8
    assert CliRunner().invoke(cli, ["import", str(folder)]).exit_code == 2
    for path in folder.iterdir():
        path.write_text(_fill(path.read_text()))
    out = tmp_path / "space.ttl"
    filled = CliRunner().invoke(cli, ["import", str(folder), "-o", str(out)])
    assert filled.exit_code == 0, filled.output
    assert CliRunner().invoke(cli, ["validate", str(out)]).exit_code == 0


def test_diff_pages_and_modules(tmp_path: Path) -> None:
    page = _ai_page(tmp_path)
    edited = tmp_path / "edited.md"
    edited.write_text(page.read_text().replace("| Dreamer / Engineer |", "| Dreamer |", 1))
    result = CliRunner().invoke(cli, ["diff", str(page), str(edited), "--exit-code"])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[:3] == [
        "players: 1 changed",
        "  changed ac:player-frontier-ai-lab (Frontier AI lab, row 1 of Buyer side players table)",
        "    has archetype: Dreamer, Engineer -> Dreamer",
    ]
    assert "- ac:player-frontier-ai-lab eco:secondaryArchetype eco:Engineer ." in result.output
    module = next(p for p in resources.industry_files() if p.name == "ai-compute.ttl")
    same = CliRunner().invoke(cli, ["diff", str(module), str(module), "--exit-code"])
    assert (same.exit_code, same.output) == (0, "no differences\n")
    missing = CliRunner().invoke(cli, ["diff", str(module), str(tmp_path / "nope.ttl")])
    assert missing.exit_code == 2
