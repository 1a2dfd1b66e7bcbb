"""An industry page as plain data: its prose parts and its tables, every cell with its place.

The Markdown layout is the one ``ecoonto report --format md`` writes. :func:`read_markdown` turns
such a page into a :class:`Page`; :mod:`ecoonto.authoring.tabular` reads the same tables from CSV
or TSV files. Nothing here knows RDF: :mod:`ecoonto.authoring.build` makes the module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Place:
    """Where a piece of text is: a file and a line (Markdown) or a row and column (CSV/TSV).

    >>> Place("page.md", line=12, column=3, header="Archetype").describe()
    "page.md:12, column 3 ('Archetype')"
    >>> Place("buyer-side.csv", row=4, column=3).describe()
    'buyer-side.csv, row 4, column 3'
    """

    file: str
    line: int | None = None
    row: int | None = None
    column: int | None = None
    header: str | None = None

    def describe(self) -> str:
        """``page.md:12, column 3 ('Archetype')`` or ``buyer-side.csv, row 4, column 3 (...)``."""
        if self.line is not None:
            text = f"{self.file}:{self.line}"
        else:
            text = self.file
            if self.row is not None:
                text += f", row {self.row}"
        if self.column is not None:
            text += f", column {self.column}"
        if self.header:
            text += f" ({self.header!r})"
        return text


@dataclass(frozen=True)
class Cell:
    """One cell's text (unescaped) and its place.

    >>> cell = Cell("Nvidia", Place("page.md", line=14, row=2, column=1))
    >>> cell.text, cell.place.describe()
    ('Nvidia', 'page.md:14, column 1')
    """

    text: str
    place: Place


@dataclass
class Table:
    """A table under a heading: its headers and rows of cells; ``place`` is the header line.

    >>> at = Place("page.md", line=9)
    >>> table = Table("Buyer side — players", [Cell("Player (WHO)", at)], [], at)
    >>> [h.text for h in table.headers], table.rows, table.intro
    (['Player (WHO)'], [], [])
    """

    heading: str
    headers: list[Cell]
    rows: list[list[Cell]]
    place: Place
    intro: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Item:
    """A bullet ``- **Name** — text`` (sides, archetype narratives).

    >>> Item("Buyers", "satellite operators", Place("page.md", line=7)).name
    'Buyers'
    """

    name: str
    text: str
    place: Place


@dataclass(frozen=True)
class Question:
    """A numbered question of the page's Questions section and the query its "Evidence:" line
    names (None when it names none).

    >>> q = Question(1, "Who is invisible?", "q1-invisible-counterparty", Place("page.md", line=40))
    >>> q.number, q.query_name
    (1, 'q1-invisible-counterparty')
    """

    number: int
    text: str
    query_name: str | None
    place: Place


@dataclass
class Page:
    """Everything an import reads from a page, in page order (:func:`read_markdown` fills it).

    >>> page = Page("page.md", title="Space launch Industry Players")
    >>> page.title, page.tables, page.questions
    ('Space launch Industry Players', [], [])
    """

    file: str
    title: str = ""
    title_place: Place | None = None
    guiding_question: str = ""
    intro: list[str] = field(default_factory=list)
    sides: list[Item] = field(default_factory=list)
    ecosystem_notes: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    narratives: list[Item] = field(default_factory=list)
    principles: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    # Sections in page order: (heading, place); the intro is the title.
    sections: list[tuple[str, Place]] = field(default_factory=list)
    # Skeleton placeholders ("<...>") left in the prose (table cells are checked as cells).
    placeholders: list[tuple[Place, str]] = field(default_factory=list)
    # What the page says it does not carry (its closing ``<!-- not on the page: ... -->``).
    not_on_page: str = ""


ECOSYSTEM = "The Ecosystem"
ARCHETYPES = "The Five Archetypes Across the Community"
QUESTIONS = "Questions"

_BULLET = re.compile(r"^- \*\*(?P<name>[^*]+)\*\*\s*—\s*(?P<text>.*)$")
_QUESTION = re.compile(r"^###\s+(?P<n>\d+)\.\s+(?P<text>.+)$")
_EVIDENCE = re.compile(r"`ecoonto query (?P<name>[A-Za-z0-9_.-]+)`")
PLACEHOLDER = re.compile(r"<[^<>|!]+>")
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def split_row(line: str) -> list[str]:
    """The cells of a Markdown table line, unescaped (``\\|`` and ``\\\\``).

    >>> split_row("| Satellite operator (SES) | Realist |")
    ['Satellite operator (SES)', 'Realist']
    >>> split_row(r"| A \\| B | C |")  # an escaped bar stays in its cell
    ['A | B', 'C']
    """
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "|\\":
            current.append(text[i + 1])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current).strip())
    return cells


def read_markdown(path: Path, text: str | None = None) -> Page:
    """Read a page in the layout ``ecoonto report --format md`` writes.

    HTML comments (``<!-- ... -->``, as the skeleton of ``ecoonto new`` has them) are ignored;
    lines keep their numbers.

    >>> text = "\\n".join([
    ...     "# Space launch Industry Players", "", "*Who participates?*", "",
    ...     "## Buyer side — players", "",
    ...     "| Player (WHO) | Archetype |", "|---|---|", "| Satellite operator (SES) | Realist |",
    ...     "", "## Questions", "", "### 1. Who is invisible?", "",
    ...     "Evidence: `ecoonto query q1-invisible-counterparty`."])
    >>> page = read_markdown(Path("space.md"), text)
    >>> page.title, page.guiding_question
    ('Space launch Industry Players', 'Who participates?')
    >>> [[cell.text for cell in row] for row in page.tables[0].rows]
    [['Satellite operator (SES)', 'Realist']]
    >>> page.tables[0].rows[0][1].place.describe()
    "space.md:9, column 2 ('Archetype')"
    >>> [(q.number, q.query_name) for q in page.questions]
    [(1, 'q1-invisible-counterparty')]
    """
    from ecoonto.products.onpage import read_comment

    if text is None:
        text = path.read_text(encoding="utf-8")
    page = Page(file=str(path), not_on_page=read_comment(text))
    text = _blank_comments(text)
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if not line.strip().startswith("|"):
            page.placeholders.extend(
                (Place(file=str(path), line=n + 1), m.group(0)) for m in PLACEHOLDER.finditer(line)
            )
    section: str | None = None
    paragraph: list[str] = []
    i = 0

    def place(n: int) -> Place:
        return Place(file=str(path), line=n + 1)

    def flush() -> None:
        if not paragraph:
            return
        para = " ".join(s.strip() for s in paragraph)
        paragraph.clear()
        if section is None:
            if para.startswith("*") and para.endswith("*") and not page.guiding_question:
                page.guiding_question = para.strip("*").strip()
            else:
                page.intro.append(para)
        elif section == ECOSYSTEM:
            if not re.match(r"^The community has \d+ sides:$", para):
                page.ecosystem_notes.append(para)
        elif section == QUESTIONS:
            pass
        elif section == ARCHETYPES or (page.tables and page.tables[-1].heading == section):
            page.principles.append(para)
        else:
            pending_intro.append(para)

    pending_intro: list[str] = []
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("# ") and not page.title:
            flush()
            page.title = stripped[2:].strip()
            page.title_place = place(i)
        elif stripped.startswith("## "):
            flush()
            section = stripped[3:].strip()
            page.sections.append((section, place(i)))
            pending_intro = []
        elif stripped.startswith("### ") and section == QUESTIONS:
            flush()
            m = _QUESTION.match(stripped)
            query_name = None
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith("#"):
                ev = _EVIDENCE.search(lines[j])
                if ev:
                    query_name = ev.group("name")
                j += 1
            if m:
                page.questions.append(
                    Question(int(m.group("n")), m.group("text").strip(), query_name, place(i))
                )
            i = j
            continue
        elif stripped.startswith("|") and section is not None:
            flush()
            start = i
            block: list[tuple[int, str]] = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                block.append((i, lines[i]))
                i += 1
            page.tables.append(_table(section, block, path, start, list(pending_intro)))
            pending_intro = []
            continue
        elif stripped.startswith("- ") and section in (ECOSYSTEM, ARCHETYPES):
            flush()
            m = _BULLET.match(stripped)
            if m:
                item = Item(m.group("name").strip(), m.group("text").strip(), place(i))
                (page.sides if section == ECOSYSTEM else page.narratives).append(item)
            else:
                item = Item("", stripped[2:].strip(), place(i))
                (page.sides if section == ECOSYSTEM else page.narratives).append(item)
        elif not stripped:
            flush()
        else:
            paragraph.append(stripped)
        i += 1
    flush()
    return page


def _blank_comments(text: str) -> str:
    """Replace HTML comments by blank lines, keeping line numbers."""

    def blank(m: re.Match[str]) -> str:
        return "\n" * m.group(0).count("\n")

    return re.sub(r"<!--.*?-->", blank, text, flags=re.S)


def _table(
    heading: str, block: list[tuple[int, str]], path: Path, start: int, intro: list[str]
) -> Table:
    header_line, header_text = block[0]
    headers = [
        Cell(h, Place(file=str(path), line=header_line + 1, column=n + 1))
        for n, h in enumerate(split_row(header_text))
    ]
    rows: list[list[Cell]] = []
    body = block[1:]
    if body and _RULE.match(body[0][1].strip()):
        body = body[1:]
    for r, (n, text) in enumerate(body, start=1):
        cells = split_row(text)
        rows.append(
            [
                Cell(
                    c,
                    Place(
                        file=str(path),
                        line=n + 1,
                        row=r,
                        column=k + 1,
                        header=headers[k].text if k < len(headers) else None,
                    ),
                )
                for k, c in enumerate(cells)
            ]
        )
    return Table(heading, headers, rows, Place(file=str(path), line=start + 1), intro)
