"""``ecoonto queries``: the bundled queries and the question each answers."""

from __future__ import annotations

import json
import sys

import click

from ecoonto.cli._common import handle_errors

CATEGORIES = ("table", "analysis", "qc", "other")

_EXAMPLE = """\b
Example:
    ecoonto queries --category analysis
    ecoonto queries --format json"""


@click.command(epilog=_EXAMPLE)
@click.option(
    "--category",
    type=click.Choice(CATEGORIES),
    help="Only this kind: table (regenerates a page table), analysis (answers a page question),"
    " qc (a *-violation check: zero rows is a pass), other.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "tsv", "json"]),
    default=None,
    help="Output format [default: table on a terminal, tsv when piped].",
)
@handle_errors
def queries(category: str | None, fmt: str | None) -> None:
    """List the bundled queries: name, category and the question each answers.

    Run one with: ecoonto query NAME. The tsv form has a header line; json adds what each
    query returns and its file.
    """
    from ecoonto import api

    infos = api.queries(category)
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "tsv"
    if fmt == "json":
        items = [
            {
                "name": i.name,
                "category": i.category,
                "question": i.question,
                "returns": i.returns,
                "path": str(i.path),
            }
            for i in infos
        ]
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return
    rows: list[tuple[str, ...]] = [
        (i.name, str(i.category), " ".join(i.question.split())) for i in infos
    ]
    if fmt == "tsv":
        click.echo("name\tcategory\tquestion")
        for row in rows:
            click.echo("\t".join(row))
        return
    header: tuple[str, ...] = ("name", "category", "question")
    widths = [max([len(header[k]), *(len(r[k]) for r in rows)]) for k in range(2)]
    for row in [header, tuple("-" * w for w in (*widths, len(header[2]))), *rows]:
        click.echo(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}".rstrip())
    click.echo(f"({len(rows)} quer{'y' if len(rows) == 1 else 'ies'})")
