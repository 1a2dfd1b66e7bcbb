"""An OWL 2 RL rule engine: the rules as SPARQL updates on an in-memory pyoxigraph store.

:func:`closure` closes a ``pyoxigraph.Store`` in place under the OWL 2 RL rules (the rule names
are those of the tables of the OWL 2 RL profile, section 4.3), repeating every rule until a round
adds nothing, then runs the consistency checks and returns what they found.

What is covered (each construct's rules):

* class hierarchy: ``rdfs:subClassOf`` (cax-sco, scm-sco), ``owl:equivalentClass`` (cax-eqc1/2,
  scm-eqc1), ``owl:disjointWith`` (cax-dw), ``owl:AllDisjointClasses`` (cax-adc);
* property hierarchy and characteristics: ``rdfs:subPropertyOf`` (prp-spo1, scm-spo),
  ``owl:equivalentProperty`` (prp-eqp1/2), ``owl:propertyChainAxiom`` (prp-spo2),
  ``rdfs:domain`` / ``rdfs:range`` (prp-dom, prp-rng), ``owl:inverseOf`` (prp-inv1/2),
  ``owl:SymmetricProperty`` (prp-symp), ``owl:TransitiveProperty`` (prp-trp),
  ``owl:FunctionalProperty`` / ``owl:InverseFunctionalProperty`` (prp-fp, prp-ifp),
  ``owl:IrreflexiveProperty`` (prp-irp), ``owl:AsymmetricProperty`` (prp-asyp),
  ``owl:propertyDisjointWith`` / ``owl:AllDisjointProperties`` (prp-pdw, prp-adp),
  ``owl:hasKey`` (prp-key), ``owl:NegativePropertyAssertion`` (prp-npa1/2);
* equality: ``owl:sameAs`` (eq-sym, eq-trans, eq-rep-s/p/o), ``owl:differentFrom`` and
  ``owl:AllDifferent`` with ``owl:distinctMembers`` or ``owl:members`` (eq-diff1/2/3);
* class expressions: ``owl:intersectionOf`` (cls-int1/2), ``owl:unionOf`` as a subclass
  (cls-uni), ``owl:complementOf`` (cls-com), ``owl:someValuesFrom`` as a subclass (cls-svf1/2),
  ``owl:allValuesFrom`` as a superclass (cls-avf), ``owl:hasValue`` (cls-hv1/2),
  ``owl:maxCardinality`` 0/1 (cls-maxc1/2), ``owl:maxQualifiedCardinality`` 0/1
  (cls-maxqc1-4), ``owl:oneOf`` (cls-oo), ``owl:Nothing`` (cls-nothing2).

Not covered: the datatype rules (dt-type*, dt-eq, dt-diff, dt-not-type: literals are not
checked against their datatypes), the axiomatic triples and the schema rules that only derive
TBox facts (scm-cls, scm-dom/rng, scm-hv, scm-svf, scm-avf, scm-int, scm-uni), and the
vocabulary listed in :data:`UNCOVERED`: a graph that uses it needs another reasoner
(:func:`uncovered_constructs` says which terms). Constructs outside OWL 2 RL (``owl:unionOf`` or
``owl:someValuesFrom`` as a superclass, cardinalities above 1, ...) are accepted but only their
OWL 2 RL part is applied, as the OWL 2 RL profile prescribes.

``extended=True`` adds two sound rules outside OWL 2 RL, used by the hybrid DL mode of
:mod:`ecoonto.reasoning`: an exact or minimum cardinality 1 is also read as a maximum (as
``owl:maxCardinality`` / ``owl:maxQualifiedCardinality`` 1), and when ``x`` is in an existential
restriction on a functional property ``p`` (``owl:someValuesFrom D``, ``owl:qualifiedCardinality``
or ``owl:minQualifiedCardinality`` 1 on ``D``), the ``p`` value of ``x`` is in ``D``.

pyoxigraph is imported lazily: importing this module is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox

OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

_PREFIXES = f"PREFIX owl: <{OWL}>\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"

UNCOVERED: frozenset[str] = frozenset(
    f"{OWL}{name}"
    for name in (
        "onDatatype",
        "withRestrictions",
        "datatypeComplementOf",
        "hasSelf",
        "ReflexiveProperty",
        "disjointUnionOf",
    )
)
"""OWL vocabulary the engine has no rules for (owlrl handles some of it, e.g. datatype
restrictions; ``owl:hasSelf``, reflexive properties and disjoint unions are outside OWL 2 RL)."""

_MEMBER = "rdf:rest*/rdf:first"


@dataclass(frozen=True)
class _Rule:
    """One rule: a SPARQL update, run only when the store holds ``trigger`` (an IRI used as a
    predicate or as the object of ``rdf:type``)."""

    name: str
    trigger: str
    update: str


def _r(name: str, trigger: str, update: str) -> _Rule:
    return _Rule(name, trigger, update)


# OWL 2 RL rules that derive triples. The trigger is the TBox term without which the rule cannot
# fire, so that rules for constructs the graph does not use cost nothing.
_RULES: tuple[_Rule, ...] = (
    # schema: transitive hierarchies first, so that the instance rules need fewer rounds
    _r(
        "scm-sco",
        f"{RDFS}subClassOf",
        "INSERT { ?c rdfs:subClassOf ?e } WHERE "
        "{ ?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?e FILTER(?c != ?e) }",
    ),
    _r(
        "scm-eqc1",
        f"{OWL}equivalentClass",
        "INSERT { ?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?c } WHERE "
        "{ ?c owl:equivalentClass ?d FILTER(?c != ?d) }",
    ),
    _r(
        "scm-spo",
        f"{RDFS}subPropertyOf",
        "INSERT { ?p rdfs:subPropertyOf ?r } WHERE "
        "{ ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?r FILTER(?p != ?r) }",
    ),
    _r(
        "scm-eqp1",
        f"{OWL}equivalentProperty",
        "INSERT { ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?p } WHERE "
        "{ ?p owl:equivalentProperty ?q FILTER(?p != ?q) }",
    ),
    # classes
    _r(
        "cax-sco",
        f"{RDFS}subClassOf",
        "INSERT { ?x a ?d } WHERE { ?c rdfs:subClassOf ?d . ?x a ?c }",
    ),
    _r(
        "cls-int2",
        f"{OWL}intersectionOf",
        f"INSERT {{ ?x a ?m }} WHERE {{ ?c owl:intersectionOf ?l . ?l {_MEMBER} ?m . ?x a ?c }}",
    ),
    _r(
        "cls-uni",
        f"{OWL}unionOf",
        f"INSERT {{ ?x a ?c }} WHERE {{ ?c owl:unionOf ?l . ?l {_MEMBER} ?m . ?x a ?m }}",
    ),
    _r(
        "cls-hv1",
        f"{OWL}hasValue",
        "INSERT { ?x ?p ?v } WHERE { ?r owl:hasValue ?v ; owl:onProperty ?p . ?x a ?r }",
    ),
    _r(
        "cls-hv2",
        f"{OWL}hasValue",
        "INSERT { ?x a ?r } WHERE { ?r owl:hasValue ?v ; owl:onProperty ?p . ?x ?p ?v }",
    ),
    _r(
        "cls-svf1",
        f"{OWL}someValuesFrom",
        "INSERT { ?x a ?r } WHERE { ?r owl:someValuesFrom ?d ; owl:onProperty ?p ."
        " ?x ?p ?y . ?y a ?d FILTER(?d != owl:Thing) }",
    ),
    _r(
        "cls-svf2",
        f"{OWL}someValuesFrom",
        "INSERT { ?x a ?r } WHERE { ?r owl:someValuesFrom owl:Thing ; owl:onProperty ?p ."
        " ?x ?p ?y }",
    ),
    _r(
        "cls-avf",
        f"{OWL}allValuesFrom",
        "INSERT { ?y a ?d } WHERE { ?r owl:allValuesFrom ?d ; owl:onProperty ?p ."
        " ?x a ?r ; ?p ?y FILTER(!isLiteral(?y)) }",
    ),
    _r(
        "cls-oo",
        f"{OWL}oneOf",
        f"INSERT {{ ?x a ?c }} WHERE {{ ?c owl:oneOf ?l . ?l {_MEMBER} ?x }}",
    ),
    _r(
        "cls-maxc2",
        f"{OWL}maxCardinality",
        "INSERT { ?y1 owl:sameAs ?y2 } WHERE { ?r owl:maxCardinality ?n ; owl:onProperty ?p ."
        " FILTER(str(?n) = '1') ?x a ?r ; ?p ?y1 , ?y2 FILTER(?y1 != ?y2 && !isLiteral(?y1)) }",
    ),
    _r(
        "cls-maxqc3",
        f"{OWL}maxQualifiedCardinality",
        "INSERT { ?y1 owl:sameAs ?y2 } WHERE { ?r owl:maxQualifiedCardinality ?n ;"
        " owl:onProperty ?p ; owl:onClass ?c FILTER(str(?n) = '1' && ?c != owl:Thing)"
        " ?x a ?r ; ?p ?y1 , ?y2 . ?y1 a ?c . ?y2 a ?c FILTER(?y1 != ?y2 && !isLiteral(?y1)) }",
    ),
    _r(
        "cls-maxqc4",
        f"{OWL}maxQualifiedCardinality",
        "INSERT { ?y1 owl:sameAs ?y2 } WHERE { ?r owl:maxQualifiedCardinality ?n ;"
        " owl:onProperty ?p ; owl:onClass owl:Thing FILTER(str(?n) = '1')"
        " ?x a ?r ; ?p ?y1 , ?y2 FILTER(?y1 != ?y2 && !isLiteral(?y1)) }",
    ),
    # properties
    _r(
        "prp-spo1",
        f"{RDFS}subPropertyOf",
        "INSERT { ?x ?q ?y } WHERE { ?p rdfs:subPropertyOf ?q . ?x ?p ?y }",
    ),
    _r(
        "prp-dom",
        f"{RDFS}domain",
        "INSERT { ?x a ?c } WHERE { ?p rdfs:domain ?c . ?x ?p ?y }",
    ),
    _r(
        "prp-rng",
        f"{RDFS}range",
        "INSERT { ?y a ?c } WHERE { ?p rdfs:range ?c . ?x ?p ?y FILTER(!isLiteral(?y)) }",
    ),
    _r(
        "prp-inv",
        f"{OWL}inverseOf",
        "INSERT { ?y ?q ?x } WHERE { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p }"
        " ?x ?p ?y FILTER(!isLiteral(?y)) }",
    ),
    _r(
        "prp-symp",
        f"{OWL}SymmetricProperty",
        "INSERT { ?y ?p ?x } WHERE { ?p a owl:SymmetricProperty . ?x ?p ?y"
        " FILTER(!isLiteral(?y)) }",
    ),
    _r(
        "prp-trp",
        f"{OWL}TransitiveProperty",
        "INSERT { ?x ?p ?z } WHERE { ?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z }",
    ),
    _r(
        "prp-fp",
        f"{OWL}FunctionalProperty",
        "INSERT { ?y1 owl:sameAs ?y2 } WHERE { ?p a owl:FunctionalProperty ."
        " ?x ?p ?y1 , ?y2 FILTER(?y1 != ?y2 && !isLiteral(?y1) && !isLiteral(?y2)) }",
    ),
    _r(
        "prp-ifp",
        f"{OWL}InverseFunctionalProperty",
        "INSERT { ?x1 owl:sameAs ?x2 } WHERE { ?p a owl:InverseFunctionalProperty ."
        " ?x1 ?p ?y . ?x2 ?p ?y FILTER(?x1 != ?x2) }",
    ),
    # equality
    _r(
        "eq-sym",
        f"{OWL}sameAs",
        "INSERT { ?y owl:sameAs ?x } WHERE { ?x owl:sameAs ?y }",
    ),
    _r(
        "eq-trans",
        f"{OWL}sameAs",
        "INSERT { ?x owl:sameAs ?z } WHERE { ?x owl:sameAs ?y . ?y owl:sameAs ?z"
        " FILTER(?x != ?z) }",
    ),
    _r(
        "eq-rep-s",
        f"{OWL}sameAs",
        "INSERT { ?t ?p ?o } WHERE { ?s owl:sameAs ?t . ?s ?p ?o FILTER(?p != owl:sameAs) }",
    ),
    _r(
        "eq-rep-p",
        f"{OWL}sameAs",
        "INSERT { ?s ?q ?o } WHERE { ?p owl:sameAs ?q . ?s ?p ?o }",
    ),
    _r(
        "eq-rep-o",
        f"{OWL}sameAs",
        "INSERT { ?s ?p ?t } WHERE { ?o owl:sameAs ?t . ?s ?p ?o FILTER(?p != owl:sameAs) }",
    ),
)

# Outside OWL 2 RL but sound: used by the hybrid mode only (see the module docstring).
_EXISTENTIAL = (
    "{ ?r owl:someValuesFrom ?d } UNION"
    " { ?r owl:qualifiedCardinality|owl:minQualifiedCardinality ?n ; owl:onClass ?d"
    " FILTER(str(?n) = '1') }"
)
_EXTENDED_RULES: tuple[_Rule, ...] = (
    _r(
        "x-card1-maxc2",
        f"{OWL}onProperty",
        "INSERT { ?y1 owl:sameAs ?y2 } WHERE { ?r owl:cardinality ?n ; owl:onProperty ?p ."
        " FILTER(str(?n) = '1') ?x a ?r ; ?p ?y1 , ?y2 FILTER(?y1 != ?y2 && !isLiteral(?y1)) }",
    ),
    _r(
        "x-qcard1-maxqc3",
        f"{OWL}qualifiedCardinality",
        "INSERT { ?y1 owl:sameAs ?y2 } WHERE { ?r owl:qualifiedCardinality ?n ;"
        " owl:onProperty ?p ; owl:onClass ?c FILTER(str(?n) = '1')"
        " ?x a ?r ; ?p ?y1 , ?y2 . ?y1 a ?c . ?y2 a ?c FILTER(?y1 != ?y2 && !isLiteral(?y1)) }",
    ),
    _r(
        "x-svf-fp",
        f"{OWL}FunctionalProperty",
        f"INSERT {{ ?y a ?d }} WHERE {{ {_EXISTENTIAL} ?r owl:onProperty ?p ."
        " ?p a owl:FunctionalProperty . ?x a ?r ; ?p ?y"
        " FILTER(!isLiteral(?y) && ?d != owl:Thing) }",
    ),
)


@dataclass(frozen=True)
class Violation:
    """A consistency check that failed: the rule's name, a one-line message (IRIs written in
    full, between angle brackets) and the IRIs of the resources it names."""

    rule: str
    message: str
    resources: tuple[str, ...] = ()


@dataclass
class Closure:
    """What :func:`closure` did: rounds run, triples added, failed consistency checks."""

    rounds: int
    added: int
    violations: list[Violation] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        """True when no consistency check failed."""
        return not self.violations


# Consistency checks: (rule, query selecting the resources involved, message template). The
# template is formatted with the selected variables written as <IRI> (or as the literal).
_CHECKS: tuple[tuple[str, str, str, str], ...] = (
    (
        "cls-nothing2",
        f"{OWL}Nothing",
        "SELECT ?x WHERE { ?x a owl:Nothing }",
        "{x} is a member of owl:Nothing",
    ),
    (
        "cax-dw",
        f"{OWL}disjointWith",
        "SELECT ?x ?c1 ?c2 WHERE { ?c1 owl:disjointWith ?c2 . ?x a ?c1 , ?c2 }",
        "{x} is a member of {c1} and of {c2}, which are disjoint (owl:disjointWith)",
    ),
    (
        "cax-adc",
        f"{OWL}AllDisjointClasses",
        f"SELECT ?x ?c1 ?c2 WHERE {{ ?d a owl:AllDisjointClasses ; owl:members ?l ."
        f" ?l {_MEMBER} ?c1 . ?l {_MEMBER} ?c2 FILTER(str(?c1) < str(?c2)) ?x a ?c1 , ?c2 }}",
        "{x} is a member of {c1} and of {c2}, which are disjoint (owl:AllDisjointClasses)",
    ),
    (
        "cls-com",
        f"{OWL}complementOf",
        "SELECT ?x ?c1 ?c2 WHERE { ?c1 owl:complementOf ?c2 . ?x a ?c1 , ?c2 }",
        "{x} is a member of {c1} and of its complement {c2}",
    ),
    (
        "prp-irp",
        f"{OWL}IrreflexiveProperty",
        "SELECT ?x ?p WHERE { ?p a owl:IrreflexiveProperty . ?x ?p ?x }",
        "{x} {p} {x}, but {p} is irreflexive",
    ),
    (
        "prp-asyp",
        f"{OWL}AsymmetricProperty",
        "SELECT ?x ?p ?y WHERE { ?p a owl:AsymmetricProperty . ?x ?p ?y . ?y ?p ?x }",
        "{x} {p} {y} and back, but {p} is asymmetric",
    ),
    (
        "prp-pdw",
        f"{OWL}propertyDisjointWith",
        "SELECT ?x ?p1 ?p2 ?y WHERE { ?p1 owl:propertyDisjointWith ?p2 . ?x ?p1 ?y ; ?p2 ?y }",
        "{x} {p1} {y} and {x} {p2} {y}, but the properties are disjoint",
    ),
    (
        "prp-adp",
        f"{OWL}AllDisjointProperties",
        f"SELECT ?x ?p1 ?p2 ?y WHERE {{ ?d a owl:AllDisjointProperties ; owl:members ?l ."
        f" ?l {_MEMBER} ?p1 . ?l {_MEMBER} ?p2 FILTER(str(?p1) < str(?p2)) ?x ?p1 ?y ; ?p2 ?y }}",
        "{x} {p1} {y} and {x} {p2} {y}, but the properties are disjoint",
    ),
    (
        "eq-diff1",
        f"{OWL}differentFrom",
        "SELECT ?x ?y WHERE { ?x owl:differentFrom ?y ; owl:sameAs ?y }",
        "{x} and {y} are the same individual but declared different (owl:differentFrom)",
    ),
    (
        "eq-diff2/3",
        f"{OWL}AllDifferent",
        f"SELECT DISTINCT ?x ?y WHERE {{ ?d a owl:AllDifferent ;"
        f" owl:distinctMembers|owl:members ?l . ?l {_MEMBER} ?x . ?l {_MEMBER} ?y ."
        f" ?x owl:sameAs ?y FILTER(str(?x) < str(?y)) }}",
        "{x} and {y} are the same individual but declared different (owl:AllDifferent)",
    ),
    (
        "cls-maxc1",
        f"{OWL}maxCardinality",
        "SELECT ?x ?p ?y WHERE { ?r owl:maxCardinality ?n ; owl:onProperty ?p"
        " FILTER(str(?n) = '0') ?x a ?r ; ?p ?y }",
        "{x} {p} {y}, but {x} may have no {p} value (owl:maxCardinality 0)",
    ),
    (
        "cls-maxqc1/2",
        f"{OWL}maxQualifiedCardinality",
        "SELECT ?x ?p ?y ?c WHERE { ?r owl:maxQualifiedCardinality ?n ; owl:onProperty ?p ;"
        " owl:onClass ?c FILTER(str(?n) = '0') ?x a ?r ; ?p ?y"
        " FILTER(?c = owl:Thing || EXISTS { ?y a ?c }) }",
        "{x} {p} {y}, but {x} may have no {p} value in {c} (owl:maxQualifiedCardinality 0)",
    ),
    (
        "prp-npa1",
        f"{OWL}NegativePropertyAssertion",
        "SELECT ?x ?p ?y WHERE { ?n owl:sourceIndividual ?x ; owl:assertionProperty ?p ;"
        " owl:targetIndividual|owl:targetValue ?y . ?x ?p ?y }",
        "{x} {p} {y}, but a negative property assertion denies it",
    ),
)

_WHY_SAME = (
    "SELECT ?x ?p WHERE {{ {{ ?p a owl:FunctionalProperty . ?x ?p {a} , {b} }} UNION"
    " {{ ?p a owl:InverseFunctionalProperty . {a} ?p ?x . {b} ?p ?x }} }} LIMIT 3"
)


def closure(store: ox.Store, *, extended: bool = False, max_rounds: int = 1000) -> Closure:
    """Close ``store`` (a ``pyoxigraph.Store``, default graph) in place under the OWL 2 RL rules,
    then run the consistency checks.

    Every rule runs once per round, in order; rounds repeat until one adds no triple.
    ``extended=True`` adds the sound non-RL rules described in the module docstring.
    Returns the number of rounds, the triples added and the failed consistency checks.
    """
    rules = [*_RULES, *_compiled_rules(store)]
    if extended:
        rules += _EXTENDED_RULES
    start = len(store)
    before = -1
    rounds = 0
    while len(store) != before and rounds < max_rounds:
        before = len(store)
        rounds += 1
        used = _used_terms(store)
        for rule in rules:
            if rule.trigger in used:
                store.update(_PREFIXES + rule.update)
    return Closure(rounds=rounds, added=len(store) - start, violations=check(store))


def check(store: ox.Store, limit: int = 20) -> list[Violation]:
    """The failed OWL 2 RL consistency checks of a closed ``store`` (at most ``limit`` each)."""
    used = _used_terms(store)
    found: list[Violation] = []
    for rule, trigger, query, template in _CHECKS:
        if trigger not in used and not (rule == "cls-nothing2" and _has_nothing(store)):
            continue
        for row in store.query(f"{_PREFIXES}{query} LIMIT {limit}"):  # type: ignore[union-attr]
            names = {str(v.value): _show(row[v.value]) for v in _variables(query)}
            resources = tuple(
                row[v.value].value for v in _variables(query) if _is_iri(row[v.value])
            )
            message = template.format(**names)
            if rule == "eq-diff2/3" or rule == "eq-diff1":
                message += _why_same(store, row["x"], row["y"])
                resources += _why_same_resources(store, row["x"], row["y"])
            found.append(Violation(rule, message, tuple(dict.fromkeys(resources))))
    return found


def uncovered_constructs(store: ox.Store) -> set[str]:
    """The terms of :data:`UNCOVERED` that ``store`` uses (as a predicate or a type)."""
    return set(UNCOVERED & _used_terms(store))


def load(triples: Iterable[ox.Triple]) -> ox.Store:
    """A new in-memory store holding ``triples`` in its default graph."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


