"""The command group: fast help, every command's help ends with an example, the entry point."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecoonto.cli import COMMANDS, cli

HEAVY = ("rdflib", "pyshacl", "owlready2", "pyoxigraph", "SPARQLWrapper", "owlrl", "pyhornedowl")


def test_help_lists_every_command_and_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
    assert "Exit codes" in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_help_ends_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert result.output.rstrip().splitlines()[-1].strip().startswith("ecoonto ")


def test_help_imports_no_heavy_library() -> None:
    """`ecoonto --help` must not pay for rdflib, pyshacl, owlready2, ... (import them lazily)."""
    code = (
        "import sys\n"
        "from ecoonto.cli import cli\n"
        "try:\n"
        "    cli(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_installed_entry_point_runs() -> None:
    exe = shutil.which("ecoonto") or str(Path(sys.executable).parent / "ecoonto")
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert out.stdout.startswith("ecoonto, version ")


def test_unknown_command_is_usage_error() -> None:
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command" in result.output
