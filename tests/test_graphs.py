"""Loading, merging and canonical serialisation of Turtle (ecoonto.rdf.graphs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from ecoonto import resources
from ecoonto.errors import InputError
from ecoonto.rdf.graphs import canonical_turtle, load, write_atomic

ECO = "https://w3id.org/ecoonto/"


def bundled_turtle_files() -> list[Path]:
    return [*sorted(resources.ontology_dir().rglob("*.ttl")), *resources.shape_files()]


@pytest.mark.parametrize("path", bundled_turtle_files(), ids=lambda p: p.name)
def test_bundled_turtle_is_canonical(path: Path) -> None:
    """Re-serialising a bundled file changes nothing: diffs stay readable."""
    text = path.read_text(encoding="utf-8")
    assert canonical_turtle(load([path])) == text, (
        f"{path} is not canonical: run python scripts/canonicalise.py {path}"
    )


def test_canonical_turtle_is_stable_across_parses() -> None:
    g = load([resources.core_ontology()])
    first = canonical_turtle(g)
    again = Graph()
    again.parse(data=first, format="turtle")
    assert canonical_turtle(again) == first
    assert len(again) == len(g)


def test_every_eco_term_used_is_declared(bundled_graph: Graph) -> None:
    """A typo in an eco: IRI is still valid Turtle; catch it by requiring a declaration."""
    declared = {s for s in bundled_graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    used: set[URIRef] = set()
    for s, p, o in bundled_graph:
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(ECO):
                used.add(term)
    # Ontology IRIs and version IRIs are names of modules, not terms.
    modules = {
        t for t in used if str(t).startswith(ECO + "core") or str(t).startswith(ECO + "industries/")
    }
    undeclared = sorted(str(t) for t in used - declared - modules)
    assert undeclared == []


def test_missing_file_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no such file"):
        load([tmp_path / "nope.ttl"])


def test_directory_is_refused(tmp_path: Path) -> None:
    d = tmp_path / "dir.ttl"
    d.mkdir()
    with pytest.raises(InputError, match="is a directory"):
        load([d])


@pytest.mark.parametrize("name", ["empty.ttl", "empty.nt", "empty.nq", "empty.trig", "empty.n3"])
def test_an_empty_file_is_an_empty_graph(tmp_path: Path, name: str) -> None:
    """The grammars of Turtle, N-Triples, N-Quads, TriG and N3 allow an empty document."""
    f = tmp_path / name
    f.write_text("")
    assert len(load([f])) == 0


def test_malformed_turtle_names_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.ttl"
    f.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n")
    with pytest.raises(InputError) as info:
        load([f])
    message = info.value.message
    assert str(f) in message
    assert message.startswith(f"{f}:3:11: Turtle syntax error")
    assert "\n" not in message


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "latin1.ttl"
    f.write_bytes(b'<http://e/a> <http://e/b> "ok" .\n<http://e/a> <http://e/b> "caf\xe9" .\n')
    with pytest.raises(InputError, match=r"latin1.ttl:2:31: invalid UTF-8"):
        load([f])


def test_unknown_extension_needs_a_format(tmp_path: Path) -> None:
    f = tmp_path / "data.txt"
    f.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    with pytest.raises(InputError, match="extension"):
        load([f])
    assert len(load([f], fmt="nt")) == 1


def test_failed_load_returns_nothing_half_loaded(tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://e/a> <http://e/b> .\n")
    with pytest.raises(InputError):
        load([good, bad])


def test_write_atomic_keeps_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("old")

    class Boom(str):
        def encode(self, *args: object, **kwargs: object) -> bytes:  # type: ignore[override]
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_atomic(target, Boom("new"))
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]
    write_atomic(target, "new")
    assert target.read_text() == "new"


# --- Files straight into pyoxigraph: graphs.file_quads, files_quads, load_store ---

TRIG = """@prefix ex: <https://example.org/ecoonto-test/> .
@prefix extra: <https://example.org/extra/> .
ex:a ex:p [ ex:q "in the default graph" ] .
ex:g { ex:a ex:p ex:only-in-a-named-graph . }
"""
RDFXML = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:ex="https://example.org/ecoonto-test/">
  <rdf:Description rdf:about="https://example.org/ecoonto-test/a">
    <ex:p xmlns:inner="https://example.org/inner/" rdf:nodeID="b"/>
  </rdf:Description>
  <rdf:Description rdf:nodeID="b"><ex:q>x</ex:q></rdf:Description>
</rdf:RDF>
"""


