"""An industry page as a folder of tables: one CSV or TSV file per table, as a spreadsheet
exports them.

The seven tables keep the headers of the Markdown page; each file is named after its table:

=============================  ==============================================================
file (``.csv`` or ``.tsv``)    table
=============================  ==============================================================
``counterparties``             Counterparty (canonical) | <Industry> expression
``buyer-side``                 Player (WHO) | Position filled — ... | ... | Archetype
``provider-side``              the same for providers
``infrastructure-side``        the same for infrastructure
``boundary-side``              Player (WHO) | Position filled — ... | Repeat-player advantage
``positions-matrix``           Position | Human today | AI today | Direction (...) [| Side | Trend]
``archetype-asymmetries``      Archetype | What they bring | Where they win ...
``page``                       Part | Name | Text: the prose of the page (title, guiding
                               question, intro paragraphs, sides, section headings and intros,
                               archetype narratives, principles, questions)
=============================  ==============================================================

The ``page`` file's parts: ``Title``, ``Guiding question``, ``Intro``, ``Side`` (Name = the
side), ``Ecosystem note``, ``Heading`` and ``Table intro`` (Name = the table's file name),
``Archetype`` (Name = the archetype, Text = its narrative), ``Principle``, ``Question``
(Name = its number) and ``Query`` (Name = the question's number, Text = the query's name).
:func:`write_tables` writes a page in this form; :func:`read_tables` reads it back.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ecoonto.authoring.page import (
    ARCHETYPES,
    ECOSYSTEM,
    PLACEHOLDER,
    QUESTIONS,
    Cell,
    Item,
    Page,
    Place,
    Question,
    Table,
)
from ecoonto.errors import InputError, one_line

TABLE_FILES = (
    "counterparties",
    "buyer-side",
    "provider-side",
    "infrastructure-side",
    "boundary-side",
    "positions-matrix",
    "archetype-asymmetries",
)
DEFAULT_HEADINGS = {
    "counterparties": "Counterparty mapping table",
    "buyer-side": "Buyer side — players",
    "provider-side": "Provider side — players",
    "infrastructure-side": "Infrastructure side — players",
    "boundary-side": "Boundary side — players",
    "positions-matrix": "Positions matrix table",
    "archetype-asymmetries": "Archetype asymmetries table",
}
PAGE_HEADERS = ["Part", "Name", "Text"]
PARTS = (
    "Title",
    "Guiding question",
    "Intro",
    "Side",
    "Ecosystem note",
    "Heading",
    "Table intro",
    "Archetype",
    "Principle",
    "Question",
    "Query",
)


# What a spreadsheet shows (and exports) in a cell whose formula failed.
SPREADSHEET_ERRORS = frozenset(
    {"#REF!", "#N/A", "#NAME?", "#DIV/0!", "#VALUE!", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)


def _read_rows(path: Path) -> list[list[str]]:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = []
        for row in reader:
            for column, cell in enumerate(row, 1):
                if cell.strip() in SPREADSHEET_ERRORS:
                    raise InputError(
                        f"{path}:{reader.line_num}: column {column}: the spreadsheet error "
                        f"{cell.strip()} is not text: fix the formula or type the value"
                    )
            rows.append(row)
    except csv.Error as exc:
        raise InputError(
            f"{path}: not a {'TSV' if delimiter == chr(9) else 'CSV'} file ({exc})"
        ) from None
    # A spreadsheet often exports trailing empty rows.
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows


def _find(folder: Path, stem: str) -> Path | None:
    for ext in (".csv", ".tsv"):
        path = folder / f"{stem}{ext}"
        if path.exists():
            return path
    return None


def _folder_sheets(folder: Path) -> dict[str, tuple[str, list[list[str]]]]:
    """stem -> (name shown in errors, rows) for the table files of ``folder``."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    known = {f"{s}{e}" for s in (*TABLE_FILES, "page") for e in (".csv", ".tsv")}
    others = sorted(
        p.name
        for p in folder.iterdir()
        if p.suffix.lower() in (".csv", ".tsv") and p.name not in known
    )
    if others:
        raise InputError(
            f"{folder}: unknown table file {others[0]!r}: the files are named "
            + ", ".join(f"{s}.csv" for s in TABLE_FILES)
            + " and page.csv (or .tsv)"
        )
    sheets: dict[str, tuple[str, list[list[str]]]] = {}
    for stem in (*TABLE_FILES, "page"):
        path = _find(folder, stem)
        if path is not None:
            sheets[stem] = (path.name, _read_rows(path))
    return sheets


