"""``ecoonto stats``: figures of a graph (files, the bundled graph, a store or an endpoint)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ecoonto.cli._common import handle_errors
from ecoonto.cli._targets import Input, input_options

_EXAMPLE = """\b
Example:
    ecoonto stats
    ecoonto stats ontology/industries/ai-compute.ttl --format json
    ecoonto stats --endpoint http://localhost:7878"""


@click.command(epilog=_EXAMPLE)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@input_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: aligned text with prefixed names; json: full IRIs.",
)
@click.option(
    "--base",
    metavar="IRI",
    help="Base IRI for relative IRIs in FILES [default: each file's file: URL].",
)
@handle_errors
def stats(
    files: tuple[Path, ...],
    store_dir: Path | None,
    endpoint: str | None,
    layout: str,
    timeout: float,
    graph_iri: str | None,
    industry: str | None,
    fmt: str,
    base: str | None,
) -> None:
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
    from ecoonto.products import stats as stats_mod

    given = Input(files, (), store_dir, endpoint, layout, timeout, graph_iri, industry, base)
    with given.open(need_core=False) as target:
        chosen = given.chosen(target) if industry is not None else None
        figures = stats_mod.compute(target, chosen.iri if chosen is not None else None)
    if fmt == "json":
        click.echo(json.dumps(figures.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(stats_mod.render_table(figures), nl=False)
