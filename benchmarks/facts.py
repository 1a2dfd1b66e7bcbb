"""How the benchmark compares reasoners: the facts a closure adds, in one form for all.

:func:`entailed_facts` turns any closure (the owlrl package's rdflib graph, ecoonto's) into the
facts ``ecoonto.checking.reasoning`` reports: memberships of individuals in declared named classes
and assertions of declared object and datatype properties, less what the input asserts, one
N-Triples line each. :func:`load_store` reads the asserted input for that comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
BUILTIN = (OWL, RDF, RDFS, XSD)


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


def entailed_facts(asserted: Any, closed: Iterable[tuple[Any, Any, Any]]) -> set[str]:
    """What ``closed`` (triples, as pyoxigraph terms) adds to ``asserted`` (a pyoxigraph store),
    in the form ``ecoonto.checking.reasoning`` reports: memberships of individuals in declared named
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
