"""``ecoonto diagram``: draw the ecosystem map (sides, players, organisations) with Graphviz."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from ecoonto.cli._common import handle_errors

if TYPE_CHECKING:
    from ecoonto import diagram as diagrams

_EXAMPLE = """\b
Example:
    ecoonto diagram --format png -o docs/ecosystem.png --organisation Google
"""

_SUFFIX_FORMATS = {".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot"}


@click.command(epilog=_EXAMPLE)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
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
    fmt: str | None,
    output: Path | None,
    side: str | None,
    organisation: str | None,
) -> None:
    """Draw the ecosystem map: the four sides, their players and the organisations behind them.

    With no FILES, draw the bundled graph (the core ontology and every industry module); given
    FILES, draw them merged with the core ontology. Each side is a region; a player's box is
    filled with its primary archetype's colour and striped with its secondary one (dashed: an
    archetype from the data module's editors); an organisation on several sides is drawn outside
    the regions with bold lines into each. svg and png run Graphviz's `dot` (Debian package
    graphviz).

    Exit 0 written, 2 bad input (a missing file, an unknown side or organisation, no `dot`).
    """
    from ecoonto import diagram as diagrams
    from ecoonto import graphs, resources
    from ecoonto.errors import InputError

    chosen = (fmt or "").lower() or _SUFFIX_FORMATS.get(
        output.suffix.lower() if output else "", "svg"
    )
    if chosen == "png" and output is None:
        raise InputError("png is binary: give -o FILE to write it")
    if output is not None and not output.parent.is_dir():
        raise InputError(f"{output.parent}: no such directory")
    if files:
        graph = graphs.load([resources.core_ontology(), *files])
    else:
        graph = graphs.load_bundled()
    dot = diagrams.ecosystem_dot(graph, side=side, organisation=organisation)
    data = diagrams.render(dot, cast("diagrams.Format", chosen))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        graphs.write_atomic(output, data)
        click.echo(f"wrote {output} ({chosen}, {len(data)} bytes)", err=True)
