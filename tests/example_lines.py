"""The command lines the documentation shows, run as written.

Every ``Example:`` line of every ``ecoonto`` command's ``--help`` (tests/test_help_examples.py)
and every command line of a fenced block in README.md and docs/*.md (tests/test_readme.py) runs
in a copy of one folder, prepared once per session by :func:`prepare` with the files the lines
name (:data:`PREPARED` says how each is made). ``ecoonto`` runs in this process through click;
a pipe's filters (``| tail -1``) and shell lines (``mkdir``, ``cp``, ``$EDITOR``) run in bash.

:func:`problems` says why a line cannot run here: it reads a file the folder does not have, a
server other than the test's Oxigraph (``http://localhost:7878`` stands for it), or an absolute
path (``/tmp/`` outputs are written to the folder's ``tmp/``). A new example that names a new
file fails with that list until the file is added to :data:`PREPARED` and :func:`prepare`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import click
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "help-examples"
SERVER_URLS = ("http://localhost:7878", "http://127.0.0.1:7878")
FILE_SUFFIXES = frozenset(
    ".ttl .nt .nq .trig .rdf .owl .jsonld .md .rq .csv .tsv .txt .png .svg .html .xlsx".split()
)
# Parameters whose value the line writes (removed from the copy before the line runs).
OUTPUT_PARAMS = frozenset({"output", "errors_file", "tables", "target"})
JAVA_REASONERS = frozenset({"hermit", "pellet"})

# Every top-level name of the prepared folder: what an example reads, and how it is made.
PREPARED: dict[str, str] = {
    "ontology": "the bundled core ontology and AI compute module (ontology/), copied",
    "shapes": "the bundled shapes, copied (README: cp -r ontology shapes queries ...)",
    "queries": "the bundled queries, copied (the same README line)",
    "examples": "examples/specialty-coffee.ttl, copied",
    "kg": "ecoonto load examples/specialty-coffee.ttl ontology/industries/ai-compute.ttl"
    " --store kg (both industries: the examples name either with --industry)",
    "docs": "an empty folder (ecoonto diagram -o docs/ecosystem.png)",
    "tmp": "an empty folder that /tmp/ in an output stands for",
    "bin": "bin/fill-placeholders, the $EDITOR of docs/authoring.md: fills every placeholder",
    "extra.ttl": "tests/data/help-examples/extra.ttl: a shape the bundled graph meets",
    "my-ontology.ttl": "tests/data/help-examples/my-ontology.ttl: an ontology in OWL 2 RL",
    "my-question.rq": "tests/data/help-examples/my-question.rq: a question of one's own",
    "data.rdf": "ecoonto convert ontology/core.ttl data.rdf (RDF/XML)",
    "dump.txt": "examples/specialty-coffee.ttl under a name that says no format (Turtle)",
    "space-launch.md": 'ecoonto new "Space launch" -o space-launch.md, then bin/fill-placeholders',
    "tables": 'ecoonto new "Space launch" --tables tables, then bin/fill-placeholders',
    "space-launch.ttl": "ecoonto import space-launch.md -o space-launch.ttl",
    "space-launch-v1.ttl": "space-launch.ttl, copied",
    "old-page.md": "space-launch.md, copied",
    "new-page.md": "space-launch.md with one side's description changed",
    "space-launch-v2.ttl": "ecoonto import new-page.md -o space-launch-v2.ttl",
    "big-industry.ttl": "ecoonto generate --players 40 -o big-industry.ttl (Pellet stays quick)",
}

# The stand-in for filling in a page by hand (docs/map-your-own-industry.md uses the same one).
FILL = r's/<[^<>|!]+>/"Launch text " . ++$n/ge'


@dataclass
class Line:
    """One command line as shown: ``env`` assignments, the command's words, the pipe's filters
    and the exit code a ``# exit N`` comment documents (0 without one)."""

    text: str
    words: list[str]
    env: dict[str, str] = field(default_factory=dict)
    filters: list[list[str]] = field(default_factory=list)
    exit_code: int = 0

    @property
    def is_ecoonto(self) -> bool:
        return bool(self.words) and self.words[0] == "ecoonto"

    @property
    def command(self) -> str:
        """The ecoonto command (``""`` for ``ecoonto`` alone or another program)."""
        if not self.is_ecoonto:
            return ""
        return next((word for word in self.words[1:] if not word.startswith("-")), "")


