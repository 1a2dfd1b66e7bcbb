"""``ecoonto convert``: RDF from one serialisation to another, written atomically."""

from __future__ import annotations

from pathlib import Path

import click

from ecoonto.cli._common import handle_errors, value_option

_EXAMPLE = """\b
Example:
    ecoonto convert ontology/core.ttl core.jsonld
    ecoonto convert data.rdf data.ttl
    ecoonto convert dump.txt dump.nt --from turtle"""


@click.command(epilog=_EXAMPLE)
@click.argument("source", metavar="IN", type=click.Path(path_type=Path))
@click.argument("target", metavar="OUT", type=click.Path(path_type=Path))
@value_option("--from", "FMT", "Format of IN [default: by extension].", dest="from_format")
@value_option("--to", "FMT", "Format of OUT [default: by extension].", dest="to_format")
@value_option("--base", "IRI", "Base IRI for relative IRIs in IN [default: the file's file: URL].")
@click.option(
    "--compact",
    is_flag=True,
    help="JSON-LD output: a @context of the prefixes and compact IRIs (default: expanded).",
)
@handle_errors
def convert(
    source: Path,
    target: Path,
    from_format: str | None,
    to_format: str | None,
    base: str | None,
    compact: bool,
) -> None:
    """Convert the RDF file IN to OUT.

    Formats, by extension or named with --from/--to: Turtle (.ttl; turtle), N-Triples (.nt;
    nt), RDF/XML (.rdf .owl .xml; xml), JSON-LD (.jsonld .json; json-ld), N3 (.n3), TriG
    (.trig) and N-Quads (.nq; nquads). Nothing is lost: literals keep their lexical forms and
    datatypes, named graphs their names. Every output is canonical (RDFC-1.0 blank-node labels,
    a fixed order, declared prefixes only): the same input gives the same bytes. OUT is
    replaced in one step, only once the whole input has been parsed and converted; OUT may not
    be IN. Named graphs (TriG, N-Quads, JSON-LD) convert only to TriG, N-Quads or JSON-LD.

    Exit 0 converted, 2 bad input (unknown format, missing or malformed file, OUT is IN).
    """
    from ecoonto import api

    done = api.convert(
        source, target, from_format=from_format, to_format=to_format, base=base, compact=compact
    )
    triples = f"{done.triples} triple{'' if done.triples == 1 else 's'}"
    if done.named_graphs:
        triples += f" ({done.named_graphs} named graph{'' if done.named_graphs == 1 else 's'})"
    click.echo(
        f"wrote {done.target} ({done.to_format}): {triples} from {done.source} ({done.from_format})"
    )