# --------------------------------------------------------------------------------------------
# Helpers


def _used_terms(store: ox.Store) -> set[str]:
    """Predicates, and objects of ``rdf:type``, that occur in ``store`` (OWL/RDFS terms only)."""
    import pyoxigraph as ox

    used: set[str] = set()
    rdf_type = ox.NamedNode(f"{RDF}type")
    for term in (*_trigger_terms(), f"{OWL}sameAs"):
        node = ox.NamedNode(term)
        if next(iter(store.quads_for_pattern(None, node, None)), None) is not None:
            used.add(term)
        elif next(iter(store.quads_for_pattern(None, rdf_type, node)), None) is not None:
            used.add(term)
    return used


def _trigger_terms() -> set[str]:
    terms = {r.trigger for r in (*_RULES, *_EXTENDED_RULES)}
    terms |= {c[1] for c in _CHECKS}
    terms |= {f"{OWL}propertyChainAxiom", f"{OWL}hasKey", f"{OWL}intersectionOf"}
    return terms | set(UNCOVERED)


def _has_nothing(store: ox.Store) -> bool:
    import pyoxigraph as ox

    pattern = store.quads_for_pattern(
        None, ox.NamedNode(f"{RDF}type"), ox.NamedNode(f"{OWL}Nothing")
    )
    return next(iter(pattern), None) is not None


