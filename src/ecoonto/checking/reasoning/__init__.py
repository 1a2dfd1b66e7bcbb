"""OWL reasoning over an rdflib graph: HermiT and Pellet (through owlready2, need Java), in full or
hybrid with the OWL RL rules, or the OWL RL rules alone (ecoonto.checking.reasoning.rules, or the
owlrl package).

``reason(graph, reasoner)`` answers whether the graph is consistent, which named classes are
unsatisfiable, and what the reasoner entails that the graph does not assert:

* class memberships ``(individual, class)``: every named class an individual belongs to (its
  realised types and all their named superclasses), less what the graph asserts, ``owl:Thing``
  and ``owl:NamedIndividual``;
* property assertions ``(subject, property, object)`` for the declared object and datatype
  properties, less what the graph asserts. owlready2 leaves out the inverse of a pair it already
  holds (it stores one direction only); they are added back here from ``owl:inverseOf`` and
  ``owl:SymmetricProperty`` (its own inverse), so that HermiT, Pellet and owlrl report the same
  kind of facts.

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
  (:mod:`ecoonto.checking.reasoning.rules`, ``extended=True``) then close the whole graph with that
  hierarchy (and ``C rdfs:subClassOf owl:Nothing`` for each unsatisfiable class) and check the
  ABox's consistency; an inconsistent ABox is explained by the rules, naming the individuals. The
  hybrid gives the facts the DL reasoner would when the ABox inferences it makes are all rule
  inferences. Checked before running (else :class:`HybridNotApplicable`), on the TBox:

  - the graph uses only the OWL terms of :data:`ecoonto.checking.reasoning.hybrid.HYBRID_VOCABULARY`
    (so no ``owl:ReflexiveProperty``, ``owl:hasSelf``, ``owl:hasKey``, ``owl:disjointUnionOf``,
    negative property assertions or datatype restrictions) and no anonymous inverse property
    (``[ owl:inverseOf p ]``); every subclass position is read before any superclass position,
    so an existential superclass is checked against every class defined by an existential;

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
  :data:`FULL_MODE_MAX_INDIVIDUALS` individuals, ``hybrid`` above only when its condition holds
  (else ``full``, with a note): auto never picks the hybrid where the condition refuses it.
  The rule of every fast path (exact or refuse) is stated in docs/reasoning-and-validation.md;
  tests/test_reasoning_differential.py compares hybrid with full HermiT on random ontologies.
* ``owlrl``: the OWL 2 RL closure by the rule engine of :mod:`ecoonto.checking.reasoning.rules`
(SPARQL updates on
  an in-memory pyoxigraph store, no Java); it derives the same facts as the owlrl package, some
  50 times faster at 10^5 triples. The rule: the engine gives the owlrl package's answer (the
  memberships, property assertions, unsatisfiable classes and consistency reported here, literals
  as the data writes them) or refuses: when the graph uses vocabulary the engine has no rules for
  (:func:`ecoonto.checking.reasoning.rules.uncovered_constructs`: datatype restrictions,
  ``owl:hasSelf``, reflexive properties, disjoint unions, anonymous inverse properties) or two
  literals its store would merge, the owlrl package runs instead, with a note. ``owl:Thing`` made a
  subclass of ``owl:Nothing`` is "inconsistent" (for both ``owlrl`` and ``owlrl-py``). The graph is
  inconsistent when a consistency rule fails (e.g. two different values of a functional property
  declared ``owl:AllDifferent``, a member of two disjoint classes); the explanation names the rule,
  the resources and, for equalities, the functional property that forced them. OWL 2 RL covers
  ecoonto's defined classes: ``owl:hasValue`` and ``owl:someValuesFrom`` inside an
  ``owl:intersectionOf`` equivalent class (rules cls-hv1/2, cls-svf1, cls-int1/2) and the property
  chains (prp-spo2), so on the bundled data it derives the same side memberships and counterparties
  as HermiT. What it does not do: prove a class unsatisfiable without an individual in it, or reason
  by cases (``owl:oneOf``, ``owl:unionOf`` as a superclass).
* ``owlrl-py``: the owlrl package itself (``owlrl.DeductiveClosure(OWLRL_Semantics)``) on a copy:
  inconsistent when it records an error or types a resource ``owl:Nothing``. Slow past 10^4
  triples; kept to compare with and as the engine's fallback.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ecoonto.checking.reasoning.common import (
    ReasonerOutcome,
    declarations_from_use,
    vocabulary,
)
from ecoonto.checking.reasoning.dl import (
    EXPLAIN_TIMEOUT_S,
    JAVA_FIX,
    JAVA_MEMORY_MB,
    TIME_LIMIT_S,
    display_name,
    java_available,
    parse_pellet_explanation,
    reason_owlready,
)
from ecoonto.checking.reasoning.hybrid import HybridNotApplicable, reason_hybrid
from ecoonto.checking.reasoning.rl import reason_owlrl, reason_rules
from ecoonto.errors import InputError

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


@dataclass(frozen=True)
class Reasoning:
    """What a reasoner concluded about a graph.

    ``memberships`` and ``property_assertions`` hold only what the graph does not assert (see the
    module docstring). On an inconsistent graph nothing is entailed that means anything: both are
    empty, and ``explanation`` says why, one line per axiom where the reasoner can tell;
    ``involved`` holds the IRIs of the graph's individuals named in the explanation.

    >>> from rdflib import URIRef
    >>> e = "https://e.org/"
    >>> found = Reasoning("owlrl", consistent=True,
    ...     memberships=frozenset({(URIRef(e + "openai"), URIRef(e + "Player")),
    ...                            (URIRef(e + "x"), URIRef(e + "Player"))}),
    ...     property_assertions=frozenset({(URIRef(e + "ann"), URIRef(e + "worksFor"),
    ...                                     URIRef(e + "acme"))}))
    >>> sorted(found.members_of(e + "Player")), found.values_of(e + "ann", e + "worksFor")
    (['https://e.org/openai', 'https://e.org/x'], {'https://e.org/acme'})
    >>> sorted(found.scoped(frozenset({e + "openai"})).members_of(e + "Player"))
    ['https://e.org/openai']
    >>> len(found.inferred_graph())
    3
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
    triples: int = 0
    """The triples of the input reasoned over (set by :func:`ecoonto.api.reason`)."""
    namespaces: Graph | None = None
    """A graph whose prefixes write the input's terms (set by :func:`ecoonto.api.reason`)."""

    def scoped(self, members: frozenset[str]) -> Reasoning:
        """Only the inferences about ``members`` (IRIs, e.g. one industry's resources from
        :func:`ecoonto.targets.industries.members`); consistency and unsatisfiable classes concern
        the whole input and stay as they are."""
        from dataclasses import replace

        return replace(
            self,
            memberships=frozenset(m for m in self.memberships if str(m[0]) in members),
            property_assertions=frozenset(
                t for t in self.property_assertions if str(t[0]) in members
            ),
        )

    def inferred_graph(self) -> Graph:
        """The inferred memberships and property assertions as triples, ecoonto prefixes bound."""
        from rdflib import RDF

        from ecoonto.rdf.graphs import new_graph

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


