"""``reason --reasoner owlrl`` where the data is (ecoonto.checking.reasoning.pushdown): the same
inferences as the in-memory engine on the bundled graph, the example and a generated industry,
for files parsed by pyoxigraph and in an embedded store (with ``--into`` and without); the
asserted graph untouched and no scratch graph left. The server side is in
tests/integration/test_rl_pushdown_server.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from ecoonto import resources
from ecoonto.authoring.generate import generate
from ecoonto.checking.reasoning import Reasoning, pushdown, reason
from ecoonto.cli import cli as main
from ecoonto.rdf import graphs
from ecoonto.targets import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "reasoning"
INTO = "urn:x-test:inferred"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gen") / "generated.ttl"
    generate(50, path=path)
    return path


def inputs(generated: Path) -> dict[str, list[Path]]:
    return {
        "bundled": list(resources.bundled_graph_files()),
        "example": [resources.core_ontology(), ROOT / "examples" / "specialty-coffee.ttl"],
        "generated": [resources.core_ontology(), generated],
        "inconsistent": [resources.core_ontology(), DATA / "inconsistent.ttl"],
    }


def same(a: Reasoning, b: Reasoning) -> None:
    assert a.consistent == b.consistent
    assert a.unsatisfiable == b.unsatisfiable
    assert a.memberships == b.memberships
    assert a.property_assertions == b.property_assertions
    assert a.explanation == b.explanation
    assert a.involved == b.involved


def quads(store: ox.Store, graph: Any) -> set[ox.Quad]:
    return set(store.quads_for_pattern(None, None, None, graph))


@pytest.mark.parametrize("name", ["bundled", "example", "generated", "inconsistent"])
def test_same_inferences_as_the_in_memory_engine(
    name: str, generated: Path, tmp_path: Path
) -> None:
    files = inputs(generated)[name]
    expected = reason(graphs.load(files), "owlrl")
    if name == "inconsistent":
        assert not expected.consistent
    else:
        assert expected.memberships and expected.property_assertions
    with pushdown.opened(files) as (where, _target):
        same(pushdown.reason_in(where), expected)
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        store.load_files(files)
        asserted = quads(store.store, ox.DefaultGraph())
        in_store = pushdown.reason_in(pushdown.on_store(store), into=INTO)
        same(in_store, expected)
        assert quads(store.store, ox.DefaultGraph()) == asserted  # never written
        names = {str(g.value) for g in store.store.named_graphs()}
        written = {
            (q.subject, q.predicate, q.object) for q in quads(store.store, ox.NamedNode(INTO))
        }
        if expected.consistent:
            assert names == {INTO}  # the scratch graphs are gone
            convert = graphs.ToOxigraph()
            inferred = {
                tuple(convert.term(t) for t in triple) for triple in expected.inferred_graph()
            }
            assert written == inferred
        else:
            assert names <= {INTO} and not written
        # without --into: the same answer, nothing left behind
        same(pushdown.reason_in(pushdown.on_store(store)), expected)
        assert {str(g.value) for g in store.store.named_graphs()} == names


def test_a_named_asserted_graph(tmp_path: Path) -> None:
    files = [resources.core_ontology(), ROOT / "examples" / "specialty-coffee.ttl"]
    expected = reason(graphs.load(files), "owlrl")
    with EmbeddedStore(tmp_path / "store") as store:
        store.load_files(files, "urn:x-test:data")
        got = pushdown.reason_in(pushdown.on_store(store, "urn:x-test:data"), into=INTO)
        same(got, expected)
        assert len(store.store) == len(graphs.load(files)) + len(expected.inferred_graph())


def test_same_inferences_as_the_owlrl_package_on_a_generated_industry(tmp_path: Path) -> None:
    """The OWL 2 RL rules themselves (the owlrl package, ``--reasoner owlrl-py``) against the
    closure in a store: files (the inferred graph beside the files' named graph), an embedded
    store's default graph (CONSTRUCTs over both) and a named graph (updates USING both)."""
    path = tmp_path / "industry.ttl"
    generate(20, seed=3, path=path)
    files = [resources.core_ontology(), path]
    expected = reason(graphs.load(files), "owlrl-py")
    assert expected.consistent and expected.memberships and expected.property_assertions

    def agree(got: Reasoning) -> None:
        assert got.consistent and got.unsatisfiable == expected.unsatisfiable
        assert got.memberships == expected.memberships
        assert got.property_assertions == expected.property_assertions

    with pushdown.opened(files) as (where, _target):
        agree(pushdown.reason_in(where))
    with EmbeddedStore(tmp_path / "store") as store:
        store.load_files(files)
        agree(pushdown.reason_in(pushdown.on_store(store), into=INTO))
        store.load_files(files, "urn:x-test:data")
        agree(pushdown.reason_in(pushdown.on_store(store, "urn:x-test:data"), into=INTO))


def test_an_uncovered_construct_falls_back_to_the_owlrl_package(tmp_path: Path) -> None:
    text = (
        "@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix ex: <http://example.org/> .\n"
        "ex:p a owl:ObjectProperty , owl:ReflexiveProperty . ex:q a owl:ObjectProperty ;"
        " owl:inverseOf ex:p . ex:a ex:p ex:b .\n"
    )
    path = tmp_path / "uncovered.ttl"
    path.write_text(text, encoding="utf-8")
    expected = reason(graphs.load([path]), "owlrl")
    with EmbeddedStore(tmp_path / "store") as store:
        store.load_files([path])
        got = pushdown.reason_in(pushdown.on_store(store), into=INTO)
        same(got, expected)
        assert any("does not cover owl:ReflexiveProperty" in n for n in got.notes)
        written = quads(store.store, ox.NamedNode(INTO))
        assert len(written) == len(expected.inferred_graph()) > 0


def test_cli_store_into_and_its_refusals(tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "store"
    loaded = runner.invoke(main, ["load", "--store", str(store)])
    assert loaded.exit_code == 0, loaded.output
    plain = runner.invoke(main, ["reason", "--reasoner", "owlrl"])
    got = runner.invoke(
        main, ["reason", "--reasoner", "owlrl", "--store", str(store), "--into", INTO]
    )
    assert got.exit_code == 0, got.output
    assert got.output.splitlines()[1:-1] == plain.output.splitlines()[:-1]
    expected = reason(graphs.load_bundled(), "owlrl")
    count = len(expected.memberships) + len(expected.property_assertions)
    assert got.output.splitlines()[0] == (
        f"note: wrote {count} inferred triples to the graph <{INTO}> of store {store}"
    )
    for args, message in (
        (["--into", INTO], "--into writes the inferences into a store"),
        (
            ["--reasoner", "hermit", "--store", str(store), "--into", INTO],
            "--into needs --reasoner owlrl",
        ),
        (["--store", str(store), "--graph", INTO, "--into", INTO], "is the asserted graph"),
        (["--store", str(tmp_path / "none"), "--into", INTO], "no Oxigraph store there"),
    ):
        given = args if "--reasoner" in args else ["--reasoner", "owlrl", *args]
        refused = runner.invoke(main, ["reason", *given])
        assert refused.exit_code == 2, refused.output
        assert message in refused.output
