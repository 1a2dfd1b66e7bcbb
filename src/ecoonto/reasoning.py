"""OWL reasoning over an rdflib graph: HermiT and Pellet (through owlready2, need Java) or owlrl.

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

* ``hermit`` / ``pellet``: the graph, less its ``owl:imports`` triples (owlready2 would fetch them
  over the network; merge what you import first), is written as N-Triples to a temporary folder
  and loaded into a fresh owlready2 ``World``; the reasoner runs with property-value inference and
  its results are read back from owlready2's inference ontology. On an inconsistent graph, Pellet
  is asked to ``explain`` and the axioms it names fill :attr:`Reasoning.explanation`. HermiT only
  says "Inconsistent ontology"; Pellet's explanation is added after that line when it can give one.
* ``owlrl``: the OWL 2 RL closure (``owlrl.DeductiveClosure(OWLRL_Semantics)``) of a copy, no
  Java needed. It is inconsistent when owlrl records an error (e.g. ``owl:sameAs`` between
  ``owl:AllDifferent`` members) or types a resource ``owl:Nothing``. OWL 2 RL covers ecoonto's
  defined classes: ``owl:hasValue`` and ``owl:someValuesFrom`` inside an ``owl:intersectionOf``
  equivalent class (rules cls-hv1/2, cls-svf1, cls-int1/2) and the property chains (prp-spo2), so
  on the bundled data it derives the same side memberships and counterparties as HermiT. What it
  does not do: prove a class unsatisfiable without an individual in it, or reason by cases
  (``owl:oneOf``, ``owl:unionOf`` as a superclass), and it is slow past 10^5 triples.
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
from typing import TYPE_CHECKING, Literal

from ecoonto.errors import InputError, ReasonerUnavailableError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Literal as RDFLiteral
    from rdflib.term import URIRef

ReasonerName = Literal["hermit", "pellet", "owlrl"]
REASONERS: tuple[ReasonerName, ...] = ("hermit", "pellet", "owlrl")

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
    return {"hermit": "HermiT", "pellet": "Pellet", "owlrl": "owlrl"}.get(reasoner, reasoner)


# --------------------------------------------------------------------------------------------
# Entry point


def reason(graph: Graph, reasoner: ReasonerName = "hermit") -> Reasoning:
    """Run ``reasoner`` on ``graph`` (left unchanged) and report what it concludes.

    Raises :class:`ReasonerUnavailableError` when HermiT or Pellet cannot run (no Java), and
    :class:`InputError` when the reasoner rejects the input.
    """
    if reasoner not in REASONERS:
        raise InputError(f"unknown reasoner '{reasoner}': use one of {', '.join(REASONERS)}")
    start = time.perf_counter()
    if reasoner == "owlrl":
        outcome = _reason_owlrl(graph)
    else:
        outcome = _reason_owlready(graph, reasoner)
    return Reasoning(
        reasoner=reasoner,
        consistent=outcome.consistent,
        unsatisfiable=outcome.unsatisfiable,
        memberships=outcome.memberships,
        property_assertions=outcome.property_assertions,
        explanation=outcome.explanation,
        involved=outcome.involved,
        elapsed=time.perf_counter() - start,
    )


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
    _require_java(reasoner)
    import owlready2
    import owlready2.reasoning
    from rdflib import OWL

    from ecoonto.graphs import new_graph

    owlready2.reasoning.JAVA_MEMORY = JAVA_MEMORY_MB
    vocab = _vocabulary(graph)
    data = new_graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            data.add(triple)
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
    return _read_inferences(graph, vocab, result)


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
