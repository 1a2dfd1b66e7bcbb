"""What every reasoner shares: the vocabulary of the input, the facts it did not assert, term
conversion between rdflib and pyoxigraph."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecoonto.errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Literal as RDFLiteral
    from rdflib.term import URIRef

OWL_NS = "http://www.w3.org/2002/07/owl#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
INFERENCES_ONTOLOGY = "http://inferrences/"  # owlready2's spelling
_BUILTIN_NAMESPACES = (OWL_NS, RDF_NS, RDFS_NS, XSD_NS)


@dataclass
class ReasonerOutcome:
    """What one reasoner found: consistency, unsatisfiable classes, the memberships and
    property assertions it inferred, and, when inconsistent, its explanation and the
    individuals that explanation names (each reasoner module returns one).

    >>> outcome = ReasonerOutcome(consistent=False, explanation=["cax-dw: <https://e.org/x> ..."])
    >>> outcome.consistent, outcome.memberships, outcome.explanation[0][:6]
    (False, frozenset(), 'cax-dw')
    """

    consistent: bool
    unsatisfiable: frozenset[URIRef] = frozenset()
    memberships: frozenset[tuple[URIRef, URIRef]] = frozenset()
    property_assertions: frozenset[tuple[URIRef, URIRef, URIRef | RDFLiteral]] = frozenset()
    explanation: list[str] = field(default_factory=list)
    involved: frozenset[URIRef] = frozenset()
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# What the input declares


@dataclass
class Vocabulary:
    """What the input declares: named classes and properties, inverses, superproperties, the
    schema terms and the named individuals (:func:`vocabulary`).

    >>> from rdflib import Graph
    >>> v = vocabulary(Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     :employs a owl:ObjectProperty ; owl:inverseOf :worksFor . :Lab a owl:Class .
    ...     :openai a :Lab .'''))
    >>> sorted(map(str, v.individuals)), sorted(map(str, v.schema))
    (['https://e.org/openai'], ['https://e.org/Lab', 'https://e.org/employs'])
    >>> {str(p): sorted(map(str, qs)) for p, qs in v.inverses.items()}
    {'https://e.org/employs': ['https://e.org/worksFor'],
     'https://e.org/worksFor': ['https://e.org/employs']}
    """

    classes: set[URIRef]
    properties: set[URIRef]
    inverses: dict[URIRef, set[URIRef]]
    superproperties: dict[URIRef, set[URIRef]]
    schema: set[URIRef]
    individuals: set[URIRef]


def vocabulary(graph: Graph) -> Vocabulary:
    """The :class:`Vocabulary` that ``graph`` declares (built-in OWL/RDF/RDFS/XSD terms left out).

    >>> from rdflib import Graph, URIRef
    >>> from rdflib.namespace import OWL, RDF
    >>> g = Graph()
    >>> _ = g.add((URIRef("http://e/C"), RDF.type, OWL.Class))
    >>> sorted(str(c) for c in vocabulary(g).classes)
    ['http://e/C']
    """
    from rdflib import OWL, RDF, RDFS, URIRef

    classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    classes |= {c for c in graph.subjects(RDF.type, RDFS.Class) if isinstance(c, URIRef)}
    classes = {c for c in classes if not is_builtin(c)}
    properties: set[URIRef] = set()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        properties |= {p for p in graph.subjects(RDF.type, kind) if isinstance(p, URIRef)}
    inverses: dict[URIRef, set[URIRef]] = {}
    for p, q in graph.subject_objects(OWL.inverseOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            inverses.setdefault(p, set()).add(q)
            inverses.setdefault(q, set()).add(p)
    for p in graph.subjects(RDF.type, OWL.SymmetricProperty):
        if isinstance(p, URIRef):  # its own inverse: owlready2 drops b p a when a p b is stored
            inverses.setdefault(p, set()).add(p)
    superproperties: dict[URIRef, set[URIRef]] = {}
    for p, q in graph.subject_objects(RDFS.subPropertyOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef) and p != q:
            superproperties.setdefault(p, set()).add(q)
    for p, q in graph.subject_objects(OWL.equivalentProperty):
        if isinstance(p, URIRef) and isinstance(q, URIRef) and p != q:
            superproperties.setdefault(p, set()).add(q)
            superproperties.setdefault(q, set()).add(p)
    # Typed owl:Thing (or owl:Nothing) is a class assertion, as owl:NamedIndividual declares:
    # an individual, not a schema term (W3C WebOnt-Ontology-001: `:auto a :Automobile,
    # owl:Thing` is a :Car when the two classes are equivalent).
    individual_types = (OWL.NamedIndividual, OWL.Thing, OWL.Nothing)
    schema = {
        s
        for s, o in graph.subject_objects(RDF.type)
        if isinstance(s, URIRef)
        and isinstance(o, URIRef)
        and is_builtin(o)
        and o not in individual_types
    }
    individuals = {
        s
        for s, o in graph.subject_objects(RDF.type)
        if isinstance(s, URIRef) and s not in schema and (o in individual_types or o in classes)
    }
    return Vocabulary(classes, properties, inverses, superproperties, schema, individuals)


_OBJECT_CHARACTERISTICS = frozenset(
    f"{OWL_NS}{n}"
    for n in (
        "SymmetricProperty",
        "AsymmetricProperty",
        "TransitiveProperty",
        "ReflexiveProperty",
        "IrreflexiveProperty",
        "InverseFunctionalProperty",
    )
)
_PROPERTY_KINDS = {"object": f"{OWL_NS}ObjectProperty", "data": f"{OWL_NS}DatatypeProperty"}


def declarations_from_use(graph: Graph) -> list[tuple[URIRef, URIRef, URIRef]]:
    """The declarations an OWL 2 DL parser of RDF input infers for what ``graph`` uses without
    declaring: a property an OWL axiom names (a characteristic, a restriction, an inverse, sub-,
    equivalent or disjoint property, a chain, a domain or range, a key) becomes an
    ``owl:ObjectProperty`` or ``owl:DatatypeProperty`` by its values and the axioms it is in, and
    a class an individual is typed with or an axiom names becomes an ``owl:Class``.

    owlready2 (and so HermiT and Pellet through it) drops an axiom on an undeclared property:
    ``ex:p1 owl:propertyDisjointWith ex:p2`` between undeclared properties would never make a
    graph inconsistent. Raises :class:`InputError` naming a property whose kind its use leaves
    open (no values, no typed axiom) or makes both (IRI and literal values).

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data=(
    ...     "@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix : <https://e.org/> ."
    ...     " :p a owl:SymmetricProperty . :a a :A ; :p :b ."))
    >>> sorted(f"{s[-1]} {o.split('#')[1]}" for s, _p, o in declarations_from_use(g))
    ['A Class', 'p ObjectProperty']
    """
    from rdflib import OWL, RDF, RDFS, BNode, Literal, URIRef
    from rdflib.collection import Collection

    declared = {
        s
        for kind in (
            OWL.Class,
            RDFS.Class,
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            OWL.AnnotationProperty,
            RDFS.Datatype,
        )
        for s in graph.subjects(RDF.type, kind)
    }
    kinds: dict[URIRef, set[str]] = {}  # undeclared property -> "object" / "data" hints
    linked: dict[URIRef, set[URIRef]] = {}  # properties that share a kind

    def mention(p: object, hint: str | None = None) -> None:
        if isinstance(p, URIRef) and p not in declared and not is_builtin(p):
            found = kinds.setdefault(p, set())
            if hint:
                found.add(hint)

    def link(p: object, q: object) -> None:
        mention(p)
        mention(q)
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            linked.setdefault(p, set()).add(q)
            linked.setdefault(q, set()).add(p)

    def members(node: object) -> list[object]:
        return list(Collection(graph, node)) if isinstance(node, BNode | URIRef) else []

    for p, kind in graph.subject_objects(RDF.type):
        if str(kind) in _OBJECT_CHARACTERISTICS:
            mention(p, "object")
        elif kind == OWL.FunctionalProperty:
            mention(p)
    for pred in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.propertyDisjointWith):
        for p, q in graph.subject_objects(pred):
            link(p, q)
    for group in graph.subjects(RDF.type, OWL.AllDisjointProperties):
        for lst in graph.objects(group, OWL.members):
            ps = members(lst)
            for first, second in zip(ps, ps[1:], strict=False):
                link(first, second)
    for p, q in graph.subject_objects(OWL.inverseOf):
        mention(p, "object")
        mention(q, "object")
    for p, chain in graph.subject_objects(OWL.propertyChainAxiom):
        mention(p, "object")
        for link_ in members(chain):
            mention(link_, "object")
    for _c, keys in graph.subject_objects(OWL.hasKey):
        for key in members(keys):
            mention(key)
    for p in graph.subjects(RDFS.domain, None):
        mention(p)
    for p, r in graph.subject_objects(RDFS.range):
        datatype = (r, RDF.type, RDFS.Datatype) in graph or str(r).startswith(XSD_NS)
        mention(p, "data" if datatype or r == RDFS.Literal else "object")
    for restriction, p in graph.subject_objects(OWL.onProperty):
        mention(p)
        for pred in (OWL.someValuesFrom, OWL.allValuesFrom, OWL.onClass, OWL.onDataRange):
            for filler in graph.objects(restriction, pred):
                datatype = (
                    pred == OWL.onDataRange
                    or (filler, RDF.type, RDFS.Datatype) in graph
                    or str(filler).startswith(XSD_NS)
                    or filler == RDFS.Literal
                )
                mention(p, "data" if datatype else "object")
        for value in graph.objects(restriction, OWL.hasValue):
            mention(p, "data" if isinstance(value, Literal) else "object")
        if (restriction, OWL.hasSelf, None) in graph:
            mention(p, "object")
    for p in list(kinds):
        for o in graph.objects(None, p):
            kinds[p].add("data" if isinstance(o, Literal) else "object")
    # properties linked by sub-, equivalent or disjoint property axioms share their kind
    changed = True
    while changed:
        changed = False
        for p, others in linked.items():
            for q in others:
                known = kinds.get(q, set()) if q not in declared else _declared_kind(graph, q)
                if p in kinds and not known <= kinds[p]:
                    kinds[p] |= known
                    changed = True
    added: list[tuple[URIRef, URIRef, URIRef]] = []
    for p in sorted(kinds):
        hints = kinds[p]
        if len(hints) != 1:
            why = "both IRI and literal values" if hints else "no values and no typed axiom"
            raise InputError(
                f"the property {p.n3()} is not declared and its use leaves its kind open ({why}):"
                " declare it an owl:ObjectProperty or an owl:DatatypeProperty"
            )
        added.append((p, RDF.type, URIRef(_PROPERTY_KINDS[next(iter(hints))])))
    object_properties: set[object] = {p for p, _t, k in added if k == OWL.ObjectProperty}
    object_properties |= set(graph.subjects(RDF.type, OWL.ObjectProperty))
    classes: set[object] = set(graph.objects(None, RDF.type))
    for pred in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith):
        for a, b in graph.subject_objects(pred):
            classes |= {a, b}
    for pred in (OWL.someValuesFrom, OWL.allValuesFrom):
        for restriction, filler in graph.subject_objects(pred):
            if graph.value(restriction, OWL.onProperty) in object_properties:
                classes.add(filler)
    classes |= set(graph.objects(None, OWL.onClass)) | set(graph.objects(None, RDFS.domain))
    classes |= {r for p, r in graph.subject_objects(RDFS.range) if p in object_properties}
    for pred in (OWL.intersectionOf, OWL.unionOf):
        for _e, lst in graph.subject_objects(pred):
            classes |= set(members(lst))
    classes |= set(graph.objects(None, OWL.complementOf))
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        for lst in graph.objects(group, OWL.members):
            classes |= set(members(lst))
    for c in sorted(c for c in classes if isinstance(c, URIRef)):
        if c not in declared and c not in kinds and not is_builtin(c):
            added.append((c, RDF.type, OWL.Class))
    return added


def _declared_kind(graph: Graph, p: URIRef) -> set[str]:
    from rdflib import OWL, RDF

    found = set()
    if (p, RDF.type, OWL.ObjectProperty) in graph:
        found.add("object")
    if (p, RDF.type, OWL.DatatypeProperty) in graph:
        found.add("data")
    return found


def is_builtin(iri: str) -> bool:
    """Whether ``iri`` is in the OWL, RDF, RDFS or XSD namespace.

    >>> is_builtin(OWL_NS + "Thing"), is_builtin("https://w3id.org/ecoonto/Player")
    (True, False)
    """
    return str(iri).startswith(_BUILTIN_NAMESPACES)  # URIRef.startswith(tuple) is always False


def superclasses(graph: Graph, extra: Iterable[tuple[URIRef, URIRef]]) -> dict[URIRef, set[URIRef]]:
    """Each named class -> itself and every named class it is a subclass of (transitively).

    ``extra`` adds subclass links the graph does not state (a DL reasoner's hierarchy).

    >>> from rdflib import Graph, URIRef
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     :Lab rdfs:subClassOf :Player .''')
    >>> lab, player, agent = (URIRef("https://e.org/" + n) for n in ("Lab", "Player", "Agent"))
    >>> sorted(map(str, superclasses(g, [(player, agent)])[lab]))
    ['https://e.org/Agent', 'https://e.org/Lab', 'https://e.org/Player']
    """
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


def new_memberships(
    graph: Graph,
    vocab: Vocabulary,
    types: Iterable[tuple[URIRef, URIRef]],
    subclass_links: Iterable[tuple[URIRef, URIRef]] = (),
) -> frozenset[tuple[URIRef, URIRef]]:
    """Memberships entailed by the asserted and the given types through the class hierarchy,
    less those the graph asserts.

    >>> from rdflib import Graph, URIRef
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     :Lab a owl:Class ; rdfs:subClassOf :Player . :Player a owl:Class . :openai a :Lab .''')
    >>> inferred = [(URIRef("https://e.org/x"), URIRef("https://e.org/Lab"))]  # a reasoner's
    >>> sorted((s[14:], c[14:]) for s, c in new_memberships(g, vocabulary(g), inferred))
    [('openai', 'Player'), ('x', 'Lab'), ('x', 'Player')]
    """
    from rdflib import RDF, URIRef

    supers = superclasses(graph, subclass_links)
    asserted = {
        (s, o)
        for s, o in graph.subject_objects(RDF.type)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    }
    entailed: set[tuple[URIRef, URIRef]] = set()
    for s, c in [*asserted, *types]:
        if s in vocab.schema or is_builtin(s):
            continue  # a class, property or ontology: not an individual
        for sup in supers.get(c, {c}):
            if sup in vocab.classes and not is_builtin(sup):
                entailed.add((s, sup))
    return frozenset(entailed - asserted)


def new_assertions(
    graph: Graph,
    vocab: Vocabulary,
    candidates: Iterable[tuple[URIRef, URIRef, URIRef | RDFLiteral]],
) -> frozenset[tuple[URIRef, URIRef, URIRef | RDFLiteral]]:
    """Candidate property assertions on declared properties, closed under ``owl:inverseOf``
    (a symmetric property is its own inverse) and ``rdfs:subPropertyOf``, less what the graph
    asserts.

    HermiT (through owlready2) reports neither the inverse of a pair owlready2 already holds nor
    the values a super-property gets from its sub-properties (``prov:wasDerivedFrom`` from
    ``eco:fromSection``); both are entailed, and added here.

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     :employs a owl:ObjectProperty ; owl:inverseOf :worksFor .
    ...     :worksFor a owl:ObjectProperty .  :acme :employs :ann .''')
    >>> [tuple(t[14:] for t in triple) for triple in new_assertions(g, vocabulary(g), [])]
    [('ann', 'worksFor', 'acme')]
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


