"""ecoonto: an ontology and RDF toolkit for mapping industry ecosystems.

The library-first entry points, one per command (see :mod:`ecoonto.api` for where the data
comes from and the errors they raise):

* :func:`validate`: check a graph against the SHACL shapes;
* :func:`query`: run a bundled query, a ``.rq`` file or SPARQL text;
* :func:`load`: replace a graph in an embedded store or at a SPARQL endpoint;
* :func:`reason`: consistency and inferences (HermiT, Pellet, OWL 2 RL);
* :func:`report`: the industry page regenerated from the graph;
* :func:`stats`: the graph's figures;
* :func:`import_industry`: a page or spreadsheet tables as a validated industry module.

>>> import ecoonto
>>> len(ecoonto.query("players-by-side").rows)
23
>>> ecoonto.validate().conforms
True

Importing ecoonto loads nothing heavy: each function imports what it needs when called
(``ecoonto --help`` stays fast). ``ecoonto.report`` and ``ecoonto.stats`` are also the modules
of those names (calling them calls the entry point; see :mod:`ecoonto._entry`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ecoonto.api import import_industry, load, query, reason, validate

__all__ = [
    "__version__",
    "import_industry",
    "load",
    "query",
    "reason",
    "report",
    "stats",
    "validate",
]

_API = frozenset({"import_industry", "load", "query", "reason", "validate"})
_ENTRY_MODULES = frozenset({"report", "stats"})


def __getattr__(name: str) -> Any:
    # Resolved on first use: the API's modules, and importlib.metadata (~60 ms), cost too much
    # for `ecoonto --help`.
    if name in _API:
        from ecoonto import api

        return getattr(api, name)
    if name in _ENTRY_MODULES:
        import importlib

        return importlib.import_module(f"ecoonto.{name}")
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("ecoonto")
        except PackageNotFoundError:  # pragma: no cover - a bare source tree
            return "0.0.0"
    raise AttributeError(f"module 'ecoonto' has no attribute {name!r}")
