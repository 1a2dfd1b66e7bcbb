"""``ecoonto industries``: the industries an input holds."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ecoonto.cli._common import handle_errors
from ecoonto.cli._targets import Input, target_options

_EXAMPLE = """\b
Example:
    ecoonto industries
    ecoonto industries examples/specialty-coffee.ttl
    ecoonto industries --store ./kg --format json"""


@click.command(epilog=_EXAMPLE)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@target_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: aligned text; json: full IRIs.",
)
@handle_errors
def industries(
    files: tuple[Path, ...],
    store_dir: Path | None,
    endpoint: str | None,
    layout: str,
    timeout: float,
    graph_iri: str | None,
    fmt: str,
) -> None:
    """List the industries in the input: label, IRI, short name (what --industry takes) and
    players per side. An industry the input only names (an adjacent one) has no players.

    Reads FILES (with the core ontology), --store DIR, --endpoint URL, or the bundled graph.
    Exit 0 success, 2 bad input (no core ontology in a store), 3 the store or endpoint failed.
    """
    from ecoonto.targets import industries as industries_mod

    given = Input(files, (), store_dir, endpoint, layout, timeout, graph_iri)
    with given.open() as target:
        found = industries_mod.list_industries(target)
    if fmt == "json":
        click.echo(json.dumps([i.as_json() for i in found], indent=2, ensure_ascii=False))
        return
    sides = list(found[0].players_per_side) if found else []
    header = ["short name", "label", *sides, "IRI"]
    rows = [
        [i.short_name or "-", i.label, *(str(i.players_per_side[s]) for s in sides), i.iri]
        for i in found
    ]
    width = [max(len(r[n]) for r in [header, *rows]) for n in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(f"{c:<{width[n]}}" for n, c in enumerate(row)).rstrip())
