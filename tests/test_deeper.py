"""The AI compute graph one level deeper (issue 16): products and technologies, claims,
relationships between players, cell items, editorial statements, and the queries only they answer.

Expected values are typed by hand from the page (tests/data/page/) and the modelling choices in
docs/modelling.md; the queries' expected rows are in tests/data/deeper/.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ecoonto import targets
from ecoonto.products.render import compact_iri
from ecoonto.targets import querying as queries
from tests.pagedata import Page

ECO = Namespace("https://w3id.org/ecoonto/")
AIC = Namespace("https://w3id.org/ecoonto/data/ai-compute/")
DATA = Path(__file__).resolve().parent / "data" / "deeper"

# artefact -> (class, label, makers (organisation slugs), positions offering it, positions using it)
ARTEFACTS: dict[str, tuple[str, str, set[str], set[str], set[str]]] = {
    "product-ai-gpu": (
        "Product",
        "AI GPU",
        {"nvidia", "amd"},
        {"nvidia", "amd"},
        {
            "frontier-ai-lab",
            "enterprise-ml-team",
            "ai-startup",
            "hyperscaler-ai-cloud",
            "specialised-ai-cloud",
        },
    ),
    "product-a100": ("Product", "A100", {"nvidia"}, set(), set()),
    "product-h100": (
        "Product",
        "H100",
        {"nvidia"},
        {"nvidia"},
        {"hyperscaler-ai-team", "liquid-cooling"},
    ),
    "product-h200": ("Product", "H200", {"nvidia"}, set(), set()),
    "product-b200": ("Product", "B200", {"nvidia"}, {"nvidia"}, {"liquid-cooling"}),
    "product-tpu": ("Product", "TPU", {"google"}, {"google-tpu"}, {"hyperscaler-ai-team"}),
    "product-tpu-v5": ("Product", "TPU v5", {"google"}, {"google-tpu"}, set()),
    "product-hbm": (
        "Product",
        "HBM",
        {"sk-hynix", "micron", "samsung"},
        {"hbm-memory-supplier"},
        set(),
    ),
    "product-h100-hbm": ("Product", "H100 HBM", set(), {"hbm-memory-supplier"}, set()),
    "technology-cuda": ("Technology", "CUDA", {"nvidia"}, {"nvidia"}, set()),
    "technology-rocm": ("Technology", "ROCm", {"amd"}, {"amd"}, set()),
    "technology-nvlink": ("Technology", "NVLink", {"nvidia"}, {"nvidia"}, set()),
    "technology-infiniband": ("Technology", "InfiniBand", set(), {"high-speed-networking"}, set()),
    "technology-roce": ("Technology", "RoCE", set(), {"high-speed-networking"}, set()),
    "technology-tensorflow-jax": (
        "Technology",
        "TensorFlow/JAX",
        {"google"},
        {"google-tpu"},
        set(),
    ),
    "technology-transformer": ("Technology", "Transformer workloads", set(), set(), {"google-tpu"}),
    "technology-liquid-cooling": (
        "Technology",
        "Direct liquid cooling",
        set(),
        {"liquid-cooling"},
        set(),
    ),
    "technology-air-cooling": ("Technology", "Air cooling", set(), set(), set()),
}

# claim -> (kind, subjects, objects)
CLAIMS = {
    "nvlink-intra-node": ("Dominates", {"technology-nvlink"}, set()),
    "infiniband-inter-node": ("Dominates", {"technology-infiniband"}, set()),
    "roce-lower-cost": ("LowerCostAlternative", {"technology-roce"}, {"technology-infiniband"}),
    "sk-hynix-h100-hbm": ("DominantShare", {"org-sk-hynix"}, {"product-h100-hbm"}),
    "hbm-co-constraint": ("Constrains", {"product-hbm"}, {"product-ai-gpu"}),
    "cuda-lock-in": ("LockIn", {"technology-cuda"}, set()),
    "nvidia-architecture-leadership": (
        "Leadership",
        {"org-nvidia"},
        {"product-h100", "product-b200"},
    ),
    "nvidia-gpu-moat": ("LockIn", {"org-nvidia"}, {"product-ai-gpu"}),
    "us-bis-export-control": (
        "Restricts",
        {"org-us-bis"},
        {"product-a100", "product-h100", "product-h200", "product-b200"},
    ),
    "tpu-v5-cost-per-token": ("CompetesOn", {"product-tpu-v5"}, set()),
    "amd-cuda-parity": ("CompetesOn", {"org-amd"}, {"technology-cuda"}),
    "specialised-cloud-cheaper": (
        "CompetesOn",
        {"player-specialised-ai-cloud"},
        {"player-hyperscaler-ai-cloud"},
    ),
    "liquid-only-path": (
        "OnlyPath",
        {"technology-liquid-cooling"},
        {"product-h100", "product-b200"},
    ),
    "air-cooling-limit": ("Constrains", {"technology-air-cooling"}, set()),
}

# (kind, from, to) of every relationship the page states
RELATIONS = {
    ("BuysFrom", "player-hyperscaler-ai-team", "player-nvidia"),  # twice: two statements
    ("BuysFrom", "player-enterprise-ml-team", "player-hyperscaler-ai-cloud"),
    ("Supplies", "player-hbm-memory-supplier", "player-nvidia"),
    ("Supplies", "player-grid-power-provider", "player-data-centre-reit"),
    ("CompetesWith", "player-specialised-ai-cloud", "player-hyperscaler-ai-cloud"),
    ("CompetesWith", "player-amd", "player-nvidia"),
    ("Regulates", "player-us-bis", "player-nvidia"),
    ("Regulates", "player-us-bis", "player-amd"),
    ("Reviews", "player-competition-authority", "player-nvidia"),
    ("Reviews", "player-competition-authority", "player-hyperscaler-ai-cloud"),
    ("Reviews", "player-competition-authority", "player-hyperscaler-ai-team"),
    ("Regulates", "player-national-energy-regulator", "player-data-centre-reit"),
    ("Regulates", "player-national-energy-regulator", "player-grid-power-provider"),
    ("Regulates", "player-eu-ai-act-authority", "player-frontier-ai-lab"),
    ("Feeds", "industry-ai-data", "industry"),
}

# matrix position -> (what humans keep, what AI takes), as the direction cell splits them
DIRECTIONS = {
    "gpu-cluster-operator": (
        ["Human for novel failure modes and capacity planning decisions"],
        [],
    ),
    "mlops-training-infrastructure-engineer": (
        ["Human focus shifts to architecture and cost model"],
        ["AI handles run-time"],
    ),
    "data-centre-power-engineer": (
        ["residual is emergency response and novel load profiles"],
        [],
    ),
    "ai-procurement-specialist": (
        ["Human for strategic vendor relationships"],
        ["AI for commodity GPU spot buys"],
    ),
    "ml-researcher": (
        ["Human irreplaceable for hypothesis formation"],
        ["AI runs the experiments"],
    ),
    "ai-compute-policy-analyst": (
        ["Human for regulatory strategy"],
        ["AI for monitoring and reporting"],
    ),
}

CELL_PROPERTIES = (
    ECO.asymmetryToClose,
    ECO.competesOn,
    ECO.disruptionVector,
    ECO.repeatPlayerAdvantage,
    ECO.directionText,
)


@pytest.fixture(scope="module")
def g(bundled_graph: Graph) -> Graph:
    return bundled_graph


@pytest.fixture(scope="module")
def target() -> targets.OxigraphMemoryTarget:
    return targets.OxigraphMemoryTarget.bundled()


def _labels(g: Graph, node: Any) -> list[str]:
    return [str(o) for o in g.objects(node, RDFS.label)]


def _slugs(nodes: Any, prefix: str) -> set[str]:
    return {str(n).removeprefix(str(AIC) + prefix) for n in nodes}


# ---------------------------------------------------------------- products and technologies


def test_artefacts_their_makers_and_positions(g: Graph) -> None:
    found = {str(a).removeprefix(str(AIC)) for a in g.subjects(RDF.type, ECO.Product)}
    found |= {str(a).removeprefix(str(AIC)) for a in g.subjects(RDF.type, ECO.Technology)}
    assert found == set(ARTEFACTS)
    for slug, (cls, label, makers, offered, used) in ARTEFACTS.items():
        a = AIC[slug]
        assert (a, RDF.type, ECO[cls]) in g, slug
        assert _labels(g, a) == [label]
        assert (a, ECO.inIndustry, AIC.industry) in g
        assert _slugs(g.objects(a, ECO.madeBy), "org-") == makers, slug
        assert _slugs(g.subjects(ECO.offersArtefact, a), "position-") == offered, slug
        assert _slugs(g.subjects(ECO.usesArtefact, a), "position-") == used, slug
    broader = {
        (str(s).removeprefix(str(AIC)), str(o).removeprefix(str(AIC)))
        for s, o in g.subject_objects(ECO.broaderArtefact)
    }
    assert broader == {
        ("product-a100", "product-ai-gpu"),
        ("product-h100", "product-ai-gpu"),
        ("product-h200", "product-ai-gpu"),
        ("product-b200", "product-ai-gpu"),
        ("product-tpu-v5", "product-tpu"),
        ("product-h100-hbm", "product-hbm"),
    }
    components = {
        (str(s).removeprefix(str(AIC)), str(o).removeprefix(str(AIC)))
        for s, o in g.subject_objects(ECO.componentOf)
    }
    assert components == {
        ("product-hbm", "product-ai-gpu"),
        ("product-h100-hbm", "product-h100"),
    }


def test_every_artefact_is_named_in_the_page_text(g: Graph, page: Page) -> None:
    """Each artefact is named by a cell item, a position label, a player's name or a claim, and
    its label (or the word the page uses for it) occurs in the page's cells."""
    cells = "\n".join(cell for row in page.rows() for cell in row)
    spelled = {"product-ai-gpu": "AI GPU", "technology-liquid-cooling": "liquid"}
    for slug, (_, label, *_rest) in ARTEFACTS.items():
        assert spelled.get(slug, label) in cells, slug
        a = AIC[slug]
        named = (
            set(g.subjects(ECO.namesArtefact, a))
            | set(g.subjects(ECO.offersArtefact, a))
            | set(g.subjects(ECO.usesArtefact, a))
            | set(g.subjects(ECO.claimObject, a))
        )
        assert named, slug


