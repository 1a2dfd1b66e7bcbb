"""The README's first five minutes: the Quickstart keeps its two commands, the tour's commands
exist, and every command the tour runs prints what the README shows where the graph decides it.
Then every command line of a fenced block in README.md and docs/*.md runs, in order, and prints
what the document shows after it (below: SKIP lists the lines that cannot run here, and why)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecoonto.cli import cli
from tests.example_lines import Line, copy, needs_java, needs_server, parse, problems, run
from tests.integration.conftest import oxigraph_server  # noqa: F401  (the session's server)
from tests.test_reasoning import java  # noqa: F401  (the Java runtime fixture)

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


def test_the_command_list_is_the_help() -> None:
    # The README's "Command line" block is `ecoonto --help` from "Commands:" on (wrapped at
    # another terminal width: compared word for word).
    shown = README.split("\n## Command line\n\n```\n", 1)[1].split("```", 1)[0]
    printed = CliRunner().invoke(cli, ["--help"]).output
    assert shown.split() == printed[printed.index("Commands:") :].split()


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


# Every command line of a fenced block in README.md and docs/*.md runs (tests/example_lines.py
# prepares the folder), in the order the document gives, in one copy of the prepared folder per
# document; where a `$ ` line is followed by output, the command prints that output (timings
# and runs of spaces aside). A line that cannot run here is in SKIP with the reason.

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
SHELL_LANGUAGES = {"sh", "bash", "shell", "console"}
COMMAND = re.compile(r"^(\$ |([A-Z_]+=\S+ )*ecoonto\b)")

# Documents whose command lines another test runs as written.
ELSEWHERE = {
    "docs/map-your-own-industry.md": "tests/test_walkthrough.py runs its sh blocks in order",
}

# Lines that do not run here, and why (every entry must still be in a document).
SKIP = {
    # The Quickstart: setup and installs, which the package check runs (scripts/check-package.sh).
    "make run": "the main job: setup plus commands the tests run one by one",
    "make test": "the whole check, of which this test is a part",
    ". .venv/bin/activate": "a shell's PATH",
    "pipx install .": "an install (scripts/check-package.sh installs the wheel)",
    "pip install .": "an install (scripts/check-package.sh installs the wheel)",
    # docs/authoring.md: the editorial round trip is a Python module's entry point, not ecoonto.
    "python -m ecoonto.authoring.roundtrip": "tests/test_authoring.py tests round_trip",
    "python -m ecoonto.authoring.roundtrip examples/specialty-coffee.ttl": "the same",
    # docs/triple-stores.md: servers other than Oxigraph, templates, Oxigraph's own tool.
    "ecoonto load my-industry.ttl --endpoint http://localhost:3030/eco --layout fuseki"
    " --no-validate": "needs Fuseki (its layout: tests/integration/test_targets.py)",
    "ECOONTO_ENDPOINT_USER=dba ECOONTO_ENDPOINT_PASSWORD=... ecoonto load --endpoint"
    " http://localhost:8890 --layout virtuoso --graph https://w3id.org/ecoonto/data": "needs"
    " Virtuoso (tests/integration/test_virtuoso.py loads one)",
    "ecoonto query table-buyer-side --endpoint http://localhost:8890 --layout virtuoso --graph"
    " https://w3id.org/ecoonto/data": "needs Virtuoso (tests/integration/test_virtuoso.py)",
    "oxigraph serve --location ./oxigraph-data --bind 127.0.0.1:7878 &": "the test's server"
    " (tests/integration/conftest.py) stands in for it",
    "ecoonto load --no-validate --store DIR FILE": "a template: DIR and FILE are placeholders",
    "oxigraph load --location DIR2 --file FILE": "a template, and Oxigraph's own tool",
}

# Exit codes the prose documents for a line ("exit 1 outside the profile").
EXITS = {"ecoonto check-profile --profile rl | tail -2": 1}


@dataclass
class DocLine:
    doc: str
    number: int  # the line in the document where the command starts
    text: str  # the command, continuation lines joined, without the "$ " prompt or a comment
    shown: str | None  # the output the document shows after a "$ " line

    @property
    def line(self) -> Line:
        parsed = parse(self.text)
        parsed.exit_code = EXITS.get(self.text, parsed.exit_code)
        return parsed


COMMENT = re.compile(r"\s+#(\s.*)?$")


def command_lines(doc: str | None = None) -> list[DocLine]:
    """The command lines of the fenced blocks of one document (or all), in order."""
    found = []
    for name in [doc] if doc else DOCUMENTS:
        lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
        fences = [i for i, text in enumerate(lines) if text.lstrip().startswith("```")]
        for start, end in zip(fences[::2], fences[1::2], strict=True):
            language = lines[start].strip()[3:].strip()
            block = lines[start + 1 : end]
            if not (language in SHELL_LANGUAGES or any(COMMAND.match(t) for t in block)):
                continue
            found += _block(name, start + 2, block)
    return found


def _block(doc: str, first: int, block: list[str]) -> list[DocLine]:
    found: list[DocLine] = []
    prompted = any(text.startswith("$ ") for text in block)
    index = 0
    while index < len(block):
        text, number = block[index], first + index
        index += 1
        if not text.strip() or (prompted and not text.startswith("$ ")):
            continue
        text = text.removeprefix("$ ")
        while text.endswith("\\") and index < len(block):
            text = text[:-1].rstrip() + " " + block[index].strip()
            index += 1
        shown = None
        if prompted:
            output = []
            while index < len(block) and not block[index].startswith("$ "):
                output.append(block[index])
                index += 1
            shown = "\n".join(output) if output else None
        found.append(DocLine(doc, number, COMMENT.sub("", text).strip(), shown))
    return found


DURATION = re.compile(r"\b\d+(\.\d+)? (s|ms)\b")


def shown_as(text: str) -> list[str]:
    """Output as the check compares it: timings masked, runs of spaces as one, no blank ends,
    and a bundled file named as from the top of the checkout (where the README runs)."""
    from ecoonto import resources

    text = text.replace(f"{resources.home()}/", "")
    return [squash(DURATION.sub("T", line)).rstrip() for line in text.strip("\n").splitlines()]


def _runs_as_shown(entry: DocLine, work: Path, server: str | None) -> list[str]:
    line = entry.line
    where = f"{entry.doc}:{entry.number}: {entry.text}"
    said = problems(line, work)
    if said:
        return [f"{where}: cannot run here ({'; '.join(said)}); add it to SKIP with the reason"]
    ran = run(line, work, server)
    if ran.exit_code != line.exit_code:
        return [f"{where}: exit {ran.exit_code}, not {line.exit_code}:\n{ran.output}"]
    if entry.shown is not None and shown_as(entry.shown) not in (
        shown_as(ran.stdout),
        shown_as(ran.output),
    ):
        return [f"{where}: prints\n{ran.output}\nnot, as shown,\n{entry.shown}"]
    return []


def _doc_param(doc: str) -> object:
    lines = [entry.line for entry in command_lines(doc) if entry.text not in SKIP]
    marks = [pytest.mark.integration] if any(needs_server(line) for line in lines) else []
    return pytest.param(doc, marks=marks, id=doc)


def test_every_document_has_its_command_lines() -> None:
    assert {entry.doc for entry in command_lines()} >= {"README.md", "docs/authoring.md"}
    assert "ecoonto validate industry-150.ttl | tail -1" in [e.text for e in command_lines()]


def test_the_skip_list_names_lines_that_exist() -> None:
    texts = {entry.text for entry in command_lines()}
    assert set(SKIP) - texts == set()
    assert set(EXITS) - texts == set()


def test_the_walkthrough_runs_every_command_line_of_its_document() -> None:
    from tests.test_walkthrough import DOC, commands

    assert DOC.relative_to(ROOT).as_posix() in ELSEWHERE
    assert [entry.text for entry in command_lines("docs/map-your-own-industry.md")] == commands()


@pytest.mark.parametrize("doc", [_doc_param(doc) for doc in DOCUMENTS if doc not in ELSEWHERE])
def test_every_command_line_runs_as_shown(
    doc: str, example_folder: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    work = copy(example_folder, tmp_path)
    failures = []
    for entry in command_lines(doc):
        if entry.text in SKIP or needs_java(entry.line):
            continue  # Java: test_the_reasoner_lines_run_as_shown
        server = request.getfixturevalue("oxigraph_server") if needs_server(entry.line) else None
        failures += _runs_as_shown(entry, work, server)
    assert failures == [], "\n\n".join(failures)


@pytest.mark.reasoner
def test_the_reasoner_lines_run_as_shown(
    java: None,  # noqa: F811
    example_folder: Path,
    tmp_path: Path,
) -> None:
    entries = [e for e in command_lines() if e.text not in SKIP and needs_java(e.line)]
    assert entries, "the README shows HermiT's summary line"
    failures = []
    for number, entry in enumerate(entries):
        failures += _runs_as_shown(entry, copy(example_folder, tmp_path / str(number)), None)
    assert failures == [], "\n\n".join(failures)


def test_the_python_block_runs() -> None:
    import doctest

    import ecoonto

    block = README.split("### From Python\n", 1)[1].split("```\n", 2)[1]
    test = doctest.DocTestParser().get_doctest(block, {"ecoonto": ecoonto}, "README", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0 and len(test.examples) == 4
