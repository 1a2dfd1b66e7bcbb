"""Two industries side by side: players per side, archetype mix per side, counterparty
visibility, players and organisations on several sides, organisations present in both, and the
adjacency between them.

Every figure is a bundled query (or one of the queries here) bound to one industry with
``?industry``; nothing is read from IRIs or file names. Definitions:

* archetype mix: for each side and archetype, the players of the industry on that side whose
  stated archetypes (``eco:primaryArchetype``, ``eco:secondaryArchetype``, ``eco:hasArchetype``)
  include it; editorial archetypes are not counted;
* counterparty visibility: the ``?visible`` figure of ``q1-invisible-counterparty`` (players and
  positions its mentions identify);
* an organisation is present in both industries when it is the same IRI, or when an English
  label or alternative label (``skos:altLabel``) of one equals one of the other's, ignoring case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecoonto.resources import NS

if TYPE_CHECKING:
    from ecoonto.targets.base import QueryTarget
    from ecoonto.targets.industries import Industry

_PREFIXES = f"""PREFIX eco: <{NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
ARCHETYPE_MIX = (
    _PREFIXES
    + """SELECT ?side ?archetype (COUNT(DISTINCT ?player) AS ?players) WHERE {
  ?player eco:inIndustry ?industry ;
    eco:primaryArchetype|eco:secondaryArchetype|eco:hasArchetype ?archetype .
  ?filling eco:byPlayer ?player ;
    eco:ofPosition/eco:onSide ?side .
}
GROUP BY ?industry ?side ?archetype
ORDER BY ?side ?archetype"""
)
ARCHETYPES = (
    _PREFIXES
    + """SELECT ?archetype ?label WHERE {
  ?archetype a eco:Archetype ; eco:order ?order .
  OPTIONAL { ?archetype rdfs:label ?label FILTER(langMatches(lang(?label), "en")) }
}
ORDER BY ?order"""
)
ORGANISATIONS = (
    _PREFIXES
    + """SELECT DISTINCT ?organisation ?label ?kind WHERE {
  ?organisation a eco:Organisation .
  { ?organisation eco:inIndustry ?industry }
  UNION { ?organisation eco:exemplifies/eco:inIndustry ?industry }
  { ?organisation rdfs:label ?label BIND(1 AS ?kind) }
  UNION { ?organisation skos:altLabel ?label BIND(2 AS ?kind) }
  FILTER(lang(?label) = "" || langMatches(lang(?label), "en"))
}
ORDER BY ?organisation ?kind ?label"""
)


@dataclass(frozen=True)
class Profile:
    """The figures of one industry.

    >>> from ecoonto.targets.industries import Industry
    >>> solar = Industry("http://example.org/solar", "Solar", "solar", 3, {"Buyers": 1})
    >>> figures = Profile(solar, {"Buyers": {"Engineer": 1}}, {"Owners": 0}, {}, {})
    >>> figures.as_json()["archetype_mix_per_side"], figures.as_json()["short_name"]
    ({'Buyers': {'Engineer': 1}}, 'solar')
    """

    industry: Industry
    archetype_mix: dict[str, dict[str, int]]  # side label -> archetype label -> players
    visibility: dict[str, int]  # counterparty label -> players + positions identified
    players_on_several_sides: dict[str, list[str]]  # player label -> side labels
    organisations_on_several_sides: dict[str, list[str]]  # organisation label -> side labels
    organisation_labels: dict[str, list[str]] = field(default_factory=dict)  # IRI -> labels

    def as_json(self) -> dict[str, Any]:
        return {
            **self.industry.as_json(),
            "archetype_mix_per_side": self.archetype_mix,
            "counterparty_visibility": self.visibility,
            "players_on_several_sides": self.players_on_several_sides,
            "organisations_on_several_sides": self.organisations_on_several_sides,
        }


@dataclass(frozen=True)
class Comparison:
    """Two profiles, the organisations present in both, and how the two are adjacent.

    >>> from ecoonto.targets.industries import Industry
    >>> a = Profile(Industry("http://example.org/a", "A", "a", 1), {}, {}, {}, {})
    >>> b = Profile(Industry("http://example.org/b", "B", "b", 1), {}, {}, {}, {})
    >>> both = Comparison(a, b, [("Acme", "ACME Corp")], ["a names b as an adjacent industry"])
    >>> both.as_json()["organisations_in_both"]
    [['Acme', 'ACME Corp']]
    """

    a: Profile
    b: Profile
    in_both: list[tuple[str, str]]  # (label in a, label in b)
    adjacency: list[str]  # sentences

    def as_json(self) -> dict[str, Any]:
        return {
            "industries": [self.a.as_json(), self.b.as_json()],
            "organisations_in_both": [list(pair) for pair in self.in_both],
            "adjacency": self.adjacency,
        }


def _bound(sparql: str, industry: str) -> str:
    from ecoonto.targets import querying as queries

    return queries.bind(sparql, {"industry": f"<{industry}>"})


def _labels(target: QueryTarget, sparql: str) -> dict[str, str]:
    return {str(iri): str(label) for iri, label in target.run(sparql).rows if iri is not None}


def profile(target: QueryTarget, industry: Industry) -> Profile:
    """The figures of ``industry`` in ``target``.

    The bundled AI compute industry:

    >>> from ecoonto.targets import open_input
    >>> from ecoonto.targets.industries import resolve
    >>> with open_input() as target:
    ...     figures = profile(target, resolve(target, "ai-compute"))
    >>> figures.archetype_mix["Providers"]
    {'Dreamer': 1, 'Realist': 1, 'Engineer': 5, 'Coach': 0, 'Philosopher': 0}
    >>> figures.visibility["Suppliers"], figures.organisations_on_several_sides["Nvidia"]
    (6, ['Providers', 'Infrastructure'])
    """
    from ecoonto.targets import querying as queries
    from ecoonto.targets.industries import SIDES

    iri = industry.iri
    side_labels = _labels(target, SIDES)
    archetype_labels = _labels(target, ARCHETYPES)
    mix = {side: dict.fromkeys(archetype_labels.values(), 0) for side in side_labels.values()}
    for side, archetype, count in target.run(_bound(ARCHETYPE_MIX, iri)).rows:
        side_name = side_labels.get(str(side), str(side))
        name = archetype_labels.get(str(archetype), str(archetype))
        mix.setdefault(side_name, {})[name] = int(str(count))
    q1 = queries.run(_bound(queries.resolve("q1-invisible-counterparty").text(), iri), target)
    visibility = {str(r["counterpartyLabel"]): int(str(r["visible"])) for r in q1.as_dicts()}
    order = list(side_labels.values())
    players: dict[str, list[str]] = {}
    text = queries.resolve("players-by-side").text()
    for row in queries.run(_bound(text, iri), target).as_dicts():
        name, where = str(row.get("playerLabel") or row["player"]), str(row["side"])
        if where not in players.setdefault(name, []):
            players[name].append(where)
    several = {
        k: sorted(v, key=lambda s: order.index(s) if s in order else len(order))
        for k, v in players.items()
        if len(v) > 1
    }
    organisations: dict[str, list[str]] = {}
    text = queries.resolve("organisations-multi-side").text()
    for row in queries.run(_bound(text, iri), target).as_dicts():
        name, where = str(row.get("organisationLabel") or row["organisation"]), str(row["side"])
        if where not in organisations.setdefault(name, []):
            organisations[name].append(where)
    names: dict[str, list[str]] = {}
    for org, org_label, _kind in target.run(_bound(ORGANISATIONS, iri)).rows:
        names.setdefault(str(org), []).append(str(org_label))
    return Profile(industry, mix, visibility, several, organisations, names)


def compare(target: QueryTarget, a: Industry, b: Industry) -> Comparison:
    """``a`` and ``b`` side by side (see the module documentation).

    The bundled AI compute industry and the AI data industry it names as adjacent (which the
    bundled graph does not map: it has no players):

    >>> from ecoonto.targets import open_input
    >>> from ecoonto.targets.industries import resolve
    >>> with open_input() as target:
    ...     both = compare(target, resolve(target, "ai-compute"), resolve(target, "ai-data"))
    >>> both.adjacency
    ['ai-compute names ai-data as an adjacent industry; both are loaded']
    >>> both.in_both, sum(both.b.industry.players_per_side.values())
    ([], 0)
    """
    from ecoonto.targets.industries import list_industries

    pa, pb = profile(target, a), profile(target, b)
    known = {i.iri: i for i in list_industries(target)}
    in_both: list[tuple[str, str]] = []
    for org_a, labels_a in pa.organisation_labels.items():
        for org_b, labels_b in pb.organisation_labels.items():
            folded = {x.casefold() for x in labels_b}
            if org_a == org_b or any(x.casefold() in folded for x in labels_a):
                in_both.append((labels_a[0], labels_b[0]))
    adjacency = []
    for x, y in ((a, b), (b, a)):
        if y.iri in x.adjacent:
            adjacency.append(f"{x.name} names {y.name} as an adjacent industry; both are loaded")
    for x in (a, b):
        for other in x.adjacent:
            if other not in (a.iri, b.iri):
                found = known.get(other)
                name = found.name if found is not None else other
                state = (
                    "mapped in the input" if found is not None and found.mapped else "not mapped"
                )
                adjacency.append(f"{x.name} names {name} as an adjacent industry ({state})")
    return Comparison(pa, pb, sorted(set(in_both)), adjacency)


def render_table(c: Comparison) -> str:
    """The comparison as aligned text.

    >>> from ecoonto.targets.industries import Industry
    >>> a = Profile(Industry("http://example.org/a", "A", "a", 1, {"Buyers": 2}), {}, {}, {}, {})
    >>> b = Profile(Industry("http://example.org/b", "B", "b", 1, {"Buyers": 0}), {}, {}, {}, {})
    >>> print(render_table(Comparison(a, b, [("Acme", "ACME Corp")], [])), end="")
                                     a  b
    players per side
      Buyers                         2  0
    archetype mix per side (stated)
    counterparty visibility
    <BLANKLINE>
    players on several sides
      a: none
      b: none
    <BLANKLINE>
    organisations on several sides
      a: none
      b: none
    <BLANKLINE>
    organisations in both
      Acme = ACME Corp
    <BLANKLINE>
    adjacency
      none
    """
    a, b = c.a, c.b
    rows: list[tuple[str, str, str]] = [("", a.industry.name, b.industry.name)]
    rows.append(("players per side", "", ""))
    for side in a.industry.players_per_side:
        rows.append(
            (
                f"  {side}",
                str(a.industry.players_per_side.get(side, 0)),
                str(b.industry.players_per_side.get(side, 0)),
            )
        )
    rows.append(("archetype mix per side (stated)", "", ""))
    for side, mix in a.archetype_mix.items():
        other = b.archetype_mix.get(side, {})
        rows.append(
            (
                f"  {side}",
                " ".join(f"{k[:1]}{v}" for k, v in mix.items()),
                " ".join(f"{k[:1]}{v}" for k, v in other.items()),
            )
        )
    rows.append(("counterparty visibility", "", ""))
    for name in [*a.visibility, *(k for k in b.visibility if k not in a.visibility)]:
        rows.append((f"  {name}", str(a.visibility.get(name, "")), str(b.visibility.get(name, ""))))
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{r[0]:<{width[0]}}  {r[1]:<{width[1]}}  {r[2]}".rstrip() for r in rows]

    def listing(title: str, get: dict[str, list[str]], name: str) -> None:
        shown = "; ".join(f"{k} ({', '.join(v)})" for k, v in get.items()) or "none"
        lines.append(f"  {name}: {shown}")

    lines += ["", "players on several sides"]
    for p in (a, b):
        listing("players", p.players_on_several_sides, p.industry.name)
    lines += ["", "organisations on several sides"]
    for p in (a, b):
        listing("organisations", p.organisations_on_several_sides, p.industry.name)
    lines += ["", "organisations in both"]
    lines += [f"  {x} = {y}" if x != y else f"  {x}" for x, y in c.in_both] or ["  none"]
    lines += ["", "adjacency"]
    lines += [f"  {s}" for s in c.adjacency] or ["  none"]
    return "\n".join(lines) + "\n"
