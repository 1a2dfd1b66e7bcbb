"""``ecoonto query``: run a bundled query or a ``.rq`` file on the bundled graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ecoonto.cli._common import handle_errors

FORMAT_CHOICES = ("table", "csv", "tsv", "json", "md")


@click.command(
    epilog="""\b
Example:
    ecoonto query q1-invisible-counterparty --format md
    ecoonto query q2-energy-binding-constraint --param stance=gains
    ecoonto query my-question.rq --data extra.ttl --format csv""",
)
@click.argument("query_name", metavar="QUERY", required=False)
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Add this RDF file to the bundled graph (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default=None,
    help="Output format [default: table on a terminal, tsv when piped].",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE (a string; <...> for an IRI) with a VALUES block (repeatable).",
)
@click.option("--list", "list_only", is_flag=True, help="List the bundled queries and exit.")
@handle_errors
def query(
    query_name: str | None,
    data: tuple[Path, ...],
    fmt: str | None,
    params: tuple[str, ...],
    list_only: bool,
) -> None:
    """Run the SPARQL QUERY (a bundled name or a .rq file) on the bundled graph (the core
    ontology and every industry module) plus any --data files.

    SELECT results print as a table, CSV, TSV, SPARQL JSON or Markdown; ASK prints true or
    false; CONSTRUCT and DESCRIBE print Turtle. Bundled queries: ecoonto query --list.
    """
    from ecoonto import queries
    from ecoonto.errors import InputError
    from ecoonto.format import render

    if list_only:
        for info in queries.list_queries():
            click.echo(f"{info.name}\t{info.category}\t{info.question}")
        return
    if not query_name:
        raise InputError("missing QUERY: give a bundled name or a .rq file (ecoonto query --list)")
    info = queries.resolve(query_name)
    bound = queries.bind(info.text(), queries.parse_params(params))
    target = queries.OxigraphMemoryTarget.bundled(list(data))
    result = queries.run(bound, target)
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "tsv"
    click.echo(render(result, fmt), nl=False)