def iris_in(lines: Iterable[str], vocab: Vocabulary) -> frozenset[URIRef]:
    """The graph's individuals named in ``lines``, by full IRI or by unique local name.

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     :a a owl:NamedIndividual . :b a owl:NamedIndividual .''')
    >>> sorted(map(str, iris_in(["<https://e.org/a> is in two disjoint classes", "b (x)"],
    ...                         vocabulary(g))))
    ['https://e.org/a', 'https://e.org/b']
    """
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


def short_iri(iri: str) -> str:
    """``iri`` for a message: ``owl:``, ``rdf:``, ``rdfs:`` or ``xsd:`` prefixed, else ``<iri>``.

    >>> short_iri(OWL_NS + "Nothing"), short_iri("http://e/x")
    ('owl:Nothing', '<http://e/x>')
    """
    for prefix, ns in (("owl:", OWL_NS), ("rdf:", RDF_NS), ("rdfs:", RDFS_NS), ("xsd:", XSD_NS)):
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return f"<{iri}>"


class Terms:
    """Converts terms between rdflib and pyoxigraph, both ways, keeping blank nodes apart.

    >>> from rdflib import BNode, Literal
    >>> conv = Terms()
    >>> five = conv.ox(Literal("05", datatype=XSD_NS + "int", normalize=False))
    >>> conv.rdflib(five).n3()  # the form as written
    '"05"^^<http://www.w3.org/2001/XMLSchema#int>'
    >>> b = BNode()
    >>> conv.rdflib(conv.ox(b)) == b, conv.ox(b) == conv.ox(BNode())
    (True, False)
    """

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


