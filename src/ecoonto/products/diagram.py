"""Ecosystem maps: the four sides, their players and the organisations that exemplify them.

The map is computed from the graph every time (SPARQL over the asserted data; nothing about an
industry is written here). :func:`ecosystem` reads the graph into a small model,
:func:`ecosystem_dot` draws it as Graphviz DOT and :func:`render` turns DOT into SVG or PNG with
the ``dot`` program (Debian package ``graphviz``).

How the map reads:

* each side is a region (a cluster) labelled with its name and what the industry's side
  expression says of it (``eco:description``), else the side's definition in the core ontology;
* a player is a box inside its side's region, filled with the colour of its primary archetype and
  striped with the colour of its secondary one; an archetype stated by the data module's editors
  (``eco:editorialArchetype``, where the source gives none) is drawn with a dashed border;
* an organisation is an ellipse next to the players it exemplifies; one that exemplifies players
  on several sides is a double octagon drawn outside the regions, with bold edges into each side;
* a dashed arrow leads from a sub-organisation (a business unit run as one) to its parent.

Why this module passes 800 lines: the reading model, the DOT layout (regions, anchors, legend,
players on several sides) and the rendering with its fallback are one pipeline whose parts
share the model's private helpers; split, each part would import the others' internals.
"""

from __future__ import annotations

import itertools
import re
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ecoonto.errors import EcoontoError, InputError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

Format = Literal["svg", "png", "dot"]
FORMATS: tuple[Format, ...] = ("svg", "png", "dot")

DOT_NOT_FOUND = (
    "Graphviz 'dot' not found: install the Debian package graphviz (apt-get install graphviz)"
)


class GraphvizNotFoundError(InputError):
    """The Graphviz ``dot`` program is not installed (or not on PATH).

    >>> error = GraphvizNotFoundError()
    >>> error.exit_code, error.message.startswith("Graphviz 'dot' not found")
    (2, True)
    """

    def __init__(self) -> None:
        super().__init__(DOT_NOT_FOUND)


class GraphvizError(EcoontoError):
    """``dot`` ran but failed to lay out or render the diagram.

    >>> error = GraphvizError("Graphviz 'dot' failed: syntax error in line 1")
    >>> isinstance(error, InputError), error.exit_code
    (False, 2)
    """


# Fill colours given to archetypes in their eco:order (pale, so that black text stays readable;
# after the ColorBrewer "Pastel1"/"Set3" schemes). More archetypes than colours cycle.
PALETTE = (
    "#cab2d6",  # violet
    "#a6cee3",  # blue
    "#b2df8a",  # green
    "#fdbf6f",  # orange
    "#fb9a99",  # pink
    "#ffffb3",  # yellow
    "#8dd3c7",  # teal
    "#d9d9d9",  # grey
)
NO_ARCHETYPE = "#ffffff"
FONT = "Helvetica"
CROSS_EDGE = "#333333"
CROSS_FILL = "#fff1b8"
EDGE = "#8c8c8c"
# Edge attributes: an organisation exemplifies a player; ... across sides; is part of another.
EXEMPLIFIES = {"color": EDGE}
ACROSS = {"color": CROSS_EDGE, "penwidth": "2.8", "style": "bold"}
PART_OF = {"style": "dashed", "arrowhead": "empty", "color": "#9a9a9a", "penwidth": "0.8"}

_ECO = "https://w3id.org/ecoonto/"
_PREFIXES = """\
PREFIX eco: <https://w3id.org/ecoonto/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

_SIDES = (
    _PREFIXES
    + """
SELECT ?side ?label ?order ?description ?definition WHERE {
  ?side a eco:Side .
  OPTIONAL { ?side rdfs:label ?label }
  OPTIONAL { ?side eco:order ?order }
  OPTIONAL { ?expression eco:expressesSide ?side ; eco:description ?description }
  OPTIONAL { ?side skos:definition ?definition }
}
ORDER BY ?order ?side ?description
"""
)

_ARCHETYPES = (
    _PREFIXES
    + """
SELECT ?archetype ?label ?order WHERE {
  ?archetype a eco:Archetype .
  OPTIONAL { ?archetype rdfs:label ?label }
  OPTIONAL { ?archetype eco:order ?order }
}
ORDER BY ?order ?label ?archetype
"""
)

# A player, each side it fills a position on, and the archetypes the page gives it (stated on the
# player or on the filling) or the editors attribute to it.
_PLAYERS = (
    _PREFIXES
    + """
SELECT ?player ?label ?side ?order ?primary ?secondary ?editorial WHERE {
  ?player a eco:Player .
  { ?player eco:fills ?filling } UNION { ?filling eco:byPlayer ?player }
  ?filling eco:ofPosition ?position .
  ?position eco:onSide ?side .
  OPTIONAL { ?player rdfs:label ?label }
  OPTIONAL { ?filling eco:order ?order }
  OPTIONAL {
    { ?player eco:primaryArchetype ?primary } UNION { ?filling eco:primaryArchetype ?primary }
  }
  OPTIONAL {
    { ?player eco:secondaryArchetype ?secondary }
    UNION { ?filling eco:secondaryArchetype ?secondary }
  }
  OPTIONAL { ?player eco:editorialArchetype ?editorial }
}
ORDER BY ?player ?order ?side ?primary ?secondary ?editorial
"""
)

_ORGANISATIONS = (
    _PREFIXES
    + """
