"""Reasoning with real HermiT and Pellet (Java) and owlrl; the OWL 2 DL profile check.

Expectations on the bundled graph are derived by hand from the seed page: the players of each
side table, the organisations named in more than one side table, the positions of the positions
matrix (all moving toward AI) and the counterparty mapping. In CI Java is always present, so a
missing Java fails these tests unless ECOONTO_ALLOW_NO_JAVA=1.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

from ecoonto import resources
from ecoonto.checking.reasoning import (
    JAVA_FIX,
    ReasonerName,
    Reasoning,
    java_available,
    parse_pellet_explanation,
    reason,
)
from ecoonto.errors import InputError, ReasonerUnavailableError
from ecoonto.rdf import graphs

ECO = Namespace("https://w3id.org/ecoonto/")
AIC = Namespace("https://w3id.org/ecoonto/data/ai-compute/")
TST = Namespace("https://w3id.org/ecoonto/data/test/")
DATA = Path(__file__).parent / "data" / "reasoning"
JAVA_REASONERS: list[ReasonerName] = ["hermit", "pellet"]
ALL_REASONERS: list[ReasonerName] = ["hermit", "pellet", "owlrl"]

# The side tables of the seed page, by player slug.
BUYERS = [
    "frontier-ai-lab",
    "hyperscaler-ai-team",
    "enterprise-ml-team",
    "ai-startup",
    "research-institution",
    "inference-api-consumer",
]
PROVIDERS = [
    "nvidia",
    "amd",
    "google-tpu",
    "hyperscaler-ai-cloud",
    "specialised-ai-cloud",
    "custom-asic",
]
INFRASTRUCTURE = [
    "data-centre-reit",
    "grid-power-provider",
    "hbm-memory-supplier",
    "high-speed-networking",
    "liquid-cooling",
    "mlops-platform",
]
BOUNDARY = [
    "us-bis",
    "national-energy-regulator",
    "competition-authority",
    "eu-ai-act-authority",
    "national-ai-strategy-bodies",
]
# The positions matrix: every row's split moves toward AI.
MATRIX_POSITIONS = [
    "gpu-cluster-operator",
    "ml-researcher",
    "ai-procurement-specialist",
    "data-centre-power-engineer",
    "ai-compute-policy-analyst",
    "mlops-training-infrastructure-engineer",
]
SIDE_CLASSES = {
    "Buyers": (ECO.BuyerSidePlayer, ECO.BuyerSideOrganisation, ECO.Customers, BUYERS),
    "Providers": (ECO.ProviderSidePlayer, ECO.ProviderSideOrganisation, ECO.Suppliers, PROVIDERS),
    "Infrastructure": (
        ECO.InfrastructureSidePlayer,
        ECO.InfrastructureSideOrganisation,
        ECO.Suppliers,
        INFRASTRUCTURE,
    ),
    "Boundary": (ECO.BoundarySidePlayer, ECO.BoundarySideOrganisation, ECO.Regulators, BOUNDARY),
}
SIDE_ORGANISATION_CLASSES = {v[1] for v in SIDE_CLASSES.values()}


def players(slugs: list[str]) -> set[str]:
    return {str(AIC[f"player-{slug}"]) for slug in slugs}


@pytest.fixture(scope="session")
def java() -> None:
    """HermiT and Pellet need Java: its absence is a failure, unless explicitly allowed."""
    if java_available():
        return
    if os.environ.get("ECOONTO_ALLOW_NO_JAVA") == "1":
        pytest.skip("no Java runtime (ECOONTO_ALLOW_NO_JAVA=1)")
    pytest.fail(f"no Java runtime for HermiT/Pellet: {JAVA_FIX} (or set ECOONTO_ALLOW_NO_JAVA=1)")


def _load(*paths: Path) -> Graph:
    return graphs.load([resources.core_ontology(), *paths])


_CACHE: dict[tuple[str, str], Reasoning] = {}


@pytest.fixture(scope="session")
def reasoned(bundled_graph: Graph) -> Callable[[str, ReasonerName], Reasoning]:
    """Reason once per (input, reasoner) for the whole session."""
    inputs: dict[str, Callable[[], Graph]] = {
        "core": lambda: _load(),
        "bundled": lambda: bundled_graph,
        "consistent": lambda: _load(DATA / "consistent.ttl"),
        "inconsistent": lambda: _load(DATA / "inconsistent.ttl"),
    }

    def run(name: str, reasoner: ReasonerName) -> Reasoning:
        key = (name, reasoner)
        if key not in _CACHE:
            _CACHE[key] = reason(inputs[name](), reasoner)
        return _CACHE[key]

    return run


Reasoned = Callable[[str, ReasonerName], Reasoning]


# --------------------------------------------------------------------------------------------
# Consistency


@pytest.mark.reasoner
@pytest.mark.parametrize("reasoner", JAVA_REASONERS)
@pytest.mark.parametrize("name", ["core", "bundled"])
def test_core_and_bundled_graph_are_consistent(
    java: None, reasoned: Reasoned, name: str, reasoner: ReasonerName
) -> None:
    outcome = reasoned(name, reasoner)
    assert outcome.consistent, outcome.explanation
    assert outcome.unsatisfiable == frozenset()
    assert outcome.explanation == []
    assert outcome.elapsed > 0


def test_owlrl_finds_the_bundled_graph_consistent(reasoned: Reasoned) -> None:
    outcome = reasoned("bundled", "owlrl")
    assert outcome.consistent, outcome.explanation
    assert outcome.unsatisfiable == frozenset()


def test_reasoning_leaves_the_input_graph_unchanged() -> None:
    g = _load(DATA / "consistent.ttl")
    before = set(g)
    reason(g, "owlrl")
    assert set(g) == before


# --------------------------------------------------------------------------------------------
# What the reasoner infers on the bundled graph


@pytest.mark.reasoner
@pytest.mark.parametrize("reasoner", JAVA_REASONERS)
def test_side_tables_give_side_players(
    java: None, reasoned: Reasoned, reasoner: ReasonerName
) -> None:
    outcome = reasoned("bundled", reasoner)
    for side, (player_class, _, _, slugs) in SIDE_CLASSES.items():
        assert outcome.members_of(str(player_class)) == players(slugs), side


@pytest.mark.reasoner
@pytest.mark.parametrize("reasoner", JAVA_REASONERS)
def test_organisations_wear_hats_on_several_sides(
    java: None, reasoned: Reasoned, reasoner: ReasonerName
) -> None:
    outcome = reasoned("bundled", reasoner)

    def sides_of(org: URIRef) -> set[URIRef]:
        return {c for i, c in outcome.memberships if i == org and c in SIDE_ORGANISATION_CLASSES}

    # Google exemplifies "Hyperscaler AI team" (buyers) and "Google (TPU)" (providers).
    assert sides_of(AIC["org-google"]) == {ECO.BuyerSideOrganisation, ECO.ProviderSideOrganisation}
    # Nvidia (providers) and Mellanox/Nvidia in high-speed networking (infrastructure).
    assert sides_of(AIC["org-nvidia"]) == {
        ECO.ProviderSideOrganisation,
        ECO.InfrastructureSideOrganisation,
    }
    assert outcome.values_of(str(AIC["org-google"]), str(ECO.organisationActsOnSide)) == {
        str(ECO.Buyers),
        str(ECO.Providers),
    }


@pytest.mark.reasoner
@pytest.mark.parametrize("reasoner", JAVA_REASONERS)
def test_matrix_positions_are_shifting_to_ai(
    java: None, reasoned: Reasoned, reasoner: ReasonerName, bundled_graph: Graph
) -> None:
    outcome = reasoned("bundled", reasoner)
    expected = {str(AIC[f"position-{slug}"]) for slug in MATRIX_POSITIONS}
    assert outcome.members_of(str(ECO.ShiftingToAIPosition)) == expected
    # ... and those are exactly the positions that carry a split.
    assert {str(p) for p in bundled_graph.subjects(ECO.hasSplit, None)} == expected


@pytest.mark.reasoner
@pytest.mark.parametrize("reasoner", JAVA_REASONERS)
def test_players_get_their_counterparty(
    java: None, reasoned: Reasoned, reasoner: ReasonerName
) -> None:
    outcome = reasoned("bundled", reasoner)
    prop = str(ECO.asCounterparty)
    assert outcome.values_of(str(AIC["player-us-bis"]), prop) == {str(ECO.Regulators)}
    assert outcome.values_of(str(AIC["player-frontier-ai-lab"]), prop) == {str(ECO.Customers)}
    assert outcome.values_of(str(AIC["player-grid-power-provider"]), prop) == {str(ECO.Suppliers)}
    for side, (_, _, counterparty, slugs) in SIDE_CLASSES.items():
        for player in players(slugs):
            assert outcome.values_of(player, prop) == {str(counterparty)}, (side, player)


@pytest.mark.reasoner
def test_mention_chain_alone_gives_counterparties(java: None, bundled_graph: Graph) -> None:
    """Without the side axioms (BuyerSidePlayer ⊑ asCounterparty value Customers, ...), the
    property chain over the counterparty mapping's mentions still names the counterparties of
    the players that mapping lists, and only those."""
    g = graphs.new_graph()
    side_axioms = {
        r
        for player_class, _, _, _ in SIDE_CLASSES.values()
        for r in bundled_graph.objects(player_class, RDFS.subClassOf)
        if isinstance(r, BNode)
    }
    for s, p, o in bundled_graph:
        if p == RDFS.subClassOf and o in side_axioms:
            continue
        g.add((s, p, o))
    assert len(side_axioms) >= 4  # one per side (core.ttl may state one twice)
    assert {
        c
        for c, r in g.subject_objects(RDFS.subClassOf)
        if (r, OWL.onProperty, ECO.asCounterparty) in g
    } == set()
    outcome = reason(g, "hermit")
    prop = str(ECO.asCounterparty)
    assert outcome.values_of(str(AIC["player-us-bis"]), prop) == {str(ECO.Regulators)}
    assert outcome.values_of(str(AIC["player-frontier-ai-lab"]), prop) == {str(ECO.Customers)}
    assert outcome.values_of(str(AIC["player-nvidia"]), prop) == {str(ECO.Suppliers)}
    # The grid power provider is on the infrastructure side but not in the suppliers list.
    assert outcome.values_of(str(AIC["player-grid-power-provider"]), prop) == set()


@pytest.mark.reasoner
def test_hermit_pellet_and_owlrl_agree_on_the_bundled_graph(java: None, reasoned: Reasoned) -> None:
    hermit = reasoned("bundled", "hermit")
    for other in ("pellet", "owlrl"):
        outcome = reasoned("bundled", other)  # type: ignore[arg-type]
        assert outcome.memberships == hermit.memberships, other
        assert outcome.property_assertions == hermit.property_assertions, other


@pytest.mark.reasoner
def test_inferred_graph_holds_exactly_the_inferences(java: None, reasoned: Reasoned) -> None:
    outcome = reasoned("bundled", "hermit")
    g = outcome.inferred_graph()
    assert len(g) == len(outcome.memberships) + len(outcome.property_assertions)
    assert (AIC["player-us-bis"], RDF.type, ECO.BoundarySidePlayer) in g
    assert (AIC["player-us-bis"], ECO.asCounterparty, ECO.Regulators) in g
    assert dict(g.namespaces())["aic"] == URIRef(str(AIC))


# --------------------------------------------------------------------------------------------
# The small consistent fixture: every inference derived by hand

FIXTURE_MEMBERSHIPS = {
    (TST["player-lab"], ECO.BuyerSidePlayer),
    (TST["player-cloud"], ECO.BuyerSidePlayer),
    (TST["player-cloud"], ECO.ProviderSidePlayer),
    (TST["player-grid"], ECO.InfrastructureSidePlayer),
    (TST["player-watchdog"], ECO.Player),  # range of eco:identifiesPlayer
    (TST["org-acme"], ECO.BuyerSideOrganisation),
    (TST["org-acme"], ECO.ProviderSideOrganisation),
    (TST["org-acme"], URIRef("http://www.w3.org/ns/org#Organization")),
    (TST["position-training"], ECO.ShiftingToAIPosition),  # its split trends toward AI
}
FIXTURE_ASSERTIONS = {
    # property chains
    (TST["player-lab"], ECO.actsOnSide, ECO.Buyers),
    (TST["player-cloud"], ECO.actsOnSide, ECO.Buyers),
    (TST["player-cloud"], ECO.actsOnSide, ECO.Providers),
    (TST["player-grid"], ECO.actsOnSide, ECO.Infrastructure),
    (TST["org-acme"], ECO.organisationActsOnSide, ECO.Buyers),
    (TST["org-acme"], ECO.organisationActsOnSide, ECO.Providers),
    (TST["player-watchdog"], ECO.asCounterparty, ECO.Regulators),
    # side axioms: the core entails the role by side (eco:sideCounterparty, kept apart from a
    # counterparty mapping of the source), and so eco:asCounterparty, its super-property
    (TST["player-lab"], ECO.sideCounterparty, ECO.Customers),
    (TST["player-cloud"], ECO.sideCounterparty, ECO.Customers),
    (TST["player-cloud"], ECO.sideCounterparty, ECO.Suppliers),
    (TST["player-grid"], ECO.sideCounterparty, ECO.Suppliers),
    (TST["player-lab"], ECO.asCounterparty, ECO.Customers),
    (TST["player-cloud"], ECO.asCounterparty, ECO.Customers),
    (TST["player-cloud"], ECO.asCounterparty, ECO.Suppliers),
    (TST["player-grid"], ECO.asCounterparty, ECO.Suppliers),
    # inverses
    (TST["player-lab"], ECO.fills, TST["filling-lab-training"]),
    (TST["player-cloud"], ECO.fills, TST["filling-cloud-training"]),
    (TST["player-cloud"], ECO.fills, TST["filling-cloud-gpu"]),
    (TST["player-grid"], ECO.fills, TST["filling-grid-power"]),
    (TST["position-training"], ECO.filledBy, TST["filling-lab-training"]),
    (TST["position-training"], ECO.filledBy, TST["filling-cloud-training"]),
    (TST["position-gpu-cloud"], ECO.filledBy, TST["filling-cloud-gpu"]),
    (TST["position-power"], ECO.filledBy, TST["filling-grid-power"]),
    (TST["player-lab"], ECO.exemplifiedBy, TST["org-acme"]),
    (TST["player-cloud"], ECO.exemplifiedBy, TST["org-acme"]),
    (TST["player-watchdog"], ECO.identifiedBy, TST["mention-counterparty-regulators-1"]),
    (TST["mention-counterparty-regulators-1"], ECO.mentionIn, TST["counterparty-regulators"]),
}


def _in_fixture(outcome: Reasoning) -> tuple[set[tuple[URIRef, URIRef]], set[tuple[object, ...]]]:
    memberships = {m for m in outcome.memberships if m[0].startswith(str(TST))}
    assertions = {t for t in outcome.property_assertions if t[0].startswith(str(TST))}
    return memberships, assertions


@pytest.mark.reasoner
@pytest.mark.parametrize("reasoner", JAVA_REASONERS)
def test_consistent_fixture_exact_inferences(
    java: None, reasoned: Reasoned, reasoner: ReasonerName
) -> None:
    outcome = reasoned("consistent", reasoner)
    assert outcome.consistent
    memberships, assertions = _in_fixture(outcome)
    assert memberships == FIXTURE_MEMBERSHIPS
    assert assertions == FIXTURE_ASSERTIONS
    # Outside the fixture, only what core itself entails: its named individuals are SKOS concepts.
    rest = outcome.memberships - FIXTURE_MEMBERSHIPS
    assert rest and {c for _, c in rest} == {URIRef("http://www.w3.org/2004/02/skos/core#Concept")}


def test_owlrl_derives_the_defined_classes_on_the_fixture(reasoned: Reasoned) -> None:
    """OWL 2 RL handles hasValue and someValuesFrom inside an intersectionOf equivalent class and
    the property chains: on the fixture owlrl misses nothing that HermiT finds."""
    outcome = reasoned("consistent", "owlrl")
    assert outcome.consistent
    memberships, assertions = _in_fixture(outcome)
    assert memberships == FIXTURE_MEMBERSHIPS
    assert assertions == FIXTURE_ASSERTIONS


# --------------------------------------------------------------------------------------------
# Inconsistency


@pytest.mark.reasoner
@pytest.mark.parametrize("reasoner", JAVA_REASONERS)
def test_position_on_two_sides_is_inconsistent(
    java: None, reasoned: Reasoned, reasoner: ReasonerName
) -> None:
    outcome = reasoned("inconsistent", reasoner)
    assert not outcome.consistent
    assert outcome.memberships == frozenset() and outcome.property_assertions == frozenset()
    name = "HermiT" if reasoner == "hermit" else "Pellet"
    assert outcome.explanation[0] in (
        f"{name}: Inconsistent ontology",
        f"{name}: Ontology is inconsistent",
    )
    # Pellet's explanation (given for HermiT too) names the axioms and the individual.
    assert "position-everywhere onSide Buyers" in outcome.explanation
    assert "position-everywhere onSide Providers" in outcome.explanation
    assert "Functional onSide" in outcome.explanation
    assert "DifferentIndividuals(Boundary Buyers Infrastructure Providers)" in outcome.explanation
    assert TST["position-everywhere"] in outcome.involved


def test_owlrl_finds_the_position_on_two_sides(reasoned: Reasoned) -> None:
    """The rule engine names the two sides it had to make the same and the position that made
    them so (eco:onSide is functional)."""
    outcome = reasoned("inconsistent", "owlrl")
    assert not outcome.consistent
    assert len(outcome.explanation) == 1
    line = outcome.explanation[0]
    assert line.startswith("OWL RL rules: eq-diff2/3: ")
    assert "(owl:AllDifferent)" in line
    assert f"<{TST['position-everywhere']}> has both as values of <{ECO.onSide}>" in line
    assert outcome.involved == {ECO.Buyers, ECO.Providers, TST["position-everywhere"]}


def test_owlrl_package_names_the_two_sides(reasoned: Reasoned) -> None:
    """The owlrl package (owlrl-py) names the two sides it had to make the same, not the
    position."""
    outcome = reasoned("inconsistent", "owlrl-py")
    assert not outcome.consistent
    assert len(outcome.explanation) == 1
    assert "'sameAs' and 'AllDifferent'" in outcome.explanation[0]
    assert outcome.involved == {ECO.Buyers, ECO.Providers}


DISJOINT = """
PREFIX eco: <https://w3id.org/ecoonto/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX tst: <https://w3id.org/ecoonto/data/test/>
tst:both a owl:NamedIndividual, eco:Player, eco:Organisation .
"""


@pytest.mark.reasoner
@pytest.mark.parametrize("reasoner", ALL_REASONERS)
def test_player_that_is_an_organisation_is_inconsistent(
    request: pytest.FixtureRequest, reasoner: ReasonerName
) -> None:
    if reasoner != "owlrl":
        request.getfixturevalue("java")
    g = _load()
    g.parse(data=DISJOINT, format="turtle")
    outcome = reason(g, reasoner)
    assert not outcome.consistent
    assert TST.both in outcome.involved, outcome.explanation


def test_parse_pellet_explanation_joins_multiline_axioms() -> None:
    text = (
        "Axiom: Thing subClassOf Nothing\n\nExplanation(s): \n"
        "1)   DifferentIndividuals(Boundary\n                          Buyers\n"
        "                          Providers)\n"
        "     p onSide Providers\n     Functional onSide\n\n \n"
    )
    assert parse_pellet_explanation(text) == [
        "DifferentIndividuals(Boundary Buyers Providers)",
        "p onSide Providers",
        "Functional onSide",
    ]
    assert parse_pellet_explanation("no explanation here") == []


# --------------------------------------------------------------------------------------------
# Without Java


def test_no_java_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no java on PATH
    assert not java_available()
    g = _load(DATA / "consistent.ttl")
    for reasoner in JAVA_REASONERS:
        with pytest.raises(ReasonerUnavailableError) as info:
            reason(g, reasoner)
        message = info.value.message
        assert "\n" not in message
        assert "apt-get install default-jre-headless" in message
        assert "--reasoner owlrl" in message
    assert reason(g, "owlrl").consistent  # the Java-free option still works


# --------------------------------------------------------------------------------------------
# OWL 2 DL profile (py-horned-owl)


def _horned_owl():  # type: ignore[no-untyped-def]
    try:
        import pyhornedowl
        import pyhornedowl.profile
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("py-horned-owl is not installed: it is a dev dependency")
        pytest.skip("py-horned-owl is not installed (pip install py-horned-owl)")
    return pyhornedowl


def dl_violations(graph: Graph, tmp_path: Path) -> list[tuple[str, str]]:
    """OWL 2 DL profile violations of ``graph`` as (kind, IRI) pairs.

    py-horned-owl reads RDF/XML. Its parser takes owl:versionIRI for an undeclared annotation
    property when the ontology header comes after it, so the file is written with pyoxigraph,
    header first and in a fixed order.
    """
    import pyoxigraph as ox

    horned = _horned_owl()

    def term(t: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(t, URIRef):
            return ox.NamedNode(str(t))
        if isinstance(t, BNode):
            return ox.BlankNode(str(t))
        assert isinstance(t, Literal)
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))

    headers = set(graph.subjects(RDF.type, OWL.Ontology))
    triples = sorted(
        (t for t in graph if t[1] != OWL.imports),
        key=lambda t: (t[0] not in headers, t[1] != RDF.type, str(t[0]), str(t[1]), str(t[2])),
    )
    path = tmp_path / "profile.owl"
    path.write_bytes(
        ox.serialize(
            [ox.Triple(term(s), term(p), term(o)) for s, p, o in triples],  # type: ignore[arg-type]
            format=ox.RdfFormat.RDF_XML,
        )
    )
    ontology = horned.open_ontology_from_file(str(path), "rdf")
    report = horned.profile.check_profile(ontology, "DL")
    return [
        (type(v).__name__, str(getattr(v, "iri", "") or getattr(v, "ope", "")))
        for v in report.violations
    ]


@pytest.mark.parametrize("name", ["core", "bundled"])
def test_owl2_dl_profile(name: str, bundled_graph: Graph, tmp_path: Path) -> None:
    g = _load() if name == "core" else bundled_graph
    assert dl_violations(g, tmp_path) == []


def test_dl_check_catches_violations(tmp_path: Path) -> None:
    """The check is not vacuous: a cardinality on a property chain's super-property, a
    functional chain property and an undeclared property are each reported."""
    g = _load()
    r = BNode()
    g.add((ECO.Player, RDFS.subClassOf, r))
    g.add((r, RDF.type, OWL.Restriction))
    g.add((r, OWL.onProperty, ECO.actsOnSide))
    g.add((r, OWL.maxCardinality, Literal(2)))
    g.add((ECO.asCounterparty, RDF.type, OWL.FunctionalProperty))
    g.add((AIC["player-nvidia"], ECO.madeUp, AIC["player-amd"]))
    kinds = {kind for kind, _ in dl_violations(g, tmp_path)}
    assert kinds == {
        "UseOfNonSimplePropertyInCardinalityRestriction",
        "UseOfNonSimplePropertyInFunctionalPropertyAxiom",
        "UseOfUndeclaredObjectProperty",
    }


# --------------------------------------------------------------------------------------------
# Hybrid mode: HermiT/Pellet on the TBox, OWL RL rules on the ABox

_HYBRID_INPUTS = [
    "core",
    "bundled",
    "consistent",
    "inconsistent",
    "inconsistent-disjoint",
    "unsatisfiable-class",
]
_RUNS: dict[tuple[str, str, str], Reasoning] = {}


@pytest.fixture(scope="session")
def generated_150(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    from ecoonto.authoring.generate import generate

    path = tmp_path_factory.mktemp("generated") / "industry-150.ttl"
    generate(150, path=path)
    return _load(path)


def _run(graph: Callable[[], Graph], key: tuple[str, str, str]) -> Reasoning:
    if key not in _RUNS:
        _RUNS[key] = reason(graph(), key[1], key[2])  # type: ignore[arg-type]
    return _RUNS[key]


@pytest.mark.reasoner
@pytest.mark.parametrize("reasoner", JAVA_REASONERS)
@pytest.mark.parametrize("name", [*_HYBRID_INPUTS, "generated-150"])
def test_hybrid_and_full_agree(
    java: None,
    bundled_graph: Graph,
    generated_150: Graph,
    name: str,
    reasoner: ReasonerName,
) -> None:
    inputs: dict[str, Callable[[], Graph]] = {
        "core": lambda: _load(),
        "bundled": lambda: bundled_graph,
        "generated-150": lambda: generated_150,
    }
    load = inputs.get(name, lambda: _load(DATA / f"{name}.ttl"))
    full = _run(load, (name, reasoner, "full"))
    hybrid = _run(load, (name, reasoner, "hybrid"))
    assert full.method == _display(reasoner)
    assert hybrid.method == f"{_display(reasoner)} on the TBox + OWL RL rules on the ABox"
    assert hybrid.consistent == full.consistent
    assert hybrid.unsatisfiable == full.unsatisfiable
    assert hybrid.memberships == full.memberships
    assert hybrid.property_assertions == full.property_assertions
    if name == "generated-150":
        assert len(hybrid.memberships) > 500 and len(hybrid.property_assertions) > 1000
    if name == "unsatisfiable-class":
        assert hybrid.unsatisfiable == {TST.PlayerOrganisation}
    if not full.consistent:
        # Both name the fixture's individual at fault; Pellet's explanation names more of the
        # core's sides (all four of the owl:AllDifferent) than the rules (the two made equal).
        def at_fault(outcome: Reasoning) -> set[URIRef]:
            return {i for i in outcome.involved if i.startswith(str(TST))}

        assert at_fault(full) and at_fault(hybrid) == at_fault(full)
        assert hybrid.involved <= full.involved
        assert hybrid.explanation[0].endswith("the OWL RL rules on the ABox:")


def _display(reasoner: str) -> str:
    return {"hermit": "HermiT", "pellet": "Pellet"}[reasoner]


# TBox additions the hybrid mode refuses before any reasoner runs, and what it says.
REFUSED = {
    "union superclass": (
        "eco:Theme rdfs:subClassOf [ owl:unionOf ( eco:Player eco:Position ) ] .",
        "owl:unionOf as a superclass (reasoning by cases)",
    ),
    "complement superclass": (
        "eco:Theme rdfs:subClassOf [ owl:complementOf eco:Player ] .",
        "owl:complementOf as a superclass (reasoning by cases)",
    ),
    "cardinality above 1": (
        "eco:Player rdfs:subClassOf [ a owl:Restriction ; owl:onProperty eco:fills ;"
        ' owl:maxCardinality "2"^^xsd:nonNegativeInteger ] .',
        "owl:maxCardinality 2 (above 1)",
    ),
    "existential on a transitive property": (
        "tst:near a owl:ObjectProperty , owl:TransitiveProperty ."
        " eco:Theme rdfs:subClassOf [ a owl:Restriction ; owl:onProperty tst:near ;"
        " owl:someValuesFrom eco:Theme ] .",
        "the existential restriction on tst:near of eco:Theme: it or a super-property of it is"
        " transitive",
    ),
    "existential on a property inside a chain": (
        "eco:Industry rdfs:subClassOf [ a owl:Restriction ; owl:onProperty eco:ofPosition ;"
        " owl:someValuesFrom eco:Position ] . eco:Position rdfs:subClassOf [ a owl:Restriction ;"
        " owl:onProperty eco:onSide ; owl:hasValue eco:Buyers ] .",
        "owl:hasValue on eco:onSide of a chain",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hybrid_refuses_before_running_java(case: str) -> None:
    axiom, said = REFUSED[case]
    g = _load()
    g.parse(
        data=f"""
        PREFIX eco: <https://w3id.org/ecoonto/>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        PREFIX tst: <https://w3id.org/ecoonto/data/test/>
        {axiom}
        """,
        format="turtle",
    )
    with pytest.raises(InputError) as info:
        reason(g, "hermit", "hybrid")
    message = info.value.message
    assert message.startswith("--mode hybrid cannot be used on this input: "), message
    assert said in message
    assert message.endswith("; use --mode full") and "\n" not in message


# Inputs whose ABox HermiT reasons about by cases: (file, what --mode hybrid says, a fact only
# reasoning by cases gives). A fifth side is one of the four enumerated sides (owl:oneOf), so in
# the side scheme; a venue is a position or a player (owl:unionOf superclass), both tst:Placed.
BY_CASES = [
    (
        "enumeration-by-cases.ttl",
        "tst:fifth-side is in an enumerated class (owl:oneOf)",
        (TST["fifth-side"], "http://www.w3.org/2004/02/skos/core#inScheme", ECO.SideScheme),
    ),
    (
        "union-superclass.ttl",
        "owl:unionOf as a superclass",
        (TST["venue-1"], str(RDF.type), TST.Placed),
    ),
]


@pytest.mark.reasoner
@pytest.mark.parametrize(("name", "refusal", "fact"), BY_CASES)
def test_hybrid_refuses_reasoning_by_cases_and_auto_falls_back(
    java: None, name: str, refusal: str, fact: tuple[URIRef, str, URIRef]
) -> None:
    g = _load(DATA / name)
    with pytest.raises(InputError) as info:
        reason(g, "hermit", "hybrid")
    assert refusal in info.value.message
    outcome = reason(g, "hermit", "auto", full_max_individuals=0)
    assert outcome.method == "HermiT"
    assert outcome.notes and outcome.notes[0].startswith("hybrid mode not applicable (")
    subject, prop, value = fact
    if prop == str(RDF.type):
        assert (subject, value) in outcome.memberships
    else:
        assert str(value) in outcome.values_of(str(subject), prop)
    rules_only = reason(g, "owlrl")  # the OWL RL rules alone do not find it
    assert rules_only.consistent
    assert (subject, value) not in rules_only.memberships
    assert str(value) not in rules_only.values_of(str(subject), prop)


@pytest.mark.reasoner
def test_auto_runs_hybrid_above_the_threshold(java: None) -> None:
    g = _load(DATA / "consistent.ttl")
    outcome = reason(g, "hermit", "auto", full_max_individuals=10)
    assert outcome.method == "HermiT on the TBox + OWL RL rules on the ABox"
    assert reason(g, "hermit", "auto").method == "HermiT"  # a small graph runs in full


def test_unknown_mode_is_an_input_error() -> None:
    with pytest.raises(InputError):
        reason(_load(), "owlrl", "partial")  # type: ignore[arg-type]
