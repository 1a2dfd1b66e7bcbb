"""Where SPARQL runs: in memory, an embedded Oxigraph store, or a SPARQL 1.1 endpoint.

Every command picks its data through ONE chooser, :func:`open_input`:

* ``files``: the core ontology merged with those files, in an in-memory pyoxigraph store;
* ``extra``: the bundled graph (core ontology and every industry module) plus those files;
* ``store``: an embedded persistent store, opened **read-only** (no lock: a query never blocks
  ``ecoonto load`` or a server holding the store);
* ``endpoint``: any SPARQL 1.1 endpoint;
* nothing: the bundled graph.

Modules: :mod:`~ecoonto.targets.base` (the interfaces), :mod:`~ecoonto.targets.memory`,
:mod:`~ecoonto.targets.embedded` (lock, staging, recovery), :mod:`~ecoonto.targets.http`
(credentials, authentication, redirects, scrubbing), :mod:`~ecoonto.targets.layouts` (server
URL layouts), :mod:`~ecoonto.targets.endpoint` (SPARQL and Graph Store protocols, chunking) and
:mod:`~ecoonto.targets.pipeline` (the load pipeline, with a progress callback).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ecoonto.errors import InputError, StoreError, parameter
from ecoonto.targets.base import (
    LoadTarget,
    ProgressCallback,
    QueryTarget,
    count_query,
    graph_name,
    to_ntriples,
)
from ecoonto.targets.embedded import EmbeddedStore, ReadOnlyStore, recover
from ecoonto.targets.endpoint import DEFAULT_CHUNK_SIZE, Endpoint, query_form, staging_graph_iri
from ecoonto.targets.http import PASSWORD_ENV, USER_ENV, credentials_for, public_url
from ecoonto.targets.layouts import LAYOUTS, layout_urls
from ecoonto.targets.memory import GraphTarget, OxigraphMemoryTarget
from ecoonto.targets.pipeline import load, open_target

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "LAYOUTS",
    "PASSWORD_ENV",
    "USER_ENV",
    "EmbeddedStore",
    "Endpoint",
    "GraphTarget",
    "LoadTarget",
    "OxigraphMemoryTarget",
    "ProgressCallback",
    "QueryTarget",
    "ReadOnlyStore",
    "check_choice",
    "count_query",
    "credentials_for",
    "fetch_graph",
    "graph_name",
    "layout_urls",
    "load",
    "open_input",
    "open_target",
    "public_url",
    "query_form",
    "recover",
    "staging_graph_iri",
    "to_ntriples",
]


def check_choice(
    files: Sequence[Path] = (),
    *,
    extra: Sequence[Path] = (),
    store: Path | None = None,
    endpoint: str | None = None,
    layout: str = "auto",
    graph: str | None = None,
) -> None:
    """Refuse option combinations that make no sense (:class:`InputError`, exit 2).

    >>> check_choice([Path("mine.ttl")])  # files alone: fine
    >>> check_choice(store=Path("db"), endpoint="http://localhost:7878")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: give at most one of store=DIR or endpoint=URL
    >>> check_choice([Path("mine.ttl")], graph="http://example.org/g")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: graph applies to store or endpoint only
    """
    store_or_endpoint = f"{parameter('store')}/{parameter('endpoint')}"
    if store is not None and endpoint is not None:
        raise InputError(
            f"give at most one of {parameter('store', 'DIR')} or {parameter('endpoint', 'URL')}"
        )
    if extra and (store is not None or endpoint is not None):
        raise InputError(
            f"{parameter('data')} adds files to the bundled graph only: load them into the store"
            f" instead (ecoonto load), or drop {store_or_endpoint}"
        )
    if files and (store is not None or endpoint is not None):
        raise InputError(f"give {parameter('files')} or {store_or_endpoint}, not both")
    if files and extra:
        raise InputError(f"give {parameter('files')} or {parameter('data')}, not both")
    if endpoint is None and layout != "auto":
        raise InputError(f"{parameter('layout')} applies to {parameter('endpoint')} only")
    if graph is not None and store is None and endpoint is None:
        raise InputError(
            f"{parameter('graph')} applies to {parameter('store')} or {parameter('endpoint')} only"
        )


@contextmanager
def open_input(
    files: Sequence[Path] = (),
    *,
    extra: Sequence[Path] = (),
    store: Path | None = None,
    endpoint: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
    graph: str | None = None,
    base: str | None = None,
    allow_service: bool = False,
) -> Iterator[QueryTarget]:
    """The query target the options name, as a context manager (an embedded store is closed
    on leaving the block).

    ``files``: the core ontology plus those files, in memory; ``extra``: the bundled graph plus
    those files; ``store``: an embedded store, read-only; ``endpoint``: a SPARQL 1.1 endpoint
    (``layout`` names its URLs, ``timeout`` bounds each wait); nothing: the bundled graph.
    ``graph`` makes a store or endpoint read that named graph as its default graph; ``base``
    is the base IRI that relative IRIs in ``files`` and ``extra`` resolve against (default:
    each file's own URL). ``allow_service`` lets queries on local data (files, the bundled
    graph, a store) use SERVICE, which is off by default (an endpoint follows its own policy).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> mine = folder / "mine.ttl"
    >>> _ = mine.write_text("<http://example.org/acme> a <https://w3id.org/ecoonto/Organisation> .")
    >>> with open_input([mine]) as target:
    ...     print(target.describe().split(" (")[0])
    ...     result = target.run("ASK { <http://example.org/acme> a ?type }")
    ...     core = target.run("ASK { <https://w3id.org/ecoonto/Organisation> a ?type }")
    pyoxigraph in-memory store
    >>> result.boolean, core.boolean  # the file, with the core ontology added
    (True, True)
    >>> import shutil; shutil.rmtree(folder)
    """
    from ecoonto import resources

    files, extra = [Path(p) for p in files], [Path(p) for p in extra]
    check_choice(files, extra=extra, store=store, endpoint=endpoint, layout=layout, graph=graph)
    if store is not None:
        embedded = ReadOnlyStore(store, default_graph_iri=graph)
        embedded.allow_service = allow_service
        try:
            yield embedded
        finally:
            embedded.close()
        return
    if endpoint is not None:
        yield Endpoint.from_url(endpoint, layout=layout, timeout=timeout, default_graph_iri=graph)
        return
    paths = resources.with_core(files) if files else resources.bundled_graph_files()
    memory = OxigraphMemoryTarget([*paths, *extra], base=base)
    memory.allow_service = allow_service
    yield memory


def fetch_graph(target: QueryTarget, graph_iri: str | None = None) -> Graph:
    """Every triple of ``graph_iri`` (None: the default graph) in ``target``, as an rdflib graph.

    One ``CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <g> { ?s ?p ?o } }`` through ``target.run``.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> data = folder / "data.trig"
    >>> _ = data.write_text(
    ...     "<s:a> <p:b> <o:c> . <http://example.org/g> { <s:x> <p:y> <o:z> . <s:x> <p:y> 1 }"
    ... )
    >>> target = OxigraphMemoryTarget([data])
    >>> len(fetch_graph(target)), len(fetch_graph(target, "http://example.org/g"))
    (1, 2)
    >>> import shutil; shutil.rmtree(folder)
    """
    from ecoonto.rdf.graphs import new_graph

    if graph_iri is None:
        sparql = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    else:
        sparql = (
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph_name(graph_iri)} {{ ?s ?p ?o }} }}"
        )
    result = target.run(sparql)
    fetched = result.graph if result.graph is not None else new_graph()
    # Some servers cut CONSTRUCT answers at a row limit without saying so (Virtuoso: 10000);
    # a partial graph must not pass for the whole one.
    if graph_iri is None:
        count = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
    else:
        count = (
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
            f"{{ GRAPH {graph_name(graph_iri)} {{ ?s ?p ?o }} }} }}"
        )
    counted = target.run(count)
    expected = int(str(counted.rows[0][0])) if counted.rows and counted.rows[0][0] else 0
    if expected and len(fetched) < expected:
        raise StoreError(
            f"{target.describe()}: returned {len(fetched)} of {expected} triples (the server cut "
            "the answer short, e.g. a result-row limit): raise the limit or validate the files"
        )
    return fetched
