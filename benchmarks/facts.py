"""Prototypes of fast paths that ecoonto does not have yet, measured by ``benchmarks/run.py``.

These are NOT part of the ecoonto library: they exist so that the benchmark can show, with
numbers, what a fast path would gain before anyone builds it into ``src/ecoonto``.

* :func:`owl_rl_closure`: the OWL 2 RL rules that ecoonto's ontology needs (class and property
  hierarchies, domains and ranges, inverses, property chains, ``owl:intersectionOf``,
  ``owl:hasValue`` and ``owl:someValuesFrom`` restrictions, ``owl:oneOf``), as SPARQL updates on
  an in-memory pyoxigraph store, repeated until nothing new is derived; plus the consistency
  checks that can fail on ecoonto data (disjoint classes, a functional property with two
  different members of an ``owl:AllDifferent``).
* :func:`rdflib_graph_via_oxigraph`: parse RDF files with pyoxigraph (Rust) and build the rdflib
  graph pySHACL needs from its triples, instead of parsing with rdflib's Python parser.
* :func:`entailed_facts`: the inferred facts in the form ``ecoonto.reasoning`` reports them
  (memberships in named classes, assertions of declared properties, less what is asserted), so
  that the closures of different reasoners can be compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
BUILTIN = (OWL, RDF, RDFS, XSD)

_PREFIXES = f"""PREFIX owl: <{OWL}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
"""

# Generic OWL 2 RL rules (the names are those of the OWL 2 RL profile's tables).
_RULES: dict[str, str] = {
    "scm-sco": "INSERT { ?c rdfs:subClassOf ?e } WHERE "
    "{ ?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?e }",
    "scm-spo": "INSERT { ?p rdfs:subPropertyOf ?r } WHERE "
    "{ ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?r }",
    "cax-sco": "INSERT { ?x a ?d } WHERE { ?c rdfs:subClassOf ?d . ?x a ?c }",
    "cax-eqc": "INSERT { ?x a ?d } WHERE "
    "{ { ?c owl:equivalentClass ?d } UNION { ?d owl:equivalentClass ?c } ?x a ?c }",
    "prp-spo1": "INSERT { ?x ?q ?y } WHERE { ?p rdfs:subPropertyOf ?q . ?x ?p ?y }",
    "prp-dom": "INSERT { ?x a ?c } WHERE { ?p rdfs:domain ?c . ?x ?p ?y }",
    "prp-rng": "INSERT { ?y a ?c } WHERE { ?p rdfs:range ?c . ?x ?p ?y FILTER(!isLiteral(?y)) }",
    "prp-inv": "INSERT { ?y ?q ?x } WHERE "
    "{ { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } ?x ?p ?y FILTER(!isLiteral(?y)) }",
    "cls-int2": "INSERT { ?x a ?m } WHERE "
    "{ ?c owl:intersectionOf ?l . ?l rdf:rest*/rdf:first ?m . ?x a ?c }",
    "cls-hv1": "INSERT { ?x ?p ?v } WHERE { ?r owl:hasValue ?v ; owl:onProperty ?p . ?x a ?r }",
    "cls-hv2": "INSERT { ?x a ?r } WHERE { ?r owl:hasValue ?v ; owl:onProperty ?p . ?x ?p ?v }",
    "cls-svf1": "INSERT { ?x a ?r } WHERE "
    "{ ?r owl:someValuesFrom ?d ; owl:onProperty ?p . ?x ?p ?y . ?y a ?d }",
    "cls-oo": "INSERT { ?x a ?c } WHERE { ?c owl:oneOf ?l . ?l rdf:rest*/rdf:first ?x }",
}

_INCONSISTENCIES: dict[str, str] = {
    "cax-adc": """SELECT ?x ?c1 ?c2 WHERE {
        ?d a owl:AllDisjointClasses ; owl:members ?l .
        ?l rdf:rest*/rdf:first ?c1 . ?l rdf:rest*/rdf:first ?c2 .
        FILTER(?c1 != ?c2) ?x a ?c1 , ?c2 } LIMIT 10""",
    "cax-dw": """SELECT ?x ?c1 ?c2 WHERE {
        ?c1 owl:disjointWith ?c2 . ?x a ?c1 , ?c2 } LIMIT 10""",
    "prp-fp+eq-diff2": """SELECT ?x ?y1 ?y2 WHERE {
        ?p a owl:FunctionalProperty . ?x ?p ?y1 , ?y2 . FILTER(isIRI(?y1) && ?y1 != ?y2)
        ?d a owl:AllDifferent ; owl:distinctMembers ?l .
        ?l rdf:rest*/rdf:first ?y1 . ?l rdf:rest*/rdf:first ?y2 } LIMIT 10""",
}


def _list_lengths(store: Any, predicate: str) -> set[int]:
    """The lengths of the RDF lists that are objects of ``predicate`` (walked in Python: a
    ``rdf:rest*`` path can count a member twice)."""
    import pyoxigraph as ox

    first, rest, nil = (ox.NamedNode(f"{RDF}{n}") for n in ("first", "rest", "nil"))
    lengths = set()
    for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
        node, n = quad.object, 0
        while node != nil and n < 10_000:
            if not list(store.quads_for_pattern(node, first, None)):
                break
            n += 1
            nxt = list(store.quads_for_pattern(node, rest, None))
            if not nxt:
                break
            node = nxt[0].object
        lengths.add(n)
    return lengths


def _compiled_rules(store: Any) -> dict[str, str]:
    """Rules whose shape depends on list lengths in the TBox: intersections and chains."""
    rules = dict(_RULES)
    for n in sorted(_list_lengths(store, f"{OWL}intersectionOf")):
        walk = " ".join(
            f"?l{i} rdf:first ?m{i} ; rdf:rest {'rdf:nil' if i == n - 1 else f'?l{i + 1}'} ."
            for i in range(n)
        )
        members = " ".join(f"?x a ?m{i} ." for i in range(n))
        rules[f"cls-int1/{n}"] = (
            f"INSERT {{ ?x a ?c }} WHERE {{ ?c owl:intersectionOf ?l0 . {walk} {members} }}"
        )
    for n in sorted(_list_lengths(store, f"{OWL}propertyChainAxiom")):
        walk = " ".join(
            f"?l{i} rdf:first ?p{i} ; rdf:rest {'rdf:nil' if i == n - 1 else f'?l{i + 1}'} ."
            for i in range(n)
        )
        hops = " ".join(f"?u{i} ?p{i} ?u{i + 1} ." for i in range(n))
        rules[f"prp-spo2/{n}"] = (
            f"INSERT {{ ?u0 ?q ?u{n} }} WHERE {{ ?q owl:propertyChainAxiom ?l0 . {walk} {hops} }}"
        )
    return rules


def owl_rl_closure(store: Any, max_rounds: int = 50) -> dict[str, Any]:
    """Close ``store`` (a ``pyoxigraph.Store``) under the rules above, in place.

    Returns ``{"rounds": n, "inconsistent": [messages]}``.
    """
    rules = _compiled_rules(store)
    before = -1
    rounds = 0
    while len(store) != before and rounds < max_rounds:
        before = len(store)
        rounds += 1
        for text in rules.values():
            store.update(_PREFIXES + text)
    problems = []
    for name, query in _INCONSISTENCIES.items():
        for row in store.query(_PREFIXES + query):
            problems.append(f"{name}: " + " ".join(str(t) for t in row))
    return {"rounds": rounds, "inconsistent": problems}


def _oxigraph_format(path: Path) -> Any:
    import pyoxigraph as ox

    suffix = path.suffix.lower()
    return {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}.get(
        suffix, ox.RdfFormat.TURTLE
    )


def load_store(paths: Sequence[Path]) -> Any:
    """An in-memory pyoxigraph store holding ``paths`` (their ``owl:imports`` left out)."""
    import pyoxigraph as ox

    store = ox.Store()
    for path in paths:
        store.bulk_load(path=str(path), format=_oxigraph_format(Path(path)))
    for quad in list(store.quads_for_pattern(None, ox.NamedNode(f"{OWL}imports"), None)):
        store.remove(quad)
    return store


def _to_rdflib(term: Any, cache: dict[Any, Any]) -> Any:
    found = cache.get(term)
    if found is not None:
        return found
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        node: Any = URIRef(term.value)
    elif isinstance(term, ox.BlankNode):
        node = BNode(term.value)
    elif term.language:
        node = Literal(term.value, lang=term.language)
    elif term.datatype.value == f"{XSD}string":
        node = Literal(term.value)
    else:
        node = Literal(term.value, datatype=URIRef(term.datatype.value))
    cache[term] = node
    return node


def rdflib_triples(paths: Sequence[Path]) -> Iterator[tuple[Any, Any, Any]]:
    """The triples of ``paths`` parsed by pyoxigraph, as rdflib terms (terms are shared)."""
    import pyoxigraph as ox

    cache: dict[Any, Any] = {}
    for path in paths:
        for t in ox.parse(path=str(path), format=_oxigraph_format(Path(path))):
            yield (
                _to_rdflib(t.subject, cache),
                _to_rdflib(t.predicate, cache),
                _to_rdflib(t.object, cache),
            )


def rdflib_graph_via_oxigraph(paths: Sequence[Path]) -> Any:
    """An rdflib Graph of ``paths``, parsed by pyoxigraph instead of rdflib's parser."""
    from rdflib import Graph

    graph = Graph(bind_namespaces="none")
    graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(paths))
    return graph


