"""``ecoonto diagram``: draw the ecosystem map (sides, players, organisations) with Graphviz."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from ecoonto.cli._common import handle_errors, output_option, write_or_echo
from ecoonto.cli._targets import inputs

if TYPE_CHECKING:
    from ecoonto.api import Input
    from ecoonto.products.diagram import Format

_EXAMPLE = """\b
Example:
    ecoonto diagram --format png -o docs/ecosystem.png --organisation Google
    ecoonto diagram examples/specialty-coffee.ttl -o coffee.svg
"""

_SUFFIX_FORMATS = {".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot"}


@click.command(epilog=_EXAMPLE)
@inputs(files_type="any")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["svg", "png", "dot"], case_sensitive=False),
    default=None,
    help="Output format (default: from the -o suffix, else svg). dot needs no Graphviz.",
)
@output_option(
    "Write to FILE (atomically) instead of standard output; required for png.", metavar="FILE"
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
    given: Input,
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
    from ecoonto import api
    from ecoonto.errors import InputError

    chosen = (fmt or "").lower() or _SUFFIX_FORMATS.get(
        output.suffix.lower() if output else "", "svg"
    )
    if chosen == "png" and output is None:
        raise InputError("png is binary: give -o FILE to write it")
    if output is not None and not output.parent.is_dir():
        raise InputError(f"{output.parent}: no such directory")
    drawn = api.diagram(given, format=cast("Format", chosen), side=side, organisation=organisation)
    write_or_echo(output, drawn, chosen)
