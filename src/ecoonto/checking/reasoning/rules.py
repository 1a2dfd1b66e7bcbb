"""An OWL 2 RL rule engine: the rules as SPARQL updates on an in-memory pyoxigraph store.

(Past 800 lines on purpose: most of the module is one table, the rules and the consistency
checks written as data, each next to its name in the OWL 2 RL profile; split, the table would be
harder to check against the profile.)

The rule of this fast path: it derives what the owlrl package derives (the OWL 2 RL rules as
``owlrl.DeductiveClosure(OWLRL_Semantics)`` applies them) for what :mod:`ecoonto.checking.reasoning`
reports, or refuses: :func:`uncovered_constructs` names what it has no rules for, and the
owlrl package then runs (docs/reasoning-and-validation.md). One difference is kept on purpose:
prp-key compares every key property, as the profile states; owlrl never compares the last one.
tests/test_rules.py checks each construct; tests/test_reasoning_differential.py compares it
with owlrl on random ontologies.

``closure(store)`` closes the default graph of a ``pyoxigraph.Store`` in place under the OWL 2 RL
rules (the rule names are those of the tables of the OWL 2 RL profile, section 4.3), then runs
the consistency checks and returns what they found (:class:`Closure`). Rounds repeat until one
derives nothing: the first applies every rule to the whole graph, the later ones are semi-naive
(each rule once per atom of its body, that atom matched only in what the previous round derived,
kept in the named graph ``urn:x-ecoonto:rules:delta``; nothing is left in named graphs). A rule
runs only when the graph uses the TBox term it needs, so unused constructs cost nothing. A
:class:`Space` with ``inferred`` leaves the graph as it is: the closure reads the graph and the
named graph ``inferred`` together and writes only there (:mod:`~.pushdown` reasons so in a
store).

What is covered (each construct's rules):

* class hierarchy: ``rdfs:subClassOf`` (cax-sco, scm-sco), ``owl:equivalentClass`` (cax-eqc1/2,
  scm-eqc1, scm-eqc2), ``owl:disjointWith`` (cax-dw), ``owl:AllDisjointClasses`` (cax-adc);
* property hierarchy and characteristics: ``rdfs:subPropertyOf`` (prp-spo1, scm-spo),
  ``owl:equivalentProperty`` (prp-eqp1/2, scm-eqp1, scm-eqp2), ``owl:propertyChainAxiom``
  (prp-spo2),
  ``rdfs:domain`` / ``rdfs:range`` (prp-dom, prp-rng), ``owl:inverseOf`` (prp-inv1/2),
  ``owl:SymmetricProperty`` (prp-symp), ``owl:TransitiveProperty`` (prp-trp),
  ``owl:FunctionalProperty`` / ``owl:InverseFunctionalProperty`` (prp-fp, prp-ifp),
  ``owl:IrreflexiveProperty`` (prp-irp), ``owl:AsymmetricProperty`` (prp-asyp),
  ``owl:propertyDisjointWith`` / ``owl:AllDisjointProperties`` (prp-pdw, prp-adp),
  ``owl:hasKey`` (prp-key), negative property assertions (prp-npa1/2, with or without their
  ``rdf:type owl:NegativePropertyAssertion``);
* equality: ``owl:sameAs`` (eq-sym, eq-trans, eq-rep-s/p/o; eq-ref when ``owl:sameAs`` itself is
  described, e.g. as a sub-property of an irreflexive property), ``owl:sameAs`` between classes
  or properties as between any resources (eq-rep), ``owl:differentFrom`` and
  ``owl:AllDifferent`` with ``owl:distinctMembers`` or ``owl:members`` (eq-diff1/2/3);
* class expressions: ``owl:intersectionOf`` (cls-int1/2), ``owl:unionOf`` as a subclass
  (cls-uni), ``owl:complementOf`` (cls-com), ``owl:someValuesFrom`` as a subclass (cls-svf1/2),
  ``owl:allValuesFrom`` as a superclass (cls-avf), ``owl:hasValue`` (cls-hv1/2),
  ``owl:maxCardinality`` 0/1 (cls-maxc1/2), ``owl:maxQualifiedCardinality`` 0/1
  (cls-maxqc1-4), ``owl:oneOf`` (cls-oo), ``owl:Nothing`` (cls-nothing2).

* schema rules between restrictions (scm-svf1/2, scm-avf1/2, scm-hv): they give individuals
  the memberships owlrl gives through anonymous class expressions.

Not covered: the datatype rules (dt-type*, dt-eq, dt-diff, dt-not-type: literals are not
checked against their datatypes), the axiomatic triples and the schema rules whose TBox facts
the instance rules already cover (scm-cls, scm-dom/rng, scm-int, scm-uni), anonymous property
expressions (``[ owl:inverseOf p ]``: a blank node cannot be a predicate in the store), and the
vocabulary listed in :data:`UNCOVERED`: a graph that uses it needs another reasoner
(:func:`uncovered_constructs` says which terms). Constructs outside OWL 2 RL (``owl:unionOf`` or
``owl:someValuesFrom`` as a superclass, cardinalities above 1, ...) are accepted but only their
OWL 2 RL part is applied, as the OWL 2 RL profile prescribes.

``extended=True`` adds two sound rules outside OWL 2 RL, used by the hybrid DL mode of
:mod:`ecoonto.checking.reasoning`: an exact or minimum cardinality 1 is also read as a maximum (as
``owl:maxCardinality`` / ``owl:maxQualifiedCardinality`` 1), and when ``x`` is in an existential
restriction on a functional property ``p`` (``owl:someValuesFrom D``, ``owl:qualifiedCardinality``
or ``owl:minQualifiedCardinality`` 1 on ``D``), the ``p`` value of ``x`` is in ``D``.

pyoxigraph is imported lazily: importing this module is cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
    """One rule: ``head`` (one triple pattern) holds when ``atoms`` (triple patterns over the
    data, each of which may match a newly derived triple) and ``static`` (SPARQL over what rules
    never derive: RDF lists, and the FILTERs) hold. The rule runs only when the store holds
    ``trigger`` (an IRI used as a predicate or as the object of ``rdf:type``)."""

    name: str
    trigger: str
    head: str
    atoms: tuple[str, ...]
    static: str = ""

    def naive_where(self) -> str:
        """The rule's WHERE over the whole closure (its head not yet there)."""
        return self._where(" . ".join(self.atoms))

    def semi_wheres(self, space: Space) -> list[tuple[tuple[str | None, str | None], str]]:
        """One WHERE per atom, that atom matched in the triples the last round derived (the
        named graph ``delta``); each with the (predicate, type) a triple must have to match the
        atom (None: any)."""
        wheres = []
        for i, atom in enumerate(self.atoms):
            others = " . ".join(a for j, a in enumerate(self.atoms) if j != i)
            wheres.append(
                (_shape(atom), self._where(f"GRAPH <{space.delta}> {{ {atom} }} {others}"))
            )
        return wheres

    def _where(self, body: str) -> str:
        return f"{body} . {self.static} FILTER NOT EXISTS {{ {self.head} }}"


