"""The public API's documentation: every example in the docstrings of ecoonto and ecoonto.api
runs as a doctest, every exported entry point has one, and importing ecoonto stays light."""

from __future__ import annotations

import doctest
import inspect
import subprocess
import sys

import pytest

import ecoonto
from ecoonto import api

ENTRY_POINTS = [
    "check_profile",
    "import_industry",
    "load",
    "query",
    "reason",
    "report",
    "stats",
    "validate",
]


@pytest.mark.parametrize("module", [ecoonto, api], ids=["ecoonto", "ecoonto.api"])
def test_docstring_examples_run(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)  # type: ignore[arg-type]
    assert result.failed == 0
    assert result.attempted > 0


def test_every_entry_point_is_exported_with_an_example() -> None:
    assert sorted(set(ecoonto.__all__) - {"__version__"}) == ENTRY_POINTS
    for name in ENTRY_POINTS:
        function = getattr(api, name)
        doc = inspect.getdoc(function) or ""
        assert ">>> " in doc, f"ecoonto.api.{name} has no example"
        assert callable(getattr(ecoonto, name))


def test_entry_points_are_functions_that_help_lists() -> None:
    import pydoc

    for name in ENTRY_POINTS:
        assert inspect.isfunction(getattr(ecoonto, name)), name
    text = pydoc.render_doc(ecoonto, renderer=pydoc.plaintext)
    for name in ENTRY_POINTS:
        assert f"\n    {name}(" in text, f"help(ecoonto) does not list {name}"
    assert [s.players for s in ecoonto.stats().players_per_side] == [6, 6, 6, 5]


def test_import_is_light() -> None:
    code = (
        "import sys, ecoonto; ecoonto.__all__; "
        "heavy = [m for m in ('rdflib', 'pyoxigraph', 'pyshacl', 'owlready2') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_reason_with_hermit_needs_java_or_says_so() -> None:
    from ecoonto.checking.reasoning import java_available
    from ecoonto.errors import ReasonerUnavailableError

    if not java_available():
        with pytest.raises(ReasonerUnavailableError):
            ecoonto.reason()
        return
    assert ecoonto.reason().consistent
