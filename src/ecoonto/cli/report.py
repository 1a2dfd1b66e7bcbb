"""``ecoonto report``: the industry page regenerated from the graph (Markdown or HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ecoonto.cli._common import (
    check_folder,
    format_option,
    handle_errors,
    output_option,
    write_or_echo,
)
from ecoonto.cli._targets import inputs

if TYPE_CHECKING:
    from ecoonto.api import Input

_EXAMPLE = """\b
Example:
    ecoonto report -o ai-compute.md
    ecoonto report --format html -o ai-compute.html
    ecoonto report examples/specialty-coffee.ttl -o coffee.md
    ecoonto report --store ./kg --industry specialty-coffee"""


@click.command(epilog=_EXAMPLE)
@inputs(data=True)
@format_option(
    ["md", "html"], "md", "Markdown, or one self-contained HTML file with the ecosystem diagram."
)
@output_option("Write here (atomically) instead of to standard output.")
@handle_errors
def report(given: Input, fmt: str, output: Path | None) -> None:
    """Regenerate an industry's page from the graph: the four sides, the counterparty mapping,
    the side tables, the archetypes, the positions matrix, the archetype asymmetries, and the
    questions with answers computed from the graph. The HTML version adds the ecosystem diagram
    (needs Graphviz).

    Reads FILES (with the core ontology), --store DIR, --endpoint URL, or the bundled graph;
    --industry chooses the industry when the input holds several.

    Exit 0 written, 2 bad input (several industries and no --industry, no core ontology),
    3 the store or endpoint failed.
    """
    from ecoonto import api

    check_folder(output)
    text = api.report(given, format="html" if fmt == "html" else "md")
    write_or_echo(output, text, fmt)
