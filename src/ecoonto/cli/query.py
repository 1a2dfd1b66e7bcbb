"""``ecoonto query``: run a bundled query or a ``.rq`` file on the bundled graph, an embedded
store or a SPARQL endpoint."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ecoonto.cli._common import handle_errors
from ecoonto.cli._targets import Input, input_options

if TYPE_CHECKING:
    from rdflib.term import Node

    from ecoonto.targets.base import QueryTarget
    from ecoonto.targets.results import QueryResult

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
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Add this RDF file to the bundled graph (repeatable; not with --store/--endpoint).",
)
@input_options
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
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let the query use SERVICE on local data (it sends requests to the servers it names).",
)
@click.option(
    "--base",
    metavar="IRI",
    help="Base IRI for relative IRIs in the --data files [default: each file's file: URL].",
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
    files: tuple[Path, ...],
    data: tuple[Path, ...],
    store_dir: Path | None,
    endpoint: str | None,
    layout: str,
    timeout: float,
    graph_iri: str | None,
    industry: str | None,
    fmt: str | None,
    params: tuple[str, ...],
    allow_service: bool,
    base: str | None,
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
    from ecoonto.errors import InputError
    from ecoonto.products.render import render
    from ecoonto.targets import querying as queries

    if list_only:
        for info in queries.list_queries():
            click.echo(f"{info.name}\t{info.category}\t{info.question}")
        return
    if not query_name:
        raise InputError("missing QUERY: give a bundled name or a .rq file (ecoonto queries)")
    info = queries.resolve(query_name)
    text = info.text()
    given = Input(
        files, data, store_dir, endpoint, layout, timeout, graph_iri, industry, base, allow_service
    )
    takes_industry = re.search(r"[?$]industry(?![\w])", text) is not None
    if industry is not None and not takes_industry:
        raise InputError(f"--industry: the query {info.name} has no variable ?industry to bind")
    with given.open(need_core=False) as target:
        try:
            result = _run(text, queries.parse_params(params), target, given, takes_industry)
        except InputError as exc:
            if "syntax error" in exc.message and str(info.path) not in exc.message:
                raise InputError(f"{info.path}: {exc.message}") from None
            raise
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "tsv"
    click.echo(render(result, fmt), nl=False)


def _run(
    text: str, params: dict[str, str], target: QueryTarget, given: Input, takes_industry: bool
) -> QueryResult:
    """Run the query: bound to --industry when given; when the input holds several industries
    and the query takes ?industry, once per industry, with an ``industry`` column first."""
    from rdflib import Literal

    from ecoonto.targets import industries
    from ecoonto.targets import querying as queries
    from ecoonto.targets.results import QueryResult

    if not takes_industry or "industry" in params:
        return queries.run(queries.bind(text, params), target)
    if given.industry is not None:
        chosen = industries.resolve(target, given.industry)
        assert chosen is not None
        return queries.run(queries.bind(text, {**params, "industry": f"<{chosen.iri}>"}), target)
    mapped = [i for i in industries.list_industries(target) if i.mapped]
    if len(mapped) < 2:
        return queries.run(queries.bind(text, params), target)
    rows: list[tuple[Node | None, ...]] = []
    variables: list[str] = []
    for each in mapped:
        part = queries.run(queries.bind(text, {**params, "industry": f"<{each.iri}>"}), target)
        if part.kind != "select":
            return queries.run(queries.bind(text, params), target)
        variables = ["industry", *part.variables]
        rows.extend((Literal(each.name), *row) for row in part.rows)
    return QueryResult("select", variables=variables, rows=rows)