def _shape(atom: str) -> tuple[str | None, str | None]:
    """The constant predicate of a triple pattern and, for ``rdf:type``, its constant class."""
    _, pred, obj = atom.split()
    if pred.startswith("?") or "|" in pred:
        return None, None
    if pred == "a":
        return f"{RDF}type", None if obj.startswith("?") else _expand(obj)
    return _expand(pred), None


def _expand(name: str) -> str:
    prefix, _, local = name.partition(":")
    return {"owl": OWL, "rdf": RDF, "rdfs": RDFS}[prefix] + local


DELTA_GRAPH = "urn:x-ecoonto:rules:delta"
"""The named graph that holds what the last round derived (in-memory closures)."""
NEW_GRAPH = "urn:x-ecoonto:rules:new"
"""The named graph that receives what a round derives (in-memory closures)."""


def _r(name: str, trigger: str, head: str, *atoms: str, static: str = "") -> _Rule:
    return _Rule(name, f"{OWL}{trigger}" if ":" not in trigger else trigger, head, atoms, static)


_SUB = f"{RDFS}subClassOf"
_SUBP = f"{RDFS}subPropertyOf"
_NOT_LITERAL = "FILTER(!isLiteral(?y))"
_ONE = "FILTER(str(?n) = '1')"
_PAIR = "FILTER(?y1 != ?y2 && !isLiteral(?y1) && !isLiteral(?y2))"

