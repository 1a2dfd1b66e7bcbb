"""ecoonto: an ontology and RDF toolkit for mapping industry ecosystems."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # Resolved on first use: importlib.metadata costs ~60 ms, too much for `ecoonto --help`.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("ecoonto")
        except PackageNotFoundError:  # pragma: no cover - a bare source tree
            return "0.0.0"
    raise AttributeError(f"module 'ecoonto' has no attribute {name!r}")
