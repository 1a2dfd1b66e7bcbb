"""The bundled queries rewritten for speed on a large store give the rows they gave before.

Each query in tests/data/queries-before/ is the text as it was before its rewrite; it and the
bundled query of the same name run on the bundled graph, examples/specialty-coffee.ttl, a
generated industry of 300 players and a small file of typos (undeclared terms and resources,
for the qc queries), and their sorted rows must be equal. Timings are in benchmarks/run.py.
"""

from __future__ import annotations

import doctest
from collections.abc import Iterator
from pathlib import Path

import pytest

from ecoonto.authoring.generate import generate
from ecoonto.targets import open_input
from ecoonto.targets import querying as queries

REPO = Path(__file__).resolve().parents[1]
BEFORE = REPO / "tests" / "data" / "queries-before"
TYPOS = REPO / "tests" / "data" / "query-speed" / "typos.ttl"
REWRITTEN = sorted(p.relative_to(BEFORE).with_suffix("").as_posix() for p in BEFORE.rglob("*.rq"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "industry.ttl"
    generate(300, seed=1, path=path)
    return path


def _inputs(generated: Path) -> Iterator[tuple[str, list[Path], list[Path]]]:
    yield "bundled", [], []
    yield "specialty-coffee", [REPO / "examples" / "specialty-coffee.ttl"], []
    yield "generated-300", [generated], []
    yield "bundled+typos", [], [TYPOS]
    # Two industries in one graph: the rows of each, grouped by industry in IRI order.
    yield "bundled+specialty-coffee", [], [REPO / "examples" / "specialty-coffee.ttl"]


def _rows(
    text: str, files: list[Path], extra: list[Path], *, ordered: bool = False
) -> list[tuple[str, ...]]:
    with open_input(files, extra=extra) as target:
        result = queries.run(text, target)
    assert result.kind == "select"
    rows = [tuple("" if cell is None else cell for cell in row) for row in result.as_strings()]
    return rows if ordered else sorted(rows)


def _ordered(name: str) -> bool:
    """The page's tables come in the page's order (each row has its own eco:order): for them the
    rewrite must keep the order too, not only the rows."""
    return name.startswith("table-") or name in ("players-by-side", "organisations-multi-side")


def test_every_rewritten_query_is_bundled() -> None:
    assert REWRITTEN, "no query kept in tests/data/queries-before/"
    names = {info.name for info in queries.list_queries()}
    assert set(REWRITTEN) <= names


@pytest.mark.parametrize("name", REWRITTEN)
def test_rewritten_query_gives_the_rows_it_gave_before(name: str, generated: Path) -> None:
    old = (BEFORE / f"{name}.rq").read_text(encoding="utf-8")
    new = queries.resolve(name).text()
    assert old != new
    assert "# relies:" in new, f"{name}: the header does not say what the rewrite relies on"
    seen_rows = 0
    for label, files, extra in _inputs(generated):
        ordered = _ordered(name)
        before = _rows(old, files, extra, ordered=ordered)
        after = _rows(new, files, extra, ordered=ordered)
        assert after == before, f"{name} on {label}: {len(after)} rows, {len(before)} before"
        seen_rows += len(after)
    assert seen_rows > 0, f"{name}: no input gives it a row, so the comparison shows nothing"


def test_the_typos_are_found() -> None:
    """The qc comparison is not between two empty answers: the typos file gives the rows derived
    by hand in its header."""
    eco = "https://w3id.org/ecoonto/"
    terms = _rows(queries.resolve("qc/undeclared-term-violation").text(), [], [TYPOS])
    assert terms == [
        (f"{eco}Buyer", "object"),
        (f"{eco}Playr", "class"),
        (f"{eco}fillsPositon", "predicate"),
    ]
    resources = _rows(queries.resolve("qc/undeclared-individual-violation").text(), [], [TYPOS])
    assert resources == [(f"{eco}data/typos/ghost-player", f"{eco}byPlayer")]


def test_industries_examples_run() -> None:
    from ecoonto.targets import industries

    result = doctest.testmod(industries, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
