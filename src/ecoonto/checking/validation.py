"""Validate RDF data against the ecoonto SHACL shapes.

Two engines give the same findings: :mod:`ecoonto.checking.shacl` evaluates SHACL Core as SPARQL on
an in-memory pyoxigraph store (the default: many times faster and smaller than pySHACL on large
graphs), and pySHACL on an rdflib graph, used for the whole run whenever the shapes use a feature
the SPARQL engine does not run (see :data:`ENGINES`).

The shapes live in ``shapes/`` (one file per ontology module). Every shapes graph is checked
against SHACL-for-SHACL before use (:func:`check_shapes`). Validation runs without inference.
The report graph follows the SHACL specification: ``sh:conforms`` is false as soon as there is
a result, warnings included (:attr:`Outcome.report_conforms`). :attr:`Outcome.conforms` means
"no violations" (pySHACL's ``--allow-warnings``): the text's "conforms", the JSON's
``conforms`` and the CLI's exit code 0 follow it, and with warnings the text says that the
report's ``sh:conforms`` is false.

Each result names the *named* node shape it came from (``Finding.shape``): a result of a blank
or named property shape is credited to the node shape that holds it with ``sh:property``, so that
``failed_shapes()`` speaks of the rules the shapes file declares.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecoonto.errors import DataFailsError, InputError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager
    from rdflib.term import Node

    from ecoonto.targets.base import QueryTarget

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

    >>> from rdflib import URIRef
    >>> finding = Finding("Warning", URIRef("http://example.org/lab"), "ex:size", None,
    ...                   "More than 1 values on ex:lab->ex:size", "http://example.org/PlayerShape")
    >>> finding.severity == WARNING, finding.path
    (True, 'ex:size')
    """

    severity: str
    focus: Node
    path: str | None
    value: Node | None
    message: str
    shape: str


@dataclass(frozen=True)
class Outcome:
    """What a validation found.

    ``conforms`` means *no violations*: True when no result is a Violation (results, not the
    ``sh:detail`` under them), whatever the warnings and infos. It is what the text says
    ("conforms"), what the exit code follows (0) and what the JSON's ``conforms`` gives (the
    policy of pySHACL's ``--allow-warnings``, which however also passes the Violations of a
    Warning shape's property shapes). The report graph's ``sh:conforms`` follows the SHACL
    specification instead (3.6.1: false as soon as there is any result, warnings included):
    :attr:`report_conforms` gives it. ``triples`` is the number of data triples checked,
    ``namespaces`` the prefixes of the files read (if any).

    >>> from rdflib import Graph, URIRef
    >>> from rdflib.namespace import SH
    >>> x = URIRef("http://example.org/x")
    >>> warning = Finding("Warning", x, None, None, "check this", "ex:S")
    >>> outcome = Outcome(conforms=True, results=[warning], report=Graph())
    >>> outcome.conforms, outcome.report_conforms, len(outcome.warnings)
    (True, False, 1)

    A validation's outcome:

    >>> shapes = Graph().parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ... ex:PlayerShape a sh:NodeShape ; sh:targetClass ex:Player ;
    ...     sh:property [ sh:path ex:name ; sh:minCount 1 ] ;
    ...     sh:property [ sh:path ex:size ; sh:maxCount 1 ; sh:severity sh:Warning ] .
    ... ''')
    >>> data = Graph().parse(format="turtle", data='''
    ... @prefix ex: <http://example.org/> .
    ... ex:lab a ex:Player ; ex:size 1, 2 .
    ... ex:cloud a ex:Player ; ex:name "Cloud" .
    ... ''')
    >>> outcome = validate(data, shapes)
    >>> outcome.conforms, len(outcome.violations), len(outcome.warnings), outcome.triples
    (False, 1, 1, 5)
    >>> outcome.failed_shapes()
    {'http://example.org/PlayerShape'}
    >>> [c.toPython() for c in outcome.report.objects(None, SH.conforms)]  # warnings count here
    [False]
    """

    conforms: bool
    results: list[Finding]
    report: Graph
    triples: int = 0
    namespaces: Graph | None = None
    notes: list[str] = field(default_factory=list)
    """What the reader should know about how the validation ran (it could not run in the
    store and the graph was read out, ...)."""

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.results if f.severity == VIOLATION]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.results if f.severity == WARNING]

    @property
    def report_conforms(self) -> bool:
        """The SHACL report's ``sh:conforms``: True only when there is no result at all."""
        return not self.results

    def failed_shapes(self) -> set[str]:
        """The IRIs of the shapes that gave at least one result, whatever its severity."""
        return {f.shape for f in self.results}


