"""ecoonto.checking.shacl: the SPARQL engine gives the findings pySHACL gives.

Every comparison runs both engines through ``ecoonto.checking.validation.validate`` on the same
rdflib graph and compares the full ``Finding`` tuples (severity, focus, path, value, message,
shape). Blank nodes are compared by position only (both engines name the graph's own blank nodes,
but a result on a blank node is compared as "a blank node").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal

from ecoonto import resources
from ecoonto.authoring.generate import generate
from ecoonto.checking import shacl
from ecoonto.checking.validation import (
    Finding,
    Outcome,
    engine_supports,
    load_shapes,
    validate,
    validate_files,
    validate_store,
)
from ecoonto.errors import InputError
from ecoonto.rdf import graphs

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "data" / "shapes"
FIXTURE_FILES = sorted(FIXTURES.glob("*/*.ttl"))
EX = "https://example.org/ecoonto-test/"

PREFIXES = """\
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ex: <https://example.org/ecoonto-test/>
"""


@pytest.fixture(scope="module")
def bundled_shapes() -> Graph:
    return load_shapes()


def _normalised(findings: list[Finding]) -> list[tuple[object, ...]]:
    def term(node: object) -> object:
        return "_:b" if isinstance(node, BNode) else node

    return sorted(
        ((f.severity, term(f.focus), f.path, term(f.value), f.message, f.shape) for f in findings),
        key=str,
    )


def _both(data: Graph, shapes: Graph) -> tuple[Outcome, Outcome]:
    fast = validate(data, shapes, engine="sparql")
    slow = validate(data, shapes, engine="pyshacl")
    return fast, slow


def _assert_same(data: Graph, shapes: Graph) -> Outcome:
    fast, slow = _both(data, shapes)
    assert _normalised(fast.results) == _normalised(slow.results)
    assert fast.conforms == slow.conforms
    return fast


# --- The bundled shapes: fixtures, the bundled graph, generated graphs ---


def test_there_is_a_fixture_pair_per_shape() -> None:
    assert len(FIXTURE_FILES) == 62  # 31 shapes, a valid and an invalid file each


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_findings_equal_pyshacl(path: Path, bundled_shapes: Graph) -> None:
    fast, slow = _both(graphs.load([path]), bundled_shapes)
    assert fast.results == slow.results  # no blank nodes in the fixtures' results: exact
    assert fast.conforms == slow.conforms
    if path.stem == "invalid":
        assert fast.results, "an invalid fixture gives at least one result"


def test_bundled_graph_findings_equal_pyshacl(bundled_shapes: Graph) -> None:
    fast, slow = _both(graphs.load_bundled(), bundled_shapes)
    assert fast.results == slow.results
    assert len(fast.warnings) == 9 and fast.conforms


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("generated") / "industry.ttl"
    result = generate(200, seed=3, violations=0.1, path=path)
    return path, sum(result.injected.values())


def test_generated_graph_with_injected_violations_equals_pyshacl(
    generated: tuple[Path, int], bundled_shapes: Graph
) -> None:
    path, injected = generated
    data = graphs.load([resources.core_ontology(), path])
    fast, slow = _both(data, bundled_shapes)
    assert fast.results == slow.results
    assert injected >= 10
    assert len(fast.violations) == injected
    # Straight from the files (pyoxigraph's parser, no rdflib graph): the same findings.
    from_files = validate_files([resources.core_ontology(), path], bundled_shapes)
    assert from_files.results == slow.results


def test_generated_graph_in_a_named_graph_of_a_store(
    generated: tuple[Path, int], bundled_shapes: Graph
) -> None:
    import pyoxigraph as ox

    path, injected = generated
    store = ox.Store()
    name = ox.NamedNode(EX + "graph")
    for file in (resources.core_ontology(), path):
        store.load(path=str(file), format=ox.RdfFormat.TURTLE, to_graph=name)
    outcome = validate_store(store, bundled_shapes, graph=EX + "graph")
    assert len(outcome.violations) == injected
    assert validate_store(store, bundled_shapes).results == []  # the default graph is empty


# --- Hand-written shapes for the components the bundled shapes do not use ---

DATA = (
    PREFIXES
    + """
ex:Thing a rdfs:Class .
ex:Gadget rdfs:subClassOf ex:Thing .
ex:a a ex:Thing ; ex:code "AB-12" , "x" ; ex:size 5 ; ex:low 3 ; ex:high 7 ;
    ex:name "Alpha"@en , "Alfa"@en-GB , "Alpha"@de ; ex:same ex:b ; ex:copy ex:b ;
    ex:link ex:b , [ ex:size 1 ] , "lit" ; ex:start "2024-01-01"^^xsd:date ;
    ex:end "2023-01-01"^^xsd:date ; ex:count "12"^^xsd:integer , "x1"^^xsd:integer .
