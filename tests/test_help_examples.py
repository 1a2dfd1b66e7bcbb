"""Every example in every ``--help`` runs, so that an example cannot drift from the options.

Each line of the ``Example:`` block of ``ecoonto --help`` and of every command's ``--help`` runs
in a fresh copy of the folder prepared once per session (tests/example_lines.py), exits 0 or the
code its ``# exit N`` comment documents, and writes every file it names as an output. Lines that
run HermiT or Pellet are marked ``reasoner``; lines with ``--endpoint`` are marked
``integration`` and run against a real Oxigraph server holding the bundled graph (in the default
graph and in ``https://w3id.org/ecoonto/data``, the graph the examples name). An example that
names a file or server nobody prepared fails test_every_example_is_prepared with the list.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.example_lines import (
    PREPARED,
    SERVER_URLS,
    copy,
    ecoonto,
    help_examples,
    needs_java,
    needs_server,
    parse,
    paths,
    problems,
    run,
)
from tests.integration.conftest import oxigraph_server  # noqa: F401  (the session's server)
from tests.test_reasoning import java  # noqa: F401  (the Java runtime fixture)

EXAMPLES = help_examples()


def _param(text: str) -> object:
    line = parse(text)
    marks = [pytest.mark.reasoner] if needs_java(line) else []
    marks += [pytest.mark.integration] if needs_server(line) else []
    return pytest.param(text, marks=marks, id=text.removeprefix("ecoonto "))


@pytest.fixture(scope="module")
def loaded_server(oxigraph_server: str, example_folder: Path) -> Iterator[str]:  # noqa: F811
    """The session's Oxigraph server with the bundled graph where the examples read it."""
    for graph in ([], ["--graph", "https://w3id.org/ecoonto/data"]):
        ecoonto(example_folder, "load", "--endpoint", oxigraph_server, *graph)
    yield oxigraph_server


def test_every_command_has_examples() -> None:
    from ecoonto.cli import COMMANDS

    assert {command for command, _ in EXAMPLES} == {"", *COMMANDS}
    assert all(text.startswith("ecoonto ") for _, text in EXAMPLES), EXAMPLES


def test_every_example_is_prepared(example_folder: Path) -> None:
    said = [said for _, text in EXAMPLES for said in problems(parse(text), example_folder)]
    assert said == [], "\n".join(said)


def test_an_unprepared_example_is_named(example_folder: Path) -> None:
    # What the check above says of an example nobody prepared for.
    assert problems(parse("ecoonto validate space-launch-v3.ttl"), example_folder) == [
        "ecoonto validate space-launch-v3.ttl: reads space-launch-v3.ttl, which the prepared"
        " folder does not have (add it to PREPARED and prepare() in tests/example_lines.py)"
    ]
    (said,) = problems(parse("ecoonto stats --endpoint http://localhost:3030/eco"), example_folder)
    assert "needs the server at http://localhost:3030/eco" in said
    (said,) = problems(parse("ecoonto stats /etc/industry.ttl"), example_folder)
    assert "reads /etc/industry.ttl, an absolute path" in said
    assert problems(parse("ecoonto report -o /tmp/page.md"), example_folder) == []
    assert problems(parse("ecoonto queries --category analysis"), example_folder) == []


def test_the_parser_reads_what_a_line_says() -> None:
    line = parse("A=1 ecoonto stats x.ttl --store ./kg --format json | tail -1  # exit 1: why")
    assert (line.env, line.words[:3], line.filters, line.exit_code) == (
        {"A": "1"},
        ["ecoonto", "stats", "x.ttl"],
        [["tail", "-1"]],
        1,
    )
    assert paths(line).inputs == ["x.ttl", "./kg"]
    found = paths(parse("ecoonto convert a.ttl b.nt"))
    assert (found.inputs, found.outputs) == (["a.ttl"], ["b.nt"])
    assert paths(parse("ecoonto new 'Space launch' --tables out/")).outputs == ["out/"]
    assert needs_java(parse("ecoonto reason")) and not needs_java(
        parse("ecoonto reason --reasoner owlrl")
    )
    assert needs_server(parse(f"ecoonto stats --endpoint {SERVER_URLS[0]}"))


def test_every_prepared_file_is_named_by_an_example() -> None:
    from tests.test_readme import command_lines

    shown = "\n".join([text for _, text in EXAMPLES] + [line.text for line in command_lines()])
    implicit = {"bin": "$EDITOR", "tmp": "/tmp/"}
    unused = [name for name in PREPARED if implicit.get(name, name) not in shown]
    assert unused == []


@pytest.mark.parametrize("text", [_param(text) for _, text in EXAMPLES])
def test_the_example_runs(
    text: str, example_folder: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    line = parse(text)
    assert problems(line, example_folder) == []
    if needs_java(line):
        request.getfixturevalue("java")
    server = request.getfixturevalue("loaded_server") if needs_server(line) else None
    work = copy(example_folder, tmp_path)
    ran = run(line, work, server)
    assert ran.exit_code == line.exit_code, ran.output
    for name in paths(line).outputs:
        written = work / ("tmp/" + name.removeprefix("/tmp/") if name.startswith("/tmp/") else name)
        assert written.exists() and (written.is_dir() or written.stat().st_size > 0), name