# ---------------------------------------------------------------- claims and relationships


def _evidence_texts(g: Graph, node: Any) -> list[str]:
    texts = [str(o) for o in g.objects(node, RDFS.label)]
    texts += [str(o) for o in g.objects(node, ECO.verbatimText)]
    for p in CELL_PROPERTIES:
        texts += [str(o) for o in g.objects(node, p)]
    return texts


def test_claims(g: Graph) -> None:
    found = _slugs(g.subjects(RDF.type, ECO.Claim), "claim-")
    assert found == set(CLAIMS)
    for slug, (kind, subjects, objects) in CLAIMS.items():
        c = AIC[f"claim-{slug}"]
        assert list(g.objects(c, ECO.claimKind)) == [ECO[kind]], slug
        assert _slugs(g.objects(c, ECO.claimSubject), "") == subjects, slug
        assert _slugs(g.objects(c, ECO.claimObject), "") == objects, slug
    c = AIC["claim-sk-hynix-h100-hbm"]
    assert list(g.objects(c, ECO.shareText)) == [Literal("dominant share")]
    scopes = {
        "nvlink-intra-node": "intra-node",
        "infiniband-inter-node": "inter-node",
        "roce-lower-cost": "inter-node",
        "us-bis-export-control": "China and other entities",
        "tpu-v5-cost-per-token": "cost-per-token at scale",
    }
    for slug, scope in scopes.items():
        assert list(g.objects(AIC[f"claim-{slug}"], ECO.scopeText)) == [Literal(scope)]
    assert (AIC["claim-air-cooling-limit"], ECO.quantity, AIC["qty-air-cooling-limit"]) in g


