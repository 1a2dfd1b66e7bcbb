"""The SHACL Core constraint components, one small function each, in one registry.

:data:`COMPONENTS` maps a constraint parameter (the local name after ``sh:``) to the function
that evaluates it: ``function(engine, shape, focus, value)`` gives the results of that
parameter's value on every focus node of ``focus`` at once (a SPARQL SELECT on the store, and
where pySHACL's semantics are Python's, a check in Python on the distinct values). Each function
gives pySHACL's results for its component, or raises
:class:`~ecoonto.checking.shacl.shapes.Unsupported`. The order of the registry is the order the
results come in (as the old engine gave them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecoonto.checking.shacl.model import (
    NODE_KINDS,
    RDF,
    RDFS,
    SH,
    TYPE_PATH,
    XSD,
    Evaluator,
    Focus,
    Result,
    Shape,
    Unsupported,
    boolean,
    integer,
    label,
    sparql_term,
    string_or_value,
)
from ecoonto.checking.shacl.sparql import evaluate as evaluate_sparql
from ecoonto.rdf.graphs import to_rdflib

if TYPE_CHECKING:
    from rdflib.term import Node

Component = Callable[[Evaluator, Shape, Focus, "Node"], list[Result]]

COMPONENTS: dict[str, Component] = {}
"""Constraint parameter (``minCount``) -> the function that evaluates it."""

COMPONENT_NAMES: dict[str, str] = {}
"""Constraint parameter (``minCount``) -> its component's local name (``MinCount``)."""


def component(parameter: str, name: str) -> Callable[[Component], Component]:
    """Register the decorated function as the evaluator of the constraint parameter
    ``parameter`` (local name), whose component is ``name``.

    >>> COMPONENTS["minCount"] is min_count, COMPONENT_NAMES["minCount"]
    (True, 'MinCount')
    """

    def register(func: Component) -> Component:
        COMPONENTS[parameter] = func
        COMPONENT_NAMES[parameter] = name
        return func

    return register


# --- Cardinality ---