def reason(
    graph: Graph,
    reasoner: ReasonerName = "hermit",
    mode: Mode = "auto",
    *,
    full_max_individuals: int | None = None,
    time_limit: float | None = None,
) -> Reasoning:
    """Run ``reasoner`` on ``graph`` (left unchanged) and report what it concludes.

    ``mode`` applies to HermiT and Pellet: ``full`` runs the DL reasoner on the whole graph,
    ``hybrid`` on the TBox only with the OWL RL rules on the ABox (see the module docstring for
    when that is allowed), ``auto`` runs ``full`` up to ``full_max_individuals`` individuals
    (default :data:`FULL_MODE_MAX_INDIVIDUALS`) and ``hybrid`` above, falling back to ``full``
    when the hybrid does not apply. ``owlrl`` and ``owlrl-py`` ignore it. Each HermiT or Pellet
    run is stopped after ``time_limit`` seconds (default :data:`TIME_LIMIT_S`).

    For HermiT and Pellet, what the graph uses without declaring is declared from its use first
    (:func:`ecoonto.checking.reasoning.common.declarations_from_use`, with a note), as OWL 2 DL
    parsers of RDF input do: owlready2 would drop the axioms on undeclared properties.

    Raises :class:`ReasonerUnavailableError` when HermiT or Pellet cannot run (no Java), and
    :class:`InputError` when the reasoner rejects the input or ``mode="hybrid"`` cannot be used.

    With the OWL RL rules (no Java; HermiT and Pellet are run by tests/test_reasoning.py):

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     :Lab a owl:Class ; rdfs:subClassOf :Player . :Player a owl:Class . :openai a :Lab .''')
    >>> found = reason(g, "owlrl")
    >>> found.consistent, found.members_of("https://e.org/Player"), found.method
    (True, {'https://e.org/openai'}, 'owlrl, OWL RL rules on pyoxigraph')
    >>> _ = g.parse(format="turtle", data='''@prefix : <https://e.org/> .
    ...     @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     :Regulator a owl:Class ; owl:disjointWith :Lab . :openai a :Regulator .''')
    >>> found = reason(g, "owlrl")
    >>> found.consistent, found.memberships, sorted(map(str, found.involved))
    (False, frozenset(), ['https://e.org/openai'])
    >>> reason(g, "fact++")
    Traceback (most recent call last):
    ecoonto.errors.InputError: unknown reasoner 'fact++': use one of hermit, pellet, owlrl, owlrl-py
    """
    if reasoner not in REASONERS:
        raise InputError(f"unknown reasoner '{reasoner}': use one of {', '.join(REASONERS)}")
    if mode not in MODES:
        raise InputError(f"unknown mode '{mode}': use one of {', '.join(MODES)}")
    _check_terms(graph)
    start = time.perf_counter()
    notes: list[str] = []
    if reasoner == "owlrl":
        outcome, method = reason_rules(graph, notes)
    elif reasoner == "owlrl-py":
        outcome, method = reason_owlrl(graph), "owlrl, the Python package"
    else:
        outcome, method = _reason_dl(graph, reasoner, mode, full_max_individuals, notes, time_limit)
        notes += outcome.notes
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


