"""The shapes graph read once: every shape reachable from the target shapes, compiled and checked.

:class:`Unsupported` names a feature the SPARQL engine does not run (the caller then uses pySHACL
for the whole run); :class:`ShapesError` names something the SHACL specification rejects (an
error for any engine).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecoonto.checking.shacl.components import COMPONENTS
from ecoonto.checking.shacl.model import (
    RDF,
    RDFS,
    SH,
    TYPE_PATH,
    XSD,
    Shape,
    Unsupported,
    boolean,
    label,
    sparql_term,
)
from ecoonto.checking.shacl.sparql import compile_constraint, predicates_of
from ecoonto.rdf.graphs import ToOxigraph

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

# Parameters a shape may carry that this engine understands (constraint parameters and the rest).
_TARGETS = {"targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"}
_NON_VALIDATING = {
    "path", "severity", "message", "deactivated", "name", "description", "order", "group",
    "defaultValue", "ignoredProperties", "flags", "qualifiedMinCount", "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint", "prefixes", "declare",
}  # fmt: skip
# Parameters that take one value per shape (pySHACL refuses more, or reads them differently).
_SINGLE = {
    "minCount", "maxCount", "class", "datatype", "nodeKind", "languageIn", "uniqueLang",
    "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "minLength", "maxLength",
    "pattern", "flags", "closed", "qualifiedValueShape", "qualifiedMinCount",
    "qualifiedMaxCount", "path", "severity", "deactivated",
}  # fmt: skip
# Parameters only a property shape may have (on a node shape pySHACL refuses the shapes).
_PROPERTY_ONLY = {
    "minCount", "maxCount", "uniqueLang", "lessThan", "lessThanOrEquals", "qualifiedValueShape",
}  # fmt: skip
# Types and predicates of SHACL-AF, SHACL-JS and custom components: never run here.
_UNSUPPORTED_TYPES = {
    "ConstraintComponent", "SPARQLFunction", "SPARQLTarget", "SPARQLTargetType", "JSConstraint",
    "JSFunction", "JSTarget", "JSTargetType", "SPARQLRule", "TripleRule", "JSRule",
    "SPARQLAskValidator", "SPARQLSelectValidator", "Function", "Rule",
}  # fmt: skip
_UNSUPPORTED_PREDICATES = {"target", "rule", "js", "entailment", "condition"}
# Those of custom constraint components (checked after the types, which name the component).
_COMPONENT_PREDICATES = {"parameter", "validator", "nodeValidator", "propertyValidator"}

# --- Term conversion ---


def store_of(graph: Graph) -> Any:
    """A new in-memory pyoxigraph store holding the triples of ``graph``.

    >>> from rdflib import Graph, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), URIRef("https://example.org/b")))
    >>> len(store_of(g))
    1
    """
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(ToOxigraph(keep_labels=True).quads(graph))
    return store


# --- Compiling the shapes ---


class Shapes:
    """The shapes graph read once: every shape reachable from the target shapes, checked.

    >>> from rdflib import Graph
    >>> Shapes(Graph()).targets
    []
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._shapes: dict[Node, Shape] = {}
        self._check_graph()
        self.targets: list[tuple[Shape, str]] = []
        for node in sorted(self._target_shape_nodes(), key=str):
            shape = self.shape(node)
            if not shape.deactivated:
                self.targets.append((shape, self._target_pattern(node)))

    def _check_graph(self) -> None:
        from rdflib import RDF as RDFNS
        from rdflib import RDFS as RDFSNS
        from rdflib import URIRef

        g = self.graph
        for name in sorted(_UNSUPPORTED_PREDICATES):
            for s in g.subjects(URIRef(SH + name), None):
                raise Unsupported(self._owner(s), f"sh:{name}")
        for name in sorted(_UNSUPPORTED_TYPES):
            # instances of the type or of any subclass of it (a custom component is often an
            # instance of a subclass of sh:ConstraintComponent)
            for cls in g.transitive_subjects(RDFSNS.subClassOf, URIRef(SH + name)):
                for s in g.subjects(RDFNS.type, cls):
                    raise Unsupported(self._owner(s), f"sh:{name}")
        for name in sorted(_COMPONENT_PREDICATES):
            for s in g.subjects(URIRef(SH + name), None):
                raise Unsupported(self._owner(s), f"sh:{name}")

    def literal_targets(self) -> list[Node]:
        """The literals named by ``sh:targetNode`` (focus nodes that come from the shapes)."""
        from rdflib import Literal, URIRef

        return [
            o for o in self.graph.objects(None, URIRef(SH + "targetNode")) if isinstance(o, Literal)
        ]

    def predicates_read(self) -> set[str] | None:
        """The predicates whose objects the shapes read as values (in paths, property-pair
        constraints, ``sh:targetObjectsOf``), or None when they may read any
        (``sh:closed``, an ``sh:sparql`` query with a variable predicate, see
        :func:`~ecoonto.checking.shacl.sparql.predicates_of`)."""
        from rdflib import RDF as RDFNS
        from rdflib import URIRef

        g = self.graph
        if (None, URIRef(SH + "closed"), None) in g:
            return None
        found: set[str] = {RDF + "type", RDFS + "subClassOf"}
        for constraint in set(g.objects(None, URIRef(SH + "sparql"))):
            read = predicates_of(g, constraint)
            if read is None:
                return None
            found |= read
        todo = list(g.objects(None, URIRef(SH + "path")))
        for name in ("equals", "disjoint", "lessThan", "lessThanOrEquals", "targetObjectsOf"):
            todo.extend(g.objects(None, URIRef(SH + name)))
        seen: set[Node] = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            if isinstance(node, URIRef):
                found.add(str(node))
                continue
            for p, o in g.predicate_objects(node):
                if p != RDFNS.rest or o != RDFNS.nil:
                    todo.append(o)
        return found

    def _owner(self, node: Node) -> str:
        """A blank node's nearest named ancestor in the shapes graph (for error messages)."""
        from rdflib import BNode

        seen: set[Node] = set()
        while isinstance(node, BNode) and node not in seen:
            seen.add(node)
            parents = sorted(self.graph.subjects(None, node), key=str)
            if not parents:
                break
            node = parents[0]
        return label(node)

    def _target_shape_nodes(self) -> set[Node]:
        from rdflib import RDF as RDFNS
        from rdflib import RDFS as RDFSNS
        from rdflib import URIRef

        g = self.graph
        found: set[Node] = set()
        for name in _TARGETS:
            found.update(g.subjects(URIRef(SH + name), None))
        classes = {RDFSNS.Class, *g.subjects(RDFSNS.subClassOf, RDFSNS.Class)}
        shape_types = {URIRef(SH + "NodeShape"), URIRef(SH + "PropertyShape")}
        for t in shape_types:
            for s in g.subjects(RDFNS.type, t):
                if any(c in classes for c in g.objects(s, RDFNS.type)):
                    found.add(s)
        # pySHACL treats owl:Class as a subclass of rdfs:Class
        owl_class = URIRef("http://www.w3.org/2002/07/owl#Class")
        for t in shape_types:
            for s in g.subjects(RDFNS.type, t):
                if (s, RDFNS.type, owl_class) in g:
                    found.add(s)
        return found

    def _target_pattern(self, node: Node) -> str:
        from rdflib import RDF as RDFNS
        from rdflib import RDFS as RDFSNS
        from rdflib import BNode, URIRef

        g = self.graph
        parts: list[str] = []
        for c in sorted(g.objects(node, URIRef(SH + "targetClass")), key=str):
            parts.append(f"?this {TYPE_PATH} {sparql_term(c)} .")
        classes: set[Node] = {RDFSNS.Class, URIRef("http://www.w3.org/2002/07/owl#Class")}
        classes.update(g.subjects(RDFSNS.subClassOf, RDFSNS.Class))
        if isinstance(node, URIRef) and any(t in classes for t in g.objects(node, RDFNS.type)):
            parts.append(f"?this {TYPE_PATH} {sparql_term(node)} .")
        for n in sorted(g.objects(node, URIRef(SH + "targetNode")), key=str):
            if isinstance(n, BNode):
                raise Unsupported(label(node), "sh:targetNode", "a blank node")
            parts.append(f"VALUES ?this {{ {sparql_term(n)} }}")
        for p in sorted(g.objects(node, URIRef(SH + "targetSubjectsOf")), key=str):
            parts.append(f"?this {sparql_term(p)} ?_t .")
        for p in sorted(g.objects(node, URIRef(SH + "targetObjectsOf")), key=str):
            parts.append(f"?_t {sparql_term(p)} ?this .")
        return " UNION ".join(f"{{ {p} }}" for p in parts)

    def shape(self, node: Node, _stack: tuple[Node, ...] = ()) -> Shape:
        """The compiled shape at ``node`` (and, recursively, every shape it refers to)."""
        if node in _stack:
            raise Unsupported(label(node), "recursive shape")
        found = self._shapes.get(node)
        if found is not None:
            return found
        shape = self._compile(node)
        self._shapes[node] = shape
        stack = (*_stack, node)
        for name in ("property", "node", "not", "qualifiedValueShape"):
            for inner in shape.params.get(name, []):
                self.shape(inner, stack)
        for name in ("or", "and", "xone"):
            for lst in shape.params.get(name, []):
                for inner in self.items(lst, shape):
                    self.shape(inner, stack)
        for constraint in shape.params.get("sparql", []):
            compile_constraint(self.graph, shape, constraint)
        return shape

    def items(self, lst: Node, shape: Shape) -> list[Node]:
        """The members of an RDF list in the shapes graph."""
        from rdflib import RDF as RDFNS

        g = self.graph
        out: list[Node] = []
        node: Node | None = lst
        seen: set[Node] = set()
        while node is not None and node != RDFNS.nil:
            if node in seen:
                raise Unsupported(label(shape.node), "malformed RDF list")
            seen.add(node)
            first = g.value(node, RDFNS.first)
            if first is None:
                raise Unsupported(label(shape.node), "malformed RDF list")
            out.append(first)
            node = g.value(node, RDFNS.rest)
        return out

    def _compile(self, node: Node) -> Shape:
        from rdflib import URIRef

        g = self.graph
        params: dict[str, list[Node]] = {}
        for p, o in g.predicate_objects(node):
            iri = str(p)
            if not iri.startswith(SH):
                continue
            name = iri[len(SH) :]
            if name in _TARGETS:
                continue
            if name in _UNSUPPORTED_PREDICATES or (
                name not in COMPONENTS and name not in _NON_VALIDATING
            ):
                raise Unsupported(label(node), f"sh:{name}")
            params.setdefault(name, []).append(o)
        where = label(node)
        for name, values in params.items():
            if name in _SINGLE and len(values) > 1:
                raise Unsupported(where, f"sh:{name}", "more than one value")
        path = params.get("path", [None])[0]
        is_property = path is not None
        if not is_property:
            for name in _PROPERTY_ONLY:
                if name in params:
                    raise Unsupported(where, f"sh:{name}", "on a node shape")
        if "qualifiedValueShape" in params:
            disjoint = params.get("qualifiedValueShapesDisjoint", [None])[0]
            if disjoint is not None and _flag(disjoint, where, "qualifiedValueShapesDisjoint"):
                raise Unsupported(where, "sh:qualifiedValueShapesDisjoint")
        for name in ("qualifiedMinCount", "qualifiedMaxCount"):
            if name in params and "qualifiedValueShape" not in params:
                raise Unsupported(where, f"sh:{name}", "without sh:qualifiedValueShape")
        severity = params.get("severity", [URIRef(SH + "Violation")])[0]
        deactivated = params.get("deactivated", [None])[0]
        is_deactivated = deactivated is not None and _flag(deactivated, where, "deactivated")
        return Shape(
            node=node,
            is_property=is_property,
            path=path,
            sparql_path=None if path is None else self.path(path, where),
            severity=severity,
            messages=sorted(params.get("message", []), key=str),
            deactivated=is_deactivated,
            params=params,
        )

    def path(self, path: Node, where: str) -> str:
        """A SHACL property path as a SPARQL property path (always parenthesised)."""
        from rdflib import RDF as RDFNS
        from rdflib import BNode, URIRef

        g = self.graph
        if isinstance(path, URIRef):
            return f"<{path}>"
        if not isinstance(path, BNode):
            raise Unsupported(where, "sh:path", "not an IRI or a blank node")
        if g.value(path, RDFNS.first) is not None:
            items = self._list(path, where)
            if len(items) < 2:
                raise Unsupported(where, "sh:path", "a sequence of fewer than two paths")
            return "(" + "/".join(self.path(i, where) for i in items) + ")"
        alternatives = g.value(path, URIRef(SH + "alternativePath"))
        if alternatives is not None:
            items = self._list(alternatives, where)
            if len(items) < 2:
                raise Unsupported(where, "sh:alternativePath", "fewer than two paths")
            return "(" + "|".join(self.path(i, where) for i in items) + ")"
        for name, template in (
            ("inversePath", "(^{})"),
            ("zeroOrMorePath", "({}*)"),
            ("oneOrMorePath", "({}+)"),
            ("zeroOrOnePath", "({}?)"),
        ):
            inner = g.value(path, URIRef(SH + name))
            if inner is not None:
                return template.format(self.path(inner, where))
        raise Unsupported(where, "sh:path", "not a SHACL property path")

    def _list(self, lst: Node, where: str) -> list[Node]:
        from rdflib import RDF as RDFNS

        out: list[Node] = []
        node: Node | None = lst
        seen: set[Node] = set()
        while node is not None and node != RDFNS.nil:
            if node in seen or g_value(self.graph, node, RDFNS.first) is None:
                raise Unsupported(where, "sh:path", "malformed RDF list")
            seen.add(node)
            out.append(g_value(self.graph, node, RDFNS.first))
            node = self.graph.value(node, RDFNS.rest)
        return out


