"""The README's first five minutes: the Quickstart keeps its two commands, the tour's commands
exist, and every command the tour runs prints what the README shows where the graph decides it."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from ecoonto.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_quickstart_has_the_two_commands() -> None:
    section = README.split("\n## Quickstart\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in block.splitlines()] == [["make", "run"], ["make", "test"]]
    assert ". .venv/bin/activate" in section and "pipx install ." in section


def test_the_tour_runs_existing_commands() -> None:
    import click

    commands = set(cli.list_commands(click.Context(cli)))
    used = re.findall(r"^\$ (?:ECOONTO_HOME=\S+ )?ecoonto ([\w-]+)", README, flags=re.M)
    assert used and set(used) <= commands, set(used) - commands


def test_the_tour_shows_what_the_commands_print() -> None:
    # Output that the page decides (not timings or triple counts): the README quotes it verbatim.
    for args, shown, code in [
        (["stats"], "players per side\n  Buyers           6\n  Providers        6\n", 0),
        (["query", "table-buyer-side", "--format", "md"], "| player | position | asymmetry |", 0),
        (["ask", "4"], "Answer: The Philosopher is the most underrepresented archetype", 0),
        (["check-profile"], "in OWL 2 DL (", 0),
        (
            ["check-profile", "--profile", "rl"],
            "eco:SplitTrend: EquivalentClasses with an ObjectOneOf, not allowed as a superclass,"
            " is outside OWL 2 RL",
            1,
        ),
    ]:
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == code, result.output
        assert squash(shown) in squash(result.output), args
        assert squash(shown) in squash(README), args


def squash(text: str) -> str:
    """Runs of spaces as one: column widths follow the longest label, which others may change."""
    return re.sub(r"[ \t]+", " ", text)


def test_relative_links_resolve() -> None:
    root = Path(__file__).resolve().parents[1]
    links = re.findall(r"\]\(([^)#\s]+)\)", README)
    local = [link for link in links if "://" not in link]
    assert "docs/map-your-own-industry.md" in local
    missing = [link for link in local if not (root / link).exists()]
    assert missing == []