# OWL 2 RL rules that derive triples. The trigger is the TBox term without which the rule cannot
# fire, so that rules for constructs the graph does not use cost nothing. A rule with two heads
# in the profile's table is written as two rules.
_RULES: tuple[_Rule, ...] = (
    # schema: the hierarchies, so that instance rules need fewer rounds
    _r(
        "scm-sco",
        _SUB,
        "?c rdfs:subClassOf ?e",
        "?c rdfs:subClassOf ?d",
        "?d rdfs:subClassOf ?e",
        static="FILTER(?c != ?e)",
    ),
    _r(
        "scm-eqc1",
        "equivalentClass",
        "?c rdfs:subClassOf ?d",
        "?c owl:equivalentClass ?d",
        static="FILTER(?c != ?d)",
    ),
    _r(
        "scm-eqc1",
        "equivalentClass",
        "?d rdfs:subClassOf ?c",
        "?c owl:equivalentClass ?d",
        static="FILTER(?c != ?d)",
    ),
    _r(
        "scm-eqc2",
        _SUB,
        "?c owl:equivalentClass ?d",
        "?c rdfs:subClassOf ?d",
        "?d rdfs:subClassOf ?c",
        static="FILTER(?c != ?d)",
    ),
    _r(
        "scm-spo",
        _SUBP,
        "?p rdfs:subPropertyOf ?r",
        "?p rdfs:subPropertyOf ?q",
        "?q rdfs:subPropertyOf ?r",
        static="FILTER(?p != ?r)",
    ),
    _r(
        "scm-eqp1",
        "equivalentProperty",
        "?p rdfs:subPropertyOf ?q",
        "?p owl:equivalentProperty ?q",
        static="FILTER(?p != ?q)",
    ),
    _r(
        "scm-eqp1",
        "equivalentProperty",
        "?q rdfs:subPropertyOf ?p",
        "?p owl:equivalentProperty ?q",
        static="FILTER(?p != ?q)",
    ),
    _r(
        "scm-eqp2",
        _SUBP,
        "?p owl:equivalentProperty ?q",
        "?p rdfs:subPropertyOf ?q",
        "?q rdfs:subPropertyOf ?p",
        static="FILTER(?p != ?q)",
    ),
    # schema rules on restrictions: they relate anonymous class expressions, which then give
    # individuals memberships (an individual in one existential restriction is in another on the
    # same property with a wider filler). Each is written twice: the general rule, and the case
    # where the two fillers (or properties) are one (the rules keep no reflexive subClassOf).
    _r(
        "scm-svf1",
        "someValuesFrom",
        "?c1 rdfs:subClassOf ?c2",
        "?c1 owl:someValuesFrom ?y1",
        "?c1 owl:onProperty ?p",
        "?c2 owl:someValuesFrom ?y2",
        "?c2 owl:onProperty ?p",
        "?y1 rdfs:subClassOf ?y2",
        static="FILTER(?c1 != ?c2)",
    ),
    _r(
        "scm-svf1=",
        "someValuesFrom",
        "?c1 rdfs:subClassOf ?c2",
        "?c1 owl:someValuesFrom ?y",
        "?c1 owl:onProperty ?p",
        "?c2 owl:someValuesFrom ?y",
        "?c2 owl:onProperty ?p",
        static="FILTER(?c1 != ?c2)",
    ),
    _r(
        "scm-svf2",
        "someValuesFrom",
        "?c1 rdfs:subClassOf ?c2",
        "?c1 owl:someValuesFrom ?y",
        "?c1 owl:onProperty ?p1",
        "?c2 owl:someValuesFrom ?y",
        "?c2 owl:onProperty ?p2",
        "?p1 rdfs:subPropertyOf ?p2",
        static="FILTER(?c1 != ?c2)",
    ),
    _r(
        "scm-avf1",
        "allValuesFrom",
        "?c1 rdfs:subClassOf ?c2",
        "?c1 owl:allValuesFrom ?y1",
        "?c1 owl:onProperty ?p",
        "?c2 owl:allValuesFrom ?y2",
        "?c2 owl:onProperty ?p",
        "?y1 rdfs:subClassOf ?y2",
        static="FILTER(?c1 != ?c2)",
    ),
    _r(
        "scm-avf1=",
        "allValuesFrom",
        "?c2 rdfs:subClassOf ?c1",
        "?c1 owl:allValuesFrom ?y",
        "?c1 owl:onProperty ?p",
        "?c2 owl:allValuesFrom ?y",
        "?c2 owl:onProperty ?p",
        static="FILTER(?c1 != ?c2)",
    ),
    _r(
        "scm-avf2",
        "allValuesFrom",
        "?c2 rdfs:subClassOf ?c1",
        "?c1 owl:allValuesFrom ?y",
        "?c1 owl:onProperty ?p1",
        "?c2 owl:allValuesFrom ?y",
        "?c2 owl:onProperty ?p2",
        "?p1 rdfs:subPropertyOf ?p2",
        static="FILTER(?c1 != ?c2)",
    ),
    _r(
        "scm-hv",
        "hasValue",
        "?c1 rdfs:subClassOf ?c2",
        "?c1 owl:hasValue ?i",
        "?c1 owl:onProperty ?p",
        "?c2 owl:hasValue ?i",
        "?c2 owl:onProperty ?p",
        static="FILTER(?c1 != ?c2)",
    ),
    _r(
        "scm-hv",
        "hasValue",
        "?c1 rdfs:subClassOf ?c2",
        "?c1 owl:hasValue ?i",
        "?c1 owl:onProperty ?p1",
        "?c2 owl:hasValue ?i",
        "?c2 owl:onProperty ?p2",
        "?p1 rdfs:subPropertyOf ?p2",
        static="FILTER(?c1 != ?c2)",
    ),
    # classes (cax-eqc1/2 are scm-eqc1 then cax-sco)
    _r("cax-sco", _SUB, "?x a ?d", "?c rdfs:subClassOf ?d", "?x a ?c"),
    _r(
        "cls-int2",
        "intersectionOf",
        "?x a ?m",
        "?c owl:intersectionOf ?l",
        "?x a ?c",
        static=f"?l {_MEMBER} ?m",
    ),
    _r("cls-uni", "unionOf", "?x a ?c", "?c owl:unionOf ?l", "?x a ?m", static=f"?l {_MEMBER} ?m"),
    _r("cls-hv1", "hasValue", "?x ?p ?v", "?r owl:hasValue ?v", "?r owl:onProperty ?p", "?x a ?r"),
    _r("cls-hv2", "hasValue", "?x a ?r", "?r owl:hasValue ?v", "?r owl:onProperty ?p", "?x ?p ?v"),
    _r(
        "cls-svf1",
        "someValuesFrom",
        "?x a ?r",
        "?r owl:someValuesFrom ?d",
        "?r owl:onProperty ?p",
        "?x ?p ?y",
        "?y a ?d",
        static="FILTER(?d != owl:Thing)",
    ),
    _r(
        "cls-svf2",
        "someValuesFrom",
        "?x a ?r",
        "?r owl:someValuesFrom owl:Thing",
        "?r owl:onProperty ?p",
        "?x ?p ?y",
    ),
    _r(
        "cls-avf",
        "allValuesFrom",
        "?y a ?d",
        "?r owl:allValuesFrom ?d",
        "?r owl:onProperty ?p",
        "?x a ?r",
        "?x ?p ?y",
        static=_NOT_LITERAL,
    ),
    _r("cls-oo", "oneOf", "?x a ?c", "?c owl:oneOf ?l", static=f"?l {_MEMBER} ?x"),
    _r(
        "cls-maxc2",
        "maxCardinality",
        "?y1 owl:sameAs ?y2",
        "?r owl:maxCardinality ?n",
        "?r owl:onProperty ?p",
        "?x a ?r",
        "?x ?p ?y1",
        "?x ?p ?y2",
        static=f"{_ONE} {_PAIR}",
    ),
    _r(
        "cls-maxqc3",
        "maxQualifiedCardinality",
        "?y1 owl:sameAs ?y2",
        "?r owl:maxQualifiedCardinality ?n",
        "?r owl:onProperty ?p",
        "?r owl:onClass ?c",
        "?x a ?r",
        "?x ?p ?y1",
        "?x ?p ?y2",
        "?y1 a ?c",
        "?y2 a ?c",
        static=f"{_ONE} {_PAIR} FILTER(?c != owl:Thing)",
    ),
    _r(
        "cls-maxqc4",
        "maxQualifiedCardinality",
        "?y1 owl:sameAs ?y2",
        "?r owl:maxQualifiedCardinality ?n",
        "?r owl:onProperty ?p",
        "?r owl:onClass owl:Thing",
        "?x a ?r",
        "?x ?p ?y1",
        "?x ?p ?y2",
        static=f"{_ONE} {_PAIR}",
    ),
    # properties
    _r("prp-spo1", _SUBP, "?x ?q ?y", "?p rdfs:subPropertyOf ?q", "?x ?p ?y"),
    _r("prp-dom", f"{RDFS}domain", "?x a ?c", "?p rdfs:domain ?c", "?x ?p ?y"),
    _r("prp-rng", f"{RDFS}range", "?y a ?c", "?p rdfs:range ?c", "?x ?p ?y", static=_NOT_LITERAL),
    _r("prp-inv1", "inverseOf", "?y ?q ?x", "?p owl:inverseOf ?q", "?x ?p ?y", static=_NOT_LITERAL),
    _r("prp-inv2", "inverseOf", "?y ?p ?x", "?p owl:inverseOf ?q", "?x ?q ?y", static=_NOT_LITERAL),
    _r(
        "prp-symp",
        "SymmetricProperty",
        "?y ?p ?x",
        "?p a owl:SymmetricProperty",
        "?x ?p ?y",
        static=_NOT_LITERAL,
    ),
    _r(
        "prp-trp",
        "TransitiveProperty",
        "?x ?p ?z",
        "?p a owl:TransitiveProperty",
        "?x ?p ?y",
        "?y ?p ?z",
    ),
    _r(
        "prp-fp",
        "FunctionalProperty",
        "?y1 owl:sameAs ?y2",
        "?p a owl:FunctionalProperty",
        "?x ?p ?y1",
        "?x ?p ?y2",
        static=_PAIR,
    ),
    _r(
        "prp-ifp",
        "InverseFunctionalProperty",
        "?x1 owl:sameAs ?x2",
        "?p a owl:InverseFunctionalProperty",
        "?x1 ?p ?y",
        "?x2 ?p ?y",
        static="FILTER(?x1 != ?x2)",
    ),
    # equality
    _r("eq-sym", "sameAs", "?y owl:sameAs ?x", "?x owl:sameAs ?y"),
    _r(
        "eq-trans",
        "sameAs",
        "?x owl:sameAs ?z",
        "?x owl:sameAs ?y",
        "?y owl:sameAs ?z",
        static="FILTER(?x != ?z)",
    ),
    _r(
        "eq-rep-s",
        "sameAs",
        "?t ?p ?o",
        "?s owl:sameAs ?t",
        "?s ?p ?o",
        static="FILTER(?p != owl:sameAs)",
    ),
    _r("eq-rep-p", "sameAs", "?s ?q ?o", "?p owl:sameAs ?q", "?s ?p ?o"),
    _r(
        "eq-rep-o",
        "sameAs",
        "?s ?p ?t",
        "?o owl:sameAs ?t",
        "?s ?p ?o",
        static="FILTER(?p != owl:sameAs)",
    ),
)

