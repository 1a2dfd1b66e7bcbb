"""``ecoonto load``: exit codes, messages and help (the server case is in tests/integration)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from ecoonto.cli.load import load
from ecoonto.targets import EmbeddedStore

if TYPE_CHECKING:
    from conftest import StoreHolder  # the fixture's type (tests/conftest.py)

SMALL = "@prefix ex: <http://example.org/> .\nex:a ex:p ex:b , ex:c .\n"
MALFORMED = "@prefix ex: <http://example.org/> .\nex:a ex:p .\n"


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str | Path) -> tuple[int, str]:
    # Load mechanics on small files: the FILES only (the default adds the core ontology).
    result = CliRunner().invoke(load, [*(str(a) for a in args), "--without-core"])
    return result.exit_code, result.output


def count(directory: Path, graph: str | None = None) -> int:
    with EmbeddedStore(directory) as opened:
        return opened.triple_count(graph)


def test_loads_the_bundled_graph_by_default(tmp_path: Path) -> None:
    code, out = invoke("--store", tmp_path / "kg")
    assert code == 0, out
    n = count(tmp_path / "kg")
    assert n > 1000
    assert out.startswith(f"loaded {n} triples from ")
    assert f"into the default graph of store {tmp_path / 'kg'} in " in out


def test_loads_files_into_a_named_graph(tmp_path: Path) -> None:
    source = write(tmp_path, "a.ttl", SMALL)
    code, out = invoke(source, "--store", tmp_path / "kg", "--graph", "urn:g", "--no-validate")
    assert code == 0, out
    assert "loaded 2 triples from 1 file into graph <urn:g>" in out
    assert count(tmp_path / "kg", "urn:g") == 2


def test_malformed_file_exits_2_and_keeps_the_old_graph(tmp_path: Path) -> None:
    invoke(write(tmp_path, "a.ttl", SMALL), "--store", tmp_path / "kg", "--no-validate")
    bad = write(tmp_path, "bad.ttl", MALFORMED)
    code, out = invoke(bad, "--store", tmp_path / "kg", "--no-validate")
    assert code == 2
    assert out.startswith(f"error: {bad}")
    assert len(out.strip().splitlines()) == 1
    assert count(tmp_path / "kg") == 2


def test_data_that_violates_the_shapes_exits_1(tmp_path: Path) -> None:
    from ecoonto import resources

    bad = write(
        tmp_path,
        "bad.ttl",
        "@prefix eco: <https://w3id.org/ecoonto/> .\n<urn:x:p> a eco:Player .\n",
    )
    code, out = invoke(*resources.bundled_graph_files(), bad, "--store", tmp_path / "kg")
    assert code == 1
    assert "SHACL violation" in out and "--no-validate" in out
    assert count(tmp_path / "kg") == 0


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--store", "STORE", "--endpoint", "http://localhost:7878"],
        ["--store", "STORE", "--layout", "fuseki"],
        ["--store", "STORE", "--chunk-size", "10"],
        ["--endpoint", "http://localhost:7878", "--graph", "no iri"],
        ["--endpoint", "http://localhost:3030", "--layout", "fuseki"],
    ],
)
def test_bad_usage_exits_2(args: list[str], tmp_path: Path) -> None:
    code, out = invoke(*(a.replace("STORE", str(tmp_path / "kg")) for a in args))
    assert code == 2
    assert out.startswith("error: ")


def test_missing_file_exits_2(tmp_path: Path) -> None:
    code, out = invoke(tmp_path / "nope.ttl", "--store", tmp_path / "kg")
    assert code == 2
    assert "does not exist" in out


def test_a_url_with_credentials_exits_2_without_echoing_them() -> None:
    code, out = invoke("--endpoint", "http://bob:hunter22@localhost:7878", "--no-validate")
    assert code == 2
    assert "hunter22" not in out and "ECOONTO_ENDPOINT_USER" in out


def test_connection_refused_exits_3() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, out = invoke("--endpoint", f"http://127.0.0.1:{port}", "--no-validate", "--timeout", "2")
    assert code == 3
    assert out == f"error: endpoint http://127.0.0.1:{port}/store: connection refused\n"


def test_a_busy_store_exits_3(tmp_path: Path, store_holder: StoreHolder) -> None:
    directory = tmp_path / "kg"
    with store_holder(directory):
        code, out = invoke(write(tmp_path, "a.ttl", SMALL), "--store", directory)
    assert code == 3
    assert out == f"error: store {directory} is busy (another ecoonto process holds it)\n"


def test_progress_bar_goes_to_stderr(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        load,
        [str(write(tmp_path, "a.ttl", SMALL)), "--store", str(tmp_path / "kg"), "--progress"],
    )
    assert result.exit_code == 0, result.output
    assert "writing" in result.stderr
    assert "writing" not in result.stdout


def test_help_documents_exit_codes_and_ends_with_an_example() -> None:
    code, out = invoke("--help")
    assert code == 0
    assert "Exit codes:" in out and "--layout" in out
    lines = [line.strip() for line in out.rstrip().splitlines()]
    assert lines[-3:-1] == ["Example:", "ecoonto load --store ./kg"]
    assert lines[-1].startswith("ecoonto load --endpoint http://localhost:7878")


def test_loading_a_named_graph_keeps_the_others_and_leaves_nothing_beside_the_store(
    tmp_path: Path,
) -> None:
    from ecoonto import resources
    from ecoonto.rdf import graphs

    directory = tmp_path / "kg"
    assert invoke("--store", directory, "--no-validate")[0] == 0  # bundled, default graph
    source = write(tmp_path, "a.ttl", SMALL)
    code, out = invoke(source, "--store", directory, "--graph", "urn:g", "--no-validate")
    assert code == 0, out
    code, out = invoke(
        write(tmp_path, "b.ttl", SMALL.replace("ex:c", "ex:d , ex:e")),
        "--store",
        directory,
        "--graph",
        "urn:g",
        "--no-validate",
    )
    assert code == 0, out
    assert "loaded 3 triples from 1 file into graph <urn:g>" in out
    assert count(directory, "urn:g") == 3
    assert count(directory) == len(graphs.load(resources.bundled_graph_files()))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("kg")) == [
        "kg",
        "kg.ecoonto-lock",
    ]


def test_a_bad_file_among_good_ones_changes_nothing(tmp_path: Path) -> None:
    directory = tmp_path / "kg"
    good = write(tmp_path, "a.ttl", SMALL)
    invoke(good, "--store", directory, "--graph", "urn:g", "--no-validate")
    bad = write(tmp_path, "bad.ttl", MALFORMED)
    code, out = invoke(good, bad, "--store", directory, "--graph", "urn:g", "--no-validate")
    assert code == 2
    assert out.startswith(f"error: {bad}:2:") and len(out.splitlines()) == 1
    assert count(directory, "urn:g") == 2


def test_progress_shows_parsing_and_writing(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        load,
        [
            str(write(tmp_path, "a.ttl", SMALL)),
            "--store",
            str(tmp_path / "kg"),
            "--progress",
            "--no-validate",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "parsing" in result.stderr and "writing" in result.stderr
