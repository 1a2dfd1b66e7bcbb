"""What every target shares: the query and load interfaces, graph names, progress callbacks.

A *query target* answers SPARQL (:class:`QueryTarget`); a *load target* can also replace one of
its graphs (:class:`LoadTarget`). Results are :class:`ecoonto.targets.results.QueryResult` whose
cells are rdflib terms, so rows from different engines compare equal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ecoonto.errors import InputError, StoreError, one_line

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from ecoonto.targets.results import QueryResult

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; stages: ``parse`` (bytes of the files read),
``validate`` (0 then 1), ``store`` (embedded store: 0, 1 once the other graphs are copied, 2
once swapped in), ``upload`` (bytes of a one-request load sent to an endpoint) and ``send``
(a chunked load to an endpoint, after each chunk: triples sent of the total when the data was
validated first, else bytes of the files read). The library never draws: the CLI does."""


class StagedCheck(Protocol):
    """A check of the data a load is about to write, run before anything is replaced: it raises
    (:class:`~ecoonto.errors.DataFailsError`, nothing loaded) to refuse the data.

    Targets sit below checking, so the caller passes the check in:
    :func:`ecoonto.checking.validation.refuse_violations` checks the data against the shapes.

    >>> from ecoonto.errors import DataFailsError
    >>> def not_empty(store, graph, originals=()):
    ...     if not any(True for _ in store.quads_for_pattern(None, None, None, graph)):
    ...         raise DataFailsError("no triples: nothing loaded")
    >>> import pyoxigraph as ox
    >>> check: StagedCheck = not_empty
    >>> check(ox.Store(), ox.DefaultGraph())
    Traceback (most recent call last):
    ...
    ecoonto.errors.DataFailsError: no triples: nothing loaded
    """

    def __call__(
        self,
        store: ox.Store,
        graph: ox.NamedNode | ox.DefaultGraph,
        originals: Iterable[tuple[str, Any]] = (),
    ) -> None:
        """Check the triples of ``graph`` in ``store``. ``originals``: (predicate IRI, literal
        as written) for literals the store may keep in another form (``"5"^^xsd:int``)."""
        ...


class QueryTarget(Protocol):
    """Anything SPARQL can be run against.

    >>> from ecoonto.targets.results import QueryResult
    >>> class Always:
    ...     def run(self, sparql: str) -> QueryResult:
    ...         return QueryResult("ask", boolean=True)
    ...     def describe(self) -> str:
    ...         return "a target that always says yes"
    >>> target: QueryTarget = Always()
    >>> target.run("ASK { ?s ?p ?o }").boolean
    True
    """

    def run(self, sparql: str) -> QueryResult:
        """Run ``sparql`` and return its result; raise an EcoontoError on failure."""
        ...

    def describe(self) -> str:
        """A short, credential-free description of the target for messages."""
        ...


