"""``ecoonto queries``: the catalogue of bundled queries with their questions."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from ecoonto.cli import cli
from ecoonto.targets import querying as queries


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["queries", *args])


def test_tsv_lists_every_bundled_query_with_its_question() -> None:
    result = run("--format", "tsv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "name\tcategory\tquestion"
    rows = [line.split("\t") for line in lines[1:]]
    assert [r[0] for r in rows] == [info.name for info in queries.list_queries()]
    assert all(len(r) == 3 and r[2] for r in rows), "every query states its question"
    by_name = {r[0]: r for r in rows}
    assert by_name["table-buyer-side"][1] == "table"
    assert by_name["qc/undeclared-term-violation"][1] == "qc"
    # The page's first question, verbatim.
    assert by_name["q1-invisible-counterparty"][1:] == [
        "analysis",
        "Which counterparty's perspective is most invisible in this industry — and what routing"
        " signal gets missed as a result?",
    ]


def test_piped_output_is_tsv() -> None:
    assert run().stdout == run("--format", "tsv").stdout


def test_category_filters() -> None:
    result = run("--category", "analysis", "--format", "tsv")
    assert result.exit_code == 0, result.output
    names = [line.split("\t")[0] for line in result.stdout.splitlines()[1:]]
    # The seed page asks four questions; each has its analysis query.
    assert names == [
        "q1-invisible-counterparty",
        "q2-energy-binding-constraint",
        "q3-inference-cost-collapse",
        "q4-boundary-archetype-gap",
    ]
    tables = run("--category", "table", "--format", "tsv").stdout.splitlines()[1:]
    assert {line.split("\t")[1] for line in tables} == {"table"}
    # Seven tables on the page (counterparties, four sides, matrix, archetype asymmetries).
    assert {
        "table-counterparties",
        "table-buyer-side",
        "table-provider-side",
        "table-infrastructure-side",
        "table-boundary-side",
        "table-positions-matrix",
        "table-archetype-asymmetries",
    } <= {line.split("\t")[0] for line in tables}


def test_table_format_is_aligned_with_a_count() -> None:
    result = run("--format", "table", "--category", "qc")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "category", "question"]
    assert lines[-1] == f"({len(lines) - 3} queries)"
    column = lines[0].index("category")
    assert all(line[column : column + 2] == "qc" for line in lines[2:-1])


def test_json_carries_returns_and_path() -> None:
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert len(items) == len(queries.list_queries())
    first = items[0]
    assert set(first) == {"name", "category", "question", "returns", "path"}
    assert first["path"].endswith(f"{first['name']}.rq")


def test_query_list_is_kept_as_an_alias() -> None:
    listed = CliRunner().invoke(cli, ["query", "--list"]).stdout.splitlines()
    assert listed == run("--format", "tsv").stdout.splitlines()[1:]


def test_unknown_category_is_a_usage_error() -> None:
    result = run("--category", "tables")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
