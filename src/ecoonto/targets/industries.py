"""The industries an input holds: list them, pick one by short name or IRI, check the core.

An industry is an ``eco:Industry``; its members (players, positions, fillings, questions, tables,
...) point to it with ``eco:inIndustry``, and it names itself with ``eco:shortName``. An industry
that only borders another (``eco:adjacentIndustry``) and has no members of its own is listed as
well, with no players. Every figure here is a SPARQL query on any query target.

Listing and choosing industries is cheap: one query whose cost grows with the number of
industries, not with the data (``EXISTS`` stops at an industry's first member). Counting members
and players per side reads the whole industry; it is done only where the counts are shown
(``counts=True``, the default of :func:`list_industries`), or for the one industry chosen.

The examples below read the bundled graph (the core ontology and the AI compute industry):

>>> from ecoonto.targets import open_input
>>> with open_input() as target:
...     found = list_industries(target)
>>> [(i.name, i.mapped) for i in found]
[('ai-compute', True), ('ai-data', False)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecoonto.errors import InputError, parameter
from ecoonto.resources import NS

if TYPE_CHECKING:
    from ecoonto.targets.base import QueryTarget

_PREFIXES = f"""PREFIX eco: <{NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

INDUSTRIES = (
    _PREFIXES
    + """SELECT ?industry ?label ?shortName (COUNT(DISTINCT ?member) AS ?members) WHERE {
  ?industry a eco:Industry .
  OPTIONAL { ?industry rdfs:label ?label FILTER(langMatches(lang(?label), "en")) }
  OPTIONAL { ?industry eco:shortName ?shortName }
  OPTIONAL { ?member eco:inIndustry ?industry }
}
GROUP BY ?industry ?label ?shortName
ORDER BY ?label ?industry"""
)
NAMES = (
    _PREFIXES
    + """SELECT ?industry ?label ?shortName ?mapped WHERE {
  ?industry a eco:Industry .
  OPTIONAL { ?industry rdfs:label ?label FILTER(langMatches(lang(?label), "en")) }
  OPTIONAL { ?industry eco:shortName ?shortName }
  BIND(EXISTS { ?member eco:inIndustry ?industry } AS ?mapped)
}
ORDER BY ?label ?industry"""
)
SIDES = (
    _PREFIXES
    + """SELECT ?side ?label WHERE {
  ?side a eco:Side ; eco:order ?order .
  OPTIONAL { ?side rdfs:label ?label FILTER(langMatches(lang(?label), "en")) }
}
ORDER BY ?order"""
)
PLAYERS_PER_SIDE = (
    _PREFIXES
    + """SELECT ?industry ?side (COUNT(DISTINCT ?player) AS ?players) WHERE {
  ?player eco:inIndustry ?industry .
  ?filling eco:byPlayer ?player ;
    eco:ofPosition/eco:onSide ?side .
}
GROUP BY ?industry ?side
ORDER BY ?industry ?side"""
)
ADJACENT = (
    _PREFIXES
    + """SELECT ?industry ?adjacent WHERE { ?industry eco:adjacentIndustry ?adjacent }
ORDER BY ?industry ?adjacent"""
)
CORE_PRESENT = (
    _PREFIXES
    + """ASK {
  eco:Buyers eco:order ?order .
  eco:Player a owl:Class .
}"""
)


@dataclass(frozen=True)
class Industry:
    """One industry of the input: its IRI, label, short name and players per side
    (``counted`` False: listed without counts, see :func:`list_industries`).

    >>> industry = Industry("https://example.org/solar", "Solar power", "", 12, {"Buyers": 2})
    >>> industry.name, industry.mapped
    ('Solar power', True)
    >>> industry.as_json()["players_per_side"]
    {'Buyers': 2}
    """

    iri: str
    label: str
    short_name: str
    members: int
    players_per_side: dict[str, int] = field(default_factory=dict)  # side label -> players
    adjacent: list[str] = field(default_factory=list)  # IRIs of its adjacent industries
    counted: bool = True  # False: members is 1 or 0 (has members or not), no players per side

    @property
    def name(self) -> str:
        """The short name, or the label, or the IRI: what a person can type to select it."""
        return self.short_name or self.label or self.iri

    @property
    def mapped(self) -> bool:
        """Whether the input describes it (it has members), not only names it."""
        return self.members > 0

    @property
    def listed_name(self) -> str:
        """The short name as a listing shows it: an industry the input only names (an
        adjacent industry's stub, without members) is marked ``(stub)``, so that a stub and
        the industry a user maps under the same name are told apart.

        >>> Industry("https://example.org/a", "A", "ai-data", 0).listed_name
        'ai-data (stub)'
        """
        name = self.short_name or "-"
        return name if self.mapped else f"{name} (stub)"

    def as_json(self) -> dict[str, Any]:
        return {
            "industry": self.iri,
            "label": self.label,
            "short_name": self.short_name,
            "members": self.members,
            "players_per_side": dict(self.players_per_side),
            "adjacent": list(self.adjacent),
        }


def _text(cell: object) -> str:
    return "" if cell is None else str(cell)


def core_present(target: QueryTarget) -> bool:
    """Whether the input holds the core ontology (the sides, the classes).

    >>> from ecoonto.targets import open_input
    >>> with open_input() as target:
    ...     core_present(target)
    True
    """
    result = target.run(CORE_PRESENT)
    return bool(result.boolean)


def require_core(target: QueryTarget) -> None:
    """:class:`InputError` when the input lacks the core ontology (nothing would be found).

    >>> import tempfile
    >>> from pathlib import Path
    >>> from ecoonto.targets import OxigraphMemoryTarget
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     lone = Path(folder) / "lone.ttl"
    ...     _ = lone.write_text("<http://example.org/a> <http://example.org/b> 1 .")
    ...     require_core(OxigraphMemoryTarget([lone]))
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: pyoxigraph in-memory store (1 triples): the core ontology is not ...
    """
    if not core_present(target):
        raise InputError(
            f"{target.describe()}: the core ontology is not in it (no eco:Buyers with an order, "
            "no eco:Player class), so sides, archetypes and counterparties cannot be found: load "
            "it too (ecoonto load FILES adds it unless --without-core), or give the files instead"
        )


def _scoped(sparql: str, iri: str) -> str:
    """``sparql`` with ``?industry`` fixed to ``iri`` by a VALUES block that opens its WHERE
    group (where the store starts from it, unlike a trailing VALUES clause)."""
    from ecoonto.targets.querying import sparql_term

    term = sparql_term(f"<{iri}>")
    return sparql.replace(" WHERE {\n", f" WHERE {{\n  VALUES ?industry {{ {term} }}\n", 1)


def list_industries(target: QueryTarget, *, counts: bool = True) -> list[Industry]:
    """Every ``eco:Industry`` of the input, by label, with players per side (in side order).

    ``counts=False`` lists them without reading their members (one query, as fast on a large
    store as on a small one): ``members`` is then 1 for an industry that has any member and 0
    for one that has none, ``players_per_side`` is empty and ``counted`` is False.

    >>> from ecoonto.targets import open_input
    >>> with open_input() as target:
    ...     [(i.name, i.mapped, i.players_per_side["Buyers"]) for i in list_industries(target)]
    [('ai-compute', True, 6), ('ai-data', False, 0)]
    >>> with open_input() as target:
    ...     [(i.name, i.members, i.counted) for i in list_industries(target, counts=False)]
    [('ai-compute', 1, False), ('ai-data', 0, False)]
    >>> with open_input() as target:
    ...     first = list_industries(target)[0]
    >>> first.label, first.players_per_side
    ('AI compute industry', {'Buyers': 6, 'Providers': 6, 'Infrastructure': 6, 'Boundary': 5})
    >>> first.adjacent
    ['https://w3id.org/ecoonto/data/ai-compute/industry-ai-data']
    """
    adjacent: dict[str, list[str]] = {}
    for industry, other in target.run(ADJACENT).rows:
        adjacent.setdefault(str(industry), []).append(str(other))
    if not counts:
        return [
            Industry(
                iri=str(iri),
                label=_text(label),
                short_name=_text(short),
                members=1 if str(mapped) == "true" else 0,
                adjacent=adjacent.get(str(iri), []),
                counted=False,
            )
            for iri, label, short, mapped in target.run(NAMES).rows
        ]
    sides = [(str(s), _text(label) or str(s)) for s, label in target.run(SIDES).rows]
    counts_of: dict[tuple[str, str], int] = {}
    for industry, side, players in target.run(PLAYERS_PER_SIDE).rows:
        counts_of[(str(industry), str(side))] = int(str(players))
    out = []
    for iri, label, short, members in target.run(INDUSTRIES).rows:
        key = str(iri)
        out.append(
            Industry(
                iri=key,
                label=_text(label),
                short_name=_text(short),
                members=int(str(members)),
                players_per_side={name: counts_of.get((key, side), 0) for side, name in sides},
                adjacent=adjacent.get(key, []),
            )
        )
    return out


def check_unique(found: list[Industry]) -> None:
    """:class:`InputError` when two industries the input maps (with members) share a short
    name, naming both; a stub (an adjacent industry without members) may share its name.

    >>> a = Industry("https://example.org/a/industry", "A", "solar", 3)
    >>> stub = Industry("https://example.org/b/industry-solar", "Solar", "solar", 0)
    >>> check_unique([a, stub])
    >>> check_unique([a, Industry("https://example.org/c/industry", "C", "solar", 5)])
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: two industries have the short name 'solar': \
https://example.org/a/industry (A) and https://example.org/c/industry (C); give one of them \
another eco:shortName
    """
    by_name: dict[str, list[Industry]] = {}
    for industry in found:
        if industry.mapped and industry.short_name:
            by_name.setdefault(industry.short_name, []).append(industry)
    for name, same in sorted(by_name.items()):
        if len(same) > 1:
            both = " and ".join(f"{i.iri} ({i.label or 'no label'})" for i in same)
            raise InputError(
                f"{'two' if len(same) == 2 else len(same)} industries have the short name "
                f"{name!r}: {both}; give one of them another eco:shortName"
            )


def _counted(target: QueryTarget, industry: Industry) -> Industry:
    """``industry`` with its members and players per side counted (queries bound to it)."""
    import dataclasses

    if industry.counted:
        return industry
    sides = [(str(s), _text(label) or str(s)) for s, label in target.run(SIDES).rows]
    per_side = {
        str(side): int(str(players))
        for _, side, players in target.run(_scoped(PLAYERS_PER_SIDE, industry.iri)).rows
    }
    rows = target.run(_scoped(INDUSTRIES, industry.iri)).rows
    return dataclasses.replace(
        industry,
        members=int(str(rows[0][3])) if rows else 0,
        players_per_side={name: per_side.get(side, 0) for side, name in sides},
        counted=True,
    )


def resolve(
    target: QueryTarget, key: str | None, *, counts: bool = True, name: str = "industry"
) -> Industry | None:
    """The industry ``key`` names (short name, IRI or label, case-insensitive).

    ``name`` is the parameter that gave ``key``, for the error when no industry has it (the
    command line shows how the user typed it: ``--industry NAME``, or ``A 'NAME'`` for an
    argument).

    Without a key: the only industry the input describes, or None when it describes several
    (the caller shows all of them, grouped by industry) or none. The industries are listed
    without counts; the one found is counted unless ``counts=False`` (see
    :func:`list_industries`).

    >>> from ecoonto.targets import open_input
    >>> with open_input() as target:
    ...     print(resolve(target, None).iri)  # the only industry with members
    ...     print(resolve(target, "AI DATA industry").short_name)  # a label, any case
    https://w3id.org/ecoonto/data/ai-compute/industry
    ai-data
    >>> with open_input() as target:
    ...     found = resolve(target, "ai-compute")
    ...     light = resolve(target, "ai-compute", counts=False)
    >>> found.members, found.players_per_side["Boundary"], light.counted, light.players_per_side
    (336, 5, False, {})
    >>> with open_input() as target:
    ...     resolve(target, "solar")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: industry=solar: no such industry in the input (industries: ...
    >>> with open_input() as target:
    ...     resolve(target, "solar", name="b")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: b 'solar': no such industry in the input (industries: ...
    """
    found = list_industries(target, counts=False)
    check_unique(found)
    chosen: Industry | None = None
    if key is None:
        mapped = [i for i in found if i.mapped]
        chosen = mapped[0] if len(mapped) == 1 else None
    else:
        wanted = key.strip().strip("<>")
        named = [i for i in found if wanted in (i.iri, i.short_name)]
        # a short name shared with a stub names the industry the input maps
        chosen = next((i for i in named if i.mapped), named[0] if named else None)
        if chosen is None:
            lowered = wanted.lower()
            chosen = next((i for i in found if i.label and lowered == i.label.lower()), None)
        if chosen is None:
            names = ", ".join(i.name for i in found) or "none"
            given = parameter(name, key) if name == "industry" else f"{parameter(name)} {key!r}"
            raise InputError(f"{given}: no such industry in the input (industries: {names})")
    if chosen is None or not counts:
        return chosen
    return _counted(target, chosen)


def choose(target: QueryTarget, key: str | None, what: str, *, counts: bool = True) -> Industry:
    """Like :func:`resolve`, but one industry is needed: refuse when the input holds several
    and none was chosen, or holds none.

    >>> from ecoonto.targets import open_input
    >>> with open_input() as target:
    ...     choose(target, None, "the report").name
    'ai-compute'
    """
    industry = resolve(target, key, counts=counts)
    if industry is not None:
        return industry
    mapped = [i for i in list_industries(target, counts=False) if i.mapped]
    if not mapped:
        require_core(target)
        raise InputError(f"{target.describe()}: holds no industry (no eco:inIndustry members)")
    names = ", ".join(i.name for i in mapped)
    raise InputError(
        f"the input holds {len(mapped)} industries ({names}): choose one for {what} with "
        f"{parameter('industry', 'NAME')}"
    )


MEMBERS = (
    _PREFIXES
    + """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?member WHERE {
  {
    ?industry a eco:Industry .
    BIND(?industry AS ?member)
  } UNION {
    ?start eco:inIndustry ?industry .
    ?start (!(eco:inIndustry|rdf:type|eco:adjacentIndustry))* ?member .
    FILTER(isIRI(?member))
    FILTER(
      !STRSTARTS(STR(?member), STR(eco:)) || STRSTARTS(STR(?member), CONCAT(STR(eco:), "data/"))
    )
    FILTER NOT EXISTS {
      ?member eco:inIndustry ?other .
      FILTER(?other != ?industry)
    }
  }
}"""
)


def members(target: QueryTarget, industry: Industry) -> frozenset[str]:
    """The IRIs that belong to ``industry``: the industry itself, every resource with
    ``eco:inIndustry`` it, and the resources those reach through the data (mentions, splits,
    organisations, ...), except core terms and resources that are members of another industry.
    Blank nodes are not included (they have no identity across engines).

    >>> from ecoonto.targets import open_input
    >>> with open_input() as target:
    ...     industry = resolve(target, "ai-compute")
    ...     found = members(target, industry)
    >>> industry.iri in found, len(found) > industry.members
    (True, True)
    >>> any(iri.startswith("https://w3id.org/ecoonto/") and "/data/" not in iri for iri in found)
    False
    """
    from ecoonto.targets.querying import bind

    result = target.run(bind(MEMBERS, {"industry": f"<{industry.iri}>"}))
    return frozenset(str(row[0]) for row in result.rows if row[0] is not None)