class AmbiguousLiterals(Exception):  # noqa: N818 - a condition, not an error of the user
    """Two literals of the graph are one term in a pyoxigraph store (``"5"^^xsd:int`` and
    ``"5"^^xsd:integer``): facts derived on the store could not be given back as written.

    >>> from rdflib import Graph
    >>> to_store(Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    ...     :a :n "5"^^xsd:int .  :b :n "5"^^xsd:integer .'''), Terms())
    Traceback (most recent call last):
    ecoonto.checking.reasoning.common.AmbiguousLiterals: "5"^^<...> and "5"^^<...>
    """


_CARDINALITIES = frozenset(
    f"{OWL_NS}{n}"
    for n in (
        "cardinality",
        "minCardinality",
        "maxCardinality",
        "qualifiedCardinality",
        "minQualifiedCardinality",
        "maxQualifiedCardinality",
    )
)
"""Predicates whose literal objects the rules read by their lexical form only (``str(?n)``)."""


def _restore_literal_forms(conv: Terms, relevant: set[Any] | None = None) -> None:
    """Make ``conv`` give back each literal of the input as written when the store returns it in
    its canonical form (``"5"^^xsd:int`` is stored as ``"5"^^xsd:integer``). Raises
    :class:`AmbiguousLiterals` when two literals of the input have one stored form."""
    import pyoxigraph as ox

    originals = [
        (o, r)
        for o, r in conv.to_rdflib.items()
        if isinstance(o, ox.Literal) and (relevant is None or r in relevant)
    ]
    scratch = ox.Store()
    link = ox.NamedNode("urn:ecoonto:literal")
    scratch.extend(
        ox.Quad(ox.NamedNode(f"urn:ecoonto:l{i}"), link, o) for i, (o, _r) in enumerate(originals)
    )
    back: dict[object, object] = {}
    for quad in scratch:
        written, as_rdflib = originals[int(quad.subject.value[len("urn:ecoonto:l") :])]
        stored = quad.object
        if stored == written:
            continue
        known = back.get(stored, conv.to_rdflib.get(stored))
        if known is not None and known != as_rdflib:
            raise AmbiguousLiterals(f"{known.n3()} and {as_rdflib.n3()}")  # type: ignore[attr-defined]
        back[stored] = as_rdflib
    conv.to_rdflib.update(back)