@component("minCount", "MinCount")
def min_count(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:minCount: each focus node has at least that many distinct values.

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:minCount``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:minCount 2 .
    ...     :a :p "x", "y" .
    ...     :b :p "z" .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["minCount"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [r.focus.value for r in min_count(engine, shape, focus, arg)]
    ['https://example.org/b']
    """
    n = integer(arg, label(shape.node), "minCount")
    if n <= 0:  # no count is below 0
        return []
    if n == 1 and not _repeats(shape):
        # No value at all: one hash anti-join, where a count groups every focus node.
        q = (
            f"SELECT ?this WHERE {{ {focus('?this')}"
            f" MINUS {{ {engine.reach(shape, '?this', '?value')} }} }}"
        )
        return [engine.result(shape, "MinCount", row[0]) for row in engine.select(q)]
    # COUNT(DISTINCT): a value reached by several routes counts once.
    q = (
        f"SELECT ?this WHERE {{ {focus('?this')} OPTIONAL {{ ?this {shape.sparql_path} ?value }} }}"
        f" GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {n})"
    )
    return [engine.result(shape, "MinCount", row[0]) for row in engine.select(q)]


@component("maxCount", "MaxCount")
def max_count(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:maxCount: each focus node has at most that many distinct values.

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:maxCount``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:maxCount 1 .
    ...     :a :p "x", "y" .
    ...     :b :p "z" .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["maxCount"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [r.focus.value for r in max_count(engine, shape, focus, arg)]
    ['https://example.org/a']
    """
    n = integer(arg, label(shape.node), "maxCount")
    q = (
        f"SELECT ?this WHERE {{ {engine.values(shape, focus)} }}"
        f" GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {n})"
    )
    return [engine.result(shape, "MaxCount", row[0]) for row in engine.select(q)]


# --- Value type ---


@component("class", "Class")
def class_(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:class: each value is a SHACL instance of the class (``rdf:type/rdfs:subClassOf*``).

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:class``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:class :Org .
    ...     :a :p :x .
    ...     :b :p :y .
    ...     :x a :Org .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["class"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, str(r.value)) for r in class_(engine, shape, focus, arg)]
    [('https://example.org/b', '<https://example.org/y>')]
    """
    import pyoxigraph as ox
    from rdflib import URIRef

    instance = f"?value {TYPE_PATH} {sparql_term(arg)}"
    if isinstance(arg, URIRef):
        # The class and its subclasses first (a few terms), then one anti-join on rdf:type:
        # the same instances, and Virtuoso gets a path with * inside MINUS wrong.
        found = engine.select(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS}subClassOf>* <{arg}> }}")
        classes = {row[0] for row in found} | {ox.NamedNode(str(arg))}
        if all(isinstance(c, ox.NamedNode) for c in classes):
            listed = " ".join(str(c) for c in sorted(classes, key=str))
            instance = f"?value <{RDF}type> ?_class . VALUES ?_class {{ {listed} }}"
    q = f"SELECT ?this ?value WHERE {{ {engine.values(shape, focus)} MINUS {{ {instance} }} }}"
    return engine.pairs(shape, q, "Class")


@component("datatype", "Datatype")
def datatype(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:datatype: each value is a literal of the datatype, well-formed (checked in Python on
    the data's own literal, as pySHACL does).

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:datatype``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    ...     :S sh:path :p ; sh:datatype xsd:integer .
    ...     :a :p 1 .
    ...     :b :p "1" .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["datatype"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, str(r.value)) for r in datatype(engine, shape, focus, arg)]
    [('https://example.org/b', '"1"')]
    """
    return _checked(engine, shape, focus, _datatype_check(arg), "Datatype")


@component("nodeKind", "NodeKind")
def node_kind(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:nodeKind: each value is of the kind (``sh:IRI``, ``sh:Literal``, ...).

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:nodeKind``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:nodeKind sh:IRI .
    ...     :a :p :x .
    ...     :b :p "x" .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["nodeKind"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, str(r.value)) for r in node_kind(engine, shape, focus, arg)]
    [('https://example.org/b', '"x"')]
    """
    kind = str(arg)[len(SH) :] if str(arg).startswith(SH) else ""
    if kind not in NODE_KINDS:
        raise Unsupported(label(shape.node), "sh:nodeKind", f"unknown kind {arg}")
    test = NODE_KINDS[kind].format(v="?value")
    q = f"SELECT ?this ?value WHERE {{ {engine.values(shape, focus)} FILTER(!{test}) }}"
    return engine.pairs(shape, q, "NodeKind")


# --- Value range, string-based (checked in Python on the data's literal, as pySHACL does) ---


def _range(parameter: str, name: str) -> None:
    def check(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
        test = _value_check(parameter, arg, shape, label(shape.node))
        return _checked(engine, shape, focus, test, name)

    component(parameter, name)(check)


for _parameter, _name in (
    ("minExclusive", "MinExclusive"),
    ("minInclusive", "MinInclusive"),
    ("maxExclusive", "MaxExclusive"),
    ("maxInclusive", "MaxInclusive"),
    ("minLength", "MinLength"),
    ("maxLength", "MaxLength"),
    ("pattern", "Pattern"),
):
    _range(_parameter, _name)


@component("languageIn", "LanguageIn")
def language_in(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:languageIn: each value is a literal whose language tag is one listed (or a subtag of
    one).

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:languageIn``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:languageIn ("en") .
    ...     :a :p "x"@en-GB .
    ...     :b :p "x"@de .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["languageIn"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, str(r.value)) for r in language_in(engine, shape, focus, arg)]
    [('https://example.org/b', '"x"@de')]
    """
    from rdflib import Literal

    langs = []
    for item in engine.items(arg, shape):
        if not isinstance(item, Literal) or not isinstance(item.value, str):
            raise Unsupported(label(shape.node), "sh:languageIn", "not a list of strings")
        langs.append(str(item.value).lower())
    if "*" in langs:
        ok = 'LANG(?value) != ""'
    else:
        listed = ", ".join(Literal(x).n3() for x in sorted(set(langs))) or '""'
        ok = (
            f'LANG(?value) != "" && (LCASE(LANG(?value)) IN ({listed})'
            f' || LCASE(STRBEFORE(CONCAT(LANG(?value), "-"), "-")) IN ({listed}))'
        )
    q = (
        f"SELECT ?this ?value WHERE {{ {engine.values(shape, focus)}"
        f" FILTER(!(isLiteral(?value) && {ok})) }}"
    )
    return engine.pairs(shape, q, "LanguageIn")


@component("uniqueLang", "UniqueLang")
def unique_lang(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:uniqueLang true: no two values of a focus node share a language tag.

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:uniqueLang``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:uniqueLang true .
    ...     :a :p "x"@en, "y"@de .
    ...     :b :p "x"@en, "y"@EN .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["uniqueLang"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [r.focus.value for r in unique_lang(engine, shape, focus, arg)]
    ['https://example.org/b']
    """
    from rdflib import Literal

    if not (isinstance(arg, Literal) and str(arg.datatype) == XSD + "boolean"):
        raise Unsupported(label(shape.node), "sh:uniqueLang", "not a boolean")
    if boolean(arg) is not True:  # only the literal true (W3C test uniqueLang-002)
        return []
    # Only a focus node with two values or more can have two in one language: those first
    # (sh:maxCount 1's query, on the store's term ids), then the languages of their values only.
    several = _several(engine, shape, focus)
    if several is not None:
        if not several:
            return []

        def focus(var: str, nodes: set[Any] = several) -> str:
            return _listed(var, nodes)

    q = (
        f"SELECT ?this ?l WHERE {{ {engine.values(shape, focus)}"
        ' FILTER(isLiteral(?value) && LANG(?value) != "")'
        " BIND(LCASE(LANG(?value)) AS ?l) } GROUP BY ?this ?l"
        " HAVING (COUNT(DISTINCT ?value) > 1)"
    )
    return [engine.result(shape, "UniqueLang", row[0]) for row in engine.select(q)]


# --- Property pair ---


@component("equals", "Equals")
def equals(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:equals: the values of the path and of the property are the same set; a result per
    value in one and not the other.

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:equals``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:equals :q .
    ...     :a :p "x" ; :q "x" .
    ...     :b :p "x" ; :q "y" .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["equals"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> sorted((r.focus.value, str(r.value)) for r in equals(engine, shape, focus, arg))
    [('https://example.org/b', '"x"'), ('https://example.org/b', '"y"')]
    """
    # MINUS, not FILTER NOT EXISTS: the same answer here (?this and ?value are always bound on
    # the left), and Oxigraph evaluates it once instead of once per row.
    if shape.sparql_path is not None:
        own = f"MINUS {{ ?this {shape.sparql_path} ?value }}"
    else:
        own = "FILTER(!sameTerm(?this, ?value))"
    q = (
        f"SELECT ?this ?value WHERE {{ {{ {engine.values(shape, focus)}"
        f" MINUS {{ ?this {sparql_term(arg)} ?value }} }}"
        f" UNION {{ {focus('?this')} ?this {sparql_term(arg)} ?value {own} }} }}"
    )
    return engine.pairs(shape, q, "Equals")


@component("disjoint", "Disjoint")
def disjoint(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:disjoint: no value of the path is a value of the property.

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:disjoint``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:disjoint :q .
    ...     :a :p 1 ; :q 2 .
    ...     :b :p 1 ; :q 1 .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["disjoint"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, str(r.value)) for r in disjoint(engine, shape, focus, arg)]
    [('https://example.org/b', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>')]
    """
    values = engine.values(shape, focus)
    q = f"SELECT ?this ?value WHERE {{ {values} ?this {sparql_term(arg)} ?value . }}"
    return engine.pairs(shape, q, "Disjoint")


@component("lessThan", "LessThan")
def less_than(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:lessThan: each value is less than every value of the property.

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:lessThan``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :start ; sh:lessThan :end .
    ...     :a :start 1 ; :end 2 .
    ...     :b :start 2 ; :end 2 .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["lessThan"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, str(r.value)) for r in less_than(engine, shape, focus, arg)]
    [('https://example.org/b', '"2"^^<http://www.w3.org/2001/XMLSchema#integer>')]
    """
    return _compare(engine, shape, focus, arg, False, "LessThan")


@component("lessThanOrEquals", "LessThanOrEquals")
def less_than_or_equals(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:lessThanOrEquals: each value is at most every value of the property.

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:lessThanOrEquals``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :start ; sh:lessThanOrEquals :end .
    ...     :a :start 2 ; :end 2 .
    ...     :b :start 3 ; :end 2 .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["lessThanOrEquals"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, str(r.value)) for r in less_than_or_equals(engine, shape, focus, arg)]
    [('https://example.org/b', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>')]
    """
    return _compare(engine, shape, focus, arg, True, "LessThanOrEquals")


# --- Logical and shape-based ---


@component("not", "Not")
def not_(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:not: no value conforms to the shape.

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:not``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:not [ sh:class :Org ] .
    ...     :a :p :x .
    ...     :b :p :y .
    ...     :x a :Org .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["not"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, str(r.value)) for r in not_(engine, shape, focus, arg)]
    [('https://example.org/a', '<https://example.org/x>')]
    """
    good = engine.conforming(arg, engine.value_focus(shape, focus))
    q = f"SELECT ?this ?value WHERE {{ {engine.values(shape, focus)} }}"
    return [
        engine.result(shape, "Not", row[0], row[1]) for row in engine.select(q) if row[1] in good
    ]


def _logical(parameter: str, name: str, bad: Callable[[int, int], bool]) -> None:
    def check(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
        members = engine.items(arg, shape)
        candidates = engine.value_focus(shape, focus)
        sets = [engine.conforming(m, candidates) for m in members]
        q = f"SELECT ?this ?value WHERE {{ {engine.values(shape, focus)} }}"
        out = []
        for row in engine.select(q):
            count = sum(1 for s in sets if row[1] in s)
            if bad(count, len(sets)):
                out.append(engine.result(shape, name, row[0], row[1]))
        return out

    component(parameter, name)(check)


_logical("and", "And", lambda count, n: count < n)
_logical("or", "Or", lambda count, n: count == 0)
_logical("xone", "Xone", lambda count, n: count != 1)


@component("node", "Node")
def node(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:node: each value conforms to the shape; the shape's results on the value are kept as
    the result's ``details``.

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:node``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:node :T .
    ...     :T sh:path :name ; sh:minCount 1 .
    ...     :a :p :x .
    ...     :b :p :y .
    ...     :x :name "X" .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["node"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, str(r.value)) for r in node(engine, shape, focus, arg)]
    [('https://example.org/b', '<https://example.org/y>')]
    """
    # pySHACL keeps the inner shape's results, under each result as sh:detail.
    _all, failed = engine.inner(arg, engine.value_focus(shape, focus))
    out = []
    for row in engine.select(f"SELECT ?this ?value WHERE {{ {engine.values(shape, focus)} }}"):
        inner = failed.get(row[1])
        if inner is not None:
            result = engine.result(shape, "Node", row[0], row[1])
            result.details = [r.copy() for r in inner]
            out.append(result)
    return out


@component("property", "Property")
def property_(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:property: the property shape's results on this shape's value nodes (on the focus
    nodes themselves for a node shape).

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:property``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:property [ sh:path :name ; sh:minCount 1 ] .
    ...     :a :name "A" .
    ...     :b :p 1 .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["property"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [r.focus.value for r in property_(engine, shape, focus, arg)]
    ['https://example.org/b']
    """
    # The property shape's focus nodes are this shape's value nodes (the focus nodes
    # themselves for a node shape). Its results on a value node count once per focus node
    # that has that value (W3C test property-001: two focus nodes, one value, two results).
    inner = engine.shape(arg)
    if shape.sparql_path is None:
        return engine.evaluate(inner, focus)
    by_value: dict[Any, list[Result]] = {}
    for r in engine.evaluate(inner, engine.value_focus(shape, focus)):
        by_value.setdefault(r.stems_from(), []).append(r)
    if not by_value:
        return []
    out = []
    for row in engine.select(f"SELECT ?this ?value WHERE {{ {engine.values(shape, focus)} }}"):
        for r in by_value.get(row[1], ()):
            copy = r.copy()
            copy.origin = row[0]
            out.append(copy)
    return out


@component("qualifiedValueShape", "QualifiedValueShape")
def qualified(engine: Evaluator, shape: Shape, focus: Focus, inner: Node) -> list[Result]:
    """sh:qualifiedValueShape with sh:qualifiedMinCount / sh:qualifiedMaxCount: how many values
    conform to the shape.

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:qualifiedValueShape``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:qualifiedValueShape [ sh:class :Org ] ; sh:qualifiedMinCount 1 .
    ...     :a :p :x .
    ...     :b :p :y .
    ...     :x a :Org .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["qualifiedValueShape"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [r.focus.value for r in qualified(engine, shape, focus, arg)]
    ['https://example.org/b']
    """
    where = label(shape.node)
    p = shape.params
    low = (
        integer(p["qualifiedMinCount"][0], where, "qualifiedMinCount")
        if ("qualifiedMinCount" in p)
        else None
    )
    high = (
        integer(p["qualifiedMaxCount"][0], where, "qualifiedMaxCount")
        if ("qualifiedMaxCount" in p)
        else None
    )
    good = engine.conforming(inner, engine.value_focus(shape, focus))
    counts: dict[Any, int] = dict.fromkeys(engine.nodes(focus), 0)
    for row in engine.select(
        f"SELECT DISTINCT ?this ?value WHERE {{ {engine.values(shape, focus)} }}"
    ):
        if row[1] in good:
            counts[row[0]] = counts.get(row[0], 0) + 1
    out = []
    for this, n in counts.items():
        if high is not None and n > high:
            out.append(engine.result(shape, "QualifiedMaxCount", this))
        if low is not None and n < low:
            out.append(engine.result(shape, "QualifiedMinCount", this))
    return out


# --- Other ---


@component("closed", "Closed")
def closed(engine: Evaluator, shape: Shape, focus: Focus, flag: Node) -> list[Result]:
    """sh:closed true: each focus node has no property but those of the shape's property shapes
    and sh:ignoredProperties (a result per triple).

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:closed``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:closed true ; sh:property [ sh:path :p ] .
    ...     :a :p 1 .
    ...     :b :p 1 ; :q 2 .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["closed"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, str(r.value)) for r in closed(engine, shape, focus, arg)]
    [('https://example.org/b', '"2"^^<http://www.w3.org/2001/XMLSchema#integer>')]
    """
    from rdflib import Literal, URIRef

    if not (isinstance(flag, Literal) and str(flag.datatype) == XSD + "boolean"):
        raise Unsupported(label(shape.node), "sh:closed", "not a boolean")
    if boolean(flag) is not True:
        return []
    allowed: set[str] = set()
    for ps in shape.params.get("property", []):
        inner = engine.shape(ps)  # deactivated or not: pySHACL allows its path
        if isinstance(inner.path, URIRef):
            allowed.add(str(inner.path))
    for lst in shape.params.get("ignoredProperties", []):
        allowed.update(str(i) for i in engine.items(lst, shape))
    q = f"SELECT ?this ?p ?o WHERE {{ {engine.values(shape, focus)} ?value ?p ?o . }}"
    out = []
    seen: set[tuple[Any, Any, Any]] = set()
    for row in engine.select(q):
        this, p, o = row[0], row[1], row[2]
        if p.value in allowed or (p.value == RDF + "type" and o.value == RDFS + "Resource"):
            continue
        if (this, p, o) in seen:
            continue
        seen.add((this, p, o))
        out.append(engine.result(shape, "Closed", this, o, path=URIRef(p.value)))
    return out


@component("hasValue", "HasValue")
def has_value(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:hasValue: the value is among the focus node's values (compared with the data's own
    terms).

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:hasValue``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:hasValue :x .
    ...     :a :p :x, :y .
    ...     :b :p :y .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["hasValue"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [r.focus.value for r in has_value(engine, shape, focus, arg)]
    ['https://example.org/b']
    """
    from rdflib import URIRef

    if isinstance(arg, URIRef) and not _repeats(shape):
        # An IRI is its own form in the store: the focus nodes without it, found there.
        if shape.sparql_path is None:
            q = f"SELECT ?this WHERE {{ {focus('?this')} FILTER(!sameTerm(?this, <{arg}>)) }}"
        else:
            q = (
                f"SELECT ?this WHERE {{ {focus('?this')}"
                f" MINUS {{ {engine.reach(shape, '?this', f'<{arg}>')} }} }}"
            )
        found = {row[0] for row in engine.select(q)}
        return [engine.result(shape, "HasValue", this) for this in sorted(found, key=str)]
    # Compared with the data's own terms (the store keeps "5"^^xsd:int as "5"^^xsd:integer).
    having: set[Any] = set()
    for row in engine.select(f"SELECT ?this ?value WHERE {{ {engine.values(shape, focus)} }}"):
        if to_rdflib(engine.original(row[1])) == arg:
            having.add(row[0])
    return [
        engine.result(shape, "HasValue", this)
        for this in sorted(engine.nodes(focus) - having, key=str)
    ]


@component("in", "In")
def in_(engine: Evaluator, shape: Shape, focus: Focus, arg: Node) -> list[Result]:
    """sh:in: each value is a member of the list (compared with the data's own terms).

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:in``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :p ; sh:in (:x :y) .
    ...     :a :p :x .
    ...     :b :p :z .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["in"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, str(r.value)) for r in in_(engine, shape, focus, arg)]
    [('https://example.org/b', '<https://example.org/z>')]
    """
    from rdflib import URIRef

    members = set(engine.items(arg, shape))  # rdflib terms, compared as pySHACL does
    if members and all(isinstance(m, URIRef) for m in members):
        # IRIs only: an IRI is its own form in the store, so the store keeps the values that
        # are none of them (any literal or blank node among them) and only those come back.
        # (NOT IN: = between an IRI and any other term is false, never an error; Virtuoso
        # gets a disjunction of sameTerm wrong)
        listed = ", ".join(f"<{m}>" for m in sorted(members, key=str))
        q = (
            f"SELECT ?this ?value WHERE {{ {engine.values(shape, focus)}"
            f" FILTER(?value NOT IN ({listed})) }}"
        )
        return engine.pairs(shape, q, "In")
    q = f"SELECT ?this ?value WHERE {{ {engine.values(shape, focus)} }}"
    return [
        engine.result(shape, "In", row[0], row[1])
        for row in engine.select(q)
        if to_rdflib(engine.original(row[1])) not in members
    ]


@component("sparql", "SPARQL")
def sparql(engine: Evaluator, shape: Shape, focus: Focus, constraint: Node) -> list[Result]:
    """sh:sparql: the SPARQL-based constraint (:func:`ecoonto.checking.shacl.sparql.evaluate`).

    On the focus nodes ``:a`` and ``:b``, as the engine calls it (the shape's own value of
    ``sh:sparql``):

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:sparql [ sh:select "SELECT $this WHERE { $this <https://example.org/p> 2 }" ] .
    ...     :a :p 1 .
    ...     :b :p 2 .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape = engine.shape(URIRef("https://example.org/S"))
    >>> arg = shape.params["sparql"][0]
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, str(r.value)) for r in sparql(engine, shape, focus, arg)]
    [('https://example.org/b', '<https://example.org/b>')]
    """
    return evaluate_sparql(engine, shape, focus, constraint)


# --- Helpers ---


def _repeats(shape: Shape) -> bool:
    """The shape's path has ``*``, ``+`` or ``?`` (outside its IRIs): it may have length zero
    (a node reaches itself, which Oxigraph does not give for a node that is not in the data),
    and Virtuoso gets such a path inside MINUS wrong."""
    return re.search(r"[*+?]", re.sub(r"<[^>]*>", "", shape.sparql_path or "")) is not None


_LISTED = 1000
"""At most this many terms go into one VALUES block; with more the query reads them all."""


def _listable(terms: set[Any]) -> bool:
    """``terms`` can be written in a VALUES block (no blank node) and are few enough."""
    import pyoxigraph as ox

    return len(terms) <= _LISTED and not any(isinstance(t, ox.BlankNode) for t in terms)


def _listed(var: str, terms: set[Any]) -> str:
    """A VALUES block binding ``var`` to each of ``terms`` (pyoxigraph terms, in order)."""
    return f"VALUES {var} {{ {' '.join(str(t) for t in sorted(terms, key=str))} }}"


def _several(engine: Evaluator, shape: Shape, focus: Focus) -> set[Any] | None:
    """The focus nodes with two values or more (None: too many to list)."""
    q = (
        f"SELECT ?this WHERE {{ {engine.values(shape, focus)} }}"
        " GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > 1)"
    )
    nodes = {row[0] for row in engine.select(q)}
    return nodes if _listable(nodes) else None


def _checked(
    engine: Evaluator, shape: Shape, focus: Focus, check: Callable[[Node], bool], comp: str
) -> list[Result]:
    # The distinct values are checked (usually far fewer than the focus nodes), then only the
    # focus nodes of those that fail are read.
    values = f"SELECT DISTINCT ?value WHERE {{ {engine.values(shape, focus)} }}"
    bad = {row[0] for row in engine.select(values) if not check(to_rdflib(engine.original(row[0])))}
    if not bad:
        return []
    import pyoxigraph as ox

    # (IRIs only in the VALUES block: a literal would be matched by whatever term the store
    # keeps for it, and stores differ there)
    listed = ""
    if _listable(bad) and all(isinstance(v, ox.NamedNode) for v in bad):
        listed = _listed("?value", bad)
    pairs = f"SELECT ?this ?value WHERE {{ {engine.values(shape, focus)} {listed} }}"
    return [
        engine.result(shape, comp, row[0], row[1]) for row in engine.select(pairs) if row[1] in bad
    ]


def _compare(
    engine: Evaluator, shape: Shape, focus: Focus, other: Node, or_equal: bool, comp: str
) -> list[Result]:
    from rdflib import BNode, Literal, URIRef

    where = label(shape.node)
    if isinstance(other, (Literal, BNode)):
        raise Unsupported(where, f"sh:{'lessThanOrEquals' if or_equal else 'lessThan'}")
    rows: dict[Any, tuple[set[Any], set[Any]]] = {}
    q = (
        f"SELECT ?this ?value ?other WHERE {{ {{ {engine.values(shape, focus)} }}"
        f" OPTIONAL {{ ?this {sparql_term(other)} ?other }} }}"
    )
    for row in engine.select(q):
        mine, theirs = rows.setdefault(row[0], (set(), set()))
        mine.add(row[1])
        if row[2] is not None:
            theirs.add(row[2])
    out = []
    for this, (mine, theirs) in rows.items():
        for value in mine:
            v = to_rdflib(engine.original(value))
            if isinstance(v, BNode):
                raise Unsupported(where, comp, "a blank node to compare")
            for c in theirs:
                o = to_rdflib(engine.original(c))
                if isinstance(o, BNode):
                    raise Unsupported(where, comp, "a blank node to compare")
                left = str(v) if isinstance(v, URIRef) else string_or_value(v)
                right = str(o) if isinstance(o, URIRef) else string_or_value(o)
                left_str = isinstance(v, URIRef) or isinstance(left, str)
                right_str = isinstance(o, URIRef) or isinstance(right, str)
                if left_str != right_str:
                    failed = True
                else:
                    try:
                        failed = not (left <= right if or_equal else left < right)
                    except TypeError:
                        raise Unsupported(where, comp, "values that cannot be compared") from None
                if failed:
                    out.append(engine.result(shape, comp, this, value))
    return out


def _value_check(name: str, arg: Node, shape: Shape, where: str) -> Callable[[Node], bool]:
    """pySHACL's per-value test for a value-type, range, length or pattern constraint."""
    from rdflib import BNode, Literal, URIRef

    if name == "datatype":
        return _datatype_check(arg)
    if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
        if not isinstance(arg, Literal):
            raise Unsupported(where, f"sh:{name}", "not a literal")
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
        n = integer(arg, where, name)

        def length(v: Node) -> bool:
            if isinstance(v, BNode):
                return False
            size = len(str(v))
            return size >= n if name == "minLength" else size <= n

        return length
    if name == "pattern":
        if not isinstance(arg, Literal):
            raise Unsupported(where, "sh:pattern", "not a literal")
        flags_node = shape.params.get("flags", [None])[0]
        flags = 0
        if flags_node is not None:
            for ch in str(flags_node):
                flag = {"i": re.I, "m": re.M, "s": re.S, "x": re.X}.get(ch.lower())
                if flag is None:
                    raise Unsupported(where, "sh:flags", f"flag {ch!r}")
                flags |= flag
        try:
            regex = re.compile(str(arg.value), flags)
        except re.error as exc:
            raise Unsupported(where, "sh:pattern", str(exc)) from None

        def matches(v: Node) -> bool:
            if isinstance(v, BNode):
                return False
            text = str(v) if isinstance(v, URIRef) else str(v)
            return regex.search(text) is not None

        return matches
    raise Unsupported(where, f"sh:{name}")  # pragma: no cover


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
