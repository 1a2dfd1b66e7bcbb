"""Checks for what a newcomer to the model gets wrong, run by ``ecoonto validate`` next to the
SHACL shapes.

They are SPARQL queries rather than shapes: a ``sh:sparql`` constraint in the bundled shapes
would send every validation of real data to pySHACL (the SPARQL engine refuses SPARQL-based
constraints on data whose literals have several lexical forms of one value, which the core's
cardinalities already have). Each check gives :class:`~ecoonto.checking.validation.Finding`\\ s of
severity Violation, added to the outcome and to its SHACL report graph. They apply to
industry modules (data whose ``owl:Ontology`` imports the core or names its namespace):

* ``DeclaredTermCheck``: an ``eco:`` term used (as a predicate, a class, or any other object)
  that nothing declares: a typo such as ``eco:Fillng`` is still valid Turtle;
* ``IndustryMembershipCheck``: a player, position, table, expression or analysis question
  with no ``eco:inIndustry`` (without it the industry's queries, tables and the
  all-five-archetypes warnings do not see it);
* ``ModuleNamespaceCheck``: a resource in a module's own namespace (its
  ``vann:preferredNamespaceUri``) that is used but declared nowhere (no ``rdf:type``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ecoonto.resources import NS

if TYPE_CHECKING:
    from ecoonto.checking.validation import Finding, Outcome
    from ecoonto.targets.base import QueryTarget

SHAPES = "https://w3id.org/ecoonto/shapes/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

DECLARED_TERM = f"""SELECT DISTINCT ?focus ?value WHERE {{
  {{ ?focus ?value ?o }}
  UNION {{ ?focus a ?value }}
  UNION {{ ?focus ?p ?value FILTER(?p != <{_RDF_TYPE}>) }}
  FILTER(isIRI(?value) && STRSTARTS(STR(?value), "{NS}"))
  FILTER(!CONTAINS(STRAFTER(STR(?value), "{NS}"), "/"))
  FILTER NOT EXISTS {{ ?value a ?anyType }}
}}
ORDER BY ?value ?focus"""
"""The ``DeclaredTermCheck`` as one query (its definition; :func:`run` gives its rows in two
steps, :data:`UNDECLARED_TERMS` then :func:`term_usages`)."""

UNDECLARED_TERMS = f"""SELECT ?value WHERE {{
  {{
    SELECT ?value WHERE {{
      {{ SELECT DISTINCT ?value WHERE {{ ?s ?value ?o }} }}
      UNION {{ SELECT DISTINCT ?value WHERE {{ ?s ?p ?value }} }}
      MINUS {{ ?value a ?anyType }}
    }}
    LIMIT 1000000000000
  }}
  FILTER(isIRI(?value) && STRSTARTS(STR(?value), "{NS}"))
  FILTER(!CONTAINS(STRAFTER(STR(?value), "{NS}"), "/"))
}}"""
"""The terms of :data:`DECLARED_TERM`: each ``eco:`` IRI used as a predicate or as an object (of
``rdf:type`` or another predicate) that has no ``rdf:type``. Each usage is first reduced to its
distinct terms (a hash DISTINCT on the store's term ids), the typed ones removed with one
MINUS, and only the survivors' strings read (the LIMIT, far above any graph's term count, keeps
the store from moving that string test back onto every triple): at 10^6 triples in an embedded
store 53 s became a few seconds."""


def term_usages(terms: Sequence[str]) -> str:
    """The rows of :data:`DECLARED_TERM` for its terms ``terms`` (IRIs): each subject that uses
    one, as its predicate or its object.

    >>> print(term_usages(["https://w3id.org/ecoonto/Fillng"]))
    SELECT DISTINCT ?focus ?value WHERE {
      VALUES ?value { <https://w3id.org/ecoonto/Fillng> }
      { ?focus ?value ?o } UNION { ?focus ?p ?value }
    }
    ORDER BY ?value ?focus
    """
    listed = " ".join(f"<{t}>" for t in terms)
    return (
        "SELECT DISTINCT ?focus ?value WHERE {\n"
        f"  VALUES ?value {{ {listed} }}\n"
        "  { ?focus ?value ?o } UNION { ?focus ?p ?value }\n"
        "}\nORDER BY ?value ?focus"
    )


_MEMBER_CLASSES = (
    "Player",
    "Position",
    "Table",
    "SideExpression",
    "CounterpartyExpression",
    "ArchetypeExpression",
    "AnalysisQuestion",
)
INDUSTRY_MEMBERSHIP = f"""SELECT DISTINCT ?focus ?value WHERE {{
  VALUES ?class {{ {" ".join(f"<{NS}{c}>" for c in _MEMBER_CLASSES)} }}
  ?focus a ?class .
  MINUS {{ ?focus <{NS}inIndustry> ?industry }}
  BIND(?class AS ?value)
}}
ORDER BY ?focus"""
"""(MINUS, not FILTER NOT EXISTS: the same rows, ?focus being bound on the left; the store
removes the members in one hash anti-join instead of looking each candidate up.)"""

MODULE_NAMESPACE = """SELECT DISTINCT ?focus ?value WHERE {
  ?module <http://purl.org/vocab/vann/preferredNamespaceUri> ?namespace .
  { ?focus ?p ?value } UNION { ?value ?p ?focus }
  FILTER(isIRI(?value) && STRSTARTS(STR(?value), STR(?namespace)))
  FILTER NOT EXISTS { ?value a ?anyType }
  FILTER NOT EXISTS { ?module <http://www.w3.org/2002/07/owl#versionIRI> ?value }
}
ORDER BY ?value ?focus"""

CHECKS: tuple[tuple[str, str, str], ...] = (
    (
        "DeclaredTermCheck",
        DECLARED_TERM,
        "eco: term used but declared nowhere: check its spelling against the core ontology (a "
        "typo such as eco:Fillng is still valid Turtle).",
    ),
    (
        "IndustryMembershipCheck",
        INDUSTRY_MEMBERSHIP,
        "Resource belongs to no industry: add eco:inIndustry with your module's eco:Industry "
        "(without it the industry's queries, tables and the all-five-archetypes check miss it).",
    ),
    (
        "ModuleNamespaceCheck",
        MODULE_NAMESPACE,
        "Resource in the module's own namespace is used but declared nowhere: give it a type "
        "(a owl:NamedIndividual and its eco: class), or correct the reference if it is a typo.",
    ),
)


MODULE_PRESENT = f"""ASK {{
  ?module a <http://www.w3.org/2002/07/owl#Ontology> .
  {{ ?module <http://www.w3.org/2002/07/owl#imports> <{NS}core> }}
  UNION {{ ?module <http://purl.org/vocab/vann/preferredNamespaceUri> ?namespace }}
}}"""


def run(target: QueryTarget) -> list[Finding]:
    """The findings of every check on ``target`` (the data merged with the core ontology).

    The checks apply to industry modules: data with an ``owl:Ontology`` that imports the core
    (``owl:imports eco:core``) or names its namespace (``vann:preferredNamespaceUri``), as
    every module does (docs/modelling.md). Loose test data without a module header is left to
    the shapes.

    A module with a typo (``eco:Fillng``) and a player in no industry, both valid Turtle:

    >>> import tempfile
    >>> from pathlib import Path
    >>> from ecoonto.targets import open_input
    >>> folder = Path(tempfile.mkdtemp())
    >>> module = folder / "solar.ttl"
    >>> _ = module.write_text('''
    ... @prefix eco: <https://w3id.org/ecoonto/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ... <http://example.org/solar> a owl:Ontology ; owl:imports eco:core .
    ... <http://example.org/solar#sun> a eco:Player ; eco:fills <http://example.org/solar#f> .
    ... <http://example.org/solar#f> a eco:Fillng .
    ... ''')
    >>> with open_input([module]) as target:  # the file with the core ontology
    ...     findings = run(target)
    >>> for f in findings:
    ...     print(f.severity, f.focus, f.value, f.shape.rsplit("/", 1)[1])
    Violation http://example.org/solar#f https://w3id.org/ecoonto/Fillng DeclaredTermCheck
    Violation http://example.org/solar#sun https://w3id.org/ecoonto/Player IndustryMembershipCheck
    >>> import shutil; shutil.rmtree(folder)
    """
    from ecoonto.checking.validation import Finding

    if not target.run(MODULE_PRESENT).boolean:
        return []
    found = []
    for name, sparql, message in CHECKS:
        for focus, value in _rows(target, name, sparql):
            if focus is None:
                continue
            found.append(Finding("Violation", focus, None, value, message, SHAPES + name))
    return found


def _rows(target: QueryTarget, name: str, sparql: str) -> list[tuple[Any, ...]]:
    """The rows of the check ``name`` (its query ``sparql``); the ``DeclaredTermCheck``'s in
    two steps: its terms first (usually none), then only their usages."""
    if name != "DeclaredTermCheck":
        return [tuple(row) for row in target.run(sparql).rows]
    terms = sorted({str(row[0]) for row in target.run(UNDECLARED_TERMS).rows})
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(terms), 500):  # the terms in order: the rows stay in order
        rows.extend(tuple(row) for row in target.run(term_usages(terms[start : start + 500])).rows)
    return rows


def apply(outcome: Outcome, findings: Sequence[Finding]) -> Outcome:
    """``outcome`` with ``findings`` added (violations first, as validation sorts them) and in
    its report graph as SHACL validation results.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from ecoonto.targets import open_input
    >>> folder = Path(tempfile.mkdtemp())
    >>> module = folder / "solar.ttl"
    >>> _ = module.write_text('''
    ... @prefix eco: <https://w3id.org/ecoonto/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ... <http://example.org/solar> a owl:Ontology ; owl:imports eco:core .
    ... <http://example.org/solar#sun> a eco:Player ; eco:fills <http://example.org/solar#f> .
    ... <http://example.org/solar#f> a eco:Fillng .
    ... ''')
    >>> from ecoonto import resources
    >>> from ecoonto.checking.validation import validate_files
    >>> files = resources.with_core([module])
    >>> outcome = validate_files(files)
    >>> with open_input([module]) as target:
    ...     both = apply(outcome, run(target))
    >>> len(both.results) - len(outcome.results), both.conforms
    (2, False)
    >>> for f in both.results:  # after the shapes' violations, before their warnings
    ...     print(f.severity, f.shape.rsplit("/", 1)[1])
    Violation PlayerFillsPositionShape
    Violation DeclaredTermCheck
    Violation IndustryMembershipCheck
    Warning PlayerCounterpartyShape
    >>> from rdflib import URIRef
    >>> from rdflib.namespace import SH
    >>> shape = URIRef("https://w3id.org/ecoonto/shapes/DeclaredTermCheck")
    >>> len(list(both.report.subjects(SH.sourceShape, shape)))  # in the report graph too
    1
    >>> apply(outcome, []) is outcome
    True
    >>> import shutil; shutil.rmtree(folder)
    """
    if not findings:
        return outcome
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import RDF, SH

    report = outcome.report
    node = next(iter(report.subjects(RDF.type, SH.ValidationReport)), None)
    for finding in findings:
        result = BNode()
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, finding.focus))
        report.add((result, SH.resultSeverity, SH.Violation))
        report.add((result, SH.resultMessage, Literal(finding.message, lang="en")))
        report.add((result, SH.sourceShape, URIRef(finding.shape)))
        report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        if finding.value is not None:
            report.add((result, SH.value, finding.value))
        if node is not None:
            report.add((node, SH.result, result))
    if node is not None:
        report.set((node, SH.conforms, Literal(False)))
    violations = [f for f in outcome.results if f.severity == "Violation"]
    others = [f for f in outcome.results if f.severity != "Violation"]
    return replace(outcome, conforms=False, results=[*violations, *findings, *others])
