"""ecoonto.rdf: reading and writing lose nothing, and canonical output is canonical.

The round trip (hypothesis) reaches: literals over an alphabet with every character that
``str.splitlines`` splits at (LF, CR, \\v, \\f, \\x1c-\\x1e, \\x85, U+2028, U+2029), tab,
quote, apostrophe, backslash, non-ASCII letters and an astral character; numeric lexical forms
(``+1``, ``01``, ``-0``, ``1E0``, ``1e+00``, ``.1``, ``1.``, ``1.0`` and ``1`` as
``xsd:decimal``, ``INF``, ``NaN``), booleans (``true``, ``1``), ill-typed literals
(``"abc"^^xsd:integer``), language tags, ``xsd:date`` and a custom datatype; IRIs with ``./``
and ``../`` segments; blank nodes; and named graphs. Every format is written and read back:
Turtle, TriG, N-Triples, N-Quads, JSON-LD (expanded and compact), RDF/XML and N3. The terms
read back must be the same terms (lexical form, datatype, language, graph), not only an
isomorphic graph; RDF/XML may refuse, and only data XML cannot carry.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecoonto import rdf
from ecoonto.errors import InputError
from ecoonto.rdf.formats import by_name
from ecoonto.rdf.parse import parse_bytes

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/"
SEPARATORS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
ALPHABET = SEPARATORS + "\t \"'\\aZ0é漢😀#<>{}"
NUMERIC = [
    ("+1", "integer"),
    ("01", "integer"),
    ("-0", "integer"),
    ("1", "decimal"),
    ("1.", "decimal"),
    ("1.0", "decimal"),
    (".1", "decimal"),
    ("+.1", "decimal"),
    ("1E0", "double"),
    ("1e+00", "double"),
    (".1e1", "double"),
    ("INF", "double"),
    ("NaN", "double"),
    ("true", "boolean"),
    ("1", "boolean"),
    ("abc", "integer"),
    ("2024-02-30", "date"),
    ("0042", "nonNegativeInteger"),
]
IRIS = [f"{EX}a", f"{EX}a/./b", f"{EX}a/../b", f"{EX}./c", f"{EX}x/y#frag", "urn:ex:z"]
GRAPHS = [None, f"{EX}g1", f"{EX}g/./2"]
FORMATS = ["turtle", "trig", "nt", "nquads", "json-ld", "xml", "n3"]
XML_ILLEGAL = set("\v\f\x1c\x1d\x1e")

texts = st.text(alphabet=ALPHABET, max_size=12)
literals = st.one_of(
    texts.map(ox.Literal),
    st.tuples(texts, st.sampled_from(["en", "en-gb", "zh-hant-tw"])).map(
        lambda t: ox.Literal(t[0], language=t[1])
    ),
    st.sampled_from(NUMERIC).map(lambda n: ox.Literal(n[0], datatype=ox.NamedNode(XSD + n[1]))),
    texts.map(lambda s: ox.Literal(s, datatype=ox.NamedNode(f"{EX}dt"))),
)
iris = st.sampled_from(IRIS).map(ox.NamedNode)
bnodes = st.sampled_from(["b0", "b1", "b2"]).map(ox.BlankNode)
subjects = st.one_of(iris, bnodes)
objects = st.one_of(iris, bnodes, literals)
predicates = st.sampled_from([f"{EX}p", f"{EX}q/./r", f"{XSD}x"]).map(ox.NamedNode)
graph_names = st.sampled_from(GRAPHS).map(
    lambda g: ox.DefaultGraph() if g is None else ox.NamedNode(g)
)
quad_lists = st.lists(
    st.builds(ox.Quad, subjects, predicates, objects, graph_names), min_size=0, max_size=8
)


def canonical(quads: list[ox.Quad]) -> set[str]:
    return {str(q) for q in rdf.canonical_quads(quads)}


def xml_can_carry(quads: list[ox.Quad]) -> bool:
    return not any(
        isinstance(q.object, ox.Literal) and XML_ILLEGAL & set(q.object.value) for q in quads
    )


@pytest.mark.parametrize("name", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quads=quad_lists)
def test_write_then_read_gives_the_same_terms(name: str, quads: list[ox.Quad]) -> None:
    form = by_name(name)
    if not form.datasets:
        quads = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
    prefixes = {"ex": EX, "xsd": XSD}
    for compact in (False, True) if name == "json-ld" else (False,):
        data = rdf.serialize(quads, form, prefixes=prefixes, compact=compact)
        assert data == rdf.serialize(
            list(reversed(quads)), form, prefixes=prefixes, compact=compact
        )
        if name == "xml":
            try:
                import xml.parsers.expat

                xml.parsers.expat.ParserCreate(namespace_separator=" ").Parse(data, True)
            except xml.parsers.expat.ExpatError:
                assert not xml_can_carry(quads), data  # refuse only what XML cannot hold
                continue
        again = parse_bytes(data, form)
        assert canonical(again) == canonical(quads), data.decode("utf-8", "replace")


def test_ntriples_never_split_a_literal(tmp_path: Path) -> None:
    value = "a" + SEPARATORS + "b"
    quad = ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p"), ox.Literal(value))
    data = rdf.serialize([quad], "nt")
    assert data.count(b"\n") == 1 and data.endswith(b" .\n")
    path = tmp_path / "x.nt"
    path.write_bytes(data)
    (back,) = rdf.read(path)
    assert back.object.value == value


def test_numeric_forms_are_written_as_they_were_read(tmp_path: Path) -> None:
    source = tmp_path / "n.ttl"
    source.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<http://e/a> <http://e/p> +1, 01, 1E0, .1, "1."^^xsd:decimal, 1.0, "1"^^xsd:decimal, '
        '"1.0"^^xsd:decimal .\n',
        encoding="utf-8",
    )
    quads = rdf.read(source)
    assert len(quads) == 8, '1. and 1.0 are two literals, as are 1.0 and "1"^^xsd:decimal'
    text = rdf.serialize(quads, "turtle", prefixes={"xsd": XSD}).decode()
    for form in ("+1", "01", "1E0", ".1", '"1."^^xsd:decimal', "1.0", '"1"^^xsd:decimal'):
        assert form in text, (form, text)
    out = tmp_path / "back.ttl"
    out.write_text(text, encoding="utf-8")
    assert canonical(rdf.read(out)) == canonical(quads)


def test_relative_iris_resolve_against_the_base(tmp_path: Path) -> None:
    source = tmp_path / "rel.ttl"
    source.write_text("<./a> <b/../p> <?y> .\n", encoding="utf-8")
    (quad,) = rdf.read(source, base="http://example.org/dir/doc")
    assert str(quad) == (
        "<http://example.org/dir/a> <http://example.org/dir/p> <http://example.org/dir/doc?y>"
    )


def test_empty_files_are_empty_graphs(tmp_path: Path) -> None:
    for name in ("e.ttl", "e.nt", "e.nq", "e.trig"):
        path = tmp_path / name
        path.write_bytes(b"")
        assert rdf.read(path) == []


@pytest.mark.parametrize(
    "document",
    [
        '{"@id": 5}',
        '{"@context": {"@vocab": 5}}',
        "[1",
        "",
        '{"@id": "http://e/a", "http://e/p": {"@value": "x", "@language": 5}}',
    ],
)
def test_invalid_jsonld_is_exit_2(tmp_path: Path, document: str) -> None:
    from click.testing import CliRunner

    from ecoonto.cli import cli

    source = tmp_path / "bad.jsonld"
    source.write_text(document, encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(cli, ["convert", str(source), str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(source) in errors[0]
    assert not out.exists()


THREE_PROCESSES_INPUT = """\
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:p [ ex:q [ ex:r "deep" ] ] , [ ex:q 01 ] ;
    ex:list ( 1 "two" [ ex:s ex:t ] ) .
