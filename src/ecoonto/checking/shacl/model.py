"""The engine's vocabulary: the SHACL namespaces, the two conditions (:class:`Unsupported`,
:class:`ShapesError`), a validation :class:`Result`, a compiled :class:`Shape`, a :data:`Focus`
set, and the :class:`Evaluator` that every constraint component is given.

This module imports nothing else of the package: the shapes compiler
(:mod:`~ecoonto.checking.shacl.shapes`), the component registry
(:mod:`~ecoonto.checking.shacl.components`), the SPARQL-constraint compiler
(:mod:`~ecoonto.checking.shacl.sparql`) and the engine (:mod:`~ecoonto.checking.shacl.engine`)
stand on it, in that order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

TYPE_PATH = f"<{RDF}type>/<{RDFS}subClassOf>*"
"""The SPARQL path from an instance to each of its classes (SHACL's "SHACL instance")."""

NODE_KINDS = {
    "IRI": "isIRI({v})",
    "BlankNode": "isBlank({v})",
    "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))",
    "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}
"""Each ``sh:nodeKind`` value (local name) as a SPARQL test of the variable ``{v}``."""


class ShapesError(Exception):
    """The shapes graph is not valid SHACL (an ``sh:sparql`` query the spec rejects, ...).

    >>> str(ShapesError("ex:S", "sh:sparql: a SPARQL constraint must not use MINUS"))
    'ex:S: sh:sparql: a SPARQL constraint must not use MINUS'
    """

    def __init__(self, shape: str, detail: str) -> None:
        self.shape = shape
        self.detail = detail
        super().__init__(f"{shape}: {detail}")


class Unsupported(Exception):  # noqa: N818 - a condition, not an error of the user
    """The shapes use something this engine does not run: ``shape`` and ``component`` say what.

    >>> exc = Unsupported("ex:S", "sh:target", "SHACL-AF")
    >>> str(exc), exc.component
    ('ex:S: sh:target (SHACL-AF)', 'sh:target')
    """

    def __init__(self, shape: str, component: str, detail: str = "") -> None:
        self.shape = shape
        self.component = component
        self.detail = detail
        text = f"{shape}: {component}" + (f" ({detail})" if detail else "")
        super().__init__(text)


@dataclass
class Result:
    """One validation result, with the focus node and value as pyoxigraph terms.

    ``origin`` is the focus node of the shape being evaluated that the result stems from, when
    that is not ``focus`` (a result of a property shape nested in a property shape is on a value
    node of the outer shape's focus node).

    >>> r = Result("f", "v", None, "ex:S", SH + "ClassConstraintComponent", SH + "Violation", [])
    >>> c = r.copy()
    >>> c == r, c is r
    (True, False)
    """

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
    origin: Any | None = None

    def copy(self) -> Result:
        """A copy of this result and its details (each result is a node of its own)."""
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
            self.origin,
        )

    def stems_from(self) -> Any:
        """The focus node of the evaluated shape this result belongs to.

        >>> Result("v", None, None, "ex:S", "c", "s", [], origin="f").stems_from()
        'f'
        """
        return self.focus if self.origin is None else self.origin


@dataclass
class Shape:
    """A shape of the shapes graph, read once: its node, its path (the shapes-graph node and
    the SPARQL property path), severity, messages and its SHACL parameters by local name.

    >>> s = Shape("ex:S", True, "ex:p", "<https://example.org/p>", SH + "Violation", [], False)
    >>> s.simple_path
    True
    """

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


Focus = Callable[[str], str]
"""A set of focus nodes: given a variable, a SPARQL group pattern that binds it (distinct)."""


class Evaluator(Protocol):
    """What a constraint component is given: the engine (:class:`~ecoonto.checking.shacl.engine.
    Engine`) as the components see it.

    >>> import pyoxigraph as ox
    >>> from rdflib import Graph
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import compile_shapes
    >>> store = ox.Store()
    >>> a = ox.NamedNode("https://example.org/a")
    >>> store.add(ox.Quad(a, ox.NamedNode("https://example.org/p"), ox.Literal("x")))
    >>> evaluator: Evaluator = Engine(store, compile_shapes(Graph()))
    >>> evaluator.nodes(lambda v: f"{{ {v} ?p ?o }}")
    {<NamedNode value=https://example.org/a>}
    >>> [row[0].value for row in evaluator.select("SELECT ?o WHERE { ?s ?p ?o }")]
    ['x']
    """

    @property
    def shapes_graph(self) -> Graph:
        """The shapes graph (rdflib)."""

    def select(self, query: str) -> Any:
        """The solutions of a SELECT on the data."""

    def select_with_shapes(self, query: str) -> Any:
        """The solutions of a SELECT on the data with the shapes graph as a named graph."""

    def nodes(self, focus: Focus) -> set[Any]:
        """The nodes of a focus set."""

    def original(self, term: Any) -> Any:
        """The data's own form of a term read from the store."""

    def shape(self, node: Node) -> Shape:
        """The compiled shape at ``node``."""

    def items(self, lst: Node, shape: Shape) -> list[Node]:
        """The members of an RDF list of the shapes graph."""

    def evaluate(self, shape: Shape, focus: Focus) -> list[Result]:
        """The results of ``shape`` on the focus nodes of ``focus``."""

    def conforming(self, node: Node, candidates: Focus) -> set[Any]:
        """The candidates that conform to the shape at ``node``."""

    def inner(self, node: Node, candidates: Focus) -> tuple[set[Any], dict[Any, list[Result]]]:
        """The candidates, and the results of the shape at ``node`` on each that fails."""

    def values(self, shape: Shape, focus: Focus, this: str = "?this", v: str = "?value") -> str:
        """A pattern binding each focus node and each of its value nodes (once)."""

    def reach(self, shape: Shape, s: str, o: str) -> str:
        """A pattern for ``s`` reaching ``o`` by the shape's path."""

    def value_focus(self, shape: Shape, focus: Focus) -> Focus:
        """The value nodes of ``shape`` on ``focus``, as a focus set."""

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

    def pairs(self, shape: Shape, query: str, component: str) -> list[Result]:
        """A result per solution (focus node, value) of ``query``."""


# --- Terms ---


def label(node: Node) -> str:
    """A shapes-graph node as messages name it (``_:b0`` for a blank node).

    >>> from rdflib import BNode, URIRef
    >>> label(URIRef("https://example.org/S")), label(BNode("b0"))
    ('https://example.org/S', '_:b0')
    """
    from rdflib import BNode

    return f"_:{node}" if isinstance(node, BNode) else str(node)


def sparql_term(term: Node) -> str:
    """A shapes-graph term written in SPARQL (a blank node cannot be: :class:`Unsupported`).

    >>> from rdflib import Literal, URIRef
    >>> sparql_term(URIRef("https://example.org/p")), sparql_term(Literal(5))
    ('<https://example.org/p>', '"5"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return str(term.n3())
    if isinstance(term, BNode):
        raise Unsupported(str(term), "blank node in a constraint value")
    raise Unsupported(str(term), "unknown term")


def integer(node: Node, shape_label: str, name: str) -> int:
    """The value of an integer parameter (``sh:minCount 2``), or :class:`Unsupported`.

    >>> from rdflib import Literal
    >>> integer(Literal(2), "ex:S", "minCount")
    2
    """
    from rdflib import Literal

    if (
        isinstance(node, Literal)
        and isinstance(node.value, int)
        and not isinstance(node.value, bool)
    ):
        return int(node.value)
    raise Unsupported(shape_label, f"sh:{name}", "not an integer")


def boolean(node: Node) -> bool | None:
    """True or False for the literals ``true`` and ``false`` of ``xsd:boolean`` (the only two
    the SHACL specification names), None for anything else (``"1"^^xsd:boolean`` included).

    >>> from rdflib import Literal
    >>> from rdflib.namespace import XSD
    >>> one = Literal("1", datatype=XSD.boolean, normalize=False)
    >>> boolean(Literal(True)), boolean(one), boolean(Literal(1))
    (True, None, None)
    """
    from rdflib import Literal

    if (
        isinstance(node, Literal)
        and node.datatype is not None
        and str(node.datatype) == (XSD + "boolean")
    ):
        text = str(node)
        if text == "true":
            return True
        if text == "false":
            return False
    return None


def string_or_value(lit: Node) -> Any:
    """A literal's Python value, or its lexical form when rdflib has no value for it.

    >>> from rdflib import Literal
    >>> string_or_value(Literal(3)), string_or_value(Literal("x"))
    (3, 'x')
    """
    from rdflib import Literal

    assert isinstance(lit, Literal)
    value = lit.value
    if value is None:
        return str(lit)
    return value
