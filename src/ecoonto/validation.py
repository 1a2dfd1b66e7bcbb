"""Validate RDF data against the ecoonto SHACL shapes with pySHACL.

The shapes live in ``shapes/`` (one file per ontology module). Validation runs on a plain rdflib
graph, without inference, and follows pySHACL's ``allow_warnings`` semantics: a Warning or an
Info is reported but the data still conforms; only a Violation makes it fail.

Each result names the *named* node shape it came from (``Finding.shape``): a result of a blank
or named property shape is credited to the node shape that holds it with ``sh:property``, so that
``failed_shapes()`` speaks of the rules the shapes file declares.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ecoonto.errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager
    from rdflib.term import Node

SHAPES_NS = "https://w3id.org/ecoonto/shapes/"
SHAPES_PREFIX = "ecosh"

VIOLATION = "Violation"
WARNING = "Warning"
INFO = "Info"
_SEVERITY_ORDER = {VIOLATION: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, in the words a person reads.

    ``severity`` is the local name of the result's severity (``Violation``, ``Warning``,
    ``Info``); ``focus`` and ``value`` are rdflib terms (``value`` None where the result has none);
    ``path`` is the result path written as a SPARQL property path with prefixed names (None for
    a node-shape result); ``shape`` is the IRI of the named shape that the result comes from.
    """

    severity: str
    focus: Node
    path: str | None
    value: Node | None
    message: str
    shape: str


@dataclass(frozen=True)
class Outcome:
    """What a validation found: ``conforms`` is True when there is no Violation."""

    conforms: bool
    results: list[Finding]
    report: Graph

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.results if f.severity == VIOLATION]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.results if f.severity == WARNING]

    def failed_shapes(self) -> set[str]:
        """The IRIs of the shapes that gave at least one result, whatever its severity."""
        return {f.shape for f in self.results}


def load_shapes(extra: Iterable[Path] = (), *, bundled: bool = True) -> Graph:
    """The bundled shapes (every ``shapes/*.ttl``), plus ``extra`` shape files if given.

    With ``bundled=False`` only ``extra`` is loaded. Raises :class:`InputError` when a file is
    missing or malformed, or when there are no shapes at all.
    """
    from ecoonto import graphs, resources

    paths: list[Path] = []
    if bundled:
        found = resources.shape_files()
        if not found:
            raise InputError(f"{resources.shapes_dir()}: no shapes files (*.ttl) found")
        paths.extend(found)
    paths.extend(Path(p) for p in extra)
    if not paths:
        raise InputError("no shapes to validate against: give a shapes file")
    shapes = graphs.load(paths)
    shapes.bind(SHAPES_PREFIX, SHAPES_NS, override=False)
    return shapes


def validate(data: Graph, shapes: Graph | None = None) -> Outcome:
    """Validate ``data`` against ``shapes`` (default: :func:`load_shapes`).

    No inference is run, so ``data`` should already hold what the shapes rely on (the core
    ontology for class hierarchies). Raises :class:`InputError` if pySHACL cannot use the shapes.
    """
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    if shapes is None:
        shapes = load_shapes()
    try:
        _conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            allow_warnings=True,
            advanced=False,
            meta_shacl=False,
            abort_on_first=False,
        )
    except ReportableRuntimeError as exc:
        message = " ".join(str(exc).split())
        raise InputError(f"the shapes cannot be applied: {message}") from None
    results = _findings(report, shapes, _namespaces(data, shapes))
    conforms = not any(f.severity == VIOLATION for f in results)
    return Outcome(conforms=conforms, results=results, report=report)


def _namespaces(*graphs_: Graph) -> NamespaceManager:
    """One namespace manager with ecoonto's prefixes, ``ecosh:`` and those of ``graphs_``."""
    from ecoonto.graphs import new_graph

    g = new_graph()
    g.bind(SHAPES_PREFIX, SHAPES_NS, override=True, replace=True)
    for source in graphs_:
        for prefix, ns in source.namespaces():
            if prefix:
                g.bind(prefix, ns, override=False)
    return g.namespace_manager


