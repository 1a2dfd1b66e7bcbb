"""``ecoonto compare``: two industries side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ecoonto.cli._common import echo_json, format_option, handle_errors
from ecoonto.cli._targets import inputs

if TYPE_CHECKING:
    from ecoonto.api import Input

_EXAMPLE = """\b
Example:
    ecoonto compare ai-compute specialty-coffee examples/specialty-coffee.ttl --data-bundled
    ecoonto compare ai-compute specialty-coffee --store ./kg"""


@click.command(epilog=_EXAMPLE)
@click.argument("first", metavar="A")
@click.argument("second", metavar="B")
@inputs(industry=False)
@click.option(
    "--data-bundled",
    is_flag=True,
    help="Read FILES together with the bundled graph (the AI compute module) instead of alone.",
)
@format_option(
    ["table", "json"], "table", "table: aligned text; json: every figure with full IRIs."
)
@handle_errors
def compare(first: str, second: str, given: Input, data_bundled: bool, fmt: str) -> None:
    """Put the industries A and B (short names, IRIs or labels) side by side: players per side,
    the archetype mix per side, counterparty visibility, players and organisations on several
    sides, organisations present in both, and whether one names the other as adjacent.

    Reads FILES (with the core ontology; with --data-bundled, added to the bundled graph),
    --store DIR, --endpoint URL, or the bundled graph. Both industries must be in the input.
    Exit 0 success, 2 bad input (an industry not in the input), 3 the store or endpoint failed.
    """
    from dataclasses import replace

    from ecoonto import api
    from ecoonto.errors import InputError
    from ecoonto.products import compare as compare_mod

    if data_bundled and not given.files:
        raise InputError("--data-bundled adds FILES to the bundled graph: give FILES")
    if data_bundled:
        given = replace(given, files=(), data=given.files)
    result = api.compare(first, second, given)
    if fmt == "json":
        echo_json(result.as_json())
    else:
        click.echo(compare_mod.render_table(result), nl=False)