# eq-ref (every resource is owl:sameAs itself), applied only when owl:sameAs itself is described
# (a sub-property of an irreflexive property, a domain, ...): otherwise its triples change nothing
# the engine reports.
_EQ_REF: tuple[_Rule, ...] = (
    _r("eq-ref-s", "sameAs", "?s owl:sameAs ?s", "?s ?p ?o"),
    _r("eq-ref-p", "sameAs", "?p owl:sameAs ?p", "?s ?p ?o"),
    _r("eq-ref-o", "sameAs", "?o owl:sameAs ?o", "?s ?p ?o", static="FILTER(!isLiteral(?o))"),
)


# Outside OWL 2 RL but sound: used by the hybrid mode only (see the module docstring).
_EXTENDED_RULES: tuple[_Rule, ...] = (
    _r(
        "x-card1-maxc2",
        "cardinality",
        "?y1 owl:sameAs ?y2",
        "?r owl:cardinality ?n",
        "?r owl:onProperty ?p",
        "?x a ?r",
        "?x ?p ?y1",
        "?x ?p ?y2",
        static=f"{_ONE} {_PAIR}",
    ),
    _r(
        "x-qcard1-maxqc3",
        "qualifiedCardinality",
        "?y1 owl:sameAs ?y2",
        "?r owl:qualifiedCardinality ?n",
        "?r owl:onProperty ?p",
        "?r owl:onClass ?c",
        "?x a ?r",
        "?x ?p ?y1",
        "?x ?p ?y2",
        "?y1 a ?c",
        "?y2 a ?c",
        static=f"{_ONE} {_PAIR}",
    ),
    _r(
        "x-svf-fp",
        "FunctionalProperty",
        "?y a ?d",
        "?r owl:someValuesFrom ?d",
        "?r owl:onProperty ?p",
        "?p a owl:FunctionalProperty",
        "?x a ?r",
        "?x ?p ?y",
        static=f"{_NOT_LITERAL} FILTER(?d != owl:Thing)",
    ),
    _r(
        "x-qcard1-fp",
        "FunctionalProperty",
        "?y a ?d",
        "?r owl:qualifiedCardinality|owl:minQualifiedCardinality ?n",
        "?r owl:onClass ?d",
        "?r owl:onProperty ?p",
        "?p a owl:FunctionalProperty",
        "?x a ?r",
        "?x ?p ?y",
        static=f"{_ONE} {_NOT_LITERAL} FILTER(?d != owl:Thing)",
    ),
)


@dataclass(frozen=True)
class Violation:
    """A consistency check that failed: the rule's name, a one-line message (IRIs written in
    full, between angle brackets) and the IRIs of the resources it names.

    >>> store = load([])
    >>> store.update("PREFIX owl: <http://www.w3.org/2002/07/owl#> INSERT DATA {"
    ...              " <http://e/Lab> owl:disjointWith <http://e/Reg> ."
    ...              " <http://e/x> a <http://e/Lab>, <http://e/Reg> }")
    >>> [found] = closure(store).violations
    >>> found.rule, found.resources
    ('cax-dw', ('http://e/x', 'http://e/Lab', 'http://e/Reg'))
    >>> print(found.message)
    <http://e/x> is a member of <http://e/Lab> and of <http://e/Reg>, which are disjoint
    (owl:disjointWith)
    """

    rule: str
    message: str
    resources: tuple[str, ...] = ()


@dataclass
class Closure:
    """What :func:`closure` did: rounds run, triples added, failed consistency checks.

    >>> store = load([])
    >>> store.update("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> INSERT DATA {"
    ...              " <http://e/Lab> rdfs:subClassOf <http://e/Player> ."
    ...              " <http://e/openai> a <http://e/Lab> }")
    >>> done = closure(store)
    >>> done.added, done.violations, done.consistent
    (1, [], True)
    >>> Closure(rounds=1, added=0, violations=[Violation("cax-dw", "...")]).consistent
    False
    """

    rounds: int
    added: int
    violations: list[Violation] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        """True when no consistency check failed."""
        return not self.violations


# Where a check's query holds _PAIRS, it stands for the pairs of members of the lists
# _PAIRED[rule] selects: found first and given as VALUES (joined in the query, the store would
# start from the pattern after them, every typed resource), or, when a member is a blank node,
# that query's pattern itself.
_PAIRS = "VALUES_OF_PAIRS"
_PAIRED = {
    rule: f"?d a owl:{kind} ; owl:members ?l . ?l {_MEMBER} ?{v}1 . ?l {_MEMBER} ?{v}2"
    f" FILTER(str(?{v}1) < str(?{v}2))"
    for rule, kind, v in (
        ("cax-adc", "AllDisjointClasses", "c"),
        ("prp-adp", "AllDisjointProperties", "p"),
    )
}

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
        f"SELECT ?x ?c1 ?c2 WHERE {{ {_PAIRS} ?x a ?c1 , ?c2 }}",
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
        f"SELECT ?x ?p1 ?p2 ?y WHERE {{ {_PAIRS} ?x ?p1 ?y ; ?p2 ?y }}",
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
        f"{OWL}sourceIndividual",  # with or without the rdf:type owl:NegativePropertyAssertion
        "SELECT ?x ?p ?y WHERE { ?n owl:sourceIndividual ?x ; owl:assertionProperty ?p ;"
        " owl:targetIndividual|owl:targetValue ?y . ?x ?p ?y }",
        "{x} {p} {y}, but a negative property assertion denies it",
    ),
)