def g_value(graph: Graph, subject: Node, predicate: Node) -> Any:
    """``graph.value(subject, predicate)`` (a helper for the type checker).

    >>> from rdflib import Graph, URIRef
    >>> g = Graph().parse(format="turtle", data="<https://e/S> <https://e/p> 5 .")
    >>> g_value(g, URIRef("https://e/S"), URIRef("https://e/p"))
    rdflib.term.Literal('5', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> g_value(g, URIRef("https://e/S"), URIRef("https://e/q")) is None
    True
    """
    return graph.value(subject, predicate)


def _flag(node: Node, where: str, name: str) -> bool:
    """A boolean parameter: true only for the literal ``true`` (SHACL names no other; the
    W3C test uniqueLang-002 reads ``"1"^^xsd:boolean`` as not true). Not a boolean:
    :class:`Unsupported`."""
    from rdflib import Literal

    if not (isinstance(node, Literal) and str(node.datatype) == XSD + "boolean"):
        raise Unsupported(where, f"sh:{name}", "not a boolean")
    return boolean(node) is True


def compile_shapes(shapes: Graph) -> Shapes:
    """Read ``shapes``; raise :class:`Unsupported` naming the first shape and component that
    this engine cannot evaluate.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     <https://example.org/S> a sh:NodeShape ; sh:targetNode <https://example.org/a> ;
    ...         sh:property [ sh:path <https://example.org/p> ; sh:minCount 1 ] .''')
    >>> compiled = compile_shapes(shapes)
    >>> [str(shape.node) for shape, _pattern in compiled.targets]
    ['https://example.org/S']
    >>> compiled.predicates_read() >= {"https://example.org/p"}
    True
    """
    return Shapes(shapes)
