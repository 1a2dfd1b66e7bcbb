"""The synthetic industry generator: deterministic, valid by construction, exact counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from ecoonto import resources
from ecoonto.authoring.generate import (
    FIXED_TRIPLES,
    SIDES,
    TRIPLES_PER_PLAYER,
    VIOLATION_KINDS,
    generate,
    players_for,
)

ECO = Namespace("https://w3id.org/ecoonto/")


def _graph(text: str, fmt: str = "turtle") -> Graph:
    return Graph().parse(data=text, format=fmt)


def _outcome(text: str):  # type: ignore[no-untyped-def]
    """Validate the generated module merged with the core ontology, with the bundled shapes."""
    from ecoonto.checking.validation import validate
    from ecoonto.rdf.graphs import load, new_graph

    data = load([resources.core_ontology()])
    data += new_graph().parse(data=text, format="turtle")
    return validate(data)


def test_same_seed_same_text_other_seed_other_text() -> None:
    a = generate(40, seed=7)
    assert a.text is not None
    assert a.text == generate(40, seed=7).text
    assert a.text != generate(40, seed=8).text


def test_turtle_and_ntriples_hold_the_same_graph() -> None:
    ttl = generate(30, seed=2, violations=0.2)
    nt = generate(30, seed=2, violations=0.2, format="nt")
    assert ttl.text is not None and nt.text is not None
    a, b = _graph(ttl.text), _graph(nt.text, "nt")
    assert len(a) == len(b) == ttl.triples == nt.triples
    assert isomorphic(a, b)


def test_players_per_side_and_structure() -> None:
    result = generate(50, seed=1)
    assert result.text is not None
    g = _graph(result.text)
    assert (
        set(g.subjects(RDF.type, ECO.Player)) and len(set(g.subjects(RDF.type, ECO.Player))) == 50
    )
    per_side: Counter[str] = Counter()
    for filling in g.subjects(RDF.type, ECO.Filling):
        position = g.value(filling, ECO.ofPosition)
        side = g.value(position, ECO.onSide)
        assert isinstance(side, URIRef)
        per_side[side.removeprefix(str(ECO))] += 1
    assert dict(per_side) == result.players_per_side
    assert set(per_side) == set(SIDES)
    assert sum(result.players_per_side.values()) == 50
    # Labels are English; some organisation wears hats on several sides.
    for label in g.objects(None, RDFS.label):
        assert isinstance(label, Literal) and label.language == "en"
    sides_of_org: dict[URIRef, set[str]] = {}
    for org, player in g.subject_objects(ECO.exemplifies):
        filling = g.value(None, ECO.byPlayer, player)
        side = g.value(g.value(filling, ECO.ofPosition), ECO.onSide)
        sides_of_org.setdefault(org, set()).add(str(side))  # type: ignore[arg-type]
    assert max(len(s) for s in sides_of_org.values()) >= 2
    assert result.injected == dict.fromkeys(VIOLATION_KINDS, 0)


def test_size_follows_players() -> None:
    for triples in (10_000, 100_000):
        result = generate(players_for(triples))
        assert abs(result.triples - triples) / triples < 0.03
    result = generate(1000)
    assert abs(result.triples - (FIXED_TRIPLES + TRIPLES_PER_PLAYER * 1000)) / result.triples < 0.03


def test_generated_graph_conforms_to_the_bundled_shapes() -> None:
    result = generate(50, seed=0)
    assert result.text is not None
    outcome = _outcome(result.text)
    assert outcome.conforms
    assert outcome.results == []  # no warnings either: all five archetypes, every player mapped


@pytest.mark.parametrize("seed", [0, 5])
def test_violation_count_equals_injected_count(seed: int) -> None:
    result = generate(160, seed=seed, violations=0.25)
    assert result.text is not None
    assert result.violations == 40
    assert set(result.injected.values()) == {5}  # 40 cycled through the 8 kinds
    outcome = _outcome(result.text)
    assert not outcome.conforms
    assert outcome.results == outcome.violations  # nothing but violations
    assert len(outcome.violations) == result.violations
    by_shape = Counter(f.shape.rsplit("/", 1)[-1] for f in outcome.violations)
    expected = {
        "PlayerFillsPositionShape": "player-without-filling",
        "PositionSideShape": "position-two-sides",
        "EnglishLabelShape": "label-not-english",
        "PlayerArchetypeShape": "player-without-archetype",
        "HumanAISplitShape": "split-without-trend",
        "QuantityUnitShape": "quantity-without-unit",
        "TableRowOrderShape": "row-without-order",
    }
    for shape, kind in expected.items():
        assert by_shape[shape] == result.injected[kind], shape
    side_shapes = sum(n for shape, n in by_shape.items() if shape not in expected)
    assert side_shapes == result.injected["filling-missing-side-attribute"]


def test_ecoonto_validate_reports_the_injected_count(tmp_path: Path) -> None:
    from ecoonto.cli.validate import validate as command

    path = tmp_path / "bad.ttl"
    result = generate(120, seed=2, violations=0.1, path=path)
    run = CliRunner().invoke(command, [str(path)])
    assert run.exit_code == 1, run.output
    summary = run.output.strip().splitlines()[-1]
    assert summary.startswith(f"fails: {result.violations} violations, 0 warnings"), summary


def test_loads_into_pyoxigraph(tmp_path: Path) -> None:
    import pyoxigraph

    for name in ("g.ttl", "g.nt"):
        path = tmp_path / name
        result = generate(60, seed=3, path=path)
        assert result.text is None and result.path == path
        store = pyoxigraph.Store()
        fmt = (
            pyoxigraph.RdfFormat.TURTLE if name.endswith(".ttl") else pyoxigraph.RdfFormat.N_TRIPLES
        )
        store.load(path=str(path), format=fmt)
        assert len(store) == result.triples
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        generate(0)
    with pytest.raises(ValueError):
        generate(10, violations=1.5)
    with pytest.raises(ValueError):
        generate(10, path=Path("out.rdf"))


def test_cli_writes_and_reports(tmp_path: Path) -> None:
    from ecoonto.cli.generate import generate as command

    out = tmp_path / "synthetic.nt"
    result = CliRunner().invoke(
        command, ["--players", "80", "--seed", "4", "--violations", "0.1", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    expected = generate(80, seed=4, violations=0.1, format="nt")
    assert out.read_text(encoding="utf-8") == expected.text
    assert f"{expected.triples} triples" in result.output
    assert "80 players" in result.output
    assert "injected 8 violations" in result.output


def test_cli_refuses_an_unknown_extension(tmp_path: Path) -> None:
    from ecoonto.cli.generate import generate as command

    result = CliRunner().invoke(command, ["--players", "5", "-o", str(tmp_path / "x.rdf")])
    assert result.exit_code == 2
    assert "write .ttl" in result.output
    assert not (tmp_path / "x.rdf").exists()