_WHY_SAME = (
    "SELECT ?x ?p WHERE {{ {{ ?p a owl:FunctionalProperty . ?x ?p {a} , {b} }} UNION"
    " {{ ?p a owl:InverseFunctionalProperty . {a} ?p ?x . {b} ?p ?x }} }} LIMIT 3"
)


class Native:
    """Direct access to a pyoxigraph ``store`` (in memory or on disk) for a :class:`Space`:
    queries over a default graph made of several graphs (the store's default graph among them,
    which SPARQL cannot name), and triples added without a SPARQL update. ``wrap`` turns the
    store's errors into ecoonto's (a function that runs a thunk).

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("1")))
    >>> native = Native(store)
    >>> native.add(native.construct("CONSTRUCT WHERE { ?s ?p ?o }", [None], []), ["urn:g"])
    >>> len(store)
    2
    """

    def __init__(
        self, store: ox.Store, wrap: Callable[[Callable[[], Any]], Any] | None = None
    ) -> None:
        self.store = store
        self._wrap = wrap or (lambda thunk: thunk())

    def query(self, sparql: str, reads: Sequence[str | None], named: Sequence[str] | None) -> Any:
        """``store.query`` with the default graph the union of ``reads`` (None: the store's
        default graph) and the named graphs ``named`` (None: all)."""
        import pyoxigraph as ox

        default: list[Any] = [ox.DefaultGraph() if g is None else ox.NamedNode(g) for g in reads]
        names: list[Any] | None = None if named is None else [ox.NamedNode(g) for g in named]
        return self.store.query(sparql, default_graph=default, named_graphs=names)

    def construct(
        self, sparql: str, reads: Sequence[str | None], named: Sequence[str]
    ) -> list[ox.Triple]:
        """The triples of a CONSTRUCT query (see :meth:`query`)."""
        found: list[ox.Triple] = self._wrap(lambda: list(self.query(sparql, reads, named)))
        return found

    def add(self, triples: Sequence[ox.Triple], graphs: Sequence[str]) -> None:
        """Add ``triples`` to each of the named ``graphs``."""
        import pyoxigraph as ox

        def run() -> None:  # one bulk load (on disk: one set of files written) for all
            names = [ox.NamedNode(g) for g in graphs]
            self.store.bulk_extend(
                ox.Quad(t.subject, t.predicate, t.object, g) for g in names for t in triples
            )

        if triples:
            self._wrap(run)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add ``quads`` in one transaction."""
        self._wrap(lambda: self.store.extend(quads))

    def triples(
        self, graph: str, patterns: Sequence[tuple[str, str | None]] | None = None
    ) -> list[tuple[Any, Any, Any]]:
        """The triples of the named graph ``graph`` (with ``patterns``: those with one of the
        (predicate, object) pairs, None: any object)."""
        import pyoxigraph as ox

        g = ox.NamedNode(graph)

        def run() -> list[tuple[Any, Any, Any]]:
            if patterns is None:
                found = self.store.quads_for_pattern(None, None, None, g)
                return [(q.subject, q.predicate, q.object) for q in found]
            return [
                (q.subject, q.predicate, q.object)
                for p, o in patterns
                for q in self.store.quads_for_pattern(
                    None, ox.NamedNode(p), None if o is None else ox.NamedNode(o), g
                )
            ]

        triples: list[tuple[Any, Any, Any]] = self._wrap(run)
        return triples

    def rows(self, sparql: str, reads: Sequence[str | None]) -> list[tuple[Any, ...]]:
        """The rows of a SELECT (see :meth:`query`)."""

        def run() -> list[tuple[Any, ...]]:
            solutions: Any = self.query(sparql, reads, None)
            n = len(solutions.variables)
            return [tuple(s[i] for i in range(n)) for s in solutions]

        rows: list[tuple[Any, ...]] = self._wrap(run)
        return rows

    def ask(self, sparql: str, reads: Sequence[str | None]) -> bool:
        """An ASK (see :meth:`query`)."""
        return bool(self._wrap(lambda: bool(self.query(sparql, reads, None))))


class Space:
    """Where :func:`closure` runs: a pyoxigraph store, or anything that answers SPARQL queries
    and updates (an embedded store on disk, a SPARQL endpoint).

    The closure reads and grows ``work`` (None: the default graph); what a round derives goes
    to the named graph ``new``, what the last round derived to ``delta`` (both emptied at the
    end). ``update`` runs a SPARQL update, ``rows`` a SELECT (its rows as tuples of pyoxigraph
    terms, in the order of the SELECT's variables), ``ask`` an ASK.

    With ``inferred`` the closure leaves ``work`` as it is: it reads the union of ``work`` and
    the named graph ``inferred`` and writes what it derives to ``inferred`` only (which then
    holds exactly the triples the closure adds). With ``work`` named the updates say ``USING``
    both graphs; the default graph
    needs ``native`` (:class:`Native`: the rules run as CONSTRUCT queries over both graphs,
    their triples added directly).

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.update('INSERT DATA { <http://e/C> <http://www.w3.org/2000/01/rdf-schema#subClassOf>'
    ...              ' <http://e/D> . <http://e/x> a <http://e/C> }')
    >>> space = Space.of_store(store)
    >>> space.ask("ASK { <http://e/x> a <http://e/C> }")
    True
    >>> closure(space).added
    1
    >>> layered = Space.of_store(store, inferred="urn:inferred")
    >>> store.update("DELETE DATA { <http://e/x> a <http://e/D> }")
    >>> closure(layered).added, len(store)
    (1, 3)
    >>> query = "ASK { <http://e/x> a <http://e/D> }"
    >>> layered.ask(query), space.ask(query)
    (True, False)
    """

    def __init__(
        self,
        update: Callable[[str], None],
        rows: Callable[[str], list[tuple[Any, ...]]],
        ask: Callable[[str], bool],
        *,
        work: str | None = None,
        delta: str = DELTA_GRAPH,
        new: str = NEW_GRAPH,
        inferred: str | None = None,
        native: Native | None = None,
    ) -> None:
        self._update, self._rows, self._ask = update, rows, ask
        self.work, self.delta, self.new = work, delta, new
        self.inferred, self.native = inferred, native
        self._pending: list[ox.Triple] = []  # what the rules of a round found (native)
        if inferred is not None and work is None and native is None:
            raise ValueError("a closure into `inferred` over the default graph needs `native`")

    @classmethod
    def of_store(
        cls,
        store: ox.Store,
        *,
        work: str | None = None,
        delta: str = DELTA_GRAPH,
        new: str = NEW_GRAPH,
        inferred: str | None = None,
    ) -> Space:
        """A space on a pyoxigraph ``store`` (in memory, or on disk opened for writing)."""

        def rows(sparql: str) -> list[tuple[Any, ...]]:
            solutions: Any = store.query(sparql)
            n = len(solutions.variables)
            return [tuple(s[i] for i in range(n)) for s in solutions]

        def ask(sparql: str) -> bool:
            return bool(store.query(sparql))

        return cls(
            store.update,
            rows,
            ask,
            work=work,
            delta=delta,
            new=new,
            inferred=inferred,
            native=Native(store),
        )

    @property
    def natively(self) -> bool:
        """Whether the closure runs through :class:`Native` (into ``inferred`` over the default
        graph, which SPARQL cannot name next to it; a named ``work`` is read with ``USING``)."""
        return self._natively() is not None

    def _natively(self) -> tuple[Native, str] | None:
        if self.inferred is None or self.work is not None or self.native is None:
            return None
        return self.native, self.inferred

    @property
    def reads(self) -> list[str | None]:
        """The graphs whose union is the closure (None: the default graph)."""
        return [self.work] if self.inferred is None else [self.work, self.inferred]

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (the rule prefixes are added)."""
        self._update(_PREFIXES + sparql)

    def rows(self, sparql: str) -> list[tuple[Any, ...]]:
        """The rows of a SELECT over the closure (``FROM`` the work graph is added)."""
        native = self._natively()
        if native is not None:
            return native[0].rows(_PREFIXES + sparql, self.reads)
        return self._rows(_PREFIXES + self._from(sparql))

    def ask(self, sparql: str) -> bool:
        """An ASK over the closure (``FROM`` the work graph is added)."""
        native = self._natively()
        if native is not None:
            return native[0].ask(_PREFIXES + sparql, self.reads)
        return self._ask(_PREFIXES + self._from(sparql))

    def ask_in_graph(self, sparql: str) -> bool:
        """An ASK over the whole dataset (to look into named graphs such as ``delta``)."""
        return self._ask(_PREFIXES + sparql)

    def rows_in_dataset(self, sparql: str) -> list[tuple[Any, ...]]:
        """The rows of a SELECT over the store's own dataset (no ``FROM`` added)."""
        return self._rows(_PREFIXES + sparql)

    def using(self) -> str:
        """The ``USING`` clauses of a rule's update (none when the work graph is the default)."""
        if self.work is None:
            return ""
        inferred = "" if self.inferred is None else f" USING <{self.inferred}>"
        return f" USING <{self.work}>{inferred} USING NAMED <{self.delta}>"

    def _from(self, sparql: str) -> str:
        if self.work is None:
            return sparql
        head, where, body = sparql.partition(" WHERE")
        if not where:
            head, where, body = sparql.partition(" {")
        inferred = "" if self.inferred is None else f" FROM <{self.inferred}>"
        return f"{head} FROM <{self.work}>{inferred}{where}{body}"

    def derive(self, head: str, where: str) -> None:
        """Add the ``head`` triples of the solutions of ``where`` (a rule) to ``new`` and, with
        ``inferred``, to ``inferred`` too (by an update: at once, later rules of the round read
        them; natively: all at the end of the round, in one bulk load)."""
        native = self._natively()
        if native is not None:
            self._pending += native[0].construct(
                f"{_PREFIXES}CONSTRUCT {{ {head} }} WHERE {{ {where} }}", self.reads, [self.delta]
            )
            return
        # Into `inferred` at once too: later rules of the round read them (and skip them).
        also = "" if self.inferred is None else f" GRAPH <{self.inferred}> {{ {head} }}"
        self.update(
            f"INSERT {{ GRAPH <{self.new}> {{ {head} }}{also} }}{self.using()} WHERE {{ {where} }}"
        )

    def triples(
        self, graph: str, patterns: Sequence[tuple[str, str | None]] | None = None
    ) -> list[tuple[Any, Any, Any]]:
        """The triples of the named graph ``graph``, as (subject, predicate, object); with
        ``patterns``, those with one of its (predicate, object) pairs (None: any object)."""
        if self.native is not None:
            return self.native.triples(graph, patterns)
        if patterns is None:
            rows = self._rows(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            return [(s, p, o) for s, p, o in rows]
        import pyoxigraph as ox

        found: list[tuple[Any, Any, Any]] = []
        for p, o in patterns:
            pred = ox.NamedNode(p)
            if o is None:
                rows = self._rows(f"SELECT ?s ?o WHERE {{ GRAPH <{graph}> {{ ?s <{p}> ?o }} }}")
                found += [(s, pred, obj) for s, obj in rows]
            else:
                rows = self._rows(f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s <{p}> <{o}> }} }}")
                found += [(s, pred, ox.NamedNode(o)) for (s,) in rows]
        return found

    def count(self, graph: str) -> int:
        """Triples in the named graph ``graph``."""
        found = self._rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(found[0][0].value) if found and found[0][0] is not None else 0

    def drop(self, *graphs: str) -> None:
        """Remove the named ``graphs`` (silently when absent)."""
        self._update(" ; ".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))

    def promote(self) -> int:
        """Move what the round derived (``new``) into the closure and into ``delta`` (emptied
        first); returns how many triples it was. With ``inferred`` (which :meth:`derive` filled
        too), ``new`` becomes ``delta`` (the two names are swapped; the old delta is dropped)."""
        native = self._natively()
        if native is not None:
            pending, self._pending = self._pending, []
            native[0].add(pending, [native[1], self.new])
        found = self.count(self.new)
        if self.inferred is not None:
            self.drop(self.delta)
            self.delta, self.new = self.new, self.delta
            return found
        into = "?s ?p ?o ." if self.work is None else f"GRAPH <{self.work}> {{ ?s ?p ?o }}"
        self._update(
            f"DROP SILENT GRAPH <{self.delta}> ;"
            + (
                f" INSERT {{ {into} GRAPH <{self.delta}> {{ ?s ?p ?o }} }}"
                f" WHERE {{ GRAPH <{self.new}> {{ ?s ?p ?o }} }} ;"
                if found
                else ""
            )
            + f" DROP SILENT GRAPH <{self.new}>"
        )
        return found