def to_store(graph: Graph, conv: Terms, extra: Iterable[tuple[Any, Any, Any]] = ()) -> Any:
    """A pyoxigraph store of ``graph`` (less ``owl:imports``) and ``extra`` (rdflib triples);
    ``conv`` then gives back the input's literals as written (:func:`_restore_literal_forms`,
    which may raise :class:`AmbiguousLiterals`).

    >>> from rdflib import Graph
    >>> conv = Terms()
    >>> store = to_store(Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    ...     :a :n "5"^^xsd:int ; :p :b .'''), conv)
    >>> len(store), sorted(conv.rdflib(q.object).n3() for q in store)
    (2, ['"5"^^<http://www.w3.org/2001/XMLSchema#int>', '<https://e.org/b>'])
    """
    import pyoxigraph as ox
    from rdflib import OWL, Literal

    extra = list(extra)
    imports = OWL.imports
    term = conv.ox
    store = ox.Store()
    relevant = {
        o
        for triples in (graph, extra)
        for _s, p, o in triples
        if isinstance(o, Literal) and str(p) not in _CARDINALITIES
    }
    store.extend(
        ox.Quad(term(s), term(p), term(o))
        for triples in (graph, extra)
        for s, p, o in triples
        if p != imports
    )
    _restore_literal_forms(conv, relevant)
    return store


