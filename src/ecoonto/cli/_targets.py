"""Options shared by the read-only commands (query, validate, stats): which store to read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

# The same names as ecoonto.store.LAYOUTS (not imported here, so that help stays light).
LAYOUTS = ("auto", "oxigraph", "fuseki", "graphdb", "virtuoso", "qlever")

F = TypeVar("F", bound=Callable[..., object])


def target_options(func: F) -> F:
    """Add --store, --endpoint, --layout, --timeout and --graph to a command."""
    options = [
        click.option(
            "--store",
            "store_dir",
            type=click.Path(path_type=Path, file_okay=False),
            metavar="DIR",
            help="Read an embedded Oxigraph store (opened read-only) instead of the bundled graph.",
        ),
        click.option(
            "--endpoint",
            metavar="URL",
            help="Read a SPARQL 1.1 endpoint (base URL, no credentials in it).",
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
            "graph_iri",
            metavar="IRI",
            help="With --store/--endpoint: read this named graph (default: the default graph).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func