SELECT ?organisation ?label ?player ?parent WHERE {
  ?organisation a eco:Organisation .
  OPTIONAL { ?organisation rdfs:label ?label }
  OPTIONAL {
    { ?organisation eco:exemplifies ?player } UNION { ?player eco:exemplifiedBy ?organisation }
  }
  OPTIONAL { ?organisation eco:subOrganisationOf ?parent }
}
ORDER BY ?organisation ?player ?parent
"""
)

_INDUSTRIES = (
    _PREFIXES
    + """
SELECT DISTINCT ?industry ?label WHERE {
  ?player a eco:Player ; eco:inIndustry ?industry .
  OPTIONAL { ?industry rdfs:label ?label }
}
ORDER BY ?label ?industry
"""
)


@dataclass(frozen=True)
class Side:
    """A side of the map: its IRI, label and what the industry says of it.

    >>> Side("https://w3id.org/ecoonto/Buyers", "Buyers", "labs and enterprises").label
    'Buyers'
    """

    iri: str
    label: str
    description: str


@dataclass(frozen=True)
class Archetype:
    """An archetype and the fill colour its players get (:data:`PALETTE`, in archetype order).

    >>> Archetype("https://w3id.org/ecoonto/Engineer", "Engineer", PALETTE[0]).colour
    '#cab2d6'
    """

    iri: str
    label: str
    colour: str


@dataclass(frozen=True)
class Player:
    """A player: ``side`` is the first side (in side order) where it fills a position,
    ``sides`` every side where it does (drawn once on each).

    >>> lab = Player("http://example.org/lab", "AI lab", "eco:Buyers", None, None, False)
    >>> lab.all_sides
    ('eco:Buyers',)
    >>> Player("http://example.org/g", "G", "eco:Buyers", None, None, False,
    ...        sides=("eco:Buyers", "eco:Providers")).all_sides
    ('eco:Buyers', 'eco:Providers')
    """

    iri: str
    label: str
    side: str
    primary: str | None
    secondary: str | None
    editorial: bool  # True when the archetypes shown are the editors', not the page's
    sides: tuple[str, ...] = ()

    @property
    def all_sides(self) -> tuple[str, ...]:
        return self.sides or (self.side,)


@dataclass(frozen=True)
class Organisation:
    """An organisation, the players it exemplifies, their sides, and its parents.

    >>> acme = Organisation("http://example.org/acme", "Acme", ("ex:lab", "ex:cloud"),
    ...                     ("eco:Buyers", "eco:Providers"), ())
    >>> acme.across_sides  # drawn outside the regions, as a double octagon
    True
    """

    iri: str
    label: str
    players: tuple[str, ...]  # the players it exemplifies, in drawing order
    sides: tuple[str, ...]  # the sides of those players, in side order
    parents: tuple[str, ...]  # organisations it is a sub-organisation of

    @property
    def across_sides(self) -> bool:
        return len(self.sides) > 1


@dataclass(frozen=True)
class Ecosystem:
    """What an ecosystem map shows, read from a graph.

    >>> buyers = Side("https://w3id.org/ecoonto/Buyers", "Buyers", "who pays")
    >>> lab = Player("http://example.org/lab", "AI lab", buyers.iri, None, None, False)
    >>> acme = Organisation("http://example.org/acme", "Acme", (lab.iri,), (buyers.iri,), ())
    >>> model = Ecosystem("Tiny ecosystem", (buyers,), (), (lab,), (acme,))
    >>> model.side(buyers.iri).description, model.archetype("https://w3id.org/ecoonto/Coach")
    ('who pays', None)
    """

    title: str
    sides: tuple[Side, ...]
    archetypes: tuple[Archetype, ...]
    players: tuple[Player, ...]
    organisations: tuple[Organisation, ...]

    def side(self, iri: str) -> Side:
        return next(s for s in self.sides if s.iri == iri)

    def archetype(self, iri: str) -> Archetype | None:
        return next((a for a in self.archetypes if a.iri == iri), None)


def _text(node: Node | None) -> str:
    return "" if node is None else str(node)


def _best_label(labels: Iterable[Node | None], fallback: str) -> str:
    """An English label if there is one, else any label, else ``fallback``; stable across runs."""
    from rdflib import Literal

    found = [lab for lab in labels if isinstance(lab, Literal)]
    english = sorted(str(lab) for lab in found if (lab.language or "").lower().startswith("en"))
    if english:
        return english[0]
    plain = sorted(str(lab) for lab in found)
    return plain[0] if plain else fallback


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


INF = float("inf")


def _order(node: Node | None) -> float:
    """An eco:order value as a number; unordered things sort last."""
    try:
        return float(str(node)) if node is not None else INF
    except ValueError:
        return INF


Row = tuple["Node | None", ...]


def _select(graph: Graph, sparql: str) -> list[Row]:
    from rdflib.query import ResultRow

    rows: list[Row] = []
    for row in graph.query(sparql):
        assert isinstance(row, ResultRow)
        rows.append(tuple(row))
    return rows


def _read_sides(graph: Graph) -> list[Side]:
    """The sides in their eco:order, each with the industry's description of it (if any)."""
    labels: dict[str, list[Node | None]] = defaultdict(list)
    descriptions: dict[str, set[str]] = defaultdict(set)
    definitions: dict[str, set[str]] = defaultdict(set)
    order: dict[str, float] = {}
    for iri_node, label, position, description, definition in _select(graph, _SIDES):
        iri = str(iri_node)
        labels[iri].append(label)
        if description is not None:
            descriptions[iri].add(str(description))
        if definition is not None:
            definitions[iri].add(str(definition))
        order[iri] = min(order.get(iri, INF), _order(position))
    return [
        Side(
            iri=iri,
            label=_best_label(labels[iri], _local_name(iri)),
            description=(sorted(descriptions[iri]) or sorted(definitions[iri]) or [""])[0],
        )
        for iri in sorted(labels, key=lambda i: (order[i], i))
    ]


