"""``ecoonto import``: an industry page (Markdown) or its tables (CSV/TSV) as an industry module."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from ecoonto.cli._common import handle_errors, output_option, value_option

_EXAMPLE = """\b
Example:
    ecoonto new "Space launch" -o space-launch.md
    ecoonto import space-launch.md -o space-launch.ttl
    ecoonto import tables/ -o space-launch.ttl --errors problems.tsv
    ecoonto report space-launch.ttl"""


@click.command("import", epilog=_EXAMPLE)
@click.argument("source", type=click.Path(path_type=Path))
@output_option("Write the module here (atomically); default: standard output.")
@value_option(
    "--namespace",
    "IRI",
    "Namespace of the module's individuals (default: BASE + 'data/<slug of the title>/').",
)
@value_option(
    "--prefix", "NAME", "Prefix for the namespace (default: the initials of the industry's name)."
)
@value_option(
    "--base",
    "IRI",
    "Base of the ontology IRI and the default namespace (default: https://w3id.org/ecoonto/).",
)
@click.option(
    "--editorial",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="An editorial Turtle file that completes the module (themes, sides of matrix "
    "positions, ...): validated together with it, not copied into it (repeatable).",
)
@click.option(
    "--errors",
    "errors_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write every problem as a TSV table (file, line, row, column, header, problem, fix).",
)
@click.option("--no-validate", is_flag=True, help="Do not run the shapes on the module.")
@click.option(
    "--recognised",
    is_flag=True,
    help="List what the import recognised (business units, numbers with units) on standard error.",
)
@handle_errors
def import_(
    source: Path,
    output: Path | None,
    namespace: str | None,
    prefix: str | None,
    base: str | None,
    editorial: tuple[Path, ...],
    errors_file: Path | None,
    no_validate: bool,
    recognised: bool,
) -> None:
    """Read SOURCE, an industry page in the Markdown layout `ecoonto report --format md`
    writes (or a folder with one CSV/TSV file per table), and write the industry module:
    players, positions, fillings, organisations, archetypes, counterparties and their
    mentions, the positions matrix with its splits, every resource with its provenance.

    The module is validated with the bundled shapes before it is written. On any problem
    every problem is printed, each naming its cell, nothing is written, and the exit code
    is 2.
    """
    from ecoonto import api
    from ecoonto.authoring import ImportFailed, problems_tsv
    from ecoonto.errors import InputError
    from ecoonto.rdf.graphs import write_atomic

    try:
        result = api.import_industry(
            source,
            output=output,
            namespace=namespace,
            prefix=prefix,
            base=base,
            editorial=editorial,
            validate=not no_validate,
        )
    except ImportFailed as exc:
        problems = sorted(
            exc.problems,
            key=lambda p: (p.place.file, p.place.line or 0, p.place.row or 0, p.place.column or 0),
        )
        for problem in problems:
            click.echo(f"error: {problem.line()}", err=True)
        if errors_file is not None:
            write_atomic(errors_file, problems_tsv(problems))
            click.echo(f"wrote {errors_file} ({len(problems)} problems)", err=True)
        raise
    except InputError as exc:
        # A problem with the input as a whole (unreadable file, unknown table file, bad
        # option): the table gets it as one row.
        if errors_file is not None:
            from ecoonto.authoring import Problem
            from ecoonto.authoring.page import Place

            write_atomic(errors_file, problems_tsv([Problem(Place(str(source)), exc.message, "")]))
        raise
    if errors_file is not None:
        write_atomic(errors_file, problems_tsv([]))
    counts = Counter(w.split(": ", 2)[-1] for w in result.warnings)
    for message, n in sorted(counts.items()):
        click.echo(f"warning ({n}x): {message}", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if recognised:
        for line in result.built.recognised:
            click.echo(f"recognised: {line}", err=True)
    g = result.built.graph
    summary = (
        f"{len(g)} triples, {_count(g, 'Player')} players, {_count(g, 'Position')} positions, "
        f"{_count(g, 'Filling')} fillings, {_count(g, 'Organisation')} organisations"
    )
    if output is None:
        click.echo(result.turtle, nl=False)
        click.echo(f"imported {source}: {summary}", err=True)
    else:
        click.echo(f"wrote {output}: {summary}", err=True)


def _count(graph: object, cls: str) -> int:
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    assert isinstance(graph, Graph)
    return sum(1 for _ in graph.subjects(RDF.type, URIRef(f"https://w3id.org/ecoonto/{cls}")))
