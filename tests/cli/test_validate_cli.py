"""``ecoonto validate``: exit codes, the one-line-per-finding report, bad input, no traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ecoonto.cli import cli

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "data" / "shapes"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["validate", *args])


def fixture_copy(tmp_path: Path, shape: str, kind: str) -> Path:
    target = tmp_path / f"{shape}-{kind}.ttl"
    shutil.copyfile(FIXTURES / shape / f"{kind}.ttl", target)
    return target.resolve()


def test_bundled_graph_conforms_with_nine_warnings() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("conforms: 0 violations, 9 warnings (")
    findings = lines[:-1]
    assert len(findings) == 9
    assert all(line.startswith("Warning ") for line in findings)
    assert "aic:player-mlops-platform: No counterparty mapping identifies this player" in (
        result.stdout
    )
    assert all(line.endswith("[ecosh:PlayerCounterpartyShape]") for line in findings)


def test_invalid_file_fails_with_its_messages(tmp_path: Path) -> None:
    data = fixture_copy(tmp_path, "PositionSideShape", "invalid")
    result = run(str(data))
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("fails: 2 violations, 0 warnings (")
    message = (
        "Position is on more than one side: keep the one eco:onSide (eco:Buyers, eco:Providers,"
        " eco:Infrastructure or eco:Boundary) its source gives it; a position the source does"
        " not place may have none."
    )
    assert sorted(lines[:-1]) == [
        f"Violation ex:position-a: {message} [ecosh:PositionSideShape]",
        f"Violation ex:position-b: {message} [ecosh:PositionSideShape]",
    ]


def test_report_shows_the_value_at_fault(tmp_path: Path) -> None:
    data = fixture_copy(tmp_path, "TrendValueShape", "invalid")
    result = run(str(data))
    assert result.exit_code == 1
    assert "ex:split: Trend value is not a split trend" in result.stdout
    assert "(value eco:Engineer) [ecosh:TrendValueShape]" in result.stdout


def test_warnings_alone_exit_zero(tmp_path: Path) -> None:
    data = fixture_copy(tmp_path, "PhilosopherPresentShape", "invalid")
    result = run(str(data))
    assert result.exit_code == 0, result.output
    assert "ex:industry: No Philosopher among the industry's players" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("conforms: 0 violations, 1 warning (")


def test_valid_file_conforms_silently(tmp_path: Path) -> None:
    data = fixture_copy(tmp_path, "HumanAISplitShape", "valid")
    result = run(str(data))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [result.stdout.splitlines()[-1]]
    assert result.stdout.startswith("conforms: 0 violations, 0 warnings (")


def test_several_files_are_validated_together(tmp_path: Path) -> None:
    first = fixture_copy(tmp_path, "QuantityRangeShape", "invalid")
    second = fixture_copy(tmp_path, "PlayerCounterpartyShape", "invalid")
    result = run(str(first), str(second))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].startswith("fails: 1 violation, 2 warnings (")


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    missing = (tmp_path / "nowhere.ttl").resolve()
    result = run(str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing}: no such file\n"
    assert "Traceback" not in result.output


def test_malformed_turtle_is_bad_input(tmp_path: Path) -> None:
    bad = (tmp_path / "broken.ttl").resolve()
    bad.write_text("PREFIX eco: <https://w3id.org/ecoonto/>\neco:a eco:b .\n", encoding="utf-8")
    result = run(str(bad))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {bad}:")
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_extra_shapes_are_added(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "PREFIX sh: <http://www.w3.org/ns/shacl#>\n"
        "PREFIX eco: <https://w3id.org/ecoonto/>\n"
        "PREFIX ex: <https://example.org/ecoonto-test/>\n"
        "ex:TableNeedsIntroShape a sh:NodeShape ; sh:targetClass eco:Table ;\n"
        "  sh:property [ sh:path eco:tableIntro ; sh:maxCount 0 ; sh:severity sh:Violation ;\n"
        '    sh:message "Table has an introduction."@en ] .\n',
        encoding="utf-8",
    )
    data = fixture_copy(tmp_path, "TableRowOrderShape", "valid")
    table = tmp_path / "table.ttl"
    table.write_text(
        "PREFIX eco: <https://w3id.org/ecoonto/>\n"
        "PREFIX ex: <https://example.org/ecoonto-test/>\n"
        'ex:table a eco:Table ; eco:tableIntro "The buyers of AI compute." ;\n'
        "  eco:tableKind eco:BuyerSideTable ; eco:hasColumn ex:table-col-1 .\n",
        encoding="utf-8",
    )
    result = run(str(data), str(table.resolve()), "--shapes", str(extra.resolve()))
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0] == (
        "Violation ex:table: Table has an introduction. [ex:TableNeedsIntroShape]"
    )
    assert result.stdout.splitlines()[-1].startswith("fails: 1 violation, 0 warnings (")


def test_only_the_given_shapes(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "PREFIX sh: <http://www.w3.org/ns/shacl#>\n"
        "PREFIX eco: <https://w3id.org/ecoonto/>\n"
        "PREFIX ex: <https://example.org/ecoonto-test/>\n"
        "ex:IndustryShape a sh:NodeShape ; sh:targetClass eco:Industry ;\n"
        "  sh:property [ sh:path eco:adjacentIndustry ; sh:minCount 1 ; sh:severity sh:Info ;\n"
        '    sh:message "Industry has no adjacent industry."@en ] .\n',
        encoding="utf-8",
    )
    data = fixture_copy(tmp_path, "CoachPresentShape", "invalid")
    result = run(str(data), "--shapes", str(extra.resolve()), "--no-bundled-shapes")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Info      ex:industry: Industry has no adjacent industry. [ex:IndustryShape]",
        result.stdout.splitlines()[-1],
    ]
    assert result.stdout.splitlines()[-1].startswith("conforms: 0 violations, 0 warnings, 1 info (")


def test_no_shapes_at_all_is_bad_input() -> None:
    result = run("--no-bundled-shapes")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no shapes to validate against")


def test_malformed_shapes_file_is_bad_input(tmp_path: Path) -> None:
    bad = (tmp_path / "shapes.ttl").resolve()
    bad.write_text("this is not turtle\n", encoding="utf-8")
    result = run("--shapes", str(bad))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"error: {bad}:")


def test_help_ends_with_an_example() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Exit 0 conforms" in result.output
    assert result.output.rstrip().splitlines()[-1].strip().startswith("ecoonto validate ")


# ---------------------------------------------------------------------------------------------
# --format json and turtle

SH = "http://www.w3.org/ns/shacl#"
EX = "https://example.org/ecoonto-test/"
POSITION_SIDE_MESSAGE = (
    "Position is on more than one side: keep the one eco:onSide (eco:Buyers, eco:Providers,"
    " eco:Infrastructure or eco:Boundary) its source gives it; a position the source does"
    " not place may have none."
)


def test_json_on_the_bundled_graph() -> None:
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["conforms"], doc["violations"], doc["warnings"], doc["infos"]) == (True, 0, 9, 0)
    assert doc["triples"] > 0
    assert len(doc["findings"]) == 9
    finding = next(
        f for f in doc["findings"] if f["focus"].endswith("/data/ai-compute/player-mlops-platform")
    )
    assert set(finding) == {"severity", "focus", "path", "value", "message", "shape"}
    assert finding["severity"] == "Warning"
    assert finding["shape"] == "https://w3id.org/ecoonto/shapes/PlayerCounterpartyShape"
    assert finding["message"].startswith("No counterparty mapping identifies this player")
    assert finding["value"] is None
    assert "eco:expressesCounterparty" in finding["path"]


def test_json_lists_violations_and_exits_1(tmp_path: Path) -> None:
    data = fixture_copy(tmp_path, "PositionSideShape", "invalid")
    result = run(str(data), "--format", "json")
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert (doc["conforms"], doc["violations"], doc["warnings"]) == (False, 2, 0)
    assert sorted(f["focus"] for f in doc["findings"]) == [f"{EX}position-a", f"{EX}position-b"]
    assert {f["message"] for f in doc["findings"]} == {POSITION_SIDE_MESSAGE}
    assert {f["path"] for f in doc["findings"]} == {"eco:onSide"}


def test_json_value_is_a_sparql_json_term(tmp_path: Path) -> None:
    data = fixture_copy(tmp_path, "TrendValueShape", "invalid")
    result = run(str(data), "--format", "json")
    assert result.exit_code == 1, result.output
    values = [f["value"] for f in json.loads(result.stdout)["findings"]]
    assert {"type": "uri", "value": "https://w3id.org/ecoonto/Engineer"} in values


def test_turtle_is_the_shacl_report_graph(tmp_path: Path) -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF

    data = fixture_copy(tmp_path, "PositionSideShape", "invalid")
    result = run(str(data), "--format", "turtle")
    assert result.exit_code == 1, result.output
    report = Graph().parse(data=result.stdout, format="turtle")
    (node,) = report.subjects(RDF.type, URIRef(f"{SH}ValidationReport"))
    assert report.value(node, URIRef(f"{SH}conforms")) == Literal(False)
    results = list(report.objects(node, URIRef(f"{SH}result")))
    assert len(results) == 2
    assert {report.value(r, URIRef(f"{SH}focusNode")) for r in results} == {
        URIRef(f"{EX}position-a"),
        URIRef(f"{EX}position-b"),
    }
    # Canonical: the same report prints the same text every time.
    assert run(str(data), "--format", "turtle").stdout == result.stdout


def test_turtle_of_a_conforming_graph(tmp_path: Path) -> None:
    data = fixture_copy(tmp_path, "HumanAISplitShape", "valid")
    result = run(str(data), "--format", "turtle")
    assert result.exit_code == 0, result.output
    assert "sh:conforms true" in result.stdout


# ---------------------------------------------------------------------------------------------
# --store (an embedded store; --endpoint is tested against a real server in tests/integration)

GRAPH = "https://example.org/ecoonto-test/graph"


def make_store(
    tmp_path: Path, files: list[Path], graph_iri: str | None = None, *, core: bool = True
) -> Path:
    """A store holding ``files`` with the core ontology (as ``ecoonto load`` fills it), or
    ``files`` alone with ``core=False``."""
    from ecoonto import resources
    from ecoonto.targets import EmbeddedStore

    directory = tmp_path / "kg"
    with EmbeddedStore(directory) as store:
        store.replace_graph(resources.with_core(files) if core else files, graph_iri)
    return directory


def test_store_with_the_bundled_graph_conforms(tmp_path: Path) -> None:
    from ecoonto import resources

    directory = make_store(tmp_path, resources.bundled_graph_files())
    result = run("--store", str(directory))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("conforms: 0 violations, 9 warnings (")
    findings = result.stdout.splitlines()[:-1]
    assert findings == run().stdout.splitlines()[:-1], "the same findings as the files give"


def test_store_violations_exit_1_with_the_same_findings_as_the_file(tmp_path: Path) -> None:
    data = fixture_copy(tmp_path, "PositionSideShape", "invalid")
    directory = make_store(tmp_path, [data], GRAPH)
    result = run("--store", str(directory), "--graph", GRAPH)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[-1].startswith("fails: 2 violations, 0 warnings (")
    # The store keeps no prefixes (ex: is written in full in text), so compare the JSON.
    as_json = run("--store", str(directory), "--graph", GRAPH, "--format", "json")
    assert as_json.exit_code == 1
    from_store = json.loads(as_json.stdout)["findings"]
    assert from_store == json.loads(run(str(data), "--format", "json").stdout)["findings"]
    assert len(from_store) == 2


def test_store_is_read_while_a_writer_holds_it(tmp_path: Path) -> None:
    from ecoonto.targets import EmbeddedStore

    data = fixture_copy(tmp_path, "HumanAISplitShape", "valid")
    directory = make_store(tmp_path, [data])
    with EmbeddedStore(directory):  # holds the store's lock, as `ecoonto load` would
        result = run("--store", str(directory))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("conforms: 0 violations, 0 warnings (")


def test_store_without_the_core_is_refused_in_one_line(tmp_path: Path) -> None:
    """The shapes read the core's class hierarchy in the store: without it, no partial answer."""
    data = fixture_copy(tmp_path, "PositionSideShape", "invalid")
    directory = make_store(tmp_path, [data], GRAPH, core=False)
    result = run("--store", str(directory), "--graph", GRAPH)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: graph <{GRAPH}> of store {directory} (read-only) does not hold the core"
        " ontology (<https://w3id.org/ecoonto/core>), whose class hierarchy the shapes need:"
        " load it too (ecoonto load FILES adds it unless --without-core), or validate the files\n"
    )
    assert result.stdout == ""


