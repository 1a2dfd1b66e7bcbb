"""The load pipeline: parse the files, check them, replace one graph.

:func:`load` is the one entry point. The check is passed in by the caller (a
:class:`~ecoonto.targets.base.StagedCheck`: checking sits above targets). It reports progress
through a callback (:data:`~ecoonto.targets.base.ProgressCallback`) and never draws anything
itself (the CLI draws the progress bar). An embedded store loads by a staging directory and a swap
(:mod:`ecoonto.targets.embedded`), an endpoint by one request or chunks through a staging graph
(:mod:`ecoonto.targets.endpoint`); any other :class:`~ecoonto.targets.base.LoadTarget` gets an
rdflib graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ecoonto.errors import InputError
from ecoonto.targets.base import LoadTarget, ProgressCallback, StagedCheck, graph_name

if TYPE_CHECKING:
    from rdflib import Graph

    from ecoonto.targets.embedded import EmbeddedStore
    from ecoonto.targets.endpoint import Endpoint

DEFAULT_CHUNK_SIZE = 100_000
"""Triples per request when a load to an endpoint is streamed in chunks."""


def open_target(
    store: Path | None = None,
    endpoint: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
) -> EmbeddedStore | Endpoint:
    """The embedded store in ``store`` (opened for writing) or the endpoint at ``endpoint``
    (exactly one): where ``ecoonto load`` writes.

    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with open_target(store=folder / "db") as target:
    ...     target.describe().endswith("/db")
    True
    >>> open_target(endpoint="http://localhost:3030/eco").store_url  # not contacted yet
    'http://localhost:3030/eco/data'
    >>> open_target(store=folder / "db", endpoint="http://localhost:3030/eco")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: give exactly one of a store directory or an endpoint URL
    >>> shutil.rmtree(folder)
    """
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
    check: StagedCheck | None = None,
    progress: ProgressCallback | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    base: str | None = None,
) -> int:
    """Parse ``files``, ``check`` them, then replace the graph in ``target``.

    Bad input fails before the graph is touched; data that ``check`` refuses (a
    :class:`~ecoonto.targets.base.StagedCheck`, passed in by the caller, e.g.
    :func:`ecoonto.checking.validation.refuse_violations` for the shapes) is refused with
    :class:`DataFailsError` and nothing is written; None: no check. An :class:`EmbeddedStore` loads
    through :meth:`EmbeddedStore.load_files` (pyoxigraph bulk load into a staging directory,
    then a swap), an :class:`Endpoint` through :meth:`Endpoint.load_files` (streamed in chunks
    of ``chunk_size`` triples through a staging graph when larger than one chunk); any other
    target gets an rdflib graph. ``progress`` is told ``(stage, done, total)`` as the load goes
    (:data:`~ecoonto.targets.base.ProgressCallback`); ``base`` is the base IRI of relative IRIs
    in the files (default: each file's URL). Returns the triples written.

    >>> import shutil, tempfile
    >>> from ecoonto.errors import DataFailsError
    >>> from ecoonto.targets.embedded import EmbeddedStore
    >>> folder = Path(tempfile.mkdtemp())
    >>> data = folder / "data.ttl"
    >>> _ = data.write_text("<http://e/a> <http://e/p> 1, 2, 3 .")
    >>> stages = []
    >>> with EmbeddedStore(folder / "db") as store:
    ...     load(store, [data], "http://e/g", progress=lambda *told: stages.append(told))
    ...     store.triple_count("http://e/g")
    3
    3
    >>> stages[:2]  # bytes of the files read, of the total
    [('parse', 0, 35), ('parse', 35, 35)]
    >>> def refuse(store, graph, originals=()):
    ...     raise DataFailsError("refused: nothing loaded")
    >>> with EmbeddedStore(folder / "db") as store:
    ...     load(store, [data], "http://e/other", check=refuse)
    Traceback (most recent call last):
    ...
    ecoonto.errors.DataFailsError: refused: nothing loaded
    >>> with EmbeddedStore(folder / "db") as store:  # the refused load wrote nothing
    ...     store.triple_count("http://e/other"), store.triple_count("http://e/g")
    (0, 3)
    >>> shutil.rmtree(folder)
    """
    paths = [Path(p) for p in files]
    if not paths:
        raise InputError("no files to load")
    graph_name(graph_iri)
    from ecoonto.targets.embedded import EmbeddedStore
    from ecoonto.targets.endpoint import Endpoint

    if isinstance(target, EmbeddedStore):
        return target.load_files(paths, graph_iri, check=check, progress=progress, base=base)
    if isinstance(target, Endpoint):
        return target.load_files(
            paths,
            graph_iri,
            check=check,
            progress=progress,
            chunk_size=chunk_size,
            base=base,
        )
    return _load_with_rdflib(target, paths, graph_iri, check, progress, base)


def _load_with_rdflib(
    target: LoadTarget,
    paths: Sequence[Path],
    graph_iri: str | None,
    check: StagedCheck | None,
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
    if check is not None:
        if report:
            report("validate", 0, 1)
        _check_graph(check, graph)
        if report:
            report("validate", 1, 1)
    return target.replace_graph(graph, graph_iri, progress=report)


def _check_graph(check: StagedCheck, graph: Graph) -> None:
    """Run ``check`` on an rdflib graph: copied into an in-memory store, blank-node labels and
    the literals as written kept beside it."""
    import pyoxigraph as ox
    from rdflib import Literal

    from ecoonto.rdf.graphs import ToOxigraph

    store = ox.Store()
    store.extend(ToOxigraph(keep_labels=True).quads(graph))
    originals = [(str(p), o) for _s, p, o in graph if isinstance(o, Literal)]
    check(store, ox.DefaultGraph(), originals)
