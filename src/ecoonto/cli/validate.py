"""``ecoonto validate``: check RDF data (files, an embedded store or an endpoint) against the
SHACL shapes and report each finding as text, JSON or the SHACL report graph in Turtle."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ecoonto.cli._common import choice_option, echo_json, format_option, handle_errors
from ecoonto.cli._targets import inputs
from ecoonto.errors import EXIT_DATA_FAILS

if TYPE_CHECKING:
    from rdflib.namespace import NamespaceManager

    from ecoonto.api import Input
    from ecoonto.checking.validation import Finding, Outcome

_EXAMPLE = """\b
Example:
    ecoonto validate ontology/industries/ai-compute.ttl --shapes extra.ttl
    ecoonto validate --store ./kg --format json
    ecoonto validate --endpoint http://localhost:7878 --graph https://w3id.org/ecoonto/data
"""


@click.command(epilog=_EXAMPLE)
@inputs(base=True, files_type="any")
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
@format_option(
    ["text", "json", "turtle"],
    "text",
    "text: one line per finding; json: conforms and the findings; turtle: the SHACL"
    " validation report graph (canonical Turtle).",
)
@choice_option(
    "--engine",
    ["auto", "sparql", "pyshacl"],
    "auto",
    "sparql: SHACL Core as SPARQL on an in-memory Oxigraph store (fast); pyshacl: pySHACL"
    " on rdflib; auto: sparql unless the shapes use a feature only pySHACL runs.",
)
@handle_errors
def validate(
    given: Input,
    shape_files: tuple[Path, ...],
    no_bundled_shapes: bool,
    fmt: str,
    engine: str,
) -> None:
    """Check RDF data against the ecoonto SHACL shapes.

    With no FILES, check the bundled graph: the core ontology and every industry module. Given
    FILES, check them merged with the core ontology. With --store DIR or --endpoint URL, check
    the graph held there (the default graph, or --graph IRI) where it is: the shapes' SPARQL
    and the newcomer checks run in the store (opened read-only) or on the endpoint and only
    the results come back. The graph must hold the core ontology (ecoonto load adds it); what
    cannot run there exactly (pySHACL, a blank node named by an endpoint) reads the graph out
    instead, with a note on stderr. The text report prints one line per finding
    (severity, focus node, what to fix, the value at fault, the shape) and a summary line; json
    gives {conforms, shacl_conforms, triples, violations, warnings, infos, findings: [{severity,
    focus, path, value, message, shape}]} (value as a SPARQL JSON term); turtle prints the report
    graph. "conforms" means no violations: warnings are reported but do not fail the exit code
    (as pySHACL's --allow-warnings), and the summary line says so; the report's sh:conforms
    (shacl_conforms in json) follows the SHACL specification: false when there is any result.
    The shapes are checked against SHACL-for-SHACL first. The default engine evaluates the
    shapes as SPARQL on an in-memory Oxigraph store, with the same findings as pySHACL, and
    falls back to pySHACL for shapes it does not run; --engine sparql refuses such shapes
    (exit 2), --engine pyshacl always uses pySHACL (docs/reasoning-and-validation.md).

    With --industry NAME, the whole input is still validated (shapes need all of it), and the
    findings are those on the industry's own resources (ecoonto.targets.industries.members).

    Exit 0 conforms (warnings allowed), 1 violations, 2 bad input (a missing or malformed
    file, an empty graph, shapes that are not valid SHACL or that pySHACL cannot apply), 3 the
    store or endpoint failed.
    """
    from ecoonto import api
    from ecoonto.rdf import graphs

    outcome = api.validate(
        given, shapes=shape_files, bundled_shapes=not no_bundled_shapes, engine=engine
    )
    for note in outcome.notes:
        click.echo(f"note: {note}", err=True)
    if fmt == "json":
        echo_json(_as_json(outcome, outcome.triples))
    elif fmt == "turtle":
        click.echo(graphs.canonical_turtle(outcome.report), nl=False)
    else:
        assert outcome.namespaces is not None
        _print_text(outcome, outcome.namespaces.namespace_manager, outcome.triples)
    if not outcome.conforms:
        click.get_current_context().exit(EXIT_DATA_FAILS)


def _print_text(outcome: Outcome, nm: NamespaceManager, triples: int) -> None:
    from rdflib import URIRef

    from ecoonto.checking.validation import SHAPES_NS, SHAPES_PREFIX
    from ecoonto.errors import printable

    nm.bind(SHAPES_PREFIX, SHAPES_NS, override=False)
    for finding in outcome.results:
        value = ""
        if finding.value is not None and finding.value != finding.focus:
            value = f" (value {finding.value.n3(nm)})"
        shape = URIRef(finding.shape).n3(nm) if finding.shape else "?"
        line = f"{finding.severity:<9} {finding.focus.n3(nm)}: {finding.message}{value} [{shape}]"
        click.echo(printable(line))

    n_violations, n_warnings, n_infos = _counts(outcome)
    verdict = "conforms" if outcome.conforms else "fails"
    counts = f"{_plural(n_violations, 'violation')}, {_plural(n_warnings, 'warning')}"
    if n_infos:
        counts += f", {_plural(n_infos, 'info')}"
    note = ""
    if outcome.conforms and not outcome.report_conforms:
        note = "; warnings do not fail, the SHACL report's sh:conforms is false"
    click.echo(f"{verdict}: {counts} ({triples} triples checked){note}")


def _counts(outcome: Outcome) -> tuple[int, int, int]:
    n_violations = len(outcome.violations)
    n_warnings = len(outcome.warnings)
    return n_violations, n_warnings, len(outcome.results) - n_violations - n_warnings


def _as_json(outcome: Outcome, triples: int) -> dict[str, Any]:
    n_violations, n_warnings, n_infos = _counts(outcome)
    return {
        "conforms": outcome.conforms,
        "shacl_conforms": outcome.report_conforms,
        "triples": triples,
        "violations": n_violations,
        "warnings": n_warnings,
        "infos": n_infos,
        "findings": [_finding_json(f) for f in outcome.results],
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    from rdflib import BNode

    from ecoonto.products.render import json_term

    focus = f"_:{finding.focus}" if isinstance(finding.focus, BNode) else str(finding.focus)
    return {
        "severity": finding.severity,
        "focus": focus,
        "path": finding.path,
        "value": None if finding.value is None else json_term(finding.value),
        "message": finding.message,
        "shape": finding.shape,
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
