"""``ecoonto new``: the skeleton page of a new industry, to fill in and import."""

from __future__ import annotations

from pathlib import Path

import click

from ecoonto.cli._common import format_option, handle_errors, output_option

_EXAMPLE = """\b
Example:
    ecoonto new "Space launch" -o space-launch.md
    ecoonto new "Space launch" --tables space-launch/     # one CSV per table
    ecoonto import space-launch.md -o space-launch.ttl"""


@click.command(epilog=_EXAMPLE)
@click.argument("name")
@output_option("Write the page here (default: standard output).")
@click.option(
    "--tables",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write the skeleton as a folder of tables (one file per table, and page.csv for "
    "the prose) instead of a Markdown page.",
)
@format_option(["csv", "tsv"], "csv", "With --tables: CSV or TSV files.")
@click.option("--force", is_flag=True, help="Overwrite an existing page or table files.")
@handle_errors
def new(name: str, output: Path | None, tables: Path | None, fmt: str, force: bool) -> None:
    """Write the skeleton page of the industry NAME: every section and table header, one
    illustrative row per table, and comments on what goes where. Replace every <placeholder>,
    add rows, then `ecoonto import` it: the import names any placeholder left.
    """
    from ecoonto import api

    made = api.new(name, output=output, tables=tables, format=fmt, force=force)  # type: ignore[arg-type]
    if tables is not None:
        click.echo(f"wrote {len(made.written)} files to {tables}", err=True)
    elif output is None:
        click.echo(made.text, nl=False)
    else:
        click.echo(f"wrote {output}", err=True)
