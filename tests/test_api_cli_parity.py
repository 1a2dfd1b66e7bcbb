"""Every command and its library function, on the same inputs, give the same result.

Each command is run with click's CliRunner (``--format json`` where it has it, else its text)
and its function in :mod:`ecoonto.api` on the same input: the bundled graph, FILES
(examples/specialty-coffee.ttl), an embedded store made with ``ecoonto.load`` and
``--industry``. Where one refuses the input, the other must refuse it with the same message
(the CLI spelling the library's parameters as options) and the same exit code. A module that
only the newcomer checks catch (an ``eco:Fillng`` typo) fails through both. Each input file is
parsed once per command (the one reader, ``ecoonto.rdf.parse.quads``, counted)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import ecoonto
from ecoonto import api, resources
from ecoonto.cli import cli
from ecoonto.cli._common import option
from ecoonto.errors import EcoontoError
from ecoonto.products.render import render, sparql_json

REPO = Path(__file__).resolve().parents[1]
COFFEE = str(REPO / "examples" / "specialty-coffee.ttl")
CORE = str(resources.core_ontology())

TYPO = """@prefix eco: <https://w3id.org/ecoonto/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/typo> a owl:Ontology ; owl:imports eco:core .
<https://example.org/typo/f1> a eco:Fillng ; rdfs:label "A filling, misspelt"@en .
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with the bundled industries and the coffee example (several industries)."""
    path = tmp_path_factory.mktemp("parity") / "kg"
    ecoonto.load([*resources.industry_files(), COFFEE], store=path)
    return str(path)


# name -> (CLI input arguments, api input parameters); "STORE" is replaced by the store.
INPUTS: dict[str, tuple[list[str], dict[str, Any]]] = {
    "bundled": ([], {}),
    "files": ([COFFEE], {"files": [COFFEE]}),
    "store": (["--store", "STORE"], {"store": "STORE"}),
    "industry": (
        ["--store", "STORE", "--industry", "specialty-coffee"],
        {"store": "STORE", "industry": "specialty-coffee"},
    ),
}


def given(name: str, store: str) -> tuple[list[str], dict[str, Any]]:
    args, params = INPUTS[name]
    return (
        [store if a == "STORE" else a for a in args],
        {k: store if v == "STORE" else v for k, v in params.items()},
    )


def both(args: list[str], call: Callable[[], Any]) -> tuple[Result | None, Any]:
    """Run the command and the function; when either refuses, both must, alike (then
    ``(None, None)``)."""
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    try:
        value = call()
    except EcoontoError as exc:
        assert result.exit_code == exc.exit_code, (args, result.output)
        assert f"error: {exc.render(option)}" in result.output
        return None, None
    assert result.exit_code in (0, 1), (args, result.output)
    return result, value


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


@pytest.mark.parametrize("source", INPUTS)
def test_validate(source: str, store: str) -> None:
    args, params = given(source, store)
    result, outcome = both(["validate", *args, "--format", "json"], lambda: api.validate(**params))
    assert result is not None
    shown = as_json(result)
    assert shown["conforms"] == outcome.conforms
    assert shown["triples"] == outcome.triples
    assert (shown["violations"], shown["warnings"]) == (
        len(outcome.violations),
        len(outcome.warnings),
    )
    assert sorted((f["severity"], f["focus"], f["shape"]) for f in shown["findings"]) == sorted(
        (f.severity, str(f.focus), f.shape) for f in outcome.results
    )
    assert result.exit_code == (0 if outcome.conforms else 1)


@pytest.mark.parametrize("name", ["table-buyer-side", "q1-invisible-counterparty"])
@pytest.mark.parametrize("source", INPUTS)
def test_query(name: str, source: str, store: str) -> None:
    args, params = given(source, store)
    result, value = both(
        ["query", name, *args, "--format", "json"], lambda: api.query(name, **params)
    )
    if result is not None:
        assert result.stdout == render(value, "json")


@pytest.mark.parametrize("source", INPUTS)
def test_stats(source: str, store: str) -> None:
    args, params = given(source, store)
    result, value = both(["stats", *args, "--format", "json"], lambda: api.stats(**params))
    assert result is not None and as_json(result) == value.as_json()


@pytest.mark.parametrize("source", INPUTS)
def test_report(source: str, store: str) -> None:
    args, params = given(source, store)
    result, value = both(["report", *args], lambda: api.report(**params))
    if source == "store":  # several industries and none chosen: both refuse
        assert result is None
    else:
        assert result is not None and result.stdout == value


@pytest.mark.parametrize("source", INPUTS)
def test_diagram(source: str, store: str) -> None:
    args, params = given(source, store)
    result, value = both(
        ["diagram", *args, "--format", "dot"], lambda: api.diagram(**params, format="dot")
    )
    if source != "store":
        assert result is not None and result.stdout == value.decode("utf-8")


@pytest.mark.parametrize("question", [None, "2"])
@pytest.mark.parametrize("source", INPUTS)
def test_ask(question: str | None, source: str, store: str) -> None:
    args, params = given(source, store)
    words = [question] if question else []
    result, asked = both(
        ["ask", *words, *args, "--format", "json"], lambda: api.ask(question, **params)
    )
    if result is None:
        return
    shown = as_json(result)
    if question is None:
        assert [(q["id"], q["query"], q["question"]) for q in shown] == [
            (q.id, q.query_name, q.text) for q in asked.questions
        ]
    else:
        assert shown["answer"] == asked.answer.sentence
        assert shown["evidence"] == sparql_json(asked.answer.evidence)


@pytest.mark.parametrize("source", ["bundled", "files", "store"])
def test_industries(source: str, store: str) -> None:
    args, params = given(source, store)
    result, found = both(
        ["industries", *args, "--format", "json"], lambda: api.industries(**params)
    )
    assert result is not None and as_json(result) == [i.as_json() for i in found]


@pytest.mark.parametrize("source", ["store", "data"])
def test_compare(source: str, store: str) -> None:
    if source == "store":
        args, params = ["--store", store], {"store": store}
    else:
        args, params = [COFFEE, "--data-bundled"], {"data": [COFFEE]}
    result, value = both(
        ["compare", "ai-compute", "specialty-coffee", *args, "--format", "json"],
        lambda: api.compare("ai-compute", "specialty-coffee", **params),
    )
    assert result is not None and as_json(result) == value.as_json()


@pytest.mark.parametrize("source", INPUTS)
def test_reason(source: str, store: str) -> None:
    args, params = given(source, store)
    result, r = both(
        ["reason", *args, "--reasoner", "owlrl"], lambda: api.reason(**params, reasoner="owlrl")
    )
    assert result is not None
    summary = result.stdout.strip().splitlines()[-1]
    assert f", {r.triples} triples)" in summary
    assert summary.endswith(
        f"{len(r.unsatisfiable)} unsatisfiable classes, {len(r.memberships)} inferred class"
        f" memberships, {len(r.property_assertions)} inferred property assertions"
    )


def test_load(tmp_path: Path) -> None:
    result, loaded = both(
        ["load", COFFEE, "--store", str(tmp_path / "a")],
        lambda: api.load(COFFEE, store=tmp_path / "b"),
    )
    assert result is not None
    assert f"loaded {loaded.triples} triples from {len(loaded.files)} files" in result.stdout
    assert api.stats(store=tmp_path / "a") == api.stats(store=tmp_path / "b") == api.stats(COFFEE)


def test_queries() -> None:
    result, infos = both(["queries", "--format", "json"], api.queries)
    assert result is not None and [q["name"] for q in as_json(result)] == [i.name for i in infos]


def test_convert(tmp_path: Path) -> None:
    result, done = both(
        ["convert", COFFEE, str(tmp_path / "a.nt")],
        lambda: api.convert(COFFEE, tmp_path / "b.nt"),
    )
    assert result is not None and f"{done.triples} triples" in result.stdout
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()


def test_generate(tmp_path: Path) -> None:
    result, made = both(
        ["generate", "--players", "30", "--seed", "3", "-o", str(tmp_path / "a.ttl")],
        lambda: api.generate(30, seed=3, output=tmp_path / "b.ttl"),
    )
    assert result is not None and f"{made.triples} triples" in result.stdout
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()


def test_new_import_diff(tmp_path: Path) -> None:
    result, page = both(["new", "Space launch"], lambda: api.new("Space launch"))
    assert result is not None and result.stdout == page.text
    filled = tmp_path / "space.md"
    n = iter(range(1, 1000))
    import re

    filled.write_text(
        re.sub(r"<[^<>|!]+>", lambda m: f"Launch text {next(n)}", page.text), encoding="utf-8"
    )
    result, imported = both(["import", str(filled)], lambda: api.import_industry(filled))
    assert result is not None and result.stdout == imported.turtle
    module = tmp_path / "space.ttl"
    module.write_text(imported.turtle, encoding="utf-8")
    result, changes = both(
        ["diff", str(filled), str(module), "--show", "words"], lambda: api.diff(filled, module)
    )
    assert result is not None and result.stdout == changes.words()
    # An empty page: both refuse it, alike.
    empty = tmp_path / "empty.md"
    empty.write_text(page.text, encoding="utf-8")
    assert both(["import", str(empty)], lambda: api.import_industry(empty)) == (None, None)


@pytest.fixture
def typo(tmp_path: Path) -> str:
    path = tmp_path / "typo.ttl"
    path.write_text(TYPO, encoding="utf-8")
    return str(path)


def test_a_typo_only_the_newcomer_checks_catch_fails_through_both(typo: str) -> None:
    result, outcome = both(["validate", typo, "--format", "json"], lambda: api.validate(typo))
    assert result is not None and result.exit_code == 1
    assert not outcome.conforms
    shapes = {"https://w3id.org/ecoonto/shapes/DeclaredTermCheck"}
    assert {f.shape for f in outcome.violations} == shapes
    assert {f["shape"] for f in as_json(result)["findings"] if f["severity"] == "Violation"} == (
        shapes
    )
    assert any(f.value is not None and str(f.value).endswith("Fillng") for f in outcome.violations)


def test_library_errors_name_parameters_the_cli_names_options(store: str) -> None:
    with pytest.raises(EcoontoError) as raised:
        api.report(store=store)
    assert "industry=NAME" in raised.value.message and "--industry" not in raised.value.message
    assert "--industry NAME" in raised.value.render(option)


# ------------------------------------------------------------------------------------------
# Each input read once


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How many times each file is parsed (the one reader of RDF files)."""
    from ecoonto.rdf import parse

    counted: Counter[str] = Counter()
    real = parse.quads

    def quads(path: Path, *args: Any, **kwargs: Any) -> Any:
        counted[str(Path(path).resolve())] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(parse, "quads", quads)
    yield counted


