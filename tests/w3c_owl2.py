"""The W3C OWL 2 test cases (tests/data/w3c-owl2), run through ecoonto's DL reasoning.

Each case's premise (RDF/XML, in OWL 2 DL) is read as ``ecoonto reason FILE`` reads it and
reasoned over in three ways: HermiT on the whole graph (``hermit``, ``--mode full``), Pellet on
the whole graph (``pellet``) and HermiT on the TBox with the OWL RL rules on the ABox
(``hybrid``, ``--mode hybrid``). A run gives a :class:`~ecoonto.checking.reasoning.Reasoning` or
a refusal (the :class:`~ecoonto.errors.InputError`'s one line: the hybrid's condition does not
hold, or the run took longer than its time limit).

What is checked, per way of running:

* a ``test:ConsistencyTest`` passes when the run finds the premise consistent, a
  ``test:InconsistencyTest`` when it finds it inconsistent;
* a ``test:PositiveEntailmentTest`` (``test:NegativeEntailmentTest``) passes when every
  (resp. not every) axiom of its conclusion follows from what the run reports: the premise's
  own triples plus the inferred memberships and property assertions, a class ``C`` that the
  run found unsatisfiable for ``C rdfs:subClassOf owl:Nothing``, anything from an inconsistent
  premise. That decides a conclusion made of declarations, class assertions of named classes on
  named individuals, object property assertions between named individuals and unsatisfiable
  named classes; a conclusion with other axioms (a subclass axiom between satisfiable classes,
  an anonymous individual, a data property value, ...) is ``undecided`` and not counted;
* ``hybrid`` also passes when it refuses (``--mode hybrid cannot be used``), and otherwise
  must give HermiT's full answer (consistency, unsatisfiable classes, memberships, property
  assertions) exactly.

A run past its time limit (:data:`TIME_LIMIT_S` here, ``--time-limit``) is ``refused`` with
HermiT's or Pellet's "did not finish within" line.

``python -m tests.w3c_owl2 [--jobs N] [--time-limit S] [--only NAME ...]`` prints the counts of
each way and each failing or refused case.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

SUITE = Path(__file__).parent / "data" / "w3c-owl2"
TEST = Namespace("http://www.w3.org/2007/OWL/testOntology#")
V = Namespace("https://example.org/ecoonto/w3c-owl2#")
WAYS = ("hermit", "pellet", "hybrid")
TIME_LIMIT_S = 60.0
"""The runner's time limit for one HermiT or Pellet run (ecoonto's default is 120 s)."""

_DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    OWL.Ontology,
    OWL.Thing,
    RDFS.Datatype,
}


@dataclass(frozen=True)
class Case:
    """One selected test case: its file name, its test types (``ConsistencyTest``, ...), the
    premise file and, for an entailment test, the conclusion file."""

    name: str
    iri: str
    kinds: frozenset[str]
    premise: Path
    conclusion: Path | None
    description: str
    imports: tuple[Path, ...] = ()

    @property
    def expected_consistent(self) -> bool | None:
        if "InconsistencyTest" in self.kinds:
            return False
        if "ConsistencyTest" in self.kinds:
            return True
        return None


@dataclass(frozen=True)
class Run:
    """What one way of running said of a case's premise: a reasoning's key facts or a refusal."""

    consistent: bool | None
    unsatisfiable: frozenset[URIRef] = frozenset()
    memberships: frozenset[tuple[URIRef, URIRef]] = frozenset()
    property_assertions: frozenset[tuple[URIRef, URIRef, URIRef | Literal]] = frozenset()
    refusal: str = ""
    seconds: float = 0.0

    def key(self) -> tuple[object, ...]:
        if self.consistent is False:
            return (False,)
        return (self.consistent, self.unsatisfiable, self.memberships, self.property_assertions)


def cases() -> list[Case]:
    """The vendored cases, in name order."""
    manifest = Graph().parse(SUITE / "manifest.ttl", format="turtle")
    found = []
    for case in set(manifest.subjects(RDF.type, TEST.TestCase)):
        premise = manifest.value(case, V.premiseFile)
        conclusion = manifest.value(case, V.conclusionFile)
        kinds = frozenset(
            str(k).split("#")[1] for k in manifest.objects(case, RDF.type) if k != TEST.TestCase
        )
        found.append(
            Case(
                name=Path(str(premise)).stem,
                iri=str(case),
                kinds=kinds,
                premise=SUITE / str(premise),
                conclusion=SUITE / str(conclusion) if conclusion is not None else None,
                description=str(manifest.value(case, TEST.description) or ""),
                imports=tuple(sorted(SUITE / str(f) for f in manifest.objects(case, V.importFile))),
            )
        )
    return sorted(found, key=lambda c: c.name)


def load(path: Path, imports: tuple[Path, ...] = ()) -> Graph:
    """A case's file (and the ontologies it imports) as ``ecoonto reason FILE IMPORT...`` reads
    it: ecoonto does not follow ``owl:imports``, the imported files are given with it."""
    from ecoonto.rdf import graphs

    return graphs.load([path, *imports])


def run(case: Case, way: str, time_limit: float = TIME_LIMIT_S) -> Run:
    """Reason over ``case``'s premise in ``way`` (``hermit``, ``pellet`` or ``hybrid``)."""
    from ecoonto.checking.reasoning import reason
    from ecoonto.errors import InputError

    graph = load(case.premise, case.imports)
    reasoner = "pellet" if way == "pellet" else "hermit"
    mode = "hybrid" if way == "hybrid" else "full"
    start = time.perf_counter()
    try:
        r = reason(graph, reasoner, mode, time_limit=time_limit)  # type: ignore[arg-type]
    except InputError as exc:
        return Run(consistent=None, refusal=str(exc), seconds=time.perf_counter() - start)
    return Run(
        consistent=r.consistent,
        unsatisfiable=r.unsatisfiable,
        memberships=r.memberships,
        property_assertions=r.property_assertions,
        seconds=time.perf_counter() - start,
    )