@pytest.mark.parametrize("cls", [ECO.Claim, ECO.Relationship])
def test_claims_and_relationships_quote_the_text_they_are_stated_in(g: Graph, cls: URIRef) -> None:
    for node in g.subjects(RDF.type, cls):
        words = [str(o) for o in g.objects(node, ECO.verbatimText)]
        assert len(words) == 1, node
        stated = list(g.objects(node, ECO.statedIn))
        assert stated, node
        assert any(words[0] in text for s in stated for text in _evidence_texts(g, s)), node


def test_relationships(g: Graph) -> None:
    found = Counter(
        (
            str(g.value(r, ECO.relationKind)).removeprefix(str(ECO)),
            str(g.value(r, ECO.relationFrom)).removeprefix(str(AIC)),
            str(g.value(r, ECO.relationTo)).removeprefix(str(AIC)),
        )
        for r in g.subjects(RDF.type, ECO.Relationship)
    )
    assert set(found) == RELATIONS
    assert found[("BuysFrom", "player-hyperscaler-ai-team", "player-nvidia")] == 2
    assert sum(found.values()) == len(RELATIONS) + 1
    # across industries: the adjacent industry by IRI, none of its players invented
    assert (AIC["industry-ai-data"], ECO.feedsIndustry, AIC.industry) in g
    assert not list(g.subjects(ECO.inIndustry, AIC["industry-ai-data"]))