def _list_lengths(store: ox.Store, predicate: str) -> set[int]:
    """The lengths of the RDF lists that are objects of ``predicate``, walked in Python (a
    ``rdf:rest*`` path cannot count a list that holds a member twice)."""
    import pyoxigraph as ox

    first, rest, nil = (ox.NamedNode(f"{RDF}{n}") for n in ("first", "rest", "nil"))
    lengths: set[int] = set()
    for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
        node: object = quad.object
        n = 0
        seen: set[object] = set()
        while node != nil and node not in seen:
            seen.add(node)
            if next(iter(store.quads_for_pattern(node, first, None)), None) is None:  # type: ignore[arg-type]
                break
            n += 1
            nxt = next(iter(store.quads_for_pattern(node, rest, None)), None)  # type: ignore[arg-type]
            if nxt is None:
                break
            node = nxt.object
        if n:
            lengths.add(n)
    return lengths


def _walk(n: int, item: str) -> str:
    """SPARQL for an RDF list ``?l0`` of exactly ``n`` members ``?{item}0`` ... ``?{item}n-1``."""
    return " ".join(
        f"?l{i} rdf:first ?{item}{i} ; rdf:rest {'rdf:nil' if i == n - 1 else f'?l{i + 1}'} ."
        for i in range(n)
    )