def _read_archetypes(graph: Graph) -> list[Archetype]:
    """The archetypes in their eco:order, each given the next colour of the palette."""
    labels: dict[str, list[Node | None]] = defaultdict(list)
    order: dict[str, float] = {}
    for iri_node, label, position in _select(graph, _ARCHETYPES):
        iri = str(iri_node)
        labels[iri].append(label)
        order[iri] = min(order.get(iri, INF), _order(position))
    ranked = sorted(labels, key=lambda i: (order[i], _best_label(labels[i], i), i))
    return [
        Archetype(iri, _best_label(labels[iri], _local_name(iri)), PALETTE[n % len(PALETTE)])
        for n, iri in enumerate(ranked)
    ]


def _read_players(
    graph: Graph, sides: Sequence[Side], archetypes: Sequence[Archetype]
) -> list[Player]:
    """Players on their first side, in side order, then table order (eco:order), then label."""
    side_rank = {s.iri: n for n, s in enumerate(sides)}
    archetype_rank = {a.iri: n for n, a in enumerate(archetypes)}
    labels: dict[str, list[Node | None]] = defaultdict(list)
    stated: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    placement: dict[str, tuple[int, float]] = {}
    on_sides: dict[str, set[int]] = defaultdict(set)
    for row in _select(graph, _PLAYERS):
        iri, side = str(row[0]), str(row[2])
        if side not in side_rank:
            continue
        on_sides[iri].add(side_rank[side])
        labels[iri].append(row[1])
        for kind, value in zip(("primary", "secondary", "editorial"), row[4:7], strict=True):
            if value is not None:
                stated[iri][kind].add(str(value))
        key = (side_rank[side], _order(row[3]))
        placement[iri] = min(placement.get(iri, key), key)
    players = []
    for iri in sorted(placement, key=lambda i: (placement[i], _best_label(labels[i], i), i)):
        primary = sorted(stated[iri]["primary"])
        secondary = sorted(stated[iri]["secondary"])
        editorial = sorted(stated[iri]["editorial"], key=lambda a: (archetype_rank.get(a, INF), a))
        # The page's archetypes win; the editors' are shown only where the page gives none.
        chosen = [primary[0], *(secondary[:1] or primary[1:2])] if primary else editorial[:2]
        players.append(
            Player(
                iri=iri,
                label=_best_label(labels[iri], _local_name(iri)),
                side=sides[placement[iri][0]].iri,
                primary=chosen[0] if chosen else None,
                secondary=chosen[1] if len(chosen) > 1 else None,
                editorial=not primary and bool(editorial),
                sides=tuple(sides[n].iri for n in sorted(on_sides[iri])),
            )
        )
    return players


def _read_organisations(graph: Graph, players: Sequence[Player]) -> list[Organisation]:
    """Organisations that exemplify a player (in the order of their first player), then their
    parent organisations that exemplify none."""
    player_sides = {p.iri: p.all_sides for p in players}
    player_rank = {p.iri: n for n, p in enumerate(players)}
    side_order = list(dict.fromkeys(s for p in players for s in p.all_sides))
    labels: dict[str, list[Node | None]] = defaultdict(list)
    exemplified: dict[str, set[str]] = defaultdict(set)
    parents: dict[str, set[str]] = defaultdict(set)
    for iri_node, label, player, parent in _select(graph, _ORGANISATIONS):
        iri = str(iri_node)
        labels[iri].append(label)
        if player is not None and str(player) in player_sides:
            exemplified[iri].add(str(player))
        if parent is not None:
            parents[iri].add(str(parent))
    # Keep the parents (transitively) of those organisations too, even if they exemplify no
    # player themselves: a parent is how a business unit's hats add up to one organisation.
    kept = set(exemplified)
    frontier = list(kept)
    while frontier:
        for parent_iri in parents[frontier.pop()]:
            if parent_iri in labels and parent_iri not in kept:
                kept.add(parent_iri)
                frontier.append(parent_iri)
    organisations = []
    for iri in kept:
        ordered = tuple(sorted(exemplified[iri], key=player_rank.__getitem__))
        organisations.append(
            Organisation(
                iri=iri,
                label=_best_label(labels[iri], _local_name(iri)),
                players=ordered,
                sides=tuple(
                    sorted({s for p in ordered for s in player_sides[p]}, key=side_order.index)
                ),
                parents=tuple(sorted(p for p in parents[iri] if p in kept)),
            )
        )
    organisations.sort(
        key=lambda o: (player_rank[o.players[0]] if o.players else INF, o.label.casefold(), o.iri)
    )
    return organisations