def _space(store: ox.Store | Space) -> Space:
    return store if isinstance(store, Space) else Space.of_store(store)


def closure(
    store: ox.Store | Space,
    *,
    extended: bool = False,
    checks: bool = True,
    max_rounds: int = 1000,
) -> Closure:
    """Close ``store`` in place under the OWL 2 RL rules, then run the consistency checks
    (unless ``checks=False``). ``store`` is a ``pyoxigraph.Store`` (its default graph) or a
    :class:`Space` (its work graph, in a store on disk or behind a SPARQL endpoint).

    Rounds repeat until one derives nothing new. The first round applies every rule to the
    whole store; later rounds are semi-naive: each rule is applied once per atom of its body,
    that atom matched only in the triples the previous round derived (kept in a named graph
    that is removed at the end).
    ``extended=True`` adds the sound non-RL rules described in the module docstring.
    Returns the number of rounds, the triples added and the failed consistency checks.

    >>> store = load([])
    >>> store.update('INSERT DATA { <http://e/p> <http://www.w3.org/2002/07/owl#inverseOf>'
    ...              ' <http://e/q> . <http://e/a> <http://e/p> <http://e/b> }')
    >>> done = closure(store)
    >>> done.added, done.consistent
    (1, True)
    """
    space = _space(store)
    rules = [*_RULES, *_compiled_rules(space)]
    if _sameas_in_schema(space):
        rules += _EQ_REF
    if extended:
        rules += _EXTENDED_RULES
    naive = {id(rule): rule.naive_where() for rule in rules}
    cache: dict[tuple[str, str | None], bool] = {}
    added = 0
    rounds = 0
    scratch = (space.delta, space.new)
    space.drop(*scratch, *([] if space.inferred is None else [space.inferred]))
    try:
        while rounds < max_rounds:
            rounds += 1
            used = _used_terms(space)
            for rule in rules:
                if rule.trigger not in used and not rule.name.startswith("eq-ref"):
                    continue
                if rounds == 1:
                    space.derive(rule.head, naive[id(rule)])
                    continue
                for (pred, cls), where in rule.semi_wheres(space):
                    if pred is None or _in_delta(space, pred, cls, cache):
                        space.derive(rule.head, where)
            cache.clear()
            found = space.promote()
            if not found:
                break
            added += found
    finally:
        space.drop(*scratch)
        space.delta, space.new = scratch
    found_violations = check(space) if checks else []
    return Closure(rounds=rounds, added=added, violations=found_violations)


