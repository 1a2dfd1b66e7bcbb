"""The AI compute data module against the seed page.

Every expected value here is typed by hand from the page (docs/source-page.md), not computed from
the data: counts, labels, cells, links and theme tags. The table cells are in
tests/data/page/tables.tsv (the ``page`` fixture).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from tests.pagedata import Page

ECO = Namespace("https://w3id.org/ecoonto/")
AIC = Namespace("https://w3id.org/ecoonto/data/ai-compute/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
XSD_DOUBLE = URIRef("http://www.w3.org/2001/XMLSchema#double")
NS = {"eco": ECO, "aic": AIC, "rdfs": RDFS, "owl": OWL}

SIDE = {"Buyers": ECO.Buyers, "Providers": ECO.Providers}
SIDE.update({"Infrastructure": ECO.Infrastructure, "Boundary": ECO.Boundary})

PLAYERS = {
    "Buyers": {
        "frontier-ai-lab": "Frontier AI lab",
        "hyperscaler-ai-team": "Hyperscaler AI team",
        "enterprise-ml-team": "Enterprise ML team",
        "ai-startup": "AI startup / vertical model builder",
        "research-institution": "Research institution / university lab",
        "inference-api-consumer": "Inference API consumer",
    },
    "Providers": {
        "nvidia": "Nvidia",
        "amd": "AMD",
        "google-tpu": "Google (TPU)",
        "hyperscaler-ai-cloud": "Hyperscaler AI cloud",
        "specialised-ai-cloud": "Specialised AI cloud",
        "custom-asic": "Custom ASIC / neuromorphic",
    },
    "Infrastructure": {
        "data-centre-reit": "Data centre REIT / colocation",
        "grid-power-provider": "Grid-scale power provider / utility",
        "hbm-memory-supplier": "HBM / DRAM memory supplier",
        "high-speed-networking": "High-speed networking",
        "liquid-cooling": "Liquid cooling systems",
        "mlops-platform": "MLOps platform",
    },
    "Boundary": {
        "us-bis": "US BIS",
        "national-energy-regulator": "National energy regulator",
        "competition-authority": "Competition authority",
        "eu-ai-act-authority": "EU AI Act authority",
        "national-ai-strategy-bodies": "National AI strategy bodies",
    },
}

# Table local name -> its column headers, typed from the page.
HEADERS = {
    "table-counterparties": ["Counterparty (canonical)", "AI-compute-industry expression"],
    "table-buyer-side": [
        "Player (WHO)",
        "Position filled — what they buy",
        "Asymmetry they need closed",
        "Archetype",
    ],
    "table-provider-side": [
        "Player (WHO)",
        "Position filled — what they provide",
        "Where they compete",
        "Archetype",
    ],
    "table-infrastructure-side": [
        "Player (WHO)",
        "Position filled — what they provide",
        "Disruption vector",
        "Archetype",
    ],
    "table-boundary-side": [
        "Player (WHO)",
        "Position filled — function held",
        "Repeat-player advantage",
    ],
    "table-positions-matrix": ["Position", "Human today", "AI today", "Direction (3–5 years)"],
    "table-archetype-asymmetries": [
        "Archetype",
        "What they bring",
        "Where they win in AI compute",
    ],
}
ROW_COUNTS = {
    "table-counterparties": 5,
    "table-buyer-side": 6,
    "table-provider-side": 6,
    "table-infrastructure-side": 6,
    "table-boundary-side": 5,
    "table-positions-matrix": 6,
    "table-archetype-asymmetries": 5,
}

# SPARQL that gives (order, cells...) for the rows of each kind of table.
SIDE_ROWS = """
SELECT ?order ?c1 ?c2 ?c3 ?c4 WHERE {
  ?row eco:inTable ?table ; eco:order ?order ; eco:byPlayer ?p ; eco:ofPosition ?pos ;
       ?attr ?c3 .
  FILTER (?attr IN (eco:asymmetryToClose, eco:competesOn, eco:disruptionVector,
                    eco:repeatPlayerAdvantage))
  ?p eco:nameAsWritten ?c1 . ?pos rdfs:label ?c2 .
  OPTIONAL {
    ?p eco:primaryArchetype/rdfs:label ?a1 .
    OPTIONAL { ?p eco:secondaryArchetype/rdfs:label ?a2 }
  }
  BIND (IF(BOUND(?a2), CONCAT(STR(?a1), " / ", STR(?a2)), STR(?a1)) AS ?c4)
} ORDER BY ?order
"""
COUNTERPARTY_ROWS = """
SELECT ?order ?c1 ?c2 WHERE {
  ?row eco:inTable ?table ; eco:order ?order ; eco:expressesCounterparty/rdfs:label ?c1 ;
       eco:verbatimText ?c2 .
} ORDER BY ?order
"""
MATRIX_ROWS = """
SELECT ?order ?c1 ?c2 ?c3 ?c4 WHERE {
  ?row eco:inTable ?table ; eco:order ?order ; rdfs:label ?c1 ; eco:hasSplit ?s .
  ?s eco:humanToday ?c2 ; eco:aiToday ?c3 ; eco:directionText ?c4 .
} ORDER BY ?order
"""
ARCHETYPE_ROWS = """
SELECT ?order ?c1 ?c2 ?c3 WHERE {
  ?row eco:inTable ?table ; eco:order ?order ; eco:expressesArchetype/rdfs:label ?c1 ;
       eco:whatTheyBring ?c2 ; eco:whereTheyWin ?c3 .
} ORDER BY ?order
"""
ROW_QUERY = {
    "table-counterparties": COUNTERPARTY_ROWS,
    "table-buyer-side": SIDE_ROWS,
    "table-provider-side": SIDE_ROWS,
    "table-infrastructure-side": SIDE_ROWS,
    "table-boundary-side": SIDE_ROWS,
    "table-positions-matrix": MATRIX_ROWS,
    "table-archetype-asymmetries": ARCHETYPE_ROWS,
}


@pytest.fixture(scope="module")
def g(bundled_graph):  # type: ignore[no-untyped-def]
    return bundled_graph


def in_module(node: object) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(AIC))


def individuals(g, cls: URIRef) -> set[URIRef]:  # type: ignore[no-untyped-def]
    return {s for s in g.subjects(RDF.type, cls) if in_module(s)}


def one_label(g, node: URIRef) -> str:  # type: ignore[no-untyped-def]
    labels = list(g.objects(node, RDFS.label))
    assert len(labels) == 1, (node, labels)
    return str(labels[0])


def table_rows(g, table: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    result = g.query(ROW_QUERY[table], initNs=NS, initBindings={"table": AIC[table]})
    rows = []
    for r in result:
        cells = [str(c) for c in list(r)[1:] if c is not None]
        rows.append(cells)
    return rows


# ---------------------------------------------------------------- counts


def test_players_by_side(g) -> None:  # type: ignore[no-untyped-def]
    q = """
    SELECT ?side (COUNT(DISTINCT ?p) AS ?n) WHERE {
      ?p a eco:Player ; eco:inIndustry aic:industry .
      ?p ^eco:byPlayer/eco:ofPosition/eco:onSide ?side .
    } GROUP BY ?side
    """
    counts = {row.side: int(row.n) for row in g.query(q, initNs=NS)}
    assert counts == {ECO.Buyers: 6, ECO.Providers: 6, ECO.Infrastructure: 6, ECO.Boundary: 5}
    assert len(individuals(g, ECO.Player)) == 23


@pytest.mark.parametrize("side", list(PLAYERS))
def test_player_iris_labels_and_sides(g, side: str) -> None:  # type: ignore[no-untyped-def]
    for slug, label in PLAYERS[side].items():
        player = AIC[f"player-{slug}"]
        assert one_label(g, player) == label
        assert (player, RDFS.label, Literal(label, lang="en")) in g
        filling = AIC[f"filling-{slug}"]
        position = AIC[f"position-{slug}"]
        assert (filling, ECO.byPlayer, player) in g
        assert (filling, ECO.ofPosition, position) in g
        assert list(g.objects(position, ECO.onSide)) == [SIDE[side]]


def test_position_filling_and_other_counts(g) -> None:  # type: ignore[no-untyped-def]
    assert len(individuals(g, ECO.Position)) == 29
    assert len(individuals(g, ECO.Filling)) == 23
    assert len(individuals(g, ECO.Organisation)) == 43
    assert len(individuals(g, ECO.AnalysisQuestion)) == 4
    assert len(individuals(g, ECO.CounterpartyExpression)) == 5
    assert len(individuals(g, ECO.SideExpression)) == 4
    assert len(individuals(g, ECO.ArchetypeExpression)) == 5
    assert len(individuals(g, ECO.ArchetypeExample)) == 15
    assert len(individuals(g, ECO.HumanAISplit)) == 6
    # 11 themes, and 6 that tag the items of the side-table and matrix cells (cost, allocation,
    # lock-in, strategy, exceptions, routine work)
    assert len(individuals(g, ECO.Theme)) == 11 + 6
    assert len(individuals(g, ECO.QuantityValue)) == 13
    assert len(individuals(g, ECO.SourceSection)) == 11
    assert len(individuals(g, ECO.Table)) == 7
    # mentions: sides 4+3+4+4, counterparties 4+4+6+4+4, archetypes 4+6+5+5+5; the items of the
    # side tables' third cells (buyers 2 each; providers 2+2+3+3+2+2; infrastructure
    # 2+2+2+3+2+1; boundary 1+1+2+1+2) and of the matrix's direction cells (1+2+2+2+2+2)
    assert len(individuals(g, ECO.Mention)) == 15 + 22 + 25 + (12 + 14 + 12 + 7) + 11


# ---------------------------------------------------------------- tables against the seed


@pytest.mark.parametrize("table", list(HEADERS))
def test_table_headers(g, table: str, page: Page) -> None:  # type: ignore[no-untyped-def]
    t = AIC[table]
    assert (t, RDF.type, ECO.Table) in g
    cols = sorted(g.objects(t, ECO.hasColumn), key=lambda c: int(g.value(c, ECO.order)))
    assert [one_label(g, c) for c in cols] == HEADERS[table]
    for c in cols:
        assert g.value(c, RDFS.label).language == "en"
    assert page.tables[table][0] == HEADERS[table]


@pytest.mark.parametrize("table", list(HEADERS))
def test_table_rows_equal_the_page_cell_for_cell(  # type: ignore[no-untyped-def]
    g, table: str, page: Page
) -> None:
    rows = table_rows(g, table)
    assert len(rows) == ROW_COUNTS[table]
    for cells in rows:
        assert len(cells) == len(HEADERS[table]), cells
    # The rows, in eco:order, are the page's rows in page order, cell for cell.
    assert rows == page.tables[table][1:]


def test_sections_follow_the_page_headings(g, page: Page) -> None:  # type: ignore[no-untyped-def]
    q = "SELECT ?o ?l WHERE { ?s a eco:SourceSection ; eco:order ?o ; rdfs:label ?l } ORDER BY ?o"
    labels = [str(row.l) for row in g.query(q, initNs=NS)]
    # The page gives the counterparty table no heading of its own (the module names its section
    # "Counterparty mapping"), and its "Context" heading has no content before "Questions".
    assert [x for x in labels if x != "Counterparty mapping"] == [
        h for h in page.headings if h != "Context"
    ]
    assert labels.index("Counterparty mapping") == labels.index("The Ecosystem") + 1


def test_row_orders_are_1_to_n(g) -> None:  # type: ignore[no-untyped-def]
    for table, n in ROW_COUNTS.items():
        orders = sorted(int(g.value(r, ECO.order)) for r in g.subjects(ECO.inTable, AIC[table]))
        assert orders == list(range(1, n + 1)), table


def test_hand_split_cells(g) -> None:  # type: ignore[no-untyped-def]
    """A few rows whose cells are easy to split wrongly, typed cell by cell."""
    rows = table_rows(g, "table-infrastructure-side")
    assert rows[3] == [
        "High-speed networking (InfiniBand / RoCE: Mellanox/Nvidia, Arista)",
        "Low-latency GPU-to-GPU interconnect across nodes",
        "NVLink dominates intra-node; InfiniBand dominates inter-node; RoCE as a lower-cost "
        "alternative",
        "Engineer",
    ]
    rows = table_rows(g, "table-buyer-side")
    assert rows[0] == [
        "Frontier AI lab (OpenAI, Anthropic, DeepMind, Meta AI)",
        "Massive training clusters — 10k–100k+ GPU runs",
        "Allocation access vs competitor; power and cooling at scale",
        "Dreamer / Engineer",
    ]
    rows = table_rows(g, "table-provider-side")
    assert rows[0][2] == (
        "Architecture leadership (H100 → B200) + CUDA lock-in is the deepest moat in AI"
    )
    assert rows[5][3] == "Engineer / Dreamer"
    rows = table_rows(g, "table-boundary-side")
    assert rows[3] == [
        "EU AI Act authority",
        "High-risk AI system compliance + foundation-model transparency and compute-threshold "
        "obligations",
        "Compute-use reporting obligations at >10^25 FLOPs training run threshold",
    ]
    rows = table_rows(g, "table-positions-matrix")
    assert rows[4] == [
        "ML researcher (scaling experiments)",
        "Human hypothesis + experimental design",
        "AI runs parameter sweeps + surfaces anomalies",
        "Human irreplaceable for hypothesis formation; AI runs the experiments",
    ]
    rows = table_rows(g, "table-counterparties")
    assert rows[4][0] == "Regulators"
    rows = table_rows(g, "table-archetype-asymmetries")
    assert [r[0] for r in rows] == ["Dreamer", "Engineer", "Realist", "Coach", "Philosopher"]


def test_name_as_written(g) -> None:  # type: ignore[no-untyped-def]
    expected = {
        "frontier-ai-lab": "Frontier AI lab (OpenAI, Anthropic, DeepMind, Meta AI)",
        "inference-api-consumer": "Inference API consumer (product company)",
        "mlops-platform": "MLOps platform (Weights & Biases, Ray, Determined AI)",
        "national-ai-strategy-bodies": (
            "National AI strategy bodies (NIST AI RMF, UK DSIT, Singapore MAS)"
        ),
        "google-tpu": "Google (TPU)",
    }
    for slug, name in expected.items():
        assert list(g.objects(AIC[f"player-{slug}"], ECO.nameAsWritten)) == [Literal(name)]


# ---------------------------------------------------------------- archetypes


def test_archetypes_as_the_page_gives_them(g) -> None:  # type: ignore[no-untyped-def]
    expected = {
        "frontier-ai-lab": ["Dreamer", "Engineer"],
        "hyperscaler-ai-team": ["Engineer"],
        "enterprise-ml-team": ["Realist"],
        "ai-startup": ["Dreamer"],
        "research-institution": ["Philosopher"],
        "inference-api-consumer": ["Engineer"],
        "nvidia": ["Engineer"],
        "amd": ["Engineer"],
        "google-tpu": ["Engineer"],
        "hyperscaler-ai-cloud": ["Realist"],
        "specialised-ai-cloud": ["Engineer"],
        "custom-asic": ["Engineer", "Dreamer"],
        "data-centre-reit": ["Realist"],
        "grid-power-provider": ["Realist"],
        "hbm-memory-supplier": ["Engineer"],
        "high-speed-networking": ["Engineer"],
        "liquid-cooling": ["Engineer"],
        "mlops-platform": ["Engineer"],
    }
    for slug, archetypes in expected.items():
        p = AIC[f"player-{slug}"]
        assert list(g.objects(p, ECO.primaryArchetype)) == [ECO[archetypes[0]]], slug
        second = [ECO[archetypes[1]]] if len(archetypes) == 2 else []
        assert list(g.objects(p, ECO.secondaryArchetype)) == second, slug
        # the superproperty is stated too, for SPARQL without reasoning
        assert set(g.objects(p, ECO.hasArchetype)) == {ECO[a] for a in archetypes}, slug
        assert not list(g.objects(p, ECO.editorialArchetype)), slug


def test_boundary_archetypes_are_editorial(g) -> None:  # type: ignore[no-untyped-def]
    expected = {
        "us-bis": "Realist",
        "national-energy-regulator": "Realist",
        "competition-authority": "Realist",
        "eu-ai-act-authority": "Engineer",
        "national-ai-strategy-bodies": "Coach",
    }
    for slug, archetype in expected.items():
        p = AIC[f"player-{slug}"]
        assert list(g.objects(p, ECO.editorialArchetype)) == [ECO[archetype]]
        for prop in (ECO.hasArchetype, ECO.primaryArchetype, ECO.secondaryArchetype):
            assert not list(g.objects(p, prop)), (slug, prop)
        comments = list(g.objects(p, RDFS.comment))
        assert comments and all(c.language == "en" for c in comments)
        assert any("editorial" in c.lower() for c in comments)


def test_archetype_examples(g) -> None:  # type: ignore[no-untyped-def]
    first_words = {
        "dreamer": ["The frontier lab founder", "The startup building", "The DePIN protocol"],
        "realist": ["The hyperscaler CFO", "The enterprise ML lead", "The procurement team"],
        "engineer": ["The GPU cluster network", "The MLOps lead", "The ASIC architect"],
        "coach": ["The ML platform lead", "The AI education creator", "The community builder"],
        "philosopher": ["The researcher asking", "The energy researcher", "The ethicist"],
    }
    for archetype, starts in first_words.items():
        e = AIC[f"archetype-{archetype}"]
        examples = sorted(g.objects(e, ECO.hasExample), key=lambda x: int(g.value(x, ECO.order)))
        assert len(examples) == 3
        for n, (x, start) in enumerate(zip(examples, starts, strict=True), 1):
            assert x == AIC[f"archetype-{archetype}-example-{n}"]
            assert str(g.value(x, ECO.verbatimText)).startswith(start)
    assert str(g.value(AIC["archetype-realist-example-2"], ECO.verbatimText)) == (
        'The enterprise ML lead who says "we can fine-tune on 8 GPUs — we don\'t need the cluster."'
    )
    assert (AIC["archetype-realist-example-3"], ECO.concernsPlayer, AIC["player-us-bis"]) in g
    assert (AIC["archetype-philosopher-example-2"], ECO.aboutTheme, AIC["theme-energy"]) in g
    assert (AIC["archetype-philosopher-example-3"], ECO.aboutTheme, AIC["theme-governance"]) in g


def test_archetype_mentions(g) -> None:  # type: ignore[no-untyped-def]
    counts = {"dreamer": 4, "engineer": 6, "realist": 5, "coach": 5, "philosopher": 5}
    for archetype, n in counts.items():
        assert len(list(g.objects(AIC[f"archetype-{archetype}"], ECO.hasMention))) == n
    m = AIC["mention-archetype-engineer-4"]
    assert one_label(g, m) == "Nvidia's CUDA moat"
    assert (m, ECO.identifiesPlayer, AIC["player-nvidia"]) in g
    assert (m, ECO.namesOrganisation, AIC["org-nvidia"]) in g
    m = AIC["mention-archetype-engineer-6"]
    assert (m, ECO.identifiesPlayer, AIC["player-google-tpu"]) in g
    assert (
        AIC["mention-archetype-dreamer-2"],
        ECO.identifiesPlayer,
        AIC["player-custom-asic"],
    ) in g
    m = AIC["mention-archetype-coach-4"]
    assert (m, ECO.identifiesPlayer, AIC["player-mlops-platform"]) in g
    m = AIC["mention-archetype-coach-5"]
    assert (m, ECO.namesOrganisation, AIC["org-hugging-face"]) in g
    m = AIC["mention-archetype-philosopher-5"]
    assert (m, ECO.concernsPlayer, AIC["player-us-bis"]) in g


def test_principles(g) -> None:  # type: ignore[no-untyped-def]
    p = AIC["principle-all-archetypes"]
    assert list(g.objects(p, ECO.verbatimText)) == [
        Literal("A healthy AI compute community has all five archetypes present.")
    ]
    assert set(g.objects(p, ECO.requiresArchetype)) == {
        ECO.Dreamer,
        ECO.Realist,
        ECO.Engineer,
        ECO.Coach,
        ECO.Philosopher,
    }
    p = AIC["principle-philosopher-present"]
    assert str(g.value(p, ECO.verbatimText)).startswith("When the Dreamer and Engineer dominate")
    assert list(g.objects(p, ECO.requiresArchetype)) == [ECO.Philosopher]


# ---------------------------------------------------------------- organisations


def test_organisations_and_their_players(g) -> None:  # type: ignore[no-untyped-def]
    exemplifies = {
        "frontier-ai-lab": ["openai", "anthropic", "deepmind", "meta-ai"],
        "hyperscaler-ai-team": ["google", "microsoft", "amazon"],
        "nvidia": ["nvidia"],
        "amd": ["amd"],
        "google-tpu": ["google"],
        "hyperscaler-ai-cloud": ["aws", "azure", "gcp"],
        "specialised-ai-cloud": ["coreweave", "lambda", "together-ai"],
        "custom-asic": ["cerebras", "groq", "tenstorrent"],
        "data-centre-reit": ["equinix", "digital-realty"],
        "hbm-memory-supplier": ["sk-hynix", "micron", "samsung"],
        "high-speed-networking": ["mellanox", "nvidia", "arista"],
        "liquid-cooling": ["vertiv", "schneider-electric"],
        "mlops-platform": ["weights-and-biases", "ray", "determined-ai"],
        "us-bis": ["us-bis"],
        "national-energy-regulator": ["ferc", "ofgem", "entso-e"],
        "competition-authority": ["doj", "ec", "ftc"],
        "national-ai-strategy-bodies": ["nist", "uk-dsit", "singapore-mas"],
    }
    for side in PLAYERS.values():
        for slug in side:
            orgs = {AIC[f"org-{o}"] for o in exemplifies.get(slug, [])}
            assert set(g.subjects(ECO.exemplifies, AIC[f"player-{slug}"])) == orgs, slug
    # one organisation, one IRI, hats on two sides
    assert len(list(g.objects(AIC["org-google"], ECO.exemplifies))) == 2
    assert len(list(g.objects(AIC["org-nvidia"], ECO.exemplifies))) == 2
    for o in ("meta", "tsmc", "hugging-face"):
        assert (AIC[f"org-{o}"], RDF.type, ECO.Organisation) in g
        assert not list(g.objects(AIC[f"org-{o}"], ECO.exemplifies))


def test_organisation_labels_and_parents(g) -> None:  # type: ignore[no-untyped-def]
    labels = {
        "weights-and-biases": "Weights & Biases",
        "entso-e": "ENTSO-E",
        "nist": "NIST",
        "meta": "Meta",
        "meta-ai": "Meta AI",
        "sk-hynix": "SK Hynix",
        "uk-dsit": "UK DSIT",
        "tsmc": "TSMC",
        "hugging-face": "Hugging Face",
    }
    for slug, label in labels.items():
        assert one_label(g, AIC[f"org-{slug}"]) == label
    assert any("European ENTSO-E" in c for c in g.objects(AIC["org-entso-e"], RDFS.comment))
    assert any("AI RMF" in c for c in g.objects(AIC["org-nist"], RDFS.comment))
    parents = {
        "aws": "amazon",
        "azure": "microsoft",
        "gcp": "google",
        "deepmind": "google",
        "meta-ai": "meta",
        "mellanox": "nvidia",
    }
    found = {
        (s.removeprefix(str(AIC)), o.removeprefix(str(AIC)))
        for s, o in g.subject_objects(ECO.subOrganisationOf)
        if in_module(s)
    }
    assert found == {(f"org-{c}", f"org-{p}") for c, p in parents.items()}


# ---------------------------------------------------------------- counterparties and sides


def mention_links(g, m: URIRef) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, set[str]] = {}
    for prop in ("identifiesPlayer", "concernsPlayer", "identifiesPosition", "namesOrganisation"):
        values = {str(o).removeprefix(str(AIC)) for o in g.objects(m, ECO[prop])}
        if values:
            out[prop] = values
    return out


COUNTERPARTY_MENTIONS = {
    "customers": [
        ("AI labs training foundation models", {"identifiesPlayer": {"player-frontier-ai-lab"}}),
        (
            "enterprise ML teams fine-tuning and running inference",
            {"identifiesPlayer": {"player-enterprise-ml-team"}},
        ),
        ("researchers running experiments", {"identifiesPlayer": {"player-research-institution"}}),
        ("inference-API consumers", {"identifiesPlayer": {"player-inference-api-consumer"}}),
    ],
    "suppliers": [
        (
            "GPU/TPU/ASIC designers (Nvidia, AMD, Google TPU)",
            {
                "identifiesPlayer": {
                    "player-nvidia",
                    "player-amd",
                    "player-google-tpu",
                    "player-custom-asic",
                },
                "namesOrganisation": {"org-nvidia", "org-amd", "org-google"},
            },
        ),
        ("fab capacity (TSMC)", {"namesOrganisation": {"org-tsmc"}}),
        (
            "DRAM/HBM makers (SK Hynix, Micron)",
            {
                "identifiesPlayer": {"player-hbm-memory-supplier"},
                "namesOrganisation": {"org-sk-hynix", "org-micron"},
            },
        ),
        ("liquid cooling providers", {"identifiesPlayer": {"player-liquid-cooling"}}),
    ],
    "employees": [
        ("GPU cluster engineers", {"identifiesPosition": {"position-gpu-cluster-operator"}}),
        (
            "AI infrastructure specialists",
            {"identifiesPosition": {"position-mlops-training-infrastructure-engineer"}},
        ),
        (
            "MLOps engineers",
            {"identifiesPosition": {"position-mlops-training-infrastructure-engineer"}},
        ),
        ("data centre operators", {"concernsPlayer": {"player-data-centre-reit"}}),
        (
            "power/cooling engineers",
            {"identifiesPosition": {"position-data-centre-power-engineer"}},
        ),
        (
            "procurement specialists",
            {"identifiesPosition": {"position-ai-procurement-specialist"}},
        ),
    ],
    "owners": [
        (
            "Hyperscaler shareholders",
            {"concernsPlayer": {"player-hyperscaler-ai-team", "player-hyperscaler-ai-cloud"}},
        ),
        ("AI cloud VC investors", {"concernsPlayer": {"player-specialised-ai-cloud"}}),
        (
            "sovereign wealth funds investing in data centre real estate",
            {"concernsPlayer": {"player-data-centre-reit"}},
        ),
        ("colocation REIT holders", {"concernsPlayer": {"player-data-centre-reit"}}),
    ],
    "regulators": [
        (
            "US BIS (GPU export controls)",
            {"identifiesPlayer": {"player-us-bis"}, "namesOrganisation": {"org-us-bis"}},
        ),
        (
            "energy regulators (data centre power draw + carbon)",
            {"identifiesPlayer": {"player-national-energy-regulator"}},
        ),
        (
            "competition authorities reviewing AI infrastructure concentration",
            {"identifiesPlayer": {"player-competition-authority"}},
        ),
        ("EU AI Act compliance bodies", {"identifiesPlayer": {"player-eu-ai-act-authority"}}),
    ],
}


@pytest.mark.parametrize("cp", list(COUNTERPARTY_MENTIONS))
def test_counterparty_mentions(g, cp: str) -> None:  # type: ignore[no-untyped-def]
    e = AIC[f"counterparty-{cp}"]
    assert list(g.objects(e, ECO.expressesCounterparty)) == [ECO[cp.capitalize()]]
    mentions = sorted(g.objects(e, ECO.hasMention), key=lambda m: int(g.value(m, ECO.order)))
    expected = COUNTERPARTY_MENTIONS[cp]
    assert len(mentions) == len(expected)
    for n, (m, (label, links)) in enumerate(zip(mentions, expected, strict=True), 1):
        assert m == AIC[f"mention-counterparty-{cp}-{n}"]
        assert one_label(g, m) == label
        assert mention_links(g, m) == links, label
    # the items, in order, rebuild the cell
    assert ", ".join(label for label, _ in expected) == str(g.value(e, ECO.verbatimText))


def test_side_expressions(g) -> None:  # type: ignore[no-untyped-def]
    expected = {
        "buyers": (
            ECO.Buyers,
            "what they buy",
            "The buyers of AI compute. The value-generators the industry exists to serve. "
            "Player = the WHO. Position filled = what they buy.",
            ["AI labs", "enterprises", "researchers", "inference-API consumers"],
        ),
        "providers": (
            ECO.Providers,
            "what they provide",
            "The organisations that supply AI compute. Player = the WHO. Position filled = what "
            "they provide.",
            ["GPU/TPU/ASIC makers", "cloud hyperscalers", "specialised AI cloud operators"],
        ),
        "infrastructure": (
            ECO.Infrastructure,
            "what they provide",
            "The physical and digital layer AI compute runs on. Player = the WHO. Position "
            "filled = what they provide.",
            ["data centres", "power grids", "networking fabric", "cooling systems"],
        ),
        "boundary": (
            ECO.Boundary,
            "function held",
            "Sets the rules the other three sides operate inside. Player = the WHO. Position "
            "filled = function held in the system.",
            [
                "export control authorities",
                "energy regulators",
                "competition commissions",
                "AI governance bodies",
            ],
        ),
    }
    for n, (slug, (side, meaning, intro, items)) in enumerate(expected.items(), 1):
        e = AIC[f"side-{slug}"]
        assert list(g.objects(e, ECO.expressesSide)) == [side]
        assert list(g.objects(e, ECO.positionMeaning)) == [Literal(meaning)]
        assert list(g.objects(e, ECO.tableIntro)) == [Literal(intro)]
        assert int(g.value(e, ECO.order)) == n
        mentions = sorted(g.objects(e, ECO.hasMention), key=lambda m: int(g.value(m, ECO.order)))
        assert [one_label(g, m) for m in mentions] == items
    assert str(g.value(AIC["side-buyers"], ECO.description)) == (
        "AI labs, enterprises, researchers, and inference-API consumers that purchase compute "
        "to train models or run applications"
    )


# ---------------------------------------------------------------- positions matrix


def test_matrix_positions(g) -> None:  # type: ignore[no-untyped-def]
    expected = {
        "gpu-cluster-operator": ("GPU cluster operator", ECO.Providers),
        "mlops-training-infrastructure-engineer": (
            "MLOps / training infrastructure engineer",
            ECO.Infrastructure,
        ),
        "data-centre-power-engineer": ("Data centre power engineer", ECO.Infrastructure),
        "ai-procurement-specialist": ("AI procurement specialist", ECO.Buyers),
        "ml-researcher": ("ML researcher (scaling experiments)", ECO.Buyers),
        "ai-compute-policy-analyst": ("AI compute policy analyst", ECO.Boundary),
    }
    for slug, (label, side) in expected.items():
        pos = AIC[f"position-{slug}"]
        assert one_label(g, pos) == label
        assert list(g.objects(pos, ECO.onSide)) == [side]
        assert any("editorial" in c.lower() for c in g.objects(pos, RDFS.comment))
        assert not list(g.subjects(ECO.ofPosition, pos))
        split = AIC[f"split-{slug}"]
        assert list(g.objects(pos, ECO.hasSplit)) == [split]
        assert list(g.objects(split, ECO.trend)) == [ECO.TowardAI]
        assert list(g.objects(split, ECO.horizon)) == [AIC["qty-direction-horizon"]]
    h = AIC["qty-direction-horizon"]
    assert g.value(h, ECO.minValue).toPython() == Decimal(3)
    assert g.value(h, ECO.maxValue).toPython() == Decimal(5)
    assert g.value(h, ECO.unit) == UNIT.YR
    assert str(g.value(h, ECO.sourceText)) == "3–5 years"


def test_every_position_has_one_side(g) -> None:  # type: ignore[no-untyped-def]
    for pos in individuals(g, ECO.Position):
        assert len(list(g.objects(pos, ECO.onSide))) == 1, pos


# ---------------------------------------------------------------- themes


def test_theme_tags(g) -> None:  # type: ignore[no-untyped-def]
    expected = {
        "needs": {
            "frontier-ai-lab": {"compute", "training", "energy", "cooling"},
            "hyperscaler-ai-team": {"silicon", "inference"},
            "enterprise-ml-team": {"compute", "training", "inference"},
            "ai-startup": {"compute", "training", "inference"},
            "research-institution": {"compute", "training", "capital"},
            "inference-api-consumer": {"inference"},
            "national-ai-strategy-bodies": {"compute"},
        },
        "supplies": {
            "nvidia": {"silicon", "networking"},
            "amd": {"silicon"},
            "google-tpu": {"silicon"},
            "hyperscaler-ai-cloud": {"compute", "training", "inference"},
            "specialised-ai-cloud": {"compute", "training"},
            "custom-asic": {"silicon", "inference"},
            "data-centre-reit": {"energy", "cooling"},
            "grid-power-provider": {"energy"},
            "hbm-memory-supplier": {"memory", "silicon"},
            "high-speed-networking": {"networking"},
            "liquid-cooling": {"cooling"},
            "mlops-platform": {"training"},
        },
        "governs": {
            "us-bis": {"silicon"},
            "national-energy-regulator": {"energy"},
            "competition-authority": {"compute", "silicon"},
            "eu-ai-act-authority": {"training"},
            "national-ai-strategy-bodies": {"governance"},
        },
    }
    for prop, by_player in expected.items():
        found: dict[str, set[str]] = {}
        for f, t in g.subject_objects(ECO[prop]):
            if in_module(f):
                player = str(f).removeprefix(str(AIC) + "filling-")
                found.setdefault(player, set()).add(str(t).removeprefix(str(AIC) + "theme-"))
        assert found == by_player, prop
    for t in individuals(g, ECO.Theme):
        definitions = list(g.objects(t, SKOS.definition))
        assert len(definitions) == 1 and definitions[0].language == "en"


# ---------------------------------------------------------------- quantities


def test_quantities(g) -> None:  # type: ignore[no-untyped-def]
    q = AIC["qty-gpu-run-size"]
    assert (AIC["position-frontier-ai-lab"], ECO.quantity, q) in g
    assert g.value(q, ECO.minValue).toPython() == Decimal(10000)
    assert g.value(q, ECO.maxValue).toPython() == Decimal(100000)
    assert g.value(q, ECO.openUpperBound).toPython() is True
    assert g.value(q, ECO.unit) == AIC["unit-gpu"]
    q = AIC["qty-rack-power-density"]
    assert (AIC["filling-data-centre-reit"], ECO.quantity, q) in g
    assert g.value(q, ECO.unit) == AIC["unit-kilowatt-per-rack"]
    assert str(g.value(q, ECO.sourceText)) == "40–100 kW/rack"
    q = AIC["qty-compute-threshold"]
    v = g.value(q, ECO.minValue)
    assert v.datatype == XSD_DOUBLE and v.toPython() == 1e25
    assert g.value(q, ECO.unit) == AIC["unit-flop"]
    v = g.value(AIC["qty-scaling-compute"], ECO.numericValue)
    assert v.datatype == XSD_DOUBLE and v.toPython() == 1e28
    units = Counter(g.value(q, ECO.unit) for q in individuals(g, ECO.QuantityValue))
    assert units == {
        AIC["unit-gpu"]: 2,
        AIC["unit-kilowatt-per-rack"]: 2,
        AIC["unit-flop"]: 2,
        UNIT.PERCENT: 2,
        AIC["unit-node"]: 1,
        ECO.PersonCount: 1,
        AIC["unit-scenario"]: 1,
        ECO.TimesFactor: 1,
        UNIT.YR: 1,
    }
    for q in individuals(g, ECO.QuantityValue):
        assert list(g.objects(q, ECO.sourceText)) and list(g.objects(q, ECO.quantityKind))
        assert list(g.subjects(ECO.quantity, q)), q


# ---------------------------------------------------------------- statements and questions


def test_multi_hat_statement(g) -> None:  # type: ignore[no-untyped-def]
    mh = AIC["multi-hat-hyperscaler"]
    assert str(g.value(mh, ECO.verbatimText)) == (
        "A hyperscaler is simultaneously provider (selling cloud GPU instances), buyer "
        "(purchasing Nvidia H100s), and infrastructure operator (building and running the data "
        "centre). The position changes per transaction; the player remains."
    )
    hats = {
        "providers": (
            ECO.Providers,
            "selling cloud GPU instances",
            [AIC["player-hyperscaler-ai-cloud"]],
        ),
        "buyers": (ECO.Buyers, "purchasing Nvidia H100s", [AIC["player-hyperscaler-ai-team"]]),
        "infrastructure": (ECO.Infrastructure, "building and running the data centre", []),
    }
    assert len(list(g.objects(mh, ECO.hasHat))) == 3
    for side_slug, (side, text, seen) in hats.items():
        h = AIC[f"multi-hat-hyperscaler-{side_slug}"]
        assert (mh, ECO.hasHat, h) in g
        assert list(g.objects(h, ECO.onSide)) == [side]
        assert list(g.objects(h, ECO.verbatimText)) == [Literal(text)]
        assert list(g.objects(h, ECO.seenInPlayer)) == seen
    assert (AIC["multi-hat-hyperscaler-buyers"], ECO.namesOrganisation, AIC["org-nvidia"]) in g


def test_questions(g) -> None:  # type: ignore[no-untyped-def]
    expected = [
        ("q1-invisible-counterparty", "Which counterparty's perspective is most invisible"),
        ("q2-energy-binding-constraint", "If energy becomes the binding constraint"),
        ("q3-inference-cost-collapse", "When inference cost falls to near-zero"),
        ("q4-boundary-archetype-gap", "Which archetype is underrepresented"),
    ]
    for n, (name, start) in enumerate(expected, 1):
        q = AIC[f"question-{n}"]
        assert list(g.objects(q, ECO.queryName)) == [Literal(name)]
        assert str(g.value(q, ECO.verbatimText)).startswith(start)
        assert int(g.value(q, ECO.order)) == n
    assert set(g.objects(AIC["question-1"], ECO.asksAbout)) == {
        ECO.Customers,
        ECO.Suppliers,
        ECO.Employees,
        ECO.Owners,
        ECO.Regulators,
    }
    assert set(g.objects(AIC["question-4"], ECO.asksAbout)) == {
        ECO.Boundary,
        ECO.Dreamer,
        ECO.Realist,
        ECO.Engineer,
        ECO.Coach,
        ECO.Philosopher,
    }
    themes = {
        2: {"energy", "silicon"},
        3: {"inference", "training", "data"},
        4: {"governance"},
    }
    for n, names in themes.items():
        found = set(g.objects(AIC[f"question-{n}"], ECO.aboutTheme))
        assert found == {AIC[f"theme-{t}"] for t in names}


def test_industry_and_source(g) -> None:  # type: ignore[no-untyped-def]
    ind = AIC["industry"]
    assert one_label(g, ind) == "AI compute industry"
    assert list(g.objects(ind, ECO.guidingQuestion)) == [
        Literal(
            "Who participates in the AI compute community — and what positions does each "
            "player fill?"
        )
    ]
    assert list(g.objects(ind, ECO.doctrinalAnchor)) == [
        Literal("Ecosystem — every industry has a community of participants.")
    ]
    assert len(list(g.objects(ind, ECO.verbatimText))) == 2
    assert list(g.objects(ind, ECO.adjacentIndustry)) == [AIC["industry-ai-data"]]
    src = AIC["source"]
    assert one_label(g, src) == "AI Compute Industry Players"
    assert list(g.objects(src, ECO.sourceFile)) == [Literal("seeds/000_cc9426dcba6a1d1f.txt")]
    headings = {
        "buyer-side": "Buyer side — players",
        "archetypes": "The Five Archetypes Across the Community",
        "positions-matrix": "Positions Matrix — Human vs AI Split",
        "archetype-asymmetries": "Archetype Asymmetries — Industry Level",
        "questions": "Questions",
    }
    for slug, heading in headings.items():
        sec = AIC[f"section-{slug}"]
        assert one_label(g, sec) == heading
        assert (sec, ECO.sectionOf, src) in g


# ---------------------------------------------------------------- general rules


def test_every_individual_has_one_english_label_and_a_section(g) -> None:  # type: ignore[no-untyped-def]
    nodes = individuals(g, OWL.NamedIndividual)
    assert len(nodes) > 200
    for node in nodes:
        labels = list(g.objects(node, RDFS.label))
        assert len(labels) == 1 and labels[0].language == "en", node
        assert list(g.objects(node, ECO.fromSection)), node


def test_subjects_in_the_module_are_named_individuals(g) -> None:  # type: ignore[no-untyped-def]
    for s in {s for s in g.subjects() if in_module(s)}:
        assert (s, RDF.type, OWL.NamedIndividual) in g, s


def test_industry_bound_individuals_are_in_the_industry(g) -> None:  # type: ignore[no-untyped-def]
    classes = [
        ECO.Player,
        ECO.Position,
        ECO.Organisation,
        ECO.Filling,
        ECO.SideExpression,
        ECO.CounterpartyExpression,
        ECO.ArchetypeExpression,
        ECO.AnalysisQuestion,
        ECO.Principle,
        ECO.MultiHatStatement,
    ]
    for cls in classes:
        for node in individuals(g, cls):
            assert (node, ECO.inIndustry, AIC["industry"]) in g, node


def test_literals_other_than_labels_have_no_language(g) -> None:  # type: ignore[no-untyped-def]
    english = {RDFS.label, RDFS.comment, SKOS.definition, ECO.editorialNote}  # prose, in English
    for s, p, o in g:
        if not in_module(s) or not isinstance(o, Literal):
            continue
        if p in english:
            assert o.language == "en", (s, p, o)
        else:
            assert o.language is None, (s, p, o)