def new_facts(
    store: Any, original: set[Any], vocab: Vocabulary, conv: Terms
) -> tuple[list[tuple[URIRef, URIRef]], list[tuple[URIRef, URIRef, URIRef | RDFLiteral]]]:
    """The types and declared-property assertions in ``store`` that are not in ``original``, as
    rdflib terms (the candidates :func:`new_memberships` and :func:`new_assertions` filter).

    >>> import pyoxigraph as ox
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     :Player a owl:Class . :openai :p 1 .''')
    >>> conv = Terms()
    >>> store = to_store(g, conv)
    >>> original = set(store)
    >>> e = "https://e.org/"
    >>> store.add(ox.Quad(ox.NamedNode(e + "openai"), ox.NamedNode(RDF_NS + "type"),
    ...                   ox.NamedNode(e + "Player")))  # what a closure added
    >>> types, candidates = new_facts(store, original, vocabulary(g), conv)
    >>> [(str(s), str(c)) for s, c in types], candidates
    ([('https://e.org/openai', 'https://e.org/Player')], [])
    """
    import pyoxigraph as ox

    rdf_type = f"{RDF_NS}type"
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


def unsatisfiable_in(store: Any, vocab: Vocabulary, conv: Terms) -> frozenset[URIRef]:
    """Declared classes the closed ``store`` makes subclasses of ``owl:Nothing``.

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     :Unicorn a owl:Class ; rdfs:subClassOf owl:Nothing . :Horse a owl:Class .''')
    >>> conv = Terms()
    >>> sorted(map(str, unsatisfiable_in(to_store(g, conv), vocabulary(g), conv)))
    ['https://e.org/Unicorn']
    """
    import pyoxigraph as ox

    nothing = ox.NamedNode(f"{OWL_NS}Nothing")
    found = set()
    for pred in (f"{RDFS_NS}subClassOf", f"{OWL_NS}equivalentClass"):
        for quad in store.quads_for_pattern(None, ox.NamedNode(pred), nothing):
            c = conv.rdflib(quad.subject)
            if c in vocab.classes:
                found.add(c)
    return frozenset(found)


