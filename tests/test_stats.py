"""ecoonto.products.stats: the figures of the bundled graph, derived by hand from the seed page, and
the same figures from rdflib, pyoxigraph in memory and an embedded store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from ecoonto import resources, targets
from ecoonto.products.stats import MultiSideOrganisation, SideCount, Stats, compute, render_table
from ecoonto.targets import EmbeddedStore, ReadOnlyStore

ECO = "https://w3id.org/ecoonto/"
AIC = "https://w3id.org/ecoonto/data/ai-compute/"


@pytest.fixture(scope="module")
def figures() -> Stats:
    return compute(targets.OxigraphMemoryTarget.bundled())


def test_individuals_per_class_follow_the_seed(figures: Stats) -> None:
    # The seed page: 6 + 6 + 6 + 5 players in the four side tables, one filling each; a
    # position per side-table row (23) and the 6 rows of the positions matrix (29); 43 named
    # organisations (those in the player cells, their parents Amazon, Microsoft, Google and
    # Meta, TSMC from the counterparty table and Hugging Face from the archetype table).
    assert figures.individuals[f"{ECO}Player"] == 23
    assert figures.individuals[f"{ECO}Filling"] == 23
    assert figures.individuals[f"{ECO}Position"] == 29
    assert figures.individuals[f"{ECO}Organisation"] == 43
    assert figures.individuals[f"{ECO}Side"] == 4
    assert figures.individuals[f"{ECO}Archetype"] == 5
    assert figures.individuals[f"{ECO}Counterparty"] == 5
    assert figures.individuals[f"{ECO}Table"] == 7  # the page's seven tables
    assert figures.individuals[f"{ECO}AnalysisQuestion"] == 4  # its four questions
    assert list(figures.individuals) == sorted(figures.individuals)
    assert all(cls.startswith(ECO) for cls in figures.individuals)


def test_players_per_side_follow_the_seed(figures: Stats) -> None:
    assert figures.players_per_side == [
        SideCount(f"{ECO}Buyers", "Buyers", 6),
        SideCount(f"{ECO}Providers", "Providers", 6),
        SideCount(f"{ECO}Infrastructure", "Infrastructure", 6),
        SideCount(f"{ECO}Boundary", "Boundary", 5),
    ]


def test_organisations_on_several_sides_follow_the_seed(figures: Stats) -> None:
    # Amazon, Google and Microsoft are in the hyperscaler AI team (Buyers) and, through AWS,
    # GCP (and Google TPU) and Azure, providers; Nvidia is a provider and, with its unit
    # Mellanox, in high-speed networking (Infrastructure). Meta (Meta AI) stays on one side.
    buyers, providers, infra = (f"{ECO}{s}" for s in ("Buyers", "Providers", "Infrastructure"))
    assert figures.multi_side_organisations == [
        MultiSideOrganisation(f"{AIC}org-amazon", "Amazon", [buyers, providers]),
        MultiSideOrganisation(f"{AIC}org-google", "Google", [buyers, providers]),
        MultiSideOrganisation(f"{AIC}org-microsoft", "Microsoft", [buyers, providers]),
        MultiSideOrganisation(f"{AIC}org-nvidia", "Nvidia", [providers, infra]),
    ]


def test_triples_and_classes_match_rdflib(figures: Stats, bundled_graph: Graph) -> None:
    assert figures.triples == len(bundled_graph)
    assert figures.classes == len(set(bundled_graph.objects(None, RDF.type)))


def test_every_target_gives_the_same_figures(
    figures: Stats, bundled_graph: Graph, tmp_path: Path
) -> None:
    assert compute(targets.GraphTarget(bundled_graph)) == figures
    with EmbeddedStore(tmp_path / "kg") as store:
        store.replace_graph(bundled_graph)
        assert compute(store) == figures
    reader = ReadOnlyStore(tmp_path / "kg")
    try:
        assert compute(reader) == figures
    finally:
        reader.close()


SMALL = """\
@prefix eco: <https://w3id.org/ecoonto/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
eco:Buyers a eco:Side ; eco:order 1 ; rdfs:label "Buyers"@en .
eco:Providers a eco:Side ; eco:order 2 ; rdfs:label "Providers"@en .
eco:Boundary a eco:Side ; eco:order 4 ; rdfs:label "Boundary"@en .
ex:buy a eco:Position ; eco:onSide eco:Buyers .
ex:sell a eco:Position ; eco:onSide eco:Providers .
ex:p1 a eco:Player . ex:p2 a eco:Player .
ex:f1 a eco:Filling ; eco:byPlayer ex:p1 ; eco:ofPosition ex:buy .
ex:f2 a eco:Filling ; eco:byPlayer ex:p1 ; eco:ofPosition ex:sell .
ex:f3 a eco:Filling ; eco:byPlayer ex:p2 ; eco:ofPosition ex:sell .
ex:parent a eco:Organisation ; rdfs:label "Parent"@en .
ex:unit a eco:Organisation ; eco:subOrganisationOf ex:parent ; eco:exemplifies ex:p2 .
ex:direct a eco:Organisation ; eco:exemplifies ex:p1 .
ex:parent eco:exemplifies ex:p1 .
ex:single a eco:Organisation ; eco:exemplifies ex:p2 .
"""


def test_small_graph_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    figures = compute(targets.OxigraphMemoryTarget([path]))
    assert figures.triples == len(Graph().parse(path))
    assert figures.classes == 5  # Side, Position, Player, Filling, Organisation
    assert figures.individuals == {
        f"{ECO}Filling": 3,
        f"{ECO}Organisation": 4,
        f"{ECO}Player": 2,
        f"{ECO}Position": 2,
        f"{ECO}Side": 3,
    }
    # p1 fills a position on each of two sides; p2 one; no one on the boundary.
    assert [(s.label, s.players) for s in figures.players_per_side] == [
        ("Buyers", 1),
        ("Providers", 2),
        ("Boundary", 0),
    ]
    # ex:direct exemplifies p1 (two sides): it wears two hats, and so does ex:parent (p1
    # directly, p2 through its unit). ex:unit and ex:single exemplify p2 only (one side).
    assert [(o.organisation, o.sides) for o in figures.multi_side_organisations] == [
        ("https://example.org/direct", [f"{ECO}Buyers", f"{ECO}Providers"]),
        ("https://example.org/parent", [f"{ECO}Buyers", f"{ECO}Providers"]),
    ]
    assert compute(targets.GraphTarget.from_files([path])) == figures


def test_empty_graph() -> None:
    figures = compute(targets.GraphTarget(Graph()))
    assert figures == Stats(0, 0, {}, [], [])
    assert "organisations on several sides (0)" in render_table(figures)


def test_table_uses_prefixed_names_and_labels(figures: Stats) -> None:
    text = render_table(figures)
    lines = text.splitlines()
    assert lines[0] == f"triples      {figures.triples}"
    assert any(line.split() == ["eco:Player", "23"] for line in lines)
    assert any(line.split() == ["Boundary", "5"] for line in lines)
    assert "  Nvidia     Providers, Infrastructure" in lines


def test_json_has_full_iris(figures: Stats) -> None:
    doc = figures.as_json()
    assert doc["individuals"][f"{ECO}Player"] == 23
    assert doc["players_per_side"][0] == {"side": f"{ECO}Buyers", "label": "Buyers", "players": 6}
    assert doc["multi_side_organisations"][3]["organisation"] == f"{AIC}org-nvidia"
    assert resources.NS == ECO
