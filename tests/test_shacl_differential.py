"""Differential tests: random small shapes graphs and data over the SHACL Core components, the
SPARQL engine against pySHACL (conforms, the report's sh:conforms, and the multiset of results).

Each disagreement hypothesis finds is kept as a fixture in tests/data/shacl-differential/ (a
shapes file and a data file) and replayed by ``test_fixture_agrees``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal
from rdflib.namespace import SH

from ecoonto.checking.validation import Outcome, validate
from ecoonto.errors import InputError
from tests.profiles import examples

FIXTURES = Path(__file__).parent / "data" / "shacl-differential"

PREFIXES = """\
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ex: <https://example.org/d/>
"""

NODES = [f"ex:n{i}" for i in range(5)]
LITERALS = [
    "1",
    "2",
    '"2"^^xsd:int',
    '"02"^^xsd:integer',
    "2.5",
    '"a"',
    '"ab"',
    '"a"@en',
    '"b"@en-GB',
    '"b"@fr',
    "true",
    '"300"^^xsd:byte',
]
PREDICATES = ["ex:p", "ex:q", "ex:r"]
CLASSES = ["ex:C", "ex:D"]

objects = st.sampled_from(NODES + LITERALS)
triples = st.tuples(st.sampled_from(NODES), st.sampled_from(PREDICATES), objects)
types = st.tuples(st.sampled_from(NODES), st.sampled_from(CLASSES))

paths = st.sampled_from(
    [
        "ex:p",
        "ex:q",
        "[ sh:inversePath ex:p ]",
        "( ex:p ex:q )",
        "( ex:p ex:p )",
        "[ sh:alternativePath ( ex:p ex:q ) ]",
        "[ sh:zeroOrMorePath ex:p ]",
        "[ sh:oneOrMorePath ex:q ]",
        "[ sh:zeroOrOnePath ex:p ]",
    ]
)

# constraints valid on node and property shapes
VALUE_CONSTRAINTS = [
    "sh:class ex:C",
    "sh:class ex:D",
    "sh:datatype xsd:integer",
    "sh:datatype xsd:int",
    "sh:datatype xsd:string",
    "sh:datatype rdf:langString",
    "sh:datatype xsd:byte",
    "sh:nodeKind sh:IRI",
    "sh:nodeKind sh:Literal",
    "sh:nodeKind sh:BlankNodeOrIRI",
    "sh:minInclusive 2",
    "sh:maxExclusive 2",
    'sh:minExclusive "a"',
    "sh:minLength 2",
    "sh:maxLength 1",
    'sh:pattern "^a"',
    'sh:pattern "B" ; sh:flags "i"',
    'sh:languageIn ( "en" )',
    "sh:hasValue ex:n1",
    "sh:hasValue 2",
    'sh:in ( ex:n1 1 "a" )',
    "sh:equals ex:q",
    "sh:disjoint ex:q",
    "sh:not [ sh:class ex:D ]",
    "sh:or ( [ sh:class ex:C ] [ sh:datatype xsd:integer ] )",
    "sh:and ( [ sh:nodeKind sh:IRI ] [ sh:class ex:C ] )",
    "sh:xone ( [ sh:class ex:C ] [ sh:class ex:D ] )",
    "sh:node ex:Inner",
    "sh:property [ sh:path ex:r ; sh:minCount 1 ]",
    "sh:property [ sh:path ex:p ; sh:maxCount 1 ]",
]
PROPERTY_CONSTRAINTS = [
    "sh:minCount 1",
    "sh:minCount 2",
    "sh:maxCount 0",
    "sh:maxCount 1",
    "sh:uniqueLang true",
    "sh:lessThan ex:r",
    "sh:lessThanOrEquals ex:r",
    "sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1",
    "sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMaxCount 1",
]
TARGETS = [
    "sh:targetClass ex:C",
    "sh:targetNode ex:n0",
    "sh:targetNode ex:n0 , 2",
    "sh:targetSubjectsOf ex:p",
    "sh:targetObjectsOf ex:q",
]
SEVERITIES = ["", " ; sh:severity sh:Warning", " ; sh:severity sh:Info"]


@st.composite
def shapes_graphs(draw: st.DrawFn) -> str:
    target = draw(st.sampled_from(TARGETS))
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(VALUE_CONSTRAINTS)))
        else:
            path = draw(paths)
            inner = draw(
                st.lists(
                    st.sampled_from(VALUE_CONSTRAINTS + PROPERTY_CONSTRAINTS),
                    min_size=1,
                    max_size=2,
                )
            )
            severity = draw(st.sampled_from(SEVERITIES))
            parts.append(f"sh:property [ sh:path {path} ; {' ; '.join(inner)}{severity} ]")
    if draw(st.booleans()):
        parts.append("sh:closed true ; sh:ignoredProperties ( rdf:type ex:q )")
    severity = draw(st.sampled_from(SEVERITIES))
    return (
        f"ex:S a sh:NodeShape ; {target} ; {' ; '.join(parts)}{severity} .\n"
        "ex:Inner a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .\n"
    )


@st.composite
def data_graphs(draw: st.DrawFn) -> str:
    lines = [f"{s} {p} {o} ." for s, p, o in draw(st.lists(triples, max_size=12))]
    lines += [f"{s} a {c} ." for s, c in draw(st.lists(types, max_size=4))]
    lines.append("ex:D rdfs:subClassOf ex:C .")
    if draw(st.booleans()):
        lines.append("[ a ex:C ; ex:p ex:n1 ; ex:q [ ex:p 1 ] ] .")
    return "\n".join(lines) + "\n"


def _key(outcome: Outcome) -> tuple[bool, bool, Counter[tuple[object, ...]]]:
    def term(node: object) -> object:
        return "_:b" if isinstance(node, BNode) else node

    results = Counter(
        (f.severity, term(f.focus), f.path, term(f.value), f.message, f.shape)
        for f in outcome.results
    )
    report_conforms = set(outcome.report.objects(None, SH.conforms)) == {Literal(True)}
    return outcome.conforms, report_conforms, results


def _run(data: str, shapes: str, engine: str) -> object:
    try:
        return _key(
            validate(
                Graph().parse(data=PREFIXES + data, format="turtle"),
                Graph().parse(data=PREFIXES + shapes, format="turtle"),
                engine=engine,
            )
        )
    except InputError as exc:
        return f"error: {'refused' if 'SPARQL engine cannot run' in str(exc) else 'input'}"


def _agree(data: str, shapes: str) -> None:
    fast = _run(data, shapes, "sparql")
    if fast == "error: refused":
        return  # refused: auto runs pySHACL (checked in test_shacl.py)
    slow = _run(data, shapes, "pyshacl")
    if isinstance(fast, str) or isinstance(slow, str):
        assert fast == slow
        return
    assert fast == slow, f"\n--- shapes\n{shapes}\n--- data\n{data}"


@settings(max_examples=examples(40))
@given(shapes=shapes_graphs(), data=data_graphs())
def test_the_engine_agrees_with_pyshacl(shapes: str, data: str) -> None:
    _agree(data, shapes)


@pytest.mark.parametrize(
    "case", sorted(p.name for p in FIXTURES.glob("*")) if FIXTURES.exists() else []
)
def test_fixture_agrees(case: str) -> None:
    folder = FIXTURES / case
    shapes = (folder / "shapes.ttl").read_text(encoding="utf-8")
    data = (folder / "data.ttl").read_text(encoding="utf-8")
    _agree(data, shapes)
