"""ecoonto.rdf.convert: round trips are isomorphic, output is stable, failures leave OUT alone."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ecoonto import rdf, resources
from ecoonto.errors import InputError
from ecoonto.rdf import graphs
from ecoonto.rdf.convert import convert, format_name

# Blank nodes (a list, a nested node), a language tag, typed literals, an IRI with a fragment.
SMALL = """\
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:label "one"@en , "uno"@es ;
    ex:count 3 ;
    ex:ratio "0.5"^^xsd:decimal ;
    ex:when "2024-01-01"^^xsd:date ;
    ex:list ( ex:b ex:c "d" ) ;
    ex:node [ ex:p ex:q ; ex:r [ ex:s "deep" ] ] .
<http://example.org/thing#frag> ex:p "multi\\nline \\"quoted\\"" .
"""
QUADS = """\
<http://example.org/a> <http://example.org/p> "in default" .
<http://example.org/a> <http://example.org/p> "in g1" <http://example.org/g1> .
_:x <http://example.org/p> <http://example.org/b> <http://example.org/g2> .
"""
TRIPLE_EXTENSIONS = ["ttl", "nt", "rdf", "jsonld", "n3", "trig", "nq"]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def parse(path: Path) -> Graph:
    return graphs.load([path])


@pytest.mark.parametrize("ext", TRIPLE_EXTENSIONS)
def test_round_trip_through_each_format_is_isomorphic(tmp_path: Path, ext: str) -> None:
    source = write(tmp_path / "small.ttl", SMALL)
    middle = tmp_path / f"middle.{ext}"
    back = tmp_path / "back.ttl"
    first = convert(source, middle)
    assert first.triples == len(Graph().parse(source))
    convert(middle, back)
    assert isomorphic(parse(back), Graph().parse(source))


@pytest.mark.parametrize("ext", ["nt", "rdf", "jsonld"])
def test_core_ontology_round_trip_is_isomorphic(tmp_path: Path, ext: str) -> None:
    """The core ontology: many blank-node restrictions and lists."""
    out = tmp_path / f"core.{ext}"
    done = convert(resources.core_ontology(), out)
    original = Graph().parse(resources.core_ontology())
    assert done.triples == len(original)
    assert isomorphic(Graph().parse(out), original)


def test_turtle_output_is_canonical(tmp_path: Path) -> None:
    from ecoonto.rdf.graphs import canonical_turtle, load

    source = write(tmp_path / "small.nt", "")
    convert(write(tmp_path / "small.ttl", SMALL), source)
    out = tmp_path / "out.ttl"
    convert(source, out)
    text = out.read_text(encoding="utf-8")
    assert text == canonical_turtle(load([source]))
    convert(source, out)
    assert out.read_text(encoding="utf-8") == text, "the same graph gives the same text"


def test_ntriples_lines_are_sorted(tmp_path: Path) -> None:
    out = tmp_path / "out.nt"
    convert(write(tmp_path / "small.ttl", SMALL), out)
    lines = [line for line in out.read_text().splitlines() if not line.startswith("_:")]
    assert lines == sorted(lines)


def test_quads_keep_named_graphs(tmp_path: Path) -> None:
    source = write(tmp_path / "in.nq", QUADS)
    trig = tmp_path / "out.trig"
    done = convert(source, trig)
    assert (done.triples, done.named_graphs) == (3, 2)
    back = tmp_path / "back.nq"
    convert(trig, back)
    names = sorted(str(q.graph_name) for q in rdf.read(back))
    assert names == ["<http://example.org/g1>", "<http://example.org/g2>", "DEFAULT"]
    assert "  ." not in back.read_text(), "default-graph quads end with one space"


def test_named_graphs_are_not_dropped_silently(tmp_path: Path) -> None:
    source = write(tmp_path / "in.nq", QUADS)
    with pytest.raises(InputError, match=r"holds 2 named graphs .* write TriG, N-Quads or JSON-LD"):
        convert(source, tmp_path / "out.ttl")
    assert not (tmp_path / "out.ttl").exists()


def test_default_graph_only_quads_convert_to_triples(tmp_path: Path) -> None:
    source = write(tmp_path / "in.nq", QUADS.splitlines()[0] + "\n")
    out = tmp_path / "out.nt"
    assert convert(source, out).triples == 1
    assert out.read_text() == '<http://example.org/a> <http://example.org/p> "in default" .\n'


def test_explicit_formats_and_aliases(tmp_path: Path) -> None:
    source = write(tmp_path / "data.txt", SMALL)
    out = tmp_path / "data.out"
    done = convert(source, out, from_format="ttl", to_format="ntriples")
    assert (done.from_format, done.to_format) == ("turtle", "nt")
    assert isomorphic(Graph().parse(out, format="nt"), Graph().parse(source, format="turtle"))
    assert format_name(Path("x.ttl"), "RDF/XML") == "xml"


def test_refuses_to_overwrite_the_input(tmp_path: Path) -> None:
    source = write(tmp_path / "small.ttl", SMALL)
    with pytest.raises(InputError, match="is the input file"):
        convert(source, source)
    with pytest.raises(InputError, match="is the input file"):
        convert(source, tmp_path / "." / "small.ttl", to_format="nt")
    link = tmp_path / "link.ttl"
    os.symlink(source, link)
    with pytest.raises(InputError, match="is the input file"):
        convert(source, link)
    assert source.read_text(encoding="utf-8") == SMALL


def test_failed_conversion_leaves_an_existing_output_untouched(tmp_path: Path) -> None:
    out = write(tmp_path / "out.nt", "<http://example.org/old> <http://example.org/p> 1 .\n")
    before = out.read_bytes()
    bad = write(tmp_path / "bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:p .\n")
    with pytest.raises(InputError, match=r"bad\.ttl"):
        convert(bad, out)
    assert out.read_bytes() == before
    quads = write(tmp_path / "in.nq", QUADS)
    with pytest.raises(InputError):
        convert(quads, out)  # named graphs cannot go to N-Triples: found before writing
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "in.nq", "out.nt"]


def test_unserialisable_graph_is_bad_input_and_writes_nothing(tmp_path: Path) -> None:
    # RDF/XML cannot write a predicate IRI that ends in a character an XML name cannot end with.
    source = write(tmp_path / "odd.nt", '<http://example.org/a> <http://example.org/p/> "1" .\n')
    out = tmp_path / "odd.rdf"
    with pytest.raises(InputError, match="cannot write as RDF/XML"):
        convert(source, out)
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("missing.ttl", "out.nt"), "no such file"),
        (("small.ttl", "out.unknown"), "cannot tell the RDF format from the extension"),
        (("small.unknown", "out.nt"), "cannot tell the RDF format from the extension"),
        (("small.ttl", "nowhere/out.nt"), "does not exist"),
    ],
)
def test_bad_input(tmp_path: Path, args: tuple[str, str], message: str) -> None:
    write(tmp_path / "small.ttl", SMALL)
    write(tmp_path / "small.unknown", SMALL)
    with pytest.raises(InputError, match=message):
        convert(tmp_path / args[0], tmp_path / args[1])


def test_unknown_explicit_format(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown RDF format 'turtel'"):
        convert(write(tmp_path / "a.ttl", SMALL), tmp_path / "b.nt", from_format="turtel")


def test_output_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "dir.ttl").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        convert(
            write(tmp_path / "a.nt", "<http://a> <http://b> <http://c> .\n"), tmp_path / "dir.ttl"
        )


def test_serialise_a_triple_format_takes_the_default_graph() -> None:
    a, p, b = (ox.NamedNode(f"http://example.org/{n}") for n in "apb")
    assert rdf.serialize([ox.Quad(a, p, b)], "nt") == (
        b"<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n"
    )
    with pytest.raises(InputError, match="named graph"):
        rdf.serialize([ox.Quad(a, p, b, ox.NamedNode("http://example.org/g"))], "nt")
