"""The W3C RDF syntax suites (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD toRdf)
through ``ecoonto.rdf.read``: every test passes except those in known-failures.txt, which
must fail (``python -m tests.w3c_rdf`` prints the counts)."""

from __future__ import annotations

import pytest

from tests import w3c_rdf

CASES = [c for c in w3c_rdf.cases() if c.kind != "n/a"]
KNOWN = w3c_rdf.known_failures()


def test_suites_are_all_there() -> None:
    suites = {c.id.split("/", 1)[0] for c in CASES}
    assert suites == {"turtle", "trig", "ntriples", "nquads", "rdf-xml", "json-ld"}
    assert len(CASES) > 1300
    assert set(KNOWN) <= {c.id for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_w3c(case: w3c_rdf.Case) -> None:
    why = w3c_rdf.run(case)
    if case.id in KNOWN:
        assert why, f"{case.id} passes now: take it off known-failures.txt"
    else:
        assert why == ""
