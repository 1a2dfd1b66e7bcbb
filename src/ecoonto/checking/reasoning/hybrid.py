"""The hybrid mode: HermiT or Pellet on the TBox, the OWL RL rules on the whole graph.

The rule of this fast path: it gives what HermiT (or Pellet) gives on the whole graph, or it
refuses (:class:`HybridNotApplicable`; ``--mode hybrid`` exits 2, ``--mode auto`` runs the full
reasoner with a note). It runs only when the condition stated in :mod:`ecoonto.checking.reasoning`'s
docstring holds (:class:`_HybridChecks`: the OWL terms of :data:`HYBRID_VOCABULARY`, no
anonymous inverse property, the superclass and subclass positions and the existential
conditions listed there). tests/test_reasoning_differential.py compares it with full HermiT on
random ontologies; each disagreement found became a fixture and a refusal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ecoonto.checking.reasoning.common import (
    OWL_NS,
    RDF_NS,
    AmbiguousLiterals,
    ReasonerOutcome,
    Terms,
    Vocabulary,
    as_int,
    is_builtin,
    new_assertions,
    new_facts,
    new_memberships,
    short_iri,
    superclasses,
    to_store,
    violations_outcome,
)
from ecoonto.checking.reasoning.dl import display_name, require_java, run_owlready

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import URIRef


HYBRID_VOCABULARY = frozenset(
    """
    Class Thing Nothing Restriction ObjectProperty DatatypeProperty AnnotationProperty
    NamedIndividual Ontology imports versionIRI versionInfo priorVersion backwardCompatibleWith
    incompatibleWith deprecated DeprecatedClass DeprecatedProperty OntologyProperty
    equivalentClass disjointWith AllDisjointClasses members intersectionOf unionOf complementOf
    oneOf someValuesFrom allValuesFrom hasValue onProperty onClass minCardinality maxCardinality
    cardinality minQualifiedCardinality maxQualifiedCardinality qualifiedCardinality inverseOf
    SymmetricProperty TransitiveProperty FunctionalProperty InverseFunctionalProperty
    IrreflexiveProperty AsymmetricProperty propertyChainAxiom equivalentProperty
    propertyDisjointWith AllDisjointProperties sameAs differentFrom AllDifferent distinctMembers
    topObjectProperty topDataProperty Axiom Annotation annotatedSource annotatedProperty
    annotatedTarget
    """.split()
)
"""The OWL terms the hybrid mode accepts (each then checked as the module docstring says); any
other (``owl:ReflexiveProperty``, ``owl:hasSelf``, ``owl:hasKey``, ``owl:disjointUnionOf``,
negative property assertions, datatype restrictions, ...) refuses the hybrid mode."""


class HybridNotApplicable(Exception):
    """The hybrid mode cannot vouch for this input (the message says why).

    >>> str(HybridNotApplicable("owl:unionOf as a superclass (reasoning by cases)"))
    'owl:unionOf as a superclass (reasoning by cases)'
    """


def reason_hybrid(
    graph: Graph,
    reasoner: Literal["hermit", "pellet"],
    vocab: Vocabulary,
    time_limit: float | None = None,
) -> ReasonerOutcome:
    """HermiT or Pellet on the TBox, then the rule engine on TBox + inferred hierarchy + ABox.

    Raises :class:`HybridNotApplicable` when the TBox uses a construct whose ABox consequences
    the rules may miss (see :class:`_HybridChecks`). The condition is checked before Java
    starts; running HermiT is tested in tests/test_reasoning.py:

    >>> from rdflib import Graph
    >>> from ecoonto.checking.reasoning.common import vocabulary
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     :Side a owl:Class ; rdfs:subClassOf [ owl:unionOf (:Buyers :Sellers) ] .
    ...     :Buyers a owl:Class . :Sellers a owl:Class . :x a :Side .''')
    >>> reason_hybrid(g, "hermit", vocabulary(g))
    Traceback (most recent call last):
    ecoonto.checking.reasoning.hybrid.HybridNotApplicable: owl:unionOf as a superclass (reasoning
    by cases)
    """
    import pyoxigraph as ox
    from rdflib import OWL, RDF, RDFS, Literal, URIRef

    from ecoonto.checking.reasoning import rules
    from ecoonto.rdf.graphs import new_graph

    checks = _HybridChecks(graph, vocab)
    if checks.obstacles:
        raise HybridNotApplicable(checks.obstacles[0])
    tbox_individuals = _tbox_individuals(graph, vocab)
    conv = Terms()
    try:
        store = to_store(graph, conv)
    except AmbiguousLiterals as exc:
        raise HybridNotApplicable(f"the graph holds {exc}, one value in a store") from None
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

    require_java(reasoner)
    with ThreadPoolExecutor(max_workers=1) as pool:
        notes: list[str] = []
        running = pool.submit(run_owlready, tbox, reasoner, vocab, time_limit, notes)
        rules.closure(store, extended=True, checks=False)
        found = running.result()
    if isinstance(found, ReasonerOutcome):
        found.explanation.insert(0, f"{display_name(reasoner)} finds the TBox inconsistent:")
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
    for a, b in found.subject_objects(OWL.equivalentClass):  # both ways, as in the full mode
        if isinstance(a, URIRef) and isinstance(b, URIRef) and OWL.Nothing not in (a, b):
            subclass_links += [(a, b), (b, a)]
    extra: list[tuple[Any, Any, Any]] = [(a, RDFS.subClassOf, b) for a, b in subclass_links]
    extra += [(c, RDFS.subClassOf, OWL.Nothing) for c in unsatisfiable]
    extra += [
        (s, p, o)
        for s, p, o in found
        if isinstance(s, URIRef)
        and isinstance(o, URIRef | Literal)
        and (p == RDF.type or p in vocab.properties)
        and not (isinstance(o, URIRef) and is_builtin(o))
    ]
    term = conv.ox
    store.extend(ox.Quad(term(s), term(p), term(o)) for s, p, o in extra)
    done = rules.closure(store, extended=True)
    if not done.consistent:
        outcome = violations_outcome(done.violations, vocab)
        outcome.explanation.insert(
            0, f"{display_name(reasoner)} finds the TBox consistent; the OWL RL rules on the ABox:"
        )
        return outcome
    left = checks.after_closure(store, conv)
    if left:
        raise HybridNotApplicable(left[0])
    types, candidates = new_facts(store, original, vocab, conv)
    types += [(s, o) for s, p, o in extra if p == RDF.type]
    return ReasonerOutcome(
        consistent=True,
        unsatisfiable=unsatisfiable,
        memberships=new_memberships(graph, vocab, types, subclass_links),
        property_assertions=new_assertions(graph, vocab, candidates),
        notes=notes,
    )


def _tbox_individuals(graph: Graph, vocab: Vocabulary) -> set[URIRef]:
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

    def __init__(self, graph: Graph, vocab: Vocabulary) -> None:
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
            if as_int(n) == 1
            for p in g.objects(r, OWL.onProperty)
        }
        self.sub_svf: dict[object, set[object]] = {}  # property -> expressions (sub position)
        self.class_supers = superclasses(g, ())
        self._seen: set[tuple[str, object]] = set()
        self._vocabulary()
        # Every subclass position first: an existential superclass is checked against all the
        # classes defined by an existential, whatever the order of the axioms.
        for a, _b in g.subject_objects(RDFS.subClassOf):
            self._sub(a, None)
        for a, b in g.subject_objects(OWL.equivalentClass):
            for x, y in ((a, b), (b, a)):
                self._sub(x, y)
        for a, b in g.subject_objects(RDFS.subClassOf):
            self._super(b, a)
        for a, b in g.subject_objects(OWL.equivalentClass):
            for x, y in ((a, b), (b, a)):
                self._super(x, y, equivalence=True)
        for pred in (RDFS.domain, RDFS.range):
            for c in g.objects(None, pred):
                self._super(c, None)

    # -- the TBox

    def _vocabulary(self) -> None:
        """Only the OWL vocabulary of :data:`HYBRID_VOCABULARY`, and no anonymous property
        expression (``[ owl:inverseOf p ]``: the rules cannot use it as a predicate)."""
        from rdflib import OWL, RDF, BNode

        g = self.graph
        used = {str(p) for p in g.predicates()} | {str(o) for o in g.objects(None, RDF.type)}
        for term in sorted(used):
            if term.startswith(OWL_NS) and term[len(OWL_NS) :] not in HYBRID_VOCABULARY:
                self._obstacle(f"{short_iri(term)} (outside what the hybrid mode is checked for)")
        for s, o in g.subject_objects(OWL.inverseOf):
            if isinstance(s, BNode) or isinstance(o, BNode):
                self._obstacle("an anonymous inverse property (owl:inverseOf on a blank node)")
                break

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
            if str(p).startswith(OWL_NS) and str(p) not in (
                f"{OWL_NS}onProperty",
                f"{OWL_NS}onClass",
            ):
                return short_iri(str(p))
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
                if as_int(n) > 1:
                    self._obstacle(f"{short_iri(str(pred))} {n} (above 1)")
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
                if as_int(n) > 1:
                    self._obstacle(f"{short_iri(str(pred))} {n} (above 1)")
                elif as_int(n) == 1:
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

    def after_closure(self, store: Any, conv: Terms) -> list[str]:
        """What the closed store shows the rules may have missed: an individual in an
        enumerated class that is not one of its members (DL reasons by cases), or an
        ``owl:hasValue`` inside an existential whose value lacks the property's range."""
        import pyoxigraph as ox

        rdf_type = ox.NamedNode(f"{RDF_NS}type")
        same = ox.NamedNode(f"{OWL_NS}sameAs")
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
