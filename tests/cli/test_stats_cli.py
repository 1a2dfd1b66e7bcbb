"""``ecoonto stats``: table and JSON, FILES, an embedded store, bad input and a failed endpoint."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from click.testing import CliRunner, Result

from ecoonto import resources
from ecoonto.cli import cli
from ecoonto.targets import EmbeddedStore

ECO = "https://w3id.org/ecoonto/"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["stats", *args])


def test_table_on_the_bundled_graph() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[0] == "triples" and lines[1].split()[0] == "classes"
    section = lines[lines.index("players per side") + 1 : lines.index("players per side") + 5]
    # The seed page's four side tables: 6, 6, 6 and 5 players.
    assert [line.split() for line in section] == [
        ["Buyers", "6"],
        ["Providers", "6"],
        ["Infrastructure", "6"],
        ["Boundary", "5"],
    ]
    assert "organisations on several sides (4)" in lines
    for name, count in (("Player", 23), ("Position", 29), ("Filling", 23), ("Organisation", 43)):
        assert [f"eco:{name}", str(count)] in [line.split() for line in lines]


def test_json_on_the_bundled_graph() -> None:
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {
        "triples",
        "classes",
        "individuals",
        "players_per_side",
        "multi_side_organisations",
    }
    assert [s["players"] for s in doc["players_per_side"]] == [6, 6, 6, 5]
    assert sum(s["players"] for s in doc["players_per_side"]) == doc["individuals"][f"{ECO}Player"]
    assert [o["label"] for o in doc["multi_side_organisations"]] == [
        "Amazon",
        "Google",
        "Microsoft",
        "Nvidia",
    ]


def test_files_are_counted_with_the_core_ontology() -> None:
    """FILES are merged with the core ontology (every command reads FILES that way): the AI
    compute module given as a file gives the bundled graph's figures, and the core alone has
    the four sides and no player."""
    industry = resources.industry_files()[0]
    whole = json.loads(run("--format", "json").stdout)
    given = json.loads(run(str(industry), "--format", "json").stdout)
    core = json.loads(run(str(resources.core_ontology()), "--format", "json").stdout)
    assert given == whole
    assert given["individuals"][f"{ECO}Player"] == 23
    assert core["individuals"][f"{ECO}Side"] == 4
    assert [s["players"] for s in core["players_per_side"]] == [0, 0, 0, 0]


def test_store_gives_the_same_figures(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "kg") as store:
        store.replace_graph(resources.bundled_graph_files(), "https://example.org/kg")
    result = run("--store", str(tmp_path / "kg"), "--graph", "https://example.org/kg")
    assert result.exit_code == 0, result.output
    assert result.stdout == run().stdout
    empty = run("--store", str(tmp_path / "kg"), "--format", "json")  # the default graph
    assert empty.exit_code == 0
    assert json.loads(empty.stdout)["triples"] == 0


def test_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    core = str(resources.core_ontology())
    for args, expected in (
        ([core, "--store", str(tmp_path)], "not both"),
        (["--graph", "https://example.org/g"], "--graph applies to --store or --endpoint only"),
        ([str(tmp_path / "missing.ttl")], "no such file"),
        (["--store", str(tmp_path / "nothing")], "no such directory"),
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.stderr.splitlines()) == 1 and expected in result.stderr, args


def test_endpoint_refused_exits_3() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run("--endpoint", f"http://127.0.0.1:{port}")
    assert result.exit_code == 3
    assert result.stderr == f"error: endpoint http://127.0.0.1:{port}/query: connection refused\n"
