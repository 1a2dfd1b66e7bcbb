"""SHACL shapes and ecoonto.checking.validation: one valid/invalid fixture pair per shape, the
shapes file itself (SHACL-for-SHACL, messages, canonical form), and the findings on the bundled
graph.

Expected values are derived by hand from the fixtures and from the seed page, not from the code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from ecoonto import resources
from ecoonto.checking.validation import Outcome, load_shapes, render_path, validate, validate_files
from ecoonto.errors import InputError
from ecoonto.rdf import graphs

REPO = Path(__file__).resolve().parents[1]
SHAPES_FILE = REPO / "shapes" / "core-shapes.ttl"
FIXTURES = REPO / "tests" / "data" / "shapes"
ECO = "https://w3id.org/ecoonto/"
ECOSH = "https://w3id.org/ecoonto/shapes/"
AIC = "https://w3id.org/ecoonto/data/ai-compute/"
EX = "https://example.org/ecoonto-test/"

# The shapes that state principles of a healthy community: reported, never failing.
WARNING_SHAPES = {
    "DreamerPresentShape",
    "RealistPresentShape",
    "EngineerPresentShape",
    "CoachPresentShape",
    "PhilosopherPresentShape",
    "PlayerCounterpartyShape",
    "TableLayoutShape",
}


def _named_node_shapes() -> list[str]:
    """Local names of the named node shapes in every bundled shapes file."""
    g = Graph()
    for path in sorted((REPO / "shapes").glob("*.ttl")):
        g.parse(path, format="turtle")
    return sorted(
        str(s)[len(ECOSH) :]
        for s in g.subjects(RDF.type, SH.NodeShape)
        if isinstance(s, URIRef) and str(s).startswith(ECOSH)
    )


SHAPE_NAMES = _named_node_shapes()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def _check(path: Path, shapes: Graph) -> Outcome:
    return validate(graphs.load([path]), shapes)


# --- The shapes file ---


def test_the_shapes_file_declares_the_expected_shapes() -> None:
    # The rules of the brief, one named shape each (4 for the side attributes, 5 archetypes).
    assert len(SHAPE_NAMES) == 31
    assert {"PlayerFillsPositionShape", "PlayerCounterpartyShape"} <= set(SHAPE_NAMES)


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_every_shape_has_a_fixture_pair(name: str) -> None:
    for kind in ("valid.ttl", "invalid.ttl"):
        assert (FIXTURES / name / kind).is_file(), f"no {kind} for ecosh:{name}"


def test_every_fixture_folder_names_a_shape() -> None:
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders == set(SHAPE_NAMES)


def test_shapes_conform_to_shacl_for_shacl(shapes: Graph) -> None:
    import pyshacl

    conforms, _report, text = pyshacl.validate(
        graphs.new_graph(), shacl_graph=shapes, meta_shacl=True, inference="none"
    )
    assert conforms, text


def test_every_constraint_holder_has_an_english_message_and_a_chosen_severity(
    shapes: Graph,
) -> None:
    """sh:message and sh:severity sit on the shape that holds the constraint: a property shape,
    or a node shape that has no property shapes."""
    holders = set(shapes.objects(None, SH.property))
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        if (node_shape, SH.property, None) not in shapes:
            holders.add(node_shape)
    assert len(holders) == 40  # 7 node-level shapes, 29 property shapes, 4 split properties
    for holder in holders:
        messages = list(shapes.objects(holder, SH.message))
        assert len(messages) == 1, holder
        assert isinstance(messages[0], Literal) and messages[0].language == "en", holder
        assert shapes.value(holder, SH.severity) in {SH.Violation, SH.Warning}, holder
    for name in SHAPE_NAMES:
        expected = SH.Warning if name in WARNING_SHAPES else SH.Violation
        shape = URIRef(ECOSH + name)
        found = {shapes.value(h, SH.severity) for h in holders if h == shape} | {
            shapes.value(h, SH.severity) for h in shapes.objects(shape, SH.property)
        }
        assert found == {expected}, name


def test_shapes_file_is_canonical() -> None:
    text = SHAPES_FILE.read_text(encoding="utf-8")
    assert graphs.canonical_turtle(graphs.load([SHAPES_FILE])) == text


# --- One valid/invalid pair per shape ---


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_valid_fixture_gives_no_result(name: str, shapes: Graph) -> None:
    outcome = _check(FIXTURES / name / "valid.ttl", shapes)
    assert outcome.results == [], [(f.shape, f.focus, f.message) for f in outcome.results]
    assert outcome.conforms


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_invalid_fixture_fails_its_shape_and_no_other(name: str, shapes: Graph) -> None:
    outcome = _check(FIXTURES / name / "invalid.ttl", shapes)
    assert outcome.failed_shapes() == {ECOSH + name}
    if name in WARNING_SHAPES:
        assert {f.severity for f in outcome.results} == {"Warning"}
        assert outcome.conforms
    else:
        assert {f.severity for f in outcome.results} == {"Violation"}
        assert not outcome.conforms


# The focus nodes each invalid fixture breaks, read off the fixture comments.
EXPECTED_FOCUS = {
    "PlayerFillsPositionShape": {"player"},
    "PositionSideShape": {"position-a", "position-b"},
    "FilledPositionSideShape": {"position-1"},
    "ClaimShape": {"claim-a", "claim-b", "claim-c"},
    "RelationshipShape": {"relationship-a", "relationship-b", "relationship-c", "relationship-d"},
    "FillingPlayerShape": {"filling-a", "filling-b", "filling-c"},
    "FillingPositionShape": {"filling-a", "filling-b", "filling-c"},
    "BuyerFillingShape": {"filling"},
    "ProviderFillingShape": {"filling"},
    "InfrastructureFillingShape": {"filling"},
    "BoundaryFillingShape": {"filling"},
    "SideValueShape": {"position", "side-expression"},
    "ArchetypeValueShape": {"thing-a", "thing-b", "thing-c"},
    "CounterpartyValueShape": {"expression", "thing"},
    "TrendValueShape": {"split"},
    "EnglishLabelShape": {"resource-a", "resource-b", "resource-c", "resource-d", "term"},
    "TermDefinitionShape": {"term-a", "term-b", "term-c"},
    "PlayerArchetypeShape": {"utility", "agency", "cloud"},
    "PrimaryArchetypeShape": {"player"},
    "QuantityUnitShape": {"qty-a", "qty-b", "qty-c"},
    "QuantityNumberShape": {"qty-a", "qty-b"},
    "QuantityRangeShape": {"qty"},
    "HumanAISplitShape": {"split-a", "split-b", "split-c"},
    "TableRowOrderShape": {"row-a", "row-b", "row-c"},
    "DreamerPresentShape": {"industry"},
    "RealistPresentShape": {"industry"},
    "EngineerPresentShape": {"industry"},
    "CoachPresentShape": {"industry"},
    "PhilosopherPresentShape": {"industry"},
    "PlayerCounterpartyShape": {"player-a", "player-b"},
    "TableLayoutShape": {"table-a", "table-b"},
}


def test_expected_focus_covers_every_shape() -> None:
    assert set(EXPECTED_FOCUS) == set(SHAPE_NAMES)


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_invalid_fixture_flags_the_resources_it_breaks(name: str, shapes: Graph) -> None:
    outcome = _check(FIXTURES / name / "invalid.ttl", shapes)
    assert {str(f.focus) for f in outcome.results} == {EX + n for n in EXPECTED_FOCUS[name]}


def test_split_fixture_reports_each_missing_cell(shapes: Graph) -> None:
    outcome = _check(FIXTURES / "HumanAISplitShape" / "invalid.ttl", shapes)
    found = {(str(f.focus)[len(EX) :], f.path) for f in outcome.results}
    assert found == {
        ("split-a", "eco:aiToday"),
        ("split-a", "eco:directionText"),
        ("split-b", "eco:humanToday"),
        ("split-b", "eco:trend"),
        ("split-c", "eco:trend"),
    }


# --- The Outcome and Finding API ---


def test_finding_of_a_blank_property_shape_names_its_node_shape(shapes: Graph) -> None:
    outcome = _check(FIXTURES / "PlayerFillsPositionShape" / "invalid.ttl", shapes)
    (finding,) = outcome.results
    assert finding.severity == "Violation"
    assert finding.focus == URIRef(EX + "player")
    assert finding.path == "^eco:byPlayer"
    assert finding.value is None
    assert finding.shape == ECOSH + "PlayerFillsPositionShape"
    assert finding.message.startswith("Player fills no position: add a filling")
    assert outcome.violations == [finding]
    assert outcome.warnings == []
    assert len(outcome.report) > 0


def test_finding_carries_the_value_at_fault(shapes: Graph) -> None:
    outcome = _check(FIXTURES / "SideValueShape" / "invalid.ttl", shapes)
    values = {(str(f.focus)[len(EX) :], str(f.value)) for f in outcome.results}
    assert values == {("position", ECO + "Customers"), ("side-expression", EX + "Middle")}
    assert {f.path for f in outcome.results} == {"eco:onSide|eco:expressesSide"}


def test_node_level_finding_has_no_path(shapes: Graph) -> None:
    outcome = _check(FIXTURES / "BuyerFillingShape" / "invalid.ttl", shapes)
    (finding,) = outcome.results
    assert finding.path is None
    assert "asymmetry to close" in finding.message


def test_warnings_only_conform(shapes: Graph) -> None:
    outcome = _check(FIXTURES / "CoachPresentShape" / "invalid.ttl", shapes)
    assert outcome.conforms
    assert outcome.violations == []
    (warning,) = outcome.warnings
    assert "No Coach" in warning.message
    assert warning.path == (
        "^eco:inIndustry/(eco:hasArchetype|eco:primaryArchetype|eco:secondaryArchetype"
        "|eco:editorialArchetype)"
    )


def test_validate_defaults_to_the_bundled_shapes() -> None:
    outcome = validate(graphs.load([FIXTURES / "PositionSideShape" / "invalid.ttl"]))
    assert outcome.failed_shapes() == {ECOSH + "PositionSideShape"}


def test_results_are_sorted_violations_first(shapes: Graph) -> None:
    data = graphs.load(
        [
            FIXTURES / "PlayerCounterpartyShape" / "invalid.ttl",
            FIXTURES / "QuantityRangeShape" / "invalid.ttl",
        ]
    )
    outcome = validate(data, shapes)
    assert [f.severity for f in outcome.results] == ["Violation", "Warning", "Warning"]
    assert not outcome.conforms


def test_extra_shapes_are_added_and_can_replace_the_bundled(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "PREFIX sh: <http://www.w3.org/ns/shacl#>\n"
        "PREFIX eco: <https://w3id.org/ecoonto/>\n"
        "PREFIX ex: <https://example.org/ecoonto-test/>\n"
        "ex:QuantitySourceShape a sh:NodeShape ; sh:targetClass eco:QuantityValue ;\n"
        "  sh:property [ sh:path eco:sourceText ; sh:minCount 1 ; sh:severity sh:Info ;\n"
        '    sh:message "Quantity value has no source text."@en ] .\n',
        encoding="utf-8",
    )
    data = graphs.load([FIXTURES / "QuantityRangeShape" / "invalid.ttl"])
    both = validate(data, load_shapes([extra]))
    assert both.failed_shapes() == {ECOSH + "QuantityRangeShape", EX + "QuantitySourceShape"}
    only = validate(data, load_shapes([extra], bundled=False))
    assert only.failed_shapes() == {EX + "QuantitySourceShape"}
    assert only.conforms  # an Info does not fail
    assert [f.severity for f in only.results] == ["Info"]


def test_no_shapes_at_all_is_bad_input() -> None:
    with pytest.raises(InputError, match="no shapes"):
        load_shapes(bundled=False)


def test_unusable_shapes_are_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad-shapes.ttl"
    bad.write_text(
        "PREFIX sh: <http://www.w3.org/ns/shacl#>\n"
        "PREFIX ex: <https://example.org/ecoonto-test/>\n"
        "ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:property [ sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    # a property shape without sh:path: SHACL-for-SHACL refuses it before any engine runs
    with pytest.raises(InputError, match=r"not valid SHACL: shape \[inside ex:S\]"):
        validate(graphs.new_graph(), load_shapes([bad], bundled=False))


def test_render_path_writes_sparql_property_paths() -> None:
    g = Graph().parse(
        data="""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        PREFIX eco: <https://w3id.org/ecoonto/>
        [] sh:path ( [ sh:inversePath eco:byPlayer ] eco:ofPosition
                     [ sh:zeroOrMorePath eco:subOrganisationOf ] ) .
        [] sh:path [ sh:alternativePath ( ( eco:fills eco:ofPosition ) eco:onSide ) ] .
        [] sh:path [ sh:inversePath [ sh:alternativePath ( eco:fills eco:byPlayer ) ] ] .
        """,
        format="turtle",
    )
    nm = graphs.new_graph().namespace_manager
    rendered = {render_path(p, [g], nm) for p in g.objects(None, SH.path)}
    assert rendered == {
        "^eco:byPlayer/eco:ofPosition/eco:subOrganisationOf*",
        "eco:fills/eco:ofPosition|eco:onSide",
        "^(eco:fills|eco:byPlayer)",
    }


# --- The core ontology and the bundled graph ---


def test_core_ontology_gives_no_result(shapes: Graph) -> None:
    outcome = validate(graphs.load([resources.core_ontology()]), shapes)
    assert outcome.results == []


# From the seed page's counterparty table: Customers name AI labs (frontier-ai-lab), enterprise ML
# teams, researchers (research-institution) and inference-API consumers; Suppliers name Nvidia,
# AMD, Google TPU, ASIC designers (custom-asic), HBM makers and liquid cooling providers;
# Regulators name US BIS, energy regulators, competition authorities and EU AI Act bodies;
# Employees and Owners name no player. The other nine of the 23 players are never identified.
NEVER_IDENTIFIED = {
    "player-hyperscaler-ai-team",  # Hyperscaler AI team
    "player-ai-startup",  # AI startup / vertical model builder
    "player-hyperscaler-ai-cloud",  # Hyperscaler AI cloud
    "player-specialised-ai-cloud",  # Specialised AI cloud
    "player-data-centre-reit",  # Data centre REIT / colocation
    "player-grid-power-provider",  # Grid-scale power provider / utility
    "player-high-speed-networking",  # High-speed networking
    "player-mlops-platform",  # MLOps platform
    "player-national-ai-strategy-bodies",  # National AI strategy bodies
}


@pytest.fixture(scope="module")
def bundled_outcome(shapes: Graph) -> Outcome:
    return validate(graphs.load_bundled(), shapes)


def test_bundled_graph_has_the_ai_compute_module() -> None:
    module = REPO / "ontology" / "industries" / "ai-compute.ttl"
    assert module in resources.industry_files()


def test_bundled_graph_conforms(bundled_outcome: Outcome) -> None:
    assert bundled_outcome.violations == [], [
        (f.shape, str(f.focus), f.message) for f in bundled_outcome.violations
    ]
    assert bundled_outcome.conforms


def test_bundled_warnings_are_the_players_no_counterparty_names(bundled_outcome: Outcome) -> None:
    assert bundled_outcome.failed_shapes() == {ECOSH + "PlayerCounterpartyShape"}
    flagged = {str(f.focus) for f in bundled_outcome.warnings}
    assert flagged == {AIC + n for n in NEVER_IDENTIFIED}
    assert len(bundled_outcome.warnings) == 9


def test_bundled_players_are_the_23_of_the_four_side_tables(bundled_outcome: Outcome) -> None:
    # 6 buyers + 6 providers + 6 infrastructure + 5 boundary rows on the page; 23 - 9 = 14
    # are identified by the counterparty table (4 customers + 6 suppliers + 4 regulators).
    g = graphs.load_bundled()
    players = set(g.subjects(RDF.type, URIRef(ECO + "Player")))
    assert len(players) == 23


def test_coach_is_present_only_through_an_editorial_archetype(shapes: Graph) -> None:
    """The page's tables name no Coach; the module's editors attribute it to National AI
    strategy bodies. Without editorial archetypes, the Coach warning must fire, and only it."""
    g = graphs.load_bundled()
    editorial = URIRef(ECO + "editorialArchetype")
    coach = URIRef(ECO + "Coach")
    assert set(g.subjects(editorial, coach)) == {URIRef(AIC + "player-national-ai-strategy-bodies")}
    for triple in list(g.triples((None, editorial, None))):
        g.remove(triple)
    outcome = validate(g, shapes)
    assert outcome.failed_shapes() == {
        ECOSH + "PlayerCounterpartyShape",
        ECOSH + "CoachPresentShape",
    }
    assert outcome.conforms


# --- The engines: validate_files, validate_store, graphs.load_store ---


def test_validate_files_equals_validate_on_the_loaded_graph(shapes: Graph) -> None:
    from ecoonto.checking.validation import validate_files

    paths = [
        FIXTURES / "QuantityRangeShape" / "invalid.ttl",
        FIXTURES / "PlayerCounterpartyShape" / "invalid.ttl",
    ]
    from_files = validate_files(paths, shapes)
    assert from_files.results == validate(graphs.load(paths), shapes, engine="pyshacl").results
    # The store holds 100.0 as 100; the finding keeps the file's lexical form, as pySHACL does.
    (violation,) = from_files.violations
    assert str(violation.value) == "100.0"


def test_validate_store_reads_the_default_or_a_named_graph(shapes: Graph) -> None:
    import pyoxigraph as ox

    from ecoonto.checking.validation import validate_store

    path = FIXTURES / "PositionSideShape" / "invalid.ttl"
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(EX + "g"))
    in_graph = validate_store(store, shapes, graph=EX + "g")
    assert in_graph.failed_shapes() == {ECOSH + "PositionSideShape"}
    assert not in_graph.conforms
    assert validate_store(store, shapes).results == []
    with_pyshacl = validate_store(store, shapes, graph=EX + "g", engine="pyshacl")
    assert with_pyshacl.results == in_graph.results
    named = validate_store(store, shapes, graph=ox.NamedNode(EX + "g"))
    assert named.results == in_graph.results


def test_engines_agree_on_every_fixture_through_the_files(shapes: Graph) -> None:
    from ecoonto.checking.validation import validate_files

    for path in sorted(FIXTURES.glob("*/*.ttl")):
        fast = validate_files([path], shapes, engine="sparql")
        assert fast.results == validate_files([path], shapes, engine="pyshacl").results, path


def test_load_store_binds_the_prefixes_load_binds(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix ex: <https://example.org/ecoonto-test/> .\n"
        "PREFIX other: <https://example.org/other/>\n"
        "prefix eco: <https://example.org/not-eco/>\n"
        "ex:a other:b ex:c .\n",
        encoding="utf-8",
    )
    store, prefixes = graphs.load_store([data])
    assert len(store) == 1
    assert sorted(prefixes.namespaces()) == sorted(graphs.load([data]).namespaces())


def test_load_store_reads_the_formats_rdflib_reads(tmp_path: Path) -> None:
    source = FIXTURES / "PositionSideShape" / "invalid.ttl"
    g = graphs.load([source])
    for suffix, fmt in ((".nt", "nt"), (".rdf", "xml"), (".jsonld", "json-ld")):
        target = tmp_path / f"data{suffix}"
        target.write_text(g.serialize(format=fmt), encoding="utf-8")
        store, _prefixes = graphs.load_store([target])
        assert len(store) == len(g), suffix


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        ("PREFIX eco: <https://w3id.org/ecoonto/>\neco:a eco:b .\n", "bad.ttl:2:"),
    ],
)
def test_load_store_errors_are_those_of_load(
    tmp_path: Path, content: str | None, expected: str
) -> None:
    path = tmp_path / "bad.ttl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as slow:
        graphs.load([path])
    with pytest.raises(InputError) as fast:
        graphs.load_store([path])
    assert str(fast.value) == str(slow.value)
    assert expected in str(fast.value)


def test_unsupported_shapes_under_the_sparql_engine_are_bad_input(tmp_path: Path) -> None:
    from ecoonto.checking.validation import engine_supports

    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "PREFIX sh: <http://www.w3.org/ns/shacl#>\n"
        "PREFIX ex: <https://example.org/ecoonto-test/>\n"
        "ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:rule [ a sh:TripleRule ] .\n",
        encoding="utf-8",
    )
    shapes = load_shapes([extra])
    assert not engine_supports(shapes)
    with pytest.raises(InputError, match=r"shape https://example.org/ecoonto-test/S: sh:rule"):
        engine_supports(shapes, "sparql")
    data = graphs.load([FIXTURES / "PositionSideShape" / "invalid.ttl"])
    assert validate(data, shapes).results == validate(data, shapes, engine="pyshacl").results


# --- One meaning of "conforms" with warnings: text, exit code, report graph, API ---

_WARNING_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/w/> .
ex:S a sh:NodeShape ; sh:targetNode ex:a ;
  sh:property [ sh:path ex:label ; sh:minCount 1 ; sh:severity sh:Warning ] .
"""


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_warnings_only_conforms_means_no_violations_everywhere(tmp_path: Path, engine: str) -> None:
    import json

    from click.testing import CliRunner

    from ecoonto.cli import cli

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(_WARNING_SHAPES)
    data = tmp_path / "data.ttl"
    data.write_text("<https://example.org/w/a> <https://example.org/w/p> 1 .\n")
    args = ["validate", str(data), "--shapes", str(shapes), "--no-bundled-shapes"]
    args += ["--engine", engine]

    text = CliRunner().invoke(cli, args)  # the text and the exit code: conforms, exit 0
    assert text.exit_code == 0, text.output
    assert text.output.splitlines()[-1].startswith("conforms: 0 violations, 1 warning (")
    assert text.output.rstrip().endswith("the SHACL report's sh:conforms is false")

    turtle = CliRunner().invoke(cli, [*args, "--format", "turtle"])  # the report: false
    assert turtle.exit_code == 0
    report = Graph().parse(data=turtle.output, format="turtle")
    assert set(report.objects(None, SH.conforms)) == {Literal(False)}

    doc = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).output)
    assert (doc["conforms"], doc["shacl_conforms"], doc["warnings"]) == (True, False, 1)

    outcome = validate_files([data], load_shapes([shapes], bundled=False), engine)  # the API
    assert (outcome.conforms, outcome.report_conforms) == (True, False)
    assert set(outcome.report.objects(None, SH.conforms)) == {Literal(False)}


def test_no_results_conforms_in_every_sense(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ecoonto.cli import cli

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(_WARNING_SHAPES)
    data = tmp_path / "data.ttl"
    data.write_text('<https://example.org/w/a> <https://example.org/w/label> "A" .\n')
    args = ["validate", str(data), "--shapes", str(shapes), "--no-bundled-shapes"]
    text = CliRunner().invoke(cli, args)
    assert text.exit_code == 0
    assert "sh:conforms is false" not in text.output
    outcome = validate_files([data], load_shapes([shapes], bundled=False))
    assert (outcome.conforms, outcome.report_conforms) == (True, True)
