"""``ecoonto docs``: write the HTML reference documentation of the core ontology (pyLODE)."""

from __future__ import annotations

from pathlib import Path

import click

from ecoonto.cli._common import handle_errors

_EXAMPLE = """\b
Example:
    ecoonto docs -o out/docs
"""


@click.command(epilog=_EXAMPLE)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("out/docs"),
    show_default=True,
    metavar="DIR",
    help="Directory to write (replaced as a whole; refused if it holds other files).",
)
@handle_errors
def docs(output: Path) -> None:
    """Write HTML reference documentation of the core ontology with pyLODE.

    DIR/index.html documents every class and property (label, definition, domain, range and
    where it is used) and the named individuals (sides, archetypes, counterparties, units);
    DIR/ecoonto-core.ttl is the ontology it documents. The directory is written all or
    nothing.

    Exit 0 written, 2 bad input (DIR is a file or holds other files, pyLODE missing).
    """
    from ecoonto import api

    for path in api.docs(output):
        click.echo(str(path))
