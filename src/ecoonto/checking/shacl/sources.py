"""Where the engine's SPARQL runs: a pyoxigraph store (in memory, or an embedded store on disk,
opened read-only) or any SPARQL query target (a SPARQL 1.1 endpoint).

The engine (:class:`~ecoonto.checking.shacl.engine.Engine`) asks a source three things: the
solutions of a SELECT (rows of pyoxigraph terms, read by position or by variable name), the
answer of an ASK, and the (predicate, object) pairs of a data blank node (for the messages and
the report graph). Only results, and the term sets the engine needs to decide nested shapes,
leave the store: the data is never copied out.

A SPARQL endpoint names a blank node in a result with a label that holds for that answer only,
so neither a second query nor a comparison with another answer can refer to it:
:class:`TargetSource` raises :class:`~ecoonto.checking.shacl.model.Unsupported` as soon as an
answer holds a blank node (the caller then reads the graph out instead, or refuses), never a
result that could be wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ecoonto.checking.shacl.model import Unsupported

if TYPE_CHECKING:
    from ecoonto.targets.base import QueryTarget


class Source(Protocol):
    """What the engine runs its queries on.

    >>> import pyoxigraph as ox
    >>> source: Source = StoreSource(ox.Store())
    >>> source.ask("ASK { ?s ?p ?o }")
    False
    """

    def select(self, query: str) -> Any:
        """The solutions of a SELECT: iterable rows (``row[0]``, ``row["name"]``) and
        ``variables`` (pyoxigraph variables). A query the store cannot parse raises
        ``SyntaxError`` or :class:`Unsupported`."""
        ...

    def ask(self, query: str) -> bool:
        """The answer of an ASK."""
        ...

    def describe(self, term: Any) -> Iterator[tuple[Any, Any]]:
        """The (predicate, object) pairs of the data term ``term`` (a pyoxigraph term)."""
        ...


class StoreSource:
    """A ``pyoxigraph.Store`` (in memory or on disk): its default graph, or the named graph
    ``graph`` (a ``pyoxigraph.NamedNode``) read as the default graph.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> a, p = ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p")
    >>> store.add(ox.Quad(a, p, ox.Literal("x"), ox.NamedNode("http://e/g")))
    >>> source = StoreSource(store, ox.NamedNode("http://e/g"))
    >>> [row[0].value for row in source.select("SELECT ?s WHERE { ?s ?p ?o }")]
    ['http://e/a']
    >>> [(p.value, o.value) for p, o in source.describe(a)]
    [('http://e/p', 'x')]
    >>> StoreSource(store).ask("ASK { ?s ?p ?o }")  # the default graph is empty
    False
    """

    def __init__(self, store: Any, graph: Any = None) -> None:
        self.store = store
        self.graph = graph

    def _kwargs(self) -> dict[str, Any]:
        return {} if self.graph is None else {"default_graph": self.graph}

    def select(self, query: str) -> Any:
        return self.store.query(query, **self._kwargs())

    def ask(self, query: str) -> bool:
        return bool(self.store.query(query, **self._kwargs()))

    def describe(self, term: Any) -> Iterator[tuple[Any, Any]]:
        import pyoxigraph as ox

        where = ox.DefaultGraph() if self.graph is None else self.graph
        for quad in self.store.quads_for_pattern(term, None, None, where):
            yield quad.predicate, quad.object


class Row:
    """One solution of :class:`Rows`: its terms by position or by variable name.

    >>> row = Row(("a", None), {"x": 0, "y": 1})
    >>> row[0], row["x"], row["y"], len(row)
    ('a', 'a', None, 2)
    """

    __slots__ = ("_names", "_terms")

    def __init__(self, terms: Sequence[Any], names: dict[str, int]) -> None:
        self._terms = terms
        self._names = names

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            return self._terms[self._names[key]]
        return self._terms[key]

    def __len__(self) -> int:
        return len(self._terms)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._terms)


class Rows:
    """The solutions of a SELECT answered by a query target, as pyoxigraph terms.

    >>> rows = Rows(["x"], [("a",), ("b",)])
    >>> [v.value for v in rows.variables], [r["x"] for r in rows]
    (['x'], ['a', 'b'])
    """

    def __init__(self, variables: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        import pyoxigraph as ox

        self.variables = [ox.Variable(v) for v in variables]
        names = {v: i for i, v in enumerate(variables)}
        self._rows = [Row(r, names) for r in rows]

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class TargetSource:
    """A query target (:class:`~ecoonto.targets.base.QueryTarget`: a SPARQL 1.1 endpoint)
    whose default graph is the data. Answers come back as rdflib terms and are read as
    pyoxigraph terms; an answer holding a blank node is :class:`Unsupported` (module
    documentation).

    >>> from rdflib import BNode, URIRef
    >>> from ecoonto.targets.results import QueryResult
    >>> class Fixed:
    ...     def __init__(self, cell): self.cell = cell
    ...     def run(self, sparql):
    ...         return QueryResult("select", variables=["s"], rows=[(self.cell,)])
    ...     def describe(self): return "a fixed answer"
    >>> [r[0].value for r in TargetSource(Fixed(URIRef("http://e/a"))).select("SELECT ?s {}")]
    ['http://e/a']
    >>> TargetSource(Fixed(BNode("b0"))).select("SELECT ?s {}")
    Traceback (most recent call last):
    ...
    ecoonto.checking.shacl.model.Unsupported: data: blank node (a fixed answer ...)
    """

    def __init__(self, target: QueryTarget) -> None:
        self.target = target

    def _blank(self) -> Unsupported:
        return Unsupported(
            "data",
            "blank node",
            f"{self.target.describe()} names blank nodes for one answer only, so the engine"
            " cannot refer to one again",
        )

    def select(self, query: str) -> Rows:
        from rdflib import BNode

        from ecoonto.rdf.terms import ToOxigraph

        result = self.target.run(query)
        convert = ToOxigraph()
        rows = []
        for row in result.rows:
            terms = []
            for cell in row:
                if isinstance(cell, BNode):
                    raise self._blank()
                terms.append(None if cell is None else convert.term(cell))
            rows.append(tuple(terms))
        return Rows(result.variables, rows)

    def ask(self, query: str) -> bool:
        return bool(self.target.run(query).boolean)

    def describe(self, term: Any) -> Iterator[tuple[Any, Any]]:
        import pyoxigraph as ox

        if isinstance(term, ox.BlankNode):
            raise self._blank()
        for row in self.select(f"SELECT ?p ?o WHERE {{ {term} ?p ?o }}"):
            yield row[0], row[1]


def source_of(target: Any) -> Source:
    """The source that runs queries where ``target`` (a query target:
    :class:`~ecoonto.targets.ReadOnlyStore`, :class:`~ecoonto.targets.EmbeddedStore`,
    :class:`~ecoonto.targets.OxigraphMemoryTarget`, :class:`~ecoonto.targets.Endpoint`, ...)
    keeps its data: a pyoxigraph store is queried directly (its ``default_graph_iri``, if any,
    read as the default graph), anything else through ``target.run``.

    >>> from ecoonto.targets import OxigraphMemoryTarget
    >>> type(source_of(OxigraphMemoryTarget())).__name__
    'StoreSource'
    """
    import pyoxigraph as ox

    store = getattr(target, "store", None)
    if isinstance(store, ox.Store):
        iri = getattr(target, "default_graph_iri", None)
        return StoreSource(store, None if iri is None else ox.NamedNode(iri))
    return TargetSource(target)
