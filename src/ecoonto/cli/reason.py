"""``ecoonto reason``: run an OWL reasoner and report consistency and what it infers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ecoonto.cli._common import choice_option, handle_errors, output_option
from ecoonto.cli._targets import inputs
from ecoonto.errors import EXIT_DATA_FAILS

if TYPE_CHECKING:
    from rdflib.namespace import NamespaceManager

    from ecoonto.api import Input
    from ecoonto.checking.reasoning import Reasoning

_EXAMPLE = """\b
Example:
    ecoonto reason ontology/industries/ai-compute.ttl --output inferred.ttl
    ecoonto reason --reasoner owlrl
    ecoonto reason big-industry.ttl --reasoner pellet --mode hybrid
"""


@click.command(epilog=_EXAMPLE)
@inputs(files_type="any")
@choice_option(
    "--reasoner",
    ["hermit", "pellet", "owlrl", "owlrl-py"],
    "hermit",
    "HermiT or Pellet (OWL 2 DL, need Java), owlrl (OWL 2 RL rules on pyoxigraph, no"
    " Java) or owlrl-py (the owlrl Python package, slow).",
)
@choice_option(
    "--mode",
    ["auto", "full", "hybrid"],
    "auto",
    "HermiT/Pellet: full (the whole graph), hybrid (the TBox, then OWL RL rules on the"
    " individuals) or auto (full up to 500 individuals, hybrid above when it applies).",
)
@click.option(
    "--into",
    metavar="IRI",
    help="With --reasoner owlrl and --store/--endpoint: write the inferences into this named"
    " graph of the store (replaced; the asserted graph is not touched).",
)
@output_option("Write the inferred triples to FILE as canonical Turtle.", metavar="FILE")
@handle_errors
def reason(given: Input, reasoner: str, mode: str, into: str | None, output: Path | None) -> None:
    """Check that the ontology and data are consistent and list what the reasoner infers.

    With no FILES, reason over the bundled graph: the core ontology and every industry module.
    Given FILES, reason over them merged with the core ontology (owl:imports are not followed).
    Prints the unsatisfiable classes, then each inferred class membership and property assertion
    that the input does not assert, and a summary line. On an inconsistent input it prints the
    reasoner's explanation: the axioms and the individuals involved.

    HermiT and Pellet are slow on many individuals: --mode hybrid runs them on the TBox only
    and derives the individuals' facts with the OWL RL rules; it is refused (exit 2) when the
    ontology uses a construct whose consequences for individuals the rules may miss, and
    --mode auto then runs the reasoner on the whole graph. The summary line says which ran.

    With --industry NAME the reasoner still runs on the whole input (consistency concerns all
    of it); the inferences listed and written are those about the industry's own resources.

    --reasoner owlrl runs where the data is: FILES are parsed by pyoxigraph, and with --store
    or --endpoint the rules run inside the store, in scratch graphs dropped at the end;
    --into IRI keeps the inferences there as a named graph.

    Exit 0 consistent, 1 inconsistent, 2 bad input or no Java for HermiT/Pellet (use
    --reasoner owlrl to reason without Java).
    """
    from ecoonto import api
    from ecoonto.rdf import graphs

    outcome = api.reason(given, reasoner=reasoner, mode=mode, into=into)  # type: ignore[arg-type]
    assert outcome.namespaces is not None
    nm = outcome.namespaces.namespace_manager
    timing = f"{outcome.method}, {outcome.elapsed:.1f} s, {outcome.triples} triples"
    for note in outcome.notes:
        click.echo(f"note: {note}")

    if not outcome.consistent:
        _print_inconsistency(outcome, nm)
        click.echo(f"inconsistent ({timing})")
        if output is not None:
            click.echo(f"nothing written to {output}: an inconsistent input entails everything")
        click.get_current_context().exit(EXIT_DATA_FAILS)
        return

    _print_inferences(outcome, nm)
    click.echo(
        f"consistent ({timing}): {len(outcome.unsatisfiable)} unsatisfiable classes,"
        f" {len(outcome.memberships)} inferred class memberships,"
        f" {len(outcome.property_assertions)} inferred property assertions"
    )
    if output is not None:
        inferred = outcome.inferred_graph()
        graphs.write_atomic(output, graphs.canonical_turtle(inferred))
        click.echo(f"wrote {len(inferred)} inferred triples to {output}")


def _print_inconsistency(outcome: Reasoning, nm: NamespaceManager) -> None:
    for line in outcome.explanation:
        click.echo(f"  {line}")
    if outcome.involved:
        names = ", ".join(sorted(i.n3(nm) for i in outcome.involved))
        click.echo(f"individuals involved: {names}")


def _print_inferences(outcome: Reasoning, nm: NamespaceManager) -> None:
    names: dict[Any, str] = {}  # each term written once (rdflib's n3 splits the IRI each time)

    def n3(term: Any) -> str:
        found = names.get(term)
        if found is None:
            found = names[term] = term.n3(nm)
        return found

    if outcome.unsatisfiable:
        click.echo(f"unsatisfiable classes ({len(outcome.unsatisfiable)}):")
        for cls in sorted(n3(c) for c in outcome.unsatisfiable):
            click.echo(f"  {cls}")
    lines = [f"inferred class memberships ({len(outcome.memberships)}):"]
    lines += [
        f"  {ind} a {cls}" for ind, cls in sorted((n3(i), n3(c)) for i, c in outcome.memberships)
    ]
    lines.append(f"inferred property assertions ({len(outcome.property_assertions)}):")
    lines += [
        f"  {s} {p} {o}"
        for s, p, o in sorted(
            tuple(n3(t) for t in triple) for triple in outcome.property_assertions
        )
    ]
    click.echo("\n".join(lines))
