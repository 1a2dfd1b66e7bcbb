"""Loading, merging and canonical serialisation of Turtle (ecoonto.graphs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from ecoonto import resources
from ecoonto.errors import InputError
from ecoonto.graphs import canonical_turtle, load, write_atomic

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


def test_empty_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "empty.ttl"
    f.write_text("")
    with pytest.raises(InputError, match="empty"):
        load([f])


def test_malformed_turtle_names_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.ttl"
    f.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n")
    with pytest.raises(InputError) as info:
        load([f])
    message = info.value.message
    assert str(f) in message
    assert "line 3" in message
    assert "\n" not in message


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "latin1.ttl"
    f.write_bytes(b'<http://e/a> <http://e/b> "ok" .\n<http://e/a> <http://e/b> "caf\xe9" .\n')
    with pytest.raises(InputError, match=r"latin1.ttl:2: invalid UTF-8"):
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
