"""The shapes graph checked against SHACL-for-SHACL (the W3C shapes of SHACL itself, as pySHACL
ships them) before any engine uses it: a malformed shapes graph (``sh:minCount "many"``) is a
:class:`~ecoonto.checking.shacl.shapes.ShapesError` naming the shape and the property, never a
silent "conforms"."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ecoonto.checking.shacl.shapes import Shapes, ShapesError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node


def check_shapes(shapes: Graph) -> None:
    """Raise :class:`ShapesError` naming the first shape (and property) that SHACL-for-SHACL
    finds at fault. The SHACL-for-SHACL shapes run on this package's own engine (they use only
    what it runs; tests/test_shacl.py checks that it agrees with pySHACL's ``meta_validate``),
    or on pySHACL if the shapes graph holds something the engine refuses."""
    from rdflib import BNode, Literal, URIRef

    from ecoonto.checking.shacl.engine import run
    from ecoonto.checking.shacl.literals import Literals
    from ecoonto.checking.shacl.messages import add_generic_messages
    from ecoonto.checking.shacl.shapes import Unsupported, store_of
    from ecoonto.rdf.graphs import to_rdflib

    meta = _meta_shapes()
    try:
        store = store_of(shapes)
        literals = Literals((str(p), o) for _s, p, o in shapes if isinstance(o, Literal))
        literals.check(meta.predicates_read())
        results = run(store, meta, literals=literals)
        add_generic_messages(results, meta, shapes)
        found = [
            (to_rdflib(r.focus), r.path, None if r.value is None else to_rdflib(r.value),
             [str(m) for m in r.messages])
            for r in results
        ]  # fmt: skip
    except Unsupported:
        found = _with_pyshacl(shapes)
    if not found:
        return
    problems = []
    for focus, path, value, messages in found:
        where = _owner(shapes, focus) if focus is not None else "?"
        prop = path.n3(shapes.namespace_manager) if isinstance(path, URIRef) else ""
        shown = ""
        if isinstance(value, (URIRef, Literal)):
            shown = f" value {value.n3(shapes.namespace_manager)}"
        elif isinstance(value, BNode):
            shown = " (a blank node)"
        text = sorted(messages)[0] if messages else "fails SHACL-for-SHACL"
        problems.append(f"shape {where}{(' property ' + prop) if prop else ''}{shown}: {text}")
    problems.sort()
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    raise ShapesError("the shapes graph", f"not valid SHACL: {problems[0]}{more}")


def _with_pyshacl(shapes: Graph) -> list[tuple[Node, Node | None, Node | None, list[str]]]:
    import importlib

    from rdflib.namespace import SH

    entrypoints = importlib.import_module("pyshacl.entrypoints")
    conforms, report, _text = entrypoints.meta_validate(
        shapes, inference="none", advanced=False, allow_warnings=True
    )
    if conforms:
        return []
    return [
        (
            report.value(r, SH.focusNode),
            report.value(r, SH.resultPath),
            report.value(r, SH.value),
            [str(m) for m in report.objects(r, SH.resultMessage)],
        )
        for r in report.subjects(SH.resultSeverity, SH.Violation)
    ]


@functools.cache
def _meta_shapes() -> Shapes:
    """SHACL-for-SHACL (pySHACL's copy of the W3C file), compiled once."""
    from importlib import resources

    from rdflib import Graph

    from ecoonto.checking.shacl.shapes import compile_shapes

    text = resources.files("pyshacl").joinpath("assets/shacl-shacl.ttl").read_text("utf-8")
    return compile_shapes(Graph().parse(data=text, format="turtle"))


def _owner(graph: Graph, node: Node) -> str:
    """A node's IRI, or for a blank node its nearest named ancestor."""
    from rdflib import BNode, URIRef

    seen: set[Node] = set()
    hops = 0
    start = node
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parents = sorted(graph.subjects(None, node), key=str)
        if not parents:
            break
        node = parents[0]
        hops += 1
    if isinstance(node, URIRef):
        text = node.n3(graph.namespace_manager)
        return text if node == start else f"[inside {text}]"
    return "a blank node"
