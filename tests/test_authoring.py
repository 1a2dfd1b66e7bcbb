"""Import of industry pages and tables: round trip, cell-level errors, CSV = Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ecoonto import resources
from ecoonto.authoring import ImportFailed, import_module
from ecoonto.authoring.roundtrip import RoundTrip, round_trip

DATA = Path(__file__).parent / "data" / "authoring"
AIC = "https://w3id.org/ecoonto/data/ai-compute/"


def _ai_compute_module() -> Path:
    return next(p for p in resources.industry_files() if p.name == "ai-compute.ttl")


EXAMPLE = Path(__file__).parent.parent / "examples" / "specialty-coffee.ttl"


@pytest.fixture(scope="session")
def ai_round_trip(tmp_path_factory: pytest.TempPathFactory) -> RoundTrip:
    return round_trip(_ai_compute_module(), tmp_path_factory.mktemp("roundtrip"))


@pytest.fixture(scope="session")
def example_round_trip(tmp_path_factory: pytest.TempPathFactory) -> RoundTrip:
    return round_trip(EXAMPLE, tmp_path_factory.mktemp("roundtrip-example"))


@pytest.fixture(scope="session")
def ai_page(ai_round_trip: RoundTrip, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("page") / "ai-compute.md"
    path.write_text(ai_round_trip.page, encoding="utf-8")
    return path


def _short(triple: tuple[object, object, object]) -> str:
    from rdflib.term import Node

    parts = []
    for term in triple:
        assert isinstance(term, Node)
        text = term.n3()
        text = text.replace("urn:ecoonto:content:", "").replace("https://w3id.org/ecoonto/", "eco:")
        parts.append(text)
    return " ".join(parts)


@pytest.mark.parametrize(("which", "figures"), [("ai", (7, 39, 174)), ("example", (7, 26, 120))])
def test_round_trip_gives_the_same_tables_byte_for_byte(
    which: str, figures: tuple[int, int, int], request: pytest.FixtureRequest
) -> None:
    rt: RoundTrip = request.getfixturevalue(f"{which}_round_trip")
    assert (rt.tables, rt.rows, rt.cells) == figures
    assert rt.table_lines_differing == []
    # Only the computed answers differ (they read themes and editorial links, which a page does
    # not carry: docs/authoring.md), and intro paragraphs, which the report writes sorted by
    # their text; and the closing note of what is not on the page (the import has less of it).
    answers = [a for a, _ in rt.other_lines_differing if a.startswith("**Answer")]
    assert answers
    others = [
        (a, b)
        for a, b in rt.other_lines_differing
        if not a.startswith(("**Answer", "<!-- not on the page"))
    ]
    assert sorted(a for a, _ in others) == sorted(b for _, b in others)


@pytest.mark.parametrize(
    ("which", "expected_file"),
    [("ai", "ai-compute-not-derived.txt"), ("example", "specialty-coffee-not-derived.txt")],
)
def test_round_trip_content_differs_only_where_the_editors_chose(
    which: str, expected_file: str, request: pytest.FixtureRequest
) -> None:
    rt: RoundTrip = request.getfixturevalue(f"{which}_round_trip")
    expected = [
        line
        for line in (DATA / expected_file).read_text().splitlines()
        if line and not line.startswith("#")
    ]
    got = [f"- {_short(t)}" for t in rt.only_in_module] + [
        f"+ {_short(t)}" for t in rt.only_in_import
    ]
    assert sorted(got) == sorted(expected)
    assert rt.content_triples - len(rt.only_in_module) > 400


def test_report_page_imports_with_no_flags(ai_page: Path) -> None:
    # The report writes the matrix's Side and Trend columns, so its page imports as it is,
    # validated, with a note naming what the page does not carry.
    imported = import_module(ai_page)
    g = imported.built.graph
    eco = "https://w3id.org/ecoonto/"
    from rdflib import URIRef

    assert len(set(g.subjects(URIRef(eco + "trend"), None))) == 6
    assert len(imported.notes) == 1
    assert imported.notes[0].startswith("not on the page: ")
    assert "eco:answerTemplate (4)" in imported.notes[0]


def test_import_refuses_matrix_without_side_or_trend(ai_page: Path, tmp_path: Path) -> None:
    # The same page with the matrix's Side and Trend columns taken out.
    lines = ai_page.read_text(encoding="utf-8").split("\n")
    start = lines.index("## Positions matrix table")
    for i in range(start, start + 10):
        if lines[i].startswith("|"):
            lines[i] = "|".join(lines[i].split("|")[:-3]) + "|"
    page = tmp_path / "no-side-trend.md"
    page.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        import_module(page)
    problems = info.value.problems
    # six matrix rows, each without a trend; the side is not asked for (the core lets a position
    # stand on no side where the page places none)
    assert len(problems) == 6
    assert {p.place.line for p in problems} == set(range(97, 103))
    assert all("--editorial" in p.right for p in problems)


def test_csv_and_tsv_give_the_same_module_as_markdown(ai_page: Path, tmp_path: Path) -> None:
    from ecoonto.authoring.page import read_markdown
    from ecoonto.authoring.tabular import write_tables

    page = read_markdown(ai_page)
    markdown = import_module(ai_page, namespace=AIC, validate=False).turtle
    for fmt in ("csv", "tsv"):
        folder = tmp_path / fmt
        files = write_tables(page, folder, fmt)
        assert len(files) == 8
        assert import_module(folder, namespace=AIC, validate=False).turtle == markdown


def _seed_mistakes(text: str) -> tuple[str, list[tuple[int, int | None]]]:
    """Ten mistakes, each in one cell; returns the page and (line, column) of each."""
    lines = text.split("\n")
    seeded: list[tuple[int, int | None]] = []

    def find(start: str, after: int = 0) -> int:
        return next(i for i, line in enumerate(lines) if i >= after and line.startswith(start))

    def cells(i: int) -> list[str]:
        return lines[i].strip("|").split(" | ")

    def put(i: int, row: list[str]) -> None:
        lines[i] = "|" + " | ".join(row) + "|"

    # 1. an unknown side in the ecosystem list
    i = find("- **Boundary**")
    lines[i] = lines[i].replace("**Boundary**", "**Border**")
    seeded.append((i + 1, None))
    # 2. an unknown counterparty
    i = find("| Owners |")
    lines[i] = lines[i].replace("| Owners |", "| Shareholders |")
    seeded.append((i + 1, 1))
    # 3. an unknown archetype (buyer table, first row)
    i = find("| Frontier AI lab")
    row = cells(i)
    row[3] = " Dreamer / Visionary "
    put(i, row)
    seeded.append((i + 1, 4))
    # 4. an empty position cell (buyer table, third row)
    i = find("| Enterprise ML team")
    row = cells(i)
    row[1] = " "
    put(i, row)
    seeded.append((i + 1, 2))
    # 5. an empty player cell (provider table)
    i = find("| AMD |")
    row = cells(i)
    row[0] = " "
    put(i, row)
    seeded.append((i + 1, 1))
    # 6. a duplicate player (infrastructure table: the second row names the first's player)
    first = cells(find("| Data centre REIT"))[0]
    i = find("| Grid-scale power provider")
    row = cells(i)
    row[0] = first
    put(i, row)
    seeded.append((i + 1, 1))
    # 7. a row with a cell too few (boundary table)
    i = find("| EU AI Act authority")
    lines[i] = "|" + " | ".join(cells(i)[:2]) + "|"
    seeded.append((i + 1, 1))
    # 8. an empty 'AI today' cell in the positions matrix
    i = find("| AI procurement specialist")
    row = cells(i)
    row[2] = " "
    put(i, row)
    seeded.append((i + 1, 3))
    # 9. a header that does not match its table (archetype asymmetries)
    i = find("| Archetype | What they bring")
    lines[i] = lines[i].replace("What they bring", "What they offer")
    seeded.append((i + 1, 2))
    # 10. an unknown archetype in the narratives
    i = find("- **Coach**")
    lines[i] = lines[i].replace("**Coach**", "**Mentor**")
    seeded.append((i + 1, None))
    return "\n".join(lines), seeded


@pytest.fixture
def mistaken_page(ai_page: Path, tmp_path: Path) -> tuple[Path, list[tuple[int, int | None]]]:
    text, seeded = _seed_mistakes(ai_page.read_text(encoding="utf-8"))
    path = tmp_path / "mistakes.md"
    path.write_text(text, encoding="utf-8")
    return path, seeded


def test_ten_seeded_mistakes_give_ten_errors_each_with_its_cell(
    mistaken_page: tuple[Path, list[tuple[int, int | None]]],
) -> None:
    path, seeded = mistaken_page
    with pytest.raises(ImportFailed) as info:
        import_module(path, namespace=AIC)
    problems = info.value.problems
    assert sorted((p.place.line, p.place.column) for p in problems) == sorted(seeded)
    assert all(p.place.file == str(path) for p in problems)
    by_line = {p.place.line: p for p in problems}
    archetype = by_line[seeded[2][0]]
    assert "'Visionary'" in archetype.what
    assert "Dreamer, Realist, Engineer, Coach, Philosopher" in archetype.right
    assert archetype.place.header == "Archetype"
    assert "empty player cell" in by_line[seeded[4][0]].what
    assert "duplicate player" in by_line[seeded[5][0]].what
    assert "does not match" in by_line[seeded[8][0]].what
    assert "'What they bring'" in by_line[seeded[8][0]].right
    assert "Customers, Suppliers, Employees, Owners, Regulators" in by_line[seeded[1][0]].right


def _edit_cell(text: str, row_start: str, column: int, value: str) -> str:
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith(row_start))
    cells = lines[i].strip("|").split(" | ")
    cells[column - 1] = f" {value} " if column == 1 else value
    if column == len(cells):
        cells[-1] = value + " "
    lines[i] = "|" + " | ".join(cells) + "|"
    return "\n".join(lines)


def test_diff_of_a_one_cell_edit_names_that_cell_only(ai_page: Path, tmp_path: Path) -> None:
    from ecoonto.authoring.diff import diff, load_version

    edited = tmp_path / "edited.md"
    edited.write_text(
        _edit_cell(ai_page.read_text(), "| Nvidia |", 3, "CUDA lock-in and NVLink"),
        encoding="utf-8",
    )
    old, ns = load_version(ai_page)
    new, _ = load_version(edited, ns)
    result = diff(old, new)
    assert [(c.group, c.kind, c.label) for c in result.changes] == [
        (
            "fillings",
            "changed",
            "Nvidia: provider-side filling, row 1 of Provider side players table",
        )
    ]
    [change] = result.changes
    assert change.details == [
        "competes on: 'Architecture leadership (H100 → B200) + CUDA lock-in is the deepest moat "
        "in AI' -> 'CUDA lock-in and NVLink'"
    ]
    assert [t[1] for t in result.removed] == [t[1] for t in result.added]
    assert len(result.removed) == len(result.added) == 1


def test_diff_of_an_archetype_edit_and_of_no_edit(ai_page: Path, tmp_path: Path) -> None:
    from ecoonto.authoring.diff import diff, load_version

    edited = tmp_path / "edited.md"
    edited.write_text(_edit_cell(ai_page.read_text(), "| AMD |", 4, "Realist"), encoding="utf-8")
    old, ns = load_version(ai_page)
    same, _ = load_version(ai_page, ns)
    assert diff(old, same).same
    assert diff(old, same).words() == "no differences\n"
    new, _ = load_version(edited, ns)
    result = diff(old, new)
    assert [(c.group, c.kind) for c in result.changes] == [("players", "changed")]
    assert result.changes[0].details == [
        "has archetype: Engineer -> Realist",
        "primary archetype: Engineer -> Realist",
    ]
    assert "- ac:player-amd eco:primaryArchetype eco:Engineer ." in result.triples()


def test_numbers_with_units_are_the_bundled_modules_quantities(ai_page: Path) -> None:
    """The import recognises the 13 quantities the hand-built module states, and no other."""
    from ecoonto.rdf import graphs

    query = """
        PREFIX eco: <https://w3id.org/ecoonto/>
        SELECT ?unit ?n ?min ?max ?exclusive ?open WHERE {
          ?q a eco:QuantityValue ; eco:unit ?unit .
          OPTIONAL { ?q eco:numericValue ?n } OPTIONAL { ?q eco:minValue ?min }
          OPTIONAL { ?q eco:maxValue ?max } OPTIONAL { ?q eco:minExclusive ?exclusive }
          OPTIONAL { ?q eco:openUpperBound ?open }
        }"""

    def quantities(graph: object) -> set[tuple[str, ...]]:
        from rdflib import Graph

        assert isinstance(graph, Graph)
        return {
            tuple("" if v is None else str(v.toPython()) for v in row)  # type: ignore[union-attr]
            for row in graph.query(query)
        }

    bundled = quantities(graphs.load([_ai_compute_module()]))
    imported = import_module(ai_page, namespace=AIC, validate=False)
    assert len(bundled) == 13
    assert quantities(imported.built.graph) == bundled
    assert sum(1 for line in imported.built.recognised if " = " in line) == 14  # 90% twice


def test_csv_errors_name_file_row_and_column(ai_page: Path, tmp_path: Path) -> None:
    from ecoonto.authoring.page import read_markdown
    from ecoonto.authoring.tabular import write_tables

    folder = tmp_path / "tables"
    write_tables(read_markdown(ai_page), folder)
    buyer = folder / "buyer-side.csv"
    text = buyer.read_text(encoding="utf-8")
    buyer.write_text(text.replace("Dreamer / Engineer", "Dreamer / Sage", 1), encoding="utf-8")
    counterparties = folder / "counterparties.csv"
    lines = counterparties.read_text(encoding="utf-8").splitlines()
    lines[0] += ",Notes"
    counterparties.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        import_module(folder, namespace=AIC)
    described = sorted(p.line() for p in info.value.problems)
    assert described == [
        "buyer-side.csv, row 2, column 4 ('Archetype'): unknown archetype 'Sage'; write one of "
        "Dreamer, Realist, Engineer, Coach, Philosopher ('Primary / Secondary' for two)",
        "counterparties.csv, row 1, column 3: unexpected column 'Notes'; the table has 2 columns "
        "(Counterparty… | …)",
    ]


def test_player_cells_give_organisations_by_the_documented_rules() -> None:
    from ecoonto.authoring.cells import names_an_organisation, organisations_in, player_parts

    assert player_parts("Frontier AI lab (OpenAI, Anthropic)") == (
        "Frontier AI lab",
        "OpenAI, Anthropic",
    )
    assert names_an_organisation("US BIS") and names_an_organisation("Nvidia")
    assert not names_an_organisation("Frontier AI lab")
    assert organisations_in("InfiniBand / RoCE: Mellanox/Nvidia, Arista") == [
        ("Mellanox", "Nvidia"),
        ("Nvidia", None),
        ("Arista", None),
    ]
    assert organisations_in("export controls on AI chips") == []
    assert organisations_in("Weights & Biases, Rocket Lab/Rocket Lab USA") == [
        ("Weights & Biases", None),
        ("Rocket Lab", "Rocket Lab USA"),
        ("Rocket Lab USA", None),
    ]


_CELL_TEXT = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="<\u0085"
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_CELL_TEXT)
def test_cell_text_comes_back_verbatim(text: str, tmp_path: Path) -> None:
    """Any cell text (pipes and backslashes too) is kept exactly, from Markdown and from CSV."""
    from rdflib import URIRef

    from ecoonto.authoring.page import read_markdown
    from ecoonto.authoring.skeleton import skeleton
    from ecoonto.authoring.tabular import write_tables
    from ecoonto.products.report import _md_escape

    page_text = skeleton("Test").replace("<asymmetry to close>", _md_escape(text))
    counter = iter(range(1, 1000))
    page_text = re.sub(r"<[^<>|!]+>", lambda _: f"Text {next(counter)}", page_text)
    page = tmp_path / "p.md"
    page.write_text(page_text, encoding="utf-8")
    folder = tmp_path / "t"
    write_tables(read_markdown(page), folder)
    for source in (page, folder):
        graph = import_module(source, validate=False).built.graph
        values = [
            str(o) for o in graph.objects(None, URIRef("https://w3id.org/ecoonto/asymmetryToClose"))
        ]
        assert values == [text]


def test_an_xlsx_workbook_gives_the_same_module_as_markdown(ai_page: Path, tmp_path: Path) -> None:
    pytest.importorskip(
        "openpyxl", reason="openpyxl is the optional xlsx extra (pip install 'ecoonto[xlsx]')"
    )
    from ecoonto.authoring.page import read_markdown
    from ecoonto.authoring.tabular import write_tables

    book = tmp_path / "ai-compute.xlsx"
    write_tables(read_markdown(ai_page), book, "xlsx")
    markdown = import_module(ai_page, namespace=AIC, validate=False).turtle
    assert import_module(book, namespace=AIC, validate=False).turtle == markdown
    import openpyxl

    workbook = openpyxl.load_workbook(book)
    workbook["buyer-side"].cell(row=2, column=4).value = "Dreamer / Sage"
    workbook.save(book)
    with pytest.raises(ImportFailed) as info:
        import_module(book, namespace=AIC)
    assert [p.line() for p in info.value.problems] == [
        "ai-compute.xlsx[buyer-side], row 2, column 4 ('Archetype'): unknown archetype 'Sage'; "
        "write one of Dreamer, Realist, Engineer, Coach, Philosopher "
        "('Primary / Secondary' for two)"
    ]


def test_diff_of_a_renamed_player_says_renamed(ai_page: Path, tmp_path: Path) -> None:
    from ecoonto.authoring.diff import diff, load_version

    edited = tmp_path / "edited.md"
    edited.write_text(
        ai_page.read_text().replace("| Enterprise ML team |", "| Enterprise ML group |"),
        encoding="utf-8",
    )
    old, ns = load_version(ai_page)
    new, _ = load_version(edited, ns)
    result = diff(old, new)
    assert [(c.group, c.kind) for c in result.changes] == [
        ("fillings", "renamed"),
        ("players", "renamed"),
        ("positions", "renamed"),
    ]
    player = result.changes[1]
    assert player.details == [
        "was ac:player-enterprise-ml-team (Enterprise ML team)",
        "label: 'Enterprise ML team' -> 'Enterprise ML group'",
        "name as written: 'Enterprise ML team' -> 'Enterprise ML group'",
    ]
    assert result.changes[2].details == [
        "was ac:position-enterprise-ml-team (Cloud GPU instances + managed fine-tuning platforms)"
    ]


_PLAIN_TEXT = (
    st.text(alphabet=st.sampled_from("abcdefghij klmnopqrstuvwxyz,;—ABC"), min_size=1, max_size=30)
    .map(str.strip)
    .filter(lambda t: bool(t) and t[0].isalpha())
)

# (row start, column) of cells whose text is one property of one resource (and states no number
# with a unit, which would be a resource of its own).
_TEXT_CELLS = [
    ("| Enterprise ML team", 2),
    ("| Frontier AI lab", 3),
    ("| Nvidia |", 3),
    ("| Grid-scale power provider", 3),
    ("| US BIS", 2),
    ("| US BIS", 3),
    ("| GPU cluster operator", 3),
    ("| Realist | Capex", 2),
]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a failure is clear without shrinking
)
@given(cell=st.sampled_from(_TEXT_CELLS), text=_PLAIN_TEXT)
def test_diff_of_any_one_cell_edit_is_that_cell_only(
    ai_page: Path, tmp_path: Path, cell: tuple[str, int], text: str
) -> None:
    from ecoonto.authoring.diff import diff, load_version

    row_start, column = cell
    original = ai_page.read_text()
    edited_text = _edit_cell(original, row_start, column, text)
    edited = tmp_path / "edited.md"
    edited.write_text(edited_text, encoding="utf-8")
    old, ns = load_version(ai_page)
    new, _ = load_version(edited, ns)
    result = diff(old, new)
    if edited_text == original:
        assert result.same
        return
    assert len(result.changes) == 1
    [change] = result.changes
    assert change.kind == "changed" and len(change.details) == 1
    assert change.details[0].endswith(f"-> {text!r}")
    assert len(result.removed) == len(result.added) == 1