def parse(text: str) -> Line:
    """Split a shell line: ``A=1 ecoonto stats --x y | tail -1   # exit 1: why``."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars="|")
    lexer.commenters = ""
    lexer.whitespace_split = True
    tokens = list(lexer)
    comment: list[str] = []
    for index, token in enumerate(tokens):
        if token.startswith("#"):
            tokens, comment = tokens[:index], tokens[index:]
            break
    stages: list[list[str]] = [[]]
    for token in tokens:
        if token == "|":
            stages.append([])
        else:
            stages[-1].append(token)
    words, filters = stages[0], stages[1:]
    env: dict[str, str] = {}
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=\S*", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    documented = re.match(r"#\s*exits?\s+(\d+)\b", " ".join(comment))
    return Line(text, words, env, filters, int(documented.group(1)) if documented else 0)


def _command(line: Line) -> click.Command | None:
    from ecoonto.cli import cli

    command = cli.get_command(click.Context(cli), line.command) if line.command else cli
    return command


@dataclass
class Paths:
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    endpoints: list[str] = field(default_factory=list)
    reasoner: str | None = None


def _is_path(word: str, param: click.Parameter | None) -> bool:
    if "://" in word:
        return False
    if param is not None and isinstance(param.type, click.Path):
        return True
    return "/" in word or Path(word).suffix in FILE_SUFFIXES


def paths(line: Line) -> Paths:
    """What an ecoonto line reads and writes, by its command's click parameters."""
    found = Paths()
    command = _command(line)
    if command is None:
        return found
    options = {opt: p for p in command.params for opt in (*p.opts, *p.secondary_opts)}
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    words = line.words[2:] if line.command else line.words[1:]
    index = position = 0
    while index < len(words):
        word = words[index]
        param: click.Parameter | None
        if word.startswith("-") and word != "-":
            name, _, inline = word.partition("=")
            param = options.get(name)
            takes_value = isinstance(param, click.Option) and not (param.is_flag or param.count)
            if not takes_value:
                index += 1
                continue
            value = inline if inline else (words[index + 1] if index + 1 < len(words) else "")
            index += 1 if inline else 2
        else:
            param = arguments[min(position, len(arguments) - 1)] if arguments else None
            if param is not None and param.nargs != -1:
                position += 1
            value = word
            index += 1
        assert param is None or param.name is not None
        if param is not None and param.name == "endpoint":
            found.endpoints.append(value)
        elif param is not None and param.name == "reasoner":
            found.reasoner = value
        elif _is_path(value, param):
            is_output = param is not None and param.name in OUTPUT_PARAMS
            (found.outputs if is_output else found.inputs).append(value)
    if line.command == "reason" and found.reasoner is None:
        default = next(p.default for p in command.params if p.name == "reasoner")
        found.reasoner = str(default)
    return found


def needs_java(line: Line) -> bool:
    return line.is_ecoonto and paths(line).reasoner in JAVA_REASONERS


def needs_server(line: Line) -> bool:
    return line.is_ecoonto and bool(paths(line).endpoints)


def problems(line: Line, folder: Path) -> list[str]:
    """Why ``line`` cannot run in the prepared ``folder`` (empty when it can)."""
    if not line.is_ecoonto:
        return []
    found, said = paths(line), []
    if line.command and _command(line) is None:
        said.append(f"{line.text}: no command {line.command!r}")
    for name in found.inputs:
        if Path(name).is_absolute():
            said.append(f"{line.text}: reads {name}, an absolute path the test cannot prepare")
        elif not (folder / name).exists():
            said.append(
                f"{line.text}: reads {name}, which the prepared folder does not have"
                " (add it to PREPARED and prepare() in tests/example_lines.py)"
            )
    for name in found.outputs:
        if Path(name).is_absolute() and not name.startswith("/tmp/"):
            said.append(f"{line.text}: writes {name}, outside the test's folder")
    for url in found.endpoints:
        if url not in SERVER_URLS:
            said.append(
                f"{line.text}: needs the server at {url}; the tests run Oxigraph and stand it"
                f" in for {' and '.join(SERVER_URLS)} only"
            )
    return said


@dataclass
class Ran:
    exit_code: int
    output: str  # what the user sees: standard error, then standard output through the filters
    stdout: str  # standard output through the filters alone