# ---------------------------------------------------------------- cells as items


def test_side_table_cells_split_into_their_items(g: Graph, page: Page) -> None:
    """Joined with '; ' and ' + ' in order, a filling's items give its third cell, which is the
    page's cell."""
    page_cells = {row[0]: row[2] for row in page.rows() if len(row) >= 3}
    fillings = list(g.subjects(RDF.type, ECO.Filling))
    assert len(fillings) == 23
    total = 0
    for f in fillings:
        cell = next(str(o) for p in CELL_PROPERTIES[:4] for o in g.objects(f, p))
        player = g.value(f, ECO.byPlayer)
        assert page_cells[str(g.value(player, ECO.nameAsWritten))] == cell
        items = sorted(g.objects(f, ECO.hasMention), key=lambda m: int(g.value(m, ECO.order)))
        texts = [_labels(g, m)[0] for m in items]
        assert re.fullmatch(r"(?:; | \+ )".join(re.escape(t) for t in texts), cell), (cell, texts)
        total += len(items)
    assert total == 45


def test_direction_cells_say_what_humans_keep_and_ai_takes(g: Graph) -> None:
    for slug, (keeps, takes) in DIRECTIONS.items():
        split = AIC[f"split-{slug}"]
        items = sorted(g.objects(split, ECO.hasMention), key=lambda m: int(g.value(m, ECO.order)))
        cell = str(g.value(split, ECO.directionText))
        assert "; ".join(_labels(g, m)[0] for m in items) == cell
        assert sorted(_labels(g, m)[0] for m in g.objects(split, ECO.humanKeeps)) == keeps
        assert sorted(_labels(g, m)[0] for m in g.objects(split, ECO.aiTakes)) == takes
    # "Fewer humans per MW" is neither what humans keep nor what AI takes: a headcount
    item = AIC["mention-split-data-centre-power-engineer-1"]
    assert _labels(g, item) == ["Fewer humans per MW"]
    assert not list(g.subjects(ECO.humanKeeps, item)) and not list(g.subjects(ECO.aiTakes, item))


# ---------------------------------------------------------------- editorial statements


def _annotated(g: Graph) -> set[tuple[Any, Any, Any]]:
    return {
        (
            g.value(a, OWL.annotatedSource),
            g.value(a, OWL.annotatedProperty),
            g.value(a, OWL.annotatedTarget),
        )
        for a in g.subjects(ECO.attribution, ECO.Editorial)
        if (a, RDF.type, OWL.Axiom) in g
    }


def test_editorial_statements_are_annotated_and_asserted(g: Graph) -> None:
    annotated = _annotated(g)
    assert len(annotated) == 6 + 6 + 5 + 2 + 1
    for triple in annotated:
        assert triple in g, triple  # the annotation marks a statement the module makes
    parents = {(s, o) for s, p, o in annotated if p == ECO.subOrganisationOf}
    assert parents == set(g.subject_objects(ECO.subOrganisationOf))  # none is the page's
    matrix = {s for s, p, _ in annotated if p == ECO.onSide}
    assert matrix == {AIC[f"position-{slug}"] for slug in DIRECTIONS}
    archetypes = {(s, o) for s, p, o in annotated if p == ECO.editorialArchetype}
    assert archetypes == set(g.subject_objects(ECO.editorialArchetype))
    assert {s for s, p, _ in annotated if p == ECO.madeBy} == {
        AIC["product-a100"],
        AIC["product-h200"],
    }
    editorial_resources = set(g.subjects(ECO.attribution, ECO.Editorial)) - {
        a for a in g.subjects(RDF.type, OWL.Axiom)
    }
    readings = {
        "enterprise-buys-from-hyperscaler-cloud",
        "hbm-supplies-nvidia",
        "grid-supplies-data-centres",
        "amd-competes-with-nvidia",
        "us-bis-regulates-amd",
        "competition-authority-reviews-hyperscaler-team",
        "energy-regulator-regulates-grid",
        "eu-ai-act-regulates-frontier-labs",
    }
    assert editorial_resources == set(g.subjects(RDF.type, ECO.Theme)) | {AIC["org-meta"]} | {
        AIC[f"relation-{r}"] for r in readings
    }
    for r in readings:  # each says why
        assert len(list(g.objects(AIC[f"relation-{r}"], ECO.editorialNote))) == 1
    # what RoCE is the alternative to is the editors' reading of the sentence's order
    assert (
        AIC["claim-roce-lower-cost"],
        ECO.claimObject,
        AIC["technology-infiniband"],
    ) in annotated


