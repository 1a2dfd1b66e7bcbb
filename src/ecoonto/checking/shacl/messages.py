"""pySHACL's generic messages, for results of shapes without ``sh:message``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ecoonto.checking.shacl.model import SH, Result, Shape
from ecoonto.checking.shacl.shapes import Shapes
from ecoonto.rdf.graphs import to_rdflib

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node


def add_generic_messages(
    results: list[Result],
    shapes: Shapes,
    data_namespaces: Graph,
    describe: Callable[[Any], Iterable[tuple[Any, Any]]] | None = None,
) -> None:
    """Give each result without a message (and its details) the text pySHACL writes for a
    shape without ``sh:message``, with pySHACL's own ``stringify_node``. A data blank node is
    described from its triples, given by ``describe(term)`` ((predicate, object) pairs of a
    pyoxigraph term) as pySHACL describes it from the data graph; without ``describe`` such a
    result, and one of ``sh:sparql``, keeps no message (``fails <Component>`` is shown).

    >>> from rdflib import Graph
    >>> from ecoonto.checking.shacl.engine import run
    >>> from ecoonto.checking.shacl.shapes import compile_shapes, store_of
    >>> shapes = compile_shapes(Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S a sh:NodeShape ; sh:targetNode :a ;
    ...         sh:property [ sh:path :name ; sh:minCount 1 ] ,
    ...                     [ sh:path :p ; sh:maxCount 0 ; sh:message "no p, please" ] .'''))
    >>> data = Graph().parse(format="turtle", data="@prefix : <https://example.org/> . :a :p 1 .")
    >>> results = sorted(run(store_of(data), shapes), key=lambda r: r.component)
    >>> [[str(m) for m in r.messages] for r in results]
    [['no p, please'], []]
    >>> add_generic_messages(results, shapes, data)
    >>> [[str(m) for m in r.messages] for r in results]  # the shape's own message is kept
    [['no p, please'], ['Less than 1 values on :a->:name']]
    """
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
        text = _generic_message(r, shapes, data, describe)
        if text is not None:
            from rdflib import Literal

            r.messages = [Literal(text)]


def _generic_message(
    r: Result,
    shapes: Shapes,
    data: Graph,
    describe: Callable[[Any], Iterable[tuple[Any, Any]]] | None,
) -> str | None:
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
        if isinstance(node, BNode):
            if describe is None:
                raise _NoText
            return str(stringify(_around(node, data, describe), node))
        return str(stringify(data, node))

    try:
        return _generic_text(r, shapes, shape, sgs, dgs, focus, value)
    except _NoText:
        return None


def _around(
    node: Node, namespaces: Graph, describe: Callable[[Any], Iterable[tuple[Any, Any]]]
) -> Graph:
    """An rdflib graph of the triples reachable from the data blank node ``node`` (what
    pySHACL's ``stringify_node`` reads), with the data's prefixes."""
    import pyoxigraph as ox
    from rdflib import BNode
    from rdflib import Graph as RGraph

    out = RGraph(bind_namespaces="none")
    for prefix, ns in namespaces.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    todo = [node]
    seen: set[Node] = set()
    while todo:
        b = todo.pop()
        if b in seen:
            continue
        seen.add(b)
        for p, o in describe(ox.BlankNode(str(b))):
            obj = to_rdflib(o)
            out.add((b, to_rdflib(p), obj))
            if isinstance(obj, BNode):
                todo.append(obj)
    return out


class _NoText(Exception):
    pass


def _generic_text(
    r: Result,
    shapes: Shapes,
    shape: Shape,
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
        from rdflib import URIRef

        # pySHACL lists them in the order of the set it makes of the shape's sh:hasValue
        the_set = [sgs(v) for v in set(shapes.graph.objects(shape.node, URIRef(SH + "hasValue")))]
        if path is None:
            return f"Node {dgs(focus)} value is not a in the set of values: {the_set}"
        return f"Node {dgs(focus)}->{path} does not contain a value in the set: {the_set}"
    if name == "In":
        # pySHACL lists the members in the order of a set it fills in list order
        members: set[Node] = set()
        for lst in p["in"]:
            for v in shapes.items(lst, shape):
                members.add(v)
        values = [sgs(v) for v in members]
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
