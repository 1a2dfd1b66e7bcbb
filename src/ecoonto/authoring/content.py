"""The table-level content of an industry module, keyed by what the page shows.

:data:`CONTENT_QUERY` is a SPARQL CONSTRUCT of players, positions, fillings, organisations,
archetypes, counterparty expressions and their mentions, the positions matrix and its splits,
and the archetype asymmetries. Each resource is named by the text the page shows for it (a
player by its cell, an organisation by its name, a filling by its table's kind and its row,
...) instead
of its IRI, so two modules made independently (by hand, by an import) compare as sets of
triples: equal content, equal graphs.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.plugins.sparql.sparql import Query

KEY = "urn:ecoonto:content:"

CONTENT_QUERY = """
PREFIX eco: <https://w3id.org/ecoonto/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {
  ?pk a eco:Player ; eco:nameAsWritten ?playerCell ; eco:primaryArchetype ?primary ;
      eco:secondaryArchetype ?secondary ; eco:hasArchetype ?archetype .
  ?fk a eco:Filling ; eco:byPlayer ?fpk ; eco:ofPosition ?fposk ; eco:inTable ?ftk ;
      eco:order ?forder ; ?textProp ?text .
  ?posk a eco:Position ; rdfs:label ?posLabel ; eco:onSide ?side .
  ?mposk a eco:Position ; rdfs:label ?mposLabel ; eco:onSide ?mside ; eco:inTable ?mtk ;
      eco:order ?morder ; eco:hasSplit ?sk .
  ?sk a eco:HumanAISplit ; eco:humanToday ?human ; eco:aiToday ?ai ;
      eco:directionText ?direction ; eco:trend ?trend .
  ?ok a eco:Organisation ; rdfs:label ?orgLabel ; eco:exemplifies ?opk ;
      eco:subOrganisationOf ?parentk .
  ?ck a eco:CounterpartyExpression ; eco:expressesCounterparty ?cp ; eco:verbatimText ?cpText ;
      eco:inTable ?ctk ; eco:order ?corder ; eco:hasMention ?mk .
  ?mk a eco:Mention ; rdfs:label ?mentionLabel ; eco:order ?mentionOrder .
  ?ak a eco:ArchetypeExpression ; eco:expressesArchetype ?arch ; eco:whatTheyBring ?bring ;
      eco:whereTheyWin ?win ; eco:inTable ?atk ; eco:order ?aorder .
  ?tk a eco:Table ; eco:hasColumn ?colk ; eco:tableKind ?kind .
  ?colk a eco:TableColumn ; rdfs:label ?header ; eco:order ?colOrder .
}
WHERE {
  {
    ?p a eco:Player ; eco:nameAsWritten ?playerCell .
    OPTIONAL { ?p eco:primaryArchetype ?primary }
    OPTIONAL { ?p eco:secondaryArchetype ?secondary }
    OPTIONAL { ?p eco:hasArchetype ?archetype }
    BIND(IRI(CONCAT("urn:ecoonto:content:player:", ENCODE_FOR_URI(?playerCell))) AS ?pk)
  } UNION {
    ?f a eco:Filling ; eco:byPlayer/eco:nameAsWritten ?fp ; eco:ofPosition ?fpos ;
       eco:inTable/eco:tableKind ?ft ; eco:order ?forder .
    ?fpos rdfs:label ?fposLabel ; eco:onSide ?fside .
    OPTIONAL {
      ?f ?textProp ?text .
      VALUES ?textProp { eco:asymmetryToClose eco:competesOn eco:disruptionVector
                         eco:repeatPlayerAdvantage }
    }
    BIND(IRI(CONCAT("urn:ecoonto:content:filling:", ENCODE_FOR_URI(STR(?ft)), ":",
      STR(?forder))) AS ?fk)
    BIND(IRI(CONCAT("urn:ecoonto:content:player:", ENCODE_FOR_URI(?fp))) AS ?fpk)
    BIND(IRI(CONCAT("urn:ecoonto:content:position:", ENCODE_FOR_URI(STR(?fside)), ":",
      ENCODE_FOR_URI(?fposLabel))) AS ?fposk)
    BIND(IRI(CONCAT("urn:ecoonto:content:table:", ENCODE_FOR_URI(STR(?ft)))) AS ?ftk)
  } UNION {
    ?pos a eco:Position ; rdfs:label ?posLabel ; eco:onSide ?side ;
      eco:filledBy|^eco:ofPosition [] .
    BIND(IRI(CONCAT("urn:ecoonto:content:position:", ENCODE_FOR_URI(STR(?side)), ":",
      ENCODE_FOR_URI(?posLabel))) AS ?posk)
  } UNION {
    ?mpos a eco:Position ; rdfs:label ?mposLabel ; eco:hasSplit ?split ;
      eco:inTable/eco:tableKind ?mt ; eco:order ?morder .
    OPTIONAL { ?mpos eco:onSide ?mside }
    OPTIONAL { ?split eco:humanToday ?human }
    OPTIONAL { ?split eco:aiToday ?ai }
    OPTIONAL { ?split eco:directionText ?direction }
    OPTIONAL { ?split eco:trend ?trend }
    BIND(IRI(CONCAT("urn:ecoonto:content:matrix-position:", ENCODE_FOR_URI(?mposLabel)))
      AS ?mposk)
    BIND(IRI(CONCAT("urn:ecoonto:content:split:", ENCODE_FOR_URI(?mposLabel))) AS ?sk)
    BIND(IRI(CONCAT("urn:ecoonto:content:table:", ENCODE_FOR_URI(STR(?mt)))) AS ?mtk)
  } UNION {
    ?o a eco:Organisation ; rdfs:label ?orgLabel .
    OPTIONAL { ?o eco:exemplifies/eco:nameAsWritten ?op }
    OPTIONAL { ?o eco:subOrganisationOf/rdfs:label ?parent }
    BIND(IRI(CONCAT("urn:ecoonto:content:organisation:", ENCODE_FOR_URI(STR(?orgLabel))))
      AS ?ok)
    BIND(IRI(CONCAT("urn:ecoonto:content:player:", ENCODE_FOR_URI(?op))) AS ?opk)
    BIND(IRI(CONCAT("urn:ecoonto:content:organisation:", ENCODE_FOR_URI(STR(?parent))))
      AS ?parentk)
  } UNION {
    ?c a eco:CounterpartyExpression ; eco:expressesCounterparty ?cp ; eco:verbatimText ?cpText ;
      eco:inTable/eco:tableKind ?ct ; eco:order ?corder .
    OPTIONAL {
      ?c eco:hasMention ?m .
      ?m rdfs:label ?mentionLabel ; eco:order ?mentionOrder .
    }
    BIND(IRI(CONCAT("urn:ecoonto:content:counterparty:", ENCODE_FOR_URI(STR(?cp)))) AS ?ck)
    BIND(IRI(CONCAT("urn:ecoonto:content:mention:", ENCODE_FOR_URI(STR(?cp)), ":",
      STR(?mentionOrder))) AS ?mk)
    BIND(IRI(CONCAT("urn:ecoonto:content:table:", ENCODE_FOR_URI(STR(?ct)))) AS ?ctk)
  } UNION {
    ?a a eco:ArchetypeExpression ; eco:expressesArchetype ?arch ; eco:inTable/eco:tableKind ?at ;
      eco:order ?aorder .
    OPTIONAL { ?a eco:whatTheyBring ?bring }
    OPTIONAL { ?a eco:whereTheyWin ?win }
    BIND(IRI(CONCAT("urn:ecoonto:content:archetype:", ENCODE_FOR_URI(STR(?arch)))) AS ?ak)
    BIND(IRI(CONCAT("urn:ecoonto:content:table:", ENCODE_FOR_URI(STR(?at)))) AS ?atk)
  } UNION {
    ?t a eco:Table ; eco:tableKind ?kind ; eco:hasColumn ?col .
    ?col rdfs:label ?header ; eco:order ?colOrder .
    BIND(IRI(CONCAT("urn:ecoonto:content:table:", ENCODE_FOR_URI(STR(?kind)))) AS ?tk)
    BIND(IRI(CONCAT("urn:ecoonto:content:column:", ENCODE_FOR_URI(STR(?kind)), ":",
      STR(?colOrder))) AS ?colk)
  }
}
"""


@cache
def _content_query() -> Query:
    """:data:`CONTENT_QUERY` parsed once (parsing it takes rdflib about half a second)."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(CONTENT_QUERY)


