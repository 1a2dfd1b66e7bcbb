"""A SHACL Core engine that evaluates shapes as SPARQL queries on a pyoxigraph store.

pySHACL walks the data node by node through rdflib; here each constraint of a shape is one SPARQL
SELECT over *all* focus nodes of the shape at once, run by Oxigraph, which returns the violating
(focus, value) pairs. Focus nodes are never listed in Python: a set of focus nodes is a SPARQL
pattern that binds one variable (the shape's targets, or the values of a path from an enclosing
set), so nested shapes (``sh:or``, ``sh:and``, ``sh:not``, ``sh:xone``, ``sh:node``,
``sh:qualifiedValueShape``) are evaluated on their candidate nodes as sets: the nodes that conform
are the candidates minus the focus nodes of the inner shape's results.

The results are meant to be the ones pySHACL gives (``inference="none"``, ``advanced=False``):
the same focus nodes, values, paths, source shapes, components, severities and messages
(``sh:message`` of the shape that holds the constraint; where a shape has none, no message is
given, where pySHACL writes a generic text). Where pySHACL's semantics are odd (literal
comparisons, ``sh:datatype`` well-formedness, ``sh:languageIn`` on sub-tags) the check is made in
Python on the distinct values with the same rules.

:func:`compile_shapes` raises :class:`Unsupported` for anything the engine does not run
(SHACL-AF, custom constraint components, ``sh:sparql`` with ``$shapesGraph``, recursive shapes,
...): the caller then uses pySHACL for the whole run, never a partial answer.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecoonto.graphs import ToOxigraph, to_rdflib

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
_COMPONENTS = {
    "minCount": "MinCount", "maxCount": "MaxCount", "hasValue": "HasValue", "in": "In",
    "class": "Class", "datatype": "Datatype", "nodeKind": "NodeKind", "languageIn": "LanguageIn",
    "uniqueLang": "UniqueLang", "minInclusive": "MinInclusive", "maxInclusive": "MaxInclusive",
    "minExclusive": "MinExclusive", "maxExclusive": "MaxExclusive", "minLength": "MinLength",
    "maxLength": "MaxLength", "pattern": "Pattern", "equals": "Equals", "disjoint": "Disjoint",
    "lessThan": "LessThan", "lessThanOrEquals": "LessThanOrEquals", "or": "Or", "and": "And",
    "not": "Not", "xone": "Xone", "node": "Node", "property": "Property", "closed": "Closed",
    "qualifiedValueShape": "QualifiedValueShape", "sparql": "SPARQL",
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

_NODE_KINDS = {
    "IRI": "isIRI({v})",
    "BlankNode": "isBlank({v})",
    "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))",
    "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}


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
        from rdflib import URIRef

        g = self.graph
        for name in sorted(_UNSUPPORTED_PREDICATES):
            for s in g.subjects(URIRef(SH + name), None):
                raise Unsupported(self._owner(s), f"sh:{name}")
        for name in sorted(_UNSUPPORTED_TYPES):
            for s in g.subjects(RDFNS.type, URIRef(SH + name)):
                raise Unsupported(self._owner(s), f"sh:{name}")

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
        for constraint in shape.params.get("sparql", []):
            self.sparql_query(shape, constraint)
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

    def sparql_query(self, shape: _Shape, constraint: Node) -> str | None:
        """The query of an ``sh:sparql`` constraint, ready to run with ``$this`` substituted
        (None when the constraint is deactivated); :class:`Unsupported` when it cannot be."""
        import pyoxigraph as ox
        from rdflib import Literal, URIRef

        label = _label(shape.node)
        g = self.graph
        if g.value(constraint, URIRef(SH + "deactivated")) == Literal(True):
            return None
        select = g.value(constraint, URIRef(SH + "select"))
        for p in g.predicates(constraint, None):
            name = str(p)[len(SH) :] if str(p).startswith(SH) else None
            if name is not None and name not in ("select", "message", "prefixes", "deactivated"):
                raise Unsupported(label, "sh:sparql", f"sh:{name}")
        if select is None:
            raise Unsupported(label, "sh:sparql", "no sh:select")
        text = str(select)
        for variable in ("shapesGraph", "currentShape"):
            if re.search(rf"[\s{{}}()][$?]{variable}\b", text):
                raise Unsupported(label, "sh:sparql", f"${variable}")
        if re.search(r"\bMINUS\b|\bVALUES\b|\bSERVICE\b", text, re.I):
            raise Unsupported(label, "sh:sparql", "MINUS, VALUES or SERVICE")
        sparql_path = shape.sparql_path
        if sparql_path is not None:
            text = re.sub(r"([\s{}()])[$?]PATH\b", lambda m: m.group(1) + sparql_path, text)
        elif re.search(r"[$?]PATH\b", text):
            raise Unsupported(label, "sh:sparql", "$PATH on a node shape")
        prefixes = self._prefixes(constraint, label)
        query = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + text
        try:
            ox.Store().query(query, substitutions={ox.Variable("this"): ox.NamedNode(SH)})
        except SyntaxError as exc:
            raise Unsupported(label, "sh:sparql", " ".join(str(exc).split())) from None
        return query

    def _prefixes(self, constraint: Node, label: str) -> dict[str, str]:
        from rdflib import URIRef

        g = self.graph
        out: dict[str, str] = {}
        for holder in g.objects(constraint, URIRef(SH + "prefixes")):
            for decl in g.objects(holder, URIRef(SH + "declare")):
                prefix = g.value(decl, URIRef(SH + "prefix"))
                ns = g.value(decl, URIRef(SH + "namespace"))
                if prefix is None or ns is None:
                    raise Unsupported(label, "sh:prefixes", "a declaration without prefix")
                out[str(prefix)] = str(ns)
        return out

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


# --- Evaluating ---

_counter = itertools.count()


def _fresh() -> str:
    return f"?_v{next(_counter)}"


Focus = Callable[[str], str]
"""A set of focus nodes: given a variable, a SPARQL group pattern that binds it (distinct)."""


def _subselect(var: str, body: str) -> str:
    return f"{{ SELECT DISTINCT {var} WHERE {{ {body} }} }}"


class Engine:
    """Evaluates compiled :class:`Shapes` on the data of a pyoxigraph store."""

    def __init__(self, store: Any, shapes: Shapes, graph: Any = None) -> None:
        self.store = store
        self.shapes = shapes
        self.graph = graph
        self._nodes_cache: dict[str, set[Any]] = {}

    # queries

    def select(self, query: str, substitutions: dict[Any, Any] | None = None) -> Any:
        """Run a SELECT on the data (the given named graph as the default graph)."""
        kwargs: dict[str, Any] = {}
        if self.graph is not None:
            kwargs["default_graph"] = self.graph
        if substitutions:
            kwargs["substitutions"] = substitutions
        try:
            return self.store.query(query, **kwargs)
        except SyntaxError as exc:
            raise Unsupported("query", "SPARQL", " ".join(str(exc).split())) from None

    def nodes(self, focus: Focus) -> set[Any]:
        """The nodes of a focus set."""
        text = focus("?n")
        found = self._nodes_cache.get(text)
        if found is None:
            found = {row[0] for row in self.select(f"SELECT ?n WHERE {{ {text} }}")}
            self._nodes_cache[text] = found
        return found

    # shapes

    def run(self) -> list[Result]:
        """Every result of every target shape."""
        results: list[Result] = []
        for shape, pattern in self.shapes.targets:

            def focus(var: str, pattern: str = pattern) -> str:
                return _subselect(var, pattern.replace("?this", var).replace("?_t", _fresh()))

            results.extend(self.evaluate(shape, focus))
        return results

    def conforming(self, node: Node, candidates: Focus) -> set[Any]:
        """The candidate nodes that conform to the shape at ``node``."""
        all_nodes, failed = self._inner(node, candidates)
        return all_nodes - set(failed)

    def _inner(self, node: Node, candidates: Focus) -> tuple[set[Any], dict[Any, list[Result]]]:
        """The candidate nodes, and the results of the shape at ``node`` on each that fails."""
        shape = self.shapes.shape(node)
        all_nodes = self.nodes(candidates)
        failed: dict[Any, list[Result]] = {}
        if shape.deactivated or not all_nodes:
            return all_nodes, failed
        for r in self.evaluate(shape, candidates):
            failed.setdefault(r.focus, []).append(r)
        return all_nodes, failed

    def evaluate(self, shape: _Shape, focus: Focus) -> list[Result]:
        """The results of ``shape`` on the focus nodes of ``focus``."""
        if shape.deactivated:
            return []
        results: list[Result] = []
        p = shape.params
        for name in _COMPONENTS:
            for value in p.get(name, []):
                results.extend(self._component(shape, focus, name, value))
        return results

    def _values(self, shape: _Shape, focus: Focus, this: str = "?this", v: str = "?value") -> str:
        """A pattern binding ``this`` (a focus node) and ``v`` (each of its value nodes)."""
        if shape.sparql_path is None:
            return f"{focus(this)} BIND({this} AS {v})"
        return f"{focus(this)} {this} {shape.sparql_path} {v} ."

    def _value_focus(self, shape: _Shape, focus: Focus) -> Focus:
        """The value nodes of ``shape`` on ``focus``, as a focus set."""
        if shape.sparql_path is None:
            return focus
        path = shape.sparql_path

        def values(var: str) -> str:
            t = _fresh()
            return _subselect(var, f"{focus(t)} {t} {path} {var} .")

        return values

    def _result(
        self,
        shape: _Shape,
        component: str,
        focus: Any,
        value: Any | None = None,
        path: Node | None = None,
        messages: list[Node] | None = None,
        source_constraint: Node | None = None,
    ) -> Result:
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

    def _pairs(self, shape: _Shape, query: str, component: str) -> list[Result]:
        return [
            self._result(shape, component, row[0], row[1] if len(row) > 1 else None)
            for row in self.select(query)
        ]

    def _component(self, shape: _Shape, focus: Focus, name: str, arg: Node) -> list[Result]:
        from rdflib import Literal

        comp = _COMPONENTS[name]
        path = shape.sparql_path
        values = self._values(shape, focus)
        label = _label(shape.node)
        if name == "property":
            return self.evaluate(self.shapes.shape(arg), focus)
        if name in ("minCount", "maxCount"):
            n = _integer(arg, label, name)
            if name == "minCount":
                q = (
                    f"SELECT ?this WHERE {{ {focus('?this')} OPTIONAL {{ ?this {path} ?value }} }}"
                    f" GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {n})"
                )
            else:
                q = (
                    f"SELECT ?this WHERE {{ {values} }}"
                    f" GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {n})"
                )
            return [self._result(shape, comp, row[0]) for row in self.select(q)]
        if name == "hasValue":
            if path is None:
                q = (
                    f"SELECT ?this WHERE {{ {focus('?this')}"
                    f" FILTER(!sameTerm(?this, {_sparql(arg)})) }}"
                )
            else:
                q = (
                    f"SELECT ?this WHERE {{ {focus('?this')}"
                    f" MINUS {{ ?this {path} {_sparql(arg)} }} }}"
                )
            return [self._result(shape, comp, row[0]) for row in self.select(q)]
        if name == "in":
            members = self.shapes.items(arg, shape)
            test = " || ".join(f"sameTerm(?value, {_sparql(m)})" for m in members) or "false"
            return self._pairs(
                shape, f"SELECT ?this ?value WHERE {{ {values} FILTER(!({test})) }}", comp
            )
        if name == "class":
            q = (
                f"SELECT ?this ?value WHERE {{ {values}"
                f" MINUS {{ ?value {_TYPE_PATH} {_sparql(arg)} }} }}"
            )
            return self._pairs(shape, q, comp)
        if name == "nodeKind":
            kind = str(arg)[len(SH) :] if str(arg).startswith(SH) else ""
            if kind not in _NODE_KINDS:
                raise Unsupported(label, "sh:nodeKind", f"unknown kind {arg}")
            test = _NODE_KINDS[kind].format(v="?value")
            return self._pairs(
                shape, f"SELECT ?this ?value WHERE {{ {values} FILTER(!{test}) }}", comp
            )
        if name == "languageIn":
            langs = []
            for item in self.shapes.items(arg, shape):
                if not isinstance(item, Literal) or not isinstance(item.value, str):
                    raise Unsupported(label, "sh:languageIn", "not a list of strings")
                langs.append(str(item.value).lower())
            if "*" in langs:
                ok = 'LANG(?value) != ""'
            else:
                listed = ", ".join(Literal(x).n3() for x in sorted(set(langs))) or '""'
                ok = (
                    f'LANG(?value) != "" && (LCASE(LANG(?value)) IN ({listed})'
                    f' || LCASE(STRBEFORE(CONCAT(LANG(?value), "-"), "-")) IN ({listed}))'
                )
            q = f"SELECT ?this ?value WHERE {{ {values} FILTER(!(isLiteral(?value) && {ok})) }}"
            return self._pairs(shape, q, comp)
        if name == "uniqueLang":
            if not (isinstance(arg, Literal) and arg.value is True):
                if isinstance(arg, Literal) and arg.value is False:
                    return []
                raise Unsupported(label, "sh:uniqueLang", "not a boolean")
            q = (
                f'SELECT ?this ?l WHERE {{ {values} FILTER(isLiteral(?value) && LANG(?value) != "")'
                " BIND(LCASE(LANG(?value)) AS ?l) } GROUP BY ?this ?l"
                " HAVING (COUNT(DISTINCT ?value) > 1)"
            )
            return [self._result(shape, comp, row[0]) for row in self.select(q)]
        if name in ("datatype", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
                    "minLength", "maxLength", "pattern"):  # fmt: skip
            check = _value_check(name, arg, shape, label)
            return self._checked(shape, values, check, comp)
        if name == "equals":
            # MINUS, not FILTER NOT EXISTS: the same answer here (?this and ?value are always
            # bound on the left), and Oxigraph evaluates it once instead of once per row.
            if path is not None:
                own = f"MINUS {{ ?this {path} ?value }}"
            else:
                own = "FILTER(!sameTerm(?this, ?value))"
            q = (
                f"SELECT ?this ?value WHERE {{ {{ {values}"
                f" MINUS {{ ?this {_sparql(arg)} ?value }} }}"
                f" UNION {{ {focus('?this')} ?this {_sparql(arg)} ?value {own} }} }}"
            )
            return self._pairs(shape, q, comp)
        if name == "disjoint":
            q = f"SELECT ?this ?value WHERE {{ {values} ?this {_sparql(arg)} ?value . }}"
            return self._pairs(shape, q, comp)
        if name in ("lessThan", "lessThanOrEquals"):
            return self._compare(shape, values, arg, name == "lessThanOrEquals", comp, label)
        if name == "node":
            # pySHACL keeps the inner shape's results, under each result as sh:detail.
            _all, failed = self._inner(arg, self._value_focus(shape, focus))
            out = []
            for row in self.select(f"SELECT ?this ?value WHERE {{ {values} }}"):
                inner = failed.get(row[1])
                if inner is not None:
                    result = self._result(shape, comp, row[0], row[1])
                    result.details = [r.copy() for r in inner]
                    out.append(result)
            return out
        if name == "not":
            good = self.conforming(arg, self._value_focus(shape, focus))
            q = f"SELECT ?this ?value WHERE {{ {values} }}"
            return [
                self._result(shape, comp, row[0], row[1])
                for row in self.select(q)
                if row[1] in good
            ]
        if name in ("or", "and", "xone"):
            members = self.shapes.items(arg, shape)
            candidates = self._value_focus(shape, focus)
            sets = [self.conforming(m, candidates) for m in members]
            q = f"SELECT ?this ?value WHERE {{ {values} }}"
            out = []
            for row in self.select(q):
                count = sum(1 for s in sets if row[1] in s)
                bad = (
                    count == 0
                    if name == "or"
                    else count < len(sets)
                    if name == "and"
                    else count != 1
                )
                if bad:
                    out.append(self._result(shape, comp, row[0], row[1]))
            return out
        if name == "qualifiedValueShape":
            return self._qualified(shape, focus, arg)
        if name == "closed":
            return self._closed(shape, values, arg, label)
        if name == "sparql":
            return self._sparql_constraint(shape, focus, arg, label)
        raise Unsupported(label, f"sh:{name}")  # pragma: no cover - _COMPONENTS is exhaustive

    def _checked(
        self, shape: _Shape, values: str, check: Callable[[Node], bool], comp: str
    ) -> list[Result]:
        verdicts: dict[Any, bool] = {}
        out = []
        for row in self.select(f"SELECT ?this ?value WHERE {{ {values} }}"):
            value = row[1]
            ok = verdicts.get(value)
            if ok is None:
                ok = verdicts[value] = check(to_rdflib(value))
            if not ok:
                out.append(self._result(shape, comp, row[0], value))
        return out

    def _compare(
        self, shape: _Shape, values: str, other: Node, or_equal: bool, comp: str, label: str
    ) -> list[Result]:
        from rdflib import BNode, Literal, URIRef

        if isinstance(other, (Literal, BNode)):
            raise Unsupported(label, f"sh:{'lessThanOrEquals' if or_equal else 'lessThan'}")
        rows: dict[Any, tuple[set[Any], set[Any]]] = {}
        q = (
            f"SELECT ?this ?value ?other WHERE {{ {{ {values} }}"
            f" OPTIONAL {{ ?this {_sparql(other)} ?other }} }}"
        )
        for row in self.select(q):
            mine, theirs = rows.setdefault(row[0], (set(), set()))
            mine.add(row[1])
            if row[2] is not None:
                theirs.add(row[2])
        out = []
        for this, (mine, theirs) in rows.items():
            for value in mine:
                v = to_rdflib(value)
                if isinstance(v, BNode):
                    raise Unsupported(label, comp, "a blank node to compare")
                for c in theirs:
                    o = to_rdflib(c)
                    if isinstance(o, BNode):
                        raise Unsupported(label, comp, "a blank node to compare")
                    left = str(v) if isinstance(v, URIRef) else _string_or_value(v)
                    right = str(o) if isinstance(o, URIRef) else _string_or_value(o)
                    left_str = isinstance(v, URIRef) or isinstance(left, str)
                    right_str = isinstance(o, URIRef) or isinstance(right, str)
                    if left_str != right_str:
                        failed = True
                    else:
                        try:
                            failed = not (left <= right if or_equal else left < right)
                        except TypeError:
                            raise Unsupported(
                                label, comp, "values that cannot be compared"
                            ) from None
                    if failed:
                        out.append(self._result(shape, comp, this, value))
        return out

    def _qualified(self, shape: _Shape, focus: Focus, inner: Node) -> list[Result]:
        label = _label(shape.node)
        p = shape.params
        low = (
            _integer(p["qualifiedMinCount"][0], label, "qualifiedMinCount")
            if ("qualifiedMinCount" in p)
            else None
        )
        high = (
            _integer(p["qualifiedMaxCount"][0], label, "qualifiedMaxCount")
            if ("qualifiedMaxCount" in p)
            else None
        )
        good = self.conforming(inner, self._value_focus(shape, focus))
        counts: dict[Any, int] = dict.fromkeys(self.nodes(focus), 0)
        for row in self.select(
            f"SELECT DISTINCT ?this ?value WHERE {{ {self._values(shape, focus)} }}"
        ):
            if row[1] in good:
                counts[row[0]] = counts.get(row[0], 0) + 1
        out = []
        for this, n in counts.items():
            if high is not None and n > high:
                out.append(self._result(shape, "QualifiedMaxCount", this))
            if low is not None and n < low:
                out.append(self._result(shape, "QualifiedMinCount", this))
        return out

    def _closed(self, shape: _Shape, values: str, flag: Node, label: str) -> list[Result]:
        from rdflib import Literal, URIRef

        if not isinstance(flag, Literal) or not isinstance(flag.value, bool):
            raise Unsupported(label, "sh:closed", "not a boolean")
        if not flag.value:
            return []
        allowed: set[str] = set()
        for ps in shape.params.get("property", []):
            inner = self.shapes.shape(ps)  # deactivated or not: pySHACL allows its path
            if isinstance(inner.path, URIRef):
                allowed.add(str(inner.path))
        for lst in shape.params.get("ignoredProperties", []):
            allowed.update(str(i) for i in self.shapes.items(lst, shape))
        q = f"SELECT ?this ?p ?o WHERE {{ {values} ?value ?p ?o . }}"
        out = []
        seen: set[tuple[Any, Any, Any]] = set()
        for row in self.select(q):
            this, p, o = row[0], row[1], row[2]
            if p.value in allowed or (p.value == RDF + "type" and o.value == RDFS + "Resource"):
                continue
            if (this, p, o) in seen:
                continue
            seen.add((this, p, o))
            out.append(self._result(shape, "Closed", this, o, path=URIRef(p.value)))
        return out

    def _sparql_constraint(
        self, shape: _Shape, focus: Focus, constraint: Node, label: str
    ) -> list[Result]:
        import pyoxigraph as ox
        from rdflib import Literal, URIRef

        g = self.shapes.graph
        query = self.shapes.sparql_query(shape, constraint)
        if query is None:
            return []
        extra = sorted(g.objects(constraint, URIRef(SH + "message")), key=str)
        out: list[Result] = []
        this_var = ox.Variable("this")
        for node in sorted(self.nodes(focus), key=str):
            seen: list[tuple[Any, ...]] = []
            solutions = self.select(query, {this_var: node})
            names = [v.value for v in solutions.variables]
            for row in solutions:
                bound = {n: row[n] for n in names if row[n] is not None}
                if "failure" in bound:
                    raise Unsupported(label, "sh:sparql", "?failure")
                t = bound.pop("this", None)
                path = bound.pop("path", None)
                value = bound.pop("value", None)
                if t is None and path is None and value is None:
                    continue
                key = (t, path, value, tuple(sorted(bound.items(), key=lambda kv: kv[0])))
                if key in seen:
                    continue
                seen.append(key)
                if value is None and not shape.is_property:
                    value = node
                fdict: dict[str, Any] = {k: to_rdflib(v) for k, v in bound.items()}
                if t is not None:
                    fdict["this"] = to_rdflib(t)
                if path is not None:
                    fdict["path"] = to_rdflib(path)
                if value is not None:
                    fdict["value"] = to_rdflib(value)
                messages: list[Node] = []
                for m in [*extra, *shape.messages] if extra else shape.messages:
                    if isinstance(m, Literal):
                        msg = str(m.value) if m.value is not None else str(m)
                        for var, val in fdict.items():
                            msg = re.sub(f"{{[?$]{var}}}", str(val), msg)
                        m = Literal(msg)
                    if m not in messages:
                        messages.append(m)
                result_path = None if path is None else to_rdflib(path)
                out.append(
                    self._result(
                        shape,
                        "SPARQL",
                        t or node,
                        value,
                        path=result_path,
                        messages=messages,
                        source_constraint=constraint,
                    )
                )
        return out


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


def _value_check(name: str, arg: Node, shape: _Shape, label: str) -> Callable[[Node], bool]:
    """pySHACL's per-value test for a value-type, range, length or pattern constraint."""
    from rdflib import BNode, Literal, URIRef

    if name == "datatype":
        return _datatype_check(arg)
    if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
        if not isinstance(arg, Literal):
            raise Unsupported(label, f"sh:{name}", "not a literal")
        import importlib

        compare_module: Any = importlib.import_module("pyshacl.rdfutil.compare")
        compare_literal: Callable[[Node, Node], int] = compare_module.compare_literal

        bound_is_string = isinstance(arg.value, str)
        accept: Callable[[int], bool] = {
            "minInclusive": lambda c: c >= 0,
            "minExclusive": lambda c: c > 0,
            "maxInclusive": lambda c: c <= 0,
            "maxExclusive": lambda c: c < 0,
        }[name]

        def in_range(v: Node) -> bool:
            if not isinstance(v, Literal):
                return False
            if isinstance(v.value, str) != bound_is_string:
                return False
            try:
                return bool(accept(compare_literal(v, arg)))
            except (TypeError, NotImplementedError):
                return False

        return in_range
    if name in ("minLength", "maxLength"):
        n = _integer(arg, label, name)

        def length(v: Node) -> bool:
            if isinstance(v, BNode):
                return False
            size = len(str(v))
            return size >= n if name == "minLength" else size <= n

        return length
    if name == "pattern":
        if not isinstance(arg, Literal):
            raise Unsupported(label, "sh:pattern", "not a literal")
        flags_node = shape.params.get("flags", [None])[0]
        flags = 0
        if flags_node is not None:
            for ch in str(flags_node):
                flag = {"i": re.I, "m": re.M, "s": re.S, "x": re.X}.get(ch.lower())
                if flag is None:
                    raise Unsupported(label, "sh:flags", f"flag {ch!r}")
                flags |= flag
        try:
            regex = re.compile(str(arg.value), flags)
        except re.error as exc:
            raise Unsupported(label, "sh:pattern", str(exc)) from None

        def matches(v: Node) -> bool:
            if isinstance(v, BNode):
                return False
            text = str(v) if isinstance(v, URIRef) else str(v)
            return regex.search(text) is not None

        return matches
    raise Unsupported(label, f"sh:{name}")  # pragma: no cover


