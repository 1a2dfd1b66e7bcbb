"""No silent empty output: a module that validates but lacks what the page's layout needs gets
its tables regenerated, and the page says what it could not show. Built from the example
module with one kind of statement taken out; expected counts from
tests/data/examples/specialty-coffee.json (counted by hand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from ecoonto import resources
from ecoonto.products import report
from ecoonto.targets import OxigraphMemoryTarget

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "specialty-coffee.ttl"
EXPECTED = json.loads((REPO / "tests/data/examples/specialty-coffee.json").read_text("utf-8"))
ECO = "https://w3id.org/ecoonto/"
HEADING = "## What this page cannot show as the module gives it"


def _without(tmp: Path, keep: object) -> OxigraphMemoryTarget:
    g = Graph().parse(EXAMPLE)
    out = Graph()
    for triple in g:
        if keep(triple):  # type: ignore[operator]
            out.add(triple)
    path = tmp / "module.ttl"
    out.serialize(path, format="turtle")
    return OxigraphMemoryTarget([resources.core_ontology(), path])


def test_the_example_shows_everything() -> None:
    target = OxigraphMemoryTarget([resources.core_ontology(), EXAMPLE])
    assert report.gaps(target) == []
    assert HEADING not in report.markdown(target)


@pytest.mark.parametrize("dropped", ["hasColumn", "tableKind"])
def test_tables_without_columns_or_kind_are_regenerated(dropped: str, tmp_path: Path) -> None:
    target = _without(tmp_path, lambda t: t[1] != URIRef(ECO + dropped))
    tables = report.tables(target)
    assert [len(t.rows) for t in tables] == EXPECTED["table_rows"]
    notes = report.gaps(target)
    assert len(notes) == 7 and all(f"eco:{dropped}" in n for n in notes)
    assert HEADING in report.markdown(target)


def test_fillings_in_no_table_are_named(tmp_path: Path) -> None:
    g = Graph().parse(EXAMPLE)
    fillings = set(
        g.subjects(
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(ECO + "Filling")
        )
    )
    target = _without(
        tmp_path, lambda t: not (t[0] in fillings and t[1] == URIRef(ECO + "inTable"))
    )
    notes = report.gaps(target)
    per_side = EXPECTED["players_per_side"]  # one filling per player and side
    assert notes == [
        f"{per_side[side]} {side} fillings are in no table (eco:inTable with eco:order), so the "
        "page cannot show them: `ecoonto query players-by-side` lists every player by side."
        for side in sorted(per_side)
    ]
    sides = [t for t in report.tables(target) if t.kind.endswith("SideTable")]
    assert len(sides) == 4 and all(t.rows == [] for t in sides)  # headers, no rows
    assert HEADING in report.markdown(target)
