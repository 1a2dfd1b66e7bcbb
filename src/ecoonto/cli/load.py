"""``ecoonto load``: put the knowledge graph into an embedded store or a SPARQL endpoint."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from ecoonto.cli._common import handle_errors
from ecoonto.cli._targets import LAYOUTS

_EXAMPLE = """\b
Example:
    ecoonto load --store ./kg
    ecoonto load --endpoint http://localhost:7878 --graph https://w3id.org/ecoonto/data
"""


@click.command(name="load", epilog=_EXAMPLE)
@click.argument(
    "files",
    nargs=-1,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory of an embedded Oxigraph store (created if missing).",
)
@click.option("--endpoint", metavar="URL", help="Base URL of a SPARQL server (no credentials).")
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="auto",
    show_default=True,
    help="How the server lays out its query, update and Graph Store URLs.",
)
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    help="Named graph to replace (default: the default graph).",
)
@click.option("--no-validate", is_flag=True, help="Load even if the data violates the shapes.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds to wait for the endpoint.",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    metavar="N",
    help="Endpoint loads: triples per request (default: 100000); a larger graph is streamed"
    " in chunks into a staging graph, then moved onto the target in one step.",
)
@click.option(
    "--base",
    metavar="IRI",
    help="Base IRI for relative IRIs in FILES [default: each file's file: URL].",
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
    files: tuple[Path, ...],
    store_dir: Path | None,
    endpoint: str | None,
    layout: str,
    graph_iri: str | None,
    no_validate: bool,
    timeout: float,
    chunk_size: int | None,
    base: str | None,
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
    from ecoonto import resources, targets
    from ecoonto.checking.validation import refuse_violations
    from ecoonto.errors import InputError

    if (store_dir is None) == (endpoint is None):
        raise InputError("give exactly one of --store DIR or --endpoint URL")
    if store_dir is not None and layout != "auto":
        raise InputError("--layout applies to --endpoint only")
    if store_dir is not None and chunk_size is not None:
        raise InputError("--chunk-size applies to --endpoint only")
    paths = list(files) or resources.bundled_graph_files()
    without_core = bool(files) and resources.with_core(paths) != paths
    if with_core and without_core:
        paths, without_core = resources.with_core(paths), False
    show_progress = sys.stderr.isatty() if progress is None else progress
    started = time.monotonic()
    target = targets.open_target(store_dir, endpoint, layout=layout, timeout=timeout)
    bar = _ProgressBar() if show_progress else None
    try:
        count = targets.load(
            target,
            paths,
            graph_iri=graph_iri,
            check=None if no_validate else refuse_violations,
            progress=bar,
            chunk_size=chunk_size or targets.DEFAULT_CHUNK_SIZE,
            base=base,
        )
    finally:
        if bar is not None:
            bar.close()
        if isinstance(target, targets.EmbeddedStore):
            target.close()
    elapsed = (time.monotonic() - started) * 1000
    where = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    noun = "file" if len(paths) == 1 else "files"
    click.echo(
        f"loaded {count} triples from {len(paths)} {noun} into {where} of "
        f"{target.describe()} in {elapsed:.0f} ms"
    )
    if without_core:
        click.echo(
            "warning: the core ontology is not among FILES: commands that read this graph will "
            "find no sides, archetypes or counterparties unless the store holds it already",
            err=True,
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
