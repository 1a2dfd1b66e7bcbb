"""``ecoonto new``: the skeleton page of a new industry, to fill in and import."""

from __future__ import annotations

from pathlib import Path

import click

from ecoonto.cli._common import handle_errors

_EXAMPLE = """\b
Example:
    ecoonto new "Space launch" -o space-launch.md
    ecoonto new "Space launch" --tables space-launch/     # one CSV per table
    ecoonto import space-launch.md -o space-launch.ttl"""


@click.command(epilog=_EXAMPLE)
@click.argument("name")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the page here (default: standard output).",
)
@click.option(
    "--tables",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write the skeleton as a folder of tables (one file per table, and page.csv for "
    "the prose) instead of a Markdown page.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "tsv"]),
    default="csv",
    show_default=True,
    help="With --tables: CSV or TSV files.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing page or table files.")
@handle_errors
def new(name: str, output: Path | None, tables: Path | None, fmt: str, force: bool) -> None:
    """Write the skeleton page of the industry NAME: every section and table header, one
    illustrative row per table, and comments on what goes where. Replace every <placeholder>,
    add rows, then `ecoonto import` it: the import names any placeholder left.
    """
    from ecoonto.authoring.page import read_markdown
    from ecoonto.authoring.skeleton import skeleton
    from ecoonto.errors import InputError
    from ecoonto.rdf.graphs import write_atomic

    if not name.strip():
        raise InputError("NAME is empty: give the industry's name, e.g. 'Space launch'")
    text = skeleton(name)
    if tables is not None:
        from ecoonto.authoring.tabular import write_tables

        if tables.exists() and any(tables.iterdir()) and not force:
            raise InputError(f"--tables {tables}: the folder is not empty (use --force)")
        files = write_tables(read_markdown(Path(f"{name}.md"), text), tables, fmt)
        click.echo(f"wrote {len(files)} files to {tables}", err=True)
        return
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise InputError(f"--output {output}: the file exists (use --force to overwrite)")
    if output.parent and not output.parent.is_dir():
        raise InputError(f"--output {output}: the folder {output.parent} does not exist")
    write_atomic(output, text)
    click.echo(f"wrote {output}", err=True)
