"""``ecoonto report``: the industry page regenerated from the graph (Markdown or HTML)."""

from __future__ import annotations

from pathlib import Path

import click

from ecoonto.cli._common import handle_errors
from ecoonto.cli._targets import Input, input_options

_EXAMPLE = """\b
Example:
    ecoonto report -o ai-compute.md
    ecoonto report --format html -o ai-compute.html
    ecoonto report examples/specialty-coffee.ttl -o coffee.md
    ecoonto report --store ./kg --industry specialty-coffee"""


@click.command(epilog=_EXAMPLE)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@input_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html"]),
    default="md",
    show_default=True,
    help="Markdown, or one self-contained HTML file with the ecosystem diagram.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write here (atomically) instead of to standard output.",
)
@click.option(
    "--data",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Add this RDF file to the bundled graph (repeatable).",
)
@handle_errors
def report(
    files: tuple[Path, ...],
    store_dir: Path | None,
    endpoint: str | None,
    layout: str,
    timeout: float,
    graph_iri: str | None,
    industry: str | None,
    fmt: str,
    output: Path | None,
    data: tuple[Path, ...],
) -> None:
    """Regenerate an industry's page from the graph: the four sides, the counterparty mapping,
    the side tables, the archetypes, the positions matrix, the archetype asymmetries, and the
    questions with answers computed from the graph. The HTML version adds the ecosystem diagram
    (needs Graphviz).

    Reads FILES (with the core ontology), --store DIR, --endpoint URL, or the bundled graph;
    --industry chooses the industry when the input holds several.

    Exit 0 written, 2 bad input (several industries and no --industry, no core ontology),
    3 the store or endpoint failed.
    """
    from ecoonto.errors import InputError
    from ecoonto.products import report as report_mod
    from ecoonto.rdf.graphs import write_atomic

    if output is not None and output.parent and not output.parent.is_dir():
        raise InputError(f"--output {output}: the folder {output.parent} does not exist")
    given = Input(files, data, store_dir, endpoint, layout, timeout, graph_iri, industry)
    with given.open() as target:
        chosen = given.one(target, "the report")
        text = report_mod.markdown(target, chosen.iri)
        if fmt == "html":
            from ecoonto.products import diagram
            from ecoonto.targets import fetch_graph

            # The diagram is drawn from the graph already read, not from a second load.
            graph = fetch_graph(target)
            dot = diagram.ecosystem_dot(graph, industry=chosen.iri)
            svg = diagram.render(dot, "svg").decode("utf-8")
            title = text.splitlines()[0].lstrip("# ").strip()
            text = report_mod.to_html(text, diagram_svg=svg, title=title)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"wrote {output} ({fmt}, {len(text.encode('utf-8'))} bytes)", err=True)
