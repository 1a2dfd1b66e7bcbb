"""The shapes graph read once: every shape reachable from the target shapes, compiled and checked.

:class:`Unsupported` names a feature the SPARQL engine does not run (the caller then uses pySHACL
for the whole run); :class:`ShapesError` names something the SHACL specification rejects (an
error for any engine).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecoonto.rdf.graphs import ToOxigraph

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

_TYPE_PATH = f"<{RDF}type>/<{RDFS}subClassOf>*"

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

_NODE_KINDS = {
    "IRI": "isIRI({v})",
    "BlankNode": "isBlank({v})",
    "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))",
    "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}


class ShapesError(Exception):
    """The shapes graph is not valid SHACL (an ``sh:sparql`` query the spec rejects, ...)."""

    def __init__(self, shape: str, detail: str) -> None:
        self.shape = shape
        self.detail = detail
        super().__init__(f"{shape}: {detail}")


class Unsupported(Exception):  # noqa: N818 - a condition, not an error of the user
    """The shapes use something this engine does not run: ``shape`` and ``component`` say what."""

    def __init__(self, shape: str, component: str, detail: str = "") -> None:
        self.shape = shape
        self.component = component
        self.detail = detail
        text = f"{shape}: {component}" + (f" ({detail})" if detail else "")
        super().__init__(text)


@dataclass
class Result:
    """One validation result, with the focus node and value as pyoxigraph terms."""

    focus: Any
    value: Any | None
    path: Node | None
    shape: Node
    component: str
    severity: Node
    messages: list[Node]
    source_constraint: Node | None = None
    details: list[Result] = field(default_factory=list)
    """The results of the shape named by ``sh:node`` on the value (pySHACL's ``sh:detail``)."""

    def copy(self) -> Result:
        """A copy of this result and its details (each pySHACL result is a new node)."""
        return Result(
            self.focus,
            self.value,
            self.path,
            self.shape,
            self.component,
            self.severity,
            list(self.messages),
            self.source_constraint,
            [d.copy() for d in self.details],
        )


@dataclass
class _Shape:
    node: Node
    is_property: bool
    path: Node | None
    sparql_path: str | None
    severity: Node
    messages: list[Node]
    deactivated: bool
    params: dict[str, list[Node]] = field(default_factory=dict)

    @property
    def simple_path(self) -> bool:
        """The path is one IRI (each value is reached once)."""
        return self.sparql_path is not None and self.sparql_path.startswith("<")


# --- Term conversion ---


def store_of(graph: Graph) -> Any:
    """A new in-memory pyoxigraph store holding the triples of ``graph``."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(ToOxigraph(keep_labels=True).quads(graph))
    return store


def _sparql(term: Node) -> str:
    """A shapes-graph term written in SPARQL."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return str(term.n3())
    if isinstance(term, BNode):
        raise Unsupported(str(term), "blank node in a constraint value")
    raise Unsupported(str(term), "unknown term")


def _ox_sparql(term: Any) -> str:
    """A data term (pyoxigraph) written in SPARQL; blank nodes cannot be named in a query."""
    import pyoxigraph as ox

    if isinstance(term, ox.BlankNode):
        raise Unsupported(str(term), "blank node value")
    return str(term)


# --- Compiling the shapes ---


class Shapes:
    """The shapes graph read once: every shape reachable from the target shapes, checked."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._shapes: dict[Node, _Shape] = {}
        self._check_graph()
        self.targets: list[tuple[_Shape, str]] = []
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
        (``sh:sparql``, ``sh:closed``)."""
        from rdflib import RDF as RDFNS
        from rdflib import URIRef

        g = self.graph
        if (None, URIRef(SH + "sparql"), None) in g or (None, URIRef(SH + "closed"), None) in g:
            return None
        found: set[str] = {RDF + "type", RDFS + "subClassOf"}
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
        return _label(node)

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
            parts.append(f"?this {_TYPE_PATH} {_sparql(c)} .")
        classes: set[Node] = {RDFSNS.Class, URIRef("http://www.w3.org/2002/07/owl#Class")}
        classes.update(g.subjects(RDFSNS.subClassOf, RDFSNS.Class))
        if isinstance(node, URIRef) and any(t in classes for t in g.objects(node, RDFNS.type)):
            parts.append(f"?this {_TYPE_PATH} {_sparql(node)} .")
        for n in sorted(g.objects(node, URIRef(SH + "targetNode")), key=str):
            if isinstance(n, BNode):
                raise Unsupported(_label(node), "sh:targetNode", "a blank node")
            parts.append(f"VALUES ?this {{ {_sparql(n)} }}")
        for p in sorted(g.objects(node, URIRef(SH + "targetSubjectsOf")), key=str):
            parts.append(f"?this {_sparql(p)} ?_t .")
        for p in sorted(g.objects(node, URIRef(SH + "targetObjectsOf")), key=str):
            parts.append(f"?_t {_sparql(p)} ?this .")
        return " UNION ".join(f"{{ {p} }}" for p in parts)

    def shape(self, node: Node, _stack: tuple[Node, ...] = ()) -> _Shape:
        """The compiled shape at ``node`` (and, recursively, every shape it refers to)."""
        if node in _stack:
            raise Unsupported(_label(node), "recursive shape")
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
        from ecoonto.checking.shacl.sparql import compile_constraint

        for constraint in shape.params.get("sparql", []):
            compile_constraint(self, shape, constraint)
        return shape

    def items(self, lst: Node, shape: _Shape) -> list[Node]:
        """The members of an RDF list in the shapes graph."""
        from rdflib import RDF as RDFNS

        g = self.graph
        out: list[Node] = []
        node: Node | None = lst
        seen: set[Node] = set()
        while node is not None and node != RDFNS.nil:
            if node in seen:
                raise Unsupported(_label(shape.node), "malformed RDF list")
            seen.add(node)
            first = g.value(node, RDFNS.first)
            if first is None:
                raise Unsupported(_label(shape.node), "malformed RDF list")
            out.append(first)
            node = g.value(node, RDFNS.rest)
        return out

    def _compile(self, node: Node) -> _Shape:
        from rdflib import Literal, URIRef

        from ecoonto.checking.shacl.components import COMPONENTS as _COMPONENTS

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
                name not in _COMPONENTS and name not in _NON_VALIDATING
            ):
                raise Unsupported(_label(node), f"sh:{name}")
            params.setdefault(name, []).append(o)
        label = _label(node)
        for name, values in params.items():
            if name in _SINGLE and len(values) > 1:
                raise Unsupported(label, f"sh:{name}", "more than one value")
        path = params.get("path", [None])[0]
        is_property = path is not None
        if not is_property:
            for name in _PROPERTY_ONLY:
                if name in params:
                    raise Unsupported(label, f"sh:{name}", "on a node shape")
        if "qualifiedValueShape" in params:
            disjoint = params.get("qualifiedValueShapesDisjoint", [Literal(False)])[0]
            if disjoint != Literal(False):
                raise Unsupported(label, "sh:qualifiedValueShapesDisjoint")
        for name in ("qualifiedMinCount", "qualifiedMaxCount"):
            if name in params and "qualifiedValueShape" not in params:
                raise Unsupported(label, f"sh:{name}", "without sh:qualifiedValueShape")
        severity = params.get("severity", [URIRef(SH + "Violation")])[0]
        deactivated = params.get("deactivated", [Literal(False)])[0]
        if isinstance(deactivated, Literal) and deactivated.value is True:
            is_deactivated = True
        elif deactivated == Literal(False) or (
            isinstance(deactivated, Literal) and deactivated.value is False
        ):
            is_deactivated = False
        else:
            raise Unsupported(label, "sh:deactivated", "not a boolean")
        return _Shape(
            node=node,
            is_property=is_property,
            path=path,
            sparql_path=None if path is None else self.path(path, label),
            severity=severity,
            messages=sorted(params.get("message", []), key=str),
            deactivated=is_deactivated,
            params=params,
        )

    def path(self, path: Node, label: str) -> str:
        """A SHACL property path as a SPARQL property path (always parenthesised)."""
        from rdflib import RDF as RDFNS
        from rdflib import BNode, URIRef

        g = self.graph
        if isinstance(path, URIRef):
            return f"<{path}>"
        if not isinstance(path, BNode):
            raise Unsupported(label, "sh:path", "not an IRI or a blank node")
        if g.value(path, RDFNS.first) is not None:
            items = self._list(path, label)
            if len(items) < 2:
                raise Unsupported(label, "sh:path", "a sequence of fewer than two paths")
            return "(" + "/".join(self.path(i, label) for i in items) + ")"
        alternatives = g.value(path, URIRef(SH + "alternativePath"))
        if alternatives is not None:
            items = self._list(alternatives, label)
            if len(items) < 2:
                raise Unsupported(label, "sh:alternativePath", "fewer than two paths")
            return "(" + "|".join(self.path(i, label) for i in items) + ")"
        for name, template in (
            ("inversePath", "(^{})"),
            ("zeroOrMorePath", "({}*)"),
            ("oneOrMorePath", "({}+)"),
            ("zeroOrOnePath", "({}?)"),
        ):
            inner = g.value(path, URIRef(SH + name))
            if inner is not None:
                return template.format(self.path(inner, label))
        raise Unsupported(label, "sh:path", "not a SHACL property path")

    def _list(self, lst: Node, label: str) -> list[Node]:
        from rdflib import RDF as RDFNS

        out: list[Node] = []
        node: Node | None = lst
        seen: set[Node] = set()
        while node is not None and node != RDFNS.nil:
            if node in seen or g_value(self.graph, node, RDFNS.first) is None:
                raise Unsupported(label, "sh:path", "malformed RDF list")
            seen.add(node)
            out.append(g_value(self.graph, node, RDFNS.first))
            node = self.graph.value(node, RDFNS.rest)
        return out


def g_value(graph: Graph, subject: Node, predicate: Node) -> Any:
    """``graph.value(subject, predicate)`` (a helper for the type checker)."""
    return graph.value(subject, predicate)


def _label(node: Node) -> str:
    from rdflib import BNode

    return f"_:{node}" if isinstance(node, BNode) else str(node)


def compile_shapes(shapes: Graph) -> Shapes:
    """Read ``shapes``; raise :class:`Unsupported` naming the first shape and component that
    this engine cannot evaluate."""
    return Shapes(shapes)


def _integer(node: Node, label: str, name: str) -> int:
    from rdflib import Literal

    if (
        isinstance(node, Literal)
        and isinstance(node.value, int)
        and not isinstance(node.value, bool)
    ):
        return int(node.value)
    raise Unsupported(label, f"sh:{name}", "not an integer")


def _string_or_value(lit: Node) -> Any:
    from rdflib import Literal

    assert isinstance(lit, Literal)
    value = lit.value
    if value is None:
        return str(lit)
    return value
