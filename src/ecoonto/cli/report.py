"""``ecoonto report``: the industry page regenerated from the graph (Markdown or HTML)."""

from __future__ import annotations

from pathlib import Path

import click

from ecoonto.cli._common import handle_errors

_EXAMPLE = """\b
Example:
    ecoonto report -o ai-compute.md
    ecoonto report --format html -o ai-compute.html"""


@click.command(epilog=_EXAMPLE)
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
def report(fmt: str, output: Path | None, data: tuple[Path, ...]) -> None:
    """Regenerate the industry page from the graph: the four sides, the counterparty mapping,
    the side tables, the archetypes, the positions matrix, the archetype asymmetries, and the
    questions with answers computed from the graph. The HTML version adds the ecosystem diagram
    (needs Graphviz).
    """
    from ecoonto import queries
    from ecoonto import report as report_mod
    from ecoonto.errors import InputError
    from ecoonto.graphs import write_atomic

    if output is not None and output.parent and not output.parent.is_dir():
        raise InputError(f"--output {output}: the folder {output.parent} does not exist")
    target = queries.OxigraphMemoryTarget.bundled(list(data))
    text = report_mod.markdown(target)
    if fmt == "html":
        from ecoonto import diagram, resources
        from ecoonto.graphs import load

        graph = load([*resources.bundled_graph_files(), *data])
        svg = diagram.render(diagram.ecosystem_dot(graph), "svg").decode("utf-8")
        title = text.splitlines()[0].lstrip("# ").strip()
        text = report_mod.to_html(text, diagram_svg=svg, title=title)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"wrote {output} ({fmt}, {len(text.encode('utf-8'))} bytes)", err=True)