def _datatype_check(rule: Node) -> Callable[[Node], bool]:
    from datetime import date, datetime, time
    from decimal import Decimal

    from rdflib import Literal, URIRef

    xsd = {n: URIRef(XSD + n) for n in ("string", "integer", "float", "decimal", "boolean",
                                        "date", "time", "dateTime")}  # fmt: skip
    rdf_lang = URIRef(RDF + "langString")
    rdfs_literal = URIRef(RDFS + "Literal")
    rdfs_datatype = URIRef(RDFS + "Datatype")

    def actual(v: Literal) -> bool:
        value = v.value
        if rule in (xsd["string"], rdf_lang):
            return isinstance(value, (str, bytes))
        if rule == xsd["integer"]:
            return isinstance(value, int)
        if rule == xsd["float"]:
            return isinstance(value, float)
        if rule == xsd["decimal"]:
            return isinstance(value, Decimal)
        if rule == xsd["boolean"]:
            return isinstance(value, bool)
        if rule == xsd["date"]:
            return isinstance(value, date)
        if rule == xsd["time"]:
            return isinstance(value, time)
        if rule == xsd["dateTime"]:
            return isinstance(value, datetime)
        return True

    def check(v: Node) -> bool:
        if not isinstance(v, Literal):
            return False
        if v.datatype == rule:
            if getattr(v, "ill_typed", None) is True:
                return False
            return actual(v)
        if rule == rdfs_literal:
            return True
        if rule == rdfs_datatype and v.datatype:
            return True
        if v.datatype is None and v.language is None and rule == xsd["string"]:
            return actual(v)
        if rule == rdf_lang and v.language:
            return actual(v)
        return False

    return check