def ecosystem(graph: Graph, industry: str | None = None) -> Ecosystem:
    """Read the sides, archetypes, players and organisations of ``graph`` (asserted triples);
    with ``industry`` (an IRI), only that industry's players (``eco:inIndustry``).

    >>> from rdflib import Graph
    >>> graph = Graph().parse(format="turtle", data='''
    ... @prefix eco: <https://w3id.org/ecoonto/> . @prefix ex: <http://example.org/> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... eco:Buyers a eco:Side ; rdfs:label "Buyers" ; eco:order 1 .
    ... eco:Providers a eco:Side ; rdfs:label "Providers" ; eco:order 2 .
    ... eco:Engineer a eco:Archetype ; rdfs:label "Engineer" ; eco:order 1 .
    ... ex:lab a eco:Player ; rdfs:label "AI lab" ; eco:primaryArchetype eco:Engineer .
    ... ex:cloud a eco:Player ; rdfs:label "Cloud" .
    ... ex:f1 eco:byPlayer ex:lab ; eco:ofPosition [ eco:onSide eco:Buyers ] .
    ... ex:f2 eco:byPlayer ex:cloud ; eco:ofPosition [ eco:onSide eco:Providers ] .
    ... ex:acme a eco:Organisation ; rdfs:label "Acme" ; eco:exemplifies ex:lab, ex:cloud .
    ... ex:acme-labs a eco:Organisation ; rdfs:label "Acme Labs" ;
    ...     eco:subOrganisationOf ex:acme ; eco:exemplifies ex:lab .
    ... ''')
    >>> model = ecosystem(graph)
    >>> model.title, [s.label for s in model.sides], [a.colour for a in model.archetypes]
    ('Industry ecosystem: players by side', ['Buyers', 'Providers'], ['#cab2d6'])
    >>> [(p.label, p.side.rsplit("/", 1)[1], p.primary is not None) for p in model.players]
    [('AI lab', 'Buyers', True), ('Cloud', 'Providers', False)]
    >>> [(o.label, o.across_sides, len(o.parents)) for o in model.organisations]
    [('Acme', True, 0), ('Acme Labs', False, 1)]
    """
    from rdflib import URIRef

    sides = _read_sides(graph)
    archetypes = _read_archetypes(graph)
    players = _read_players(graph, sides, archetypes)
    found = [(str(iri), label) for iri, label in _select(graph, _INDUSTRIES)]
    if industry is not None:
        members = {str(s) for s in graph.subjects(URIRef(_ECO + "inIndustry"), URIRef(industry))}
        players = [p for p in players if p.iri in members]
        found = [(iri, label) for iri, label in found if iri == industry]
    organisations = _read_organisations(graph, players)
    industries = [_best_label([label], _local_name(iri)) for iri, label in found]
    title = " + ".join(dict.fromkeys(industries)) if industries else "Industry"
    return Ecosystem(
        title=f"{title} ecosystem: players by side",
        sides=tuple(sides),
        archetypes=tuple(archetypes),
        players=tuple(players),
        organisations=tuple(organisations),
    )


# --- choosing what to draw -------------------------------------------------------------------


def _matches(name: str, iri: str, label: str) -> bool:
    wanted = name.strip().casefold()
    return wanted in (iri.casefold(), label.casefold(), _local_name(iri).casefold())


def find_side(model: Ecosystem, name: str) -> Side:
    """The side named ``name`` (label, local name or IRI, any case); InputError if none.

    >>> buyers = Side("https://w3id.org/ecoonto/Buyers", "Buyers", "who pays")
    >>> lab = Player("http://example.org/lab", "AI lab", buyers.iri, None, None, False)
    >>> acme = Organisation("http://example.org/acme", "Acme", (lab.iri,), (buyers.iri,), ())
    >>> model = Ecosystem("Tiny ecosystem", (buyers,), (), (lab,), (acme,))
    >>> find_side(model, "BUYERS") == find_side(model, "https://w3id.org/ecoonto/Buyers") == buyers
    True
    >>> find_side(model, "Sellers")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: unknown side 'Sellers': choose one of Buyers
    """
    for side in model.sides:
        if _matches(name, side.iri, side.label):
            return side
    choices = ", ".join(s.label for s in model.sides)
    raise InputError(f"unknown side '{name}': choose one of {choices}")


def find_organisation(model: Ecosystem, name: str) -> Organisation:
    """The organisation named ``name`` (label or IRI, any case); InputError if none.

    >>> buyers = Side("https://w3id.org/ecoonto/Buyers", "Buyers", "who pays")
    >>> lab = Player("http://example.org/lab", "AI lab", buyers.iri, None, None, False)
    >>> acme = Organisation("http://example.org/acme", "Acme", (lab.iri,), (buyers.iri,), ())
    >>> model = Ecosystem("Tiny ecosystem", (buyers,), (), (lab,), (acme,))
    >>> find_organisation(model, "acme").iri
    'http://example.org/acme'
    >>> find_organisation(model, "Initech")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: unknown organisation 'Initech': choose one of Acme
    """
    for org in model.organisations:
        if _matches(name, org.iri, org.label):
            return org
    choices = ", ".join(sorted({o.label for o in model.organisations}, key=str.casefold))
    raise InputError(f"unknown organisation '{name}': choose one of {choices}")


