"""``ecoonto query`` on an embedded store or an endpoint: option errors (exit 2), a failed
endpoint (exit 3, URL shown, never credentials), and a store read while a writer holds it.

The same query on a real Oxigraph server is in tests/integration/test_targets.py."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ecoonto import resources
from ecoonto.cli import cli
from ecoonto.targets import EmbeddedStore

GRAPH = "https://example.org/ecoonto-test/kg"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["query", *args], env=env)


def one_line_error(result: Result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return lines[0]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled graph in the default graph and in GRAPH of an embedded store."""
    directory = tmp_path_factory.mktemp("query-targets") / "kg"
    with EmbeddedStore(directory) as store:
        store.replace_graph(resources.bundled_graph_files())
        store.replace_graph(resources.bundled_graph_files(), GRAPH)
    return directory


def test_data_is_refused_with_a_store(store_dir: Path) -> None:
    extra = resources.core_ontology()
    line = one_line_error(run("questions", "--store", str(store_dir), "--data", str(extra)))
    assert "--data adds files to the bundled graph only" in line


def test_data_is_refused_with_an_endpoint() -> None:
    extra = resources.core_ontology()
    url = f"http://127.0.0.1:{closed_port()}"
    line = one_line_error(run("questions", "--endpoint", url, "--data", str(extra)))
    assert "--data adds files to the bundled graph only" in line


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--store", "DIR", "--endpoint", "http://127.0.0.1:1"], "at most one of --store"),
        (["--layout", "fuseki"], "--layout applies to --endpoint only"),
        (["--store", "DIR", "--layout", "fuseki"], "--layout applies to --endpoint only"),
        (["--graph", GRAPH], "--graph applies to --store or --endpoint only"),
        (["--endpoint", "ftp://example.org/sparql"], "is not an http(s) URL"),
        (["--store", "DIR", "--graph", "not an iri"], "not an absolute IRI"),
    ],
)
def test_bad_choices_are_one_line_exit_2(store_dir: Path, args: list[str], expected: str) -> None:
    args = [str(store_dir) if a == "DIR" else a for a in args]
    assert expected in one_line_error(run("questions", *args))


def test_missing_store_is_bad_input_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "no-store"
    line = one_line_error(run("questions", "--store", str(missing)))
    assert line == (
        f"error: store {missing}: no such directory (create it with ecoonto load --store)"
    )
    assert not missing.exists(), "a query never creates a store"


def test_a_folder_that_is_not_a_store_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    line = one_line_error(run("questions", "--store", str(tmp_path)))
    assert "holds no Oxigraph store" in line


def test_endpoint_refused_exits_3_with_the_url_and_no_credentials() -> None:
    port = closed_port()
    env = {"ECOONTO_ENDPOINT_USER": "carol", "ECOONTO_ENDPOINT_PASSWORD": "s3cret-pw"}
    result = run("table-buyer-side", "--endpoint", f"http://127.0.0.1:{port}", env=env)
    line = one_line_error(result, code=3)
    assert line == f"error: endpoint http://127.0.0.1:{port}/query: connection refused"
    assert "s3cret-pw" not in result.output and "carol" not in result.output


def test_credentials_in_the_url_are_refused_without_showing_them() -> None:
    port = closed_port()
    result = run("questions", "--endpoint", f"http://carol:s3cret-pw@127.0.0.1:{port}")
    line = one_line_error(result)
    assert "contains credentials" in line and "ECOONTO_ENDPOINT_USER" in line
    assert "s3cret-pw" not in result.output


def test_endpoint_timeout_is_bounded() -> None:
    result = run("questions", "--endpoint", "http://127.0.0.1:1", "--timeout", "0")
    assert result.exit_code == 2  # click refuses a timeout below 0.1 s
    assert "Traceback" not in result.output


def test_store_gives_the_rows_of_the_bundled_graph(store_dir: Path) -> None:
    expected = run("table-buyer-side", "--format", "tsv")
    assert expected.exit_code == 0, expected.output
    for args in ([], ["--graph", GRAPH]):
        result = run("table-buyer-side", "--store", str(store_dir), *args)
        assert result.exit_code == 0, result.output
        assert result.stdout == expected.stdout  # tsv when piped, as on the default target


def test_store_is_read_while_a_writer_holds_it(store_dir: Path, tmp_path: Path) -> None:
    directory = tmp_path / "busy"
    with EmbeddedStore(directory) as writer:
        writer.replace_graph(resources.bundled_graph_files())
        result = run("q4-boundary-archetype-gap", "--store", str(directory))
        assert result.exit_code == 0, result.output
        # The writer still holds the store and can write: the reader took no lock.
        writer.update("INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }")
    assert result.stdout == run("q4-boundary-archetype-gap").stdout


def test_syntax_error_on_a_store_is_bad_input(store_dir: Path, tmp_path: Path) -> None:
    rq = tmp_path / "bad.rq"
    rq.write_text("SELEKT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    line = one_line_error(run(str(rq), "--store", str(store_dir)))
    assert "bad SPARQL query" in line


def test_params_and_formats_on_a_store(store_dir: Path) -> None:
    args = ["q2-energy-binding-constraint", "--param", "stance=gains", "--format", "json"]
    on_store, in_memory = run(*args, "--store", str(store_dir)), run(*args)
    assert on_store.exit_code == in_memory.exit_code == 0, on_store.output
    assert on_store.stdout == in_memory.stdout and '"bindings"' in on_store.stdout
