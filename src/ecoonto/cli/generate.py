"""``ecoonto generate``: write a synthetic industry of a chosen size."""

from __future__ import annotations

from pathlib import Path

import click

from ecoonto.cli._common import handle_errors

_EXAMPLE = """\b
Example:
    ecoonto generate --players 18200 --seed 1 -o /tmp/industry-1m.nt
    ecoonto generate --players 500 --violations 0.05 -o /tmp/bad.ttl"""


@click.command(epilog=_EXAMPLE)
@click.option(
    "--players",
    "-n",
    type=click.IntRange(min=1),
    required=True,
    help="Number of players; about 55 triples each (18,200 players give 10^6 triples).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--violations",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Fraction of players that carry one injected SHACL violation each.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="File to write: .ttl (Turtle) or .nt (N-Triples).",
)
@handle_errors
def generate(players: int, seed: int, violations: float, output: Path) -> None:
    """Write a synthetic industry with N players on the four sides.

    The module follows docs/modelling.md and conforms to the bundled shapes (validated together
    with the core ontology) unless --violations injects errors; each injected error is one
    SHACL violation, of the kinds listed in the output. The same options always give the same
    file. The file is written through a temporary file and a rename.
    """
    from ecoonto import api

    result = api.generate(players, output=output, seed=seed, violations=violations)
    sides = ", ".join(f"{n} {side.lower()}" for side, n in result.players_per_side.items())
    click.echo(
        f"wrote {output}: {result.triples} triples ({result.format}), {result.players} players"
        f" ({sides}), {result.organisations} organisations"
    )
    if result.violations:
        kinds = ", ".join(f"{n} {kind}" for kind, n in result.injected.items() if n)
        click.echo(f"injected {result.violations} violations: {kinds}")
    else:
        click.echo("injected 0 violations")