def scope(outcome: Outcome, members: frozenset[str]) -> Outcome:
    """``outcome`` restricted to the results whose focus node is one of ``members`` (IRIs, e.g.
    :func:`ecoonto.targets.industries.members`); results on a blank focus node are kept, since a
    blank node cannot be attributed to an industry. The report graph keeps exactly the kept results
    (with everything under them) and its ``sh:conforms`` follows the SHACL specification.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ... ex:PlayerShape a sh:NodeShape ; sh:targetClass ex:Player ;
    ...     sh:property [ sh:path ex:name ; sh:minCount 1 ] ;
    ...     sh:property [ sh:path ex:size ; sh:maxCount 1 ; sh:severity sh:Warning ] .
    ... ''')
    >>> data = Graph().parse(format="turtle", data='''
    ... @prefix ex: <http://example.org/> .
    ... ex:lab a ex:Player ; ex:size 1, 2 .
    ... ex:cloud a ex:Player ; ex:name "Cloud" .
    ... ''')
    >>> outcome = validate(data, shapes)
    >>> [str(f.focus) for f in outcome.results]
    ['http://example.org/lab', 'http://example.org/lab']
    >>> kept = scope(outcome, frozenset({"http://example.org/cloud"}))
    >>> kept.conforms, kept.results, len(kept.report)  # only the report's type and sh:conforms
    (True, [], 2)
    """
    from rdflib import BNode, Literal
    from rdflib.namespace import RDF, SH

    def kept(focus: Node | None) -> bool:
        return isinstance(focus, BNode) or str(focus) in members

    report = outcome.report
    scoped = type(report)()
    for prefix, namespace in report.namespaces():
        scoped.bind(prefix, namespace, override=True)
    node = next(iter(report.subjects(RDF.type, SH.ValidationReport)), BNode())
    left = 0
    for result in list(report.objects(node, SH.result)):
        if not kept(report.value(result, SH.focusNode)):
            continue
        left += 1
        scoped.add((node, SH.result, result))
        todo, seen = [result], set()
        while todo:  # the result and everything under it (paths, details, blank values)
            subject = todo.pop()
            if subject in seen:
                continue
            seen.add(subject)
            for _, p, o in report.triples((subject, None, None)):
                scoped.add((subject, p, o))
                if isinstance(o, BNode):
                    todo.append(o)
    scoped.add((node, RDF.type, SH.ValidationReport))
    scoped.add((node, SH.conforms, Literal(left == 0)))
    results = [f for f in outcome.results if kept(f.focus)]
    return Outcome(
        conforms=not any(f.severity == VIOLATION for f in results),
        results=results,
        report=scoped,
        triples=outcome.triples,
        namespaces=outcome.namespaces,
        notes=outcome.notes,
    )


def load_shapes(extra: Iterable[Path] = (), *, bundled: bool = True) -> Graph:
    """The bundled shapes (every ``shapes/*.ttl``), plus ``extra`` shape files if given.

    With ``bundled=False`` only ``extra`` is loaded. Raises :class:`InputError` when a file is
    missing or malformed, or when there are no shapes at all.

    >>> from rdflib.namespace import SH
    >>> shapes = load_shapes()
    >>> len(set(shapes.subjects(SH.targetClass))) > 10
    True
    >>> load_shapes([Path("no-such-shapes.ttl")], bundled=False)
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: no-such-shapes.ttl: ...
    >>> load_shapes(bundled=False)
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: no shapes to validate against: give a shapes file
    """
    from ecoonto import resources
    from ecoonto.rdf import graphs

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
    if bundled and not extra:
        _CHECKED.add(shapes)  # the bundled shapes: checked by the test suite
    return shapes