ex:b a ex:Gadget ; ex:code "cd-3" ; ex:size 12.5 ; ex:low 9 ; ex:high 2 ; ex:next ex:c ;
    ex:name "Beta"@en ; ex:same ex:a ; ex:copy ex:c ; ex:link ex:a ; ex:extra "e" ;
    ex:start "2024-05-01"^^xsd:date ; ex:end "2025-01-01"^^xsd:date .
ex:c a ex:Thing ; ex:next ex:d ; ex:size "big" ; ex:low "1" ; ex:high 1 .
ex:d ex:next ex:a ; ex:size -1.0 .
"""
)

# name -> shapes (each with sh:message, so that the texts can be compared too)
COMPONENT_SHAPES: dict[str, str] = {
    "nodeKind": """
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:link ;
          sh:nodeKind sh:IRI ; sh:message "link is not an IRI"@en ] ;
          sh:property [ sh:path ex:link ; sh:nodeKind sh:BlankNodeOrLiteral ;
          sh:message "link is an IRI"@en ] .
    """,
    "pattern": """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:code ; sh:property [ sh:path ex:code ;
          sh:pattern "^[a-z]+-[0-9]+$" ; sh:flags "i" ; sh:message "bad code"@en ] .
    """,
    "ranges": """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:size ;
          sh:property [ sh:path ex:size ; sh:minInclusive 0 ; sh:message "below 0"@en ] ;
          sh:property [ sh:path ex:size ; sh:maxExclusive 12.5 ; sh:message "12.5 or more"@en ] ;
          sh:property [ sh:path ex:size ; sh:minExclusive 1 ; sh:message "1 or less"@en ] ;
          sh:property [ sh:path ex:size ; sh:maxInclusive 10 ; sh:message "over 10"@en ] .
    """,
    "length": """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:code , ex:link ;
          sh:property [ sh:path ex:code ; sh:minLength 2 ; sh:maxLength 4 ;
            sh:message "code length"@en ] ;
          sh:property [ sh:path ex:link ; sh:maxLength 30 ; sh:message "long link"@en ] .
    """,
    "equals-disjoint": """
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
          sh:property [ sh:path ex:same ; sh:equals ex:copy ; sh:message "same != copy"@en ] ;
          sh:property [ sh:path ex:link ; sh:disjoint ex:same ; sh:message "link = same"@en ] .
    """,
    "lessThan": """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:low ;
          sh:property [ sh:path ex:low ; sh:lessThan ex:high ; sh:message "low >= high"@en ] ;
          sh:property [ sh:path ex:start ; sh:lessThanOrEquals ex:end ;
            sh:message "start after end"@en ] .
    """,
    "node-and": """
        ex:Sized a sh:NodeShape ; sh:property [ sh:path ex:size ; sh:minCount 1 ;
          sh:datatype xsd:integer ; sh:message "size"@en ] .
        ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ;
          sh:message "name"@en ] .
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
          sh:property [ sh:path ex:next ; sh:node ex:Sized ; sh:message "next unsized"@en ] ;
          sh:and ( ex:Sized ex:Named ) ; sh:message "not sized and named"@en .
    """,
    "closed": """
        ex:S a sh:NodeShape ; sh:targetClass ex:Gadget ; sh:closed true ;
          sh:ignoredProperties ( rdf:type ) ; sh:message "unexpected property"@en ;
          sh:property [ sh:path ex:code ] , [ sh:path ex:size ] , [ sh:path ex:name ] ,
            [ sh:path ex:same ] , [ sh:path ex:copy ] ,
            [ sh:path ex:link ; sh:deactivated true ] .
    """,
    "qualified": """
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:link ;
          sh:qualifiedValueShape [ sh:class ex:Thing ] ; sh:qualifiedMinCount 1 ;
          sh:qualifiedMaxCount 1 ; sh:message "not one Thing linked"@en ] .
    """,
    "datatype-language": """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:name , ex:count ;
          sh:property [ sh:path ex:count ; sh:datatype xsd:integer ; sh:message "count"@en ] ;
          sh:property [ sh:path ex:name ; sh:languageIn ( "en" ) ; sh:uniqueLang true ;
            sh:message "name language"@en ] .
    """,
    "paths": """
        ex:S a sh:NodeShape ; sh:targetNode ex:a , ex:c ;
          sh:property [ sh:path [ sh:oneOrMorePath ex:next ] ; sh:maxCount 2 ;
            sh:message "reaches more than two"@en ] ;
          sh:property [ sh:path [ sh:zeroOrMorePath ex:next ] ; sh:class ex:Thing ;
            sh:message "reaches a non-Thing"@en ] ;
          sh:property [ sh:path [ sh:zeroOrOnePath [ sh:inversePath ex:next ] ] ;
            sh:hasValue ex:b ; sh:message "not b or after b"@en ] .
    """,
    "implicit-class-target-or-not-xone": """
        ex:Thing a sh:NodeShape , rdfs:Class ; sh:severity sh:Info ; sh:message "odd thing"@en ;
          sh:xone ( [ sh:path ex:next ; sh:minCount 1 ] [ sh:path ex:code ; sh:minCount 1 ] ) ;
          sh:not [ sh:path ex:size ; sh:datatype xsd:string ] .
    """,
    "deactivated-and-severity": """
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
          sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:severity sh:Warning ;
            sh:message "no name"@en ] ;
          sh:property [ sh:path ex:size ; sh:maxCount 0 ; sh:deactivated true ;
            sh:message "never"@en ] .
        ex:T a sh:NodeShape ; sh:targetClass ex:Thing ; sh:deactivated true ;
          sh:property [ sh:path ex:code ; sh:minCount 5 ; sh:message "never"@en ] .
    """,
    "sparql": """
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
          sh:message "the shape's message"@en ;
          sh:sparql [ sh:message "{$this} is bigger than its next ({?other})" ;
            sh:prefixes ex:decl ;
            sh:select \"\"\"SELECT $this ?value ?other WHERE {
                $this ex:size ?value ; ex:next/ex:size ?other .
                FILTER (isNumeric(?value) && isNumeric(?other) && ?value > ?other) }\"\"\" ] .
        ex:P a sh:PropertyShape ; sh:targetSubjectsOf ex:high ; sh:path ex:high ;
          sh:sparql [ sh:select \"\"\"SELECT $this ?value WHERE {
                $this $PATH ?value . FILTER (?value < 3) }\"\"\" ] ;
          sh:message "high below 3"@en .
        ex:decl sh:declare [ sh:prefix "ex" ; sh:namespace
          "https://example.org/ecoonto-test/"^^xsd:anyURI ] .
    """,
}


def _graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


@pytest.mark.parametrize("name", sorted(COMPONENT_SHAPES))
def test_component_findings_equal_pyshacl(name: str) -> None:
    shapes = _graph(PREFIXES + COMPONENT_SHAPES[name])
    assert engine_supports(shapes, "sparql")
    outcome = _assert_same(_graph(DATA), shapes)
    if name != "deactivated-and-severity":
        assert outcome.results, "each hand-written shape finds something in DATA"


def test_deactivated_shapes_give_nothing() -> None:
    shapes = _graph(PREFIXES + COMPONENT_SHAPES["deactivated-and-severity"])
    outcome = validate(_graph(DATA), shapes, engine="sparql")
    assert {f.message for f in outcome.results} == {"no name"}
    assert {f.severity for f in outcome.results} == {"Warning"}


@pytest.mark.parametrize("name", sorted(set(COMPONENT_SHAPES) - {"sparql"}))
def test_without_messages_the_texts_are_pyshacls_generic_ones(name: str) -> None:
    text = re.sub(r'sh:message "[^"]*"(@en)?\s*;?', "", COMPONENT_SHAPES[name])
    assert "sh:message" not in text
    _assert_same(_graph(DATA), _graph(PREFIXES + text))


def test_a_generic_text_describes_a_blank_node_as_pyshacl_does() -> None:
    shapes = _graph(
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:link ;"
        " sh:in ( ex:b ) ] ."
    )
    fast, slow = _both(_graph(DATA), shapes)
    (blank,) = [f for f in fast.results if isinstance(f.value, BNode)]
    (other,) = [f for f in slow.results if isinstance(f.value, BNode)]
    assert other.message.startswith("Value [ ex:size")  # pySHACL prints the node's triples
    assert blank.message == other.message  # and so does the engine (from the store)
    assert [f.message for f in fast.results if f.value == Literal("lit")] == [
        m for m in (f.message for f in slow.results if f.value == Literal("lit"))
    ]


def test_literal_values_keep_their_lexical_form() -> None:
    shapes = _graph(
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetNode ex:q ; sh:property [ sh:path ex:v ;"
        ' sh:maxInclusive 1 ; sh:message "too big"@en ] .'
    )
    data = _graph(PREFIXES + "ex:q ex:v 100.0 , 2.50 , 1.0 .")
    outcome = _assert_same(data, shapes)
    assert sorted(str(f.value) for f in outcome.results) == ["100.0", "2.50"]


def test_report_graph_copies_the_result_path(bundled_shapes: Graph) -> None:
    from rdflib.namespace import SH

    data = graphs.load([FIXTURES / "CoachPresentShape" / "invalid.ttl"])
    outcome = validate(data, bundled_shapes, engine="sparql")
    (result,) = outcome.report.objects(None, SH.result)
    path = outcome.report.value(result, SH.resultPath)
    assert isinstance(path, BNode) and (path, None, None) in outcome.report
    assert outcome.report.value(result, SH.sourceConstraintComponent) == (
        SH.HasValueConstraintComponent
    )
    text = graphs.canonical_turtle(outcome.report)
    # a warning: the data conforms for the exit code, the report says false (SHACL 3.6.1)
    assert outcome.conforms
    assert "sh:conforms false" in text and "sh:inversePath eco:inIndustry" in text


# --- What the engine does not run: pySHACL for the whole run, or an error ---

CUSTOM_COMPONENT = (
    PREFIXES
    + """
