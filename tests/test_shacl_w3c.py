"""The W3C SHACL test suite (tests/data/w3c-shacl, run by tests/w3c_shacl.py) through the CLI
and through the library: each of the 121 tests passes both ways (``$shapesGraph`` and
``$currentShape`` included: the SPARQL engine pre-binds them)."""

from __future__ import annotations

import pytest

from tests import w3c_shacl

CASES = w3c_shacl.cases()


def test_the_suite_is_all_there() -> None:
    assert len(CASES) == 121
    assert sum(c.name.startswith("core/") for c in CASES) == 98


@pytest.mark.parametrize("way", ["cli", "api"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_w3c_case(case: w3c_shacl.Case, way: str) -> None:
    why = w3c_shacl.outcome(case, w3c_shacl.RUNNERS[way])
    assert why is None, why