_:c1 ex:next _:c2 . _:c2 ex:next _:c3 . _:c3 ex:next _:c1 .
_:d1 ex:next _:d2 . _:d2 ex:next _:d1 .
[] ex:lone "x\\u2028y" .
[] ex:lone "x\\u2028z" .
"""


@pytest.mark.parametrize("ext", ["ttl", "nt", "jsonld", "trig", "nq", "rdf"])
def test_three_processes_write_the_same_bytes(tmp_path: Path, ext: str) -> None:
    """Blank nodes (nested, in cycles, unreferenced) and a literal with U+2028: the same input
    converted in three processes, each with its own hash seed, gives identical bytes."""
    source = tmp_path / "in.ttl"
    source.write_text(THREE_PROCESSES_INPUT, encoding="utf-8")
    outputs = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"out{seed}.{ext}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [str(Path(sys.executable).parent / "ecoonto"), "convert", str(source), str(out)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert b"ns1" not in outputs[0]


def test_no_prefix_is_invented(tmp_path: Path) -> None:
    source = tmp_path / "in.nt"
    source.write_text(
        "<http://example.org/a%25/b> <http://other.example/p%20q> <http://x.example/%41/c> .\n",
        encoding="utf-8",
    )
    text = rdf.serialize(rdf.read(source), "turtle").decode()
    assert "PREFIX" not in text and "@prefix" not in text
    odd = {"bad": "http://example.org/%/", "ok": "http://example.org/"}
    text = rdf.serialize(rdf.read(source), "turtle", prefixes=odd).decode()
    assert "bad:" not in text


def test_a_named_graph_cannot_go_to_a_triple_format() -> None:
    quad = ox.Quad(
        ox.NamedNode(f"{EX}a"), ox.NamedNode(f"{EX}p"), ox.Literal("x"), ox.NamedNode(f"{EX}g")
    )
    with pytest.raises(InputError, match="named graph"):
        rdf.serialize([quad], "turtle")


def test_an_ill_typed_literal_is_data_not_a_traceback(tmp_path: Path) -> None:
    source = tmp_path / "ill.nt"
    source.write_text(
        '<http://e/a> <http://e/p> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        '<http://e/a> <http://e/p> "2024-13-45"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
        encoding="utf-8",
    )
    ecoonto = str(Path(sys.executable).parent / "ecoonto")
    for args in (["convert", str(source), str(tmp_path / "out.ttl")], ["validate", str(source)]):
        done = subprocess.run([ecoonto, *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stderr == "", done.stderr
    text = (tmp_path / "out.ttl").read_text(encoding="utf-8")
    assert '"abc"^^xsd:integer' in text and '"2024-13-45"^^xsd:date' in text
