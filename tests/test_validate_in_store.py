"""``validate --store`` runs the shapes' SPARQL in the store: the same report as ``validate`` on the
same data as files (the bundled graph, the example, a generated industry with injected
violations), without the graph ever being read out; through the endpoint code path (a target
answered only by ``run``) too. The real Oxigraph server and Virtuoso: tests/integration.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode
from rdflib.compare import isomorphic

import ecoonto
from ecoonto import resources
from ecoonto.checking import validation as v
from ecoonto.checking.validation import Outcome
from ecoonto.errors import InputError
from ecoonto.targets import EmbeddedStore, OxigraphMemoryTarget
from ecoonto.targets.results import QueryResult

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "specialty-coffee.ttl"
GRAPH = "https://example.org/ecoonto-test/validate-in-store"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 players, 5% of them with one injected violation each (10 violations)."""
    path = tmp_path_factory.mktemp("generated") / "industry.ttl"
    made = ecoonto.generate(200, output=path, seed=3, violations=0.05)
    assert made.violations == 10
    return path


def datasets(generated: Path) -> dict[str, list[Path]]:
    """Each data set as the files `validate` reads (the core ontology included)."""
    return {
        "bundled": resources.bundled_graph_files(),
        "example": resources.with_core([EXAMPLE]),
        "generated": resources.with_core([generated]),
    }


@pytest.fixture(autouse=True)
def never_read_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """The graph is never fetched out of the store (the old way: one CONSTRUCT)."""
    import ecoonto.targets as targets

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the graph was read out of the store")

    monkeypatch.setattr(targets, "fetch_graph", refuse)


def store_of(tmp_path: Path, files: list[Path], graph: str | None = None) -> Path:
    directory = tmp_path / "kg"
    with EmbeddedStore(directory) as store:
        store.replace_graph(files, graph)
    return directory


def same_report(in_store: Outcome, as_files: Outcome) -> None:
    assert in_store.notes == []
    assert in_store.conforms == as_files.conforms
    assert in_store.triples == as_files.triples
    assert in_store.results == as_files.results  # severity, focus, path, value, message, shape
    assert isomorphic(in_store.report, as_files.report)


@pytest.mark.parametrize("name", ["bundled", "example", "generated"])
@pytest.mark.parametrize("graph", [None, GRAPH], ids=["default-graph", "named-graph"])
def test_the_store_gives_the_files_report(
    name: str, graph: str | None, generated: Path, tmp_path: Path
) -> None:
    files = datasets(generated)[name]
    as_files = v.validate_files(files)
    if name == "generated":
        assert len(as_files.violations) == 10
    directory = store_of(tmp_path, files, graph)
    same_report(ecoonto.validate(store=directory, graph=graph), ecoonto.validate(files))
    # the SHACL results alone too (validate adds the newcomer checks to both)
    with ecoonto.api.Input(store=directory, graph=graph).open() as target:
        in_store = v.validate_in(target)
    assert in_store.results == as_files.results
    assert isomorphic(in_store.report, as_files.report)


class OnlyRun:
    """A query target answered through ``run`` only, as an endpoint is: the engine's
    :class:`~ecoonto.checking.shacl.sources.TargetSource` path."""

    def __init__(self, target: Any) -> None:
        self.inner = target

    def run(self, sparql: str) -> QueryResult:
        self.queries = getattr(self, "queries", 0) + 1
        return self.inner.run(sparql)  # type: ignore[no-any-return]

    def describe(self) -> str:
        return "a target answered by run"


@pytest.mark.parametrize("name", ["bundled", "example", "generated"])
def test_through_the_protocol_path_too(name: str, generated: Path) -> None:
    files = datasets(generated)[name]
    as_files = v.validate_files(files)
    target = OnlyRun(OxigraphMemoryTarget(files))
    in_store = v.validate_in(target)
    assert target.queries > 10
    assert in_store.results == as_files.results
    assert isomorphic(in_store.report, as_files.report)


BLANK_PLAYER = (
    "@prefix eco: <https://w3id.org/ecoonto/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    '[] a eco:Player ; rdfs:label "Nobody"@en .\n'
)