def _descendants(model: Ecosystem, root: str) -> list[str]:
    """``root`` and every organisation that is (transitively) a sub-organisation of it."""
    found = [root]
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for org in model.organisations:
            if parent in org.parents and org.iri not in found:
                found.append(org.iri)
                frontier.append(org.iri)
    return found


def select(model: Ecosystem, side: str | None = None, organisation: str | None = None) -> Ecosystem:
    """The part of ``model`` a map shows: everything, one side, or one organisation's reach.

    ``side`` keeps that side's players and the organisations that exemplify them. ``organisation``
    keeps that organisation, its sub-organisations, the players they exemplify and those players'
    sides. An organisation keeps its "across sides" look even when only one of its sides is shown.

    >>> from rdflib import Graph
    >>> graph = Graph().parse(format="turtle", data='''
    ... @prefix eco: <https://w3id.org/ecoonto/> . @prefix ex: <http://example.org/> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... eco:Buyers a eco:Side ; rdfs:label "Buyers" ; eco:order 1 .
    ... eco:Providers a eco:Side ; rdfs:label "Providers" ; eco:order 2 .
    ... eco:Engineer a eco:Archetype ; rdfs:label "Engineer" ; eco:order 1 .
    ... ex:lab a eco:Player ; rdfs:label "AI lab" ; eco:primaryArchetype eco:Engineer .
    ... ex:cloud a eco:Player ; rdfs:label "Cloud" .
    ... ex:f1 eco:byPlayer ex:lab ; eco:ofPosition [ eco:onSide eco:Buyers ] .
    ... ex:f2 eco:byPlayer ex:cloud ; eco:ofPosition [ eco:onSide eco:Providers ] .
    ... ex:acme a eco:Organisation ; rdfs:label "Acme" ; eco:exemplifies ex:lab, ex:cloud .
    ... ex:acme-labs a eco:Organisation ; rdfs:label "Acme Labs" ;
    ...     eco:subOrganisationOf ex:acme ; eco:exemplifies ex:lab .
    ... ''')
    >>> model = ecosystem(graph)
    >>> part = select(model, side="Providers")
    >>> [p.label for p in part.players], [(o.label, o.across_sides) for o in part.organisations]
    (['Cloud'], [('Acme', True)])
    >>> part = select(model, organisation="Acme Labs")
    >>> [s.label for s in part.sides], [p.label for p in part.players]
    (['Buyers'], ['AI lab'])
    >>> select(model, side="Providers", organisation="Acme Labs")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: organisation 'Acme Labs' exemplifies no player on side 'Providers'
    """
    sides = list(model.sides)
    players = list(model.players)
    organisations = list(model.organisations)
    if side is not None:
        chosen = find_side(model, side)
        sides = [chosen]
        players = [p for p in players if chosen.iri in p.all_sides]
    if organisation is not None:
        focus = find_organisation(model, organisation)
        keep = set(_descendants(model, focus.iri))
        organisations = [o for o in organisations if o.iri in keep]
        reached = {p for o in organisations for p in o.players}
        players = [p for p in players if p.iri in reached]
        sides = [s for s in sides if any(s.iri in p.all_sides for p in players)]
        if not players:
            where = f" on side '{side}'" if side else ""
            raise InputError(f"organisation '{focus.label}' exemplifies no player{where}")
    shown = {p.iri for p in players}
    kept = {o.iri for o in organisations if any(p in shown for p in o.players)}
    frontier = list(kept)
    by_iri = {o.iri: o for o in organisations}
    while frontier:  # parents that exemplify no player stay with their shown children
        for parent in by_iri[frontier.pop()].parents:
            if parent in by_iri and not by_iri[parent].players and parent not in kept:
                kept.add(parent)
                frontier.append(parent)
    organisations = [
        Organisation(
            iri=o.iri,
            label=o.label,
            players=tuple(p for p in o.players if p in shown),
            sides=o.sides,
            parents=tuple(p for p in o.parents if p in kept),
        )
        for o in organisations
        if o.iri in kept
    ]
    return Ecosystem(
        title=model.title,
        sides=tuple(sides),
        archetypes=model.archetypes,
        players=tuple(players),
        organisations=tuple(organisations),
    )


