"""``ecoonto convert``: a summary line on success, one-line errors with exit 2, OUT untouched."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from rdflib import Graph
from rdflib.compare import isomorphic

from ecoonto import resources
from ecoonto.cli import cli

INDUSTRY = resources.industry_files()[0]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["convert", *(str(a) for a in args)])


def one_line_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return lines[0]


def test_turtle_to_jsonld_and_back(tmp_path: Path) -> None:
    jsonld = (tmp_path / "ai-compute.jsonld").resolve()
    result = run(INDUSTRY, jsonld)
    assert result.exit_code == 0, result.output
    original = Graph().parse(INDUSTRY)
    assert result.stdout == (
        f"wrote {jsonld} (json-ld): {len(original)} triples from {INDUSTRY} (turtle)\n"
    )
    back = (tmp_path / "back.ttl").resolve()
    assert run(jsonld, back).exit_code == 0
    assert isomorphic(Graph().parse(back), original)


def test_explicit_formats(tmp_path: Path) -> None:
    out = (tmp_path / "industry.data").resolve()
    result = run(INDUSTRY, out, "--to", "rdfxml")
    assert result.exit_code == 0, result.output
    assert "(xml)" in result.stdout
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    assert run(out, tmp_path / "again.nt", "--from", "xml").exit_code == 0


def test_refuses_to_overwrite_the_input(tmp_path: Path) -> None:
    source = (tmp_path / "a.ttl").resolve()
    source.write_text("<http://example.org/a> <http://example.org/p> 1 .\n", encoding="utf-8")
    line = one_line_error(run(source, source, "--to", "nt"))
    assert line == f"error: {source}: is the input file: write the conversion to another file"
    assert source.read_text(encoding="utf-8").endswith("1 .\n")


def test_parse_error_leaves_out_untouched(tmp_path: Path) -> None:
    bad = (tmp_path / "bad.ttl").resolve()
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p .\n", encoding="utf-8")
    out = (tmp_path / "out.nt").resolve()
    out.write_text("keep me\n", encoding="utf-8")
    line = one_line_error(run(bad, out))
    assert line.startswith(f"error: {bad}:2:")
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_unknown_formats_and_missing_file(tmp_path: Path) -> None:
    out = tmp_path / "out.nt"
    assert "cannot tell the RDF format from the extension '.xyz'" in one_line_error(
        run(INDUSTRY, tmp_path / "out.xyz")
    )
    assert "unknown RDF format 'yaml'" in one_line_error(run(INDUSTRY, out, "--to", "yaml"))
    assert "unknown RDF format 'csv'" in one_line_error(run(INDUSTRY, out, "--from", "csv"))
    missing = (tmp_path / "missing.ttl").resolve()
    assert one_line_error(run(missing, out)) == f"error: {missing}: no such file"
    assert not out.exists()


def test_named_graphs_to_turtle_is_refused(tmp_path: Path) -> None:
    quads = (tmp_path / "in.nq").resolve()
    quads.write_text(
        "<http://example.org/a> <http://example.org/p> <http://example.org/b>"
        " <http://example.org/g> .\n",
        encoding="utf-8",
    )
    line = one_line_error(run(quads, tmp_path / "out.ttl"))
    assert (
        "named graph (<http://example.org/g>)" in line and "write TriG, N-Quads or JSON-LD" in line
    )
    result = run(quads, (tmp_path / "out.trig").resolve())
    assert result.exit_code == 0, result.output
    assert "1 triple (1 named graph)" in result.stdout


def test_help_ends_with_an_example() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Exit 0 converted, 2 bad input" in result.output
    assert result.output.rstrip().splitlines()[-1].strip().startswith("ecoonto convert ")