def test_store_with_pyshacl_reads_the_graph_out_and_says_so(tmp_path: Path) -> None:
    data = fixture_copy(tmp_path, "PositionSideShape", "invalid")
    directory = make_store(tmp_path, [data], GRAPH)
    result = run("--store", str(directory), "--graph", GRAPH, "--engine", "pyshacl")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"note: pySHACL (--engine pyshacl) runs on rdflib: the graph is read out of store"
        f" {directory} (read-only)\n"
    )
    in_place = run("--store", str(directory), "--graph", GRAPH, "--format", "json")
    assert in_place.stderr == ""  # validated in the store: nothing to say
    assert json.loads(in_place.stdout)["findings"] == json.loads(
        run("--store", str(directory), "--graph", GRAPH, "--format", "json", "--engine",
            "pyshacl").stdout
    )["findings"]  # fmt: skip


def test_store_empty_graph_is_bad_input(tmp_path: Path) -> None:
    data = fixture_copy(tmp_path, "HumanAISplitShape", "valid")
    directory = make_store(tmp_path, [data])
    result = run("--store", str(directory), "--graph", "https://example.org/nothing-here")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: graph <https://example.org/nothing-here> of store {directory} (read-only)"
        " is empty: nothing to validate\n"
    )


def test_store_bad_choices_are_bad_input(tmp_path: Path) -> None:
    data = fixture_copy(tmp_path, "HumanAISplitShape", "valid")
    missing = tmp_path / "no-store"
    cases = [
        (["--store", str(missing)], "no such directory"),
        ([str(data), "--store", str(tmp_path)], "not both"),
        (["--store", str(tmp_path), "--endpoint", "http://127.0.0.1:1"], "at most one"),
        (["--graph", GRAPH], "--graph applies to --store or --endpoint only"),
        (["--layout", "fuseki"], "--layout applies to --endpoint only"),
    ]
    for args, expected in cases:
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.stderr.splitlines()) == 1 and expected in result.stderr, args


