"""``ecoonto diff``: what changed between two versions of an industry (modules or pages)."""

from __future__ import annotations

from pathlib import Path

import click

from ecoonto.cli._common import choice_option, handle_errors

_EXAMPLE = """\b
Example:
    ecoonto diff space-launch-v1.ttl space-launch-v2.ttl
    ecoonto diff old-page.md new-page.md --show triples"""


@click.command(epilog=_EXAMPLE)
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@choice_option(
    "--show",
    ["both", "words", "triples"],
    "both",
    "The changes in words (by player, position, filling, organisation, archetype, ...), "
    "the triples flagged - (removed) and + (added), or both.",
)
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit 1 when the versions differ (as `git diff --exit-code`), 0 when they are the same.",
)
@handle_errors
def diff(old: Path, new: Path, show: str, exit_code: bool) -> None:
    """Say what changed from OLD to NEW, two versions of an industry: modules (any RDF file)
    or pages (Markdown, or a folder of CSV/TSV tables), which are imported first, with the
    same namespace, so that re-importing an edited page shows exactly the edit.
    """
    import sys

    from ecoonto import api

    result = api.diff(old, new)
    if show in ("both", "words"):
        click.echo(result.words(), nl=False)
    if show in ("both", "triples") and not result.same:
        if show == "both":
            click.echo("")
        click.echo(result.triples(), nl=False)
    if exit_code and not result.same:
        sys.exit(1)