def _workbook_sheets(path: Path) -> dict[str, tuple[str, list[list[str]]]]:
    """stem -> (name shown in errors, rows) for the sheets of an ``.xlsx`` workbook."""
    try:
        import openpyxl  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise InputError(
            f"{path}: reading .xlsx needs openpyxl (pip install 'ecoonto[xlsx]'); or export "
            "each sheet as CSV into one folder and import the folder"
        ) from None
    _check_unpacked_size(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file it cannot read
        raise InputError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    names = {ws.title for ws in book.worksheets}
    unknown = sorted(n for n in names if n not in (*TABLE_FILES, "page"))
    if unknown:
        raise InputError(
            f"{path}: unknown sheet {unknown[0]!r}: the sheets are named "
            + ", ".join(TABLE_FILES)
            + " and page"
        )
    sheets: dict[str, tuple[str, list[list[str]]]] = {}
    for ws in book.worksheets:
        rows = []
        for cells in ws.iter_rows():
            for cell in cells:
                if getattr(cell, "data_type", "") == "e":
                    book.close()
                    raise InputError(
                        f"{path}[{ws.title}] cell {cell.coordinate}: the spreadsheet error "
                        f"{cell.value} is not text: fix the formula or type the value"
                    )
            rows.append(["" if c.value is None else _cell_text(c.value) for c in cells])
        while rows and not any(c.strip() for c in rows[-1]):
            rows.pop()
        sheets[ws.title] = (f"{path.name}[{ws.title}]", rows)
    book.close()
    return sheets


# An .xlsx workbook is a zip; the sizes its directory declares bound what reading it unpacks.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024


def _check_unpacked_size(path: Path, limit: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse a workbook whose parts would unpack to more than ``limit`` bytes (a zip bomb),
    from the sizes in the zip's directory, before anything is unpacked."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path}: not a readable .xlsx workbook ({one_line(exc)})") from None
    if total > limit:
        raise InputError(
            f"{path}: the workbook unpacks to {total / 2**20:,.0f} MB, over the limit of "
            f"{limit // 2**20} MB for a page's tables: export the sheets as CSV instead"
        )


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_tables(source: Path) -> Page:
    """A :class:`Page` from a folder of CSV/TSV tables or an ``.xlsx`` workbook with one sheet
    per table (see the module docstring).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "buyer-side.csv").write_text(
    ...         "Player (WHO),Position filled — what they buy,"
    ...         "Asymmetry they need closed,Archetype\\n"
    ...         '"Satellite operator (SES, Viasat)",launch slots,lead time,Realist\\n')
    ...     _ = Path(tmp, "page.csv").write_text(
    ...         "Part,Name,Text\\nTitle,,Space launch Industry Players\\n")
    ...     page = read_tables(Path(tmp))
    ...     Path(tmp, "empty").mkdir()
    ...     read_tables(Path(tmp, "empty"))
    Traceback (most recent call last):
    ecoonto.errors.InputError: .../empty: no table files: name them counterparties.csv, ...
    >>> page.title, [t.heading for t in page.tables]
    ('Space launch Industry Players', ['Buyer side — players'])
    >>> cell = page.tables[0].rows[0][0]
    >>> cell.text, cell.place.describe()
    ('Satellite operator (SES, Viasat)', "buyer-side.csv, row 2, column 1 ('Player (WHO)')")
    """
    if source.is_file() and source.suffix.lower() == ".xlsx":
        sheets = _workbook_sheets(source)
    else:
        sheets = _folder_sheets(source)
    folder = source
    page = Page(file=str(folder))
    headings = dict(DEFAULT_HEADINGS)
    intros: dict[str, list[str]] = {}
    page_path = None
    if "page" in sheets:
        page_path = Path(sheets["page"][0])
        _read_page_file(sheets["page"][0], sheets["page"][1], page, headings, intros)
    tables: dict[str, Table] = {}
    for stem in TABLE_FILES:
        if stem not in sheets:
            continue
        name, rows = sheets[stem]
        if not rows:
            raise InputError(f"{name}: empty table (the first row holds the headers)")
        headers = [
            Cell(h.strip(), Place(file=name, row=1, column=n + 1)) for n, h in enumerate(rows[0])
        ]
        while headers and not headers[-1].text:
            headers.pop()
        body: list[list[Cell]] = []
        for r, row in enumerate(rows[1:], start=2):
            cells = [c.strip() for c in row]
            while len(cells) > len(headers) and not cells[-1]:
                cells.pop()
            if not any(cells):
                continue
            body.append(
                [
                    Cell(
                        c,
                        Place(
                            file=name,
                            row=r,
                            column=k + 1,
                            header=headers[k].text if k < len(headers) else None,
                        ),
                    )
                    for k, c in enumerate(cells)
                ]
            )
        tables[stem] = Table(
            headings[stem], headers, body, Place(file=name, row=1), intros.get(stem, [])
        )
    if not tables:
        raise InputError(
            f"{folder}: no table files: name them " + ", ".join(f"{s}.csv" for s in TABLE_FILES)
        )
    # Sections in the order the Markdown page has them.
    place = Place(file=page_path.name if page_path else str(folder))
    if page.sides or page.ecosystem_notes:
        page.sections.append((ECOSYSTEM, place))
    for stem in TABLE_FILES:
        if stem == "positions-matrix" and page.narratives:
            page.sections.append((ARCHETYPES, place))
        if stem in tables:
            page.sections.append((tables[stem].heading, tables[stem].place))
            page.tables.append(tables[stem])
    if page.narratives and "positions-matrix" not in tables:
        page.sections.append((ARCHETYPES, place))
    if page.questions:
        page.sections.append((QUESTIONS, place))
    return page


def _read_page_file(
    name: str,
    rows: list[list[str]],
    page: Page,
    headings: dict[str, str],
    intros: dict[str, list[str]],
) -> None:
    if not rows or [c.strip() for c in rows[0][:3]] != PAGE_HEADERS:
        raise InputError(f"{name}: the first row is the header {' | '.join(PAGE_HEADERS)}")
    queries: dict[str, str] = {}
    for r, row in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in row] + ["", "", ""]
        part, key, text = cells[0], cells[1], cells[2]
        place = Place(file=name, row=r, column=1, header="Part")
        if not part and not text:
            continue
        page.placeholders.extend(
            (Place(file=name, row=r, column=3, header="Text"), m.group(0))
            for m in PLACEHOLDER.finditer(text)
        )
        if part == "Title":
            page.title, page.title_place = text, place
        elif part == "Guiding question":
            page.guiding_question = text
        elif part == "Intro":
            page.intro.append(text)
        elif part == "Side":
            page.sides.append(Item(key, text, Place(file=name, row=r, column=2, header="Name")))
        elif part == "Ecosystem note":
            page.ecosystem_notes.append(text)
        elif part in ("Heading", "Table intro") and key not in TABLE_FILES:
            raise InputError(
                f"{name}, row {r}, column 2 ('Name'): unknown table {key!r}; "
                "write one of " + ", ".join(TABLE_FILES)
            )
        elif part == "Heading":
            headings[key] = text
        elif part == "Table intro":
            intros.setdefault(key, []).append(text)
        elif part == "Archetype":
            page.narratives.append(
                Item(key, text, Place(file=name, row=r, column=2, header="Name"))
            )
        elif part == "Principle":
            page.principles.append(text)
        elif part == "Question":
            if not key.isdigit():
                raise InputError(
                    f"{name}, row {r}, column 2 ('Name'): question number "
                    f"{key!r}; write its number (1, 2, ...)"
                )
            page.questions.append(Question(int(key), text, None, place))
        elif part == "Query":
            queries[key] = text
        else:
            raise InputError(
                f"{name}, row {r}, column 1 ('Part'): unknown part {part!r}; "
                "write one of " + ", ".join(PARTS)
            )
    page.questions = [
        Question(q.number, q.text, queries.get(str(q.number)), q.place) for q in page.questions
    ]


def _table_stem(table: Table) -> str | None:
    from ecoonto.authoring.build import SIDE_WORDS

    first = table.headers[0].text if table.headers else ""
    if first.startswith("Counterparty"):
        return "counterparties"
    if first.startswith("Player"):
        word = table.heading.split()[0].lower().rstrip("s") if table.heading else ""
        side = SIDE_WORDS.get(word)
        return f"{side.lower().rstrip('s')}-side" if side else None
    if first == "Position":
        return "positions-matrix"
    if first == "Archetype":
        return "archetype-asymmetries"
    return None


def write_tables(page: Page, folder: Path, fmt: str = "csv") -> list[Path]:
    """Write ``page`` as a folder of tables (``fmt`` ``csv`` or ``tsv``), or as one ``.xlsx``
    workbook at ``folder`` (``fmt`` ``xlsx``, needs openpyxl); returns the files written.

    The skeleton page as tables, and read back:

    >>> import tempfile
    >>> from ecoonto.authoring.page import read_markdown
    >>> from ecoonto.authoring.skeleton import skeleton
    >>> page = read_markdown(Path("space.md"), skeleton("Space launch"))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = write_tables(page, Path(tmp, "space"))
    ...     buyers = Path(tmp, "space", "buyer-side.csv").read_text(encoding="utf-8")
    ...     again = read_tables(Path(tmp, "space"))
    >>> [f.name for f in files]
    ['counterparties.csv', 'buyer-side.csv', 'provider-side.csv', 'infrastructure-side.csv',
     'boundary-side.csv', 'positions-matrix.csv', 'archetype-asymmetries.csv', 'page.csv']
    >>> print(buyers, end="")
    Player (WHO),Position filled — what they buy,Asymmetry they need closed,Archetype
    "<buyer (Organisation, Organisation)>",<what they buy>,<asymmetry to close>,Realist
    >>> def cells(p):
    ...     return [[c.text for c in row] for t in p.tables for row in [t.headers, *t.rows]]
    >>> again.title == page.title and cells(again) == cells(page)
    True
    """
    delimiter = "\t" if fmt == "tsv" else ","
    written: list[Path] = []
    book: Any = None
    if fmt == "xlsx":
        import openpyxl  # type: ignore[import-untyped,import-not-found,unused-ignore]

        book = openpyxl.Workbook()
        book.remove(book.active)
    else:
        folder.mkdir(parents=True, exist_ok=True)

    def write(stem: str, rows: list[list[str]]) -> None:
        if book is not None:
            sheet = book.create_sheet(stem)
            for row in rows:
                sheet.append(row)
            return
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        path = folder / f"{stem}.{fmt}"
        path.write_text(out.getvalue(), encoding="utf-8")
        written.append(path)

    prose: list[list[str]] = [PAGE_HEADERS]
    if page.title:
        prose.append(["Title", "", page.title])
    if page.guiding_question:
        prose.append(["Guiding question", "", page.guiding_question])
    prose += [["Intro", "", t] for t in page.intro]
    prose += [["Side", s.name, s.text] for s in page.sides]
    prose += [["Ecosystem note", "", t] for t in page.ecosystem_notes]
    for table in page.tables:
        stem = _table_stem(table)
        if stem is None:
            continue
        if table.heading != DEFAULT_HEADINGS[stem]:
            prose.append(["Heading", stem, table.heading])
        prose += [["Table intro", stem, t] for t in table.intro]
        write(stem, [[h.text for h in table.headers]] + [[c.text for c in r] for r in table.rows])
    prose += [["Archetype", n.name, n.text] for n in page.narratives]
    prose += [["Principle", "", t] for t in page.principles]
    for q in page.questions:
        prose.append(["Question", str(q.number), q.text])
        if q.query_name:
            prose.append(["Query", str(q.number), q.query_name])
    write("page", prose)
    if book is not None:
        book.save(folder)
        written.append(folder)
    return written
