"""``ecoonto query``: bundled names and .rq files, formats, parameters, and bad input (exit 2)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner, Result

from ecoonto.cli import cli

AIC = "https://w3id.org/ecoonto/data/ai-compute/"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["query", *args])


def test_bundled_name_prints_tsv_when_piped() -> None:
    result = run("table-buyer-side")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "player\tposition\tasymmetry\tarchetype"
    assert len(lines) == 7
    assert lines[1].split("\t")[0] == "Frontier AI lab (OpenAI, Anthropic, DeepMind, Meta AI)"
    assert lines[1].endswith("\tDreamer / Engineer")


def test_table_format_uses_prefixed_names() -> None:
    result = run("q4-boundary-archetype-gap", "--format", "table")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "archetype",
        "archetypeLabel",
        "stated",
        "editorial",
        "represented",
        "boundaryEvidence",
    ]
    assert lines[2].split() == ["eco:Philosopher", "Philosopher", "0", "0", "0", "2"]
    assert lines[-1] == "(5 rows)"


def test_rq_file_with_extra_data_and_csv(tmp_path: Path) -> None:
    data = tmp_path / "extra.ttl"
    data.write_text(
        "@prefix aic: <https://w3id.org/ecoonto/data/ai-compute/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'aic:extra rdfs:label "An extra, with a comma"@en .\n',
        encoding="utf-8",
    )
    rq = tmp_path / "labels.rq"
    rq.write_text(
        "# question: Which labels does aic:extra have?\n"
        "PREFIX aic: <https://w3id.org/ecoonto/data/ai-compute/>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(?s = aic:extra) } ORDER BY ?label\n",
        encoding="utf-8",
    )
    result = run(str(rq.resolve()), "--data", str(data.resolve()), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [["s", "label"], [AIC + "extra", "An extra, with a comma"]]


def test_json_format_is_sparql_results() -> None:
    result = run("q1-invisible-counterparty", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["head"]["vars"][:3] == ["counterparty", "counterpartyLabel", "mentions"]
    first = data["results"]["bindings"][0]
    assert first["counterparty"] == {"type": "uri", "value": "https://w3id.org/ecoonto/Owners"}


def test_md_format() -> None:
    result = run("table-columns", "--format", "md")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "| table | tableLabel | column | header |"
    assert lines[2] == (
        "| aic:table-counterparties | Counterparty mapping table | 1 | Counterparty (canonical) |"
    )


def test_param_binds_a_value() -> None:
    result = run("q2-energy-binding-constraint", "--param", "stance=exposed")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:]
    assert len(rows) == 2 and all(r.startswith("exposed\tBuyers\t") for r in rows)
    iri = f"<{AIC}table-boundary-side>"
    result = run("table-boundary-side", "--param", f"table={iri}", "--param", "player=nobody")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["player\tfunction\trepeatPlayerAdvantage"]


def test_param_value_cannot_escape() -> None:
    result = run("table-buyer-side", "--param", 'player=x" } ; DROP ALL ; #')
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["player\tposition\tasymmetry\tarchetype"]


def test_ask_and_construct(tmp_path: Path) -> None:
    ask = tmp_path / "ask.rq"
    ask.write_text("PREFIX eco: <https://w3id.org/ecoonto/>\nASK { ?p a eco:Player }\n")
    result = run(str(ask))
    assert (result.exit_code, result.stdout) == (0, "true\n")
    construct = tmp_path / "construct.rq"
    construct.write_text(
        "PREFIX eco: <https://w3id.org/ecoonto/>\n"
        "CONSTRUCT { ?p eco:actsOnSide ?s }\n"
        "WHERE { ?f eco:byPlayer ?p ; eco:ofPosition/eco:onSide ?s }\n"
    )
    result = run(str(construct), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "aic:player-us-bis" in result.stdout and "eco:actsOnSide eco:Boundary" in result.stdout


def test_list_shows_the_catalogue() -> None:
    result = run("--list")
    assert result.exit_code == 0
    names = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert "q3-inference-cost-collapse" in names and "qc/undeclared-term-violation" in names


def one_line_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_unknown_name_suggests() -> None:
    line = one_line_error(run("table-buyr-side"))
    assert "unknown query 'table-buyr-side'" in line and "did you mean table-buyer-side" in line


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    rq = tmp_path / "bad.rq"
    rq.write_text("PREFIX eco: <https://w3id.org/ecoonto/>\nSELEKT * WHERE { ?s ?p ?o }\n")
    line = one_line_error(run(str(rq)))
    assert "SPARQL syntax error at line 2, column" in line


def test_missing_files() -> None:
    assert "no such file" in one_line_error(run("/nowhere/q.rq"))
    assert "no such file" in one_line_error(run("questions", "--data", "/nowhere/x.ttl"))


def test_malformed_data_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <http://x/> .\n:a :b .\n")
    assert f"{bad}:2:" in one_line_error(run("questions", "--data", str(bad)))


def test_malformed_params() -> None:
    assert "malformed --param" in one_line_error(run("questions", "--param", "no-equals"))
    assert "no variable ?nope" in one_line_error(run("questions", "--param", "nope=1"))
    assert "not a valid absolute IRI" in one_line_error(
        run("questions", "--param", "question=<not an iri>")
    )


def test_missing_query_argument() -> None:
    assert "missing QUERY" in one_line_error(run())