def _in_delta(
    space: Space, pred: str, cls: str | None, cache: dict[tuple[str, str | None], bool]
) -> bool:
    """Whether the last round derived a triple with predicate ``pred`` (and object ``cls``)."""
    key = (pred, cls)
    if key not in cache:
        obj = "?o" if cls is None else f"<{cls}>"
        cache[key] = space.ask_in_graph(f"ASK {{ GRAPH <{space.delta}> {{ ?s <{pred}> {obj} }} }}")
    return cache[key]


def check(store: ox.Store | Space, limit: int = 20) -> list[Violation]:
    """The failed OWL 2 RL consistency checks of a closed ``store`` (at most ``limit`` each).

    >>> store = load([])
    >>> store.update('INSERT DATA { <http://e/x> a <http://www.w3.org/2002/07/owl#Nothing> }')
    >>> [v.rule for v in check(store)]
    ['cls-nothing2']
    """
    space = _space(store)
    used = _used_terms(space)
    found: list[Violation] = []
    for rule, trigger, query, template in _CHECKS:
        if trigger not in used and not (rule == "cls-nothing2" and _has_nothing(space)):
            continue
        variables = _variables(query)
        for row in _check_rows(space, rule, query, limit):
            names = {v: _show(t) for v, t in zip(variables, row, strict=True)}
            resources = tuple(t.value for t in row if _is_iri(t))
            message = template.format(**names)
            if rule == "eq-diff2/3" or rule == "eq-diff1":
                x, y = row[variables.index("x")], row[variables.index("y")]
                message += _why_same(space, x, y)
                resources += _why_same_resources(space, x, y)
            found.append(Violation(rule, message, tuple(dict.fromkeys(resources))))
    return found


def _check_rows(space: Space, rule: str, query: str, limit: int) -> list[tuple[Any, ...]]:
    """The rows of a check's ``query`` (at most ``limit``)."""
    if rule not in _PAIRED:
        return space.rows(f"{query} LIMIT {limit}")
    v = "c" if rule == "cax-adc" else "p"
    pairs = space.rows(f"SELECT DISTINCT ?{v}1 ?{v}2 WHERE {{ {_PAIRED[rule]} }}")
    if not pairs:
        return []
    if not all(_is_iri(t) for pair in pairs for t in pair):
        return space.rows(f"{query.replace(_PAIRS, _PAIRED[rule])} LIMIT {limit}")
    if rule == "cax-adc":
        return _disjoint_members(space, pairs, limit)
    values = " ".join(f"({_show(a)} {_show(b)})" for a, b in pairs)
    return space.rows(f"{query.replace(_PAIRS, f'VALUES (?p1 ?p2) {{ {values} }}')} LIMIT {limit}")


def _disjoint_members(
    space: Space, pairs: list[tuple[Any, ...]], limit: int
) -> list[tuple[Any, ...]]:
    """cax-adc's rows (x, c1, c2) for the disjoint ``pairs`` of named classes: each class's
    members read once, the pairs found per member (one lookup per class, not per pair)."""
    classes: dict[Any, None] = dict.fromkeys(t for pair in pairs for t in pair)
    kinds: dict[Any, list[Any]] = {}
    for c in classes:
        for (x,) in space.rows(f"SELECT DISTINCT ?x WHERE {{ ?x a {_show(c)} }}"):
            kinds.setdefault(x, []).append(c)
    disjoint = {(a, b) for a, b in pairs}
    rows: list[tuple[Any, ...]] = []
    for x, found in kinds.items():
        for a in found:
            for b in found:
                if (a, b) in disjoint:
                    rows.append((x, a, b))
                    if len(rows) == limit:
                        return rows
    return rows


