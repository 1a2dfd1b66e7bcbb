"""Targets in memory: the bundled graph or files in a pyoxigraph store (fast), or an rdflib
graph (exact on small graphs, slow on big ones).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecoonto import resources
from ecoonto.errors import InputError
from ecoonto.targets.base import check_service, service_error
from ecoonto.targets.results import QueryResult

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def normalise(term: Node | None) -> Node | None:
    """One spelling per term across engines: ``"x"^^xsd:string`` is the plain literal ``"x"``.

    >>> from rdflib import XSD, Literal
    >>> normalise(Literal("x", datatype=XSD.string)), normalise(None)
    (rdflib.term.Literal('x'), None)
    >>> normalise(Literal("1", datatype=XSD.integer)).datatype == XSD.integer
    True
    """
    from rdflib import Literal

    if isinstance(term, Literal) and term.datatype is not None:
        if str(term.datatype) == _XSD_STRING:
            return Literal(str(term))
    return term


def _position(message: str) -> str:
    return " ".join(message.split())


class GraphTarget:
    """Run SPARQL with rdflib on an in-memory graph (slow on big graphs, exact on small ones).

    Queries must declare their prefixes: the graph's bindings are not lent to them, so that a
    query that runs here also runs on any other engine.

    >>> from rdflib import Graph
    >>> target = GraphTarget(Graph().parse(format="turtle", data='''
    ... @prefix ex: <http://example.org/> . ex:a ex:size 3 . ex:b ex:size 5 .
    ... '''))
    >>> target.describe()
    'rdflib in-memory graph (2 triples)'
    >>> result = target.run("SELECT (SUM(?n) AS ?total) WHERE { ?s <http://example.org/size> ?n }")
    >>> result.as_strings()
    [('8',)]
    >>> target.run("SELECT ?s WHERE { ?s ex:size ?n }")  # the graph's prefixes are not lent
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: ...Unknown namespace prefix : ex...
    """

    allow_service = False
    """Whether queries may use SERVICE (:func:`~ecoonto.targets.base.check_service`)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> GraphTarget:
        from ecoonto.rdf.graphs import load

        return cls(load(paths))

    def describe(self) -> str:
        return f"rdflib in-memory graph ({len(self.graph)} triples)"

    def run(self, sparql: str) -> QueryResult:
        from rdflib.plugins.sparql import prepareQuery

        check_service(sparql, self.allow_service, self.describe())
        try:
            prepared = prepareQuery(sparql, initNs={})
        except Exception as exc:
            raise InputError(_rdflib_syntax_message(exc)) from None
        try:
            result = self.graph.query(prepared)
        except OSError as exc:  # an allowed SERVICE that cannot be reached
            raise service_error(self.describe(), exc) from None
        except Exception as exc:  # rdflib raises plain Exceptions for evaluation errors
            raise InputError(f"query failed on {self.describe()}: {exc}") from None
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars or []]
            rows = [
                tuple(normalise(row[i]) for i in range(len(variables)))  # type: ignore[index]
                for row in result
            ]
            return QueryResult("select", variables=variables, rows=rows)
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        from ecoonto.rdf.graphs import new_graph

        graph = new_graph()
        for triple in result.graph or []:
            graph.add(triple)
        return QueryResult("graph", graph=graph)


def _rdflib_syntax_message(exc: Exception) -> str:
    lineno, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    text = re.sub(r"\s*\(at char \d+\),\s*\(line:\d+, col:\d+\)", "", str(exc))
    if lineno is not None and col is not None:
        return f"SPARQL syntax error at line {lineno}, column {col}: {_position(text)}"
    return f"SPARQL error: {_position(text)}"


