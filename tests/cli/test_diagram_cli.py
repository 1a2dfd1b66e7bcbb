"""``ecoonto diagram``: formats, output files, given FILES, focus options, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ecoonto.cli.diagram import diagram

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' not installed")

# A one-player industry, written the way docs/modelling.md asks.
SMALL = """\
PREFIX eco: <https://w3id.org/ecoonto/>
PREFIX ex: <https://example.org/industry/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

ex:industry a owl:NamedIndividual, eco:Industry ; rdfs:label "Test industry"@en .
ex:player-mill a owl:NamedIndividual, eco:Player ;
    rdfs:label "Paper mill"@en ; eco:inIndustry ex:industry ; eco:primaryArchetype eco:Realist .
ex:position-mill a owl:NamedIndividual, eco:Position ;
    rdfs:label "Pulp and paper"@en ; eco:onSide eco:Providers ; eco:inIndustry ex:industry .
ex:filling-mill a owl:NamedIndividual, eco:Filling ;
    eco:byPlayer ex:player-mill ; eco:ofPosition ex:position-mill ; eco:order 1 .
ex:org-acme a owl:NamedIndividual, eco:Organisation ;
    rdfs:label "Acme Paper"@en ; eco:exemplifies ex:player-mill .
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(diagram, list(args))


def test_help_ends_with_an_example() -> None:
    result = run("--help")
    assert result.exit_code == 0
    last = result.output.rstrip().splitlines()[-1].strip()
    assert last.startswith("ecoonto diagram ")


def test_dot_to_stdout() -> None:
    result = run("--format", "dot")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("digraph ecosystem {")
    assert "cluster_side_3" in result.stdout
    assert "Hyperscaler AI team" in result.stdout


@needs_dot
def test_svg_to_stdout_by_default() -> None:
    result = run("--side", "Buyers")
    assert result.exit_code == 0, result.output
    assert "<svg" in result.stdout
    assert "Frontier AI lab" in result.stdout


@needs_dot
@pytest.mark.parametrize(
    ("name", "args", "magic"),
    [
        ("map.svg", [], b"<svg"),
        ("map.png", [], b"\x89PNG"),
        ("map.dot", [], b"digraph"),
        ("map.out", ["--format", "png"], b"\x89PNG"),
    ],
)
def test_output_file_format_from_suffix_or_option(
    tmp_path: Path, name: str, args: list[str], magic: bytes
) -> None:
    target = tmp_path / name
    result = run("-o", str(target), *args)
    assert result.exit_code == 0, result.output
    assert magic in target.read_bytes()[:400]
    assert f"wrote {target}" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left behind


def test_png_needs_an_output_file() -> None:
    result = run("--format", "png")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: png is binary: give -o FILE to write it"


def test_output_into_a_missing_directory(tmp_path: Path) -> None:
    result = run("--format", "dot", "-o", str(tmp_path / "nowhere" / "map.dot"))
    assert result.exit_code == 2
    assert "no such directory" in result.stderr


def test_given_files_are_drawn_with_the_core_ontology(tmp_path: Path) -> None:
    data = tmp_path / "small.ttl"
    data.write_text(SMALL, encoding="utf-8")
    result = run(str(data.resolve()), "--format", "dot")
    assert result.exit_code == 0, result.output
    assert "Paper mill" in result.stdout and "Acme Paper" in result.stdout
    assert "Test industry ecosystem" in result.stdout
    assert "Hyperscaler AI team" not in result.stdout  # the bundled data is not loaded
    assert result.stdout.count("cluster_side_") >= 4  # the sides come from the core ontology


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    result = run(str(tmp_path / "absent.ttl"), "--format", "dot")
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_side_and_organisation_options() -> None:
    boundary = run("--format", "dot", "--side", "Boundary")
    assert boundary.exit_code == 0
    assert "US BIS" in boundary.stdout and "Frontier AI lab" not in boundary.stdout
    google = run("--format", "dot", "--organisation", "GOOGLE")
    assert google.exit_code == 0
    assert "Google (TPU)" in google.stdout and "US BIS" not in google.stdout


@pytest.mark.parametrize(
    ("option", "value", "start"),
    [
        ("--side", "Sellers", "error: unknown side 'Sellers': choose one of Buyers, Providers,"),
        ("--organisation", "Intel", "error: unknown organisation 'Intel': choose one of "),
    ],
)
def test_unknown_names_exit_2_with_the_choices(option: str, value: str, start: str) -> None:
    result = run("--format", "dot", option, value)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(start)


def test_missing_dot_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without Graphviz: real behaviour
    result = run("--format", "svg", "-o", str(tmp_path / "map.svg"))
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Graphviz 'dot' not found: install the Debian package graphviz"
        " (apt-get install graphviz)\n"
    )
    assert not (tmp_path / "map.svg").exists()
    # DOT output needs no Graphviz.
    assert run("--format", "dot").exit_code == 0