def test_endpoint_refused_exits_3() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run("--endpoint", f"http://127.0.0.1:{port}")
    assert result.exit_code == 3
    assert result.stderr == f"error: endpoint http://127.0.0.1:{port}/query: connection refused\n"


# ---------------------------------------------------------------------------------------------
# --engine

RULE_SHAPES = (
    "PREFIX sh: <http://www.w3.org/ns/shacl#>\n"
    "PREFIX eco: <https://w3id.org/ecoonto/>\n"
    "PREFIX ex: <https://example.org/ecoonto-test/>\n"
    "ex:RuleShape a sh:NodeShape ; sh:targetClass eco:Position ;\n"
    "  sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:checked ;"
    " sh:object sh:this ] .\n"
)


def test_engines_print_the_same_report(tmp_path: Path) -> None:
    first = fixture_copy(tmp_path, "QuantityRangeShape", "invalid")
    second = fixture_copy(tmp_path, "SideValueShape", "invalid")
    for fmt in ("text", "json", "turtle"):
        outputs = {
            engine: run(str(first), str(second), "--format", fmt, "--engine", engine)
            for engine in ("auto", "sparql", "pyshacl")
        }
        assert {r.exit_code for r in outputs.values()} == {1}
        if fmt != "turtle":  # the report graphs differ in blank nodes and sh:resultMessage
            assert len({r.stdout for r in outputs.values()}) == 1, fmt
    text = run(str(first)).stdout
    assert '(value "100.0"^^xsd:decimal)' in text


