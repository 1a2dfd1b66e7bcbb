"""pySHACL's generic messages, for results of shapes without ``sh:message``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecoonto.graphs import to_rdflib
from ecoonto.shacl.shapes import SH, Result, Shapes, _Shape

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node


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
