"""``ecoonto diagram``: draw the ecosystem map (sides, players, organisations) with Graphviz."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from ecoonto.cli._common import handle_errors
from ecoonto.cli._targets import Input, input_options

if TYPE_CHECKING:
    from ecoonto.products import diagram as diagrams

_EXAMPLE = """\b
Example:
    ecoonto diagram --format png -o docs/ecosystem.png --organisation Google
    ecoonto diagram examples/specialty-coffee.ttl -o coffee.svg
"""

_SUFFIX_FORMATS = {".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot"}


@click.command(epilog=_EXAMPLE)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@input_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["svg", "png", "dot"], case_sensitive=False),
    default=None,
    help="Output format (default: from the -o suffix, else svg). dot needs no Graphviz.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Write to FILE (atomically) instead of standard output; required for png.",
)
@click.option("--side", default=None, metavar="NAME", help="Draw only this side (e.g. Boundary).")
@click.option(
    "--organisation",
    "--organization",
    "organisation",
    default=None,
    metavar="NAME",
    help="Focus on one organisation (label or IRI, any case) and the players it exemplifies.",
)
@handle_errors
def diagram(
    files: tuple[Path, ...],
    store_dir: Path | None,
    endpoint: str | None,
    layout: str,
    timeout: float,
    graph_iri: str | None,
    industry: str | None,
    fmt: str | None,
    output: Path | None,
    side: str | None,
    organisation: str | None,
) -> None:
    """Draw the ecosystem map: the four sides, their players and the organisations behind them.

    Reads FILES (merged with the core ontology), --store DIR, --endpoint URL, or the bundled
    graph; --industry draws one industry when the input holds several. A player on several
    sides is drawn on each. Each side is a region; a player's box is
    filled with its primary archetype's colour and striped with its secondary one (dashed: an
    archetype from the data module's editors); an organisation on several sides is drawn outside
    the regions with bold lines into each. svg and png run Graphviz's `dot` (Debian package
    graphviz).

    Exit 0 written, 2 bad input (a missing file, an unknown side or organisation, no `dot`).
    """
    from ecoonto.errors import InputError
    from ecoonto.products import diagram as diagrams
    from ecoonto.rdf import graphs
    from ecoonto.targets import fetch_graph

    chosen = (fmt or "").lower() or _SUFFIX_FORMATS.get(
        output.suffix.lower() if output else "", "svg"
    )
    if chosen == "png" and output is None:
        raise InputError("png is binary: give -o FILE to write it")
    if output is not None and not output.parent.is_dir():
        raise InputError(f"{output.parent}: no such directory")
    given = Input(files, (), store_dir, endpoint, layout, timeout, graph_iri, industry)
    with given.open() as target:
        scope = given.one(target, "the diagram")
        graph = fetch_graph(target)
    dot = diagrams.ecosystem_dot(graph, side=side, organisation=organisation, industry=scope.iri)
    data = diagrams.render(dot, cast("diagrams.Format", chosen))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        graphs.write_atomic(output, data)
        click.echo(f"wrote {output} ({chosen}, {len(data)} bytes)", err=True)