def _compiled_rules(store: ox.Store) -> list[_Rule]:
    """The rules whose shape depends on list lengths in the TBox: cls-int1 (intersections),
    prp-spo2 (property chains) and prp-key (keys), one per length used."""
    rules: list[_Rule] = []
    for n in sorted(_list_lengths(store, f"{OWL}intersectionOf")):
        members = " ".join(f"?x a ?m{i} ." for i in range(n))
        rules.append(
            _r(
                f"cls-int1/{n}",
                f"{OWL}intersectionOf",
                f"INSERT {{ ?x a ?c }} WHERE {{ ?c owl:intersectionOf ?l0 . {_walk(n, 'm')}"
                f" {members} }}",
            )
        )
    for n in sorted(_list_lengths(store, f"{OWL}propertyChainAxiom")):
        hops = " ".join(f"?u{i} ?p{i} ?u{i + 1} ." for i in range(n))
        rules.append(
            _r(
                f"prp-spo2/{n}",
                f"{OWL}propertyChainAxiom",
                f"INSERT {{ ?u0 ?q ?u{n} }} WHERE {{ ?q owl:propertyChainAxiom ?l0 ."
                f" {_walk(n, 'p')} {hops} }}",
            )
        )
    for n in sorted(_list_lengths(store, f"{OWL}hasKey")):
        x = " ".join(f"?x ?p{i} ?z{i} ." for i in range(n))
        y = " ".join(f"?y ?p{i} ?z{i} ." for i in range(n))
        rules.append(
            _r(
                f"prp-key/{n}",
                f"{OWL}hasKey",
                f"INSERT {{ ?x owl:sameAs ?y }} WHERE {{ ?c owl:hasKey ?l0 . {_walk(n, 'p')}"
                f" ?x a ?c . {x} ?y a ?c . {y} FILTER(?x != ?y && isIRI(?x) && isIRI(?y)) }}",
            )
        )
    return rules