ENGINES = ("auto", "sparql", "pyshacl")
"""The validation engines: ``sparql`` is :mod:`ecoonto.checking.shacl` (SHACL Core as SPARQL on an
in-memory Oxigraph store), ``pyshacl`` is pySHACL on an rdflib graph, ``auto`` is ``sparql``
unless the shapes use something it does not run, then ``pyshacl`` for the whole run."""

_CHECKED: weakref.WeakSet[Graph] = weakref.WeakSet()
"""Shapes graphs already checked against SHACL-for-SHACL (the bundled shapes, once loaded:
tests/test_shacl.py checks them; any other shapes graph is checked before its first use)."""


def check_shapes(shapes: Graph) -> None:
    """Check ``shapes`` against SHACL-for-SHACL (once per graph object); raise
    :class:`InputError` naming the shape and the property at fault.

    >>> from rdflib import Graph
    >>> bad = Graph().parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ... ex:S a sh:NodeShape ; sh:targetClass ex:P ;
    ...     sh:property [ sh:path ex:name ; sh:minCount "one" ] .
    ... ''')
    >>> check_shapes(bad)
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: the shapes graph: not valid SHACL: shape [inside ex:S] property ...
    """
    if shapes in _CHECKED:
        return
    from ecoonto.checking import shacl
    from ecoonto.checking.shacl.meta import check_shapes as meta_check

    try:
        meta_check(shapes)
    except shacl.ShapesError as exc:
        raise InputError(str(exc)) from None
    _CHECKED.add(shapes)


def validate(data: Graph, shapes: Graph | None = None, *, engine: str = "auto") -> Outcome:
    """Validate ``data`` against ``shapes`` (default: :func:`load_shapes`).

    No inference is run, so ``data`` should already hold what the shapes rely on (the core
    ontology for class hierarchies). ``engine`` is one of :data:`ENGINES`: with ``auto`` the
    graph is copied into an in-memory pyoxigraph store and checked by :mod:`ecoonto.checking.shacl`;
    when the shapes use a feature that engine does not run (SHACL-AF, custom components, an
    ``sh:sparql`` it cannot evaluate, ...), pySHACL validates the whole graph instead (never a
    partial answer). ``sparql`` raises :class:`InputError` naming the shape and the feature in
    that case. Raises :class:`InputError` if the shapes are not valid SHACL (SHACL-for-SHACL)
    or cannot be applied.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ... ex:PlayerShape a sh:NodeShape ; sh:targetClass ex:Player ;
    ...     sh:property [ sh:path ex:name ; sh:minCount 1 ] ;
    ...     sh:property [ sh:path ex:size ; sh:maxCount 1 ; sh:severity sh:Warning ] .
    ... ''')
    >>> data = Graph().parse(format="turtle", data='''
    ... @prefix ex: <http://example.org/> .
    ... ex:lab a ex:Player ; ex:size 1, 2 .
    ... ex:cloud a ex:Player ; ex:name "Cloud" .
    ... ''')
    >>> for engine in ("sparql", "pyshacl"):  # the two engines find the same
    ...     for f in validate(data, shapes, engine=engine).results:
    ...         print(engine, f.severity, f.focus, f.path, f.message)
    sparql Violation http://example.org/lab ex:name Less than 1 values on ex:lab->ex:name
    sparql Warning http://example.org/lab ex:size More than 1 values on ex:lab->ex:size
    pyshacl Violation http://example.org/lab ex:name Less than 1 values on ex:lab->ex:name
    pyshacl Warning http://example.org/lab ex:size More than 1 values on ex:lab->ex:size
    >>> validate(data, shapes, engine="fast")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: unknown ... 'fast'...
    """
    _check_engine(engine)
    if shapes is None:
        shapes = load_shapes()
    check_shapes(shapes)
    if engine != "pyshacl":
        import pyoxigraph as ox
        from rdflib import Literal

        from ecoonto.checking import shacl
        from ecoonto.rdf.graphs import ToOxigraph

        conv = ToOxigraph(keep_labels=True)
        store = ox.Store()
        store.extend(conv.quads(data))
        literals = shacl.Literals((str(p), o) for _s, p, o in data if isinstance(o, Literal))
        outcome = _with_engine(store, None, shapes, engine, data, literals, len(data))
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
    originals: Iterable[Any] | None = None,
) -> Outcome:
    """Validate the data in a ``pyoxigraph.Store``: its default graph, or the named graph
    ``graph`` (an IRI, as a string or a ``pyoxigraph.NamedNode``) read as the default graph.

    ``shapes`` defaults to :func:`load_shapes`; ``engine`` is one of :data:`ENGINES` and works
    as in :func:`validate` (the pySHACL fallback copies the graph into rdflib first).
    ``namespaces`` is a graph whose prefixes are used to write result paths (by default
    ecoonto's and those of the shapes). The store keeps numbers, dates and booleans by value
    (``"5"^^xsd:int`` reads back as ``"5"^^xsd:integer``); ``originals`` (the data's literals
    as written, as (predicate IRI, pyoxigraph literal) pairs) gives them back their datatype
    and form for the checks and the report, as pySHACL sees them. The store is only read.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ... ex:PlayerShape a sh:NodeShape ; sh:targetClass ex:Player ;
    ...     sh:property [ sh:path ex:name ; sh:minCount 1 ] ;
    ...     sh:property [ sh:path ex:size ; sh:maxCount 1 ; sh:severity sh:Warning ] .
    ... ''')
    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.load(
    ...     b"<http://example.org/lab> a <http://example.org/Player> .",
    ...     ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("http://example.org/g"),
    ... )
    >>> validate_store(store, shapes).conforms  # the default graph is empty
    True
    >>> [f.path for f in validate_store(store, shapes, graph="http://example.org/g").results]
    ['ex:name']
    """
    from ecoonto.checking import shacl

    _check_engine(engine)
    if shapes is None:
        shapes = load_shapes()
    check_shapes(shapes)
    graph_name = None
    if graph is not None:
        import pyoxigraph as ox

        graph_name = graph if isinstance(graph, ox.NamedNode) else ox.NamedNode(str(graph))
    literals = shacl.Literals(originals or ())
    if engine != "pyshacl":
        outcome = _with_engine(store, graph_name, shapes, engine, namespaces, literals)
        if outcome is not None:
            return outcome
    return _validate_pyshacl(_graph_of_store(store, graph_name, namespaces, literals), shapes)


