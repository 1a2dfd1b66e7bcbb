"""``ecoonto check-profile``: say whether the ontology is in OWL 2 DL, EL, QL or RL (no Java)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ecoonto.cli._common import choice_option, format_option, handle_errors
from ecoonto.errors import EXIT_DATA_FAILS

_EXAMPLE = """\b
Example:
    ecoonto check-profile
    ecoonto check-profile --profile el ontology/industries/ai-compute.ttl  # exit 1: not EL
    ecoonto check-profile --profile rl --without-core my-ontology.ttl
"""


@click.command(epilog=_EXAMPLE)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@choice_option(
    "--profile",
    ["dl", "el", "ql", "rl"],
    "dl",
    "The OWL 2 profile: DL, or one of the tractable profiles EL, QL and RL.",
)
@click.option(
    "--with-core/--without-core",
    default=True,
    help="Check FILES merged with the core ontology (the default) or the files only.",
)
@format_option(
    ["text", "json"],
    "text",
    "text: one line per offence and a verdict; json: {profile, in_profile, triples,"
    " offences: [{file, subject, text, axiom}]}.",
)
@click.option(
    "--base",
    metavar="IRI",
    help="Base IRI for relative IRIs in FILES [default: each file's file: URL].",
)
@handle_errors
def check_profile(
    files: tuple[Path, ...], profile: str, with_core: bool, fmt: str, base: str | None
) -> None:
    """Say whether the ontology is in an OWL 2 profile (DL by default), with py-horned-owl.

    With no FILES, check the bundled graph: the core ontology and every industry module. Given
    FILES, check them merged with the core ontology (--without-core: the files only;
    owl:imports are not followed). Each offence is one line: the file, the class, property or
    individual the axiom is about, what puts it outside the profile, and the axiom in OWL
    functional syntax. DL checks the global restrictions (declared typing, no illegal
    punning, simple properties in cardinalities, no reserved vocabulary as entities); EL, QL
    and RL also their class expression grammars and axiom kinds
    (https://www.w3.org/TR/owl2-profiles/). Triples that form no OWL 2 axiom (a malformed
    restriction, an untyped class expression) are outside every profile.

    Exit 0 in the profile, 1 outside it, 2 bad input (a missing or malformed file, no triples).
    """
    from ecoonto import api

    report = api.check_profile(
        files,
        profile=profile,  # type: ignore[arg-type]
        with_core=with_core,
        base=base,
    )
    if fmt == "json":
        body = {
            "profile": report.name,
            "in_profile": report.in_profile,
            "triples": report.triples,
            "offences": [
                {"file": o.file, "subject": o.subject, "text": o.text, "axiom": o.axiom}
                for o in report.offences
            ],
        }
        click.echo(json.dumps(body, indent=2, ensure_ascii=False))
    else:
        for line in report.lines():
            click.echo(line)
    if not report.in_profile:
        click.get_current_context().exit(EXIT_DATA_FAILS)