def _variables(query: str) -> list[ox.Variable]:
    import pyoxigraph as ox

    head = query.split("WHERE")[0]
    return [ox.Variable(name) for name in dict.fromkeys(_tokens(head)) if name]


def _tokens(head: str) -> list[str]:
    return [t[1:] for t in head.split() if t.startswith("?")]


def _is_iri(term: object) -> bool:
    import pyoxigraph as ox

    return isinstance(term, ox.NamedNode)


def _show(term: object) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    return str(term)


def _why_same(store: ox.Store, a: object, b: object) -> str:
    rows = _why_same_rows(store, a, b)
    if not rows:
        return ""
    reasons = [
        f"{_show(x)} has both as values of {_show(p)}, a functional property" for x, p in rows
    ]
    return ": " + "; ".join(reasons)


def _why_same_resources(store: ox.Store, a: object, b: object) -> tuple[str, ...]:
    return tuple(str(x.value) for x, _ in _why_same_rows(store, a, b) if _is_iri(x))  # type: ignore[attr-defined]


def _why_same_rows(store: ox.Store, a: object, b: object) -> list[tuple[object, object]]:
    """Resources that have ``a`` and ``b`` as values of one functional property (or the same
    value of one inverse-functional property): why they had to be the same."""
    if not (_is_iri(a) and _is_iri(b)):
        return []
    query = _WHY_SAME.format(a=_show(a), b=_show(b))
    return [(row["x"], row["p"]) for row in store.query(_PREFIXES + query)]  # type: ignore[union-attr]
