"""The SHACL validation report graph of a list of results."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ecoonto.checking.shacl.model import SH, Result
from ecoonto.rdf.graphs import to_rdflib

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node


def report_graph(
    results: Iterable[Result],
    shapes: Graph,
    describe: Callable[[Any], Iterable[tuple[Any, Any]]] | None = None,
) -> Graph:
    """The SHACL validation report of ``results``, as pySHACL writes it.

    ``sh:conforms`` is true only when there is no result at all, whatever the severities
    (SHACL 3.6.1). Blank nodes keep their identity and their structure: a blank focus node or
    value is the data's own blank node, with its triples copied from the data (``describe(node)``
    gives its (predicate, object) pairs, rdflib or pyoxigraph terms), and a blank source shape
    or source constraint is copied from the shapes graph (as pySHACL does, to a depth of 10). A
    result path is written as the path that was evaluated (:func:`write_path`).

    >>> from rdflib import Graph, Literal, URIRef
    >>> r = Result(URIRef("https://example.org/a"), None, URIRef("https://example.org/p"),
    ...            URIRef("https://example.org/S"), SH + "MinCountConstraintComponent",
    ...            URIRef(SH + "Violation"), [Literal("needs a p")])
    >>> g = report_graph([r], Graph())
    >>> len(g), next(g.objects(None, URIRef(SH + "conforms"))).toPython()
    (10, False)
    """
    from rdflib import RDF as RDFNS
    from rdflib import BNode, Literal, URIRef

    from ecoonto.rdf.graphs import new_graph

    report = new_graph()
    sh = {n: URIRef(SH + n) for n in ("ValidationReport", "ValidationResult", "conforms",
          "result", "focusNode", "resultPath", "value", "sourceShape",
          "sourceConstraintComponent", "resultSeverity", "resultMessage",
          "sourceConstraint", "detail")}  # fmt: skip
    results = list(results)
    root = BNode()
    report.add((root, RDFNS.type, sh["ValidationReport"]))
    report.add((root, sh["conforms"], Literal(not results)))
    copied: set[Node] = set()

    def copy(node: Node, depth: int = 0) -> None:
        if not isinstance(node, BNode) or node in copied or depth >= 10:
            return
        copied.add(node)
        for p, o in shapes.predicate_objects(node):
            report.add((node, p, o))
            copy(o, depth + 1)

    described: set[Node] = set()

    def copy_data(term: Any, depth: int = 0) -> Node:
        node = to_rdflib(term)
        if not isinstance(node, BNode) or describe is None or node in described or depth >= 10:
            return node
        described.add(node)
        for p, o in describe(term):
            report.add((node, to_rdflib(p), copy_data(o, depth + 1)))
        return node

    def add(r: Result, parent: Node, link: Node) -> None:
        node = BNode()
        report.add((parent, link, node))
        report.add((node, RDFNS.type, sh["ValidationResult"]))
        report.add((node, sh["focusNode"], copy_data(r.focus)))
        if r.value is not None:
            report.add((node, sh["value"], copy_data(r.value)))
        if r.path is not None:
            report.add((node, sh["resultPath"], write_path(shapes, r.path, report)))
        report.add((node, sh["sourceShape"], r.shape))
        copy(r.shape)
        report.add((node, sh["sourceConstraintComponent"], URIRef(r.component)))
        report.add((node, sh["resultSeverity"], r.severity))
        for m in r.messages:
            report.add((node, sh["resultMessage"], m))
        if r.source_constraint is not None:
            report.add((node, sh["sourceConstraint"], r.source_constraint))
            copy(r.source_constraint)
        for detail in r.details:
            add(detail, node, sh["detail"])

    for r in results:
        add(r, root, sh["result"])
    return report


_PATH_PREDICATES = ("inversePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath")


def write_path(shapes: Graph, path: Node, report: Graph, depth: int = 0) -> Node:
    """Write the SHACL property path at ``path`` (a node of ``shapes``) into ``report`` as it is
    read, and give its node: an IRI as it is; a blank node as new blank nodes holding only the
    path (a list for a sequence path, ``sh:alternativePath`` with its list, or one of
    ``sh:inversePath``, ``sh:zeroOrMorePath``, ``sh:oneOrMorePath``, ``sh:zeroOrOnePath``),
    whatever else the shapes graph says of that node (W3C test path-strange-001: a node that is
    a list and has an ``sh:inversePath`` is the sequence path).

    >>> from rdflib import BNode, Graph, URIRef
    >>> from rdflib.namespace import SH as SHNS
    >>> shapes, report = Graph(), Graph()
    >>> node = BNode()
    >>> _ = shapes.add((node, SHNS.inversePath, URIRef("https://example.org/p")))
    >>> written = write_path(shapes, node, report)
    >>> list(report.predicate_objects(written))  # doctest: +NORMALIZE_WHITESPACE
    [(rdflib.term.URIRef('http://www.w3.org/ns/shacl#inversePath'),
      rdflib.term.URIRef('https://example.org/p'))]
    """
    from rdflib import RDF as RDFNS
    from rdflib import BNode, URIRef

    if not isinstance(path, BNode) or depth > 20:
        return path
    if shapes.value(path, RDFNS.first) is not None:
        members: list[Node] = []
        cell: Node | None = path
        seen: set[Node] = set()
        while cell is not None and cell != RDFNS.nil and cell not in seen:
            seen.add(cell)
            first = shapes.value(cell, RDFNS.first)
            if first is None:
                break
            members.append(write_path(shapes, first, report, depth + 1))
            cell = shapes.value(cell, RDFNS.rest)
        return _write_list(members, report)
    alternatives = shapes.value(path, URIRef(SH + "alternativePath"))
    if alternatives is not None:
        node = BNode()
        members = [write_path(shapes, m, report, depth + 1) for m in shapes.items(alternatives)]
        report.add((node, URIRef(SH + "alternativePath"), _write_list(members, report)))
        return node
    for name in _PATH_PREDICATES:
        inner = shapes.value(path, URIRef(SH + name))
        if inner is not None:
            node = BNode()
            report.add((node, URIRef(SH + name), write_path(shapes, inner, report, depth + 1)))
            return node
    return path


def _write_list(members: list[Node], report: Graph) -> Node:
    from rdflib import RDF as RDFNS
    from rdflib import BNode

    head: Node = RDFNS.nil
    for member in reversed(members):
        cell = BNode()
        report.add((cell, RDFNS.first, member))
        report.add((cell, RDFNS.rest, head))
        head = cell
    return head


def rewrite_result_paths(report: Graph, shapes: Graph) -> None:
    """Give each result of ``report`` (pySHACL's, which copies a blank path node whole) its path
    as :func:`write_path` writes it, and drop the copied node where nothing else refers to it.

    >>> from rdflib import BNode, Graph, URIRef
    >>> from rdflib.namespace import SH as SHNS
    >>> shapes, report = Graph(), Graph()
    >>> path, result = BNode(), BNode()
    >>> _ = shapes.add((path, SHNS.zeroOrOnePath, URIRef("https://example.org/p")))
    >>> _ = report.add((result, SHNS.resultPath, path))
    >>> _ = report.add((path, SHNS.zeroOrOnePath, URIRef("https://example.org/p")))
    >>> rewrite_result_paths(report, shapes)
    >>> report.value(result, SHNS.resultPath) != path, len(report)
    (True, 2)
    """
    from rdflib import BNode, URIRef

    result_path = URIRef(SH + "resultPath")
    old: set[Node] = set()
    for result, path in list(report.subject_objects(result_path)):
        if isinstance(path, BNode):
            report.remove((result, result_path, path))
            report.add((result, result_path, write_path(shapes, path, report)))
            old.add(path)
    for node in old:
        _drop_if_unused(report, node)


def _drop_if_unused(report: Graph, node: Node) -> None:
    from rdflib import BNode

    if not isinstance(node, BNode) or (None, None, node) in report:
        return
    below = list(report.objects(node, None))
    report.remove((node, None, None))
    for child in below:
        _drop_if_unused(report, child)
