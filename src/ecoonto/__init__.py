"""ecoonto: an ontology and RDF toolkit for mapping industry ecosystems.

One function per command, each returning a value instead of printing (their docstrings say
where the data comes from and which errors they raise; :mod:`ecoonto.api` holds them):

>>> import ecoonto
>>> len(ecoonto.query("players-by-side").rows)
23
>>> ecoonto.validate().conforms
True

Importing ecoonto loads nothing heavy: each function imports what it needs when called
(``ecoonto --help`` stays fast).
"""

from __future__ import annotations

from typing import Any

from ecoonto.api import (
    ask,
    check_profile,
    compare,
    convert,
    diagram,
    diff,
    docs,
    generate,
    import_industry,
    industries,
    load,
    new,
    queries,
    query,
    reason,
    report,
    stats,
    validate,
)

__all__ = [
    "__version__",
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


def __getattr__(name: str) -> Any:
    # importlib.metadata costs ~60 ms: read the version only when asked.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("ecoonto")
        except PackageNotFoundError:  # pragma: no cover - a bare source tree
            return "0.0.0"
    raise AttributeError(f"module 'ecoonto' has no attribute {name!r}")
