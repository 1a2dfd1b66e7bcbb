"""The one converter between rdflib and pyoxigraph terms; lexical forms pass unchanged.

rdflib normalises a literal when it is built (``"01"^^xsd:integer`` becomes ``"1"``) unless
told not to: every rdflib literal made here is built with ``normalize=False``, so
``str(literal)`` is the form the data was written in.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ecoonto.errors import InputError, StoreError

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# rdflib logs a traceback for every ill-typed literal it builds ("abc"^^xsd:integer): such a
# literal is data, kept as written, and reported by the checks that care (SHACL), not a fault.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)
_BNODE_LABEL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def rdflib_literal(value: str, datatype: str | None, language: str | None) -> Node:
    """An rdflib literal with ``value`` as its lexical form; ``xsd:string`` becomes plain.

    A plain literal and an ``xsd:string`` one are the same in RDF 1.1; rdflib keeps them apart,
    its parser gives plain ones and endpoints send plain ones.

    >>> rdflib_literal("01", "http://www.w3.org/2001/XMLSchema#integer", None)  # kept as written
    rdflib.term.Literal('01', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> rdflib_literal("Nvidia", XSD_STRING, None), rdflib_literal("Nvidia", None, "en").language
    (rdflib.term.Literal('Nvidia'), 'en')
    """
    from rdflib import Literal, URIRef

    if language:
        return Literal(value, lang=language, normalize=False)
    if datatype and datatype != XSD_STRING:
        return Literal(value, datatype=URIRef(datatype), normalize=False)
    return Literal(value, normalize=False)


def to_rdflib(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term (an rdflib term is returned as is).

    >>> import pyoxigraph as ox
    >>> to_rdflib(ox.NamedNode("http://example.org/a"))
    rdflib.term.URIRef('http://example.org/a')
    >>> str(to_rdflib(ox.Literal("1.50", datatype=ox.NamedNode(
    ...     "http://www.w3.org/2001/XMLSchema#decimal"))))
    '1.50'
    >>> to_rdflib(ox.BlankNode("b0"))
    rdflib.term.BNode('b0')
    """
    import pyoxigraph as ox
    from rdflib import BNode, URIRef
    from rdflib.term import Identifier

    if isinstance(term, Identifier):
        return term
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return rdflib_literal(term.value, term.datatype.value, term.language)
    if isinstance(term, ox.Triple):
        raise StoreError("RDF-star triple terms are not supported")
    raise StoreError(f"unexpected RDF term {term!r}")


def graph_of(quads: Iterable[ox.Quad | ox.Triple], graph: Graph | None = None) -> Graph:
    """The triples of ``quads`` (every graph) added to ``graph`` (default: a new one).

    >>> import pyoxigraph as ox
    >>> a, p = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p")
    >>> quads = [ox.Quad(a, p, ox.Literal("x")), ox.Quad(a, p, a, ox.NamedNode("http://e/g"))]
    >>> len(graph_of(quads))  # named graphs merged into one rdflib graph
    2
    """
    if graph is None:
        from ecoonto.rdf.prefixes import new_graph

        graph = new_graph()
    add = graph.add
    for q in quads:
        add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return graph


class ToOxigraph:
    """rdflib -> pyoxigraph terms.

    Each rdflib blank node maps to one pyoxigraph blank node: a fresh one, or with
    ``keep_labels`` one with the same label where pyoxigraph accepts it (so that results on a
    converted graph name the graph's own blank nodes).

    >>> from rdflib import BNode, Graph, Literal, URIRef
    >>> graph = Graph()
    >>> _ = graph.add((BNode("b1"), URIRef("http://example.org/p"), Literal("01", normalize=False)))
    >>> [str(t) for t in ToOxigraph(keep_labels=True).triples(graph)]
    ['_:b1 <http://example.org/p> "01"']
    >>> ToOxigraph().term(URIRef("not an iri"))
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: invalid IRI <not an iri>: ...
    """

    def __init__(self, *, keep_labels: bool = False) -> None:
        self._bnodes: dict[str, ox.BlankNode] = {}
        self._keep_labels = keep_labels

    def term(self, node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        import pyoxigraph as ox
        from rdflib import BNode, URIRef
        from rdflib import Literal as RLiteral

        if isinstance(node, URIRef):
            try:
                return ox.NamedNode(str(node))
            except ValueError as exc:
                raise InputError(f"invalid IRI <{node}>: {exc}") from None
        if isinstance(node, BNode):
            key = str(node)
            found = self._bnodes.get(key)
            if found is None:
                if self._keep_labels and _BNODE_LABEL.match(key):
                    try:
                        found = ox.BlankNode(key)
                    except ValueError:
                        pass
                found = self._bnodes[key] = found or ox.BlankNode()
            return found
        if isinstance(node, RLiteral):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            if node.datatype is not None:
                return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
            return ox.Literal(str(node))
        raise InputError(f"cannot store the term {node!r}: not an IRI, blank node or literal")

    def quads(
        self, graph: Graph, to_graph: ox.NamedNode | ox.DefaultGraph | None = None
    ) -> Iterator[ox.Quad]:
        """The triples of ``graph`` as quads in ``to_graph`` (default: the default graph)."""
        import pyoxigraph as ox

        name = ox.DefaultGraph() if to_graph is None else to_graph
        for triple in self.triples(graph):
            yield ox.Quad(triple.subject, triple.predicate, triple.object, name)

    def triples(self, graph: Iterable[tuple[Node, Node, Node]]) -> Iterator[ox.Triple]:
        import pyoxigraph as ox

        for s, p, o in graph:
            subject = self.term(s)
            predicate = self.term(p)
            if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
                raise InputError(f"not an RDF triple (literal subject or bad predicate): {s} {p}")
            yield ox.Triple(subject, predicate, self.term(o))
