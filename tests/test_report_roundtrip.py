"""report -> import -> report with nothing added by hand: the same tables, byte for byte.

What a user does: ``ecoonto report --format md -o r.md && ecoonto import r.md -o m.ttl &&
ecoonto report m.ttl``. The page carries the positions matrix's Side and Trend, so the import
needs no editorial file; what the module states beyond the page comes back as a note.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecoonto import resources
from ecoonto.authoring.generate import generate
from ecoonto.authoring.roundtrip import page_round_trip

EXAMPLE = Path(__file__).parent.parent / "examples" / "specialty-coffee.ttl"


def _ai_compute() -> Path:
    return next(p for p in resources.industry_files() if p.name == "ai-compute.ttl")


def _generated(tmp: Path, players: int = 40, seed: int = 0) -> Path:
    path = tmp / f"gen-{players}-{seed}.ttl"
    generate(players, seed, path=path)
    return path


@pytest.mark.parametrize("which", ["ai", "example", "generated"])
def test_report_import_report_gives_the_same_tables(which: str, tmp_path: Path) -> None:
    module = {"ai": _ai_compute, "example": lambda: EXAMPLE}.get(
        which, lambda: _generated(tmp_path)
    )()
    rt = page_round_trip(module, tmp_path)
    assert rt.tables, "the page has tables"
    assert rt.tables_again == rt.tables
    matrix = [line for line in rt.page.split("\n") if line.startswith("| Position |")]
    assert matrix and matrix[0].endswith("| Side | Trend |")


def test_ai_compute_page_names_what_it_does_not_carry(tmp_path: Path) -> None:
    rt = page_round_trip(_ai_compute(), tmp_path)
    assert len(rt.tables) == 39 + 2 * 7  # 39 rows, a header and a rule line per table
    (note,) = rt.notes
    # Counted in ontology/industries/ai-compute.ttl: 4 answer templates, 104 eco:aboutTheme.
    assert "eco:answerTemplate (4)" in note and "eco:aboutTheme (104)" in note
    assert "eco:onSide" not in note and "eco:trend" not in note


def test_cli_report_then_import_exits_0_with_a_note(tmp_path: Path) -> None:
    from ecoonto.cli.import_ import import_ as import_cmd
    from ecoonto.cli.report import report as report_cmd

    page, module = tmp_path / "r.md", tmp_path / "m.ttl"
    runner = CliRunner()
    result = runner.invoke(report_cmd, [str(EXAMPLE), "--format", "md", "-o", str(page)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(import_cmd, [str(page), "-o", str(module)])
    assert result.exit_code == 0, result.output
    assert "note: not on the page: " in result.output
    assert module.exists()


@settings(
    derandomize=True,
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(players=st.integers(min_value=4, max_value=12), seed=st.integers(0, 10**6))
def test_random_valid_pages_round_trip(players: int, seed: int) -> None:
    # A generated industry is a valid module of any size and mix of sides; its page imports
    # as it is and reports the same tables again.
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rt = page_round_trip(_generated(work, players, seed), work)
        assert rt.tables_again == rt.tables
        # every player is a row of a side table (one or two hats)
        assert sum(line.startswith("| ") for line in rt.tables) > players