class NotPushedDown(Exception):  # noqa: N818 - a condition the caller handles
    """:func:`validate_in` cannot validate in the store; the message says why (the caller reads
    the graph out and validates it in memory, saying so, or refuses).

    >>> str(NotPushedDown("the shapes use sh:rule"))
    'the shapes use sh:rule'
    """


def validate_in(target: QueryTarget, shapes: Graph | None = None, engine: str = "auto") -> Outcome:
    """Validate the data of a store where it is: the shapes' SPARQL runs in ``target`` (an
    embedded store, read-only, queried directly; a SPARQL endpoint through the protocol, its
    default graph being the data) and only the results come back, with what the messages
    need. The data must hold what the shapes rely on (the core ontology); ``Outcome.triples``
    is 0 (count them in the store) and ``Outcome.namespaces`` None.

    Raises :class:`NotPushedDown` when the validation cannot run there exactly: the shapes use
    a feature the SPARQL engine does not run (``engine`` auto: pySHACL must read the graph), an
    endpoint answered with a blank node (its labels do not hold from one answer to the next) or
    refused one of the engine's queries, or ``engine`` is ``pyshacl``. With ``engine="sparql"``
    a shapes feature the engine does not run is an :class:`InputError`, as in :func:`validate`.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ... ex:PlayerShape a sh:NodeShape ; sh:targetClass ex:Player ;
    ...     sh:property [ sh:path ex:name ; sh:minCount 1 ] .
    ... ''')
    >>> import pyoxigraph as ox
    >>> from ecoonto.targets import OxigraphMemoryTarget
    >>> store = ox.Store()
    >>> store.load(b"<http://example.org/lab> a <http://example.org/Player> .", ox.RdfFormat.TURTLE)
    >>> outcome = validate_in(OxigraphMemoryTarget.of_store(store), shapes)
    >>> for f in outcome.results:  # a store keeps no prefixes: the data's IRIs in full
    ...     print(f.severity, f.path, f.message)
    Violation ex:name Less than 1 values on <http://example.org/lab>->ex:name
    >>> validate_in(OxigraphMemoryTarget.of_store(store), shapes, engine="pyshacl")
    Traceback (most recent call last):
    ...
    ecoonto.checking.validation.NotPushedDown: pySHACL (--engine pyshacl) runs on rdflib: ...
    """
    from ecoonto.checking import shacl
    from ecoonto.checking.shacl.sources import source_of

    _check_engine(engine)
    if shapes is None:
        shapes = load_shapes()
    check_shapes(shapes)
    if engine == "pyshacl":
        raise NotPushedDown(
            "pySHACL (--engine pyshacl) runs on rdflib: the graph is read out of"
            f" {target.describe()}"
        )
    try:
        shacl.compile_shapes(shapes)
    except shacl.Unsupported as exc:
        if engine == "sparql":
            raise _unsupported_error(exc) from None
        raise NotPushedDown(
            f"the SPARQL engine does not run {exc}: pySHACL validates the graph read out of"
            f" {target.describe()}"
        ) from None
    except shacl.ShapesError as exc:
        raise InputError(f"the shapes are not valid SHACL: {exc}") from None
    refused: list[Exception] = []
    outcome = _with_engine(
        source_of(target), None, shapes, "auto", None, shacl.Literals(()), 0, refused
    )
    if outcome is None:
        reason = str(refused[0]) if refused else "the engine refused"
        raise NotPushedDown(
            f"cannot validate in {target.describe()} ({reason}): the graph is read out and"
            " validated in memory"
        )
    return outcome