def _as_graph(store: object) -> Graph:
    import pyoxigraph as ox

    assert isinstance(store, ox.Store)
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    graph = Graph()
    graph.parse(data=data, format="nt")
    return graph


@pytest.mark.parametrize(("name", "text"), [("data.trig", TRIG), ("data.rdf", RDFXML)])
def test_load_store_gives_the_graph_and_prefixes_load_gives(
    tmp_path: Path, name: str, text: str
) -> None:
    """TriG (the default graph only) and RDF/XML, read by pyoxigraph, bind what rdflib binds."""
    from rdflib.compare import isomorphic

    from ecoonto.rdf import graphs

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    store, prefixes = graphs.load_store([path])
    assert isomorphic(_as_graph(store), load([path]))
    assert sorted(prefixes.namespaces()) == sorted(load([path]).namespaces())


@pytest.mark.parametrize("suffix", [".ttl", ".trig", ".jsonld"])
def test_each_file_has_its_own_blank_nodes(tmp_path: Path, suffix: str) -> None:
    """Two files that both say _:b speak of two nodes (an RDF merge), whether pyoxigraph loads
    the file into the store or streams it."""
    from ecoonto.rdf import graphs

    text = {
        ".ttl": "_:b <https://example.org/p> <https://example.org/o> .\n",
        ".trig": "{ _:b <https://example.org/p> <https://example.org/o> . }\n",
        ".jsonld": '{"@id": "_:b", "https://example.org/p": {"@id": "https://example.org/o"}}',
    }[suffix]
    paths = [tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"]
    for path in paths:
        path.write_text(text, encoding="utf-8")
    store, _prefixes = graphs.load_store(paths)
    assert len(store) == 2
    assert len(load(paths)) == 2
    assert len(set(graphs.files_quads(paths))) == 2


def test_file_quads_streams_the_default_graph_and_counts_the_bytes(tmp_path: Path) -> None:
    from ecoonto.rdf import graphs

    path = tmp_path / "data.trig"
    path.write_text(TRIG, encoding="utf-8")
    for careful in (False, True):
        read: list[int] = []
        quads = list(graphs.file_quads(path, careful=careful, on_read=read.append))
        assert len(quads) == len(load([path])) == 2
        assert sum(read) == path.stat().st_size


def test_file_quads_into_a_store_loads_it_at_the_call(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from ecoonto.rdf import graphs

    path = tmp_path / "data.ttl"
    path.write_text("<https://example.org/s> <https://example.org/p> 1 .\n", encoding="utf-8")
    store = ox.Store()
    quads = graphs.file_quads(path, into=store)
    assert len(store) == 1
    assert list(quads) == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bad.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="x">\n<oops>\n</rdf:RDF>\n'),
        ("bad.trig", "@prefix ex: <https://example.org/> .\nex:g { ex:a ex:b }\n}\n"),
        ("bad.nt", "<https://example.org/a> <https://example.org/b> .\n"),
        ("bad.jsonld", '{"@id": "https://example.org/a", }'),
        ("bad.n3", "@prefix ex: <https://example.org/> .\nex:a ex:b .\n"),
    ],
)
def test_load_store_and_file_quads_errors_are_those_of_load(
    tmp_path: Path, name: str, text: str
) -> None:
    """The store loads and the streams read files through the same reader: the same message."""
    from ecoonto.rdf import graphs

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as expected:
        load([path])
    with pytest.raises(InputError) as fast:
        graphs.load_store([path])
    assert str(fast.value) == str(expected.value)
    with pytest.raises(InputError) as streamed:
        list(graphs.files_quads([path]))
    assert str(streamed.value) == str(expected.value)
    assert str(expected.value).startswith(f"{path}:"), "FILE:LINE:COLUMN"
