"""``ecoonto validate``: check RDF data against the SHACL shapes and report each finding."""

from __future__ import annotations

from pathlib import Path

import click

from ecoonto.cli._common import handle_errors
from ecoonto.errors import EXIT_DATA_FAILS

_EXAMPLE = """\b
Example:
    ecoonto validate ontology/industries/ai-compute.ttl --shapes extra.ttl
"""


@click.command(epilog=_EXAMPLE)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--shapes",
    "shape_files",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Extra SHACL shapes, added to the bundled ones (repeatable).",
)
@click.option(
    "--no-bundled-shapes",
    is_flag=True,
    help="Use only the --shapes files instead of the bundled shapes.",
)
@handle_errors
def validate(
    files: tuple[Path, ...], shape_files: tuple[Path, ...], no_bundled_shapes: bool
) -> None:
    """Check RDF data against the ecoonto SHACL shapes.

    With no FILES, check the bundled graph: the core ontology and every industry module. Given
    FILES, check them merged with the core ontology. Prints one line per finding (severity,
    focus node, what to fix, the value at fault, the shape) and a summary line. Warnings are
    reported but do not fail.

    Exit 0 conforms (warnings allowed), 1 violations, 2 bad input (a missing or malformed file).
    """
    from rdflib import URIRef

    from ecoonto import graphs, resources
    from ecoonto.validation import SHAPES_NS, SHAPES_PREFIX, load_shapes
    from ecoonto.validation import validate as run_validation

    if files:
        data = graphs.load([resources.core_ontology(), *files])
    else:
        data = graphs.load_bundled()
    shapes = load_shapes(shape_files, bundled=not no_bundled_shapes)
    outcome = run_validation(data, shapes)

    nm = data.namespace_manager
    nm.bind(SHAPES_PREFIX, SHAPES_NS, override=False)
    for finding in outcome.results:
        value = ""
        if finding.value is not None and finding.value != finding.focus:
            value = f" (value {finding.value.n3(nm)})"
        shape = URIRef(finding.shape).n3(nm) if finding.shape else "?"
        click.echo(
            f"{finding.severity:<9} {finding.focus.n3(nm)}: {finding.message}{value} [{shape}]"
        )

    n_violations = len(outcome.violations)
    n_warnings = len(outcome.warnings)
    n_infos = len(outcome.results) - n_violations - n_warnings
    verdict = "conforms" if outcome.conforms else "fails"
    counts = f"{_plural(n_violations, 'violation')}, {_plural(n_warnings, 'warning')}"
    if n_infos:
        counts += f", {_plural(n_infos, 'info')}"
    click.echo(f"{verdict}: {counts} ({len(data)} triples checked)")
    if not outcome.conforms:
        click.get_current_context().exit(EXIT_DATA_FAILS)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
