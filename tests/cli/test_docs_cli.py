"""``ecoonto docs``: writes the reference pages, refuses to clobber, exits 2 on bad input."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ecoonto.cli.docs import docs


def run(*args: str) -> Result:
    return CliRunner().invoke(docs, list(args))


def test_help_ends_with_an_example() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert result.output.rstrip().splitlines()[-1].strip() == "ecoonto docs -o out/docs"
    assert "out/docs" in result.output


def test_writes_the_directory(tmp_path: Path) -> None:
    target = tmp_path / "site" / "docs"
    result = run("-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(target / "index.html"),
        str(target / "ecoonto-core.ttl"),
    ]
    page = html.unescape((target / "index.html").read_text(encoding="utf-8"))
    for label in ("player", "position", "filling", "exemplifies", "primary archetype", "on side"):
        assert label in page
    # Run again: the previous output is replaced.
    assert run("-o", str(target)).exit_code == 0


def test_default_directory_is_out_docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "docs" / "index.html").is_file()
    assert os.listdir(tmp_path / "out") == ["docs"]


def test_refuses_to_replace_other_files(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("mine", encoding="utf-8")
    result = run("-o", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path}: refusing to replace a directory")
    assert len(result.stderr.splitlines()) == 1
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "mine"


def test_output_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "docs"
    target.write_text("", encoding="utf-8")
    result = run("-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"error: {target}: exists and is not a directory\n"