class OxigraphMemoryTarget:
    """Run SPARQL with pyoxigraph on an in-memory store loaded from RDF files (the fast path).

    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "sizes.ttl").write_text(
    ...     "@prefix ex: <http://example.org/> . ex:a ex:size 3 . ex:b ex:size 5 ."
    ... )
    >>> target = OxigraphMemoryTarget([folder / "sizes.ttl"])
    >>> target.describe()
    'pyoxigraph in-memory store (2 triples)'
    >>> result = target.run("SELECT (SUM(?n) AS ?total) WHERE { ?s <http://example.org/size> ?n }")
    >>> result.as_strings()
    [('8',)]
    >>> target.run("SELECT ?s WHERE { ?s ?p }")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: SPARQL syntax error at line 1, column ...
    >>> target.run("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: the query uses SERVICE, which sends requests to other servers: ...
    >>> shutil.rmtree(folder)
    """

    allow_service = False
    """Whether queries may use SERVICE (:func:`~ecoonto.targets.base.check_service`)."""

    def __init__(self, paths: Sequence[Path] = (), *, base: str | None = None) -> None:
        import pyoxigraph

        self.store = pyoxigraph.Store()
        self.base = base
        self.paths = [Path(p) for p in paths]
        for path in self.paths:
            self.load(path)

    @classmethod
    def of_store(cls, store: Any) -> OxigraphMemoryTarget:
        """A target over an existing ``pyoxigraph.Store`` (read as it is, not copied)."""
        target = cls()
        target.store = store
        return target

    @classmethod
    def bundled(cls, extra: Sequence[Path] = ()) -> OxigraphMemoryTarget:
        """The bundled graph (core ontology and industry modules) plus ``extra`` files."""
        return cls([*resources.bundled_graph_files(), *extra])

    def load(self, path: Path) -> None:
        """Add the quads of ``path`` (format by extension) to the store, read by
        :func:`ecoonto.rdf.parse.read` (all or nothing, lexical forms as written)."""
        from ecoonto.rdf.parse import read

        self.store.bulk_extend(read(Path(path), base=self.base))

    def describe(self) -> str:
        return f"pyoxigraph in-memory store ({len(self.store)} triples)"

    def run(self, sparql: str) -> QueryResult:
        import pyoxigraph

        check_service(sparql, self.allow_service, self.describe())
        try:
            answer: Any = self.store.query(sparql)
            return oxigraph_result(answer, pyoxigraph)  # evaluated as the rows are read
        except SyntaxError as exc:
            raise InputError(_oxigraph_syntax_message(str(exc))) from None
        except OSError as exc:  # an allowed SERVICE that cannot be reached
            raise service_error(self.describe(), exc) from None
        except (ValueError, RuntimeError) as exc:
            raise InputError(f"query failed on {self.describe()}: {exc}") from None


def _oxigraph_syntax_message(text: str) -> str:
    m = re.match(r"error at (\d+):(\d+):\s*(.*)", text, re.S)
    if m:
        return f"SPARQL syntax error at line {m.group(1)}, column {m.group(2)}: {m.group(3)}"
    return f"SPARQL syntax error: {_position(text)}"


def oxigraph_result(answer: Any, pyoxigraph: Any = None) -> QueryResult:
    """A :class:`QueryResult` from what ``pyoxigraph.Store.query`` returned.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x")))
    >>> oxigraph_result(store.query("ASK { ?s ?p 'x' }")).boolean
    True
    >>> oxigraph_result(store.query("SELECT ?s ?o WHERE { ?s ?p ?o }")).as_strings()
    [('http://e/a', 'x')]
    >>> len(oxigraph_result(store.query("CONSTRUCT WHERE { ?s ?p ?o }")).graph)
    1
    """
    if pyoxigraph is None:
        import pyoxigraph
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [v.value for v in answer.variables]
        # The answer is read to its end here (the store may close next); the rdflib terms are
        # made when the rows are first read, each distinct term once, by a converter that
        # looks its classes up once (the same terms as from_oxigraph gives).
        raw = [tuple(solution) for solution in answer]
        plain = {pyoxigraph.NamedNode, pyoxigraph.BlankNode, pyoxigraph.Literal, type(None)}
        for row in raw:  # any other term (an RDF-star triple) is refused now, as before
            for term in row:
                if type(term) not in plain:
                    from_oxigraph(term)
        return QueryResult("select", variables=variables, raw=raw, convert=_converter(pyoxigraph))
    from ecoonto.rdf.graphs import new_graph

    graph = new_graph()
    for triple in answer:
        s, p, o = (from_oxigraph(t) for t in (triple.subject, triple.predicate, triple.object))
        graph.add((s, p, o))  # type: ignore[arg-type]
    return QueryResult("graph", graph=graph)


def _converter(pyoxigraph: Any) -> Callable[[Any], Node | None]:
    """:func:`from_oxigraph` with the classes it needs looked up once, for many terms.

    >>> import pyoxigraph as ox
    >>> convert = _converter(ox)
    >>> terms = [ox.NamedNode("http://e/a"), ox.Literal("chip", language="en"), ox.Literal("x"),
    ...          ox.Literal("01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ...          ox.BlankNode("b0")]
    >>> all(convert(t) == from_oxigraph(t) and type(convert(t)) is type(from_oxigraph(t))
    ...     for t in terms)
    True
    """
    from rdflib import Literal, URIRef

    from ecoonto.rdf.terms import XSD_STRING

    named, literal = pyoxigraph.NamedNode, pyoxigraph.Literal

    def convert(term: Any) -> Node | None:
        kind = type(term)
        if kind is named:
            return URIRef(term.value)
        if kind is literal:
            language = term.language
            if language:
                return Literal(term.value, lang=language, normalize=False)
            datatype = term.datatype.value
            if datatype != XSD_STRING:
                return Literal(term.value, datatype=URIRef(datatype), normalize=False)
            return Literal(term.value, normalize=False)
        return from_oxigraph(term)

    return convert


def from_oxigraph(term: Any) -> Node | None:
    """The rdflib term for a pyoxigraph term (None stays None: an unbound variable).

    >>> import pyoxigraph as ox
    >>> from_oxigraph(ox.Literal("chip", language="en")), from_oxigraph(None)
    (rdflib.term.Literal('chip', lang='en'), None)
    """
    from ecoonto.rdf.graphs import to_rdflib

    return None if term is None else to_rdflib(term)