def test_engines_agree_on_the_bundled_graph() -> None:
    auto = run()
    assert auto.exit_code == 0
    assert run("--engine", "pyshacl").stdout == auto.stdout


def test_shapes_the_sparql_engine_cannot_run_fall_back_under_auto(tmp_path: Path) -> None:
    shapes = tmp_path / "rule.ttl"
    shapes.write_text(RULE_SHAPES, encoding="utf-8")
    data = fixture_copy(tmp_path, "PositionSideShape", "invalid")
    auto = run(str(data), "--shapes", str(shapes))
    assert auto.exit_code == 1, auto.output
    assert auto.stdout == run(str(data), "--shapes", str(shapes), "--engine", "pyshacl").stdout


def test_shapes_the_sparql_engine_cannot_run_are_bad_input_under_sparql(tmp_path: Path) -> None:
    shapes = tmp_path / "rule.ttl"
    shapes.write_text(RULE_SHAPES, encoding="utf-8")
    data = fixture_copy(tmp_path, "PositionSideShape", "invalid")
    result = run(str(data), "--shapes", str(shapes), "--engine", "sparql")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: the SPARQL engine cannot run shape https://example.org/ecoonto-test/RuleShape:"
        " sh:rule is not supported; use --engine auto or pyshacl\n"
    )


