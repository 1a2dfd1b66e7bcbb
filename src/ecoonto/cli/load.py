"""``ecoonto load``: put the knowledge graph into an embedded store or a SPARQL endpoint."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from ecoonto.cli._common import handle_errors
from ecoonto.cli._targets import inputs

if TYPE_CHECKING:
    from ecoonto.api import Input

_EXAMPLE = """\b
Example:
    ecoonto load --store ./kg
    ecoonto load --endpoint http://localhost:7878 --graph https://w3id.org/ecoonto/data
"""


@click.command(name="load", epilog=_EXAMPLE)
@inputs(industry=False, base=True, writes=True, files_type="existing")
@click.option("--no-validate", is_flag=True, help="Load even if the data violates the shapes.")
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    metavar="N",
    help="Endpoint loads: triples per request (default: 100000); a larger graph is streamed"
    " in chunks into a staging graph, then moved onto the target in one step.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on stderr (default: when stderr is a terminal).",
)
@click.option(
    "--with-core/--without-core",
    default=True,
    show_default=True,
    help="Load the core ontology with FILES, as every other command reads FILES;"
    " --without-core loads FILES only (e.g. into a store that holds the core already).",
)
@handle_errors
def load(
    given: Input,
    no_validate: bool,
    chunk_size: int | None,
    progress: bool | None,
    with_core: bool,
) -> None:
    """Replace a graph in a store with FILES and the core ontology, as every command reads
    FILES (--without-core: the files only), or with the bundled knowledge graph.

    The files are parsed and checked against the shapes first; then the graph (the default
    graph, or --graph IRI) is replaced in one step, so a failure leaves the old graph intact:
    a store is loaded into a new directory beside it that then takes its place; an endpoint
    gets one request, or chunks of --chunk-size triples into a staging graph and one MOVE.
    Give exactly one of --store DIR or --endpoint URL. Endpoint credentials come from
    ECOONTO_ENDPOINT_USER and ECOONTO_ENDPOINT_PASSWORD or ~/.netrc, never from the URL.
    URL layouts are described in docs/triple-stores.md. Exit codes: 0 loaded, 1 the data
    violates the shapes (nothing loaded), 2 bad input, 3 the store or endpoint failed.
    """
    from ecoonto import api

    show_progress = sys.stderr.isatty() if progress is None else progress
    bar = _ProgressBar() if show_progress else None
    try:
        done = api.load(
            given,
            validate=not no_validate,
            with_core=with_core,
            chunk_size=chunk_size,
            progress=bar,
        )
    finally:
        if bar is not None:
            bar.close()
    where = f"graph <{done.graph}>" if done.graph else "the default graph"
    noun = "file" if len(done.files) == 1 else "files"
    click.echo(
        f"loaded {done.triples} triples from {len(done.files)} {noun} into {where} of "
        f"{done.where} in {done.seconds * 1000:.0f} ms"
    )


class _ProgressBar:
    """Draws the load's progress callback as a click progress bar on stderr, one per stage."""

    LABELS = {
        "parse": "parsing",
        "validate": "validating",
        "store": "writing",
        "upload": "sending",
        "send": "sending",
    }

    def __init__(self) -> None:
        self._bar: Any = None
        self._stage = ""
        self._done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self.close()
            self._stage, self._done = stage, 0
            stream = sys.stderr
            label = self.LABELS.get(stage, stage)
            self._bar = click.progressbar(length=max(total, 1), label=label, file=stream)
            self._bar.__enter__()
        if self._bar is not None and done > self._done:
            self._bar.update(done - self._done)
            self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
