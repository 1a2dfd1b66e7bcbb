"""ecoonto ask through click's CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ecoonto.cli.ask import ask


def test_lists_the_questions() -> None:
    result = CliRunner().invoke(ask, [])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("1  q1-invisible-counterparty")


def test_answer_then_evidence_then_query() -> None:
    result = CliRunner().invoke(ask, ["4"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("Answer: The Philosopher") < out.index("Evidence:") < out.index("Query (")
    assert "(5 rows)" in out


def test_json_format() -> None:
    result = CliRunner().invoke(ask, ["q1", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["query_name"] == "q1-invisible-counterparty"
    assert payload["answer"].startswith("Owners")
    assert len(payload["evidence"]["results"]["bindings"]) == 5


def test_markdown_format() -> None:
    result = CliRunner().invoke(ask, ["2", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## 2. If energy becomes the binding constraint")
    assert "| stance |" in result.output


def test_unknown_question_is_exit_2_one_line() -> None:
    result = CliRunner().invoke(ask, ["zz"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "no question matches 'zz'" in result.output
