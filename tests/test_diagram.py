"""The ecosystem map: computed from the graph, sides as regions, organisations across sides.

Expectations come from the seed page: four side tables with 6, 6, 6 and 5 players; Google is
named on the buyer side (Hyperscaler AI team) and the provider side (Google (TPU)); Nvidia on the
provider side (Nvidia) and the infrastructure side (High-speed networking: Mellanox/Nvidia);
OpenAI only as a frontier AI lab.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ecoonto.errors import InputError
from ecoonto.products import diagram
from ecoonto.rdf import graphs

if TYPE_CHECKING:
    from rdflib import Graph

SIDES = ["Buyers", "Providers", "Infrastructure", "Boundary"]
ARCHETYPES = ["Dreamer", "Realist", "Engineer", "Coach", "Philosopher"]
BOUNDARY_PLAYERS = {
    "US BIS",
    "National energy regulator",
    "Competition authority",
    "EU AI Act authority",
    "National AI strategy bodies",
}

# --- a small reader for the DOT the graphviz binding writes (one statement per line) ---------


@dataclass
class Node:
    name: str
    attrs: dict[str, str]
    cluster: str | None  # the innermost cluster_* subgraph holding it, None outside every one

    @property
    def label(self) -> str:
        """The label as text (HTML-like labels stripped of their tags)."""
        raw = self.attrs.get("label", self.name)
        if raw.startswith("<"):
            return re.sub(r"<[^>]*>", "", raw[1:-1]).replace("&amp;", "&").strip()
        return raw


@dataclass
class Dot:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    clusters: dict[str, dict[str, str]] = field(default_factory=dict)

    def by_label(self, label: str, shape: str | None = None) -> list[Node]:
        return [
            n
            for n in self.nodes.values()
            if n.label == label and (shape is None or n.attrs.get("shape") == shape)
        ]

    def players(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.name.startswith("player_")]

    def organisation(self, label: str) -> Node:
        found = [n for n in self.by_label(label) if n.name.startswith("org_")]
        assert len(found) == 1, f"{label}: {found}"
        return found[0]

    def player(self, label: str) -> Node:
        found = [n for n in self.players() if n.label == label]
        assert len(found) == 1, f"{label}: {found}"
        return found[0]

    def neighbours(self, name: str) -> dict[str, dict[str, str]]:
        out = {}
        for tail, head, attrs in self.edges:
            if attrs.get("style") == "invis":
                continue
            if tail == name:
                out[head] = attrs
            elif head == name:
                out[tail] = attrs
        return out

    def cluster_label(self, cluster: str | None) -> str:
        if cluster is None:
            return ""
        return re.sub(r"<[^>]*>", " ", self.clusters[cluster].get("label", ""))


def _attrs(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    i = 0
    while i < len(text):
        m = re.compile(r"\s*(\w+)=").match(text, i)
        if not m:
            break
        key, i = m.group(1), m.end()
        if text[i] == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            attrs[key] = text[i + 1 : j].replace('\\"', '"')
            i = j + 1
        elif text[i] == "<":
            depth, j = 0, i
            while True:
                depth += {"<": 1, ">": -1}.get(text[j], 0)
                j += 1
                if depth == 0:
                    break
            attrs[key] = text[i:j]
            i = j
        else:
            m = re.compile(r"[^\s\]]+").match(text, i)
            assert m
            attrs[key] = m.group(0)
            i = m.end()
    return attrs


def parse(source: str) -> Dot:
    dot = Dot()
    stack: list[str | None] = []
    # Statements can span lines (a quoted label with a newline): join those first.
    statements: list[str] = []
    for line in source.splitlines():
        if statements and statements[-1].count('"') % 2 == 1:
            statements[-1] += "\n" + line
        else:
            statements.append(line)
    for raw in statements:
        line = raw.strip()
        if line.startswith("subgraph ") or line == "{":
            name = line.split()[1] if line.startswith("subgraph ") else None
            stack.append(name if name and name.startswith("cluster_") else None)
            if name and name.startswith("cluster_"):
                dot.clusters[name] = {}
            continue
        if line == "}":
            if stack:
                stack.pop()
            continue
        clusters = [c for c in stack if c]
        here = clusters[-1] if clusters else None
        m = re.match(
            r'^("(?:[^"\\]|\\.)*"|\w+)\s*->\s*("(?:[^"\\]|\\.)*"|\w+)\s*(?:\[(.*)\])?$', line
        )
        if m:
            dot.edges.append(
                (m.group(1).strip('"'), m.group(2).strip('"'), _attrs(m.group(3) or ""))
            )
            continue
        m = re.match(r'^("(?:[^"\\]|\\.)*"|\w+)\s*\[(.*)\]$', line, re.S)
        if m and m.group(1) not in ("graph", "node", "edge"):
            dot.nodes[m.group(1).strip('"')] = Node(m.group(1).strip('"'), _attrs(m.group(2)), here)
            continue
        if here is not None and not line.startswith(("node", "edge", "graph")) and "=" in line:
            dot.clusters[here].update(_attrs(line))
    return dot


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def full(bundled_graph: Graph) -> Dot:
    return parse(diagram.ecosystem_dot(bundled_graph))


def _player_labels(graph: Graph, side: str | None = None) -> list[str]:
    query = """
        PREFIX eco: <https://w3id.org/ecoonto/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?player ?label WHERE {
          ?player a eco:Player ; rdfs:label ?label .
          ?filling eco:byPlayer ?player ; eco:ofPosition/eco:onSide ?side .
          ?side rdfs:label ?sideLabel .
          FILTER (!BOUND(?want) || STR(?sideLabel) = ?want)
        }
        ORDER BY ?label
    """
    from rdflib import Literal

    bindings = {} if side is None else {"want": Literal(side)}
    return [str(row[1]) for row in graph.query(query, initBindings=bindings)]


# --- the whole map ----------------------------------------------------------------------------


def test_four_side_clusters_labelled_with_name_and_description(full: Dot) -> None:
    sides = {k: v for k, v in full.clusters.items() if k.startswith("cluster_side_")}
    assert len(sides) == 4
    labels = [full.cluster_label(name) for name in sorted(sides)]
    for label, side in zip(labels, SIDES, strict=True):
        assert side in label
    # The industry's words for each side, from the page's Ecosystem list.
    assert "purchase compute" in labels[0]
    assert "set the rules" in " ".join(labels[3].split())


def test_every_player_appears_once_in_its_side(full: Dot, bundled_graph: Graph) -> None:
    expected = _player_labels(bundled_graph)
    assert len(expected) == 6 + 6 + 6 + 5  # the page's four side tables
    drawn = sorted(p.label for p in full.players())
    assert drawn == sorted(expected)
    for n, side in enumerate(SIDES):
        inside = {p.label for p in full.players() if p.cluster == f"cluster_side_{n}"}
        assert inside == set(_player_labels(bundled_graph, side)), side


@pytest.mark.parametrize(
    ("organisation", "players"),
    [
        ("Google", {"Hyperscaler AI team": "Buyers", "Google (TPU)": "Providers"}),
        ("Nvidia", {"Nvidia": "Providers", "High-speed networking": "Infrastructure"}),
    ],
)
def test_organisation_on_two_sides_is_drawn_outside_with_bold_edges(
    full: Dot, organisation: str, players: dict[str, str]
) -> None:
    org = full.organisation(organisation)
    assert org.cluster is None
    assert org.attrs["shape"] == "doubleoctagon"
    linked = full.neighbours(org.name)
    for label, side in players.items():
        player = full.player(label)
        assert player.name in linked
        assert "bold" in linked[player.name].get("style", "")
        assert player.cluster == f"cluster_side_{SIDES.index(side)}"
    assert {full.nodes[n].label for n in linked if n.startswith("player_")} == set(players)


def test_single_side_organisation_sits_inside_its_side(full: Dot) -> None:
    openai = full.organisation("OpenAI")
    assert openai.cluster == "cluster_side_0"
    assert openai.attrs["shape"] == "ellipse"
    lab = full.player("Frontier AI lab")
    assert set(full.neighbours(openai.name)) == {lab.name}
    assert "bold" not in full.neighbours(openai.name)[lab.name].get("style", "")


def test_only_google_and_nvidia_are_across_sides(full: Dot) -> None:
    across = sorted(n.label for n in full.nodes.values() if n.attrs.get("shape") == "doubleoctagon")
    assert [a for a in across if not a.startswith("organisation")] == ["Google", "Nvidia"]


def test_sub_organisation_points_to_its_parent(full: Dot) -> None:
    deepmind, google = full.organisation("DeepMind"), full.organisation("Google")
    edge = [a for t, h, a in full.edges if t == deepmind.name and h == google.name]
    assert edge and edge[0]["arrowhead"] == "empty"
    # Meta exemplifies no player itself but is drawn as Meta AI's parent.
    meta = full.organisation("Meta")
    assert meta.cluster is None
    assert full.organisation("Meta AI").name in full.neighbours(meta.name)


def test_archetypes_colour_the_players(full: Dot, bundled_graph: Graph) -> None:
    model = diagram.ecosystem(bundled_graph)
    colour = {a.label: a.colour for a in model.archetypes}
    assert len(set(colour.values())) == 5
    # Frontier AI lab: Dreamer / Engineer -> Dreamer fill, Engineer stripe.
    lab = full.player("Frontier AI lab")
    assert lab.attrs["fillcolor"] == colour["Dreamer"]
    assert f'BGCOLOR="{colour["Engineer"]}"' in lab.attrs["label"]
    # Enterprise ML team: Realist alone, no stripe.
    team = full.player("Enterprise ML team")
    assert team.attrs["fillcolor"] == colour["Realist"]
    assert not team.attrs["label"].startswith("<")
    # Boundary players carry the editors' archetypes: dashed; no other player is.
    dashed = {p.label for p in full.players() if "dashed" in p.attrs.get("style", "")}
    assert dashed == BOUNDARY_PLAYERS


def test_legend_lists_the_five_archetypes_and_the_shapes(full: Dot) -> None:
    legend = [n for n in full.nodes.values() if n.cluster == "cluster_legend"]
    text = " ".join(n.label for n in legend)
    for archetype in ARCHETYPES:
        assert archetype in text
    shapes = {n.attrs.get("shape") for n in legend}
    assert {"box", "ellipse", "doubleoctagon"} <= shapes


def test_same_graph_same_dot(bundled_graph: Graph) -> None:
    assert diagram.ecosystem_dot(bundled_graph) == diagram.ecosystem_dot(bundled_graph)


def test_a_changed_graph_changes_the_map(bundled_graph: Graph) -> None:
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS

    eco = Namespace("https://w3id.org/ecoonto/")
    aic = Namespace("https://w3id.org/ecoonto/data/ai-compute/")
    copy = graphs.new_graph()
    for triple in bundled_graph:
        copy.add(triple)
    player, filling, position = aic["player-test-sovereign-fund"], aic["f-x"], aic["p-x"]
    copy.add((player, RDF.type, eco.Player))
    copy.add((player, RDFS.label, Literal("Sovereign AI fund", lang="en")))
    copy.add((player, eco.primaryArchetype, eco.Coach))
    copy.add((filling, RDF.type, eco.Filling))
    copy.add((filling, eco.byPlayer, player))
    copy.add((filling, eco.ofPosition, position))
    copy.add((position, RDF.type, eco.Position))
    copy.add((position, eco.onSide, eco.Buyers))
    org = URIRef(aic["org-test-fund"])
    copy.add((org, RDF.type, eco.Organisation))
    copy.add((org, RDFS.label, Literal("Test Fund", lang="en")))
    copy.add((org, eco.exemplifies, player))

    before = diagram.ecosystem_dot(bundled_graph)
    after = parse(diagram.ecosystem_dot(copy))
    assert "Sovereign AI fund" not in before
    added = after.player("Sovereign AI fund")
    assert added.cluster == "cluster_side_0"
    assert after.organisation("Test Fund").cluster == "cluster_side_0"
    assert len(after.players()) == len(parse(before).players()) + 1

    # A second hat on the providers side makes the fund's organisation cross sides.
    copy.add((org, eco.exemplifies, aic["player-nvidia"]))
    moved = parse(diagram.ecosystem_dot(copy)).organisation("Test Fund")
    assert moved.cluster is None and moved.attrs["shape"] == "doubleoctagon"


# --- one side, one organisation ---------------------------------------------------------------


def test_side_boundary_keeps_only_boundary_players(bundled_graph: Graph) -> None:
    dot = parse(diagram.ecosystem_dot(bundled_graph, side="boundary"))
    assert {p.label for p in dot.players()} == BOUNDARY_PLAYERS
    assert [c for c in dot.clusters if c.startswith("cluster_side_")] == ["cluster_side_0"]
    assert "Boundary" in dot.cluster_label("cluster_side_0")
    orgs = {n.label for n in dot.nodes.values() if n.name.startswith("org_")}
    assert {"US BIS", "FERC", "NIST"} <= orgs
    assert not {"Google", "OpenAI", "Nvidia"} & orgs


def test_side_by_iri(bundled_graph: Graph) -> None:
    by_iri = diagram.ecosystem_dot(bundled_graph, side="https://w3id.org/ecoonto/Providers")
    assert by_iri == diagram.ecosystem_dot(bundled_graph, side="Providers")


def test_side_providers_keeps_cross_side_organisations_outside(bundled_graph: Graph) -> None:
    dot = parse(diagram.ecosystem_dot(bundled_graph, side="Providers"))
    google = dot.organisation("Google")
    assert google.cluster is None and google.attrs["shape"] == "doubleoctagon"
    assert {dot.nodes[n].label for n in dot.neighbours(google.name)} >= {"Google (TPU)"}
    assert "Hyperscaler AI team" not in {p.label for p in dot.players()}


def test_organisation_google_focuses(bundled_graph: Graph) -> None:
    dot = parse(diagram.ecosystem_dot(bundled_graph, organisation="google"))
    # Google's own hats, and those of its units DeepMind and GCP.
    assert {p.label for p in dot.players()} == {
        "Hyperscaler AI team",
        "Google (TPU)",
        "Frontier AI lab",
        "Hyperscaler AI cloud",
    }
    orgs = {n.label for n in dot.nodes.values() if n.name.startswith("org_")}
    assert orgs == {"Google", "DeepMind", "GCP"}
    sides = [dot.cluster_label(c) for c in dot.clusters if c.startswith("cluster_side_")]
    assert len(sides) == 2 and "Buyers" in sides[0] and "Providers" in sides[1]
    assert dot.organisation("Google").cluster is None


def test_organisation_by_iri_and_single_side(bundled_graph: Graph) -> None:
    iri = "https://w3id.org/ecoonto/data/ai-compute/org-openai"
    dot = parse(diagram.ecosystem_dot(bundled_graph, organisation=iri.upper()))
    assert [p.label for p in dot.players()] == ["Frontier AI lab"]
    assert dot.organisation("OpenAI").cluster == "cluster_side_0"


def test_unknown_side_lists_the_choices(bundled_graph: Graph) -> None:
    with pytest.raises(InputError) as info:
        diagram.ecosystem_dot(bundled_graph, side="Sellers")
    assert info.value.message == (
        "unknown side 'Sellers': choose one of Buyers, Providers, Infrastructure, Boundary"
    )


def test_unknown_organisation_lists_the_choices(bundled_graph: Graph) -> None:
    with pytest.raises(InputError) as info:
        diagram.ecosystem_dot(bundled_graph, organisation="Intel")
    message = info.value.message
    assert message.startswith("unknown organisation 'Intel': choose one of ")
    for name in ("Google", "Nvidia", "OpenAI", "US BIS", "Meta"):
        assert name in message
    assert "\n" not in message


def test_organisation_off_the_chosen_side(bundled_graph: Graph) -> None:
    with pytest.raises(InputError, match="exemplifies no player on side 'Boundary'"):
        diagram.ecosystem_dot(bundled_graph, side="Boundary", organisation="OpenAI")


def test_no_industry_data_still_draws_four_empty_sides() -> None:
    from ecoonto import resources

    core = graphs.load([resources.core_ontology()])
    dot = parse(diagram.ecosystem_dot(core))
    assert len([c for c in dot.clusters if c.startswith("cluster_side_")]) == 4
    assert dot.players() == []


# --- rendering --------------------------------------------------------------------------------

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' not installed")


@needs_dot
def test_svg_is_valid_svg(bundled_graph: Graph) -> None:
    import xml.etree.ElementTree as ET

    svg = diagram.render(diagram.ecosystem_dot(bundled_graph), "svg")
    assert b"<svg" in svg
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = "".join(root.itertext())
    assert "Hyperscaler AI team" in text and "Philosopher" in text


@needs_dot
def test_png_is_a_png(bundled_graph: Graph) -> None:
    png = diagram.render(diagram.ecosystem_dot(bundled_graph, side="Boundary"), "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_dot_format_is_the_text_itself() -> None:
    assert diagram.render("digraph { a }", "dot") == b"digraph { a }"


def test_missing_dot_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without Graphviz
    with pytest.raises(diagram.GraphvizNotFoundError) as info:
        diagram.render("digraph { a }", "svg")
    assert info.value.message == (
        "Graphviz 'dot' not found: install the Debian package graphviz (apt-get install graphviz)"
    )
    assert info.value.exit_code == 2
    assert isinstance(info.value, InputError)
    # DOT text needs no Graphviz.
    assert diagram.render("digraph { a }", "dot") == b"digraph { a }"


@needs_dot
def test_broken_dot_is_a_one_line_error() -> None:
    with pytest.raises(diagram.GraphvizError) as info:
        diagram.render("digraph { a -> }", "svg")
    assert "\n" not in info.value.message
    assert info.value.message.startswith("Graphviz 'dot' failed")
