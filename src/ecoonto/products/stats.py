"""Figures that describe a knowledge graph, computed with SPARQL on any query target.

Every figure is one SPARQL query run through :meth:`ecoonto.targets.QueryTarget.run`, so the
same figures come from the bundled graph in memory, an embedded store or a remote endpoint:

* ``triples``: the triples in the (default) graph;
* ``classes``: distinct objects of ``rdf:type``;
* ``individuals``: for each ``eco:`` class, the resources asserted to be of it;
* ``players_per_side``: for each side (an ``eco:Side``, or the object of an ``eco:onSide``, in
  the sides' ``eco:order``), the players with a filling whose position is on that side
  (asserted: ``eco:byPlayer``, ``eco:ofPosition``, ``eco:onSide``; no reasoning);
* ``multi_side_organisations``: organisations that wear hats on several sides: the organisation
  or one of its units (``eco:subOrganisationOf``, any depth) exemplifies players on two sides or
  more (as the bundled query ``organisations-multi-side``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecoonto.errors import StoreError
from ecoonto.resources import NS

if TYPE_CHECKING:
    from ecoonto.targets.base import QueryTarget
    from ecoonto.targets.results import QueryResult

_PREFIXES = f"""PREFIX eco: <{NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CLASSES = "SELECT (COUNT(DISTINCT ?class) AS ?n) WHERE { ?s a ?class }"
INDIVIDUALS = f"""SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  ?s a ?class .
  FILTER(isIRI(?class) && STRSTARTS(STR(?class), "{NS}"))
}}
GROUP BY ?class
ORDER BY ?class"""
PLAYERS_PER_SIDE = (
    _PREFIXES
    + """SELECT ?side ?label ?order (COUNT(DISTINCT ?player) AS ?n) WHERE {
  { SELECT DISTINCT ?side WHERE { { ?side a eco:Side } UNION { ?position eco:onSide ?side } } }
  OPTIONAL { ?side eco:order ?order }
  OPTIONAL { ?side rdfs:label ?label FILTER(langMatches(lang(?label), "en")) }
  OPTIONAL {
    ?filling eco:byPlayer ?player ;
      eco:ofPosition/eco:onSide ?side .
  }
}
GROUP BY ?side ?label ?order
ORDER BY ?order ?side"""
)
# ?order is projected: rdflib ignores ORDER BY on a group key that the query does not project.
MULTI_SIDE = (
    _PREFIXES
    + """SELECT ?organisation ?label ?side ?order WHERE {
  {
    SELECT ?organisation WHERE {
      ?organisation a eco:Organisation .
      ?unit eco:subOrganisationOf* ?organisation ;
        eco:exemplifies ?anyPlayer .
      ?anyFilling eco:byPlayer ?anyPlayer ;
        eco:ofPosition/eco:onSide ?anySide .
    }
    GROUP BY ?organisation
    HAVING (COUNT(DISTINCT ?anySide) > 1)
  }
  ?via eco:subOrganisationOf* ?organisation ;
    eco:exemplifies ?player .
  ?filling eco:byPlayer ?player ;
    eco:ofPosition/eco:onSide ?side .
  OPTIONAL { ?side eco:order ?order }
  OPTIONAL {
    ?organisation rdfs:label ?label FILTER(langMatches(lang(?label), "en"))
  }
}
GROUP BY ?organisation ?label ?side ?order
ORDER BY ?label ?organisation ?order ?side"""
)


# The same figures for the players of one industry (?industry is bound by VALUES).
PLAYERS_PER_SIDE_IN = (
    _PREFIXES
    + """SELECT ?side ?label ?order (COUNT(DISTINCT ?player) AS ?n) WHERE {
  { SELECT DISTINCT ?side WHERE { { ?side a eco:Side } UNION { ?position eco:onSide ?side } } }
  ?industry a eco:Industry .
  OPTIONAL { ?side eco:order ?order }
  OPTIONAL { ?side rdfs:label ?label FILTER(langMatches(lang(?label), "en")) }
  OPTIONAL {
    ?player eco:inIndustry ?industry .
    ?filling eco:byPlayer ?player ;
      eco:ofPosition/eco:onSide ?side .
  }
}
GROUP BY ?industry ?side ?label ?order
ORDER BY ?order ?side"""
)
MULTI_SIDE_IN = (
    _PREFIXES
    + """SELECT ?organisation ?label ?side ?order WHERE {
  {
    SELECT ?industry ?organisation WHERE {
      ?organisation a eco:Organisation .
      ?unit eco:subOrganisationOf* ?organisation ;
        eco:exemplifies ?anyPlayer .
      ?anyPlayer eco:inIndustry ?industry .
      ?anyFilling eco:byPlayer ?anyPlayer ;
        eco:ofPosition/eco:onSide ?anySide .
    }
    GROUP BY ?industry ?organisation
    HAVING (COUNT(DISTINCT ?anySide) > 1)
  }
  ?via eco:subOrganisationOf* ?organisation ;
    eco:exemplifies ?player .
  ?player eco:inIndustry ?industry .
  ?filling eco:byPlayer ?player ;
    eco:ofPosition/eco:onSide ?side .
  OPTIONAL { ?side eco:order ?order }
  OPTIONAL {
    ?organisation rdfs:label ?label FILTER(langMatches(lang(?label), "en"))
  }
}
GROUP BY ?industry ?organisation ?label ?side ?order
ORDER BY ?label ?organisation ?order ?side"""
)


@dataclass(frozen=True)
class SideCount:
    """The players on one side.

    >>> SideCount("https://w3id.org/ecoonto/Buyers", "Buyers", 6).players
    6
    """

    side: str  # IRI
    label: str
    players: int


@dataclass(frozen=True)
class MultiSideOrganisation:
    """An organisation whose players (its own or its units') sit on several sides.

    >>> org = MultiSideOrganisation("http://example.org/acme", "Acme")
    >>> org.sides
    []
    """

    organisation: str  # IRI
    label: str
    sides: list[str] = field(default_factory=list)  # side IRIs, in the sides' order


@dataclass(frozen=True)
class Stats:
    """The figures of one graph (see the module documentation for their definitions).

    >>> buyers = SideCount("https://w3id.org/ecoonto/Buyers", "Buyers", 1)
    >>> stats = Stats(10, 2, {"https://w3id.org/ecoonto/Side": 4}, [buyers], [])
    >>> stats.as_json()["players_per_side"]
    [{'side': 'https://w3id.org/ecoonto/Buyers', 'label': 'Buyers', 'players': 1}]
    """

    triples: int
    classes: int
    individuals: dict[str, int]  # eco: class IRI -> resources asserted of it, sorted by IRI
    players_per_side: list[SideCount]
    multi_side_organisations: list[MultiSideOrganisation]

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict with full IRIs."""
        return {
            "triples": self.triples,
            "classes": self.classes,
            "individuals": dict(self.individuals),
            "players_per_side": [
                {"side": s.side, "label": s.label, "players": s.players}
                for s in self.players_per_side
            ],
            "multi_side_organisations": [
                {"organisation": o.organisation, "label": o.label, "sides": list(o.sides)}
                for o in self.multi_side_organisations
            ],
        }


def _select(target: QueryTarget, sparql: str) -> QueryResult:
    result = target.run(sparql)
    if result.kind != "select":
        raise StoreError(f"{target.describe()}: answered a SELECT query with {result.kind}")
    return result


def _count(target: QueryTarget, sparql: str) -> int:
    result = _select(target, sparql)
    cell = result.rows[0][0] if result.rows else None
    try:
        return int(str(cell))
    except ValueError:
        raise StoreError(f"{target.describe()}: unexpected count {cell!r}") from None


def _scoped(sparql: str, industry: str | None) -> str:
    """``sparql`` with its players limited to ``industry`` (bound with VALUES, never pasted)."""
    if industry is None:
        return sparql
    from ecoonto.targets import querying as queries

    return queries.bind(sparql, {"industry": f"<{industry}>"})


def compute(target: QueryTarget, industry: str | None = None) -> Stats:
    """The figures of the graph ``target`` queries (its default graph).

    With ``industry`` (an IRI), the players per side and the organisations on several sides are
    those of that industry's players (``eco:inIndustry``); triples, classes and individuals stay
    those of the whole graph.

    Two sides; Acme's lab buys, and its unit's cloud provides, so Acme is on both sides:

    >>> import tempfile
    >>> from pathlib import Path
    >>> from ecoonto.targets import OxigraphMemoryTarget
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "tiny.ttl").write_text('''
    ... @prefix eco: <https://w3id.org/ecoonto/> .
    ... @prefix ex: <http://example.org/> .
    ... eco:Buyers a eco:Side ; eco:order 1 .
    ... eco:Providers a eco:Side ; eco:order 2 .
    ... ex:buy eco:onSide eco:Buyers .
    ... ex:sell eco:onSide eco:Providers .
    ... ex:f1 eco:byPlayer ex:lab ; eco:ofPosition ex:buy .
    ... ex:f2 eco:byPlayer ex:cloud ; eco:ofPosition ex:sell .
    ... ex:acme a eco:Organisation ; eco:exemplifies ex:lab .
    ... ex:acme-cloud eco:subOrganisationOf ex:acme ; eco:exemplifies ex:cloud .
    ... ''')
    >>> stats = compute(OxigraphMemoryTarget([folder / "tiny.ttl"]))
    >>> stats.triples, stats.classes, stats.individuals
    (14, 2, {'https://w3id.org/ecoonto/Organisation': 1, 'https://w3id.org/ecoonto/Side': 2})
    >>> [(s.side.rsplit("/", 1)[1], s.players) for s in stats.players_per_side]
    [('Buyers', 1), ('Providers', 1)]
    >>> [(o.organisation, len(o.sides)) for o in stats.multi_side_organisations]
    [('http://example.org/acme', 2)]
    >>> import shutil; shutil.rmtree(folder)
    """
    individuals = {
        str(cls): int(str(n)) for cls, n in _select(target, INDIVIDUALS).rows if cls is not None
    }
    per_side = PLAYERS_PER_SIDE_IN if industry is not None else PLAYERS_PER_SIDE
    sides = [
        SideCount(str(side), "" if label is None else str(label), int(str(n)))
        for side, label, _order, n in _select(target, _scoped(per_side, industry)).rows
    ]
    organisations: dict[str, MultiSideOrganisation] = {}
    multi = MULTI_SIDE_IN if industry is not None else MULTI_SIDE
    for org, label, side, _order in _select(target, _scoped(multi, industry)).rows:
        key = str(org)
        if key not in organisations:
            organisations[key] = MultiSideOrganisation(key, "" if label is None else str(label))
        organisations[key].sides.append(str(side))
    return Stats(
        triples=_count(target, TRIPLES),
        classes=_count(target, CLASSES),
        individuals=dict(sorted(individuals.items())),
        players_per_side=sides,
        multi_side_organisations=list(organisations.values()),
    )


def render_table(stats: Stats) -> str:
    """The figures as aligned text, IRIs as prefixed names.

    >>> eco = "https://w3id.org/ecoonto/"
    >>> sides = [eco + "Buyers", eco + "Providers"]
    >>> print(render_table(Stats(
    ...     14, 2, {eco + "Organisation": 1, eco + "Side": 2},
    ...     [SideCount(sides[0], "Buyers", 1), SideCount(sides[1], "", 1)],
    ...     [MultiSideOrganisation("http://example.org/acme", "Acme", sides)],
    ... )), end="")
    triples      14
    classes      2
    <BLANKLINE>
    individuals per class (eco:)
      eco:Organisation  1
      eco:Side          2
    <BLANKLINE>
    players per side
      Buyers         1
      eco:Providers  1
    <BLANKLINE>
    organisations on several sides (1)
      Acme  Buyers, eco:Providers
    """
    from ecoonto.products.render import compact_iri

    lines = [f"triples      {stats.triples}", f"classes      {stats.classes}", ""]
    lines.append("individuals per class (eco:)")
    names = {compact_iri(c): n for c, n in stats.individuals.items()}
    width = max((len(name) for name in names), default=0)
    digits = max((len(str(n)) for n in names.values()), default=1)
    lines += [f"  {name:<{width}}  {n:>{digits}}" for name, n in names.items()]
    lines += ["", "players per side"]
    width = max((len(s.label or compact_iri(s.side)) for s in stats.players_per_side), default=0)
    lines += [
        f"  {s.label or compact_iri(s.side):<{width}}  {s.players:>{digits}}"
        for s in stats.players_per_side
    ]
    orgs = stats.multi_side_organisations
    lines += ["", f"organisations on several sides ({len(orgs)})"]
    width = max((len(o.label or compact_iri(o.organisation)) for o in orgs), default=0)
    for org in orgs:
        side_names = ", ".join(_side_label(stats, s) for s in org.sides)
        lines.append(f"  {org.label or compact_iri(org.organisation):<{width}}  {side_names}")
    return "\n".join(lines) + "\n"


def _side_label(stats: Stats, side: str) -> str:
    from ecoonto.products.render import compact_iri

    for count in stats.players_per_side:
        if count.side == side and count.label:
            return count.label
    return compact_iri(side)
