"""Choose what a read-only command (query, validate, stats) runs on.

Three targets answer SPARQL the same way (:class:`~ecoonto.results.QueryTarget`):

* the bundled graph plus any extra files, in an in-memory pyoxigraph store (the default);
* an embedded persistent store (``--store DIR``), opened **read-only** with
  ``pyoxigraph.Store.read_only``: no lock is taken, so a query never blocks ``ecoonto load`` or
  a server holding the store. The reader sees the store as it was when it was opened;
  pyoxigraph warns that a write by another process while the reader is open is undefined
  behaviour for the reader (at worst a read error, exit 3), never for the writer;
* any SPARQL 1.1 endpoint (``--endpoint URL``), through :class:`ecoonto.store.Endpoint`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ecoonto.errors import InputError, StoreError
from ecoonto.results import QueryTarget
from ecoonto.store import EmbeddedStore

if TYPE_CHECKING:
    from rdflib import Graph


class ReadOnlyStore(EmbeddedStore):
    """An embedded Oxigraph store in ``path``, opened for reading only (no lock taken).

    Queries behave as on :class:`~ecoonto.store.EmbeddedStore`; writing is refused.
    """

    def __init__(self, path: Path, *, default_graph_iri: str | None = None) -> None:
        # EmbeddedStore.__init__ opens the store read-write (and takes its lock): not called.
        import pyoxigraph as ox

        from ecoonto.store import _graph_name

        self.path = Path(path)
        self.default_graph_iri = default_graph_iri
        if default_graph_iri is not None:
            _graph_name(default_graph_iri)
        if not self.path.exists():
            raise InputError(
                f"store {self.path}: no such directory (create it with ecoonto load --store)"
            )
        if not self.path.is_dir():
            raise InputError(f"store {self.path}: is a file, not a store directory")
        if not (self.path / "CURRENT").exists():
            raise InputError(f"store {self.path}: the directory holds no Oxigraph store")
        try:
            self._store = ox.Store.read_only(str(self.path))
        except OSError as exc:
            message = " ".join(str(exc).split())
            raise StoreError(f"store {self.path}: cannot open read-only ({message})") from None

    def describe(self) -> str:
        return f"store {self.path} (read-only)"

    def close(self) -> None:
        self._store = None  # a read-only store has nothing to flush

    def update(self, sparql: str) -> None:
        raise InputError(f"{self.describe()}: opened read-only, cannot update")

    def replace_graph(self, *args: object, **kwargs: object) -> int:
        raise InputError(f"{self.describe()}: opened read-only, cannot load")


def check_choice(
    *,
    data: Sequence[Path] = (),
    store: Path | None = None,
    endpoint: str | None = None,
    layout: str = "auto",
    graph_iri: str | None = None,
) -> None:
    """Refuse option combinations that make no sense (:class:`InputError`, exit 2)."""
    if store is not None and endpoint is not None:
        raise InputError("give at most one of --store DIR or --endpoint URL")
    if data and (store is not None or endpoint is not None):
        raise InputError(
            "--data adds files to the bundled graph only: load them into the store instead "
            "(ecoonto load), or drop --store/--endpoint"
        )
    if endpoint is None and layout != "auto":
        raise InputError("--layout applies to --endpoint only")
    if graph_iri is not None and store is None and endpoint is None:
        raise InputError("--graph applies to --store or --endpoint only")


@contextmanager
def query_target(
    *,
    data: Sequence[Path] = (),
    store: Path | None = None,
    endpoint: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
    graph_iri: str | None = None,
) -> Iterator[QueryTarget]:
    """The target the options name; an embedded store is closed on leaving the block.

    ``graph_iri`` makes a store or endpoint read that named graph as its default graph.
    """
    check_choice(data=data, store=store, endpoint=endpoint, layout=layout, graph_iri=graph_iri)
    if store is not None:
        embedded = ReadOnlyStore(store, default_graph_iri=graph_iri)
        try:
            yield embedded
        finally:
            embedded.close()
        return
    if endpoint is not None:
        from ecoonto.store import Endpoint

        yield Endpoint.from_url(
            endpoint, layout=layout, timeout=timeout, default_graph_iri=graph_iri
        )
        return
    from ecoonto.queries import OxigraphMemoryTarget

    yield OxigraphMemoryTarget.bundled(list(data))


def fetch_graph(target: QueryTarget, graph_iri: str | None = None) -> Graph:
    """Every triple of ``graph_iri`` (None: the default graph) in ``target``, as an rdflib graph.

    One ``CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <g> { ?s ?p ?o } }`` through ``target.run``.
    """
    from ecoonto.graphs import new_graph
    from ecoonto.store import _graph_name

    if graph_iri is None:
        sparql = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    else:
        sparql = (
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_graph_name(graph_iri)} {{ ?s ?p ?o }} }}"
        )
    result = target.run(sparql)
    graph = result.graph if result.graph is not None else new_graph()
    # Some servers cut CONSTRUCT answers at a row limit without saying so (Virtuoso: 10000);
    # a partial graph must not pass for the whole one.
    if graph_iri is None:
        count_query = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
    else:
        count_query = (
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
            f"{{ GRAPH {_graph_name(graph_iri)} {{ ?s ?p ?o }} }} }}"
        )
    counted = target.run(count_query)
    expected = int(str(counted.rows[0][0])) if counted.rows and counted.rows[0][0] else 0
    if expected and len(graph) < expected:
        raise StoreError(
            f"{target.describe()}: returned {len(graph)} of {expected} triples (the server cut "
            "the answer short, e.g. a result-row limit): raise the limit or validate the files"
        )
    return graph