class LoadTarget(Protocol):
    """A query target that can also replace one of its graphs.

    The embedded store and an endpoint are load targets:

    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> from rdflib import Graph
    >>> from ecoonto.targets.embedded import EmbeddedStore
    >>> folder = Path(tempfile.mkdtemp())
    >>> data = Graph().parse(format="turtle", data="<http://e/a> <http://e/p> 1, 2 .")
    >>> with EmbeddedStore(folder / "db") as store:
    ...     target: LoadTarget = store
    ...     target.replace_graph(data, "http://e/g"), target.triple_count("http://e/g")
    (2, 2)
    >>> shutil.rmtree(folder)
    """

    def run(self, sparql: str) -> QueryResult: ...

    def describe(self) -> str: ...

    def replace_graph(
        self,
        source: Graph | Sequence[Path],
        graph_iri: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> int: ...

    def triple_count(self, graph_iri: str | None = None) -> int: ...


SERVICE_OPTION = "--allow-service"
"""The option that lets a query on local data use ``SERVICE`` (see :func:`check_service`)."""


def check_service(sparql: str, allowed: bool, where: str) -> None:
    """Refuse a query that uses ``SERVICE`` on a local target unless ``allowed``.

    ``SERVICE`` makes the engine send requests to any server the query names: a query file
    must not make this machine do that by surprise. Off by default for local data (files, the
    bundled graph, an embedded store); an endpoint runs SERVICE under its own policy.

    >>> query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    >>> check_service(query, True, "files")  # allowed
    >>> check_service("SELECT * WHERE { ?s <http://e/service> ?o }", False, "files")  # no SERVICE
    >>> check_service(query, False, "files")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: ... off for local data (files); pass --allow-service to allow it
    """
    if allowed:
        return
    from ecoonto.targets.lexing import keywords

    if "SERVICE" in keywords(sparql):
        raise InputError(
            f"the query uses SERVICE, which sends requests to other servers: it is off for"
            f" local data ({where}); pass {SERVICE_OPTION} to allow it"
        )


def service_error(where: str, exc: BaseException) -> StoreError:
    """A failure while evaluating a query on local data (a SERVICE that cannot be reached,
    a read error): one line, exit 3.

    >>> error = service_error("files", ConnectionRefusedError("[Errno 111]\\n refused"))
    >>> error.message, error.exit_code
    ('query failed on files: [Errno 111] refused', 3)
    """
    return StoreError(f"query failed on {where}: {one_line(exc)}")


def graph_name(graph_iri: str | None) -> ox.NamedNode | ox.DefaultGraph:
    """The pyoxigraph graph name for ``graph_iri`` (None: the default graph); an IRI that is
    not absolute is an :class:`InputError`.

    >>> graph_name(None), graph_name("http://example.org/g")
    (<DefaultGraph>, <NamedNode value=http://example.org/g>)
    >>> graph_name("g1")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: graph IRI 'g1' is not an absolute IRI (...)
    """
    import pyoxigraph as ox

    if graph_iri is None:
        return ox.DefaultGraph()
    try:
        return ox.NamedNode(graph_iri)
    except ValueError as exc:
        raise InputError(f"graph IRI '{graph_iri}' is not an absolute IRI ({exc})") from None


def count_query(graph_iri: str | None) -> str:
    """``SELECT (COUNT(*) AS ?n)`` over the triples of ``graph_iri`` (None: the default graph).

    >>> count_query("http://example.org/g")
    'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } }'
    """
    if graph_iri is None:
        return "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph_name(graph_iri)} {{ ?s ?p ?o }} }}"


def replace_update(graph_iri: str | None, ntriples: str) -> str:
    """One SPARQL update that clears ``graph_iri`` (or the default graph) and inserts the data.

    >>> print(replace_update("http://example.org/g", "<http://e/a> <http://e/p> 1 .\\n"))
    DROP SILENT GRAPH <http://example.org/g> ;
    INSERT DATA {
    GRAPH <http://example.org/g> {
    <http://e/a> <http://e/p> 1 .
    }
    }
    >>> replace_update(None, "")  # no data: the graph is only cleared
    'DROP SILENT DEFAULT'
    """
    name = graph_name(graph_iri)
    if graph_iri is None:
        drop, open_, close = "DROP SILENT DEFAULT", "", ""
    else:
        drop, open_, close = f"DROP SILENT GRAPH {name}", f"GRAPH {name} {{\n", "}\n"
    if not ntriples.strip():
        return drop
    return f"{drop} ;\nINSERT DATA {{\n{open_}{ntriples}{close}}}"


def to_ntriples(graph: Graph) -> bytes:
    """``graph`` as N-Triples bytes (pyoxigraph's serialiser: fast, keeps lexical forms).

    >>> from rdflib import Graph, Literal, URIRef
    >>> graph = Graph()
    >>> _ = graph.add((URIRef("http://e/a"), URIRef("http://e/p"), Literal("x", lang="en")))
    >>> to_ntriples(graph)
    b'<http://e/a> <http://e/p> "x"@en .\\n'
    """
    import pyoxigraph as ox

    from ecoonto.rdf.graphs import ToOxigraph

    data = ox.serialize(ToOxigraph().triples(graph), format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return data
