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
    """The bundled ontology: ``core.ttl`` and the industry modules in ``industries/``.

    >>> ontology_dir() == home() / "ontology", (ontology_dir() / "industries").is_dir()
    (True, True)
    """
    return home() / "ontology"


def shapes_dir() -> Path:
    """The bundled SHACL shapes.

    >>> shapes_dir().name, any(shapes_dir().glob("*.ttl"))
    ('shapes', True)
    """
    return home() / "shapes"


def queries_dir() -> Path:
    """The bundled SPARQL query catalogue.

    >>> queries_dir().name, any(queries_dir().glob("**/*.rq"))
    ('queries', True)
    """
    return home() / "queries"


def core_ontology() -> Path:
    """The core ontology file.

    >>> core_ontology().relative_to(home()).as_posix()
    'ontology/core.ttl'
    """
    return ontology_dir() / "core.ttl"


def industry_files() -> list[Path]:
    """Every bundled industry data module, in a stable order.

    >>> files = industry_files()
    >>> files == sorted(files) and all(f.parent.name == "industries" for f in files)
    True
    >>> "ai-compute.ttl" in [f.name for f in files]
    True
    """
    return sorted((ontology_dir() / "industries").glob("*.ttl"))


def bundled_graph_files() -> list[Path]:
    """The core ontology followed by every industry module: the bundled knowledge graph.

    >>> bundled_graph_files() == [core_ontology(), *industry_files()]
    True
    """
    return [core_ontology(), *industry_files()]


def with_core(files: list[Path]) -> list[Path]:
    """``files`` preceded by the core ontology, unless it is among them already: how every
    command reads FILES.

    >>> mine = Path("my-industry.ttl")
    >>> with_core([mine]) == [core_ontology(), mine]
    True
    >>> with_core([mine, core_ontology()]) == [mine, core_ontology()]  # not twice
    True
    """
    core = core_ontology()

    def same(path: Path) -> bool:
        try:
            return path.resolve() == core.resolve()
        except OSError:
            return False

    return list(files) if any(same(f) for f in files) else [core, *files]


def shape_files() -> list[Path]:
    """Every bundled shapes file, in a stable order.

    >>> files = shape_files()
    >>> len(files) > 0 and files == sorted(files) and all(f.suffix == ".ttl" for f in files)
    True
    """
    return sorted(shapes_dir().glob("*.ttl"))
