"""The one set of input options of every command that reads knowledge, declared once.

+--------------------+------------------------------------------------------------------------+
| input              | what the command reads                                                 |
+====================+========================================================================+
| FILES              | the core ontology merged with those files (the bundled AI compute      |
|                    | module is not added)                                                   |
| --data FILE        | the bundled graph plus that file (query, report, ask)                  |
| --store DIR        | an embedded Oxigraph store, opened read-only                           |
| --endpoint URL     | a SPARQL 1.1 endpoint (--layout, --timeout)                            |
| nothing            | the bundled graph: the core ontology and the AI compute module         |
| --industry NAME    | one industry of the input, by its short name (eco:shortName), IRI or   |
|                    | label; needed when the input holds several                             |
+--------------------+------------------------------------------------------------------------+

``--graph IRI`` reads a named graph of a store or endpoint. :func:`inputs` declares the options
and hands the command one :class:`ecoonto.api.Input` (argument ``given``); what the input means
is the library's (:class:`ecoonto.api.Input`, :func:`ecoonto.targets.open_input`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

import click

# The same names as ecoonto.targets.LAYOUTS (not imported here, so that help stays light).
LAYOUTS = ("auto", "oxigraph", "fuseki", "graphdb", "virtuoso", "qlever")

F = TypeVar("F", bound=Callable[..., Any])

_NAMES = ("files", "data", "store", "endpoint", "layout", "timeout", "graph", "industry", "base")


def inputs(
    *,
    files: bool = True,
    data: bool = False,
    industry: bool = True,
    base: bool = False,
    writes: bool = False,
    files_type: Literal["file", "any", "existing"] = "file",
) -> Callable[[F], F]:
    """Declare FILES, --store, --endpoint, --layout, --timeout, --graph (and --industry,
    --data, --base where the command has them) and pass them to the command as one
    :class:`ecoonto.api.Input` named ``given``. ``writes``: the command writes the store or
    endpoint (``ecoonto load``) instead of reading it. ``files_type``: FILES must be files
    (``file``), may be anything the reader then judges (``any``), or must exist (``existing``)."""
    declared: list[Callable[[Any], Any]] = []
    if files:
        declared.append(
            click.argument(
                "files",
                nargs=-1,
                type=click.Path(
                    path_type=Path,
                    dir_okay=files_type == "any",
                    exists=files_type == "existing",
                ),
            )
        )
    if data:
        declared.append(
            click.option(
                "--data",
                multiple=True,
                type=click.Path(path_type=Path, dir_okay=False),
                help="Add this RDF file to the bundled graph (repeatable; not with"
                " --store/--endpoint).",
            )
        )
    declared += [
        click.option(
            "--store",
            type=click.Path(path_type=Path, file_okay=False),
            metavar="DIR",
            help="Directory of an embedded Oxigraph store (created if missing)."
            if writes
            else "Read an embedded Oxigraph store (opened read-only) instead of the bundled graph.",
        ),
        click.option(
            "--endpoint",
            metavar="URL",
            help=("Write to" if writes else "Read")
            + " a SPARQL 1.1 endpoint (base URL, no credentials in it).",
        ),
        click.option(
            "--layout",
            type=click.Choice(LAYOUTS),
            default="auto",
            show_default=True,
            help="How the endpoint names its services (docs/triple-stores.md).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            metavar="SECONDS",
            default=30.0,
            show_default=True,
            help="Seconds to wait for the endpoint.",
        ),
        click.option(
            "--graph",
            metavar="IRI",
            help="Named graph to replace (default: the default graph)."
            if writes
            else "With --store/--endpoint: read this named graph (default: the default graph).",
        ),
    ]
    if industry:
        declared.append(
            click.option(
                "--industry",
                metavar="NAME|IRI",
                help="One industry of the input: its short name (ecoonto industries lists them),"
                " IRI or label. Needed when the input holds several.",
            )
        )
    if base:
        declared.append(
            click.option(
                "--base",
                metavar="IRI",
                help="Base IRI for relative IRIs in FILES"
                + (" and --data files" if data else "")
                + " [default: each file's file: URL].",
            )
        )

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def command(**kwargs: Any) -> Any:
            from ecoonto.api import Input

            given = {name: kwargs.pop(name) for name in _NAMES if name in kwargs}
            return func(given=Input.of(**given), **kwargs)

        for option in reversed(declared):
            command = option(command)
        return command  # type: ignore[return-value]

    return decorate