def violations_outcome(violations: Iterable[Any], vocab: Vocabulary) -> ReasonerOutcome:
    """The inconsistent outcome of the rule engine's ``violations`` (each with ``rule`` and
    ``message``): one explanation line each, and the individuals those lines name.

    >>> from rdflib import Graph
    >>> from ecoonto.checking.reasoning.rules import Violation
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     :x a owl:NamedIndividual .''')
    >>> found = [Violation("cax-dw", "<https://e.org/x> is in two disjoint classes")]
    >>> outcome = violations_outcome(found, vocabulary(g))
    >>> outcome.consistent, outcome.explanation, sorted(map(str, outcome.involved))
    (False, ['OWL RL rules: cax-dw: <https://e.org/x> is in two disjoint classes'],
     ['https://e.org/x'])
    """
    lines = [f"OWL RL rules: {v.rule}: {v.message}" for v in violations]
    return ReasonerOutcome(consistent=False, explanation=lines, involved=iris_in(lines, vocab))


# --------------------------------------------------------------------------------------------
# Hybrid: HermiT or Pellet on the TBox, the OWL RL rules on the ABox


def as_int(n: object) -> int:
    """A cardinality as an int; one that is not an integer counts as 2 (above 1).

    >>> as_int("1"), as_int("many")
    (1, 2)
    """
    try:
        return int(str(n))
    except ValueError:
        return 2
