"""``ecoonto convert``: RDF from one serialisation to another, written atomically."""

from __future__ import annotations

from pathlib import Path

import click

from ecoonto.cli._common import handle_errors

_EXAMPLE = """\b
Example:
    ecoonto convert src/ecoonto/ontology/core.ttl core.jsonld
    ecoonto convert data.rdf data.ttl
    ecoonto convert dump.txt dump.nt --from turtle"""


@click.command(epilog=_EXAMPLE)
@click.argument("source", metavar="IN", type=click.Path(path_type=Path))
@click.argument("target", metavar="OUT", type=click.Path(path_type=Path))
@click.option(
    "--from",
    "from_format",
    metavar="FMT",
    help="Format of IN [default: by extension].",
)
@click.option(
    "--to",
    "to_format",
    metavar="FMT",
    help="Format of OUT [default: by extension].",
)
@handle_errors
def convert(source: Path, target: Path, from_format: str | None, to_format: str | None) -> None:
    """Convert the RDF file IN to OUT.

    Formats, by extension or named with --from/--to: Turtle (.ttl; turtle), N-Triples (.nt;
    nt), RDF/XML (.rdf .owl .xml; xml), JSON-LD (.jsonld .json; json-ld), N3 (.n3), TriG
    (.trig) and N-Quads (.nq; nquads). Turtle is written canonically (sorted, stable), N-Triples
    and N-Quads with sorted lines. OUT is replaced in one step, only once the whole input has
    been parsed and converted; OUT may not be IN. Named graphs (TriG, N-Quads) convert only to
    TriG or N-Quads.

    Exit 0 converted, 2 bad input (unknown format, missing or malformed file, OUT is IN).
    """
    from ecoonto.convert import convert as run_conversion

    done = run_conversion(source, target, from_format, to_format)
    triples = f"{done.triples} triple{'' if done.triples == 1 else 's'}"
    if done.named_graphs:
        triples += f" ({done.named_graphs} named graph{'' if done.named_graphs == 1 else 's'})"
    click.echo(
        f"wrote {done.target} ({done.to_format}): {triples} from {done.source} ({done.from_format})"
    )
