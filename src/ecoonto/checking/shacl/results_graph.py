"""The SHACL validation report graph of a list of results."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ecoonto.checking.shacl.shapes import SH, Result
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
    gives its (predicate, object) pairs, rdflib or pyoxigraph terms), and a blank source shape,
    source constraint or result path is copied from the shapes graph (as pySHACL does, to a
    depth of 10).
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
            report.add((node, sh["resultPath"], r.path))
            copy(r.path)
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
