"""The findings of issue 17 on the SHACL engine, each an example with its expectation derived by
hand (and, where pySHACL is the reference, compared with pySHACL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from ecoonto.checking.validation import engine_supports, validate, validate_files
from ecoonto.errors import InputError

EX = "https://example.org/x/"
PREFIXES = f"""\
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ex: <{EX}>
"""


def _g(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def _results(data: str, shapes: str, engine: str) -> list[tuple[object, ...]]:
    outcome = validate(_g(data), _g(shapes), engine=engine)
    return sorted(
        (
            (f.severity, "_:b" if isinstance(f.focus, BNode) else f.focus, f.path, f.value)
            for f in outcome.results
        ),
        key=str,
    )


def _same(data: str, shapes: str) -> list[tuple[object, ...]]:
    fast = _results(data, shapes, "sparql")
    assert fast == _results(data, shapes, "pyshacl")
    return fast


def test_a_property_shape_inside_a_property_shape_checks_the_values() -> None:
    shapes = """ex:S a sh:NodeShape ; sh:targetNode ex:a ;
        sh:property [ sh:path ex:p ; sh:property [ sh:path ex:q ; sh:minCount 1 ] ] ."""
    data = "ex:a ex:p ex:b , ex:c . ex:b ex:q 1 ."
    found = _same(data, shapes)
    assert [r[1] for r in found] == [URIRef(EX + "c")]  # ex:c has no ex:q


@pytest.mark.parametrize(
    "where",
    [
        "{ { $this ex:p ?value } FILTER(?value > 2) }",
        "{ $this ex:p ?value . FILTER(bound($this) && ?value > 2) }",
        "{ BIND($this AS ?x) ?x ex:p ?value . FILTER(?value > 2) }",
        "{ OPTIONAL { $this ex:p ?value } FILTER(?value > 2) }",
    ],
)
def test_this_is_pre_bound_everywhere_in_a_sparql_constraint(where: str) -> None:
    shapes = f'''ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:sparql [ sh:select """PREFIX ex: <{EX}>
            SELECT $this ?value WHERE {where}""" ] .'''
    data = "ex:a a ex:C ; ex:p 1 , 3 . ex:b a ex:C ; ex:p 5 . ex:c ex:p 9 ."
    found = _same(data, shapes)
    assert [(r[1], r[3]) for r in found] == [
        (URIRef(EX + "a"), Literal(3)),
        (URIRef(EX + "b"), Literal(5)),
    ]


@pytest.mark.parametrize(
    "select",
    [
        "SELECT $this WHERE { { SELECT * WHERE { $this ex:p ?v } } }",
        "SELECT $this WHERE { ?x ex:p ?v . BIND(?x AS $this) }",
        "SELECT $this WHERE { $this ex:p ?v MINUS { $this ex:q ?v } }",
        "SELECT $this WHERE { VALUES ?v { 1 } $this ex:p ?v }",
    ],
)
def test_sparql_the_specification_rejects_is_an_error(select: str) -> None:
    shapes = f'''ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:sparql [ sh:select """PREFIX ex: <{EX}> {select}""" ] .'''
    for engine in ("auto", "sparql"):
        with pytest.raises(InputError, match="must|re-binds|does not project"):
            validate(_g("ex:a a ex:C ; ex:p 1 ."), _g(shapes), engine=engine)


def test_pyshacls_failures_are_one_error_line() -> None:
    shapes = f'''ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:sparql [ sh:select """PREFIX ex: <{EX}>
            SELECT $this WHERE {{ GRAPH $shapesGraph {{ ?s ?p ?o }} }}""" ] .'''
    with pytest.raises(InputError, match="pySHACL cannot apply|cannot be applied"):
        validate(_g("ex:a a ex:C ."), _g(shapes), engine="pyshacl")
    rejected = f'''ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:sparql [ sh:select """PREFIX ex: <{EX}>
            SELECT $this WHERE {{ {{ SELECT ?v WHERE {{ $this ex:p ?v }} }} }}""" ] .'''
    with pytest.raises(InputError):
        validate(_g("ex:a a ex:C ; ex:p 1 ."), _g(rejected), engine="pyshacl")


CUSTOM_BY_SUBCLASS = """
ex:MyComponent a ex:MyComponentClass ;
    sh:parameter [ sh:path ex:maxSize ] ;
    sh:validator [ a sh:SPARQLAskValidator ;
        sh:ask "ASK { FILTER(STRLEN(STR($value)) <= $maxSize) }" ] .