def refuse_violations(store: Any, graph: Any | None = None, originals: Iterable[Any] = ()) -> None:
    """:class:`DataFailsError` (nothing loaded) unless the data in ``graph`` of ``store`` (a
    ``pyoxigraph`` graph name; None or the default graph: the default graph) conforms to the
    bundled shapes, checked in place by :func:`validate_store`. It is the check a load passes to
    :func:`ecoonto.targets.load` (a :class:`~ecoonto.targets.base.StagedCheck`).

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> refuse_violations(store)  # nothing there, nothing violated
    >>> a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    >>> player = ox.NamedNode("https://w3id.org/ecoonto/Player")
    >>> store.add(ox.Quad(ox.NamedNode("http://e/x"), a, player))
    >>> refuse_violations(store)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ecoonto.errors.DataFailsError: the data has 1 SHACL violation: nothing loaded (...)
    """
    import pyoxigraph as ox

    named = None if graph is None or isinstance(graph, ox.DefaultGraph) else graph
    outcome = validate_store(store, graph=named, originals=originals)
    if not outcome.conforms:
        count = len(outcome.violations)
        raise DataFailsError(
            f"the data has {count} SHACL violation{'s' if count != 1 else ''}: nothing loaded"
            " (run 'ecoonto validate' to see them, or pass --no-validate)"
        )


