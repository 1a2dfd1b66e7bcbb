"""``validate --endpoint`` runs the shapes' SPARQL in a real server (Oxigraph, and Virtuoso: a
second, different store) and gives the report ``validate`` gives on the same data as files: the
bundled graph, the example and a generated industry with injected violations, each loaded with
``ecoonto load --endpoint`` into a named graph of its own and read as the default graph
(``--graph``). The graph is never read out of the server (the old way: one CONSTRUCT), and no
fallback note is given. (tests/test_validate_in_store.py does the same for an embedded store.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib.compare import isomorphic

import ecoonto
from ecoonto import resources
from ecoonto.cli import cli
from ecoonto.targets import Endpoint

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "specialty-coffee.ttl"
GRAPH = "https://example.org/ecoonto-test/validate-endpoint/"
DBA = {"ECOONTO_ENDPOINT_USER": "dba", "ECOONTO_ENDPOINT_PASSWORD": "dba"}
NAMES = ["bundled", "example", "generated"]


@pytest.fixture(scope="module")
def data_sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Each data set as the files ``validate`` reads (the core ontology included)."""
    generated = tmp_path_factory.mktemp("generated") / "industry.ttl"
    made = ecoonto.generate(200, output=generated, seed=3, violations=0.05)
    assert made.violations == 10
    return {
        "bundled": resources.bundled_graph_files(),
        "example": resources.with_core([EXAMPLE]),
        "generated": resources.with_core([generated]),
    }


@pytest.fixture(scope="module")
def as_files(data_sets: dict[str, list[Path]]) -> dict[str, Any]:
    return {name: ecoonto.validate(files) for name, files in data_sets.items()}


def load(files: list[Path], *options: str, env: dict[str, str] | None = None) -> None:
    """``ecoonto load --no-validate --without-core FILES OPTIONS`` (the files hold the core)."""
    args = ["load", "--no-validate", "--without-core", "--no-progress", *options]
    result = CliRunner().invoke(cli, [*args, *map(str, files)], env=env or {})
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def oxigraph_loaded(oxigraph_server: str, data_sets: dict[str, list[Path]]) -> Iterator[str]:
    for name, files in data_sets.items():
        load(files, "--endpoint", oxigraph_server, "--graph", GRAPH + name)
    yield oxigraph_server
    drop_graphs(oxigraph_server, "oxigraph")


@pytest.fixture(scope="module")
def virtuoso_loaded(virtuoso_server: str, data_sets: dict[str, list[Path]]) -> Iterator[str]:
    for name, files in data_sets.items():
        load(
            files, "--endpoint", virtuoso_server, "--layout", "virtuoso", "--graph", GRAPH + name,
            env=DBA,
        )  # fmt: skip
    yield virtuoso_server
    drop_graphs(virtuoso_server, "virtuoso", env=DBA)


def drop_graphs(url: str, layout: str, env: dict[str, str] | None = None) -> None:
    """Leave the session's shared server as this module found it: Virtuoso's default graph is
    the union of all graphs, so graphs left behind change what later modules' queries see."""
    with pytest.MonkeyPatch.context() as patch:
        for key, value in (env or {}).items():
            patch.setenv(key, value)
        endpoint = Endpoint.from_url(url, layout=layout, timeout=60)
        for name in NAMES:
            endpoint.update(f"DROP SILENT GRAPH <{GRAPH + name}>")


@pytest.fixture(autouse=True)
def never_read_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import ecoonto.targets as targets

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the graph was read out of the server")

    monkeypatch.setattr(targets, "fetch_graph", refuse)


def same_report(in_server: Any, as_files: Any) -> None:
    assert in_server.notes == []
    assert in_server.conforms == as_files.conforms
    assert in_server.triples == as_files.triples
    assert in_server.results == as_files.results  # severity, focus, path, value, message, shape
    assert isomorphic(in_server.report, as_files.report)


@pytest.mark.parametrize("name", NAMES)
def test_oxigraph_server_gives_the_files_report(
    oxigraph_loaded: str, as_files: dict[str, Any], name: str
) -> None:
    outcome = ecoonto.validate(endpoint=oxigraph_loaded, graph=GRAPH + name, timeout=60)
    same_report(outcome, as_files[name])
    if name == "generated":
        assert len(outcome.violations) >= 10


@pytest.mark.parametrize("name", NAMES)
def test_virtuoso_gives_the_files_report(
    virtuoso_loaded: str, as_files: dict[str, Any], name: str
) -> None:
    outcome = ecoonto.validate(
        endpoint=virtuoso_loaded, graph=GRAPH + name, layout="virtuoso", timeout=60
    )
    same_report(outcome, as_files[name])
