"""``ecoonto compare``: two industries side by side."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ecoonto.cli._common import handle_errors
from ecoonto.cli._targets import Input, target_options

_EXAMPLE = """\b
Example:
    ecoonto compare ai-compute specialty-coffee examples/specialty-coffee.ttl --data-bundled
    ecoonto compare ai-compute specialty-coffee --store ./kg"""


@click.command(epilog=_EXAMPLE)
@click.argument("first", metavar="A")
@click.argument("second", metavar="B")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@target_options
@click.option(
    "--data-bundled",
    is_flag=True,
    help="Read FILES together with the bundled graph (the AI compute module) instead of alone.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: aligned text; json: every figure with full IRIs.",
)
@handle_errors
def compare(
    first: str,
    second: str,
    files: tuple[Path, ...],
    store_dir: Path | None,
    endpoint: str | None,
    layout: str,
    timeout: float,
    graph_iri: str | None,
    data_bundled: bool,
    fmt: str,
) -> None:
    """Put the industries A and B (short names, IRIs or labels) side by side: players per side,
    the archetype mix per side, counterparty visibility, players and organisations on several
    sides, organisations present in both, and whether one names the other as adjacent.

    Reads FILES (with the core ontology; with --data-bundled, added to the bundled graph),
    --store DIR, --endpoint URL, or the bundled graph. Both industries must be in the input.
    Exit 0 success, 2 bad input (an industry not in the input), 3 the store or endpoint failed.
    """
    from ecoonto.errors import InputError
    from ecoonto.products import compare as compare_mod
    from ecoonto.targets import industries

    if data_bundled and not files:
        raise InputError("--data-bundled adds FILES to the bundled graph: give FILES")
    if data_bundled:
        given = Input((), files, store_dir, endpoint, layout, timeout, graph_iri)
    else:
        given = Input(files, (), store_dir, endpoint, layout, timeout, graph_iri)
    with given.open() as target:
        a = industries.resolve(target, first)
        b = industries.resolve(target, second)
        assert a is not None and b is not None
        if a.iri == b.iri:
            raise InputError(f"A and B name the same industry ({a.name}): give two")
        result = compare_mod.compare(target, a, b)
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(compare_mod.render_table(result), nl=False)