# --- drawing -----------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """A label or tooltip shown as written: Graphviz reads a backslash in a quoted string as an
    escape (``\\N`` the node's name, ``\\n`` a line break) and ``<...>`` as an HTML label."""
    import graphviz

    escaped: str = graphviz.escape(text)  # a str subclass graphviz does not quote as HTML
    return escaped


def _html(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


def _cluster_label(title: str, text: str, width: int = 44) -> str:
    head = f'<FONT POINT-SIZE="20"><B>{_html(title)}</B></FONT>'
    if not text.strip():
        return f"<{head}>"
    lines = "<BR/>".join(_html(line) for line in _wrap(text, width))
    return f'<{head}<BR/><FONT POINT-SIZE="13" COLOR="#444444">{lines}</FONT>>'


class _Ids:
    """Readable, unique DOT node names from IRIs (``player_nvidia``, ``org_google``)."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], str] = {}
        self._used: set[str] = set()

    def __call__(self, kind: str, iri: str) -> str:
        key = (kind, iri)
        if key not in self._ids:
            local = re.sub(r"[^A-Za-z0-9]+", "_", _local_name(iri)).strip("_")
            local = re.sub(rf"^{kind}_", "", local) or "x"
            name, n = f"{kind}_{local}", 1
            while name in self._used:
                n += 1
                name = f"{kind}_{local}_{n}"
            self._ids[key] = name
            self._used.add(name)
        return self._ids[key]


def _player_node(player: Player, model: Ecosystem) -> dict[str, str]:
    """Attributes of a player's box: fill = primary archetype, stripe = secondary, dashed =
    editorial."""
    primary = model.archetype(player.primary) if player.primary else None
    secondary = model.archetype(player.secondary) if player.secondary else None
    names = [a.label for a in (primary, secondary) if a is not None]
    source = "editorial archetype" if player.editorial else "archetype"
    attrs = {
        "label": _plain(player.label),
        "shape": "box",
        "style": "filled,dashed" if player.editorial else "filled",
        "fillcolor": primary.colour if primary else NO_ARCHETYPE,
        "tooltip": _plain(f"{source}: {' / '.join(names)}") if names else "no archetype given",
    }
    if player.editorial:
        attrs["penwidth"] = "1.8"
    if secondary is not None:
        # A stripe of the secondary archetype's colour along the right-hand edge of the box,
        # drawn as a table cell so that it never runs under the text.
        attrs["label"] = _striped_label(player.label, secondary.colour)
        attrs["margin"] = "0"
    return attrs


def _striped_label(text: str, stripe: str) -> str:
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
        f'<TD CELLPADDING="6">{_html(text)}</TD>'
        f'<TD BGCOLOR="{stripe}" WIDTH="16"> </TD>'
        "</TR></TABLE>>"
    )


def _organisation_node(org: Organisation) -> dict[str, str]:
    if org.across_sides:
        return {
            "label": _plain(org.label),
            "shape": "doubleoctagon",
            "style": "filled,bold",
            "fillcolor": CROSS_FILL,
            "color": CROSS_EDGE,
            "fontsize": "16",
            "tooltip": "organisation on several sides",
        }
    return {
        "label": _plain(org.label),
        "shape": "ellipse",
        "style": "filled",
        "fillcolor": "white",
        "fontsize": "12",
        "height": "0.3",
        "tooltip": "organisation",
    }


def ecosystem_dot(
    graph: Graph,
    side: str | None = None,
    organisation: str | None = None,
    industry: str | None = None,
) -> str:
    """The ecosystem map of ``graph`` as Graphviz DOT text.

    ``side`` (a side's label or IRI) keeps one side; ``organisation`` (label or IRI, any case)
    focuses on one organisation; ``industry`` (an IRI) keeps that industry's players. An unknown
    name raises :class:`InputError` listing the choices.

    >>> from rdflib import Graph
    >>> graph = Graph().parse(format="turtle", data='''
    ... @prefix eco: <https://w3id.org/ecoonto/> . @prefix ex: <http://example.org/> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... eco:Buyers a eco:Side ; rdfs:label "Buyers" ; eco:order 1 .
    ... eco:Providers a eco:Side ; rdfs:label "Providers" ; eco:order 2 .
    ... eco:Engineer a eco:Archetype ; rdfs:label "Engineer" ; eco:order 1 .
    ... ex:lab a eco:Player ; rdfs:label "AI lab" ; eco:primaryArchetype eco:Engineer .
    ... ex:cloud a eco:Player ; rdfs:label "Cloud" .
    ... ex:f1 eco:byPlayer ex:lab ; eco:ofPosition [ eco:onSide eco:Buyers ] .
    ... ex:f2 eco:byPlayer ex:cloud ; eco:ofPosition [ eco:onSide eco:Providers ] .
    ... ex:acme a eco:Organisation ; rdfs:label "Acme" ; eco:exemplifies ex:lab, ex:cloud .
    ... ex:acme-labs a eco:Organisation ; rdfs:label "Acme Labs" ;
    ...     eco:subOrganisationOf ex:acme ; eco:exemplifies ex:lab .
    ... ''')
    >>> dot = ecosystem_dot(graph)
    >>> dot.startswith("digraph ecosystem {"), dot.count("subgraph cluster_side_")
    (True, 2)
    >>> 'player_lab [label="AI lab" fillcolor="#cab2d6" shape=box' in dot
    True
    >>> "org_acme [label=Acme" in dot and "shape=doubleoctagon" in dot  # Acme: on two sides
    True
    >>> "org_acme_labs -> org_acme [arrowhead=empty" in dot  # the part-of arrow
    True
    >>> ecosystem_dot(graph, side="Providers").count("subgraph cluster_side_")
    1
    """
    model = select(ecosystem(graph, industry), side=side, organisation=organisation)
    return ecosystem_dot_from(model)


def ecosystem_dot_from(model: Ecosystem) -> str:
    """Draw an :class:`Ecosystem` (see :func:`ecosystem` and :func:`select`) as DOT.

    Layout, left to right: the sides in their order, each a region with its players in a column
    and the organisations of that side to their right; an organisation on several sides sits
    between its first side and the next, outside every region.

    >>> buyers = Side("https://w3id.org/ecoonto/Buyers", "Buyers", "who pays")
    >>> lab = Player("http://example.org/lab", "AI lab", buyers.iri, None, None, False)
    >>> acme = Organisation("http://example.org/acme", "Acme", (lab.iri,), (buyers.iri,), ())
    >>> model = Ecosystem("Tiny ecosystem", (buyers,), (), (lab,), (acme,))
    >>> dot = ecosystem_dot_from(model)
    >>> 'label="Tiny ecosystem' in dot, "player_lab -> org_acme" in dot
    (True, True)
    >>> "who pays" in dot  # the side's description, under its name
    True
    """
    import graphviz

    node_id = _Ids()
    dot = graphviz.Digraph("ecosystem", engine="dot")
    dot.attr(
        rankdir="LR",
        newrank="true",
        remincross="false",  # a last crossing pass would undo the table order of players
        nodesep="0.14",
        ranksep="0.5",
        fontname=FONT,
        labelloc="t",
        labeljust="l",
        fontsize="30",
        label=_plain(f"{model.title}\n "),
        bgcolor="white",
        pad="0.3",
    )
    dot.attr("node", fontname=FONT, fontsize="14", margin="0.14,0.06", penwidth="1.0")
    dot.attr("edge", fontname=FONT, arrowhead="none", penwidth="1.0", **EXEMPLIFIES)

    by_side: dict[str, list[Player]] = defaultdict(list)
    shown_sides = {s.iri for s in model.sides}
    for player in model.players:
        for on in player.all_sides:
            if on in shown_sides:
                by_side[on].append(player)

    def player_node(player: Player, side: str) -> str:
        """A player's node on ``side``: its first shown side keeps the plain name; a player on
        several sides gets one more node (``hat_...``) on each of the others."""
        first = next((s for s in player.all_sides if s in shown_sides), player.side)
        if side == first:
            return node_id("player", player.iri)
        return node_id("hat", f"{player.iri}-{_local_name(side)}")

    local_orgs: dict[str, list[Organisation]] = defaultdict(list)
    for org in model.organisations:
        if len(org.sides) == 1:
            local_orgs[org.sides[0]].append(org)
    side_rank = {s.iri: n for n, s in enumerate(model.sides)}
    by_iri_player = {p.iri: p for p in model.players}

    for n, side in enumerate(model.sides):
        with dot.subgraph(name=f"cluster_side_{n}") as cluster:
            cluster.attr(
                label=_cluster_label(side.label, side.description),
                labeljust="c",
                style="rounded,filled",
                fillcolor="#f3f3f3",
                color="#8c8c8c",
                penwidth="1.5",
                margin="16",
            )
            # Invisible anchors at each end keep the sides in order from left to right.
            cluster.node(f"side_{n}_start", label="", shape="point", style="invis", width="0")
            cluster.node(f"side_{n}_end", label="", shape="point", style="invis", width="0")
            for player in by_side.get(side.iri, []):
                pid = player_node(player, side.iri)
                cluster.node(pid, **_player_node(player, model))
                cluster.edge(f"side_{n}_start", pid, style="invis")
                if not local_orgs.get(side.iri):
                    # No organisation of its own on this side: the players hold the side's end
                    # anchor to their right, so that the next side starts after them.
                    cluster.edge(pid, f"side_{n}_end", style="invis")
            _column(cluster, [player_node(p, side.iri) for p in by_side.get(side.iri, [])])
            for org in local_orgs.get(side.iri, []):
                oid = node_id("org", org.iri)
                cluster.node(oid, **_organisation_node(org))
                cluster.edge(oid, f"side_{n}_end", style="invis")
                for pid in org.players:
                    cluster.edge(player_node(by_iri_player[pid], side.iri), oid)
            _column(cluster, [node_id("org", o.iri) for o in local_orgs.get(side.iri, [])])
        if n + 1 < len(model.sides):
            dot.edge(f"side_{n}_end", f"side_{n + 1}_start", style="invis")

    for org in model.organisations:
        if len(org.sides) == 1:
            continue
        # On several sides, or a parent that exemplifies no player: outside the regions.
        oid = node_id("org", org.iri)
        dot.node(oid, **_organisation_node(org))
        if not org.players:
            continue
        hats = [
            (side_rank[s], pid)
            for pid in org.players
            for s in by_iri_player[pid].all_sides
            if s in side_rank
        ]
        first = min(rank for rank, _ in hats)
        for rank, pid in hats:
            # Players of its first side to its left, those of later sides to its right; a
            # player on several sides is joined on each of them.
            pnode = player_node(by_iri_player[pid], model.sides[rank].iri)
            if rank == first and len({r for r, _ in hats}) > 1:
                dot.edge(pnode, oid, **ACROSS)
            else:
                dot.edge(oid, pnode, **ACROSS)

    by_iri = {o.iri: o for o in model.organisations}
    drawn = set(by_iri)
    for org in model.organisations:
        for parent in org.parents:
            if parent in drawn:
                # A parent that exemplifies no player is placed by this edge, to its child's right.
                placed = "true" if not by_iri[parent].players else "false"
                dot.edge(
                    node_id("org", org.iri), node_id("org", parent), constraint=placed, **PART_OF
                )

    _legend(dot, model.archetypes, "side_0_start" if model.sides else None)
    return str(dot.source)


def _legend(dot: Any, archetypes: Sequence[Archetype], start: str | None) -> None:
    """A legend cluster: a swatch per archetype, a sample of each shape and of each line.

    Its left column (swatches and player samples) shares the rank of the first side's players,
    its right column (organisation samples) that of the first side's organisations.
    """
    swatches = "".join(
        f'<TR><TD BGCOLOR="{a.colour}" WIDTH="34" BORDER="1"> </TD>'
        f'<TD ALIGN="LEFT">{_html(a.label)}</TD></TR>'
        for a in archetypes
    )
    table = (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="2">'
        '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Archetype (fill colour)</B></TD></TR>'
        f"{swatches}</TABLE>>"
    )
    first = archetypes[0].colour if archetypes else NO_ARCHETYPE
    second = archetypes[1].colour if len(archetypes) > 1 else NO_ARCHETYPE
    sample = Player("", "", "", None, None, editorial=False)
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(
            label=_cluster_label("Legend", ""),
            labeljust="c",
            style="rounded",
            color="#8c8c8c",
            margin="12",
        )
        legend.attr("node", fontsize="12")
        legend.node("legend_archetypes", label=table, shape="plaintext")
        player = {**_player_node(sample, Ecosystem("", (), (), (), ())), "fillcolor": first}
        legend.node("legend_player", **{**player, "label": "player (box)"})
        legend.node(
            "legend_secondary",
            **{
                **player,
                "label": _striped_label("stripe: second archetype", second),
                "margin": "0",
            },
        )
        legend.node(
            "legend_editorial",
            **{
                **player,
                "label": "dashed: archetype given by\nthe editors, not the source",
                "style": "filled,dashed",
                "penwidth": "1.8",
            },
        )
        legend.node(
            "legend_org",
            **{**_organisation_node(_sample_org(False)), "label": "organisation\n(exemplifies)"},
        )
        legend.node(
            "legend_cross",
            **{
                **_organisation_node(_sample_org(True)),
                "label": "organisation\non several sides",
                "fontsize": "12",
            },
        )
        legend.node(
            "legend_parent",
            **{
                **_organisation_node(_sample_org(False)),
                "label": "parent organisation\n(dashed arrow: part of)",
            },
        )
        legend.edge("legend_player", "legend_org")
        legend.edge("legend_secondary", "legend_cross", **ACROSS)
        legend.edge("legend_editorial", "legend_parent", style="invis")
        legend.edge("legend_org", "legend_parent", constraint="false", **PART_OF)
        column = ("legend_archetypes", "legend_player", "legend_secondary", "legend_editorial")
        _column(legend, column)
        if start is not None:
            dot.edge(start, column[0], style="invis")


def _column(graph: Any, nodes: Sequence[str]) -> None:
    """Keep ``nodes`` in one column, top to bottom in this order.

    With rankdir=LR a flat edge a -> b puts a below b, hence the chain runs bottom to top.
    """
    if len(nodes) < 2:
        return
    with graph.subgraph() as same:
        same.attr(rank="same")
        for upper, lower in itertools.pairwise(nodes):
            same.edge(lower, upper, style="invis")


def _sample_org(across: bool) -> Organisation:
    sides = ("a", "b") if across else ("a",)
    return Organisation(iri="", label="", players=(), sides=sides, parents=())


# --- rendering ---------------------------------------------------------------------------------


def render(dot: str, fmt: Format = "svg") -> bytes:
    """Lay out ``dot`` with Graphviz and return the image; ``dot`` format returns the text.

    Raises :class:`GraphvizNotFoundError` when the ``dot`` program is missing.

    The ``dot`` format needs no Graphviz program (SVG and PNG do: the tests render them):

    >>> render("digraph { a -> b }", "dot")
    b'digraph { a -> b }'
    >>> render("digraph { a -> b }", "pdf")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: unknown diagram format 'pdf': use one of svg, png, dot
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown diagram format '{fmt}': use one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return dot.encode("utf-8")
    import graphviz

    try:
        data = _pipe(graphviz, dot, fmt)
    except graphviz.ExecutableNotFound:
        raise GraphvizNotFoundError() from None
    except graphviz.CalledProcessError as exc:
        stderr = exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else ""
        first = (
            stderr.strip().splitlines()[0] if stderr.strip() else f"exit status {exc.returncode}"
        )
        raise GraphvizError(f"Graphviz 'dot' failed: {first}") from None
    assert isinstance(data, bytes)
    return data


def _pipe(graphviz: Any, dot: str, fmt: str) -> bytes:
    """Run ``dot``; when its spline router gives up on an edge between clusters ("triangulation
    failed", "lost ... edge"), lay the same graph out again with polyline edges, which route
    around clusters without that step."""
    try:
        data = graphviz.Source(dot).pipe(format=fmt)
    except graphviz.CalledProcessError as exc:
        stderr = exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else ""
        if "triangulation failed" not in stderr and "lost " not in stderr:
            raise
        data = graphviz.Source(_with_polylines(dot)).pipe(format=fmt)
    assert isinstance(data, bytes)
    return data


def _with_polylines(dot: str) -> str:
    """``dot`` with ``splines=polyline`` set on the graph."""
    head, brace, rest = dot.partition("{")
    return f"{head}{brace}\n\tsplines=polyline\n{rest}"