# --- Lexical forms ---

_PLAIN = {XSD + "string", RDF + "langString"}


def _lexical_key(term: Any, datatypes: set[str] | None = None) -> tuple[Any, ...] | None:
    """What a literal is equal to once Oxigraph has stored it: its language tag in lower case,
    or its value for a typed literal (an rdflib or a pyoxigraph term). With ``datatypes``, a
    typed pyoxigraph literal of another datatype is not converted (the cheap case)."""
    import pyoxigraph as ox
    from rdflib import Literal

    if isinstance(term, ox.Literal):
        if term.language:
            return ("@", term.value, term.language.lower())
        datatype = term.datatype.value
        if datatype in _PLAIN or (datatypes is not None and datatype not in datatypes):
            return None
        term = to_rdflib(term)
    if not isinstance(term, Literal):
        return None
    if term.language:
        return ("@", str(term), term.language.lower())
    if term.datatype is None or str(term.datatype) in _PLAIN:
        return None
    value = term.value
    return ("^", str(term.datatype), ("lexical", str(term)) if value is None else value)


def restore_lexical_forms(results: list[Result], originals: Callable[[], Iterable[Any]]) -> None:
    """Give the literals of ``results`` back the form the data was written in.

    Oxigraph stores numbers, dates and booleans canonically (``100.0`` reads back as ``100``)
    and language tags in lower case (``en-GB`` reads back as ``en-gb``); pySHACL, on rdflib,
    reports them as written. ``originals`` (rdflib or pyoxigraph literals) is called only when
    a result holds such a literal; the first original equal to it is used.
    """
    flat: list[Result] = []
    stack = list(results)
    while stack:
        r = stack.pop()
        flat.append(r)
        stack.extend(r.details)
    wanted: dict[tuple[Any, ...], Node | None] = {}
    datatypes: set[str] = set()
    for r in flat:
        for term in (r.focus, r.value):
            key = None if term is None else _lexical_key(term)
            if key is not None:
                wanted[key] = None
                if key[0] == "^":
                    datatypes.add(key[1])
    if not wanted:
        return
    missing = len(wanted)
    for lit in originals():
        key = _lexical_key(lit, datatypes)
        if key is not None and key in wanted and wanted[key] is None:
            wanted[key] = to_rdflib(lit)
            missing -= 1
            if missing == 0:
                break
    for r in flat:
        for attr in ("focus", "value"):
            term = getattr(r, attr)
            key = None if term is None else _lexical_key(term)
            if key is not None and wanted.get(key) is not None:
                setattr(r, attr, wanted[key])