READ_ONCE = [
    ["validate", COFFEE],
    ["validate", COFFEE, "--industry", "specialty-coffee"],
    ["stats", COFFEE],
    ["stats", COFFEE, "--industry", "specialty-coffee"],
    ["query", "table-buyer-side", COFFEE],
    ["report", COFFEE],
    ["ask", "1", COFFEE],
    ["industries", COFFEE],
    ["diagram", COFFEE, "--format", "dot"],
    ["reason", COFFEE, "--reasoner", "owlrl"],
    ["reason", COFFEE, "--reasoner", "owlrl", "--industry", "specialty-coffee"],
    ["compare", "ai-compute", "specialty-coffee", COFFEE, "--data-bundled"],
    ["load", COFFEE, "--store", "STORE"],
]


@pytest.mark.parametrize("args", READ_ONCE, ids=lambda a: " ".join(Path(x).name for x in a))
def test_each_input_file_is_parsed_once(
    args: list[str], parses: Counter[str], tmp_path: Path
) -> None:
    args = [str(tmp_path / "kg") if a == "STORE" else a for a in args]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    data = [str(Path(COFFEE).resolve()), str(Path(CORE).resolve())]
    assert {f: parses[f] for f in data} == dict.fromkeys(data, 1)
    assert all(n == 1 for n in parses.values()), parses


def test_stats_with_the_core_named_equals_stats_without() -> None:
    def figures(*files: str) -> Any:
        result = CliRunner().invoke(cli, ["stats", *files, "--format", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    assert figures(CORE, COFFEE) == figures(COFFEE)
    assert figures(COFFEE, CORE) == figures(COFFEE)
