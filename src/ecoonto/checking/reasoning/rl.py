"""The OWL 2 RL reasoners: the rule engine of :mod:`ecoonto.checking.reasoning.rules` (``--reasoner
owlrl``) and the owlrl package (``--reasoner owlrl-py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecoonto.checking.reasoning.common import (
    OWL_NS,
    RDFS_NS,
    AmbiguousLiterals,
    ReasonerOutcome,
    Terms,
    iris_in,
    new_assertions,
    new_facts,
    new_memberships,
    short_iri,
    to_store,
    unsatisfiable_in,
    violations_outcome,
    vocabulary,
)

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Literal as RDFLiteral
    from rdflib.term import URIRef


def reason_owlrl(graph: Graph) -> ReasonerOutcome:
    """``--reasoner owlrl-py``: the owlrl package's OWL 2 RL closure of ``graph``.

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     :Lab a owl:Class ; rdfs:subClassOf :Player . :Player a owl:Class . :openai a :Lab .''')
    >>> outcome = reason_owlrl(g)
    >>> outcome.consistent, [(str(s), str(c)) for s, c in outcome.memberships]
    (True, [('https://e.org/openai', 'https://e.org/Player')])
    >>> _ = g.parse(format="turtle", data='''@prefix : <https://e.org/> .
    ...     @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     :Regulator a owl:Class ; owl:disjointWith :Lab . :openai a :Regulator .''')
    >>> outcome = reason_owlrl(g)
    >>> outcome.consistent, sorted(map(str, outcome.involved))
    (False, ['https://e.org/openai'])
    """
    import owlrl
    from owlrl.Namespaces import ERRNS
    from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

    vocab = vocabulary(graph)
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
        return ReasonerOutcome(consistent=False, explanation=lines, involved=iris_in(lines, vocab))

    unsatisfiable = {
        c
        for rel in (RDFS.subClassOf, OWL.equivalentClass)
        for c in closure.subjects(rel, OWL.Nothing)
        if isinstance(c, URIRef) and c != OWL.Nothing and c in vocab.classes
    }
    if any(
        (OWL.Thing, rel, OWL.Nothing) in closure for rel in (RDFS.subClassOf, OWL.equivalentClass)
    ):
        return THING_EMPTY
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
    return ReasonerOutcome(
        consistent=True,
        unsatisfiable=frozenset(unsatisfiable),
        memberships=new_memberships(graph, vocab, types),
        property_assertions=new_assertions(graph, vocab, candidates),
    )


# --------------------------------------------------------------------------------------------
# The OWL RL rule engine (ecoonto.checking.reasoning.rules) on pyoxigraph


def reason_rules(graph: Graph, notes: list[str]) -> tuple[ReasonerOutcome, str]:
    """``--reasoner owlrl``: the rule engine, or the owlrl package when the graph uses a construct
    the engine has no rules for.

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     :Lab a owl:Class ; rdfs:subClassOf :Player . :Player a owl:Class . :openai a :Lab .''')
    >>> notes = []
    >>> outcome, method = reason_rules(g, notes)
    >>> [(str(s), str(c)) for s, c in outcome.memberships], method, notes
    ([('https://e.org/openai', 'https://e.org/Player')], 'owlrl, OWL RL rules on pyoxigraph', [])

    An inconsistency is explained by the rule that failed; a construct without rules runs the
    owlrl package, with a note:

    >>> _ = g.parse(format="turtle", data='''@prefix : <https://e.org/> .
    ...     @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     :Regulator a owl:Class ; owl:disjointWith :Lab . :openai a :Regulator .''')
    >>> reason_rules(g, notes)[0].explanation
    ['OWL RL rules: cax-dw: <https://e.org/openai> is a member of ... which are disjoint
    (owl:disjointWith)']
    >>> _ = g.parse(format="turtle", data='''@prefix : <https://e.org/> .
    ...     @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     :knows a owl:ObjectProperty, owl:ReflexiveProperty .''')
    >>> reason_rules(g, notes)[1], notes
    ('owlrl, the Python package',
     ['the OWL RL rule engine does not cover owl:ReflexiveProperty: ran the owlrl package'])
    """
    from ecoonto.checking.reasoning import rules

    vocab = vocabulary(graph)
    conv = Terms()
    try:
        store = to_store(graph, conv)
    except AmbiguousLiterals as exc:
        notes.append(
            f"the graph holds {exc}, one value in the rule engine's store: ran the owlrl package"
        )
        return reason_owlrl(graph), "owlrl, the Python package"
    uncovered = rules.uncovered_constructs(store)
    if uncovered:
        names = ", ".join(sorted(short_iri(u) for u in uncovered))
        notes.append(f"the OWL RL rule engine does not cover {names}: ran the owlrl package")
        return reason_owlrl(graph), "owlrl, the Python package"
    original = set(store)
    done = rules.closure(store)
    if not done.consistent:
        return violations_outcome(done.violations, vocab), "owlrl, OWL RL rules on pyoxigraph"
    unsatisfiable = unsatisfiable_in(store, vocab, conv)
    if _thing_is_empty(unsatisfiable, store):
        return THING_EMPTY, "owlrl, OWL RL rules on pyoxigraph"
    types, candidates = new_facts(store, original, vocab, conv)
    outcome = ReasonerOutcome(
        consistent=True,
        unsatisfiable=unsatisfiable,
        memberships=new_memberships(graph, vocab, types),
        property_assertions=new_assertions(graph, vocab, candidates),
    )
    return outcome, "owlrl, OWL RL rules on pyoxigraph"


THING_EMPTY = ReasonerOutcome(
    consistent=False,
    explanation=[
        "owl:Thing is a subclass of owl:Nothing: no individual can exist, and OWL requires one"
    ],
)
"""The outcome when the rules make ``owl:Thing`` unsatisfiable: inconsistent, never
"consistent" with ``owl:Thing`` among the unsatisfiable classes."""


def _thing_is_empty(unsatisfiable: frozenset[Any], store: Any) -> bool:
    import pyoxigraph as ox

    thing, nothing = ox.NamedNode(f"{OWL_NS}Thing"), ox.NamedNode(f"{OWL_NS}Nothing")
    return any(str(c) == f"{OWL_NS}Thing" for c in unsatisfiable) or any(
        ox.Quad(thing, ox.NamedNode(rel), nothing) in store
        for rel in (f"{RDFS_NS}subClassOf", f"{OWL_NS}equivalentClass")
    )