def _check_terms(graph: Graph) -> None:
    """Refuse what no reasoner can be given: a datatype or an IRI that is not absolute."""
    import re

    from rdflib import Literal, URIRef

    absolute = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and not absolute.match(term):
                raise InputError(f"the IRI <{term}> is not absolute: give the file a base IRI")
            if isinstance(term, Literal) and term.datatype is not None:
                if not absolute.match(term.datatype):
                    raise InputError(
                        f"the literal {term.n3()} has a datatype IRI that is not absolute"
                    )


def _reason_dl(
    graph: Graph,
    reasoner: Literal["hermit", "pellet"],
    mode: Mode,
    full_max_individuals: int | None,
    notes: list[str],
    time_limit: float | None = None,
) -> tuple[ReasonerOutcome, str]:
    name = display_name(reasoner)
    limit = FULL_MODE_MAX_INDIVIDUALS if full_max_individuals is None else full_max_individuals
    declarations = declarations_from_use(graph)
    if declarations:
        from ecoonto.rdf.graphs import new_graph

        declared = new_graph()
        declared += graph
        declared.addN((s, p, o, declared) for s, p, o in declarations)
        graph = declared
        shown = ", ".join(s.n3() for s, _p, _o in declarations[:5])
        more = f" and {len(declarations) - 5} more" if len(declarations) > 5 else ""
        notes.append(f"declared from their use, as OWL 2 parsers of RDF do: {shown}{more}")
    if mode == "full":
        return reason_owlready(graph, reasoner, time_limit), name
    vocab = vocabulary(graph)
    if mode == "auto" and len(vocab.individuals) <= limit:
        return reason_owlready(graph, reasoner, time_limit), name
    try:
        outcome = reason_hybrid(graph, reasoner, vocab, time_limit)
    except HybridNotApplicable as exc:
        if mode == "hybrid":
            raise InputError(
                f"--mode hybrid cannot be used on this input: {exc}; use --mode full"
            ) from None
        notes.append(f"hybrid mode not applicable ({exc}): ran {name} on the whole graph")
        return reason_owlready(graph, reasoner, time_limit), name
    return outcome, f"{name} on the TBox + OWL RL rules on the ABox"


__all__ = [
    "EXPLAIN_TIMEOUT_S",
    "FULL_MODE_MAX_INDIVIDUALS",
    "JAVA_FIX",
    "JAVA_MEMORY_MB",
    "MODES",
    "REASONERS",
    "TIME_LIMIT_S",
    "Mode",
    "ReasonerName",
    "Reasoning",
    "java_available",
    "parse_pellet_explanation",
    "reason",
]
