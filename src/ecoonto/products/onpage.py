"""What a page carries and what it cannot: the properties an import writes from a page.

``ecoonto report --format md`` writes a page that imports again; what the module states
beyond the page (themes and their roles, editorial links, answer templates, comments...) is
named at the end of the page in one HTML comment, ``<!-- not on the page: ... -->``, which
the import reads back as a note rather than failing. Nothing here runs a query but
:func:`not_on_page`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ecoonto.targets.base import QueryTarget

ECO = "https://w3id.org/ecoonto/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

# Every property :mod:`ecoonto.authoring.build` (and its quantities) writes from a page.
_ECO_ON_PAGE = """
aiToday asymmetryToClose byPlayer competesOn description directionText
disruptionVector doctrinalAnchor exemplifies expressesArchetype expressesCounterparty
expressesSide fromColumn fromRow fromSection guidingQuestion hasArchetype hasColumn hasExample
hasMention hasSplit horizon humanToday inIndustry inTable
maxValue minExclusive minValue nameAsWritten numericValue ofPosition onSide
openUpperBound order positionMeaning primaryArchetype quantity queryName repeatPlayerAdvantage
secondaryArchetype sectionOf shortName sourceText tableIntro tableKind trend
unit verbatimText whatTheyBring whereTheyWin
""".split()
PAGE_PROPERTIES = frozenset(
    [ECO + name for name in _ECO_ON_PAGE]
    + [RDF + "type", RDFS + "label", SKOS + "definition"]
    + [OWL + "imports", OWL + "versionIRI"]
)

# What an import derives from some cells only (a Unit/Parent, a mention under a player's or an
# organisation's name): the page's closing comment counts them all, the import's note only
# those it did not derive.
PARTLY_ON_PAGE = frozenset(
    ECO + name
    for name in ("identifiesPlayer", "identifiesPosition", "namesOrganisation", "subOrganisationOf")
)

_PREFIXES = {ECO: "eco:", RDFS: "rdfs:", SKOS: "skos:", OWL: "owl:", RDF: "rdf:"}

_COUNT = """
SELECT ?p (COUNT(*) AS ?n) WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(<NAMESPACE>)))
}
GROUP BY ?p
ORDER BY ?p
"""

_COMMENT = re.compile(r"<!--\s*not on the page:\s*(?P<what>.*?)\s*-->", re.S)


def short(iri: str) -> str:
    """``iri`` with a known prefix (``eco:``, ``rdfs:``, ...), else as it is.

    >>> short("https://w3id.org/ecoonto/aboutTheme")
    'eco:aboutTheme'
    >>> short("http://example.org/p")
    'http://example.org/p'
    """
    for ns, prefix in _PREFIXES.items():
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return iri


def not_on_page(target: QueryTarget, industry: str) -> list[tuple[str, int]]:
    """The properties the module of ``industry`` states that a page does not carry, with how
    many statements use each: subjects in the industry's namespace (its IRI less the last
    segment), properties an import never writes or derives from some cells only
    (:data:`PARTLY_ON_PAGE`).

    >>> from ecoonto.targets import OxigraphMemoryTarget
    >>> found = dict(not_on_page(OxigraphMemoryTarget.bundled(),
    ...                          "https://w3id.org/ecoonto/data/ai-compute/industry"))
    >>> found["eco:answerTemplate"], "eco:onSide" in found
    (4, False)
    """
    from ecoonto.targets import querying as queries

    namespace = industry.rsplit("/", 1)[0] + "/"
    result = queries.run(_COUNT.replace("NAMESPACE", namespace), target)
    out = []
    for p, n in result.rows:
        if p is not None and str(p) not in PAGE_PROPERTIES:
            out.append((short(str(p)), int(str(n))))
    return out


def comment(found: list[tuple[str, int]]) -> str:
    """The page's closing comment naming what is not on it ("" when everything is).

    >>> comment([("eco:aboutTheme", 3), ("rdfs:comment", 1)])
    '<!-- not on the page: eco:aboutTheme (3), rdfs:comment (1) -->\\n'
    >>> comment([])
    ''
    """
    if not found:
        return ""
    return "<!-- not on the page: " + ", ".join(f"{p} ({n})" for p, n in found) + " -->\n"


def read_comment(text: str) -> str:
    """What a page's closing comment says is not on it ("" when it has none).

    >>> read_comment("# T\\n<!-- not on the page: eco:needs (2) -->\\n")
    'eco:needs (2)'
    """
    m = _COMMENT.search(text)
    return " ".join(m.group("what").split()) if m else ""


def still_missing(said: str, graph: object, namespace: str) -> str:
    """What a page's closing comment ``said`` is not on it, less what the import derived
    anyway: a property of :data:`PARTLY_ON_PAGE` that the imported ``graph`` states as often
    (on subjects in ``namespace``) is dropped, one it states less often is ``p (k of n)``.

    >>> from rdflib import Graph, URIRef
    >>> g = Graph()
    >>> p = URIRef(ECO + "identifiesPlayer")
    >>> g.add((URIRef("https://x.org/m1"), p, URIRef("https://x.org/p1")))  # doctest: +ELLIPSIS
    <Graph ...>
    >>> still_missing("eco:identifiesPlayer (3), eco:needs (2)", g, "https://x.org/")
    'eco:identifiesPlayer (2 of 3), eco:needs (2)'
    >>> still_missing("eco:identifiesPlayer (1)", g, "https://x.org/")
    ''
    """
    from rdflib import Graph, URIRef

    assert isinstance(graph, Graph)
    out = []
    for item in re.finditer(r"(?P<p>[\w:/#.-]+) \((?P<n>\d+)\)", said):
        name, n = item.group("p"), int(item.group("n"))
        iri = ECO + name[4:] if name.startswith("eco:") else name
        if iri in PARTLY_ON_PAGE:
            have = sum(1 for s in graph.subjects(URIRef(iri), None) if str(s).startswith(namespace))
            if have >= n:
                continue
            if have:
                out.append(f"{name} ({n - have} of {n})")
                continue
        out.append(f"{name} ({n})")
    return ", ".join(out)
