"""Two loads at once into one endpoint graph (issue 23): the graph afterwards is one of the two
files whole, never a mix; a load that finds its staging graph changed is refused (exit 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hardening_support import OxigraphProcess

from ecoonto.targets import Endpoint

GRAPH = "https://example.org/graph"
SRC = str(Path(__file__).resolve().parents[2] / "src")


def numbered(path: Path, n: int, tag: str) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("@prefix ex: <http://example.org/> .\n")
        out.writelines(f'ex:s{i} ex:p "{tag} {i}" .\n' for i in range(n))
    return path


def tags(endpoint: Endpoint) -> dict[str, int]:
    """How many triples of the graph come from each file (by the tag in their literal)."""
    result = endpoint.run(
        f"SELECT ?tag (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} "
        "BIND(STRBEFORE(STR(?o), ' ') AS ?tag) FILTER(?tag IN ('small', 'large')) } "
        "GROUP BY ?tag"
    )
    return {str(row[0]): int(str(row[1])) for row in result.rows}


@pytest.mark.integration
@pytest.mark.parametrize("round_", range(3))
def test_two_chunked_loads_at_once_leave_one_file_whole(
    oxigraph_process: OxigraphProcess, tmp_path: Path, round_: int
) -> None:
    sizes = {"small": 6_000, "large": 20_000}
    files = {tag: numbered(tmp_path / f"{tag}.ttl", n, tag) for tag, n in sizes.items()}
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    command = [sys.executable, "-c", "from ecoonto.cli import cli; cli()", "load"]
    where = ["--endpoint", oxigraph_process.base, "--graph", GRAPH, "--chunk-size", "500"]
    procs = {
        tag: subprocess.Popen(
            [*command, *where, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for tag, path in files.items()
    }
    done = {
        tag: (p.wait(timeout=300), p.stderr.read() if p.stderr else "") for tag, p in procs.items()
    }
    for code, stderr in done.values():
        assert "Traceback" not in stderr, stderr
        assert code in (0, 3), stderr
        if code == 3:
            # Refused: its staging graph was changed, or the other held the lock.
            assert "another load into" in stderr and "left as it was" in stderr, stderr
    won = [tag for tag, (code, _) in done.items() if code == 0]
    endpoint = Endpoint.from_url(oxigraph_process.base, timeout=30)
    got = tags(endpoint)
    # One file whole, and a load that succeeded is the last one standing (or the only one).
    assert len(got) == 1, got
    ((tag, count),) = got.items()
    assert count == sizes[tag]
    assert tag in won, (got, done)
    leftover = endpoint.run(
        "ASK { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:ecoonto:staging:')) }"
    )
    assert not leftover.boolean
