"""The shapes graph checked against SHACL-for-SHACL (the W3C shapes of SHACL itself, as pySHACL
ships them) before any engine uses it: a malformed shapes graph (``sh:minCount "many"``) is a
:class:`~ecoonto.checking.shacl.model.ShapesError` naming the shape and the property, never a
silent "conforms"."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ecoonto.checking.shacl.model import ShapesError, Unsupported
from ecoonto.checking.shacl.shapes import Shapes, compile_shapes, store_of

SH_NS = "http://www.w3.org/ns/shacl#"

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node


def check_shapes(shapes: Graph) -> None:
    """Raise :class:`ShapesError` naming the first shape (and property) that SHACL-for-SHACL
    finds at fault. The SHACL-for-SHACL shapes run on this package's own engine (they use only
    what it runs; tests/test_shacl.py checks that it agrees with pySHACL's ``meta_validate``),
    or on pySHACL if the shapes graph holds something the engine refuses.

    Each ``sh:path`` is first checked as it is read (:func:`check_paths`, an error naming the
    shape and ``sh:path``). SHACL-for-SHACL is then given the paths as they are read: a node
    that is a list is a sequence path, and the other path predicates it may carry are not
    followed by any reader (W3C tests path-strange-001 and -002), so they are left out of the
    check.

    >>> from rdflib import Graph
    >>> bad = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     <https://example.org/S> a sh:NodeShape ; sh:minCount "many" .''')
    >>> check_shapes(bad)
    Traceback (most recent call last):
    ...
    ecoonto.checking.shacl.model.ShapesError: the shapes graph: not valid SHACL: ...
    """
    from rdflib import BNode, Literal, URIRef

    from ecoonto.checking.shacl.engine import run
    from ecoonto.checking.shacl.literals import Literals
    from ecoonto.checking.shacl.messages import add_generic_messages
    from ecoonto.rdf.graphs import to_rdflib

    check_paths(shapes)
    shapes = _as_read(shapes)
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


_PATH_LINKS = ("alternativePath", "inversePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath")


def check_paths(shapes: Graph) -> None:
    """Raise :class:`ShapesError` naming the shape and ``sh:path`` for a property path that is
    not one as SHACL 2.3.1 reads it: a literal, a sequence or ``sh:alternativePath`` list of
    fewer than two members or that is no well-formed list, a blank node that is no path.

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     <https://example.org/S> sh:path ( <https://example.org/p> ) .''')
    >>> check_paths(g)
    Traceback (most recent call last):
    ...
    ecoonto.checking.shacl.model.ShapesError: ... sh:path: a sequence path of 1 member ...
    """
    from rdflib import RDF as RDFNS
    from rdflib import BNode, URIRef

    def members(node: Node) -> list[Node] | None:
        out: list[Node] = []
        seen: set[Node] = set()
        while node != RDFNS.nil:
            first = shapes.value(node, RDFNS.first)
            rest = shapes.value(node, RDFNS.rest)
            if node in seen or first is None or rest is None:
                return None
            seen.add(node)
            out.append(first)
            node = rest
        return out

    def problem(path: Node, depth: int = 0) -> str | None:
        if isinstance(path, URIRef) or depth > 50:
            return None
        if not isinstance(path, BNode):
            return f"{path.n3()} is not a property path"
        if shapes.value(path, RDFNS.first) is not None:
            items = members(path)
            if items is None:
                return "a sequence path that is not a well-formed list"
            if len(items) < 2:
                n = len(items)
                members_ = "member" if n == 1 else "members"
                return f"a sequence path of {n} {members_} (SHACL 2.3.1.2 needs at least two)"
            return next((p for i in items if (p := problem(i, depth + 1))), None)
        alternatives = shapes.value(path, URIRef(SH_NS + "alternativePath"))
        if alternatives is not None:
            items = members(alternatives)
            if items is None or len(items) < 2:
                return (
                    "an sh:alternativePath that is not a list of at least two paths (SHACL 2.3.1.3)"
                )
            return next((p for i in items if (p := problem(i, depth + 1))), None)
        for name in _PATH_LINKS[1:]:
            inner = shapes.value(path, URIRef(SH_NS + name))
            if inner is not None:
                return problem(inner, depth + 1)
        return "a blank node that is no property path"

    for shape, path in sorted(shapes.subject_objects(URIRef(SH_NS + "path")), key=str):
        found = problem(path)
        if found is not None:
            where = _owner(shapes, shape)
            raise ShapesError(
                "the shapes graph", f"not valid SHACL: shape {where} sh:path: {found}"
            )


def _as_read(shapes: Graph) -> Graph:
    """``shapes``, or a copy of it without the path predicates of nodes that are lists (a list
    is a sequence path; nothing reads the rest)."""
    from rdflib import RDF as RDFNS
    from rdflib import URIRef

    links = [URIRef(SH_NS + name) for name in _PATH_LINKS]
    extra = [
        (s, p, o)
        for p in links
        for s, o in shapes.subject_objects(p)
        if (s, RDFNS.first, None) in shapes
    ]
    if not extra:
        return shapes
    from ecoonto.rdf.graphs import new_graph

    copy = new_graph()
    for prefix, ns in shapes.namespaces():
        copy.bind(prefix, ns, override=True, replace=True)
    for triple in shapes:
        copy.add(triple)
    for triple in extra:
        copy.remove(triple)
    return copy


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
