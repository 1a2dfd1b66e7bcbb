"""OWL reasoning over an rdflib graph: HermiT and Pellet (through owlready2, need Java), in full or
hybrid with the OWL RL rules, or the OWL RL rules alone (ecoonto.rules, or the owlrl package).

``reason(graph, reasoner)`` answers whether the graph is consistent, which named classes are
unsatisfiable, and what the reasoner entails that the graph does not assert:

* class memberships ``(individual, class)``: every named class an individual belongs to (its
  realised types and all their named superclasses), less what the graph asserts, ``owl:Thing``
  and ``owl:NamedIndividual``;
* property assertions ``(subject, property, object)`` for the declared object and datatype
  properties, less what the graph asserts. owlready2 leaves out the inverse of a pair it already
  holds (it stores one direction only); they are added back here from ``owl:inverseOf``, so that
  HermiT, Pellet and owlrl report the same kind of facts.

How each reasoner is run:

* ``hermit`` / ``pellet``, ``mode="full"``: the graph, less its ``owl:imports`` triples (owlready2
  would fetch them over the network; merge what you import first), is written as N-Triples to a
  temporary folder and loaded into a fresh owlready2 ``World``; the reasoner runs with
  property-value inference and its results are read back from owlready2's inference ontology.
  On an inconsistent graph, Pellet is asked to ``explain`` and the axioms it names fill
  :attr:`Reasoning.explanation`. HermiT only says "Inconsistent ontology"; Pellet's explanation
  is added after that line when it can give one. Their time goes into realising every individual
  (HermiT's ``-I``; property-value inference adds little): about 10 s at 700-1,000 individuals.
* ``hermit`` / ``pellet``, ``mode="hybrid"``: the DL reasoner runs on the TBox only: the graph
  less the triples that have an ABox individual as subject or object. ABox individuals are the
  graph's individuals except those named in class expressions (``owl:oneOf``, ``owl:hasValue``),
  in ``owl:AllDifferent``, ``owl:sameAs`` or ``owl:differentFrom``, and the individuals their
  assertions point to: these stay with the TBox. That gives TBox consistency, the unsatisfiable
  classes, the class hierarchy and the facts about the TBox individuals. The OWL RL rules
  (:mod:`ecoonto.rules`, ``extended=True``) then close the whole graph with that hierarchy (and
  ``C rdfs:subClassOf owl:Nothing`` for each unsatisfiable class) and check the ABox's
  consistency; an inconsistent ABox is explained by the rules, naming the individuals.
  The hybrid gives the facts the DL reasoner would when the ABox inferences it makes are all
  rule inferences. Checked before running (else :class:`_HybridNotApplicable`), on the TBox:

  - every class expression in a superclass position (``rdfs:subClassOf`` object, either side of
    ``owl:equivalentClass``, a domain or range, an ``owl:allValuesFrom`` filler) is a named
    class, an ``owl:intersectionOf`` of such, ``owl:hasValue``, ``owl:allValuesFrom``,
    ``owl:maxCardinality`` / ``owl:maxQualifiedCardinality`` 0 or 1, an ``owl:oneOf`` only as
    the side of an equivalence, or an existential (below); so no ``owl:unionOf``,
    ``owl:complementOf`` or ``owl:oneOf`` superclass and no cardinality above 1;
  - every class expression in a subclass position (an equivalence's sides, an anonymous
    ``rdfs:subClassOf`` subject) is a named class, ``owl:intersectionOf``, ``owl:unionOf``,
    ``owl:someValuesFrom``, ``owl:hasValue`` or ``owl:oneOf``;
  - an existential superclass (``owl:someValuesFrom``; ``owl:minCardinality``,
    ``owl:cardinality``, ``owl:minQualifiedCardinality`` or ``owl:qualifiedCardinality`` 1) on a
    property ``p`` with a named filler, or an ``owl:hasValue`` filler on a property outside every
    chain, without an inverse and not inverse-functional, asserts an anonymous ``p`` value that
    must not reach named individuals: ``p`` and its super-properties are not transitive (a
    symmetric one counts as its own inverse), no strict super-property of ``p`` is functional (``p``
    itself may be: the rules then type its named value with the filler), no maximum cardinality 1 on
    ``p`` with a filler other than ``owl:Thing``, no ``owl:allValuesFrom`` on ``p``, its
    super-properties or their inverses, no other class defined by an existential on them; where
    ``p`` (or a super-property) is a link of a property chain, no later link (nor a
    sub-property of one) has an ``owl:hasValue`` restriction, none is ``p``'s or an inverse of it
    (the chain would come back to a named individual), and the chain's domain follows (told
    hierarchy) from the domain of its first link, so that the chain's anonymous end gives its
    start no other type (recursively for the chain's property); from the other end, where an
    inverse of ``p`` is a link of a chain: as the first link, the chain's range follows from its
    last link's range (recursively); as a later link, the link before it is no super-property of
    ``p`` and has no inverse with an ``owl:hasValue`` restriction;

  and after the closure: every individual in an enumerated class is one of its members (or
  ``owl:sameAs`` one), and the value of an ``owl:hasValue`` filler has the property's ranges.
  Outside this condition DL reasoning may go by cases (a fifth side is one of the four enumerated
  sides, so in their scheme; a member of a union of two classes is in their common superclass),
  which no rule does. ``mode="hybrid"`` then raises :class:`InputError`; ``mode="auto"`` runs the
  full reasoner with a note. The condition is checked, not proved to be sufficient in general;
  on ecoonto's ontology, its fixtures and generated industries hybrid and full give identical
  facts (tests/test_reasoning.py).
* ``hermit`` / ``pellet``, ``mode="auto"`` (default): ``full`` up to
  :data:`FULL_MODE_MAX_INDIVIDUALS` individuals, ``hybrid`` above when it applies.
* ``owlrl``: the OWL 2 RL closure by the rule engine of :mod:`ecoonto.rules` (SPARQL updates on
  an in-memory pyoxigraph store, no Java); it derives the same facts as the owlrl package, some
  50 times faster at 10^5 triples. When the graph uses vocabulary the engine has no rules for
  (:data:`ecoonto.rules.UNCOVERED`, e.g. datatype restrictions), the owlrl package runs instead,
  with a note. The graph is inconsistent when a consistency rule fails (e.g. two different
  values of a functional property declared ``owl:AllDifferent``, a member of two disjoint
  classes); the explanation names the rule, the resources and, for equalities, the functional
  property that forced them. OWL 2 RL covers ecoonto's defined classes: ``owl:hasValue`` and
  ``owl:someValuesFrom`` inside an ``owl:intersectionOf`` equivalent class (rules cls-hv1/2,
  cls-svf1, cls-int1/2) and the property chains (prp-spo2), so on the bundled data it derives the
  same side memberships and counterparties as HermiT. What it does not do: prove a class
  unsatisfiable without an individual in it, or reason by cases (``owl:oneOf``, ``owl:unionOf``
  as a superclass).
* ``owlrl-py``: the owlrl package itself (``owlrl.DeductiveClosure(OWLRL_Semantics)``) on a copy:
  inconsistent when it records an error or types a resource ``owl:Nothing``. Slow past 10^4
  triples; kept to compare with and as the engine's fallback.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ecoonto.errors import InputError, ReasonerUnavailableError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Literal as RDFLiteral
    from rdflib.term import URIRef

ReasonerName = Literal["hermit", "pellet", "owlrl", "owlrl-py"]
REASONERS: tuple[ReasonerName, ...] = ("hermit", "pellet", "owlrl", "owlrl-py")
Mode = Literal["full", "hybrid", "auto"]
MODES: tuple[Mode, ...] = ("full", "hybrid", "auto")

FULL_MODE_MAX_INDIVIDUALS = 500
"""In ``auto`` mode, HermiT and Pellet run on the whole graph up to this many individuals and in
hybrid mode above (measured: see README's reason section)."""

JAVA_MEMORY_MB = 2000
"""Java heap for HermiT and Pellet, in MB (``owlready2.reasoning.JAVA_MEMORY``)."""

EXPLAIN_TIMEOUT_S = 300
"""How long ``pellet explain`` may take on an inconsistent graph before it is given up."""

JAVA_FIX = (
    "install a Java runtime, e.g. apt-get install default-jre-headless,"
    " or use the Java-free --reasoner owlrl"
)

_OWL = "http://www.w3.org/2002/07/owl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INFERENCES_ONTOLOGY = "http://inferrences/"  # owlready2's spelling
_BUILTIN_NAMESPACES = (_OWL, _RDF, _RDFS, _XSD)


@dataclass(frozen=True)
class Reasoning:
    """What a reasoner concluded about a graph.

    ``memberships`` and ``property_assertions`` hold only what the graph does not assert (see the
    module docstring). On an inconsistent graph nothing is entailed that means anything: both are
    empty, and ``explanation`` says why, one line per axiom where the reasoner can tell;
    ``involved`` holds the IRIs of the graph's individuals named in the explanation.
    """

    reasoner: ReasonerName
    consistent: bool
    unsatisfiable: frozenset[URIRef] = frozenset()
    memberships: frozenset[tuple[URIRef, URIRef]] = frozenset()
    property_assertions: frozenset[tuple[URIRef, URIRef, URIRef | RDFLiteral]] = frozenset()
    explanation: list[str] = field(default_factory=list)
    involved: frozenset[URIRef] = frozenset()
    elapsed: float = 0.0
    method: str = ""
    """What ran, e.g. "HermiT", "HermiT on the TBox + OWL RL rules on the ABox"."""
    notes: list[str] = field(default_factory=list)
    """Remarks on how the reasoning was run (e.g. why the hybrid mode fell back to full)."""

    def inferred_graph(self) -> Graph:
        """The inferred memberships and property assertions as triples, ecoonto prefixes bound."""
        from rdflib import RDF

        from ecoonto.graphs import new_graph

        g = new_graph()
        for individual, cls in self.memberships:
            g.add((individual, RDF.type, cls))
        for triple in self.property_assertions:
            g.add(triple)
        return g

    def members_of(self, cls: str) -> set[str]:
        """The individuals inferred (not asserted) to be members of ``cls``, as IRI strings."""
        return {str(i) for i, c in self.memberships if str(c) == cls}

    def values_of(self, subject: str, prop: str) -> set[str]:
        """The inferred (not asserted) values of ``prop`` on ``subject``, as strings."""
        return {
            str(o) for s, p, o in self.property_assertions if str(s) == subject and str(p) == prop
        }


# --------------------------------------------------------------------------------------------
# Java


def _java_exe() -> str:
    import owlready2

    return str(owlready2.JAVA_EXE)


def java_available() -> bool:
    """True when a Java runtime answers ``java -version`` (HermiT and Pellet need one)."""
    exe = shutil.which(_java_exe())
    if exe is None:
        return False
    try:
        done = subprocess.run([exe, "-version"], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _require_java(reasoner: str) -> None:
    if not java_available():
        raise ReasonerUnavailableError(
            f"no Java runtime found to run {_display(reasoner)} ('{_java_exe()}' is not on PATH"
            f" or does not start): {JAVA_FIX}"
        )


def _display(reasoner: str) -> str:
    names = {"hermit": "HermiT", "pellet": "Pellet", "owlrl": "owlrl", "owlrl-py": "owlrl"}
    return names.get(reasoner, reasoner)


# --------------------------------------------------------------------------------------------
# Entry point


def reason(
    graph: Graph,
    reasoner: ReasonerName = "hermit",
    mode: Mode = "auto",
    *,
    full_max_individuals: int | None = None,
) -> Reasoning:
    """Run ``reasoner`` on ``graph`` (left unchanged) and report what it concludes.

    ``mode`` applies to HermiT and Pellet: ``full`` runs the DL reasoner on the whole graph,
    ``hybrid`` on the TBox only with the OWL RL rules on the ABox (see the module docstring for
    when that is allowed), ``auto`` runs ``full`` up to ``full_max_individuals`` individuals
    (default :data:`FULL_MODE_MAX_INDIVIDUALS`) and ``hybrid`` above, falling back to ``full``
    when the hybrid does not apply. ``owlrl`` and ``owlrl-py`` ignore it.

    Raises :class:`ReasonerUnavailableError` when HermiT or Pellet cannot run (no Java), and
    :class:`InputError` when the reasoner rejects the input or ``mode="hybrid"`` cannot be used.
    """
    if reasoner not in REASONERS:
        raise InputError(f"unknown reasoner '{reasoner}': use one of {', '.join(REASONERS)}")
    if mode not in MODES:
        raise InputError(f"unknown mode '{mode}': use one of {', '.join(MODES)}")
    start = time.perf_counter()
    notes: list[str] = []
    if reasoner == "owlrl":
        outcome, method = _reason_rules(graph, notes)
    elif reasoner == "owlrl-py":
        outcome, method = _reason_owlrl(graph), "owlrl, the Python package"
    else:
        outcome, method = _reason_dl(graph, reasoner, mode, full_max_individuals, notes)
    return Reasoning(
        reasoner=reasoner,
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


def _reason_dl(
    graph: Graph,
    reasoner: Literal["hermit", "pellet"],
    mode: Mode,
    full_max_individuals: int | None,
    notes: list[str],
) -> tuple[_Outcome, str]:
    name = _display(reasoner)
    limit = FULL_MODE_MAX_INDIVIDUALS if full_max_individuals is None else full_max_individuals
    if mode == "full":
        return _reason_owlready(graph, reasoner), name
    vocab = _vocabulary(graph)
    if mode == "auto" and len(vocab.individuals) <= limit:
        return _reason_owlready(graph, reasoner), name
    try:
        outcome = _reason_hybrid(graph, reasoner, vocab)
    except _HybridNotApplicable as exc:
        if mode == "hybrid":
            raise InputError(
                f"--mode hybrid cannot be used on this input: {exc}; use --mode full"
            ) from None
        notes.append(f"hybrid mode not applicable ({exc}): ran {name} on the whole graph")
        return _reason_owlready(graph, reasoner), name
    return outcome, f"{name} on the TBox + OWL RL rules on the ABox"


@dataclass
class _Outcome:
    consistent: bool
    unsatisfiable: frozenset[URIRef] = frozenset()
    memberships: frozenset[tuple[URIRef, URIRef]] = frozenset()
    property_assertions: frozenset[tuple[URIRef, URIRef, URIRef | RDFLiteral]] = frozenset()
    explanation: list[str] = field(default_factory=list)
    involved: frozenset[URIRef] = frozenset()


# --------------------------------------------------------------------------------------------
# What the input declares


@dataclass
class _Vocabulary:
    classes: set[URIRef]
    properties: set[URIRef]
    inverses: dict[URIRef, set[URIRef]]
    superproperties: dict[URIRef, set[URIRef]]
    schema: set[URIRef]
    individuals: set[URIRef]


def _vocabulary(graph: Graph) -> _Vocabulary:
    from rdflib import OWL, RDF, RDFS, URIRef

    classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    classes |= {c for c in graph.subjects(RDF.type, RDFS.Class) if isinstance(c, URIRef)}
    classes = {c for c in classes if not _is_builtin(c)}
    properties: set[URIRef] = set()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        properties |= {p for p in graph.subjects(RDF.type, kind) if isinstance(p, URIRef)}
    inverses: dict[URIRef, set[URIRef]] = {}
    for p, q in graph.subject_objects(OWL.inverseOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            inverses.setdefault(p, set()).add(q)
            inverses.setdefault(q, set()).add(p)
    superproperties: dict[URIRef, set[URIRef]] = {}
    for p, q in graph.subject_objects(RDFS.subPropertyOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef) and p != q:
            superproperties.setdefault(p, set()).add(q)
    for p, q in graph.subject_objects(OWL.equivalentProperty):
        if isinstance(p, URIRef) and isinstance(q, URIRef) and p != q:
            superproperties.setdefault(p, set()).add(q)
            superproperties.setdefault(q, set()).add(p)
    schema = {
        s
        for s, o in graph.subject_objects(RDF.type)
        if isinstance(s, URIRef)
        and isinstance(o, URIRef)
        and _is_builtin(o)
        and o != OWL.NamedIndividual
    }
    individuals = {
        s
        for s, o in graph.subject_objects(RDF.type)
        if isinstance(s, URIRef) and s not in schema and (o == OWL.NamedIndividual or o in classes)
    }
    return _Vocabulary(classes, properties, inverses, superproperties, schema, individuals)


def _is_builtin(iri: str) -> bool:
    return iri.startswith(_BUILTIN_NAMESPACES)


def _superclasses(
    graph: Graph, extra: Iterable[tuple[URIRef, URIRef]]
) -> dict[URIRef, set[URIRef]]:
    """Each named class -> itself and every named class it is a subclass of (transitively)."""
    from rdflib import OWL, RDFS, URIRef

    parents: dict[URIRef, set[URIRef]] = {}

    def link(a: object, b: object) -> None:
        if isinstance(a, URIRef) and isinstance(b, URIRef) and a != b:
            parents.setdefault(a, set()).add(b)

    for a, b in graph.subject_objects(RDFS.subClassOf):
        link(a, b)
    for a, b in graph.subject_objects(OWL.equivalentClass):
        link(a, b)
        link(b, a)
    for a, b in extra:
        link(a, b)
    closure: dict[URIRef, set[URIRef]] = {}

    def ancestors(c: URIRef) -> set[URIRef]:
        if c in closure:
            return closure[c]
        seen = {c}
        stack = [c]
        while stack:
            for parent in parents.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        closure[c] = seen
        return seen

    for c in list(parents):
        ancestors(c)
    return closure


def _new_memberships(
    graph: Graph,
    vocab: _Vocabulary,
    types: Iterable[tuple[URIRef, URIRef]],
    subclass_links: Iterable[tuple[URIRef, URIRef]] = (),
) -> frozenset[tuple[URIRef, URIRef]]:
    """Memberships entailed by the asserted and the given types through the class hierarchy,
    less those the graph asserts."""
    from rdflib import RDF, URIRef

    supers = _superclasses(graph, subclass_links)
    asserted = {
        (s, o)
        for s, o in graph.subject_objects(RDF.type)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    }
    entailed: set[tuple[URIRef, URIRef]] = set()
    for s, c in [*asserted, *types]:
        if s in vocab.schema or _is_builtin(s):
            continue  # a class, property or ontology: not an individual
        for sup in supers.get(c, {c}):
            if sup in vocab.classes and not _is_builtin(sup):
                entailed.add((s, sup))
    return frozenset(entailed - asserted)


def _new_assertions(
    graph: Graph,
    vocab: _Vocabulary,
    candidates: Iterable[tuple[URIRef, URIRef, URIRef | RDFLiteral]],
) -> frozenset[tuple[URIRef, URIRef, URIRef | RDFLiteral]]:
    """Candidate property assertions on declared properties, closed under ``owl:inverseOf`` and
    ``rdfs:subPropertyOf``, less what the graph asserts.

    HermiT (through owlready2) reports neither the inverse of a pair owlready2 already holds nor
    the values a super-property gets from its sub-properties (``prov:wasDerivedFrom`` from
    ``eco:fromSection``); both are entailed, and added here.
    """
    from rdflib import Literal, URIRef

    Triple = tuple[URIRef, URIRef, URIRef | Literal]
    found: set[Triple] = {
        t for t in candidates if t[1] in vocab.properties and isinstance(t[0], URIRef)
    }
    linked = set(vocab.inverses) | set(vocab.superproperties)
    todo: list[Triple] = [*found]
    todo += [
        (s, prop, o)
        for prop in linked
        for s, o in graph.subject_objects(prop)
        if isinstance(s, URIRef) and isinstance(o, URIRef | Literal)
    ]
    while todo:
        s, p, o = todo.pop()
        derived: list[Triple] = [(s, q, o) for q in vocab.superproperties.get(p, ())]
        if isinstance(o, URIRef):
            derived += [(o, q, s) for q in vocab.inverses.get(p, ())]
        for t in derived:
            if t not in found:
                found.add(t)
                todo.append(t)
    return frozenset(t for t in found if t not in graph)


def _iris_in(lines: Iterable[str], vocab: _Vocabulary) -> frozenset[URIRef]:
    """The graph's individuals named in ``lines``, by full IRI or by unique local name."""
    by_iri = {str(ind): ind for ind in vocab.individuals}
    by_local: dict[str, list[URIRef]] = {}
    for ind in vocab.individuals:
        by_local.setdefault(_local_name(ind), []).append(ind)
    found: set[URIRef] = set()
    for line in lines:
        for token in re.findall(r"[^\s(),<>]+", line):
            token = token.strip("'\"")
            if token in by_iri:
                found.add(by_iri[token])
            elif len(by_local.get(token, [])) == 1:
                found.add(by_local[token][0])
    return frozenset(found)


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


# --------------------------------------------------------------------------------------------
# HermiT and Pellet through owlready2


def _reason_owlready(graph: Graph, reasoner: Literal["hermit", "pellet"]) -> _Outcome:
    from rdflib import OWL

    from ecoonto.graphs import new_graph

    vocab = _vocabulary(graph)
    data = new_graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            data.add(triple)
    found = _run_owlready(data, reasoner, vocab)
    if isinstance(found, _Outcome):
        return found
    return _read_inferences(graph, vocab, found)


def _run_owlready(
    data: Graph, reasoner: Literal["hermit", "pellet"], vocab: _Vocabulary
) -> Graph | _Outcome:
    """Run HermiT or Pellet on ``data`` (no ``owl:imports``): owlready2's inferences as a graph,
    or the inconsistent outcome with its explanation."""
    _require_java(reasoner)
    import owlready2
    import owlready2.reasoning

    from ecoonto.graphs import new_graph

    owlready2.reasoning.JAVA_MEMORY = JAVA_MEMORY_MB
    with tempfile.TemporaryDirectory(prefix="ecoonto-reason-") as tmp:
        source = Path(tmp) / "input.nt"
        source.write_bytes(data.serialize(format="nt", encoding="utf-8"))
        world = owlready2.World()
        try:
            world.get_ontology(source.as_uri()).load()
            try:
                if reasoner == "hermit":
                    owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
                else:
                    # Not infer_data_property_values: owlready2 0.49 reads Pellet's data-value
                    # lines as class axioms when a literal holds " = " or " - " (as the
                    # bundled data's do) and puts junk into the results.
                    owlready2.sync_reasoner_pellet(world, infer_property_values=True, debug=0)
            except owlready2.OwlReadyInconsistentOntologyError as exc:
                lines = _inconsistency_lines(reasoner, str(exc))
                lines += _pellet_explain(data, Path(tmp), labelled=reasoner == "hermit")
                return _Outcome(
                    consistent=False, explanation=lines, involved=_iris_in(lines, vocab)
                )
            except owlready2.OwlReadyJavaError as exc:
                raise _java_failure(reasoner, str(exc)) from None
            except OSError as exc:  # java vanished between the check and the run
                raise ReasonerUnavailableError(
                    f"cannot start Java for {_display(reasoner)} ({exc.strerror}): {JAVA_FIX}"
                ) from None
            inferred = Path(tmp) / "inferred.nt"
            world.get_ontology(_INFERENCES_ONTOLOGY).save(str(inferred), format="ntriples")
        finally:
            world.close()
        result = new_graph()
        result.parse(inferred, format="nt")
    return result


def _read_inferences(graph: Graph, vocab: _Vocabulary, inferred: Graph) -> _Outcome:
    from rdflib import OWL, RDF, RDFS, Literal, URIRef

    unsatisfiable = frozenset(
        c
        for c in inferred.subjects(OWL.equivalentClass, OWL.Nothing)
        if isinstance(c, URIRef) and c != OWL.Nothing
    )
    subclass_links = [
        (a, b)
        for a, b in inferred.subject_objects(RDFS.subClassOf)
        if isinstance(a, URIRef) and isinstance(b, URIRef)
    ]
    types = [
        (s, o)
        for s, o in inferred.subject_objects(RDF.type)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    ]
    candidates: list[tuple[URIRef, URIRef, URIRef | RDFLiteral]] = [
        (s, p, o)
        for s, p, o in inferred
        if isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef | Literal)
    ]
    return _Outcome(
        consistent=True,
        unsatisfiable=unsatisfiable,
        memberships=_new_memberships(graph, vocab, types, subclass_links),
        property_assertions=_new_assertions(graph, vocab, candidates),
    )


def _inconsistency_lines(reasoner: str, message: str) -> list[str]:
    """The reasoner's own verdict, without owlready2's wrapping and Java's noise."""
    said = " ".join(line for line in message.splitlines() if "inconsistent" in line.lower())
    said = said.replace("Java error message is:", "").replace("ERROR:", "")
    said = said.split(", run")[0].strip() or "Inconsistent ontology"
    return [f"{_display(reasoner)}: {said}"]


def _java_failure(reasoner: str, message: str) -> Exception:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("at ") and "Java error" not in line]
    detail = lines[0] if lines else "no message"
    unavailable = (
        "UnsupportedClassVersionError",
        "Could not create the Java Virtual Machine",
        "OutOfMemoryError",
        "Error occurred during initialization of VM",
    )
    if any(marker in message for marker in unavailable):
        return ReasonerUnavailableError(
            f"{_display(reasoner)} could not run on this Java ({detail}):"
            f" check the Java runtime or JAVA_MEMORY, or use the Java-free --reasoner owlrl"
        )
    return InputError(f"{_display(reasoner)} rejected the input: {detail}")


def _pellet_explain(data: Graph, tmp: Path, labelled: bool) -> list[str]:
    """The axioms ``pellet explain`` gives for an inconsistency, one per line ([] if it can't)."""
    import owlready2
    import owlready2.reasoning

    source = tmp / "explain.owl"
    try:
        source.write_bytes(data.serialize(format="xml", encoding="utf-8"))
    except Exception:  # rdflib cannot write some predicates as RDF/XML: OWLAPI reads Turtle too
        source = tmp / "explain.ttl"
        source.write_bytes(data.serialize(format="turtle", encoding="utf-8"))
    command = [
        str(owlready2.JAVA_EXE),
        f"-Xmx{JAVA_MEMORY_MB}M",
        "-cp",
        owlready2.reasoning._PELLET_CLASSPATH,
        "pellet.Pellet",
        "explain",
        "--ignore-imports",
        "--inconsistent",
        source.as_uri(),
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=EXPLAIN_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    axioms = parse_pellet_explanation(done.stdout.decode("utf-8", "replace"))
    if not axioms:
        return []
    if labelled:
        return ["Pellet explains it with these axioms:", *axioms]
    return ["these axioms are involved:", *axioms]


def parse_pellet_explanation(text: str) -> list[str]:
    """The axioms of ``pellet explain`` output, each on one line (multi-line axioms joined)."""
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("Explanation(s)"))
    except StopIteration:
        return []
    axioms: list[str] = []
    current = ""
    for raw in lines[start + 1 :]:
        line = re.sub(r"^\s*\d+\)\s+", "", raw).strip()
        if not line:
            continue
        current = f"{current} {line}" if current else line
        if current.count("(") <= current.count(")"):
            axioms.append(" ".join(current.split()))
            current = ""
    if current:
        axioms.append(" ".join(current.split()))
    return axioms


# --------------------------------------------------------------------------------------------
# owlrl


def _reason_owlrl(graph: Graph) -> _Outcome:
    import owlrl
    from owlrl.Namespaces import ERRNS
    from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

    vocab = _vocabulary(graph)
    closure = Graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)

    errors = sorted(str(m) for m in closure.objects(None, ERRNS.error))
    nothing = sorted(str(s) for s in closure.subjects(RDF.type, OWL.Nothing))
    if errors or nothing:
        lines = [f"owlrl: {e}" for e in errors]
        lines += [f"owlrl: {s} is a member of owl:Nothing" for s in nothing]
        return _Outcome(consistent=False, explanation=lines, involved=_iris_in(lines, vocab))

    unsatisfiable = {
        c
        for rel in (RDFS.subClassOf, OWL.equivalentClass)
        for c in closure.subjects(rel, OWL.Nothing)
        if isinstance(c, URIRef) and c != OWL.Nothing and c in vocab.classes
    }
    types = [
        (s, o)
        for s, o in closure.subject_objects(RDF.type)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    ]
    candidates: list[tuple[URIRef, URIRef, URIRef | RDFLiteral]] = [
        (s, p, o)
        for p in vocab.properties
        for s, o in closure.subject_objects(p)
        if isinstance(s, URIRef)
        and isinstance(p, URIRef)
        and (isinstance(o, URIRef) or (isinstance(o, Literal) and (s, p, o) not in graph))
    ]
    return _Outcome(
        consistent=True,
        unsatisfiable=frozenset(unsatisfiable),
        memberships=_new_memberships(graph, vocab, types),
        property_assertions=_new_assertions(graph, vocab, candidates),
    )


# --------------------------------------------------------------------------------------------
# The OWL RL rule engine (ecoonto.rules) on pyoxigraph


def _reason_rules(graph: Graph, notes: list[str]) -> tuple[_Outcome, str]:
    """``--reasoner owlrl``: the rule engine, or the owlrl package when the graph uses a construct
    the engine has no rules for."""
    from ecoonto import rules

    vocab = _vocabulary(graph)
    conv = _Terms()
    store = _to_store(graph, conv)
    uncovered = rules.uncovered_constructs(store)
    if uncovered:
        names = ", ".join(sorted(_short(u) for u in uncovered))
        notes.append(f"the OWL RL rule engine does not cover {names}: ran the owlrl package")
        return _reason_owlrl(graph), "owlrl, the Python package"
    original = set(store)
    done = rules.closure(store)
    if not done.consistent:
        return _violations_outcome(done.violations, vocab), "owlrl, OWL RL rules on pyoxigraph"
    unsatisfiable = _unsatisfiable_in(store, vocab, conv)
    types, candidates = _new_facts(store, original, vocab, conv)
    outcome = _Outcome(
        consistent=True,
        unsatisfiable=unsatisfiable,
        memberships=_new_memberships(graph, vocab, types),
        property_assertions=_new_assertions(graph, vocab, candidates),
    )
    return outcome, "owlrl, OWL RL rules on pyoxigraph"


def _short(iri: str) -> str:
    for prefix, ns in (("owl:", _OWL), ("rdf:", _RDF), ("rdfs:", _RDFS), ("xsd:", _XSD)):
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return f"<{iri}>"


class _Terms:
    """Converts terms between rdflib and pyoxigraph, both ways, keeping blank nodes apart."""

    def __init__(self) -> None:
        self.to_ox: dict[object, object] = {}
        self.to_rdflib: dict[object, object] = {}

    def ox(self, term: object) -> Any:
        found = self.to_ox.get(term)
        if found is not None:
            return found
        import pyoxigraph as ox
        from rdflib import BNode, Literal, URIRef

        from ecoonto.rdf.terms import ToOxigraph

        node: object
        if isinstance(term, BNode):
            node = ox.BlankNode()
        elif isinstance(term, URIRef | Literal):
            node = ToOxigraph().term(term)  # the one converter: lexical forms kept
        else:
            raise InputError(f"cannot reason over the term {term!r}")
        self.to_ox[term] = node
        self.to_rdflib[node] = term
        return node

    def rdflib(self, term: object) -> Any:
        found = self.to_rdflib.get(term)
        if found is not None:
            return found
        import pyoxigraph as ox
        from rdflib import BNode

        from ecoonto.rdf.terms import to_rdflib

        node: object
        if isinstance(term, ox.BlankNode):
            node = BNode()
        elif isinstance(term, ox.NamedNode | ox.Literal):
            node = to_rdflib(term)  # the one converter: lexical forms kept
        else:
            raise InputError(f"cannot read back the term {term!r}")
        self.to_rdflib[term] = node
        self.to_ox[node] = term
        return node


def _to_store(graph: Graph, conv: _Terms, extra: Iterable[tuple[Any, Any, Any]] = ()) -> Any:
    """A pyoxigraph store of ``graph`` (less ``owl:imports``) and ``extra`` (rdflib triples)."""
    import pyoxigraph as ox
    from rdflib import OWL

    imports = OWL.imports
    term = conv.ox
    store = ox.Store()
    store.extend(
        ox.Quad(term(s), term(p), term(o))
        for triples in (graph, extra)
        for s, p, o in triples
        if p != imports
    )
    return store


def _new_facts(
    store: Any, original: set[Any], vocab: _Vocabulary, conv: _Terms
) -> tuple[list[tuple[URIRef, URIRef]], list[tuple[URIRef, URIRef, URIRef | RDFLiteral]]]:
    """The types and declared-property assertions in ``store`` that are not in ``original``, as
    rdflib terms (the candidates :func:`_new_memberships` and :func:`_new_assertions` filter)."""
    import pyoxigraph as ox

    rdf_type = f"{_RDF}type"
    classes = {str(c) for c in vocab.classes}
    properties = {str(p) for p in vocab.properties}
    types: list[tuple[URIRef, URIRef]] = []
    candidates: list[tuple[URIRef, URIRef, URIRef | RDFLiteral]] = []
    for quad in store:
        if quad in original or not isinstance(quad.subject, ox.NamedNode):
            continue
        pred = quad.predicate.value
        if pred == rdf_type:
            if isinstance(quad.object, ox.NamedNode) and quad.object.value in classes:
                types.append((conv.rdflib(quad.subject), conv.rdflib(quad.object)))
        elif pred in properties and not isinstance(quad.object, ox.BlankNode):
            candidates.append(
                (conv.rdflib(quad.subject), conv.rdflib(quad.predicate), conv.rdflib(quad.object))
            )
    return types, candidates


def _unsatisfiable_in(store: Any, vocab: _Vocabulary, conv: _Terms) -> frozenset[URIRef]:
    """Declared classes the closed ``store`` makes subclasses of ``owl:Nothing``."""
    import pyoxigraph as ox

    nothing = ox.NamedNode(f"{_OWL}Nothing")
    found = set()
    for pred in (f"{_RDFS}subClassOf", f"{_OWL}equivalentClass"):
        for quad in store.quads_for_pattern(None, ox.NamedNode(pred), nothing):
            c = conv.rdflib(quad.subject)
            if c in vocab.classes:
                found.add(c)
    return frozenset(found)


def _violations_outcome(violations: Iterable[Any], vocab: _Vocabulary) -> _Outcome:
    lines = [f"OWL RL rules: {v.rule}: {v.message}" for v in violations]
    return _Outcome(consistent=False, explanation=lines, involved=_iris_in(lines, vocab))


# --------------------------------------------------------------------------------------------
# Hybrid: HermiT or Pellet on the TBox, the OWL RL rules on the ABox


class _HybridNotApplicable(Exception):
    """The hybrid mode cannot vouch for this input (the message says why)."""


def _reason_hybrid(
    graph: Graph, reasoner: Literal["hermit", "pellet"], vocab: _Vocabulary
) -> _Outcome:
    """HermiT or Pellet on the TBox, then the rule engine on TBox + inferred hierarchy + ABox.

    Raises :class:`_HybridNotApplicable` when the TBox uses a construct whose ABox consequences
    the rules may miss (see :class:`_HybridChecks`).
    """
    import pyoxigraph as ox
    from rdflib import OWL, RDF, RDFS, Literal, URIRef

    from ecoonto import rules
    from ecoonto.graphs import new_graph

    checks = _HybridChecks(graph, vocab)
    if checks.obstacles:
        raise _HybridNotApplicable(checks.obstacles[0])
    tbox_individuals = _tbox_individuals(graph, vocab)
    conv = _Terms()
    store = _to_store(graph, conv)
    original = set(store)
    abox = {conv.ox(i) for i in vocab.individuals - tbox_individuals}
    tbox = new_graph()
    back = conv.rdflib
    tbox.addN(
        (back(q.subject), back(q.predicate), back(q.object), tbox)
        for q in original
        if q.subject not in abox and q.object not in abox
    )
    # The DL reasoner (a Java process) classifies the TBox while the rules close the graph;
    # its hierarchy is then added and the closure resumed.
    from concurrent.futures import ThreadPoolExecutor

    _require_java(reasoner)
    with ThreadPoolExecutor(max_workers=1) as pool:
        running = pool.submit(_run_owlready, tbox, reasoner, vocab)
        rules.closure(store, extended=True, checks=False)
        found = running.result()
    if isinstance(found, _Outcome):
        found.explanation.insert(0, f"{_display(reasoner)} finds the TBox inconsistent:")
        return found
    unsatisfiable = frozenset(
        c
        for c in found.subjects(OWL.equivalentClass, OWL.Nothing)
        if isinstance(c, URIRef) and c != OWL.Nothing
    )
    subclass_links = [
        (a, b)
        for a, b in found.subject_objects(RDFS.subClassOf)
        if isinstance(a, URIRef) and isinstance(b, URIRef)
    ]
    extra: list[tuple[Any, Any, Any]] = [(a, RDFS.subClassOf, b) for a, b in subclass_links]
    extra += [(c, RDFS.subClassOf, OWL.Nothing) for c in unsatisfiable]
    extra += [
        (s, p, o)
        for s, p, o in found
        if isinstance(s, URIRef)
        and isinstance(o, URIRef | Literal)
        and (p == RDF.type or p in vocab.properties)
        and not (isinstance(o, URIRef) and _is_builtin(o))
    ]
    term = conv.ox
    store.extend(ox.Quad(term(s), term(p), term(o)) for s, p, o in extra)
    done = rules.closure(store, extended=True)
    if not done.consistent:
        outcome = _violations_outcome(done.violations, vocab)
        outcome.explanation.insert(
            0, f"{_display(reasoner)} finds the TBox consistent; the OWL RL rules on the ABox:"
        )
        return outcome
    left = checks.after_closure(store, conv)
    if left:
        raise _HybridNotApplicable(left[0])
    types, candidates = _new_facts(store, original, vocab, conv)
    types += [(s, o) for s, p, o in extra if p == RDF.type]
    return _Outcome(
        consistent=True,
        unsatisfiable=unsatisfiable,
        memberships=_new_memberships(graph, vocab, types, subclass_links),
        property_assertions=_new_assertions(graph, vocab, candidates),
    )


def _tbox_individuals(graph: Graph, vocab: _Vocabulary) -> set[URIRef]:
    """Individuals that go to the DL reasoner with the TBox: those named in class expressions
    (``owl:oneOf``, ``owl:hasValue``), in ``owl:AllDifferent``, ``owl:sameAs`` or
    ``owl:differentFrom``, and the individuals their own assertions point to."""
    from rdflib import OWL, RDF, URIRef
    from rdflib.collection import Collection

    named: set[URIRef] = set()
    for lst in graph.objects(None, OWL.oneOf):
        named |= {m for m in Collection(graph, lst) if isinstance(m, URIRef)}
    for d in graph.subjects(RDF.type, OWL.AllDifferent):
        for pred in (OWL.distinctMembers, OWL.members):
            for lst in graph.objects(d, pred):
                named |= {m for m in Collection(graph, lst) if isinstance(m, URIRef)}
    named |= {v for v in graph.objects(None, OWL.hasValue) if isinstance(v, URIRef)}
    for pred in (OWL.sameAs, OWL.differentFrom):
        for s, o in graph.subject_objects(pred):
            named |= {t for t in (s, o) if isinstance(t, URIRef)}
    named &= vocab.individuals
    todo = list(named)
    while todo:
        for o in graph.objects(todo.pop(), None):
            if isinstance(o, URIRef) and o in vocab.individuals and o not in named:
                named.add(o)
                todo.append(o)
    return named


class _HybridChecks:
    """Whether the rules on the ABox find every fact HermiT/Pellet would: the condition of the
    hybrid mode (module docstring), checked on the TBox before and on the closure after."""

    def __init__(self, graph: Graph, vocab: _Vocabulary) -> None:
        from rdflib import OWL, RDF, RDFS, URIRef
        from rdflib.collection import Collection

        self.graph = graph
        self.vocab = vocab
        self.obstacles: list[str] = []
        self.enumerations: list[tuple[object, set[object]]] = []
        self.value_ranges: list[tuple[URIRef, object]] = []
        g = graph
        self.supers = {p: self._closure(p, vocab.superproperties) for p in vocab.properties}
        subs: dict[URIRef, set[URIRef]] = {}
        for p, ups in self.supers.items():
            for q in ups:
                subs.setdefault(q, set()).add(p)
        self.subs = subs
        self.chains: dict[URIRef, list[URIRef]] = {}
        for r, lst in g.subject_objects(OWL.propertyChainAxiom):
            if isinstance(r, URIRef):
                self.chains[r] = [m for m in Collection(g, lst) if isinstance(m, URIRef)]
        self.avf = {
            p for r in g.subjects(OWL.allValuesFrom, None) for p in g.objects(r, OWL.onProperty)
        }
        self.hv = {p for r in g.subjects(OWL.hasValue, None) for p in g.objects(r, OWL.onProperty)}
        self.functional = set(g.subjects(RDF.type, OWL.FunctionalProperty))
        self.transitive = set(g.subjects(RDF.type, OWL.TransitiveProperty))
        # A symmetric property is its own inverse.
        self.inverses: dict[Any, set[Any]] = {p: set(qs) for p, qs in vocab.inverses.items()}
        for sym in g.subjects(RDF.type, OWL.SymmetricProperty):
            self.inverses.setdefault(sym, set()).add(sym)
        self.max1 = {
            p
            for pred in (OWL.maxCardinality, OWL.cardinality)
            for r, n in g.subject_objects(pred)
            if _int(n) == 1
            for p in g.objects(r, OWL.onProperty)
        }
        self.sub_svf: dict[object, set[object]] = {}  # property -> expressions (sub position)
        self.class_supers = _superclasses(g, ())
        self._seen: set[tuple[str, object]] = set()
        for a, b in g.subject_objects(RDFS.subClassOf):
            self._sub(a, None)
            self._super(b, a)
        for a, b in g.subject_objects(OWL.equivalentClass):
            for x, y in ((a, b), (b, a)):
                self._sub(x, y)
                self._super(x, y, equivalence=True)
        for pred in (RDFS.domain, RDFS.range):
            for c in g.objects(None, pred):
                self._super(c, None)

    # -- the TBox

    def _closure(self, p: Any, edges: dict[Any, set[Any]]) -> set[Any]:
        seen = {p}
        todo = [p]
        while todo:
            for q in edges.get(todo.pop(), ()):
                if q not in seen:
                    seen.add(q)
                    todo.append(q)
        return seen

    def _obstacle(self, text: str) -> None:
        if text not in self.obstacles:
            self.obstacles.append(text)

    def _name(self, node: Any) -> str:
        from rdflib import URIRef

        if isinstance(node, URIRef):
            return node.n3(self.graph.namespace_manager)
        return "an anonymous class"

    def _sub(self, e: Any, owner: Any) -> None:
        """``e`` in a subclass position: OWL 2 RL subclass expressions only."""
        from rdflib import OWL, URIRef
        from rdflib.collection import Collection

        g = self.graph
        if isinstance(e, URIRef):
            return
        for lst in g.objects(e, OWL.intersectionOf):
            for m in Collection(g, lst):
                self._sub(m, owner)
            return
        for lst in g.objects(e, OWL.unionOf):
            for m in Collection(g, lst):
                self._sub(m, owner)
            return
        if (e, OWL.oneOf, None) in g or (e, OWL.hasValue, None) in g:
            return
        for filler in g.objects(e, OWL.someValuesFrom):
            for p in g.objects(e, OWL.onProperty):
                self.sub_svf.setdefault(p, set()).add(owner)
            self._sub(filler, owner)
            return
        what = self._construct(e)
        self._obstacle(f"{what} in a subclass position (as in an equivalence)")

    def _construct(self, e: Any) -> str:
        for p, _ in self.graph.predicate_objects(e):
            if str(p).startswith(_OWL) and str(p) not in (f"{_OWL}onProperty", f"{_OWL}onClass"):
                return _short(str(p))
        return "a class expression"

    def _super(self, e: Any, owner: Any, equivalence: bool = False) -> None:
        """``e`` in a superclass position, ``owner`` the class it describes."""
        from rdflib import OWL, URIRef
        from rdflib.collection import Collection

        g = self.graph
        if isinstance(e, URIRef):
            return
        for lst in g.objects(e, OWL.intersectionOf):
            for m in Collection(g, lst):
                self._super(m, owner)
            return
        for lst in g.objects(e, OWL.oneOf):
            if not equivalence:
                self._obstacle("owl:oneOf as a superclass (reasoning by cases)")
            self.enumerations.append((e, set(Collection(g, lst))))
            return
        if (e, OWL.hasValue, None) in g:
            return
        for filler in g.objects(e, OWL.allValuesFrom):
            self._super(filler, owner)
            return
        prop = g.value(e, OWL.onProperty)
        for pred in (OWL.maxCardinality, OWL.maxQualifiedCardinality):
            for n in g.objects(e, pred):
                if _int(n) > 1:
                    self._obstacle(f"{_short(str(pred))} {n} (above 1)")
                return
        for filler in g.objects(e, OWL.someValuesFrom):
            self._existential(prop, filler, owner)
            return
        for pred in (
            OWL.cardinality,
            OWL.qualifiedCardinality,
            OWL.minCardinality,
            OWL.minQualifiedCardinality,
        ):
            for n in g.objects(e, pred):
                if _int(n) > 1:
                    self._obstacle(f"{_short(str(pred))} {n} (above 1)")
                elif _int(n) == 1:
                    self._existential(prop, g.value(e, OWL.onClass, default=OWL.Thing), owner)
                return
        what = self._construct(e)
        self._obstacle(f"{what} as a superclass (reasoning by cases)")

    def _existential(self, prop: Any, filler: Any, owner: Any) -> None:
        """An existential restriction as a superclass: the anonymous value it asserts must not
        give named individuals facts the rules cannot derive."""
        from rdflib import OWL, URIRef

        g = self.graph
        name = f"the existential restriction on {self._name(prop)} of {self._name(owner)}"
        if not isinstance(prop, URIRef) or prop not in self.vocab.properties:
            self._obstacle(f"{name}: not on a declared property")
            return
        if not isinstance(filler, URIRef):
            value = g.value(filler, OWL.hasValue)
            q = g.value(filler, OWL.onProperty)
            if (
                value is None
                or not isinstance(q, URIRef)
                or len(set(g.predicate_objects(filler))) > 3
            ):
                self._obstacle(f"{name}: its filler is not a named class or an owl:hasValue")
                return
            for s in self.supers.get(q, {q}):
                if any(s in links for links in self.chains.values()):
                    self._obstacle(f"{name}: {self._name(s)} is in a property chain")
                if s in self.inverses or (s, OWL.inverseOf, None) in g:
                    self._obstacle(f"{name}: {self._name(s)} has an inverse")
                if (s, None, OWL.InverseFunctionalProperty) in g:
                    self._obstacle(f"{name}: {self._name(s)} is inverse-functional")
            self.value_ranges.append((q, value))
        family = self.supers.get(prop, {prop})
        if any(s in self.functional for s in family - {prop}):
            self._obstacle(f"{name}: a super-property of it is functional")
        if family & self.transitive:
            self._obstacle(f"{name}: it or a super-property of it is transitive")
        if prop in self.max1 and prop not in self.functional and filler != OWL.Thing:
            self._obstacle(f"{name}: a maximum cardinality 1 applies to it")
        for s in family:
            if s in self.avf or any(i in self.avf for i in self.inverses.get(s, ())):
                self._obstacle(f"{name}: owl:allValuesFrom on {self._name(s)} or its inverse")
            for other in self.sub_svf.get(s, set()) - {owner}:
                self._obstacle(
                    f"{name}: {self._name(other)} is defined by an existential on {self._name(s)}"
                )
        self._anon_object(prop, family, name)

    def _domains(self, p: Any) -> set[Any]:
        from rdflib import RDFS

        found = set()
        for s in self.supers.get(p, {p}):
            found |= set(self.graph.objects(s, RDFS.domain))
            for i in self.inverses.get(s, ()):
                found |= set(self.graph.objects(i, RDFS.range))
        return found

    def _ranges(self, p: Any) -> set[Any]:
        from rdflib import RDFS

        found = set()
        for s in self.supers.get(p, {p}):
            found |= set(self.graph.objects(s, RDFS.range))
            for i in self.inverses.get(s, ()):
                found |= set(self.graph.objects(i, RDFS.domain))
        return found

    def _implied(self, needed: set[Any], given: set[Any]) -> bool:
        """Every class in ``needed`` is a (told) superclass of one in ``given``."""
        reach: set[Any] = set()
        for c in given:
            reach |= self.class_supers.get(c, {c})
        return needed <= reach

    def _anon_object(self, p: Any, creators: set[Any], name: str) -> None:
        """A named ``x`` has a ``p`` edge to an anonymous individual."""
        if ("o", p) in self._seen:
            return
        self._seen.add(("o", p))
        for s in self.supers.get(p, {p}):
            for r, links in self.chains.items():
                if s not in links:
                    continue
                k = links.index(s)
                for later in links[k + 1 :]:
                    if any(x in self.hv for x in self.subs.get(later, {later})):
                        self._obstacle(f"{name}: owl:hasValue on {self._name(later)} of a chain")
                    if later in creators or any(
                        later in self.inverses.get(c, ()) for c in creators
                    ):
                        self._obstacle(f"{name}: the chain of {self._name(r)} comes back")
                if not self._implied(self._domains(r), self._domains(links[0])):
                    self._obstacle(
                        f"{name}: the domain of {self._name(r)} is not that of its chain's start"
                    )
                self._anon_object(r, creators, name)
            for i in self.inverses.get(s, ()):
                self._anon_subject(i, creators, name)

    def _anon_subject(self, p: Any, creators: set[Any], name: str) -> None:
        """An anonymous individual has a ``p`` edge to a named one."""
        if ("s", p) in self._seen:
            return
        self._seen.add(("s", p))
        for s in self.supers.get(p, {p}):
            if s in self.avf:
                self._obstacle(f"{name}: owl:allValuesFrom on {self._name(s)}")
            for r, links in self.chains.items():
                if s not in links:
                    continue
                j = links.index(s)
                if j != 0:
                    # Only a named individual with a links[j-1] edge to the anonymous one would
                    # start this chain: one that created it, or one an owl:hasValue points to.
                    prior = links[j - 1]
                    inverses = self.inverses.get(prior, set())
                    back = any(prior in self.supers.get(c, {c}) for c in creators) or any(
                        x in self.hv for i in inverses for x in self.subs.get(i, {i})
                    )
                    if back:
                        self._obstacle(
                            f"{name}: {self._name(s)} inside the chain of {self._name(r)}"
                        )
                if not self._implied(self._ranges(r), self._ranges(links[-1])):
                    self._obstacle(
                        f"{name}: the range of {self._name(r)} is not that of its chain's end"
                    )
                if j != 0:
                    continue
                self._anon_subject(r, creators, name)
            for i in self.inverses.get(s, ()):
                self._anon_object(i, creators, name)

    # -- the closure

    def after_closure(self, store: Any, conv: _Terms) -> list[str]:
        """What the closed store shows the rules may have missed: an individual in an
        enumerated class that is not one of its members (DL reasons by cases), or an
        ``owl:hasValue`` inside an existential whose value lacks the property's range."""
        import pyoxigraph as ox

        rdf_type = ox.NamedNode(f"{_RDF}type")
        same = ox.NamedNode(f"{_OWL}sameAs")
        problems: list[str] = []
        for node, members in self.enumerations:
            allowed = {conv.ox(m) for m in members}
            for quad in store.quads_for_pattern(None, rdf_type, conv.ox(node)):
                x = quad.subject
                if x in allowed or any(
                    q.object in allowed for q in store.quads_for_pattern(x, same, None)
                ):
                    continue
                problems.append(
                    f"{conv.rdflib(x).n3(self.graph.namespace_manager)} is in an enumerated"
                    " class (owl:oneOf) without being one of its members"
                )
                break
        for q, value in self.value_ranges:
            for r in self._ranges(q):
                if ox.Quad(conv.ox(value), rdf_type, conv.ox(r)) not in store:
                    problems.append(
                        f"{self._name(value)} lacks the range {self._name(r)} of {self._name(q)}"
                    )
        return problems


def _int(n: object) -> int:
    try:
        return int(str(n))
    except ValueError:
        return 2