def entailed_facts(asserted: Any, closed: Iterable[tuple[Any, Any, Any]]) -> set[str]:
    """What ``closed`` (triples, as pyoxigraph terms) adds to ``asserted`` (a pyoxigraph store),
    in the form ``ecoonto.reasoning`` reports: memberships of individuals in declared named
    classes and assertions of declared object/datatype properties, each as one N-Triples line."""
    import pyoxigraph as ox

    def subjects_of_type(cls: str) -> set[str]:
        return {
            q.subject.value
            for q in asserted.quads_for_pattern(None, ox.NamedNode(f"{RDF}type"), ox.NamedNode(cls))
            if isinstance(q.subject, ox.NamedNode)
        }

    classes = {c for c in subjects_of_type(f"{OWL}Class") | subjects_of_type(f"{RDFS}Class")}
    classes = {c for c in classes if not c.startswith(BUILTIN)}
    properties = subjects_of_type(f"{OWL}ObjectProperty") | subjects_of_type(
        f"{OWL}DatatypeProperty"
    )
    schema = {
        q.subject.value
        for q in asserted.quads_for_pattern(None, ox.NamedNode(f"{RDF}type"), None)
        if isinstance(q.subject, ox.NamedNode)
        and isinstance(q.object, ox.NamedNode)
        and q.object.value.startswith(BUILTIN)
        and q.object.value != f"{OWL}NamedIndividual"
    }
    rdf_type = f"{RDF}type"
    facts: set[str] = set()
    for s, p, o in closed:
        if not isinstance(s, ox.NamedNode) or isinstance(o, ox.BlankNode):
            continue
        if p.value == rdf_type:
            if not isinstance(o, ox.NamedNode) or o.value not in classes:
                continue
            if s.value in schema or s.value.startswith(BUILTIN):
                continue
        elif p.value not in properties:
            continue
        if ox.Quad(s, p, o) in asserted:
            continue
        facts.add(f"{s} {p} {o} .")
    return facts