def validate_files(
    paths: Iterable[Path],
    shapes: Graph | None = None,
    engine: str = "auto",
    *,
    base: str | None = None,
    then: Callable[[QueryTarget, Outcome], Outcome] | None = None,
) -> Outcome:
    """Validate RDF files (merged as given; add the core ontology yourself if needed).

    Each file is parsed once, by pyoxigraph where it can (:func:`ecoonto.rdf.graphs.file_quads`,
    same checks and errors as :func:`graphs.load`), into an in-memory store; the literals the
    store keeps in another form are kept aside as written. With ``auto`` or ``sparql`` the
    store is validated in place; when pySHACL runs, the rdflib graph it needs is made from the
    store with those literals, not parsed again. ``Outcome.triples`` is the number of triples
    read and ``Outcome.namespaces`` the prefixes of the files. ``then(target, outcome)``, when
    given, gets the files' store as a query target (not read again) and returns the outcome
    (the newcomer checks, an industry's scope: :func:`ecoonto.api.validate`).

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ... ex:PlayerShape a sh:NodeShape ; sh:targetClass ex:Player ;
    ...     sh:property [ sh:path ex:name ; sh:minCount 1 ] ;
    ...     sh:property [ sh:path ex:size ; sh:maxCount 1 ; sh:severity sh:Warning ] .
    ... ''')
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "lab.ttl").write_text(
    ...     "@prefix ex: <http://example.org/> . ex:lab a ex:Player ; ex:name 'AI lab' ."
    ... )
    >>> outcome = validate_files([folder / "lab.ttl"], shapes)
    >>> outcome.conforms, outcome.triples, dict(outcome.namespaces.namespaces())["ex"]
    (True, 2, rdflib.term.URIRef('http://example.org/'))
    >>> import shutil; shutil.rmtree(folder)
    """
    from ecoonto.checking import shacl

    _check_engine(engine)
    paths = [Path(p) for p in paths]
    store, prefixes, kept = load_files(paths, base=base)
    if shapes is None:
        shapes = load_shapes()
    check_shapes(shapes)
    literals = shacl.Literals((q.predicate.value, q.object) for q in kept)
    outcome = None
    if engine != "pyshacl":
        outcome = _with_engine(store, None, shapes, engine, prefixes, literals, len(store))
    if outcome is None:
        outcome = _validate_pyshacl(_graph_of_load(store, prefixes, kept), shapes)
    outcome = Outcome(
        conforms=outcome.conforms,
        results=outcome.results,
        report=outcome.report,
        triples=len(store),
        namespaces=prefixes,
    )
    if then is not None:
        from ecoonto.targets.memory import OxigraphMemoryTarget

        outcome = then(OxigraphMemoryTarget.of_store(store), outcome)
    return outcome


def load_files(paths: Iterable[Path], base: str | None = None) -> tuple[Any, Graph, list[Any]]:
    """The files in a new store (each parsed once), their prefixes, and the triples whose
    object is a literal the store may keep in another form, as written.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "sizes.ttl").write_text(
    ...     "@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."
    ...     " ex:lab ex:name 'AI lab' ; ex:size '007'^^xsd:integer ."
    ... )
    >>> store, prefixes, kept = load_files([folder / "sizes.ttl"])
    >>> sorted(q.object.value for q in store), [q.object.value for q in kept]
    (['7', 'AI lab'], ['007'])
    >>> import shutil; shutil.rmtree(folder)
    """
    paths = [Path(p) for p in paths]
    import pyoxigraph as ox

    from ecoonto.checking.shacl.literals import may_change
    from ecoonto.rdf import graphs

    careful: set[Path] = set()
    while True:  # once more, carefully, for a file that overflowed pyoxigraph's buffer
        store = ox.Store()
        prefixes = graphs.new_graph()
        kept: list[Any] = []

        def tee(quads: Iterable[Any], kept: list[Any] = kept) -> Iterator[Any]:
            for quad in quads:
                o = quad.object
                if isinstance(o, ox.Literal) and may_change(o):
                    kept.append(quad)
                yield quad

        try:
            for path in paths:
                quads = graphs.file_quads(
                    path, careful=path in careful, prefixes=prefixes, base=base
                )
                store.bulk_extend(tee(quads))
        except graphs.ReadAgain as retry:
            careful.add(retry.path)
            continue
        return store, prefixes, kept


def engine_supports(shapes: Graph, engine: str = "auto") -> bool:
    """True if the SPARQL engine can run ``shapes``; with ``engine="sparql"`` an unsupported
    feature raises :class:`InputError` naming the shape and the feature instead.

    >>> engine_supports(load_shapes())  # the bundled shapes run on the fast engine
    True
    """
    from ecoonto.checking import shacl

    if engine == "pyshacl":
        return False
    try:
        shacl.compile_shapes(shapes)
    except shacl.Unsupported as exc:
        if engine == "sparql":
            raise _unsupported_error(exc) from None
        return False
    except shacl.ShapesError as exc:
        raise InputError(f"the shapes are not valid SHACL: {exc}") from None
    return True


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise InputError(f"unknown validation engine '{engine}': use one of {', '.join(ENGINES)}")