def test_unknown_engine_is_a_usage_error() -> None:
    result = run("--engine", "fast")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_bad_data_is_reported_before_bad_shapes(tmp_path: Path) -> None:
    missing = (tmp_path / "nowhere.ttl").resolve()
    bad_shapes = (tmp_path / "shapes.ttl").resolve()
    bad_shapes.write_text("this is not turtle\n", encoding="utf-8")
    for engine in ("auto", "pyshacl"):
        result = run(str(missing), "--shapes", str(bad_shapes), "--engine", engine)
        assert result.exit_code == 2
        assert result.stderr == f"error: {missing}: no such file\n"


def test_store_validation_uses_the_chosen_engine(tmp_path: Path) -> None:
    data = fixture_copy(tmp_path, "PositionSideShape", "invalid")
    directory = make_store(tmp_path, [data], GRAPH)
    outputs = [
        run("--store", str(directory), "--graph", GRAPH, "--format", "json", "--engine", e).stdout
        for e in ("sparql", "pyshacl")
    ]
    assert outputs[0] == outputs[1]


def test_files_never_become_an_rdflib_graph_on_the_sparql_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ecoonto.rdf import graphs

    load = graphs.load

    def shapes_only(paths: list[Path], fmt: str | None = None) -> object:
        paths = list(paths)
        if any(Path(p).parent.name != "shapes" for p in paths):
            raise AssertionError(f"the data was parsed by rdflib: {paths}")
        return load(paths, fmt)

    monkeypatch.setattr(graphs, "load", shapes_only)
    data = fixture_copy(tmp_path, "PositionSideShape", "invalid")
    result = run(str(data))
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[-1].startswith("fails: 2 violations, 0 warnings (")
    assert run().exit_code == 0
