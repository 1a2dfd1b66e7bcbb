"""Query results that look the same whichever engine produced them.

Every query target (:mod:`ecoonto.targets`: rdflib in memory, the embedded pyoxigraph store,
a remote SPARQL 1.1 endpoint) returns a :class:`QueryResult` whose cells are rdflib terms, so
that rows from different engines compare equal and print the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

QueryKind = Literal["select", "ask", "graph"]


@dataclass(frozen=True)
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
    """

    kind: QueryKind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def column(self, name: str) -> list[Node | None]:
        i = self.variables.index(name)
        return [row[i] for row in self.rows]

    def as_dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def as_strings(self) -> list[tuple[str, ...]]:
        """Rows as plain strings ('' for unbound): the form tests and tables compare."""
        return [tuple("" if c is None else str(c) for c in row) for row in self.rows]
