"""The evaluator: focus sets as SPARQL patterns, each constraint component run by its function in
:data:`ecoonto.checking.shacl.components.COMPONENTS` on all the focus nodes of a shape at once."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

from ecoonto.checking.shacl.components import COMPONENTS
from ecoonto.checking.shacl.literals import Literals
from ecoonto.checking.shacl.model import SH, Focus, Result, Shape, Unsupported
from ecoonto.checking.shacl.shapes import Shapes, compile_shapes

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from ecoonto.checking.shacl.sources import Source

_counter = itertools.count()


def fresh() -> str:
    """A new SPARQL variable name.

    >>> a, b = fresh(), fresh()
    >>> a != b, a.startswith("?_v")
    (True, True)
    """
    return f"?_v{next(_counter)}"


_FRESH = re.compile(r"\?_v\d+\b")


def canonical(query: str) -> str:
    """``query`` with its :func:`fresh` variables renamed in order of appearance: two queries
    with one canonical text differ only in those names, so they have the same solutions (the
    engine's own variables are never projected).

    >>> canonical("SELECT ?n WHERE { ?_v7 <p> ?n . ?n <q> ?_v3 . ?_v7 <r> ?_v3 }")
    'SELECT ?n WHERE { ?_v0 <p> ?n . ?n <q> ?_v1 . ?_v0 <r> ?_v1 }'
    """
    names: dict[str, str] = {}
    return _FRESH.sub(lambda m: names.setdefault(m.group(0), f"?_v{len(names)}"), query)


def subselect(var: str, body: str) -> str:
    """A sub-select of the distinct bindings of ``var`` in ``body``.

    >>> subselect("?n", "?n a ?c .")
    '{ SELECT DISTINCT ?n WHERE { ?n a ?c . } }'
    """
    return f"{{ SELECT DISTINCT {var} WHERE {{ {body} }} }}"


_PATH_TOKEN = re.compile(r"<[^<>]*>|[()/|^*+?]")


def path_pattern(path: str, s: str, o: str) -> str | None:
    """A group pattern for ``s path o`` (``path`` a SPARQL property path as
    :meth:`~ecoonto.checking.shacl.shapes.Shapes.path` writes it, ``s`` and ``o`` variables or
    terms) made of one sub-select per property, so the store reads each property's triples in
    one scan and joins them by hash; None when the path has ``*``, ``+`` or ``?`` (left to the
    store's path evaluation). A sequence is a join on fresh variables, an alternative a UNION,
    an inverse swaps the ends: SPARQL's own translation of such a path (18.2.2.4), so the same
    solutions up to the fresh variables (the engine reads them DISTINCT or counts them so).

    >>> print(canonical(path_pattern("((^<p>)/(<q>|<r>))", "?s", "<o>")))
    { SELECT ?_v0 ?s WHERE { ?_v0 <p> ?s } } { { { SELECT ?_v0 WHERE { ?_v0 <q> <o> } } } UNION ...
    >>> path_pattern("(<p>*)", "?s", "?o") is None
    True
    """
    tokens = _PATH_TOKEN.findall(path)
    if "".join(tokens) != path.replace(" ", "") or any(t in "*+?" for t in tokens):
        return None
    position = 0

    def atom() -> Any:
        nonlocal position
        token = tokens[position]
        position += 1
        if token.startswith("<"):
            return token
        assert token == "("
        if tokens[position] == "^":
            position += 1
            node: Any = ("^", atom())
        else:
            parts = [atom()]
            operator = tokens[position] if tokens[position] in "/|" else None
            while tokens[position] == operator:
                position += 1
                parts.append(atom())
            node = parts[0] if operator is None else (operator, *parts)
        assert tokens[position] == ")"
        position += 1
        return node

    def pattern(node: Any, s: str, o: str) -> str:
        if isinstance(node, str):
            names = " ".join(t for t in (s, o) if t.startswith("?"))
            if not names:
                return f"{s} {node} {o} ."
            return f"{{ SELECT {names} WHERE {{ {s} {node} {o} }} }}"
        if node[0] == "^":
            return pattern(node[1], o, s)
        if node[0] == "|":
            return "{ " + " UNION ".join(f"{{ {pattern(n, s, o)} }}" for n in node[1:]) + " }"
        ends = [s, *(fresh() for _ in node[2:]), o]
        return " ".join(pattern(n, ends[i], ends[i + 1]) for i, n in enumerate(node[1:]))

    tree = atom()
    if position != len(tokens):
        return None
    return pattern(tree, s, o)


class Engine:
    """Evaluates compiled :class:`Shapes` on the data of a pyoxigraph store, or of any
    :class:`~ecoonto.checking.shacl.sources.Source` (an embedded store opened read-only, a
    SPARQL endpoint: the queries run there, only their solutions come back).

    ``literals`` maps the store's literals back to the data's (the store keeps numbers by value:
    ``"5"^^xsd:int`` reads back as ``"5"^^xsd:integer``); value checks and reports use the
    data's literal.

    >>> import pyoxigraph as ox
    >>> from rdflib import Graph
    >>> engine = Engine(ox.Store(), compile_shapes(Graph()))
    >>> engine.run()
    []
    """

    def __init__(
        self, store: Any, shapes: Shapes, graph: Any = None, literals: Literals | None = None
    ) -> None:
        from ecoonto.checking.shacl.sources import StoreSource

        self.source: Source = store if hasattr(store, "select") else StoreSource(store, graph)
        self.shapes = shapes
        self.graph = graph
        self.literals = literals or Literals(())
        self._nodes_cache: dict[str, set[Any]] = {}
        self._answers: dict[str, Any] = {}
        self._with_shapes: Source | None = None

    @property
    def shapes_graph(self) -> Graph:
        """The shapes graph (rdflib)."""
        return self.shapes.graph

    def shape(self, node: Node) -> Shape:
        """The compiled shape at ``node``."""
        return self.shapes.shape(node)

    def items(self, lst: Node, shape: Shape) -> list[Node]:
        """The members of an RDF list of the shapes graph."""
        return self.shapes.items(lst, shape)

    # queries

    def select(self, query: str) -> Any:
        """Run a SELECT on the data (the given named graph as the default graph). The data is
        only read during a validation: a query asked again (up to the names of the engine's
        own variables, :func:`canonical`) is answered from the first answer, kept in memory."""
        from ecoonto.checking.shacl.sources import Rows

        # a query that projects one of those names (an sh:sparql query may) is its own key
        key = query if _FRESH.search(query.split("{", 1)[0]) else canonical(query)
        found = self._answers.get(key)
        if found is None:
            try:
                solutions = self.source.select(query)
                variables = [v.value for v in solutions.variables]
                found = Rows(variables, [tuple(row) for row in solutions])
            except SyntaxError as exc:
                raise Unsupported("query", "SPARQL", " ".join(str(exc).split())) from None
            self._answers[key] = found
        return found

    def select_with_shapes(self, query: str) -> Any:
        """Run a SELECT on the data with the shapes graph added as the named graph
        :data:`~ecoonto.checking.shacl.sparql.SHAPES_GRAPH` (``$shapesGraph``): on a copy of
        the store, made once; refused on a SPARQL endpoint, which holds no shapes graph, and
        when the store already has a graph of that name."""
        if self._with_shapes is None:
            self._with_shapes = self._dataset_with_shapes()
        try:
            return self._with_shapes.select(query)
        except SyntaxError as exc:
            raise Unsupported("query", "SPARQL", " ".join(str(exc).split())) from None

    def _dataset_with_shapes(self) -> Source:
        import pyoxigraph as ox

        from ecoonto.checking.shacl.sources import StoreSource
        from ecoonto.checking.shacl.sparql import SHAPES_GRAPH
        from ecoonto.rdf.terms import ToOxigraph

        source = self.source
        if not isinstance(source, StoreSource):
            raise Unsupported("sh:sparql", "$shapesGraph", "the data is not in a local store")
        name = ox.NamedNode(SHAPES_GRAPH)
        if any(True for _ in source.store.quads_for_pattern(None, None, None, name)):
            raise Unsupported("sh:sparql", "$shapesGraph", f"the data has a graph <{SHAPES_GRAPH}>")
        copy = ox.Store()
        copy.extend(source.store.quads_for_pattern(None, None, None, None))
        written = list(ToOxigraph(keep_labels=True).quads(self.shapes_graph, name))
        copy.extend(written)
        kept = {q.object for q in copy.quads_for_pattern(None, None, None, name)}
        if any(q.object not in kept for q in written):  # e.g. "05"^^xsd:int kept as "5"
            raise Unsupported(
                "sh:sparql", "$shapesGraph", "a literal of the shapes graph the store would change"
            )
        return StoreSource(copy, source.graph)

    def nodes(self, focus: Focus) -> set[Any]:
        """The nodes of a focus set."""
        text = canonical(focus("?n"))
        found = self._nodes_cache.get(text)
        if found is None:
            found = {row[0] for row in self.select(f"SELECT ?n WHERE {{ {text} }}")}
            self._nodes_cache[text] = found
        return found

    def original(self, term: Any) -> Any:
        """The data's own form of a term read from the store."""
        return self.literals.original(term)

    # shapes

    def run(self) -> list[Result]:
        """Every result of every target shape, with the data's literals."""
        self._check_target_nodes()
        results: list[Result] = []
        for shape, pattern in self.shapes.targets:

            def focus(var: str, pattern: str = pattern) -> str:
                return subselect(var, pattern.replace("?this", var).replace("?_t", fresh()))

            results.extend(self.evaluate(shape, focus))
        stack = list(results)
        while stack:
            r = stack.pop()
            r.focus = self.original(r.focus)
            if r.value is not None:
                r.value = self.original(r.value)
            stack.extend(r.details)
        return results

    def _check_target_nodes(self) -> None:
        """Oxigraph gives no zero-length path from a term that is not in the graph, where
        SPARQL (and pySHACL) give the term itself: refuse when an ``sh:targetNode`` is not in
        the data and a path of the shapes may be empty."""
        from rdflib import URIRef

        from ecoonto.rdf.terms import ToOxigraph

        g = self.shapes.graph
        if not any(
            (None, URIRef(SH + name), None) in g for name in ("zeroOrMorePath", "zeroOrOnePath")
        ):
            return
        conv = ToOxigraph()
        for node in set(g.objects(None, URIRef(SH + "targetNode"))):
            term = conv.term(node)
            if not self.source.ask(f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} }}"):
                raise Unsupported(
                    str(node), "sh:targetNode", "not in the data, with a path that may be empty"
                )

    def conforming(self, node: Node, candidates: Focus) -> set[Any]:
        """The candidate nodes that conform to the shape at ``node``."""
        all_nodes, failed = self.inner(node, candidates)
        return all_nodes - set(failed)

    def inner(self, node: Node, candidates: Focus) -> tuple[set[Any], dict[Any, list[Result]]]:
        """The candidate nodes, and the results of the shape at ``node`` on each that fails."""
        shape = self.shapes.shape(node)
        all_nodes = self.nodes(candidates)
        failed: dict[Any, list[Result]] = {}
        if shape.deactivated or not all_nodes:
            return all_nodes, failed
        for r in self.evaluate(shape, candidates):
            failed.setdefault(r.stems_from(), []).append(r)
        return all_nodes, failed

    def evaluate(self, shape: Shape, focus: Focus) -> list[Result]:
        """The results of ``shape`` on the focus nodes of ``focus``: each parameter of the shape
        that names a constraint component runs that component's function."""
        if shape.deactivated:
            return []
        results: list[Result] = []
        p = shape.params
        for name, component in COMPONENTS.items():
            for value in p.get(name, []):
                results.extend(component(self, shape, focus, value))
        return results

    def values(self, shape: Shape, focus: Focus, this: str = "?this", v: str = "?value") -> str:
        """A pattern binding ``this`` (a focus node) and ``v`` (each of its value nodes, once:
        a sequence or an alternative path can reach one value by several routes)."""
        if shape.sparql_path is None:
            return f"{focus(this)} BIND({this} AS {v})"
        if shape.simple_path:
            # The property's triples as a sub-select: read in one scan and joined by hash.
            # (As a triple pattern the store looks each focus node up in its index: in an
            # embedded store, a seek on disk per node, 110 s for 364,010 nodes at 10^7.)
            return (
                f"{focus(this)} {{ SELECT {this} {v} WHERE {{ {this} {shape.sparql_path} {v} }} }}"
            )
        joined = self.reach(shape, this, v)
        return f"{{ SELECT DISTINCT {this} {v} WHERE {{ {focus(this)} {joined} }} }}"

    def reach(self, shape: Shape, s: str, o: str) -> str:
        """A pattern for ``s`` reaching ``o`` by the shape's path (:func:`path_pattern`, or the
        path itself when it repeats)."""
        assert shape.sparql_path is not None
        joined = path_pattern(shape.sparql_path, s, o)
        return f"{s} {shape.sparql_path} {o} ." if joined is None else joined

    def value_focus(self, shape: Shape, focus: Focus) -> Focus:
        """The value nodes of ``shape`` on ``focus``, as a focus set."""
        if shape.sparql_path is None:
            return focus
        path = shape.sparql_path

        def values(var: str) -> str:
            t = fresh()
            return subselect(var, f"{focus(t)} {t} {path} {var} .")

        return values

    def result(
        self,
        shape: Shape,
        component: str,
        focus: Any,
        value: Any | None = None,
        path: Node | None = None,
        messages: list[Node] | None = None,
        source_constraint: Node | None = None,
    ) -> Result:
        """A result of ``shape`` for the component ``component`` (local name)."""
        return Result(
            focus=focus,
            value=value,
            path=shape.path if path is None else path,
            shape=shape.node,
            component=SH + component + "ConstraintComponent",
            severity=shape.severity,
            messages=list(shape.messages if messages is None else messages),
            source_constraint=source_constraint,
        )

    def pairs(self, shape: Shape, query: str, component: str) -> list[Result]:
        """A result per solution (focus node, value) of ``query``."""
        return [
            self.result(shape, component, row[0], row[1] if len(row) > 1 else None)
            for row in self.select(query)
        ]


def run(
    store: Any, shapes: Graph | Shapes, graph: Any = None, literals: Literals | None = None
) -> list[Result]:
    """Every result of ``shapes`` on the data in ``store`` (its default graph, or ``graph``
    read as the default graph; or a :class:`~ecoonto.checking.shacl.sources.Source`).
    Raises :class:`Unsupported` as :func:`compile_shapes` does, or when the data holds
    something the engine cannot decide as pySHACL would.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     <https://example.org/S> a sh:NodeShape ; sh:targetNode <https://example.org/a> ;
    ...         sh:property [ sh:path <https://example.org/p> ; sh:minCount 1 ] .''')
    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> a, q = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/q")
    >>> store.add(ox.Quad(a, q, ox.Literal("x")))
    >>> [(r.focus.value, r.component.rsplit("#")[1]) for r in run(store, shapes)]
    [('https://example.org/a', 'MinCountConstraintComponent')]
    """
    compiled = shapes if isinstance(shapes, Shapes) else compile_shapes(shapes)
    return Engine(store, compiled, graph, literals).run()