ex:MaxSizeComponent a sh:ConstraintComponent ;
  sh:parameter [ sh:path ex:maxSize ] ;
  sh:propertyValidator [ a sh:SPARQLSelectValidator ;
    sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER (?value > $maxSize) }" ] .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path ex:size ; ex:maxSize 6 ; sh:message "too big"@en ] .
"""
)


def test_unsupported_shapes_fall_back_to_pyshacl_under_auto() -> None:
    shapes = _graph(CUSTOM_COMPONENT)
    assert not engine_supports(shapes)
    auto = validate(_graph(DATA), shapes)
    slow = validate(_graph(DATA), shapes, engine="pyshacl")
    assert _normalised(auto.results) == _normalised(slow.results)
    assert EX + "b" in {str(f.focus) for f in auto.results}


def test_unsupported_shapes_are_refused_by_the_sparql_engine() -> None:
    shapes = _graph(CUSTOM_COMPONENT)
    with pytest.raises(InputError, match="MaxSizeComponent: sh:ConstraintComponent"):
        validate(_graph(DATA), shapes, engine="sparql")
    with pytest.raises(shacl.Unsupported):
        shacl.compile_shapes(shapes)


@pytest.mark.parametrize(
    "shape",
    [
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:rule [ a sh:TripleRule ] .",
        "ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select 'SELECT ?this {}' ] .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:node ex:S .",
        "[ a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select"
        " 'SELECT $this WHERE { $this ?p $currentShape }' ] ] .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:unknownParameter 1 .",
    ],
    ids=["rule", "sparql-target", "recursive", "blank-current-shape", "unknown"],
)
def test_features_the_engine_refuses(shape: str) -> None:
    with pytest.raises(shacl.Unsupported):
        shacl.compile_shapes(_graph(PREFIXES + shape))


def test_unknown_engine_is_bad_input(bundled_shapes: Graph) -> None:
    with pytest.raises(InputError, match="unknown validation engine 'fast'"):
        validate(graphs.new_graph(), bundled_shapes, engine="fast")


def test_terms_round_trip_between_rdflib_and_pyoxigraph() -> None:
    from rdflib import URIRef

    to_ox = graphs.ToOxigraph(keep_labels=True)
    for term in (
        URIRef(EX + "a"),
        BNode("b12"),
        Literal("x"),
        Literal("y", lang="en"),
        Literal("3", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")),
    ):
        assert graphs.to_rdflib(to_ox.term(term)) == term


def test_language_tags_keep_their_case() -> None:
    # Oxigraph stores "x"@en-GB as "x"@en-gb; the finding names the literal as written.
    shapes = _graph(
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetNode ex:q ; sh:property [ sh:path ex:v ;"
        ' sh:languageIn ( "fr" ) ; sh:message "not French"@en ] .'
    )
    data = _graph(PREFIXES + 'ex:q ex:v "colour"@en-GB , "couleur"@fr-CA .')
    outcome = _assert_same(data, shapes)
    assert [f.value for f in outcome.results] == [Literal("colour", lang="en-GB")]


def test_files_keep_language_tags_and_numbers_as_written(tmp_path: Path) -> None:
    shapes = _graph(
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetNode ex:q ;"
        ' sh:property [ sh:path ex:v ; sh:languageIn ( "fr" ) ; sh:message "lang"@en ] ;'
        ' sh:property [ sh:path ex:n ; sh:maxInclusive 1 ; sh:message "n"@en ] .'
    )
    path = tmp_path / "data.ttl"
    path.write_text(PREFIXES + 'ex:q ex:v "colour"@en-GB ; ex:n 2.50 .\n', encoding="utf-8")
    from_files = validate_files([path], shapes, engine="sparql")
    assert from_files.results == validate(graphs.load([path]), shapes, engine="pyshacl").results
    assert {str(f.value) for f in from_files.results} == {"colour", "2.50"}


@pytest.mark.parametrize(
    "name",
    ["model", "sparql", "components", "shapes", "literals", "engine", "results_graph", "meta"],
)
def test_docstring_examples_of_the_engine_run(name: str) -> None:
    import doctest
    import importlib

    module = importlib.import_module(f"ecoonto.checking.shacl.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0
