"""Where the bundled ontology, industry data, shapes and queries live.

ecoonto is installed from its source tree (``pip install -e .``); the bundled files sit at the
repository root. ``ECOONTO_HOME`` points elsewhere when a deployment keeps them in another place.
"""

from __future__ import annotations

import os
from pathlib import Path

NS = "https://w3id.org/ecoonto/"


def home() -> Path:
    """The folder that holds ``ontology/``, ``shapes/`` and ``queries/``."""
    env = os.environ.get("ECOONTO_HOME")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2]


def ontology_dir() -> Path:
    return home() / "ontology"


def shapes_dir() -> Path:
    return home() / "shapes"


def queries_dir() -> Path:
    return home() / "queries"


def core_ontology() -> Path:
    return ontology_dir() / "core.ttl"


def industry_files() -> list[Path]:
    """Every bundled industry data module, in a stable order."""
    return sorted((ontology_dir() / "industries").glob("*.ttl"))


def bundled_graph_files() -> list[Path]:
    """The core ontology followed by every industry module: the bundled knowledge graph."""
    return [core_ontology(), *industry_files()]


def shape_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.ttl"))