def test_side_counterparties_are_told_apart_from_the_mapping(g: Graph) -> None:
    """The core entails a counterparty from a player's sides as eco:sideCounterparty, a
    sub-property of eco:asCounterparty, so that a query can keep the page's mapping apart."""
    assert (ECO.sideCounterparty, RDFS.subPropertyOf, ECO.asCounterparty) in g
    restricted = {
        g.value(r, OWL.onProperty)
        for r in g.objects(ECO.BoundarySidePlayer, RDFS.subClassOf)
        if (r, RDF.type, OWL.Restriction) in g
    }
    assert restricted == {ECO.sideCounterparty}


# ---------------------------------------------------------------- the queries


def _expected(name: str) -> tuple[list[str], list[tuple[str, ...]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], [tuple(r) for r in rows[1:]]


def _rows(
    target: Any, name: str, columns: list[str], params: dict[str, str] | None = None
) -> list[tuple[str, ...]]:
    result = queries.run(queries.resolve(name).text(), target, params)
    index = [result.variables.index(c) for c in columns]
    return [
        tuple(
            ""
            if row[i] is None
            else compact_iri(str(row[i]))
            if isinstance(row[i], URIRef)
            else str(row[i])
            for i in index
        )
        for row in result.rows
    ]


@pytest.mark.parametrize(
    ("product", "expected"),
    [
        ("product-tpu-v5", "export-restriction-impact-tpu-v5.tsv"),
        ("product-h100", "export-restriction-impact-h100.tsv"),
    ],
)
def test_export_restriction_impact(target: Any, product: str, expected: str) -> None:
    columns, rows = _expected(expected)
    got = _rows(target, "export-restriction-impact", columns, {"product": f"<{AIC[product]}>"})
    assert got == rows


def test_export_restriction_impact_follows_the_data(target: Any, tmp_path: Path) -> None:
    """A new position that uses TPU v5 is affected as soon as the graph says so."""
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix eco: <https://w3id.org/ecoonto/> .\n"
        "@prefix aic: <https://w3id.org/ecoonto/data/ai-compute/> .\n"
        "aic:position-new a eco:Position ; eco:usesArtefact aic:product-tpu-v5 .\n",
        encoding="utf-8",
    )
    more = targets.OxigraphMemoryTarget.bundled(extra=[extra])
    columns, rows = _expected("export-restriction-impact-tpu-v5.tsv")
    got = _rows(
        more, "export-restriction-impact", columns, {"product": f"<{AIC['product-tpu-v5']}>"}
    )
    new = ("aic:product-tpu-v5", "no", "uses it", "aic:position-new", "")
    assert got == [*rows[:2], new, rows[2]]


def test_single_points_of_supply(target: Any) -> None:
    columns, rows = _expected("single-points-of-supply.tsv")
    assert _rows(target, "single-points-of-supply", columns) == rows


def test_dominance_claims_by_organisation(target: Any) -> None:
    columns, rows = _expected("dominance-claims-by-organisation.tsv")
    assert _rows(target, "dominance-claims-by-organisation", columns) == rows


@pytest.mark.parametrize("theme", ["cost", "strategy"])
def test_cell_items_by_theme(target: Any, theme: str) -> None:
    columns, rows = _expected(f"cell-items-{theme}.tsv")
    got = _rows(target, "cell-items-by-theme", columns, {"theme": f"<{AIC[f'theme-{theme}']}>"})
    assert got == rows


def test_editorial_statements(target: Any) -> None:
    columns, rows = _expected("editorial-statements.tsv")
    got = Counter(_rows(target, "editorial-statements", ["property", "why"]))
    assert sorted((p, w, str(n)) for (p, w), n in got.items()) == rows
    # nothing the page states is listed: no table cell and no filling's side or player
    listed = {r[0] for r in _rows(target, "editorial-statements", ["property"])}
    assert not listed & {"eco:byPlayer", "eco:ofPosition", "eco:exemplifies", "eco:competesOn"}
