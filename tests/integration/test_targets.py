"""The command line on all three targets: the bundled graph in memory, an embedded store and a
real Oxigraph server, each filled with ``ecoonto load``. Every bundled query prints the same TSV
on each; validate conforms on the store and on the server; stats agree.

(tests/integration/test_store_oxigraph.py compares every bundled query at the library level, as
rows of rdflib terms; this is the same comparison through the CLI, as the text a user reads.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from ecoonto.cli import cli
from ecoonto.targets import querying as queries

pytestmark = pytest.mark.integration

# A named graph of its own on the session's shared server; the embedded store uses its default
# graph, so both ways of addressing a graph are exercised.
GRAPH = "https://example.org/ecoonto-test/targets"
NAMES = [info.name for info in queries.list_queries()]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def targets(
    oxigraph_server: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, list[str]]]:
    """Target name -> the options that select it, once the bundled graph is loaded in each."""
    store = tmp_path_factory.mktemp("targets") / "kg"
    # One load each, through the CLI (which checks the shapes first).
    ok(run("load", "--store", str(store)))
    loaded = ok(run("load", "--endpoint", oxigraph_server, "--graph", GRAPH))
    assert f"into graph <{GRAPH}> of endpoint {oxigraph_server}/query" in loaded
    yield {
        "memory": [],
        "store": ["--store", str(store)],
        "endpoint": ["--endpoint", oxigraph_server, "--graph", GRAPH, "--timeout", "20"],
    }


def test_there_are_bundled_queries() -> None:
    assert len(NAMES) >= 20


@pytest.mark.parametrize("name", NAMES)
def test_every_bundled_query_prints_the_same_tsv_on_every_target(
    targets: dict[str, list[str]], name: str
) -> None:
    printed = {
        key: ok(run("query", name, "--format", "tsv", *opts)) for key, opts in targets.items()
    }
    assert printed["memory"].count("\n") >= 1  # at least the header
    assert printed["store"] == printed["memory"], f"{name}: store differs"
    assert printed["endpoint"] == printed["memory"], f"{name}: endpoint differs"


def test_validate_conforms_on_the_store_and_the_server(targets: dict[str, list[str]]) -> None:
    reports = {}
    for key, opts in targets.items():
        reports[key] = json.loads(ok(run("validate", "--format", "json", *opts)))
    for key, report in reports.items():
        assert report["conforms"] is True, key
        assert (report["violations"], report["warnings"]) == (0, 9), key
    assert reports["store"]["findings"] == reports["memory"]["findings"]
    assert reports["endpoint"]["findings"] == reports["memory"]["findings"]


def test_stats_agree_on_every_target(targets: dict[str, list[str]]) -> None:
    printed = {key: ok(run("stats", "--format", "json", *opts)) for key, opts in targets.items()}
    assert printed["store"] == printed["memory"] == printed["endpoint"]
    figures = json.loads(printed["memory"])
    assert [s["players"] for s in figures["players_per_side"]] == [6, 6, 6, 5]
    assert figures["individuals"]["https://w3id.org/ecoonto/Player"] == 23


def test_the_table_format_agrees_too(targets: dict[str, list[str]]) -> None:
    printed = {
        key: ok(run("query", "table-buyer-side", "--format", "table", *opts))
        for key, opts in targets.items()
    }
    assert printed["store"] == printed["memory"] == printed["endpoint"]
    assert printed["memory"].rstrip().endswith("(6 rows)")


def test_a_graph_missing_on_the_server_is_bad_input(oxigraph_server: str) -> None:
    result = run(
        "validate", "--endpoint", oxigraph_server, "--graph", "https://example.org/no-such-graph"
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: graph <https://example.org/no-such-graph> of endpoint")
