"""ecoonto's prefixes and the empty rdflib graph that binds them: the bottom of :mod:`ecoonto.rdf`,
imported by the term converter and the graph helpers alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["PREFIXES", "new_graph"]

PREFIXES: dict[str, str] = {
    "eco": "https://w3id.org/ecoonto/",
    "aic": "https://w3id.org/ecoonto/data/ai-compute/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}
"""Prefix -> namespace IRI: the prefixes every graph and every written file of ecoonto may use."""


def new_graph() -> Graph:
    """An empty rdflib graph with ecoonto's prefixes bound (and rdflib's defaults replaced).

    >>> g = new_graph()
    >>> len(g), str(dict(g.namespaces())["eco"]) == PREFIXES["eco"]
    (0, True)
    """
    from rdflib import Graph

    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g
