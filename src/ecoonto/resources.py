"""Where the bundled ontology, industry data, shapes and queries live.

``ontology/``, ``shapes/`` and ``queries/`` sit at the top of the repository, one copy each. The
build maps them into the installed package (``ecoonto/ontology`` and so on: ``pyproject.toml``),
where a wheel or a pipx environment finds them through :mod:`importlib.resources`; an editable
install (or ``PYTHONPATH=src``) finds them in the checkout the package was imported from.
``ECOONTO_HOME`` overrides both: point it at a folder that holds ``ontology/``, ``shapes/`` and
``queries/`` to use another set of bundled files.

>>> (home() / "ontology" / "core.ttl").is_file()
True
"""

from __future__ import annotations

import os
from importlib import resources as _resources
from pathlib import Path

NS = "https://w3id.org/ecoonto/"


def home() -> Path:
    """The folder that holds ``ontology/``, ``shapes/`` and ``queries/``.

    ``ECOONTO_HOME`` if set; else the installed package, where the build put them; else the
    checkout the package was imported from (an editable install).

    >>> sorted(p.name for p in home().iterdir() if p.name in ("ontology", "shapes", "queries"))
    ['ontology', 'queries', 'shapes']
    """
    env = os.environ.get("ECOONTO_HOME")
    if env:
        return Path(env)
    # The package is installed as files on disk (setuptools, editable or wheel; zip imports are
    # not supported), so the traversable is a real directory.
    package = Path(str(_resources.files("ecoonto")))
    if (package / "ontology").is_dir():
        return package
    checkout = package.parent.parent  # src/ecoonto -> the repository
    if (checkout / "ontology").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return package  # the files are missing: every reader then names the path it looked for


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


def with_core(files: list[Path]) -> list[Path]:
    """``files`` preceded by the core ontology, unless it is among them already: how every
    command reads FILES."""
    core = core_ontology()

    def same(path: Path) -> bool:
        try:
            return path.resolve() == core.resolve()
        except OSError:
            return False

    return list(files) if any(same(f) for f in files) else [core, *files]


def shape_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.ttl"))