# --- The report ---


def report_graph(results: Iterable[Result], shapes: Graph, conforms: bool) -> Graph:
    """The SHACL validation report of ``results`` (result paths copied from the shapes)."""
    from rdflib import RDF as RDFNS
    from rdflib import BNode, Literal, URIRef

    from ecoonto.graphs import new_graph

    report = new_graph()
    sh = {n: URIRef(SH + n) for n in ("ValidationReport", "ValidationResult", "conforms",
          "result", "focusNode", "resultPath", "value", "sourceShape",
          "sourceConstraintComponent", "resultSeverity", "resultMessage",
          "sourceConstraint", "detail")}  # fmt: skip
    root = BNode()
    report.add((root, RDFNS.type, sh["ValidationReport"]))
    report.add((root, sh["conforms"], Literal(conforms)))
    copied: set[Node] = set()

    def copy(node: Node) -> None:
        if not isinstance(node, BNode) or node in copied:
            return
        copied.add(node)
        for p, o in shapes.predicate_objects(node):
            report.add((node, p, o))
            copy(o)

    def add(r: Result, parent: Node, link: Node) -> None:
        node = BNode()
        report.add((parent, link, node))
        report.add((node, RDFNS.type, sh["ValidationResult"]))
        report.add((node, sh["focusNode"], to_rdflib(r.focus)))
        if r.value is not None:
            report.add((node, sh["value"], to_rdflib(r.value)))
        if r.path is not None:
            report.add((node, sh["resultPath"], r.path))
            copy(r.path)
        report.add((node, sh["sourceShape"], r.shape))
        report.add((node, sh["sourceConstraintComponent"], URIRef(r.component)))
        report.add((node, sh["resultSeverity"], r.severity))
        for m in r.messages:
            report.add((node, sh["resultMessage"], m))
        if r.source_constraint is not None:
            report.add((node, sh["sourceConstraint"], r.source_constraint))
        for detail in r.details:
            add(detail, node, sh["detail"])

    for r in results:
        add(r, root, sh["result"])
    return report


