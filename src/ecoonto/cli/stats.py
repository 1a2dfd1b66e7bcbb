"""``ecoonto stats``: figures of a graph (files, the bundled graph, a store or an endpoint)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ecoonto.cli._common import echo_json, format_option, handle_errors
from ecoonto.cli._targets import inputs

if TYPE_CHECKING:
    from ecoonto.api import Input

_EXAMPLE = """\b
Example:
    ecoonto stats
    ecoonto stats ontology/industries/ai-compute.ttl --format json
    ecoonto stats --endpoint http://localhost:7878"""


@click.command(epilog=_EXAMPLE)
@inputs(base=True)
@format_option(
    ["table", "json"], "table", "table: aligned text with prefixed names; json: full IRIs."
)
@handle_errors
def stats(given: Input, fmt: str) -> None:
    """Count what a graph holds: triples, classes (distinct rdf:type objects), the individuals
    of each eco: class, the players on each side (asserted: a filling whose position is on the
    side), and the organisations that wear hats on several sides.

    With no FILES, the bundled graph (the core ontology and the AI compute module); with FILES,
    those files merged with the core ontology; --industry NAME counts the players and
    organisations of that industry only; with --store DIR or --endpoint URL, the graph held
    there (the default graph, or --graph IRI). The figures are SPARQL queries, so every target
    gives the same ones.

    Exit 0 success, 2 bad input, 3 the store or endpoint failed.
    """
    from ecoonto import api
    from ecoonto.products import stats as stats_mod

    figures = api.stats(given)
    if fmt == "json":
        echo_json(figures.as_json())
    else:
        click.echo(stats_mod.render_table(figures), nl=False)
