"""ecoonto report: the page regenerated from the graph, compared cell for cell with the page's
tables as typed by hand in tests/data/page/tables.tsv."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecoonto.cli.report import report as report_cmd
from ecoonto.products import report
from ecoonto.targets import OxigraphMemoryTarget
from tests.pagedata import Page


def markdown_tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table in ``text`` as rows of unescaped cells (header row first)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            if re.fullmatch(r"\|(---\|)+", line):
                continue
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            current.append([c.strip().replace("\\|", "|").replace("\\\\", "\\") for c in cells])
        elif current:
            tables.append(current)
            current = []
    return tables


MATRIX_SIDES = Path(__file__).parent / "data" / "authoring" / "ai-compute-matrix-sides.tsv"


def matrix_sides() -> list[list[str]]:
    """The Side and Trend of each matrix position, as the module states them (typed by hand
    from ontology/industries/ai-compute.ttl: eco:onSide of the position, eco:trend of its
    split), header row first, in the matrix's order."""
    lines = MATRIX_SIDES.read_text(encoding="utf-8").splitlines()
    return [["Side", "Trend"]] + [line.split("\t")[1:] for line in lines[1:]]


def check_against_page(tables: list[list[list[str]]], page: Page) -> None:
    """The report's tables are the page's seven tables, in page order, header and cells alike;
    the positions matrix also has the Side and Trend columns an import reads back."""
    assert len(tables) == 7
    for table, (name, expected) in zip(tables, page.tables.items(), strict=True):
        if name == "table-positions-matrix":
            assert [row[4:] for row in table] == matrix_sides()
            table = [row[:4] for row in table]
        assert table == expected, name


@pytest.fixture(scope="module")
def markdown_text() -> str:
    return report.markdown(OxigraphMemoryTarget.bundled())


def test_markdown_tables_equal_the_page_cell_for_cell(markdown_text: str, page: Page) -> None:
    tables = markdown_tables(markdown_text)
    check_against_page(tables, page)
    # Row counts by hand from the page: 5 counterparties, 6/6/6/5 players, 6 positions, 5.
    assert [len(t) - 1 for t in tables] == [5, 6, 6, 6, 5, 6, 5]


def test_markdown_has_sides_archetypes_and_answers(markdown_text: str) -> None:
    for side in ("Buyers", "Providers", "Infrastructure", "Boundary"):
        assert f"- **{side}** — " in markdown_text
    for archetype in ("Dreamer", "Realist", "Engineer", "Coach", "Philosopher"):
        assert f"- **{archetype}** — The " in markdown_text
    assert markdown_text.count("**Answer (computed from the graph).**") == 4
    assert "Owners is the most invisible counterparty" in markdown_text
    assert "A hyperscaler is simultaneously provider" in markdown_text


def test_report_follows_the_data(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        """
@prefix eco: <https://w3id.org/ecoonto/> .
@prefix aic: <https://w3id.org/ecoonto/data/ai-compute/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
aic:player-new a eco:Player ; rdfs:label "Sovereign compute fund"@en ;
    eco:nameAsWritten "Sovereign compute fund" ; eco:primaryArchetype eco:Realist .
aic:position-new a eco:Position ; rdfs:label "National GPU reserve"@en ; eco:onSide eco:Buyers .
aic:filling-new a eco:Filling ; eco:byPlayer aic:player-new ; eco:ofPosition aic:position-new ;
    eco:inTable aic:table-buyer-side ; eco:order 7 ; eco:asymmetryToClose "Sovereign access" .
""",
        encoding="utf-8",
    )
    text = report.markdown(OxigraphMemoryTarget.bundled([extra]))
    assert "| Sovereign compute fund | National GPU reserve | Sovereign access | Realist |" in text


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse_html_tables(text: str) -> _Tables:
    parser = _Tables()
    parser.feed(text)
    return parser


def test_html_is_self_contained_with_diagram(tmp_path: Path, page: Page) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(report_cmd, ["--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<svg" in text and "Ecosystem diagram" in text
    parsed = parse_html_tables(text)
    assert parsed.external == []  # no external scripts, styles or images
    check_against_page(parsed.tables, page)


def test_markdown_to_stdout_and_bad_output_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(report_cmd, [])
    assert result.exit_code == 0
    assert result.output.startswith("# AI Compute Industry Players")
    bad = CliRunner().invoke(report_cmd, ["-o", str(tmp_path / "missing" / "r.md")])
    assert bad.exit_code == 2
    assert "does not exist" in bad.output


def test_html_diagram_keeps_its_own_scale(tmp_path: Path) -> None:
    # The diagram is about 2,600 pt wide: shrunk to the page (72rem) its 14 pt labels would be
    # about 6 px; it keeps its width and scrolls in its frame instead.
    out = tmp_path / "report.html"
    result = CliRunner().invoke(report_cmd, ["--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    svg = re.search(r'<svg width="(\d+)pt"', text)
    assert svg is not None and int(svg.group(1)) > 1000
    assert "figure.diagram svg { max-width: none" in text
    assert "svg { max-width: 100%" not in text
