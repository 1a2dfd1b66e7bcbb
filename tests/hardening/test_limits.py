"""Input that must not make ecoonto do more than it was asked (issue 17, item 5): SERVICE is
off for local data, entity expansion is bounded, and a huge literal costs linear time."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ecoonto import rdf
from ecoonto.cli import cli


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def error_line(result: Result, code: int) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.output
    return lines[0]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_service_is_off_for_local_data(tmp_path: Path) -> None:
    query = write(
        tmp_path / "svc.rq",
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{closed_port()}/sparql> {{ ?s ?p ?o }} }}",
    )
    line = error_line(run("query", query), 2)
    assert "SERVICE" in line and "--allow-service" in line


def test_service_in_a_string_or_a_comment_is_not_a_service(tmp_path: Path) -> None:
    query = write(
        tmp_path / "text.rq",
        '# SERVICE <http://example.org/>\nSELECT ("SERVICE <http://x/>" AS ?t) WHERE {}\n',
    )
    result = run("query", query, "--format", "tsv")
    assert result.exit_code == 0, result.output


def test_an_unreachable_service_is_exit_3_with_one_line(tmp_path: Path) -> None:
    query = write(
        tmp_path / "svc.rq",
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{closed_port()}/sparql> {{ ?s ?p ?o }} }}",
    )
    line = error_line(run("query", query, "--allow-service"), 3)
    assert "query failed" in line


def test_service_is_off_on_an_embedded_store(tmp_path: Path) -> None:
    from ecoonto.targets import EmbeddedStore

    data = write(tmp_path / "d.ttl", "<http://e/a> <http://e/p> <http://e/b> .\n")
    with EmbeddedStore(tmp_path / "kg") as store:
        store.load_files([data])
    query = write(tmp_path / "svc.rq", "SELECT * WHERE { SERVICE <http://e/> { ?s ?p ?o } }")
    line = error_line(run("query", query, "--store", tmp_path / "kg"), 2)
    assert "--allow-service" in line


def laughs(depth: int) -> str:
    entities = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, depth + 1)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE r [\n'
        + "\n".join(entities)
        + '\n]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://example.org/">\n'
        f'<rdf:Description rdf:about="http://example.org/a"><ex:p>&l{depth};</ex:p>'
        "</rdf:Description></rdf:RDF>\n"
    )


def test_nested_entities_are_refused_past_the_limit(tmp_path: Path) -> None:
    source = write(tmp_path / "laughs.rdf", laughs(9))  # 3 * 10^9 characters
    started = time.monotonic()
    line = error_line(run("convert", source, tmp_path / "out.ttl"), 2)
    assert time.monotonic() - started < 10
    assert "laughs.rdf:" in line and "entity" in line and "refused" in line
    assert not (tmp_path / "out.ttl").exists()


def test_a_few_nested_entities_still_expand(tmp_path: Path) -> None:
    source = write(tmp_path / "small.rdf", laughs(3))  # 3000 characters
    (quad,) = rdf.read(source)
    assert quad.object.value == "lol" * 1000


def test_a_long_multiline_literal_costs_linear_time(tmp_path: Path) -> None:
    """A 20 MB literal over a million lines: pyoxigraph's 16 MB buffer overflows, the string is
    set aside and put back (rdflib's Turtle parser took minutes on it)."""
    value = "x\n" * 10_000_000
    source = tmp_path / "big.ttl"
    source.write_text(f'<http://e/a> <http://e/p> """{value}""" .\n', encoding="utf-8")
    started = time.monotonic()
    result = run("stats", source, "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"triples": 1' in result.output
    (quad,) = rdf.read(source)
    assert quad.object.value == value
    assert time.monotonic() - started < 60


def test_a_long_literal_with_escapes_comes_back_whole(tmp_path: Path) -> None:
    value = 'a"b\\c\té' * 400_000
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    source = tmp_path / "big.nt"
    source.write_text(f'<http://e/a> <http://e/p> "{escaped}"@en .\n', encoding="utf-8")
    from ecoonto.rdf import parse

    assert parse.LONG_STRING < len(escaped.encode())
    quads = list(parse.quads(source, careful=True))
    assert [(q.object.value, q.object.language) for q in quads] == [(value, "en")]


@pytest.mark.parametrize("command", ["convert", "load", "stats", "validate"])
def test_base_sets_the_base_iri(tmp_path: Path, command: str) -> None:
    source = write(tmp_path / "rel.ttl", "<a> <http://example.org/p> <b> .\n")
    base = "http://example.org/x/"
    if command == "convert":
        out = tmp_path / "out.nt"
        assert run("convert", source, out, "--base", base).exit_code == 0
        assert out.read_text() == (
            "<http://example.org/x/a> <http://example.org/p> <http://example.org/x/b> .\n"
        )
    elif command == "load":
        result = run(
            "load", source, "--store", tmp_path / "kg", "--no-validate", "--without-core",
            "--base", base,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        from ecoonto.targets import ReadOnlyStore

        store = ReadOnlyStore(tmp_path / "kg")
        rows = store.run("SELECT ?s WHERE { ?s ?p ?o }").as_strings()
        store.close()
        assert rows == [("http://example.org/x/a",)]
    else:
        result = run(command, source, "--base", base)
        assert result.exit_code in (0, 1), result.output
    bad = run("convert", source, tmp_path / "o.nt", "--base", "not an iri")
    assert "--base" in error_line(bad, 2)
