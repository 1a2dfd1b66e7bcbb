"""The source page's facts as typed by hand into tests/data/page/ (see its README.md).

The page itself (docs/source-page.md) is not part of the repository; these files hold what the
tests compare the graph and its products with: every table cell, the section headings, the four
questions and the few sentences the graph quotes as evidence.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

PAGE_DIR = Path(__file__).resolve().parent / "data" / "page"


@dataclass(frozen=True)
class Page:
    """What the tests know about the source page (docs/source-page.md), typed by hand into
    tests/data/page/ (see its README): nothing here is read from outside the repository."""

    tables: dict[str, list[list[str]]]  # table id -> rows of cells, header row first, page order
    headings: list[str]  # section headings in page order
    questions: list[str]  # the four analysis questions, in order
    quotes: dict[str, str]  # item -> a sentence of the page the graph quotes as evidence

    def rows(self) -> list[list[str]]:
        """Every body row of every table (headers left out)."""
        return [row for table in self.tables.values() for row in table[1:]]


def _tsv(name: str) -> list[list[str]]:
    with (PAGE_DIR / name).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:]  # the first line names the columns


def load_page() -> Page:
    tables: dict[str, list[list[str]]] = {}
    for table, row, column, text in _tsv("tables.tsv"):
        rows = tables.setdefault(table, [])
        if int(row) == len(rows):
            rows.append([])
        assert int(row) == len(rows) - 1 and int(column) == len(rows[-1]) + 1, (table, row, column)
        rows[-1].append(text)
    headings = [h for n, h in _tsv("headings.tsv")]
    questions = [q for n, q in _tsv("questions.tsv")]
    assert [int(n) for n, _ in _tsv("questions.tsv")] == [1, 2, 3, 4]
    quotes = dict((item, text) for item, text in _tsv("quotes.tsv"))
    return Page(tables, headings, questions, quotes)
