"""The load pipeline: parse the files, check them against the shapes, replace one graph.

:func:`load` is the one entry point; it reports progress through a callback
(:data:`~ecoonto.targets.base.ProgressCallback`) and never draws anything itself (the CLI draws
the progress bar). An embedded store loads by a staging directory and a swap
(:mod:`ecoonto.targets.embedded`), an endpoint by one request or chunks through a staging graph
(:mod:`ecoonto.targets.endpoint`); any other :class:`~ecoonto.targets.base.LoadTarget` gets an
rdflib graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecoonto.errors import DataFailsError, InputError
from ecoonto.targets.base import LoadTarget, ProgressCallback, graph_name

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from ecoonto.targets.embedded import EmbeddedStore
    from ecoonto.targets.endpoint import Endpoint

DEFAULT_CHUNK_SIZE = 100_000
"""Triples per request when a load to an endpoint is streamed in chunks."""


class BytesRead:
    """Adds up the bytes read from the input files and reports them, at most every 1 MiB."""

    STEP = 1 << 20

    def __init__(self, report: ProgressCallback | None, stage: str, total: int) -> None:
        self.report, self.stage, self.total = report, stage, total
        self.done = self._shown = 0

    def __call__(self, n: int) -> None:
        self.done += n
        if self.report and (self.done - self._shown >= self.STEP or self.done >= self.total):
            self._shown = self.done
            self.report(self.stage, min(self.done, self.total), self.total)

    def finish(self) -> None:
        """Report the whole input read, unless that was the last report."""
        if self.report and self._shown < self.total:
            self._shown = self.total
            self.report(self.stage, self.total, self.total)


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def counted(quads: Iterable[ox.Quad], count: list[int]) -> Iterator[ox.Quad]:
    for quad in quads:
        count[0] += 1
        yield quad


def in_graph(quads: Iterable[ox.Quad], graph: ox.NamedNode | ox.DefaultGraph) -> Iterable[ox.Quad]:
    import pyoxigraph as ox

    if isinstance(graph, ox.DefaultGraph):
        return quads
    return (ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)


def validate_staged(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> None:
    """Refuse the data in ``graph`` of ``store`` with DataFailsError if it violates the shapes
    (validated in place by :func:`ecoonto.checking.validation.validate_store`: no rdflib graph)."""
    import pyoxigraph as ox

    from ecoonto.checking.validation import validate_store  # another module; loaded lazily

    named = None if isinstance(graph, ox.DefaultGraph) else graph
    refuse_violations(validate_store(store, graph=named))


def open_target(
    store: Path | None = None,
    endpoint: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
) -> EmbeddedStore | Endpoint:
    """The embedded store in ``store`` (opened for writing) or the endpoint at ``endpoint``
    (exactly one): where ``ecoonto load`` writes."""
    from ecoonto.targets.embedded import EmbeddedStore
    from ecoonto.targets.endpoint import Endpoint

    if (store is None) == (endpoint is None):
        raise InputError("give exactly one of a store directory or an endpoint URL")
    if store is not None:
        return EmbeddedStore(store)
    assert endpoint is not None
    return Endpoint.from_url(endpoint, layout=layout, timeout=timeout)


def load(
    target: LoadTarget,
    files: Sequence[Path],
    graph_iri: str | None = None,
    validate: bool = True,
    progress: ProgressCallback | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    base: str | None = None,
) -> int:
    """Parse ``files``, check them against the shapes, then replace the graph in ``target``.

    Bad input fails before the graph is touched; data that violates the shapes is refused with
    :class:`DataFailsError` unless ``validate`` is False. An :class:`EmbeddedStore` loads
    through :meth:`EmbeddedStore.load_files` (pyoxigraph bulk load into a staging directory,
    then a swap), an :class:`Endpoint` through :meth:`Endpoint.load_files` (streamed in chunks
    of ``chunk_size`` triples through a staging graph when larger than one chunk); any other
    target gets an rdflib graph. ``progress`` is told ``(stage, done, total)`` as the load goes
    (:data:`~ecoonto.targets.base.ProgressCallback`); ``base`` is the base IRI of relative IRIs
    in the files (default: each file's URL). Returns the triples written.
    """
    paths = [Path(p) for p in files]
    if not paths:
        raise InputError("no files to load")
    graph_name(graph_iri)
    from ecoonto.targets.embedded import EmbeddedStore
    from ecoonto.targets.endpoint import Endpoint

    if isinstance(target, EmbeddedStore):
        return target.load_files(paths, graph_iri, validate=validate, progress=progress, base=base)
    if isinstance(target, Endpoint):
        return target.load_files(
            paths,
            graph_iri,
            validate=validate,
            progress=progress,
            chunk_size=chunk_size,
            base=base,
        )
    return _load_with_rdflib(target, paths, graph_iri, validate, progress, base)


def _load_with_rdflib(
    target: LoadTarget,
    paths: Sequence[Path],
    graph_iri: str | None,
    validate: bool,
    report: ProgressCallback | None,
    base: str | None = None,
) -> int:
    from ecoonto.rdf import graphs

    graph = graphs.new_graph()
    for i, path in enumerate(paths):
        if report:
            report("parse", i, len(paths))
        graphs.parse_into(graph, path, base=base)
    if report:
        report("parse", len(paths), len(paths))
    if validate:
        if report:
            report("validate", 0, 1)
        _check_shapes(graph)
        if report:
            report("validate", 1, 1)
    return target.replace_graph(graph, graph_iri, progress=report)


def _check_shapes(graph: Graph) -> None:
    from ecoonto.checking.validation import (
        validate as validate_graph,
    )  # another module; loaded lazily

    refuse_violations(validate_graph(graph))


def refuse_violations(outcome: Any) -> None:
    """DataFailsError (nothing loaded) unless the validation ``outcome`` conforms."""
    if not outcome.conforms:
        count = len(outcome.violations)
        raise DataFailsError(
            f"the data has {count} SHACL violation{'s' if count != 1 else ''}: nothing loaded"
            " (run 'ecoonto validate' to see them, or pass --no-validate)"
        )
