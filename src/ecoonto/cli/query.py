"""``ecoonto query``: run a bundled query or a ``.rq`` file on the bundled graph, an embedded
store or a SPARQL endpoint."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ecoonto.cli._common import format_option, handle_errors
from ecoonto.cli._targets import inputs

if TYPE_CHECKING:
    from ecoonto.api import Input

FORMAT_CHOICES = ("table", "csv", "tsv", "json", "md")


@click.command(
    epilog="""\b
Example:
    ecoonto query q1-invisible-counterparty --format md
    ecoonto query q2-energy-binding-constraint --param stance=gains
    ecoonto query my-question.rq --data extra.ttl --format csv
    ecoonto query table-buyer-side --store ./kg
    ecoonto query table-buyer-side --endpoint http://localhost:7878
    ecoonto query table-buyer-side examples/specialty-coffee.ttl
    ecoonto query q1-invisible-counterparty --store ./kg --industry specialty-coffee""",
)
@click.argument("query_name", metavar="QUERY", required=False)
@inputs(data=True, base=True)
@format_option(
    FORMAT_CHOICES, None, "Output format [default: table on a terminal, tsv when piped]."
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE (a string; <...> for an IRI) with a VALUES block (repeatable).",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let the query use SERVICE on local data (it sends requests to the servers it names).",
)
@click.option(
    "--list",
    "list_only",
    is_flag=True,
    help="List the bundled queries and exit (kept as an alias of: ecoonto queries).",
)
@handle_errors
def query(
    query_name: str | None,
    given: Input,
    fmt: str | None,
    params: tuple[str, ...],
    allow_service: bool,
    list_only: bool,
) -> None:
    """Run the SPARQL QUERY (a bundled name or a .rq file).

    By default the query runs on the bundled graph (the core ontology and every industry
    module) plus any --data files, in memory. --store DIR runs it on an embedded Oxigraph store
    (opened read-only, so it never blocks a writer); --endpoint URL on any SPARQL 1.1 server
    (credentials from ECOONTO_ENDPOINT_USER/ECOONTO_ENDPOINT_PASSWORD or ~/.netrc). The same
    query gives the same rows on each.

    SELECT results print as a table, CSV, TSV, SPARQL JSON or Markdown; ASK prints true or
    false; CONSTRUCT and DESCRIBE print Turtle. Bundled queries: ecoonto queries.

    SERVICE is off on local data (the bundled graph, --data, --store): --allow-service turns
    it on. Exit 0 success, 2 bad input (unknown query, syntax error, bad option, SERVICE not
    allowed), 3 the store or endpoint failed (also an unreachable SERVICE).
    """
    from dataclasses import replace

    from ecoonto import api
    from ecoonto.errors import InputError
    from ecoonto.products.render import render
    from ecoonto.targets import querying as queries

    if list_only:
        for info in api.queries():
            click.echo(f"{info.name}\t{info.category}\t{info.question}")
        return
    if not query_name:
        raise InputError("missing QUERY: give a bundled name or a .rq file (ecoonto queries)")
    given = replace(given, allow_service=allow_service)
    result = api.query(query_name, given, params=queries.parse_params(params))
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "tsv"
    click.echo(render(result, fmt), nl=False)
