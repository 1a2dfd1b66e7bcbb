"""ecoonto: an ontology and RDF toolkit for mapping industry ecosystems."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ecoonto")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0"

__all__ = ["__version__"]
