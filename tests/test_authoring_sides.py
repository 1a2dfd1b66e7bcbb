"""A side's players table deleted from a page: an error while the page lists the side (also
when a matrix row names it), a warning naming the row when the matrix alone puts a position
there. The page is tests/data/answers/tide-pools.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecoonto.authoring import ImportFailed, import_module

PAGE = Path(__file__).parent / "data" / "answers" / "tide-pools.md"


def _without_infrastructure_table() -> str:
    text = PAGE.read_text(encoding="utf-8")
    start, end = text.index("## Infrastructure side"), text.index("## Boundary side")
    return text[:start] + text[end:]


def test_a_listed_side_without_its_table_fails_though_a_matrix_row_names_it(
    tmp_path: Path,
) -> None:
    text = _without_infrastructure_table().replace(
        "| Providers | stable |", "| Infrastructure | stable |"
    )
    page = tmp_path / "p.md"
    page.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        import_module(page)
    (problem,) = info.value.problems
    assert problem.what == "side 'Infrastructure' has no players table"
    assert problem.place.line == 13  # the side's bullet in the ecosystem list


def test_a_matrix_row_on_a_side_without_a_table_warns(tmp_path: Path) -> None:
    text = (
        _without_infrastructure_table()
        .replace("- **Infrastructure** — Makers of nets and tanks\n", "")
        .replace("The community has 4 sides", "The community has 3 sides")
        .replace("| Providers | stable |", "| Infrastructure | stable |")
    )
    page = tmp_path / "p.md"
    page.write_text(text, encoding="utf-8")
    imported = import_module(page)
    line = next(i for i, t in enumerate(text.split("\n"), 1) if t.startswith("| Tour guide |"))
    (warning,) = [w for w in imported.warnings if "no players table" in w]
    assert (
        f"the matrix row at {page}:{line}, column 1 ('Position') puts Tour guide on the "
        "Infrastructure side, which has no players table" in warning
    )