def test_a_blank_node_in_an_answer_is_not_pushed_down(tmp_path: Path) -> None:
    """An endpoint's blank node labels hold for one answer: never compared across answers."""
    data = tmp_path / "blank.ttl"
    data.write_text(BLANK_PLAYER)
    target = OnlyRun(OxigraphMemoryTarget(resources.with_core([data])))
    with pytest.raises(v.NotPushedDown, match="blank node"):
        v.validate_in(target)
    with pytest.raises(v.NotPushedDown, match="blank node"):  # the in-memory engine can
        v.validate_in(target, engine="sparql")
    # in an embedded store the blank node is a term like any other: validated in place
    directory = store_of(tmp_path, resources.with_core([data]))
    in_store, as_files = ecoonto.validate(store=directory), ecoonto.validate(data)
    assert in_store.notes == [] and as_files.violations  # the player fills no position

    def unlabelled(outcome: Outcome) -> list[tuple[Any, ...]]:  # each parse has its own labels
        return [
            (f.severity, None if isinstance(f.focus, BNode) else f.focus, f.path, f.message)
            for f in outcome.results
        ]

    assert unlabelled(in_store) == unlabelled(as_files)
    assert isomorphic(in_store.report, as_files.report)


def test_shapes_the_engine_does_not_run_read_the_graph_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shapes = tmp_path / "af.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix eco: <https://w3id.org/ecoonto/> .\n"
        "<https://example.org/S> a sh:NodeShape ; sh:targetClass eco:Player ;\n"
        "    sh:rule [ a sh:TripleRule ; sh:subject sh:this ;\n"
        "              sh:predicate eco:x ; sh:object 1 ] .\n"
    )
    directory = store_of(tmp_path, resources.with_core([EXAMPLE]))
    with ecoonto.api.Input(store=directory).open() as target:
        with pytest.raises(v.NotPushedDown, match="sh:rule"):
            v.validate_in(target, v.load_shapes([shapes]))
        with pytest.raises(InputError, match="sh:rule"):
            v.validate_in(target, v.load_shapes([shapes]), engine="sparql")


# --- the engine's translation of a path: the same pairs as the store's own path evaluation ---

_P = [f"<http://e/p{i}>" for i in range(3)]


def _paths(depth: int) -> Any:
    from hypothesis import strategies as st

    iri = st.sampled_from(_P)
    if depth == 0:
        return iri
    inner = _paths(depth - 1)
    return st.one_of(
        iri,
        inner.map(lambda p: f"(^{p})"),
        st.lists(inner, min_size=2, max_size=3).map(lambda ps: "(" + "/".join(ps) + ")"),
        st.lists(inner, min_size=2, max_size=3).map(lambda ps: "(" + "|".join(ps) + ")"),
    )


def _graphs() -> Any:
    from hypothesis import strategies as st

    node = st.integers(0, 4).map(lambda i: f"<http://e/n{i}>")
    return st.lists(st.tuples(node, st.sampled_from(_P), node), max_size=12)


def test_a_path_without_repetition_is_translated_exactly() -> None:
    """:func:`~ecoonto.checking.shacl.engine.path_pattern` (one sub-select per property, joins,
    UNIONs): the distinct pairs, and with a constant end the same starts, that the store's path
    evaluation gives, on random graphs and paths (sequences, alternatives, inverses)."""
    import pyoxigraph as ox
    from hypothesis import given, settings

    from ecoonto.checking.shacl.engine import path_pattern
    from tests.profiles import examples

    @settings(max_examples=examples(150))
    @given(_paths(3), _graphs())
    def check(path: str, triples: list[tuple[str, str, str]]) -> None:
        store = ox.Store()
        for s, p, o in triples:
            store.add(ox.Quad(ox.NamedNode(s[1:-1]), ox.NamedNode(p[1:-1]), ox.NamedNode(o[1:-1])))
        pattern = path_pattern(path, "?s", "?o")
        assert pattern is not None

        def pairs(where: str, names: str = "?s ?o") -> set[tuple[Any, ...]]:
            return {tuple(r) for r in store.query(f"SELECT DISTINCT {names} WHERE {{ {where} }}")}

        assert pairs(pattern) == pairs(f"?s {path} ?o .")
        to = path_pattern(path, "?s", "<http://e/n0>")
        assert to is not None
        assert pairs(to, "?s") == pairs(f"?s {path} <http://e/n0> .", "?s")

    check()
    assert path_pattern("(<http://e/p0>*)", "?s", "?o") is None
    assert path_pattern("(<http://e/p0>/(<http://e/p1>+))", "?s", "?o") is None
