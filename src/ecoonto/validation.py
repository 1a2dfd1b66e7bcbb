"""Validate RDF data against the ecoonto SHACL shapes.

Two engines give the same findings: :mod:`ecoonto.shacl` evaluates SHACL Core as SPARQL on an
in-memory pyoxigraph store (the default: many times faster and smaller than pySHACL on large
graphs), and pySHACL on an rdflib graph, used for the whole run whenever the shapes use a feature
the SPARQL engine does not run (see :data:`ENGINES`).

The shapes live in ``shapes/`` (one file per ontology module). Validation runs without
inference, and follows pySHACL's ``allow_warnings`` semantics: a Warning or an
Info is reported but the data still conforms; only a Violation makes it fail.

Each result names the *named* node shape it came from (``Finding.shape``): a result of a blank
or named property shape is credited to the node shape that holds it with ``sh:property``, so that
``failed_shapes()`` speaks of the rules the shapes file declares.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
_SH = "http://www.w3.org/ns/shacl#"


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


ENGINES = ("auto", "sparql", "pyshacl")
"""The validation engines: ``sparql`` is :mod:`ecoonto.shacl` (SHACL Core as SPARQL on an
in-memory Oxigraph store), ``pyshacl`` is pySHACL on an rdflib graph, ``auto`` is ``sparql``
unless the shapes use something it does not run, then ``pyshacl`` for the whole run."""


def validate(data: Graph, shapes: Graph | None = None, *, engine: str = "auto") -> Outcome:
    """Validate ``data`` against ``shapes`` (default: :func:`load_shapes`).

    No inference is run, so ``data`` should already hold what the shapes rely on (the core
    ontology for class hierarchies). ``engine`` is one of :data:`ENGINES`: with ``auto`` the
    graph is copied into an in-memory pyoxigraph store and checked by :mod:`ecoonto.shacl`;
    when the shapes use a feature that engine does not run (SHACL-AF, custom components, an
    ``sh:sparql`` it cannot evaluate, ...), pySHACL validates the whole graph instead (never a
    partial answer). ``sparql`` raises :class:`InputError` naming the shape and the feature in
    that case. Raises :class:`InputError` if the shapes cannot be applied.
    """
    _check_engine(engine)
    if shapes is None:
        shapes = load_shapes()
    if engine != "pyshacl":
        from ecoonto import shacl

        outcome = _with_engine(
            lambda: shacl.store_of(data), None, shapes, engine, data, lambda: data.objects()
        )
        if outcome is not None:
            return outcome
    return _validate_pyshacl(data, shapes)


def validate_store(
    store: Any,
    shapes: Graph | None = None,
    graph: str | Any | None = None,
    engine: str = "auto",
    *,
    namespaces: Graph | None = None,
    originals: Callable[[], Iterable[Any]] | None = None,
) -> Outcome:
    """Validate the data in a ``pyoxigraph.Store``: its default graph, or the named graph
    ``graph`` (an IRI, as a string or a ``pyoxigraph.NamedNode``) read as the default graph.

    ``shapes`` defaults to :func:`load_shapes`; ``engine`` is one of :data:`ENGINES` and works
    as in :func:`validate` (the pySHACL fallback copies the graph into rdflib first).
    ``namespaces`` is a graph whose prefixes are used to write result paths (by default
    ecoonto's and those of the shapes). The store keeps numbers, dates and booleans in canonical
    form; ``originals`` (the data's literals as written, read only when a result names such a
    value) gives them back their lexical form, as pySHACL reports them. The store is only read.
    """
    _check_engine(engine)
    if shapes is None:
        shapes = load_shapes()
    graph_name = None
    if graph is not None:
        import pyoxigraph as ox

        graph_name = graph if isinstance(graph, ox.NamedNode) else ox.NamedNode(str(graph))
    if engine != "pyshacl":
        outcome = _with_engine(lambda: store, graph_name, shapes, engine, namespaces, originals)
        if outcome is not None:
            return outcome
    return _validate_pyshacl(_graph_of_store(store, graph_name, namespaces), shapes)


def validate_files(
    paths: Iterable[Path], shapes: Graph | None = None, engine: str = "auto"
) -> Outcome:
    """Validate RDF files (merged as given; add the core ontology yourself if needed).

    With ``auto`` or ``sparql`` the files are parsed straight into an in-memory pyoxigraph
    store (:func:`ecoonto.graphs.load_store`, same checks and errors as :func:`graphs.load`)
    and no rdflib graph of the data is built, unless the shapes need pySHACL (then the files
    are parsed by rdflib as before).
    """
    from ecoonto import graphs

    _check_engine(engine)
    paths = [Path(p) for p in paths]
    if shapes is None:
        shapes = load_shapes()
    if engine != "pyshacl" and engine_supports(shapes, engine):
        store, prefixes = graphs.load_store(paths)
        return validate_store(
            store, shapes, engine=engine, namespaces=prefixes, originals=file_literals(paths)
        )
    return validate(graphs.load(paths), shapes, engine="pyshacl")


def engine_supports(shapes: Graph, engine: str = "auto") -> bool:
    """True if the SPARQL engine can run ``shapes``; with ``engine="sparql"`` an unsupported
    feature raises :class:`InputError` naming the shape and the feature instead."""
    from ecoonto import shacl

    if engine == "pyshacl":
        return False
    try:
        shacl.compile_shapes(shapes)
    except shacl.Unsupported as exc:
        if engine == "sparql":
            raise _unsupported_error(exc) from None
        return False
    return True


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise InputError(f"unknown validation engine '{engine}': use one of {', '.join(ENGINES)}")


def _unsupported_error(exc: Exception) -> InputError:
    from ecoonto import shacl

    assert isinstance(exc, shacl.Unsupported)
    detail = f" ({exc.detail})" if exc.detail else ""
    return InputError(
        f"the SPARQL engine cannot run shape {exc.shape}: {exc.component} is not supported"
        f"{detail}; use --engine auto or pyshacl"
    )


def _with_engine(
    get_store: Callable[[], Any],
    graph_name: Any,
    shapes: Graph,
    engine: str,
    namespaces: Graph | None,
    originals: Callable[[], Iterable[Any]] | None = None,
) -> Outcome | None:
    """The engine's outcome, or None when it cannot run the shapes (and ``engine`` is auto)."""
    from ecoonto import shacl

    try:
        compiled = shacl.compile_shapes(shapes)
        results = shacl.run(get_store(), compiled, graph_name)
    except shacl.Unsupported as exc:
        if engine == "sparql":
            raise _unsupported_error(exc) from None
        return None
    if originals is not None:
        shacl.restore_lexical_forms(results, originals)
    if namespaces is None:
        from ecoonto.graphs import new_graph

        namespaces = new_graph()
    shacl.add_generic_messages(results, compiled, namespaces)
    conforms = not any(str(r.severity) == _SH + VIOLATION for r in results)
    report = shacl.report_graph(results, shapes, conforms)
    sources = [shapes] if namespaces is None else [namespaces, shapes]
    findings = _findings(report, shapes, _namespaces(*sources))
    return Outcome(conforms=conforms, results=findings, report=report)


def file_literals(paths: Iterable[Path]) -> Callable[[], Iterable[Any]]:
    """The literals of RDF files as written (for :func:`validate_store`'s ``originals``):
    read again only when called, with pyoxigraph's parser (which keeps them as written) where
    it can, as pyoxigraph or rdflib terms."""
    paths = [Path(p) for p in paths]

    def literals() -> Iterator[Any]:
        import pyoxigraph as ox

        from ecoonto import graphs

        for path in paths:
            fmt = graphs.format_for(path)
            if fmt in ("turtle", "nt"):
                ox_format = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
                try:
                    for quad in ox.parse(
                        path=path, format=ox_format, base_iri=path.resolve().as_uri()
                    ):
                        if isinstance(quad.object, ox.Literal):
                            yield quad.object
                    continue
                except MemoryError:
                    pass
            yield from graphs.load([path]).objects()

    return literals


def _graph_of_store(store: Any, graph_name: Any, namespaces: Graph | None) -> Graph:
    """The triples of the store's default graph (or ``graph_name``) as a new rdflib graph."""
    import pyoxigraph as ox

    from ecoonto import graphs

    out = graphs.new_graph()
    if namespaces is not None:
        for prefix, ns in namespaces.namespaces():
            if prefix:
                out.bind(prefix, ns, override=False)
    name = ox.DefaultGraph() if graph_name is None else graph_name
    for quad in store.quads_for_pattern(None, None, None, name):
        out.add(
            (
                graphs.to_rdflib(quad.subject),
                graphs.to_rdflib(quad.predicate),
                graphs.to_rdflib(quad.object),
            )
        )
    return out


def _validate_pyshacl(data: Graph, shapes: Graph) -> Outcome:
    """pySHACL on an rdflib graph (the engine of ecoonto before :mod:`ecoonto.shacl`)."""
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

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
