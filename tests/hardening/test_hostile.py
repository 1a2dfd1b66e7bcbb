"""Hostile content (issue 23, "injection"): labels and answers that carry markup, formulas,
escape sequences or Graphviz escapes come out inert in every product that shows them."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hardening_support import LocalServer, answer, one_error_line, run_cli

from ecoonto import resources

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> "
    '[go](javascript:alert(3)) <a href=" JaVaScRiPt:alert(4)">x</a> Nvidia'
)


class Elements(HTMLParser):
    """Every element and its attributes, and the text, of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def hostile_module(tmp_path: Path) -> Path:
    source = resources.home() / "ontology" / "industries" / "ai-compute.ttl"
    text = source.read_text(encoding="utf-8")
    escaped = HOSTILE.replace('"', '\\"')
    assert '"Nvidia"' in text
    path = tmp_path / "hostile.ttl"
    path.write_text(text.replace('"Nvidia"', f'"{escaped}"'), encoding="utf-8")
    return path


def test_report_html_shows_markup_in_labels_as_text(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run_cli("report", hostile_module(tmp_path), "--format", "html", "-o", out)
    assert result.exit_code == 0, result.output
    page = Elements()
    page.feed(out.read_text(encoding="utf-8"))
    names = [tag for tag, _ in page.tags]
    assert "script" not in names and "img" not in names
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for value in attrs.values():
            assert "javascript:" not in (value or "").lower().replace(" ", ""), (tag, attrs)
    # The label is still there, as the text the author wrote.
    assert "<script>alert(1)</script>" in "".join(page.text)


def test_csv_cells_that_a_spreadsheet_would_run_get_a_quote(tmp_path: Path) -> None:
    data = tmp_path / "formulas.ttl"
    data.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<http://x/a> rdfs:label "=HYPERLINK(\\"http://evil\\",\\"x\\")", "+1+1", "-2+3",'
        ' "@SUM(A1)", "\\tTAB", "plain", "a=b" ; <http://x/n> -5 , 2.5 .\n',
        encoding="utf-8",
    )
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?o WHERE { <http://x/a> ?p ?o } ORDER BY STR(?o)")
    result = run_cli("query", query, data, "--format", "csv")
    assert result.exit_code == 0, result.output
    cells = [row[0] for row in csv.reader(io.StringIO(result.stdout, newline=""))]
    assert sorted(cells[1:]) == sorted(
        ['\'=HYPERLINK("http://evil","x")', "'+1+1", "'-2+3", "'@SUM(A1)", "'\tTAB"]
        + ["plain", "a=b", "-5", "2.5"]
    )
    # TSV stays lossless: the same values, as they are in the graph.
    tsv = run_cli("query", query, data, "--format", "tsv")
    assert tsv.exit_code == 0, tsv.output
    assert '=HYPERLINK("http://evil","x")' in tsv.stdout.splitlines()
    assert "-2+3" in tsv.stdout.splitlines() and "'-2+3" not in tsv.stdout


ESCAPES = b"\x1b]0;owned\x07\x1b[2J\x00 \xe2\x80\xae boom \xe2\x80\x8b"


@pytest.mark.parametrize(
    ("status", "content_type"),
    [(500, "text/plain"), (599, "text/plain"), (200, "application/sparql-results+json")],
)
def test_escape_sequences_from_an_endpoint_never_reach_the_terminal(
    local_server: Callable[[Callable[[Any], None]], LocalServer], status: int, content_type: str
) -> None:
    def behave(handler: Any) -> None:
        answer(handler, status, ESCAPES, {"Content-Type": content_type})

    server = local_server(behave)
    result = run_cli("query", "table-buyer-side", "--endpoint", f"{server.base}/sparql")
    line = one_error_line(result, 3, server.base)
    for raw in ("\x1b", "\x07", "\x00", "\u202e", "\u200b"):
        assert raw not in result.output, (raw, line)
    if status != 200:
        assert "\\x1b]0;owned\\x07" in line and "\\u202e" in line


def test_bidi_and_zero_width_characters_in_iris_show_as_escapes(tmp_path: Path) -> None:
    data = tmp_path / "bidi.ttl"
    data.write_text(
        "<http://a/\u202egnp.exe> a <https://w3id.org/ecoonto/Player> ;"
        ' <http://www.w3.org/2000/01/rdf-schema#label> "\x1b]0;owned\x07x\u200b" .\n',
        encoding="utf-8",
    )
    validated = run_cli("validate", data)
    assert validated.exit_code == 1, validated.output
    assert "<http://a/\\u202egnp.exe>" in validated.stdout
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    shown = run_cli("query", query, data, "--format", "table")
    assert shown.exit_code == 0, shown.output
    assert "\\u202egnp.exe" in shown.stdout and "\\x1b]0;owned\\x07x\\u200b" in shown.stdout
    missing = run_cli("report", data, "--industry", "http://a/\u202ex")
    one_error_line(missing, 2, "--industry", "http://a/\\u202ex")
    for result in (validated, shown, missing):
        for raw in ("\x1b", "\x07", "\u202e", "\u200b"):
            assert raw not in result.output


@pytest.mark.parametrize("label", ["C:\\new\\N \\G \\L Nvidia", "<B>Nvidia</B>"])
def test_diagram_labels_are_drawn_as_written(tmp_path: Path, label: str) -> None:
    source = resources.home() / "ontology" / "industries" / "ai-compute.ttl"
    text = source.read_text(encoding="utf-8")
    data = tmp_path / "labels.ttl"
    escaped = label.replace("\\", "\\\\")
    data.write_text(text.replace('"Nvidia"', f'"{escaped}"'), encoding="utf-8")
    out = tmp_path / "map.svg"
    result = run_cli("diagram", data, "-o", out)
    assert result.exit_code == 0, result.output
    svg = Elements()
    svg.feed(out.read_text(encoding="utf-8"))
    assert label in [t.strip() for t in svg.text]


@pytest.fixture(scope="module")
def ai_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AI compute page as ``report`` writes it (what ``import`` reads)."""
    page = tmp_path_factory.mktemp("page") / "ai-compute.md"
    result = run_cli("report", "-o", page)
    assert result.exit_code == 0, result.output
    return page


def test_an_error_cell_of_a_workbook_is_refused_with_its_address(
    ai_page: Path, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from ecoonto.authoring.page import read_markdown
    from ecoonto.authoring.tabular import write_tables

    book = tmp_path / "ai-compute.xlsx"
    write_tables(read_markdown(ai_page), book, "xlsx")
    workbook = openpyxl.load_workbook(book)
    cell = workbook["buyer-side"]["A3"]
    cell.value, cell.data_type = "#REF!", "e"  # what a spreadsheet saves for a broken formula
    workbook.save(book)
    out = tmp_path / "module.ttl"
    result = run_cli("import", book, "-o", out)
    one_error_line(result, 2, "ai-compute.xlsx[buyer-side] cell A3", "#REF!")
    assert not out.exists()


def test_an_error_cell_exported_as_csv_is_refused_with_its_line(
    ai_page: Path, tmp_path: Path
) -> None:
    from ecoonto.authoring.page import read_markdown
    from ecoonto.authoring.tabular import write_tables

    folder = tmp_path / "tables"
    write_tables(read_markdown(ai_page), folder, "csv")
    table = folder / "provider-side.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[3] = "#N/A," + lines[3].split(",", 1)[1]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "module.ttl"
    result = run_cli("import", folder, "-o", out)
    one_error_line(result, 2, "provider-side.csv:4: column 1", "#N/A")
    assert not out.exists()


_FILL = itertools.count(1)


def _filled(text: str) -> str:
    """Every ``<placeholder>`` replaced by a distinct text, as an author would."""
    count = _FILL
    return re.sub(r"<[^<>!]+>", lambda m: f"Filled text {next(count)}", text)


@pytest.mark.parametrize("tables", [False, True], ids=["markdown", "tables"])
def test_a_skeleton_named_with_a_bar_imports_once_filled(tmp_path: Path, tables: bool) -> None:
    name = "Launch|pad"
    where = tmp_path / ("tables" if tables else "page.md")
    made = run_cli("new", name, *(["--tables", where] if tables else ["-o", where]))
    assert made.exit_code == 0, made.output
    for path in where.iterdir() if tables else [where]:
        path.write_text(_filled(path.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "module.ttl"
    imported = run_cli("import", where, "-o", out)
    assert imported.exit_code == 0, imported.output
    reported = run_cli("report", out)
    assert reported.exit_code == 0, reported.output
    assert reported.stdout.startswith(f"# {name} Industry Players\n")
    assert "| Launch\\|pad-industry expression |" in reported.stdout
