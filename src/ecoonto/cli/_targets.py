"""The one set of input options of every command that reads knowledge.

+--------------------+------------------------------------------------------------------------+
| input              | what the command reads                                                 |
+====================+========================================================================+
| FILES              | the core ontology merged with those files (the bundled AI compute      |
|                    | module is not added)                                                   |
| --store DIR        | an embedded Oxigraph store, opened read-only                           |
| --endpoint URL     | a SPARQL 1.1 endpoint (--layout, --timeout)                            |
| nothing            | the bundled graph: the core ontology and the AI compute module         |
| --industry NAME    | one industry of the input, by its short name (eco:shortName), IRI or   |
|                    | label; needed when the input holds several                             |
+--------------------+------------------------------------------------------------------------+

``--graph IRI`` reads a named graph of a store or endpoint. The chooser is
:func:`ecoonto.targets.open_input`; this module only declares the options and checks that the
input holds the core ontology (a store loaded without it would give empty rows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from ecoonto.targets.base import QueryTarget
    from ecoonto.targets.industries import Industry

# The same names as ecoonto.targets.LAYOUTS (not imported here, so that help stays light).
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


def industry_option(func: F) -> F:
    """Add --industry NAME|IRI to a command."""
    return click.option(
        "--industry",
        metavar="NAME|IRI",
        help="One industry of the input: its short name (ecoonto industries lists them), IRI or"
        " label. Needed when the input holds several.",
    )(func)


def input_options(func: F) -> F:
    """--store, --endpoint, --layout, --timeout, --graph and --industry."""
    return target_options(industry_option(func))


@dataclass(frozen=True)
class Input:
    """What a command was asked to read (see the module documentation)."""

    files: Sequence[Path] = ()
    extra: Sequence[Path] = ()
    store: Path | None = None
    endpoint: str | None = None
    layout: str = "auto"
    timeout: float = 30.0
    graph: str | None = None
    industry: str | None = None
    base: str | None = None
    allow_service: bool = False

    @contextmanager
    def open(self, *, need_core: bool = True) -> Iterator[QueryTarget]:
        """The query target; with ``need_core``, refuse an input without the core ontology
        (exit 2, saying so) instead of answering with empty rows."""
        from ecoonto.targets import industries, open_input

        with open_input(
            self.files,
            extra=self.extra,
            store=self.store,
            endpoint=self.endpoint,
            layout=self.layout,
            timeout=self.timeout,
            graph=self.graph,
            base=self.base,
            allow_service=self.allow_service,
        ) as target:
            if need_core:
                industries.require_core(target)
            elif not industries.core_present(target):
                click.echo(
                    f"warning: {target.describe()} does not hold the core ontology: sides, "
                    "archetypes and counterparties will not be found (load it too)",
                    err=True,
                )
            yield target

    def chosen(self, target: QueryTarget) -> Industry | None:
        """The industry --industry names, or the only one the input describes, or None."""
        from ecoonto.targets import industries

        return industries.resolve(target, self.industry)

    def one(self, target: QueryTarget, what: str) -> Industry:
        """The industry to work on: --industry, or the only one; refuse when ambiguous."""
        from ecoonto.targets import industries

        return industries.choose(target, self.industry, what)
