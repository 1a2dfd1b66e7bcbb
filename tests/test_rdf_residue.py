"""The syntax residue of issue 23: each case fixed exactly, or refused with its real reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecoonto.errors import InputError
from ecoonto.rdf.convert import convert
from ecoonto.rdf.formats import by_name
from ecoonto.rdf.parse import parse_bytes

RDF_XML = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/"'
    ' xmlns:unused="http://unused/"><rdf:Description rdf:about="http://s">{}'
    "</rdf:Description></rdf:RDF>"
)


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ({"@value": "Die Königin", "@language": "de", "@direction": "ltr"}, '"Die Königin"@de'),
        ({"@value": "x", "@direction": "rtl"}, '"x"'),
        ({"@value": "y", "@language": "ar"}, '"y"@ar'),
    ],
)
def test_jsonld_direction_dropped_as_the_default_says(value: dict[str, str], want: str) -> None:
    import json

    data = json.dumps({"@id": "http://s", "http://p": value}).encode()
    [quad] = parse_bytes(data, by_name("json-ld"))
    assert str(quad.object) == want


def test_xml_literal_is_exclusive_canonical() -> None:
    content = '<e:p rdf:parseType="Literal"><e:b a="1"  z="2">t &amp; &gt;</e:b> x</e:p>'
    [quad] = parse_bytes(RDF_XML.format(content).encode(), by_name("xml"))
    assert quad.object.value == '<e:b xmlns:e="http://e/" a="1" z="2">t &amp; &gt;</e:b> x'


def test_other_rdf_xml_literals_unchanged() -> None:
    content = '<e:p rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">01</e:p>'
    [quad] = parse_bytes(RDF_XML.format(content).encode(), by_name("xml"))
    assert str(quad.object) == '"01"^^<http://www.w3.org/2001/XMLSchema#integer>'


@pytest.mark.parametrize(
    "trig",
    [
        "_:g { <http://s> <http://p> _:g . }\n",
        '_:g { <http://s> <http://p> <http://o> . }\n_:g <http://q> "v" .\n',
        '_:g { _:g <http://p> <http://o> . }\n<http://x> { _:g <http://q> "01"^^<http://t> . }\n',
    ],
)
@pytest.mark.parametrize("to", ["trig", "nq", "jsonld"])
def test_trig_blank_node_naming_a_graph_and_a_node(tmp_path: Path, trig: str, to: str) -> None:
    source = tmp_path / "in.trig"
    source.write_text(trig, encoding="utf-8")
    target = tmp_path / f"out.{to}"
    convert(source, target)
    want = {str(q) for q in _canonical(parse_bytes(trig.encode(), by_name("trig")))}
    again = parse_bytes(
        target.read_bytes(), by_name({"nq": "nquads", "jsonld": "json-ld"}.get(to, to))
    )
    assert {str(q) for q in _canonical(again)} == want


def _canonical(quads: list[object]) -> list[object]:
    from ecoonto.rdf import canonical_quads

    return canonical_quads(quads)  # type: ignore[arg-type, return-value]


@pytest.mark.parametrize("predicate", ["http://p/", "http://p#", "http://e/1-"])
def test_cannot_write_gives_the_real_reason(tmp_path: Path, predicate: str) -> None:
    source = tmp_path / "in.nt"
    source.write_text(f'<http://s> <{predicate}> "x" .\n', encoding="utf-8")
    target = tmp_path / "out.rdf"
    with pytest.raises(InputError) as caught:
        convert(source, target)
    assert caught.value.message == (
        f"{source}: cannot write as RDF/XML: the predicate <{predicate}> ends in no XML name"
        " (RDF/XML writes a predicate as an element, a namespace and a local name that"
        " starts with a letter or '_'): choose another format"
    )
    assert not target.exists()


def test_cannot_write_named_graphs_says_so(tmp_path: Path) -> None:
    source = tmp_path / "in.nq"
    source.write_text('<http://s> <http://p> "x" <http://g> .\n', encoding="utf-8")
    with pytest.raises(InputError, match="named graph .*<http://g>.* Turtle cannot keep"):
        convert(source, tmp_path / "out.ttl")
