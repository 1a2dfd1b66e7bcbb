"""``ecoonto industries``: the industries an input holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ecoonto.cli._common import echo_columns, echo_json, format_option, handle_errors
from ecoonto.cli._targets import inputs

if TYPE_CHECKING:
    from ecoonto.api import Input

_EXAMPLE = """\b
Example:
    ecoonto industries
    ecoonto industries examples/specialty-coffee.ttl
    ecoonto industries --store ./kg --format json"""


@click.command(epilog=_EXAMPLE)
@inputs(industry=False)
@format_option(["table", "json"], "table", "table: aligned text; json: full IRIs.")
@handle_errors
def industries(given: Input, fmt: str) -> None:
    """List the industries in the input: label, IRI, short name (what --industry takes) and
    players per side. An industry the input only names (an adjacent one) has no players.

    Reads FILES (with the core ontology), --store DIR, --endpoint URL, or the bundled graph.
    Exit 0 success, 2 bad input (no core ontology in a store), 3 the store or endpoint failed.
    """
    from ecoonto import api

    found = api.industries(given)
    if fmt == "json":
        echo_json([i.as_json() for i in found])
        return
    sides = list(found[0].players_per_side) if found else []
    header = ["short name", "label", *sides, "IRI"]
    rows = [
        [i.listed_name, i.label, *(str(i.players_per_side[s]) for s in sides), i.iri] for i in found
    ]
    echo_columns([header, *rows])