def uncovered_constructs(store: ox.Store | Space) -> set[str]:
    """The terms of :data:`UNCOVERED` that ``store`` uses (as a predicate or a type), and
    ``owl:inverseOf`` when a blank node is an inverse property expression.

    >>> store = load([])
    >>> store.update('INSERT DATA { <http://e/p> a'
    ...              ' <http://www.w3.org/2002/07/owl#ReflexiveProperty> }')
    >>> sorted(uncovered_constructs(store))
    ['http://www.w3.org/2002/07/owl#ReflexiveProperty']
    """
    space = _space(store)
    found = set(UNCOVERED & _used_terms(space))
    if space.ask("ASK WHERE { ?s owl:inverseOf ?o FILTER(isBlank(?s) || isBlank(?o)) }"):
        found.add(f"{OWL}inverseOf")
    return found


def load(triples: Iterable[ox.Triple]) -> ox.Store:
    """A new in-memory store holding ``triples`` in its default graph.

    >>> import pyoxigraph as ox
    >>> a, p = ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p")
    >>> len(load([ox.Triple(a, p, ox.Literal("1"))]))
    1
    """
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


# --------------------------------------------------------------------------------------------
# Helpers


def _used_terms(space: Space) -> set[str]:
    """Predicates, and objects of ``rdf:type``, that occur in the closure (OWL/RDFS terms only)."""
    terms = " ".join(f"<{t}>" for t in sorted({*_trigger_terms(), f"{OWL}sameAs"}))
    query = (
        f"SELECT ?t WHERE {{ VALUES ?t {{ {terms} }}"
        " FILTER(EXISTS { ?s ?t ?o } || EXISTS { ?s a ?t }) }"
    )
    return {row[0].value for row in space.rows(query)}


def _trigger_terms() -> set[str]:
    terms = {r.trigger for r in (*_RULES, *_EXTENDED_RULES)}
    terms |= {c[1] for c in _CHECKS}
    terms |= {f"{OWL}propertyChainAxiom", f"{OWL}hasKey", f"{OWL}intersectionOf"}
    return terms | set(UNCOVERED)


def _has_nothing(space: Space) -> bool:
    return space.ask("ASK WHERE { ?x a owl:Nothing }")


def _sameas_in_schema(space: Space) -> bool:
    return space.ask("ASK WHERE { { owl:sameAs ?p ?o } UNION { ?s ?p owl:sameAs } }")


def _list_lengths(space: Space, predicate: str) -> set[int]:
    """The lengths of the RDF lists that are objects of ``predicate``, walked in Python (a
    ``rdf:rest*`` path cannot count a list that holds a member twice)."""
    query = (
        f"SELECT ?l ?n ?f ?r WHERE {{ ?x <{predicate}> ?l . ?l rdf:rest* ?n ."
        " OPTIONAL { ?n rdf:first ?f } OPTIONAL { ?n rdf:rest ?r } }"
    )
    heads: list[object] = []
    first: set[object] = set()
    rest: dict[object, object] = {}
    for head, item, member, nxt in space.rows(query):
        heads.append(head)
        if member is not None:
            first.add(item)
        if nxt is not None:
            rest.setdefault(item, nxt)
    nil = f"{RDF}nil"
    lengths: set[int] = set()
    for head in dict.fromkeys(heads):
        node: Any = head
        n = 0
        seen: set[object] = set()
        while not (_is_iri(node) and node.value == nil) and node not in seen:
            seen.add(node)
            if node not in first:
                break
            n += 1
            if node not in rest:
                break
            node = rest[node]
        if n:
            lengths.add(n)
    return lengths


def _walk(n: int, item: str) -> str:
    """SPARQL for an RDF list ``?l0`` of exactly ``n`` members ``?{item}0`` ... ``?{item}n-1``."""
    return " ".join(
        f"?l{i} rdf:first ?{item}{i} ; rdf:rest {'rdf:nil' if i == n - 1 else f'?l{i + 1}'} ."
        for i in range(n)
    )


def _compiled_rules(space: Space) -> list[_Rule]:
    """The rules whose shape depends on list lengths in the TBox: cls-int1 (intersections),
    prp-spo2 (property chains) and prp-key (keys), one per length used."""
    rules: list[_Rule] = []
    for n in sorted(_list_lengths(space, f"{OWL}intersectionOf")):
        members = [f"?x a ?m{i}" for i in range(n)]
        rules.append(
            _r(
                f"cls-int1/{n}",
                "intersectionOf",
                "?x a ?c",
                "?c owl:intersectionOf ?l0",
                *members,
                static=_walk(n, "m"),
            )
        )
    for n in sorted(_list_lengths(space, f"{OWL}propertyChainAxiom")):
        hops = [f"?u{i} ?p{i} ?u{i + 1}" for i in range(n)]
        rules.append(
            _r(
                f"prp-spo2/{n}",
                "propertyChainAxiom",
                f"?u0 ?q ?u{n}",
                "?q owl:propertyChainAxiom ?l0",
                *hops,
                static=_walk(n, "p"),
            )
        )
    for n in sorted(_list_lengths(space, f"{OWL}hasKey")):
        values = [f"?x ?p{i} ?z{i}" for i in range(n)] + [f"?y ?p{i} ?z{i}" for i in range(n)]
        rules.append(
            _r(
                f"prp-key/{n}",
                "hasKey",
                "?x owl:sameAs ?y",
                "?c owl:hasKey ?l0",
                "?x a ?c",
                "?y a ?c",
                *values,
                static=f"{_walk(n, 'p')} FILTER(?x != ?y && isIRI(?x) && isIRI(?y))",
            )
        )
    return rules


def _variables(query: str) -> list[str]:
    head = query.split("WHERE")[0]
    return [name for name in dict.fromkeys(_tokens(head)) if name]


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


def _why_same(space: Space, a: object, b: object) -> str:
    rows = _why_same_rows(space, a, b)
    if not rows:
        return ""
    reasons = [
        f"{_show(x)} has both as values of {_show(p)}, a functional property" for x, p in rows
    ]
    return ": " + "; ".join(reasons)


def _why_same_resources(space: Space, a: object, b: object) -> tuple[str, ...]:
    return tuple(str(x.value) for x, _ in _why_same_rows(space, a, b) if _is_iri(x))  # type: ignore[attr-defined]


def _why_same_rows(space: Space, a: object, b: object) -> list[tuple[object, object]]:
    """Resources that have ``a`` and ``b`` as values of one functional property (or the same
    value of one inverse-functional property): why they had to be the same."""
    if not (_is_iri(a) and _is_iri(b)):
        return []
    query = _WHY_SAME.format(a=_show(a), b=_show(b))
    return [(row[0], row[1]) for row in space.rows(query)]
