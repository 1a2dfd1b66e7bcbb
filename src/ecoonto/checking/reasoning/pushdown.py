"""``--reasoner owlrl`` where the data is: the OWL 2 RL rule engine run inside a store.

:func:`reason_in` runs :func:`ecoonto.checking.reasoning.rules.closure` against a pyoxigraph
store (in memory: a file input parsed by pyoxigraph; on disk: an embedded store) or a SPARQL
1.1 endpoint, through a :class:`~ecoonto.checking.reasoning.rules.Space`. Nothing is copied out:

1. the rules close the union of the asserted graph (the default graph, or the named graph
   ``graph``) and a scratch graph ``inferred``, writing only to ``inferred`` (the semi-naive
   rounds of :mod:`~.rules`): a pyoxigraph store is read where it is (each rule a CONSTRUCT
   over both graphs, its new triples added to ``inferred``); an endpoint's named graph through
   ``USING`` both graphs. An endpoint's default graph (SPARQL cannot name it next to another),
   or a graph that describes ``owl:imports`` (or ``owl:sameAs``) and uses it, is first copied,
   less ``owl:imports``, into a scratch work graph; the asserted graph is only read. Then the
   consistency checks run on the closure;
2. the facts the in-memory engine reports (:func:`ecoonto.checking.reasoning.rl.reason_rules`)
   are read from ``inferred`` (what the closure added, none of it asserted): the memberships
   of declared classes and the assertions on declared properties, plus the assertions on
   undeclared properties that :func:`~ecoonto.checking.reasoning.common.new_assertions` adds
   (told ``rdfs:subPropertyOf``, ``owl:equivalentProperty`` and ``owl:inverseOf`` from
   declared ones), found in the store;
3. with ``into``, they replace the named graph ``into`` (the materialised inferences: query the
   asserted graph and ``into`` together); without it, nothing is left in the store. Every
   scratch graph is dropped at the end, also on failure.

When the graph uses a construct the engine has no rules for, the asserted graph is read out and
the in-memory engine runs (which runs the owlrl package), with a note; its inferences still go
into ``into``.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecoonto.checking.reasoning.common import (
    OWL_NS,
    RDF_NS,
    RDFS_NS,
    XSD_NS,
    ReasonerOutcome,
    Vocabulary,
    short_iri,
    violations_outcome,
)
from ecoonto.checking.reasoning.rules import Native, Space
from ecoonto.errors import InputError, StoreError, one_line, parameter

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from ecoonto.checking.reasoning import Reasoning
    from ecoonto.targets.base import QueryTarget
    from ecoonto.targets.embedded import EmbeddedStore
    from ecoonto.targets.endpoint import Endpoint
    from ecoonto.targets.results import QueryResult

_METHOD = "owlrl, OWL RL rules"
_PREFIXES = f"PREFIX owl: <{OWL_NS}>\nPREFIX rdf: <{RDF_NS}>\nPREFIX rdfs: <{RDFS_NS}>\n"
_BUILTIN = " || ".join(
    f'STRSTARTS(STR(?{{v}}), "{ns}")' for ns in (OWL_NS, RDF_NS, RDFS_NS, XSD_NS)
)


@dataclass
class InStore:
    """Where :func:`reason_in` runs: ``space`` (queries and updates on the store), the asserted
    graph ``graph`` (None: the default graph), what to call the store in messages, and the
    asserted graph read out as an rdflib graph (only for the owlrl package's fallback).

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> a = ox.NamedNode("http://e/a")
    >>> store.add(ox.Quad(a, ox.NamedNode("http://e/p"), ox.Literal("1")))
    >>> where = on_memory(store)  # one of the ways to make one
    >>> where.describe, where.graph, len(where.read_out())
    ('pyoxigraph in-memory store', None, 1)
    """

    space_of: Any
    describe: str
    read_out: Any
    graph: str | None = None
    native: bool = False
    """Whether ``space_of`` gives a space with :class:`~ecoonto.checking.reasoning.rules.Native`
    access (a pyoxigraph store: the closure reads the asserted graph where it is)."""
    prefixes: dict[str, str] = field(default_factory=dict)
    """The prefixes the input files declare (for messages)."""


def on_memory(store: ox.Store, graph: str | None = None) -> InStore:
    """A pyoxigraph store in memory (a file input parsed by pyoxigraph) as an :class:`InStore`.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> on_memory(store).describe
    'pyoxigraph in-memory store'
    """

    def space_of(**graphs: Any) -> Space:
        return Space.of_store(store, **graphs)

    return InStore(
        space_of, "pyoxigraph in-memory store", lambda: _store_graph(store, graph), graph, True
    )


def on_store(target: EmbeddedStore, graph: str | None = None) -> InStore:
    """An embedded store opened for writing (:class:`ecoonto.targets.EmbeddedStore`).

    >>> import tempfile, pathlib
    >>> from ecoonto.targets import EmbeddedStore
    >>> with EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "s") as s:
    ...     on_store(s).describe.startswith("store ")
    True
    """
    where = target.describe()

    def space_of(**graphs: Any) -> Space:
        store = target.store

        def update(sparql: str) -> None:
            target.update(sparql)

        def rows(sparql: str) -> list[tuple[Any, ...]]:
            try:
                solutions: Any = store.query(sparql)
                n = len(solutions.variables)
                return [tuple(s[i] for i in range(n)) for s in solutions]
            except (OSError, RuntimeError, ValueError) as exc:
                raise StoreError(f"{where}: query failed: {one_line(exc)}") from None

        def ask(sparql: str) -> bool:
            try:
                return bool(store.query(sparql))
            except (OSError, RuntimeError, ValueError) as exc:
                raise StoreError(f"{where}: query failed: {one_line(exc)}") from None

        def wrap(thunk: Callable[[], Any]) -> Any:
            try:
                return thunk()
            except (OSError, RuntimeError, ValueError) as exc:
                raise StoreError(f"{where}: query failed: {one_line(exc)}") from None

        return Space(update, rows, ask, native=Native(store, wrap), **graphs)

    return InStore(space_of, where, lambda: _store_graph(target.store, graph), graph, True)


def on_endpoint(target: Endpoint, graph: str | None = None) -> InStore:
    """A SPARQL 1.1 endpoint that takes updates (:class:`ecoonto.targets.Endpoint`, made
    without ``default_graph_iri``: the queries name their graphs).

    >>> from ecoonto.targets import Endpoint
    >>> on_endpoint(Endpoint("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update")).describe
    'endpoint http://127.0.0.1:7878/query'
    """
    from ecoonto.rdf.terms import ToOxigraph

    def space_of(**graphs: Any) -> Space:
        def rows(sparql: str) -> list[tuple[Any, ...]]:
            convert = ToOxigraph(keep_labels=True)  # one blank node per label in one answer
            return [
                tuple(None if t is None else convert.term(t) for t in row)
                for row in target.run(sparql).rows
            ]

        def ask(sparql: str) -> bool:
            return bool(target.run(sparql).boolean)

        return Space(target.update, rows, ask, **graphs)

    def read_out() -> Graph:
        from ecoonto.targets import fetch_graph

        return fetch_graph(target, graph)

    return InStore(space_of, target.describe(), read_out, graph)


def reason_in(where: InStore, *, into: str | None = None) -> Reasoning:
    """``--reasoner owlrl`` inside the store ``where`` names: the OWL 2 RL closure of its
    asserted graph, computed in scratch graphs of the store; the inferences the in-memory engine
    reports (:func:`ecoonto.checking.reasoning.reason` with ``reasoner="owlrl"``), as a
    :class:`~ecoonto.checking.reasoning.Reasoning`; with ``into``, also written to that named
    graph (replaced). The asserted graph is never written; nothing else is left in the store.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.update('PREFIX owl: <http://www.w3.org/2002/07/owl#> INSERT DATA {'
    ...     ' <http://e/p> a owl:ObjectProperty ; owl:inverseOf <http://e/q> .'
    ...     ' <http://e/q> a owl:ObjectProperty . <http://e/a> <http://e/p> <http://e/b> }')
    >>> r = reason_in(on_memory(store), into="urn:inferred")
    >>> r.consistent, sorted(r.values_of("http://e/b", "http://e/q"))
    (True, ['http://e/a'])
    >>> written = store.quads_for_pattern(None, None, None, ox.NamedNode("urn:inferred"))
    >>> [str(q.object) for q in written]
    ['<http://e/a>']
    >>> sorted(str(g) for g in store.named_graphs())
    ['<urn:inferred>']
    """
    from ecoonto.checking.reasoning import Reasoning

    start = time.perf_counter()
    graphs = _Scratch.fresh()
    _check_into(into, where.graph)
    notes: list[str] = []
    copy = _needs_copy(where)
    space = where.space_of(
        work=graphs.work if copy else where.graph,
        inferred=graphs.inferred,
        delta=graphs.delta,
        new=graphs.new,
    )
    try:
        outcome, method = _reason(where, space, graphs, into, notes, copy)
    finally:
        space.drop(*graphs.all())
    if into is not None and outcome.consistent:
        written = len(outcome.memberships) + len(outcome.property_assertions)
        notes.append(f"wrote {written} inferred triples to the graph <{into}> of {where.describe}")
    return Reasoning(
        reasoner="owlrl",
        consistent=outcome.consistent,
        unsatisfiable=outcome.unsatisfiable,
        memberships=outcome.memberships,
        property_assertions=outcome.property_assertions,
        explanation=outcome.explanation,
        involved=outcome.involved,
        elapsed=time.perf_counter() - start,
        method=method,
        notes=notes,
    )


def asserted_count(where: InStore) -> int:
    """Triples in the asserted graph of ``where``.

    >>> import pyoxigraph as ox
    >>> asserted_count(on_memory(ox.Store()))
    0
    """
    space = where.space_of()
    found = space.rows_in_dataset(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {_a(where.graph, '?s ?p ?o')} }}"
    )
    return int(found[0][0].value) if found and found[0][0] is not None else 0


# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scratch:
    """The scratch graphs of one run (unique names: runs on one endpoint never meet)."""

    work: str
    delta: str
    new: str
    inferred: str

    @classmethod
    def fresh(cls) -> _Scratch:
        base = f"urn:x-ecoonto:rules:{uuid.uuid4()}:"
        names = ("work", "delta", "new", "inferred")
        return cls(*(base + n for n in names))

    def all(self) -> tuple[str, ...]:
        return (self.work, self.delta, self.new, self.inferred)


def _needs_copy(where: InStore) -> bool:
    """Whether the closure needs a copy of the asserted graph: SPARQL cannot name the default
    graph next to the inferred one (a store read natively can), and the engine leaves out
    ``owl:imports``: a graph that describes it (or ``owl:sameAs``, whose eq-ref rules read
    every triple) and uses it is closed on a copy without those triples."""
    if where.graph is None and not where.native:
        return True
    space: Space = where.space_of(work=where.graph)
    if not space.ask("ASK WHERE { ?s owl:imports ?o }"):
        return False
    return space.ask(
        "ASK WHERE { { owl:imports ?p ?o } UNION { ?s ?p owl:imports } UNION { owl:sameAs ?p ?o }"
        " UNION { ?s ?p owl:sameAs } }"
    )


def _check_into(into: str | None, graph: str | None) -> None:
    if into is None:
        return
    from ecoonto.targets.base import graph_name

    graph_name(into)  # an absolute IRI, else InputError
    if into == graph:
        raise InputError(
            f"{parameter('into')} <{into}> is the asserted graph ({parameter('graph')}):"
            " name another graph"
        )
    if into.startswith("urn:x-ecoonto:rules:"):
        raise InputError(
            f"{parameter('into')} <{into}>: the urn:x-ecoonto:rules: graphs are ecoonto's scratch"
        )


def _a(graph: str | None, pattern: str) -> str:
    """``pattern`` read in the asserted graph (no FROM in the query: the store's own dataset)."""
    return f"{{ {pattern} }}" if graph is None else f"GRAPH <{graph}> {{ {pattern} }}"


def _builtin(var: str) -> str:
    return "(" + _BUILTIN.replace("{v}", var) + ")"


def _reason(
    where: InStore,
    space: Space,
    graphs: _Scratch,
    into: str | None,
    notes: list[str],
    copy: bool,
) -> tuple[ReasonerOutcome, str]:
    from ecoonto.checking.reasoning import rules
    from ecoonto.checking.reasoning.rl import THING_EMPTY

    a = where.graph
    method = f"{_METHOD} in {where.describe}"
    if copy:
        space.update(
            f"INSERT {{ GRAPH <{graphs.work}> {{ ?s ?p ?o }} }}"
            f" WHERE {{ {_a(a, '?s ?p ?o')} FILTER(?p != owl:imports) }}"
        )
    uncovered = rules.uncovered_constructs(space)
    if uncovered:
        names = ", ".join(sorted(short_iri(u) for u in uncovered))
        notes.append(
            f"the OWL RL rule engine does not cover {names}: read the graph out of"
            f" {where.describe} and ran the owlrl package"
        )
        return _fallback(where, space, into, notes)
    done = rules.closure(space)
    if not done.consistent:
        return violations_outcome(done.violations, _vocabulary(space, a)), method
    declared = _Declared.of(space, a)
    unsatisfiable = _unsatisfiable(space, declared)
    if _thing_is_empty(space, unsatisfiable):
        return THING_EMPTY, method
    members, assertions = _select_inferences(space, graphs, a, copy, declared)
    if into is not None:
        _write(space, into, [*members, *assertions])
    convert = _Converter()
    memberships = frozenset((convert(s), convert(o)) for s, _p, o in members)
    found = frozenset((convert(s), convert(p), convert(o)) for s, p, o in assertions)
    return (
        ReasonerOutcome(
            consistent=True,
            unsatisfiable=unsatisfiable,
            memberships=memberships,
            property_assertions=found,
        ),
        method,
    )


@dataclass(frozen=True)
class _Declared:
    """What the asserted graph declares (IRIs as strings): the classes (not built in), the
    object and datatype properties, and the schema resources (typed with a built-in class
    other than ``owl:NamedIndividual``, ``owl:Thing`` and ``owl:Nothing``: classes, properties,
    the ontology), not individuals (as :func:`ecoonto.checking.reasoning.common.vocabulary`)."""

    classes: frozenset[str]
    properties: frozenset[str]
    schema: frozenset[str]

    @classmethod
    def of(cls, space: Space, a: str | None) -> _Declared:
        def iris(pattern: str) -> frozenset[str]:
            rows = space.rows_in_dataset(
                f"SELECT DISTINCT ?x WHERE {{ {pattern} FILTER(isIRI(?x)) }}"
            )
            return frozenset(r[0].value for r in rows)

        classes = iris(
            f"{{ {_a(a, '?x a owl:Class')} }} UNION {{ {_a(a, '?x a rdfs:Class')} }}"
            f" FILTER(!{_builtin('x')})"
        )
        properties = iris(
            f"{{ {_a(a, '?x a owl:ObjectProperty')} }}"
            f" UNION {{ {_a(a, '?x a owl:DatatypeProperty')} }}"
        )
        kinds = space.rows_in_dataset(
            f"SELECT DISTINCT ?k WHERE {{ {_a(a, '?x a ?k')} FILTER(isIRI(?k) && {_builtin('k')}"
            " && ?k NOT IN (owl:NamedIndividual, owl:Thing, owl:Nothing)) }"
        )
        schema: frozenset[str] = frozenset()
        if kinds:
            values = " ".join(f"<{k[0].value}>" for k in kinds)
            schema = iris(f"VALUES ?k {{ {values} }} {_a(a, '?x a ?k')}")
        return cls(classes, properties, schema)


def _select_inferences(
    space: Space, graphs: _Scratch, a: str | None, copy: bool, declared: _Declared
) -> tuple[list[Any], list[Any]]:
    """What the in-memory engine reports (module docstring, 3.), read from the graph
    ``inferred`` (what the closure added, none of it asserted): the memberships of declared
    classes of individuals and the assertions on declared properties, plus those
    :func:`_undeclared_closure` adds; as (subject, predicate, object) pyoxigraph terms."""
    import pyoxigraph as ox

    rdf_type, imports = f"{RDF_NS}type", f"{OWL_NS}imports"
    members, assertions = [], []
    # Only the triples on declared classes and properties are read (not the memberships of
    # anonymous class expressions, a good part of the closure).
    types = [(rdf_type, c) for c in sorted(declared.classes)]
    for s, p, o in space.triples(graphs.inferred, types):
        if (
            isinstance(s, ox.NamedNode)
            and s.value not in declared.schema
            and not _is_builtin(s.value)
        ):
            members.append((s, p, o))
    on_properties = [(p, None) for p in sorted(declared.properties)]
    for s, p, o in space.triples(graphs.inferred, on_properties):
        if isinstance(s, ox.NamedNode) and not isinstance(o, ox.BlankNode):
            # On a copy, `inferred` may hold an owl:imports triple of the asserted graph.
            if not (copy and p.value == imports and _asserted(space, a, s, p, o)):
                assertions.append((s, p, o))
    known = set(assertions)
    assertions += [t for t in _undeclared_closure(space, graphs, a, declared) if t not in known]
    return members, assertions


def _asserted(space: Space, a: str | None, *triple: Any) -> bool:
    s, p, o = (str(t) for t in triple)
    return space.ask_in_graph(f"ASK WHERE {{ {_a(a, f'{s} {p} {o}')} }}")


def _is_builtin(iri: str) -> bool:
    return iri.startswith((OWL_NS, RDF_NS, RDFS_NS, XSD_NS))


class _Converter:
    """pyoxigraph terms to rdflib terms, each distinct term converted once."""

    def __init__(self) -> None:
        from ecoonto.rdf.terms import to_rdflib

        self._to, self._seen = to_rdflib, dict[Any, Any]()

    def __call__(self, term: Any) -> Any:
        found = self._seen.get(term)
        if found is None:
            found = self._seen[term] = self._to(term)
        return found


def _write(space: Space, into: str, triples: list[Any]) -> None:
    """Replace the named graph ``into`` by ``triples``."""
    from ecoonto.targets.base import replace_update

    if space.native is not None:  # one transaction, not a SPARQL text of every triple
        import pyoxigraph as ox

        space.drop(into)
        graph = ox.NamedNode(into)
        space.native.extend(ox.Quad(s, p, o, graph) for s, p, o in triples)
        return
    space.update(replace_update(into, "".join(f"{s} {p} {o} .\n" for s, p, o in triples)))


def _undeclared_closure(
    space: Space, graphs: _Scratch, a: str | None, declared_terms: _Declared
) -> list[Any]:
    """The assertions on undeclared properties that
    :func:`~ecoonto.checking.reasoning.common.new_assertions` reports: its closure under the
    told ``rdfs:subPropertyOf``, ``owl:equivalentProperty`` and ``owl:inverseOf`` of the
    closure's triples on declared properties and of the asserted triples on linked properties.
    The closure already holds that closure (the rules apply those axioms), so only the triples
    it gives on undeclared properties are new; they are collected in the scratch graph
    ``delta`` (free after the closure) and returned unless asserted."""
    declared = declared_terms.properties
    sup = (
        f"{{ {_a(a, '?p rdfs:subPropertyOf ?q')} }}"
        f" UNION {{ {_a(a, '?p owl:equivalentProperty ?q')} }}"
        f" UNION {{ {_a(a, '?q owl:equivalentProperty ?p')} }}"
        " FILTER(isIRI(?p) && isIRI(?q) && ?p != ?q)"
    )
    inv = (
        f"{{ {_a(a, '?p owl:inverseOf ?q')} }} UNION {{ {_a(a, '?q owl:inverseOf ?p')} }}"
        " FILTER(isIRI(?p) && isIRI(?q))"
    )
    edges = [
        (p.value, q.value, kind)
        for kind, pattern in (("sup", sup), ("inv", inv))
        for p, q in space.rows_in_dataset(f"SELECT DISTINCT ?p ?q WHERE {{ {pattern} }}")
    ]
    edges = [e for e in edges if e[1] not in declared]
    if not edges:
        return []
    work, inferred, extra = space.work, graphs.inferred, graphs.delta
    space.drop(extra)

    def source(p: str) -> str:
        if p in declared:  # the closure's triples on p
            return (
                f"{{ {_a(work, f'?s <{p}> ?o')} }} UNION {{ GRAPH <{inferred}> {{ ?s <{p}> ?o }} }}"
            )
        return f"{{ {_a(a, f'?s <{p}> ?o')} }} UNION {{ GRAPH <{extra}> {{ ?s <{p}> ?o }} }}"

    size = 0
    while True:
        updates = []
        for p, q, kind in edges:
            s, o = ("?s", "?o") if kind == "sup" else ("?o", "?s")
            iri_o = "" if kind == "sup" else " && isIRI(?o)"
            updates.append(
                f"INSERT {{ GRAPH <{extra}> {{ {s} <{q}> {o} }} }} WHERE {{ {{ {source(p)} }}"
                f" FILTER(isIRI(?s) && !isBlank(?o){iri_o})"
                f" FILTER NOT EXISTS {{ GRAPH <{extra}> {{ {s} <{q}> {o} }} }} }}"
            )
        space.update(" ;\n".join(updates))
        grown = space.count(extra)
        if grown == size:
            break
        size = grown
    found = space.rows_in_dataset(
        f"SELECT ?s ?p ?o WHERE {{ GRAPH <{extra}> {{ ?s ?p ?o }}"
        f" FILTER NOT EXISTS {{ {_a(a, '?s ?p ?o')} }} }}"
    )
    space.drop(extra)
    return [(s, p, o) for s, p, o in found]


def _vocabulary(space: Space, a: str | None) -> Vocabulary:
    """:func:`ecoonto.checking.reasoning.common.vocabulary` of the asserted graph, by SPARQL."""
    from ecoonto.rdf.terms import to_rdflib

    def iris(pattern: str, *, builtin_ok: bool = True) -> set[Any]:
        keep = "" if builtin_ok else f" && !{_builtin('x')}"
        rows = space.rows_in_dataset(
            f"SELECT DISTINCT ?x WHERE {{ {pattern} FILTER(isIRI(?x){keep}) }}"
        )
        return {to_rdflib(r[0]) for r in rows}

    def pairs(pattern: str) -> list[tuple[Any, Any]]:
        rows = space.rows_in_dataset(
            f"SELECT DISTINCT ?x ?y WHERE {{ {pattern} FILTER(isIRI(?x) && isIRI(?y)) }}"
        )
        return [(to_rdflib(x), to_rdflib(y)) for x, y in rows]

    classes = iris(
        f"{{ {_a(a, '?x a owl:Class')} }} UNION {{ {_a(a, '?x a rdfs:Class')} }}", builtin_ok=False
    )
    properties = iris(
        f"{{ {_a(a, '?x a owl:ObjectProperty')} }} UNION {{ {_a(a, '?x a owl:DatatypeProperty')} }}"
    )
    inverses: dict[Any, set[Any]] = {}
    for p, q in pairs(_a(a, "?x owl:inverseOf ?y")):
        inverses.setdefault(p, set()).add(q)
        inverses.setdefault(q, set()).add(p)
    superproperties: dict[Any, set[Any]] = {}
    for p, q in pairs(_a(a, "?x rdfs:subPropertyOf ?y")):
        if p != q:
            superproperties.setdefault(p, set()).add(q)
    for p, q in pairs(_a(a, "?x owl:equivalentProperty ?y")):
        if p != q:
            superproperties.setdefault(p, set()).add(q)
            superproperties.setdefault(q, set()).add(p)
    individual = "owl:NamedIndividual, owl:Thing, owl:Nothing"  # as common.vocabulary
    schema = iris(
        f"{_a(a, '?x a ?k')} FILTER(isIRI(?k) && {_builtin('k')} && ?k NOT IN ({individual}))"
    )
    typed = iris(
        f"{{ {_a(a, '?x a ?k')} FILTER(?k IN ({individual})) }} UNION {{ {_a(a, '?x a ?k')}"
        f" {{ {_a(a, '?k a owl:Class')} }} UNION {{ {_a(a, '?k a rdfs:Class')} }}"
        f" FILTER(!{_builtin('k')}) }}"
    )
    return Vocabulary(classes, properties, inverses, superproperties, schema, typed - schema)


def _unsatisfiable(space: Space, declared: _Declared) -> frozenset[Any]:
    from ecoonto.rdf.terms import to_rdflib

    rows = space.rows(
        "SELECT DISTINCT ?c WHERE { { ?c rdfs:subClassOf owl:Nothing } UNION"
        " { ?c owl:equivalentClass owl:Nothing } FILTER(isIRI(?c)) }"
    )
    return frozenset(to_rdflib(r[0]) for r in rows if r[0].value in declared.classes)


def _thing_is_empty(space: Space, unsatisfiable: frozenset[Any]) -> bool:
    return any(str(c) == f"{OWL_NS}Thing" for c in unsatisfiable) or space.ask(
        "ASK WHERE { { owl:Thing rdfs:subClassOf owl:Nothing } UNION"
        " { owl:Thing owl:equivalentClass owl:Nothing } }"
    )


def _fallback(
    where: InStore, space: Space, into: str | None, notes: list[str]
) -> tuple[ReasonerOutcome, str]:
    """The in-memory engine on the asserted graph read out (it runs the owlrl package)."""
    from ecoonto.checking.reasoning import reason
    from ecoonto.targets.base import replace_update, to_ntriples

    result = reason(where.read_out(), "owlrl")
    notes.extend(result.notes)
    if into is not None and result.consistent:
        space.update(replace_update(into, to_ntriples(result.inferred_graph()).decode("utf-8")))
    outcome = ReasonerOutcome(
        consistent=result.consistent,
        unsatisfiable=result.unsatisfiable,
        memberships=result.memberships,
        property_assertions=result.property_assertions,
        explanation=result.explanation,
        involved=result.involved,
    )
    return outcome, result.method


def _store_graph(store: ox.Store, graph: str | None) -> Graph:
    import pyoxigraph as ox

    from ecoonto.rdf import graph_of

    name: Any = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    return graph_of(store.quads_for_pattern(None, None, None, name))


@contextmanager
def opened(
    paths: Sequence[Path] = (),
    *,
    store: Path | None = None,
    endpoint: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
    graph: str | None = None,
    into: str | None = None,
) -> Iterator[tuple[InStore, QueryTarget]]:
    """Where ``reason --reasoner owlrl`` runs, as a context manager: the :class:`InStore` and a
    query target on the asserted graph (for an industry's scope). ``paths``: files parsed by
    pyoxigraph into memory, each file's default graph (no rdflib graph is built); ``store``: an
    embedded store, opened for writing (its lock is held: the closure runs in scratch graphs);
    ``endpoint``: a SPARQL 1.1 endpoint that takes updates. ``into`` needs a store or an
    endpoint.

    >>> from ecoonto import resources
    >>> with opened(resources.bundled_graph_files()) as (where, target):
    ...     asserted_count(where) > 1000
    True
    """
    from ecoonto.targets import EmbeddedStore, Endpoint

    if into is not None and store is None and endpoint is None:
        raise InputError(
            f"{parameter('into')} writes the inferences into a store: give"
            f" {parameter('store', 'DIR')} or {parameter('endpoint', 'URL')}"
        )
    _check_into(into, graph)
    if store is not None:
        if not (Path(store) / "CURRENT").exists():
            raise InputError(f"store {store}: no Oxigraph store there (ecoonto load --store)")
        with EmbeddedStore(Path(store), default_graph_iri=graph) as held:
            yield on_store(held, graph), held
        return
    if endpoint is not None:
        plain = Endpoint.from_url(endpoint, layout=layout, timeout=timeout)
        scoped = Endpoint.from_url(
            endpoint, layout=layout, timeout=timeout, default_graph_iri=graph
        )
        yield on_endpoint(plain, graph), scoped
        return
    from ecoonto.rdf.parse import ReadAgain

    prefixes: dict[str, str] = {}
    try:
        memory = _parsed(paths, prefixes, streamed=True)
    except ReadAgain:  # a file too big for a streamed parse: each read whole, as read() does
        memory = _parsed(paths, prefixes, streamed=False)
    where = on_memory(memory, FILES_GRAPH)
    where.prefixes = prefixes
    yield where, _InGraph(memory, FILES_GRAPH)


def _parsed(paths: Sequence[Path], prefixes: dict[str, str], *, streamed: bool) -> ox.Store:
    """An in-memory store holding the default graph of each file (as rdf.graphs.load reads
    it) in the named graph :data:`FILES_GRAPH`: the rules' updates then read it and the
    inferred graph together (USING both). ``streamed``: the quads go to the store as they are
    parsed (no list of them; a :class:`~ecoonto.rdf.parse.ReadAgain` leaves the store half
    filled: start again without)."""
    import pyoxigraph as ox

    from ecoonto.rdf.parse import quads, read

    memory = ox.Store()
    files, default = ox.NamedNode(FILES_GRAPH), ox.DefaultGraph()
    for path in paths:
        parsed = (
            quads(Path(path), prefixes=prefixes)
            if streamed
            else read(Path(path), prefixes=prefixes)
        )
        memory.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, files)
            for q in parsed
            if q.graph_name == default
        )
    return memory


FILES_GRAPH = "urn:x-ecoonto:rules:files"
"""The named graph that holds the files :func:`opened` parsed (in its own in-memory store)."""


class _InGraph:
    """A query target on one named graph of an in-memory store, read as its default graph
    (for an industry's scope: ecoonto's own queries)."""

    def __init__(self, store: ox.Store, graph: str) -> None:
        self._store, self._graph = store, graph

    def describe(self) -> str:
        return "pyoxigraph in-memory store"

    def run(self, sparql: str) -> QueryResult:
        import pyoxigraph as ox

        from ecoonto.targets.memory import oxigraph_result

        try:
            answer: Any = self._store.query(sparql, default_graph=ox.NamedNode(self._graph))
            return oxigraph_result(answer)
        except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
            raise InputError(f"query failed on {self.describe()}: {one_line(exc)}") from None


__all__ = [
    "InStore",
    "asserted_count",
    "on_endpoint",
    "on_memory",
    "on_store",
    "opened",
    "reason_in",
]