def run(store: Any, shapes: Graph | Shapes, graph: Any = None) -> list[Result]:
    """Every result of ``shapes`` on the data in ``store`` (its default graph, or ``graph``
    read as the default graph). Raises :class:`Unsupported` as :func:`compile_shapes` does,
    or when the data holds something the engine cannot decide as pySHACL would."""
    compiled = shapes if isinstance(shapes, Shapes) else compile_shapes(shapes)
    return Engine(store, compiled, graph).run()


__all__ = [
    "Result",
    "Shapes",
    "Unsupported",
    "compile_shapes",
    "report_graph",
    "run",
    "store_of",
]


# --- pySHACL's generic messages, for shapes without sh:message ---


def add_generic_messages(results: list[Result], shapes: Shapes, data_namespaces: Graph) -> None:
    """Give each result without a message (and its details) the text pySHACL writes for a
    shape without ``sh:message``, with pySHACL's own ``stringify_node``. Results whose text
    would describe a data blank node (pySHACL prints its triples) or come from ``sh:sparql``
    keep no message (``fails <Component>`` is shown)."""
    pending: list[Result] = []
    stack = list(results)
    while stack:
        r = stack.pop()
        stack.extend(r.details)
        if not r.messages and not r.component.endswith("SPARQLConstraintComponent"):
            pending.append(r)
    if not pending:
        return
    from rdflib import Graph as RGraph

    data = RGraph(bind_namespaces="none")
    for prefix, ns in data_namespaces.namespaces():
        data.bind(prefix, ns, override=True, replace=True)
    for r in pending:
        text = _generic_message(r, shapes, data)
        if text is not None:
            from rdflib import Literal

            r.messages = [Literal(text)]