def _unsupported_error(exc: Exception) -> InputError:
    from ecoonto.checking import shacl

    assert isinstance(exc, shacl.Unsupported)
    detail = f" ({exc.detail})" if exc.detail else ""
    return InputError(
        f"the SPARQL engine cannot run shape {exc.shape}: {exc.component} is not supported"
        f"{detail}; use --engine auto or pyshacl"
    )


def _with_engine(
    store: Any,
    graph_name: Any,
    shapes: Graph,
    engine: str,
    namespaces: Graph | None,
    literals: Any,
    triples: int = 0,
    refused: list[Exception] | None = None,
) -> Outcome | None:
    """The engine's outcome, or None when it cannot run the shapes (and ``engine`` is auto).
    ``store`` is a pyoxigraph store (``graph_name`` read as its default graph) or a
    :class:`~ecoonto.checking.shacl.sources.Source`."""
    from ecoonto.checking import shacl
    from ecoonto.checking.shacl.sources import StoreSource

    source = store if hasattr(store, "select") else StoreSource(store, graph_name)

    def describe(term: Any) -> Iterator[tuple[Any, Any]]:
        for p, o in source.describe(term):
            yield p, literals.original(o)

    try:
        compiled = shacl.compile_shapes(shapes)
        literals.check(compiled.predicates_read(), compiled.literal_targets())
        results = shacl.run(source, compiled, None, literals)
        if namespaces is None:
            from ecoonto.rdf.graphs import new_graph

            namespaces = new_graph()
        shacl.add_generic_messages(results, compiled, namespaces, describe)
        report = shacl.report_graph(results, shapes, describe)
    except shacl.Unsupported as exc:
        if engine == "sparql":
            raise _unsupported_error(exc) from None
        if refused is not None:
            refused.append(exc)
        return None
    except shacl.ShapesError as exc:
        raise InputError(f"the shapes are not valid SHACL: {exc}") from None
    conforms = not any(str(r.severity) == _SH + VIOLATION for r in results)
    sources = [shapes] if namespaces is None else [namespaces, shapes]
    findings = _findings(report, shapes, _namespaces(*sources))
    return Outcome(conforms=conforms, results=findings, report=report, triples=triples)


def _graph_of_load(store: Any, prefixes: Graph, kept: list[Any]) -> Graph:
    """The rdflib graph of files read by :func:`load_files`: the store's triples, with those
    whose literal the store may have changed taken as written."""
    import pyoxigraph as ox

    from ecoonto.checking.shacl.literals import may_change
    from ecoonto.rdf import graphs

    out = graphs.new_graph()
    for prefix, ns in prefixes.namespaces():
        if prefix:
            out.bind(prefix, ns, override=False)
    term = graphs.to_rdflib
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        o = quad.object
        if not (isinstance(o, ox.Literal) and may_change(o)):
            out.add((term(quad.subject), term(quad.predicate), term(o)))
    for quad in kept:
        out.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return out


def _graph_of_store(
    store: Any, graph_name: Any, namespaces: Graph | None, literals: Any = None
) -> Graph:
    """The triples of the store's default graph (or ``graph_name``) as a new rdflib graph, with
    the data's literals where ``literals`` knows them."""
    import pyoxigraph as ox

    from ecoonto.rdf import graphs

    out = graphs.new_graph()
    if namespaces is not None:
        for prefix, ns in namespaces.namespaces():
            if prefix:
                out.bind(prefix, ns, override=False)
    name = ox.DefaultGraph() if graph_name is None else graph_name
    original = (lambda t: t) if literals is None else literals.original
    for quad in store.quads_for_pattern(None, None, None, name):
        out.add(
            (
                graphs.to_rdflib(quad.subject),
                graphs.to_rdflib(quad.predicate),
                graphs.to_rdflib(original(quad.object)),
            )
        )
    return out