ex:MyComponentClass rdfs:subClassOf sh:ConstraintComponent .
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; ex:maxSize 2 ] .
"""


def test_a_custom_component_declared_through_a_subclass_is_refused() -> None:
    shapes = _g(CUSTOM_BY_SUBCLASS)
    assert not engine_supports(shapes)
    with pytest.raises(InputError, match="ConstraintComponent"):
        engine_supports(shapes, "sparql")


def test_values_of_a_sequence_path_are_counted_once() -> None:
    shapes = """ex:S a sh:NodeShape ; sh:targetNode ex:a ;
        sh:property [ sh:path ( ex:p ex:q ) ; sh:class ex:C ; sh:maxCount 1 ] ."""
    data = "ex:a ex:p ex:b1 , ex:b2 . ex:b1 ex:q ex:c . ex:b2 ex:q ex:c ."
    found = _same(data, shapes)
    assert [r[3] for r in found] == [URIRef(EX + "c")]  # one sh:class result, no maxCount


def test_values_keep_the_datatype_the_data_holds(tmp_path: Path) -> None:
    shapes = """ex:S a sh:NodeShape ; sh:targetNode ex:a ;
        sh:property [ sh:path ex:p ; sh:datatype xsd:byte ] ;
        sh:property [ sh:path ex:q ; sh:datatype xsd:int ] ."""
    data = 'ex:a ex:p "300"^^xsd:byte , "5"^^xsd:byte ; ex:q "7"^^xsd:int .'
    found = _same(data, shapes)
    assert [r[3] for r in found] == [Literal("300", datatype=XSD.byte)]
    path = tmp_path / "data.ttl"
    path.write_text(PREFIXES + data, encoding="utf-8")
    outcome = validate_files([path], _g(shapes), engine="sparql")
    assert [f.value for f in outcome.results] == [Literal("300", datatype=XSD.byte)]


def test_two_literals_the_store_would_merge_fall_back_to_pyshacl() -> None:
    shapes = (
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] ."
    )
    data = 'ex:a ex:p "5"^^xsd:int , "5"^^xsd:integer .'
    assert len(_results(data, shapes, "auto")) == 1  # two values for pySHACL
    with pytest.raises(InputError, match="one value in the store"):
        validate(_g(data), _g(shapes), engine="sparql")


def test_the_report_keeps_blank_nodes_and_their_structure() -> None:
    shapes = (
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] ."
    )
    data = "[ a ex:C ; ex:name 'first' ] . [ a ex:C ; ex:name 'second' ] ."
    for engine in ("sparql", "pyshacl"):
        report = validate(_g(data), _g(shapes), engine=engine).report
        names = set()
        for result in report.objects(None, SH.result):
            focus = report.value(result, SH.focusNode)
            assert isinstance(focus, BNode)
            names.add(str(report.value(focus, URIRef(EX + "name"))))
            shape = report.value(result, SH.sourceShape)
            assert report.value(shape, SH.path) == URIRef(EX + "p")
        assert names == {"first", "second"}, engine


def test_conforms_is_false_in_the_report_when_there_are_only_warnings() -> None:
    shapes = """ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:severity sh:Warning ;
        sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Warning ] ."""
    for engine in ("sparql", "pyshacl"):
        outcome = validate(_g("ex:a ex:q 1 ."), _g(shapes), engine=engine)
        assert outcome.conforms  # the exit-code policy: warnings allowed
        assert outcome.report.value(None, SH.conforms, any=True) is None or (
            Literal(False) in set(outcome.report.objects(None, SH.conforms))
        )
        assert set(outcome.report.objects(None, SH.conforms)) == {Literal(False)}


def test_a_malformed_shapes_graph_is_refused_naming_shape_and_property(tmp_path: Path) -> None:
    from ecoonto.cli import cli

    shapes = tmp_path / "bad.ttl"
    shapes.write_text(
        PREFIXES + 'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:minCount "many" .',
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text(PREFIXES + "ex:a ex:p 1 .", encoding="utf-8")
    for engine in ("auto", "pyshacl"):
        with pytest.raises(InputError, match=r'shape ex:S property sh:minCount value "many"'):
            validate_files([data], _g(shapes.read_text(encoding="utf-8")), engine=engine)
    result = CliRunner().invoke(cli, ["validate", str(data), "--shapes", str(shapes)])
    assert result.exit_code == 2
    assert "sh:minCount" in result.output and "Traceback" not in result.output


def test_the_bundled_shapes_are_valid_shacl() -> None:
    # load_shapes() trusts them (no check at each run) because of this test
    from ecoonto.checking.shacl.meta import check_shapes
    from ecoonto.checking.validation import load_shapes

    check_shapes(load_shapes())


@pytest.mark.parametrize(
    "shape",
    [
        'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:minCount "many" .',
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:nodeKind ex:Other .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:minCount 1 ] .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:in ( 1 2 ) , ( 3 ) .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:datatype xsd:int , xsd:string .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:closed 1 .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:datatype xsd:int .",
    ],
)
def test_shacl_for_shacl_on_the_engine_equals_pyshacls_meta_validate(shape: str) -> None:
    import pyshacl

    from ecoonto.checking.shacl import ShapesError
    from ecoonto.checking.shacl.meta import check_shapes

    graph = _g(shape)
    reference, _report, _text = pyshacl.entrypoints.meta_validate(graph, inference="none")
    try:
        check_shapes(graph)
        ours = True
    except ShapesError:
        ours = False
    assert ours == reference


# $shapesGraph and $currentShape (SHACL 5.3.1, optional; pySHACL refuses $shapesGraph): the
# shapes graph is the named graph <urn:x-ecoonto:shapes-graph> of the query's dataset, the data
# its default graph; $currentShape is the shape. Expectations derived by hand.
SHAPES_GRAPH_QUERY = f'''ex:S a sh:NodeShape ; sh:targetClass ex:C ; ex:limit 2 ;
    sh:sparql [ sh:select """PREFIX ex: <{EX}>
        SELECT $this ?value WHERE {{
            $this ex:p ?value .
            GRAPH $shapesGraph {{ $currentShape ex:limit ?limit }}
            FILTER (?value > ?limit)
        }}""" ] .'''


def test_shapes_graph_and_current_shape_are_pre_bound() -> None:
    data = "ex:a a ex:C ; ex:p 1 . ex:b a ex:C ; ex:p 3 . ex:c ex:p 5 ."
    found = _results(data, SHAPES_GRAPH_QUERY, "sparql")
    assert found == [("Violation", URIRef(EX + "b"), None, Literal(3))]
    assert _results(data, SHAPES_GRAPH_QUERY, "auto") == found


def test_the_shapes_graph_is_not_in_the_data_s_dataset_otherwise() -> None:
    # The same GRAPH pattern on a variable graph, without $shapesGraph, finds no shapes graph.
    shapes = SHAPES_GRAPH_QUERY.replace("GRAPH $shapesGraph", "GRAPH ?g")
    assert _results("ex:b a ex:C ; ex:p 3 .", shapes, "sparql") == []


def test_shapes_graph_through_the_cli(tmp_path: Path) -> None:
    from ecoonto.cli import cli

    (tmp_path / "data.ttl").write_text(PREFIXES + "ex:b a ex:C ; ex:p 3 .", encoding="utf-8")
    (tmp_path / "shapes.ttl").write_text(PREFIXES + SHAPES_GRAPH_QUERY, encoding="utf-8")
    args = ["validate", str(tmp_path / "data.ttl"), "--shapes", str(tmp_path / "shapes.ttl")]
    res = CliRunner().invoke(cli, [*args, "--no-bundled-shapes", "--engine", "sparql"])
    assert res.exit_code == 1, res.output
    assert "1 violation" in res.output and "ex:b" in res.output