def content(graph: Graph) -> Graph:
    """The table-level content of ``graph`` (see the module docstring), language tags dropped
    from labels so that a verbatim ``@en`` label and a plain cell text compare equal.

    The IRIs a module chose and the labels' language tags do not show in its content:

    >>> from rdflib import Graph
    >>> module = Graph().parse(format="turtle", data='''
    ...     @prefix eco: <https://w3id.org/ecoonto/> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     <http://a/p> a eco:Player ; eco:nameAsWritten "Frontier AI lab" .
    ...     <http://a/o> a eco:Organisation ; rdfs:label "OpenAI"@en ;
    ...         eco:exemplifies <http://a/p> .
    ... ''')
    >>> for s, p, o in sorted(content(module)):
    ...     print(s[len(KEY):], p.n3(module.namespace_manager), o.n3(module.namespace_manager))
    organisation:OpenAI rdf:type eco:Organisation
    organisation:OpenAI rdfs:label "OpenAI"
    organisation:OpenAI eco:exemplifies <urn:ecoonto:content:player:Frontier%20AI%20lab>
    player:Frontier%20AI%20lab rdf:type eco:Player
    player:Frontier%20AI%20lab eco:nameAsWritten "Frontier AI lab"
    """
    from rdflib import Graph, Literal

    result = graph.query(_content_query())
    out = Graph()
    assert result.graph is not None
    for s, p, o in result.graph:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o))
        out.add((s, p, o))
    return out