def entailed(case: Case, result: Run) -> bool | None:
    """Whether ``result`` entails the case's conclusion (None: the conclusion has an axiom
    that the report cannot decide, see the module docstring)."""
    if case.conclusion is None or result.consistent is None:
        return None
    if result.consistent is False:
        return True
    premise = load(case.premise, case.imports)
    conclusion = load(case.conclusion)
    known = Graph()
    known += premise
    for i, c in result.memberships:
        known.add((i, RDF.type, c))
    for triple in result.property_assertions:
        known.add(triple)
    for c in result.unsatisfiable:
        known.add((c, RDFS.subClassOf, OWL.Nothing))
    properties = set(premise.subjects(RDF.type, OWL.ObjectProperty)) | set(
        conclusion.subjects(RDF.type, OWL.ObjectProperty)
    )
    for s, p, o in conclusion:
        if p == RDF.type and o in _DECLARATIONS | {OWL.ObjectProperty}:
            continue
        if isinstance(s, BNode) or isinstance(o, BNode):
            return None
        if p == RDF.type and isinstance(o, URIRef) and o.startswith(str(OWL)) is False:
            if (s, p, o) not in known:
                return False
            continue
        if p in (RDFS.subClassOf, OWL.equivalentClass) and o == OWL.Nothing:
            if (s, RDFS.subClassOf, OWL.Nothing) not in known and (s, p, o) not in known:
                return False
            continue
        if p in properties and isinstance(o, URIRef):
            if (s, p, o) not in known:
                return False
            continue
        return None
    return True


def outcome(case: Case, way: str, result: Run, full: Run | None) -> str:
    """``pass``, ``fail``, ``refused`` or ``undecided`` for ``way``'s ``result`` on ``case``
    (``full``: HermiT's full run, which the hybrid must match)."""
    if way == "hybrid":
        if result.refusal:
            return "pass" if "--mode hybrid cannot be used" in result.refusal else "refused"
        if full is None or full.consistent is None:
            return "undecided"
        return "pass" if result.key() == full.key() else "fail"
    if result.refusal:
        return "refused"
    expected = case.expected_consistent
    if expected is not None and result.consistent is not expected:
        return "fail"
    if "PositiveEntailmentTest" in case.kinds or "NegativeEntailmentTest" in case.kinds:
        says = entailed(case, result)
        if says is None:
            return "undecided" if expected is None else "pass"
        if says is not ("PositiveEntailmentTest" in case.kinds):
            return "fail"
    return "pass"


def _run_case(args: tuple[Case, float]) -> tuple[str, dict[str, Run]]:
    case, limit = args
    return case.name, {way: run(case, way, limit) for way in WAYS}


def run_all(
    selected: Iterable[Case], jobs: int = 1, time_limit: float = TIME_LIMIT_S
) -> dict[str, dict[str, Run]]:
    """Every way's run of every case in ``selected``, by case name."""
    work = [(case, time_limit) for case in selected]
    if jobs <= 1:
        return dict(map(_run_case, work))
    with ProcessPoolExecutor(jobs) as pool:
        return dict(pool.map(_run_case, work))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT_S)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args(argv)
    selected = [c for c in cases() if not args.only or c.name in args.only]
    start = time.perf_counter()
    runs = run_all(selected, args.jobs, args.time_limit)
    failed = False
    for way in WAYS:
        counts: dict[str, int] = {}
        lines = []
        for case in selected:
            result = runs[case.name][way]
            said = outcome(case, way, result, runs[case.name]["hermit"])
            counts[said] = counts.get(said, 0) + 1
            if said in ("fail", "refused"):
                failed = failed or said == "fail"
                what = result.refusal or f"consistent={result.consistent}"
                lines.append(f"  {said}: {case.name} ({'/'.join(sorted(case.kinds))}): {what}")
        shown = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("pass", "fail", "refused"))
        print(f"{way}: {shown}, {counts.get('undecided', 0)} undecided of {len(selected)}")
        print("\n".join(lines)) if lines else None
    print(f"{time.perf_counter() - start:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