def _findings(report: Graph, shapes: Graph, nm: NamespaceManager) -> list[Finding]:
    from rdflib.namespace import SH

    findings = []
    for result in set(report.subjects(SH.resultSeverity, None)):
        severity_node = report.value(result, SH.resultSeverity)
        focus = report.value(result, SH.focusNode)
        if severity_node is None or focus is None:
            continue
        path_node = report.value(result, SH.resultPath)
        findings.append(
            Finding(
                severity=_local_name(str(severity_node)),
                focus=focus,
                path=None if path_node is None else render_path(path_node, (report, shapes), nm),
                value=report.value(result, SH.value),
                message=_message(report, result),
                shape=_named_shape(report.value(result, SH.sourceShape), shapes),
            )
        )
    findings.sort(
        key=lambda f: (
            _SEVERITY_ORDER.get(f.severity, len(_SEVERITY_ORDER)),
            f.shape,
            str(f.focus),
            f.path or "",
            "" if f.value is None else str(f.value),
            f.message,
        )
    )
    return findings


def _local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1]
    return iri


def _message(report: Graph, result: Node) -> str:
    from rdflib import Literal
    from rdflib.namespace import SH

    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    if not messages:
        component = report.value(result, SH.sourceConstraintComponent)
        return f"fails {_local_name(str(component))}" if component is not None else "fails"
    english = [m for m in messages if (m.language or "").lower().startswith("en")]
    chosen = sorted(english or messages, key=str)[0]
    return " ".join(str(chosen).split())


def _named_shape(source: Node | None, shapes: Graph) -> str:
    """The named shape a result's source shape belongs to: itself, or the shape holding it."""
    from rdflib import BNode, URIRef
    from rdflib.namespace import SH

    if source is None:
        return ""
    seen: set[Node] = set()
    node: Node = source
    while node not in seen:
        seen.add(node)
        parents = sorted(shapes.subjects(SH.property, node), key=str)
        if not parents:
            break
        named = [p for p in parents if isinstance(p, URIRef)]
        node = named[0] if named else parents[0]
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def render_path(path: Node, graphs_: Sequence[Graph], nm: NamespaceManager) -> str:
    """A SHACL property path written as a SPARQL property path (``^eco:byPlayer/eco:onSide``).

    The path's structure is looked up in ``graphs_`` in turn (the report, then the shapes).
    """
    return _render(path, graphs_, nm)[0]


# Precedence of a rendered path: an alternative binds loosest, then a sequence, then the unary
# operators; an IRI or a parenthesised path is atomic.
_ALTERNATIVE, _SEQUENCE, _UNARY, _ATOM = range(4)


def _render(path: Node, graphs_: Sequence[Graph], nm: NamespaceManager) -> tuple[str, int]:
    from rdflib import URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDF, SH

    def operand(node: Node, at_least: int) -> str:
        text, precedence = _render(node, graphs_, nm)
        return text if precedence >= at_least else f"({text})"

    if isinstance(path, URIRef):
        return path.n3(nm), _ATOM
    for g in graphs_:
        if g.value(path, RDF.first) is not None:
            items = list(Collection(g, path))
            return "/".join(operand(i, _UNARY) for i in items), _SEQUENCE
        alternatives = g.value(path, SH.alternativePath)
        if alternatives is not None:
            items = list(Collection(g, alternatives))
            return "|".join(operand(i, _SEQUENCE) for i in items), _ALTERNATIVE
        for predicate, template in (
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "{}*"),
            (SH.oneOrMorePath, "{}+"),
            (SH.zeroOrOnePath, "{}?"),
        ):
            inner = g.value(path, predicate)
            if inner is not None:
                return template.format(operand(inner, _ATOM)), _UNARY
    return str(path.n3()), _ATOM
