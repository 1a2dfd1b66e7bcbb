"""Query results that look the same whichever engine produced them.

Every query target (:mod:`ecoonto.targets`: rdflib in memory, the embedded pyoxigraph store,
a remote SPARQL 1.1 endpoint) returns a :class:`QueryResult` whose cells are rdflib terms, so
that rows from different engines compare equal and print the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

QueryKind = Literal["select", "ask", "graph"]


class QueryResult:
    """The outcome of one SPARQL query.

    ``kind`` is ``select`` (``variables`` and ``rows``), ``ask`` (``boolean``) or ``graph``
    (CONSTRUCT/DESCRIBE: ``graph``). A cell is an rdflib term, or None where a variable is unbound.

    >>> from rdflib import Literal, URIRef
    >>> acme, bolt = URIRef("http://example.org/acme"), URIRef("http://example.org/b")
    >>> result = QueryResult("select", ["org", "players"], [(acme, Literal(3)), (bolt, None)])
    >>> [None if cell is None else cell.toPython() for cell in result.column("players")]
    [3, None]
    >>> result.as_strings()
    [('http://example.org/acme', '3'), ('http://example.org/b', '')]
    >>> result.as_dicts()[1]["players"] is None
    True

    An embedded store's answer keeps its cells as the store gave them (``raw``, pyoxigraph
    terms) and makes the rdflib terms the first time ``rows`` is read: the CLI prints CSV and
    TSV from the raw cells, with the same text (tests/test_render_raw.py), and never pays for
    terms it does not need.

    >>> import pyoxigraph as ox
    >>> lazy = QueryResult("select", ["s"], raw=[(ox.NamedNode("http://e/a"),)],
    ...                    convert=lambda t: URIRef(t.value))
    >>> lazy.rows, lazy == QueryResult("select", ["s"], [(URIRef("http://e/a"),)])
    ([(rdflib.term.URIRef('http://e/a'),)], True)
    """

    __slots__ = ("kind", "variables", "boolean", "graph", "_rows", "_raw", "_convert")

    def __init__(
        self,
        kind: QueryKind,
        variables: list[str] | None = None,
        rows: list[tuple[Node | None, ...]] | None = None,
        boolean: bool | None = None,
        graph: Graph | None = None,
        *,
        raw: list[tuple[Any, ...]] | None = None,
        convert: Callable[[Any], Node | None] | None = None,
    ) -> None:
        if raw is not None and (rows is not None or convert is None):
            raise ValueError("give rows, or raw cells with the function that converts them")
        self.kind: QueryKind = kind
        self.variables: list[str] = [] if variables is None else variables
        self.boolean = boolean
        self.graph = graph
        self._rows = [] if rows is None and raw is None else rows
        self._raw = raw
        self._convert = convert

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        if self._rows is None:
            assert self._raw is not None and self._convert is not None
            convert = self._convert
            made: dict[Any, Node | None] = {None: None}  # each distinct term converted once

            def node(term: Any) -> Node | None:
                if term in made:
                    return made[term]
                made[term] = found = convert(term)
                return found

            self._rows = [tuple(node(t) for t in row) for row in self._raw]
        return self._rows

    @property
    def raw(self) -> list[tuple[Any, ...]] | None:
        """The cells as the store gave them (pyoxigraph terms, None where unbound), when the
        result came from one; None otherwise."""
        return self._raw

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryResult):
            return NotImplemented
        return (self.kind, self.variables, self.rows, self.boolean, self.graph) == (
            other.kind,
            other.variables,
            other.rows,
            other.boolean,
            other.graph,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"QueryResult(kind={self.kind!r}, variables={self.variables!r}, rows={self.rows!r},"
            f" boolean={self.boolean!r}, graph={self.graph!r})"
        )

    def column(self, name: str) -> list[Node | None]:
        i = self.variables.index(name)
        return [row[i] for row in self.rows]

    def as_dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def as_strings(self) -> list[tuple[str, ...]]:
        """Rows as plain strings ('' for unbound): the form tests and tables compare."""
        return [tuple("" if c is None else str(c) for c in row) for row in self.rows]