def run(line: Line, folder: Path, server: str | None = None) -> Ran:
    """Run ``line`` in ``folder`` (``server``: the base URL standing in for SERVER_URLS)."""
    home = str(folder)
    if not line.is_ecoonto:
        env = {**os.environ, "HOME": home, "EDITOR": str(folder / "bin" / "fill-placeholders")}
        done = subprocess.run(
            ["bash", "-c", line.text], cwd=folder, env=env, capture_output=True, text=True
        )
        return Ran(done.returncode, done.stderr + done.stdout, done.stdout)
    from ecoonto.cli import cli

    def local(word: str) -> str:
        if word.startswith("/tmp/"):
            word = str(folder / "tmp" / word[len("/tmp/") :])
        word = re.sub(r"^~(?=/|$)", home, word)
        for url in SERVER_URLS:
            if server is not None and word.startswith(url):
                word = server + word[len(url) :]
        return word

    words = [local(word) for word in line.words[1:]]
    for output in paths(line).outputs:
        target = folder / local(output)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
    env = {name: local(value) for name, value in line.env.items()}
    with contextlib.chdir(folder):
        result = CliRunner(env=env).invoke(cli, words, catch_exceptions=False)
    shown = result.stdout
    for words_ in line.filters:
        done = subprocess.run(words_, input=shown, cwd=folder, capture_output=True, text=True)
        assert done.returncode == 0, (line.text, words_, done.stderr)
        shown = done.stdout
    return Ran(result.exit_code, result.stderr + shown, shown)


def help_examples() -> list[tuple[str, str]]:
    """``(command, line)`` for every line of every ``Example:`` block: the group's (command
    ``""``) and each command's in ecoonto.cli.COMMANDS."""
    from ecoonto.cli import COMMANDS, cli

    found = []
    for name in ["", *sorted(COMMANDS)]:
        result = CliRunner().invoke(cli, [name, "--help"] if name else ["--help"])
        assert result.exit_code == 0, (name, result.output)
        lines = result.output.splitlines()
        starts = [i for i, text in enumerate(lines) if text.strip() == "Example:"]
        assert len(starts) == 1, f"ecoonto {name} --help: {len(starts)} Example: blocks"
        for text in lines[starts[0] + 1 :]:
            if not text.strip():
                break
            found.append((name, text.strip()))
    return found


def ecoonto(folder: Path, *args: str) -> str:
    from ecoonto.cli import cli

    with contextlib.chdir(folder):
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
    return result.output


def prepare(folder: Path) -> None:
    """Make every entry of PREPARED in ``folder`` (once per session: a few seconds)."""
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(REPO / name, folder / name)
    (folder / "examples").mkdir()
    shutil.copy(REPO / "examples" / "specialty-coffee.ttl", folder / "examples")
    shutil.copy(REPO / "examples" / "specialty-coffee.ttl", folder / "dump.txt")
    for name in ("extra.ttl", "my-ontology.ttl", "my-question.rq"):
        shutil.copy(DATA / name, folder / name)
    for name in ("docs", "tmp", "bin"):
        (folder / name).mkdir()
    editor = folder / "bin" / "fill-placeholders"
    editor.write_text(f"#!/bin/sh\nexec perl -pi -e '{FILL}' \"$@\"\n", encoding="utf-8")
    editor.chmod(0o755)
    industries = ["examples/specialty-coffee.ttl", "ontology/industries/ai-compute.ttl"]
    ecoonto(folder, "load", *industries, "--store", "kg")
    ecoonto(folder, "convert", "ontology/core.ttl", "data.rdf")
    ecoonto(folder, "new", "Space launch", "-o", "space-launch.md")
    ecoonto(folder, "new", "Space launch", "--tables", "tables")
    pages = ["space-launch.md", *sorted(f"tables/{p.name}" for p in (folder / "tables").iterdir())]
    subprocess.run([editor, *pages], cwd=folder, check=True)  # one count across the files
    ecoonto(folder, "import", "space-launch.md", "-o", "space-launch.ttl")
    shutil.copy(folder / "space-launch.ttl", folder / "space-launch-v1.ttl")
    page = (folder / "space-launch.md").read_text(encoding="utf-8")
    (folder / "old-page.md").write_text(page, encoding="utf-8")
    changed = page.replace("— Launch text 5\n", "— Launch text five\n", 1)
    assert changed != page
    (folder / "new-page.md").write_text(changed, encoding="utf-8")
    ecoonto(folder, "import", "new-page.md", "-o", "space-launch-v2.ttl")
    ecoonto(folder, "generate", "--players", "40", "-o", "big-industry.ttl")
    made = sorted(p.name for p in folder.iterdir() if not p.name.endswith(".ecoonto-lock"))
    assert made == sorted(PREPARED), set(made) ^ set(PREPARED)


def copy(prepared: Path, into: Path) -> Path:
    """A fresh copy of the prepared folder for one test (its store included)."""
    work = into / "work"
    shutil.copytree(prepared, work, symlinks=True)
    return work