def _validate_pyshacl(data: Graph, shapes: Graph) -> Outcome:
    """pySHACL on an rdflib graph. Its failures (a shapes graph it refuses, a SPARQL constraint
    it rejects, a feature it does not implement) are one :class:`InputError` line. The report's
    ``sh:conforms`` is made to follow the specification (false when there is any result, as
    pySHACL gives it without ``allow_warnings``)."""
    import pyshacl
    from rdflib import Literal
    from rdflib.namespace import SH

    try:
        _conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=_booleans_as_read(shapes),
            inference="none",
            allow_warnings=True,
            advanced=False,
            meta_shacl=False,
            abort_on_first=False,
        )
    except NotImplementedError as exc:
        message = " ".join(str(exc).split()) or "a feature it does not implement"
        raise InputError(f"pySHACL cannot apply the shapes: {message}") from None
    except Exception as exc:  # pySHACL's own errors (ReportableRuntimeError and others)
        message = " ".join(str(getattr(exc, "message", None) or exc).split())
        raise InputError(f"the shapes cannot be applied: {message}") from None
    if isinstance(report, Exception):  # pySHACL returns a ValidationFailure as the report
        message = " ".join(str(getattr(report, "message", None) or report).split())
        raise InputError(f"the shapes cannot be applied: {message}")
    from ecoonto.checking.shacl.results_graph import rewrite_result_paths

    rewrite_result_paths(report, shapes)  # each result's path as read, as the engine writes it
    results = _findings(report, shapes, _namespaces(data, shapes))
    for root in list(report.subjects(SH.conforms, None)):
        report.set((root, SH.conforms, Literal(not results)))
    # The exit-code policy, as for the SPARQL engine: no result (not counting the sh:detail
    # under a result) of severity Violation.
    conforms = not any(
        report.value(r, SH.resultSeverity) == SH.Violation for r in report.objects(None, SH.result)
    )
    return Outcome(conforms=conforms, results=results, report=report, triples=len(data))


_FLAGS = ("uniqueLang", "closed", "deactivated", "qualifiedValueShapesDisjoint")


def _booleans_as_read(shapes: Graph) -> Graph:
    """``shapes``, or a copy in which a boolean parameter (``sh:uniqueLang``, ``sh:closed``,
    ``sh:deactivated``, ``sh:qualifiedValueShapesDisjoint``) given as an ``xsd:boolean``
    literal other than ``true`` reads ``false``: SHACL names only the literal ``true``, and the
    SPARQL engine reads ``"1"^^xsd:boolean`` as not true (W3C test uniqueLang-002); pySHACL
    reads it as true."""
    from rdflib import Literal
    from rdflib.namespace import SH, XSD

    odd = [
        (s, p, o)
        for name in _FLAGS
        for s, p, o in shapes.triples((None, SH[name], None))
        if isinstance(o, Literal) and o.datatype == XSD.boolean and str(o) not in ("true", "false")
    ]
    if not odd:
        return shapes
    from ecoonto.rdf.graphs import new_graph

    copy = new_graph()
    for prefix, ns in shapes.namespaces():
        copy.bind(prefix, ns, override=True, replace=True)
    for triple in shapes:
        copy.add(triple)
    for s, p, o in odd:
        copy.remove((s, p, o))
        copy.add((s, p, Literal(False)))
    return copy


def _namespaces(*graphs_: Graph) -> NamespaceManager:
    """One namespace manager with ecoonto's prefixes, ``ecosh:`` and those of ``graphs_``."""
    from ecoonto.rdf.graphs import new_graph

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

    >>> from rdflib import Graph, URIRef
    >>> from rdflib.namespace import SH
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix eco: <https://w3id.org/ecoonto/> .
    ... eco:S sh:path ( [ sh:inversePath eco:byPlayer ] [ sh:zeroOrMorePath eco:onSide ] ) .
    ... eco:T sh:path [ sh:alternativePath ( eco:a eco:b ) ] .
    ... ''')
    >>> for shape in ("S", "T"):
    ...     path = g.value(URIRef("https://w3id.org/ecoonto/" + shape), SH.path)
    ...     print(render_path(path, [g], g.namespace_manager))
    ^eco:byPlayer/eco:onSide*
    eco:a|eco:b
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