def _generic_message(r: Result, shapes: Shapes, data: Graph) -> str | None:
    import importlib

    from rdflib import BNode

    stringify: Any = importlib.import_module("pyshacl.rdfutil.stringify").stringify_node
    focus = to_rdflib(r.focus)
    value = None if r.value is None else to_rdflib(r.value)
    shape = shapes.shape(r.shape)
    sg = shapes.graph

    def sgs(node: Node) -> str:
        return str(stringify(sg, node))

    def dgs(node: Node | None) -> str:
        if isinstance(node, BNode):  # pySHACL describes it from the data graph: not here
            raise _NoText
        return str(stringify(data, node))

    try:
        return _generic_text(r, shapes, shape, sgs, dgs, focus, value)
    except _NoText:
        return None


class _NoText(Exception):
    pass


def _generic_text(
    r: Result,
    shapes: Shapes,
    shape: _Shape,
    sgs: Callable[[Node], str],
    dgs: Callable[[Node | None], str],
    focus: Node,
    value: Node | None,
) -> str | None:
    p = shape.params

    name = r.component[len(SH) : -len("ConstraintComponent")]
    path = None if shape.path is None else sgs(shape.path)
    if name in ("MinCount", "MaxCount"):
        n = p["minCount" if name == "MinCount" else "maxCount"][0]
        word = "Less" if name == "MinCount" else "More"
        on = dgs(focus) if path is None else f"{dgs(focus)}->{path}"
        return f"{word} than {getattr(n, 'value', n)} values on {on}"
    if name == "HasValue":
        the_set = [sgs(v) for v in p["hasValue"]]
        if path is None:
            return f"Node {dgs(focus)} value is not a in the set of values: {the_set}"
        return f"Node {dgs(focus)}->{path} does not contain a value in the set: {the_set}"
    if name == "In":
        values = [sgs(v) for lst in p["in"] for v in shapes.items(lst, shape)]
        return f"Value {dgs(value)} not in list {values}"
    if name == "Class":
        return f"Value does not have class {sgs(p['class'][0])}"
    if name == "Datatype":
        return f"Value is not Literal with datatype {sgs(p['datatype'][0])}"
    if name == "NodeKind":
        return f"Value is not of Node Kind {sgs(p['nodeKind'][0])}"
    if name == "LanguageIn":
        return f"String language is not in {sgs(p['languageIn'][0])}"
    if name == "UniqueLang":
        return "More than one String shares the same Language"
    ranges = {"MinExclusive": ">", "MinInclusive": ">=", "MaxExclusive": "<", "MaxInclusive": "<="}
    if name in ranges:
        bound = p[name[0].lower() + name[1:]][0]
        return f"Value is not {ranges[name]} {sgs(bound)}"
    if name in ("MinLength", "MaxLength"):
        op = ">=" if name == "MinLength" else "<="
        return f"String length not {op} {dgs(p[name[0].lower() + name[1:]][0])}"
    if name == "Pattern":
        return f"Value does not match pattern '{getattr(p['pattern'][0], 'value', '')}'"
    # (sic: pySHACL writes "<=" for sh:lessThan and "<" for sh:lessThanOrEquals)
    pairs = {"Equals": "!=", "Disjoint": "==", "LessThan": "<=", "LessThanOrEquals": "<"}
    if name in pairs:
        others = p[name[0].lower() + name[1:]]
        rules = ", ".join(sgs(o) for o in others)
        return f"Value of {dgs(focus)}->{rules} {pairs[name]} {dgs(value)}"
    if name == "Closed":
        return f"Node {dgs(focus)} is closed. It cannot have value: {dgs(value)}"
    if name == "Not":
        nots = p["not"]
        if len(nots) == 1:
            return f"Node {dgs(value)} must not conform to shape {sgs(nots[0])}"
        listed = " , ".join(sgs(n) for n in nots)
        return f"Node {dgs(value)} must not conform to any shapes in {listed}"
    logical = {
        "And": ("and", "must conform to all shapes in"),
        "Or": ("or", "must conform to one or more shapes in"),
        "Xone": ("xone", "must conform to exactly one shape in"),
    }
    if name in logical:
        key, words = logical[name]
        lists = p[key]
        if len(lists) < 2:
            text = " , ".join(sgs(i) for i in shapes.items(lists[0], shape))
        else:
            text = " and ".join(
                "(" + " , ".join(sgs(i) for i in shapes.items(lst, shape)) + ")" for lst in lists
            )
        return f"Node {dgs(value)} {words} {text}"
    if name == "Node":
        nodes = p["node"]
        if len(nodes) < 2:
            text = f"Value does not conform to Shape {sgs(nodes[0])}."
        else:
            text = "Value must conform to every Shape in ('{}').".format(
                "', '".join(sgs(n) for n in nodes)
            )
        return text + " See details for more information."
    if name in ("QualifiedMinCount", "QualifiedMaxCount"):
        inner = p["qualifiedValueShape"]
        count = ""
        if "qualifiedMinCount" in p:
            count += f" MinCount {p['qualifiedMinCount'][0]}"
        if "qualifiedMaxCount" in p:
            count += f" MaxCount {p['qualifiedMaxCount'][0]}"
        return f"Focus node does not conform to shape{count}: {','.join(sgs(s) for s in inner)}"
    return None
