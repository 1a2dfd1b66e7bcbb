"""The library's documentation: every example in the docstrings of every library module (all of
the ecoonto package but the command line, ecoonto.cli) runs as a doctest, every public function
and class has an example (a shrinking PENDING set excepted), every exported entry point has
one, and importing ecoonto stays light (pyoxigraph's test_doc.py habit)."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import subprocess
import sys
from types import ModuleType

import pytest

import ecoonto
from ecoonto import api

ENTRY_POINTS = [
    "ask",
    "check_profile",
    "compare",
    "convert",
    "diagram",
    "diff",
    "docs",
    "generate",
    "import_industry",
    "industries",
    "load",
    "new",
    "queries",
    "query",
    "reason",
    "report",
    "stats",
    "validate",
]


def _library_module_names() -> list[str]:
    """Every module of the ecoonto package, the command line (ecoonto.cli) excepted."""
    names = ["ecoonto"]
    for info in pkgutil.walk_packages(ecoonto.__path__, "ecoonto."):
        if info.name != "ecoonto.cli" and not info.name.startswith("ecoonto.cli."):
            names.append(info.name)
    return sorted(names)


LIBRARY_MODULES = _library_module_names()

# Library modules whose public functions and classes do not all have an example yet. It held 27
# modules; every one has left it (issue 21, item 5), and no module is ever added back: a new
# public function or class comes with its example.
PENDING: set[str] = set()


def public_without_example(module: ModuleType) -> list[str]:
    """The public functions and classes defined in ``module`` whose docstring has no example.

    A class counts by its own docstring (its methods are documented there or by their names).
    """
    missing = []
    for name, obj in sorted(vars(module).items()):
        if name.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        if getattr(obj, "__module__", None) != module.__name__:
            continue  # imported from elsewhere: counted where it is defined
        if ">>>" not in (inspect.getdoc(obj) or ""):
            missing.append(name)
    return missing


@pytest.mark.parametrize("name", LIBRARY_MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, verbose=False, report=True)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples fail"


def test_the_library_modules_are_found() -> None:
    assert {
        "ecoonto",
        "ecoonto.api",
        "ecoonto.rdf.formats",
        "ecoonto.checking.shacl.engine",
    } <= set(LIBRARY_MODULES)
    assert not [m for m in LIBRARY_MODULES if m.startswith("ecoonto.cli")]
    assert PENDING <= set(LIBRARY_MODULES), "PENDING names a module that does not exist"


@pytest.mark.parametrize("name", LIBRARY_MODULES)
def test_every_public_function_and_class_has_an_example(name: str) -> None:
    missing = public_without_example(importlib.import_module(name))
    if name in PENDING:
        assert missing, f"{name} has an example everywhere now: remove it from PENDING"
    else:
        assert not missing, f"{name}: no example in the docstring of {', '.join(missing)}"


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
