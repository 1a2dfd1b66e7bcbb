"""Bad input through the command line: every case gets its exact exit code and ONE line on
stderr that names the file, line or option at fault, and never a traceback.

One table (``CASES``) covers validate, query, load, convert, reason and report; the files it
refers to are written per test (``files``) or once per module for the large ones. Cases that
name a URL point at a real local HTTP server that records requests, so a test can prove that
nothing was fetched (JSON-LD contexts, external XML entities).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hardening_support import (
    SECRET_PASSWORD,
    LocalServer,
    answer,
    one_error_line,
    run_cli,
)

from ecoonto.errors import InputError
from ecoonto.rdf import graphs

ECO = "@prefix eco: <https://w3id.org/ecoonto/> .\n"
PASSWD_LINE = (
    Path("/etc/passwd").read_text().splitlines()[0] if Path("/etc/passwd").exists() else ""
)
LAST_LINE_TRIPLES = 200_000
HUGE_LITERAL = 50_000_000


@pytest.fixture(scope="module")
def context_server() -> Iterator[LocalServer]:
    """Serves a JSON-LD context (and anything else) and records every request."""
    context = b'{"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"}}'

    def behave(handler: Any) -> None:
        answer(handler, 200, context, {"Content-Type": "application/ld+json"})

    server = LocalServer(behave)
    yield server
    server.close()


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """200k triples with an error on the last line; one 50 MB literal."""
    root = tmp_path_factory.mktemp("big")
    last = root / "last-line.ttl"
    with last.open("w", encoding="utf-8") as out:
        out.write(ECO)
        out.writelines(f'eco:s{i} eco:p "v{i}" .\n' for i in range(LAST_LINE_TRIPLES))
        out.write('eco:last eco:p "unterminated .\n')
    huge = root / "huge-literal.ttl"
    with huge.open("w", encoding="utf-8") as out:
        out.write(ECO + '<https://example.org/big> eco:note "')
        out.write("x" * HUGE_LITERAL)
        out.write('" .\n')
    return {"last-line.ttl": last, "huge-literal.ttl": huge}


@pytest.fixture()
def files(
    tmp_path: Path, big_files: dict[str, Path], context_server: LocalServer
) -> dict[str, Path]:
    """Every small bad input, by name, plus the module's big ones."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-CONTENT\n")
    texts: dict[str, str | bytes] = {
        "malformed.ttl": ECO + 'eco:a eco:b eco:c .\neco:a eco:b "unterminated .\n',
        "unknown-prefix.ttl": ECO + "foo:a eco:b eco:c .\n",
        "jsonld-in.ttl": '{"@context": {"eco": "https://w3id.org/ecoonto/"}, "@id": "eco:a"}\n',
        "rdfxml-in.ttl": (
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf='
            '"http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
        ),
        "empty.ttl": "",
        "latin1.ttl": ECO.encode() + b'eco:a eco:b "caf\xe9" .\n',
        "xxe.rdf": (
            '<?xml version="1.0"?>\n'
            '<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
            '<rdf:Description rdf:about="http://example.org/a"><rdfs:label>&x;</rdfs:label>'
            "</rdf:Description>\n</rdf:RDF>\n"
        ),
        "xxe-parameter.rdf": (
            '<?xml version="1.0"?>\n'
            f'<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "{context_server.base}/evil.dtd"> %p;]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
        ),
        "remote-context.jsonld": (
            f'{{"@context": "{context_server.base}/context.jsonld",'
            ' "@id": "http://example.org/a", "label": "a"}\n'
        ),
        "nested-context.jsonld": (
            '{"@context": {"eco": "https://w3id.org/ecoonto/"}, "@graph": [{"@context": ['
            f'"{context_server.base}/nested.jsonld"], "@id": "eco:a"}}]}}\n'
        ),
        "bad.rq": (
            "PREFIX eco: <https://w3id.org/ecoonto/>\nSELECT ?x WHERE {\n  ?x eco:p ?y ,\n}\n"
        ),
        "echo.rq": "SELECT ?x WHERE {}\n",
    }
    made: dict[str, Path] = dict(big_files)
    for name, text in texts.items():
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        made[name] = path
    made["missing.ttl"] = tmp_path / "missing.ttl"
    made["a-directory.ttl"] = tmp_path / "a-directory.ttl"
    made["a-directory.ttl"].mkdir()
    made["store"] = tmp_path / "kg"
    made["out"] = tmp_path / "out.ttl"
    made["nowhere"] = tmp_path / "no-such-folder" / "out.md"
    return made


Args = Callable[[dict[str, Path]], list[str | Path]]


@dataclass(frozen=True)
class Case:
    """``ecoonto ARGS`` must exit ``code`` with one error line holding ``fragments``."""

    id: str
    args: Args
    code: int
    fragments: Callable[[dict[str, Path]], list[str]] = lambda f: []
    absent: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)


def names(*keys: str) -> Callable[[dict[str, Path]], list[str]]:
    return lambda f: [str(f[k]) for k in keys]


def plus(keys: tuple[str, ...], *more: str) -> Callable[[dict[str, Path]], list[str]]:
    return lambda f: [*(str(f[k]) for k in keys), *more]


NO_SECRETS = (PASSWD_LINE, "TOPSECRET", SECRET_PASSWORD, "Traceback")

CASES = [
    # validate: files parsed by ecoonto.rdf.graphs (rdflib after a pyoxigraph syntax check)
    Case(
        "validate-malformed-turtle",
        lambda f: ["validate", f["malformed.ttl"]],
        2,
        plus(("malformed.ttl",), ":3:13:", "Turtle syntax error"),
    ),
    Case(
        "validate-unknown-prefix",
        lambda f: ["validate", f["unknown-prefix.ttl"]],
        2,
        plus(("unknown-prefix.ttl",), ":2:1:", "prefix foo: has not been declared"),
    ),
    Case(
        "validate-jsonld-named-ttl",
        lambda f: ["validate", f["jsonld-in.ttl"]],
        2,
        plus(("jsonld-in.ttl",), ":1:1:", "looks like JSON-LD, not Turtle"),
    ),
    Case(
        "validate-rdfxml-named-ttl",
        lambda f: ["validate", f["rdfxml-in.ttl"]],
        2,
        plus(("rdfxml-in.ttl",), ":1:", "looks like RDF/XML, not Turtle"),
    ),
    Case(
        "validate-missing-file",
        lambda f: ["validate", f["missing.ttl"]],
        2,
        plus(("missing.ttl",), "no such file"),
    ),
    Case(
        "validate-directory",
        lambda f: ["validate", f["a-directory.ttl"]],
        2,
        plus(("a-directory.ttl",), "is a directory"),
    ),
    Case(
        "validate-invalid-utf8",
        lambda f: ["validate", f["latin1.ttl"]],
        2,
        lambda f: [f"{f['latin1.ttl']}:2:17: invalid UTF-8"],
    ),
    Case(
        "validate-error-on-last-line-of-200k-triples",
        lambda f: ["validate", f["last-line.ttl"]],
        2,
        plus(("last-line.ttl",), f":{LAST_LINE_TRIPLES + 2}:16:"),
    ),
    Case(
        "validate-external-entity",
        lambda f: ["validate", f["xxe.rdf"]],
        2,
        plus(("xxe.rdf",), ":2:", "external entity x", "file:///etc/passwd"),
        absent=NO_SECRETS,
    ),
    Case(
        "validate-external-parameter-entity",
        lambda f: ["validate", f["xxe-parameter.rdf"]],
        2,
        plus(("xxe-parameter.rdf",), "external parameter entity %p", "/evil.dtd"),
    ),
    Case(
        "validate-remote-jsonld-context",
        lambda f: ["validate", f["remote-context.jsonld"]],
        2,
        plus(("remote-context.jsonld",), "/context.jsonld", "ECOONTO_ALLOW_REMOTE_CONTEXT=1"),
    ),
    Case(
        "validate-nested-remote-jsonld-context",
        lambda f: ["validate", f["nested-context.jsonld"]],
        2,
        plus(("nested-context.jsonld",), "/nested.jsonld"),
    ),
    Case(
        "validate-missing-shapes",
        lambda f: ["validate", "--shapes", f["missing.ttl"]],
        2,
        plus(("missing.ttl",), "no such file"),
    ),
    # query
    Case(
        "query-sparql-syntax-error",
        lambda f: ["query", f["bad.rq"]],
        2,
        lambda f: ["SPARQL syntax error at line 5, column 1"],
    ),
    Case(
        "query-unknown-bundled-name",
        lambda f: ["query", "table-buyer-sides"],
        2,
        lambda f: ["unknown query 'table-buyer-sides'", "did you mean table-buyer-side"],
    ),
    Case(
        "query-missing-rq-file",
        lambda f: ["query", str(f["missing.ttl"]).replace(".ttl", ".rq")],
        2,
        lambda f: [str(f["missing.ttl"]).replace(".ttl", ".rq"), "no such file"],
    ),
    Case(
        "query-param-iri-breakout",
        lambda f: ["query", f["echo.rq"], "--param", "x=<http://a> } ; DROP ALL ; <http://b>"],
        2,
        lambda f: ["is not a valid absolute IRI"],
    ),
    Case(
        "query-param-malformed",
        lambda f: ["query", f["echo.rq"], "--param", "novalue"],
        2,
        lambda f: ["malformed --param 'novalue'"],
    ),
    Case(
        "query-param-unknown-variable",
        lambda f: ["query", f["echo.rq"], "--param", "nope=1"],
        2,
        lambda f: ["no variable ?nope"],
    ),
    Case(
        "query-data-malformed",
        lambda f: ["query", "sides", "--data", f["malformed.ttl"]],
        2,
        plus(("malformed.ttl",), ":3:"),
    ),
    Case(
        "query-data-external-entity",
        lambda f: ["query", "sides", "--data", f["xxe.rdf"]],
        2,
        names("xxe.rdf"),
        absent=NO_SECRETS,
    ),
    Case(
        "query-data-remote-jsonld-context",
        lambda f: ["query", "sides", "--data", f["remote-context.jsonld"]],
        2,
        names("remote-context.jsonld"),
    ),
    Case(
        "query-endpoint-with-credentials",
        lambda f: ["query", "sides", "--endpoint", f"http://bob:{SECRET_PASSWORD}@127.0.0.1:1/"],
        2,
        lambda f: ["http://127.0.0.1:1/", "contains credentials", "ECOONTO_ENDPOINT_USER"],
        absent=NO_SECRETS,
    ),
    # load
    Case(
        "load-malformed",
        lambda f: ["load", f["malformed.ttl"], "--store", f["store"], "--no-validate"],
        2,
        plus(("malformed.ttl",), ":3:13:"),
    ),
    Case(
        "load-endpoint-with-credentials",
        lambda f: [
            "load",
            "--endpoint",
            f"http://bob:{SECRET_PASSWORD}@127.0.0.1:1/x",
            "--no-validate",
        ],
        2,
        lambda f: ["http://127.0.0.1:1/x", "ECOONTO_ENDPOINT_PASSWORD", ".netrc"],
        absent=(*NO_SECRETS, "bob"),
    ),
    Case(
        "load-external-entity",
        lambda f: ["load", f["xxe.rdf"], "--store", f["store"], "--no-validate"],
        2,
        plus(("xxe.rdf",), "external entity"),
        absent=NO_SECRETS,
    ),
    Case(
        "load-remote-jsonld-context",
        lambda f: ["load", f["remote-context.jsonld"], "--store", f["store"], "--no-validate"],
        2,
        plus(("remote-context.jsonld",), "/context.jsonld"),
    ),
    Case(
        "load-bad-graph-iri",
        lambda f: ["load", f["echo.rq"], "--store", f["store"], "--graph", "not an iri"],
        2,
        lambda f: ["not an iri"],
    ),
    # convert
    Case(
        "convert-unknown-format-name",
        lambda f: ["convert", f["malformed.ttl"], f["out"], "--from", "nosuch"],
        2,
        lambda f: ["unknown RDF format 'nosuch'"],
    ),
    Case(
        "convert-malformed",
        lambda f: ["convert", f["malformed.ttl"], f["out"]],
        2,
        plus(("malformed.ttl",), ":3:13:"),
    ),
    Case(
        "convert-jsonld-read-as-turtle",
        lambda f: ["convert", f["remote-context.jsonld"], f["out"], "--from", "turtle"],
        2,
        plus(("remote-context.jsonld",), "looks like JSON-LD"),
    ),
    Case(
        "convert-external-entity",
        lambda f: ["convert", f["xxe.rdf"], f["out"]],
        2,
        plus(("xxe.rdf",), "external entity"),
        absent=NO_SECRETS,
    ),
    Case(
        "convert-remote-jsonld-context",
        lambda f: ["convert", f["remote-context.jsonld"], f["out"]],
        2,
        plus(("remote-context.jsonld",), "ECOONTO_ALLOW_REMOTE_CONTEXT"),
    ),
    # reason (fails before any reasoner starts)
    Case(
        "reason-malformed",
        lambda f: ["reason", f["malformed.ttl"], "--reasoner", "owlrl"],
        2,
        plus(("malformed.ttl",), ":3:13:"),
    ),
    Case(
        "reason-missing-file",
        lambda f: ["reason", f["missing.ttl"]],
        2,
        plus(("missing.ttl",), "no such file"),
    ),
    Case(
        "reason-external-entity",
        lambda f: ["reason", f["xxe.rdf"]],
        2,
        plus(("xxe.rdf",), "external entity"),
        absent=NO_SECRETS,
    ),
    # report
    Case(
        "report-data-malformed",
        lambda f: ["report", "--data", f["malformed.ttl"]],
        2,
        plus(("malformed.ttl",), ":3:"),
    ),
    Case(
        "report-output-folder-missing",
        lambda f: ["report", "-o", f["nowhere"]],
        2,
        lambda f: [str(f["nowhere"]), "does not exist"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gets_one_clear_line(
    case: Case, files: dict[str, Path], context_server: LocalServer
) -> None:
    before = len(context_server.seen)
    result = run_cli(*case.args(files), env=case.env)
    line = one_error_line(result, case.code, *case.fragments(files))
    print(f"{case.id}: exit {result.exit_code}: {line}")
    for secret in case.absent:
        if secret:
            assert secret not in result.output, line
    assert len(context_server.seen) == before, "a URL in the input was fetched"


def test_click_usage_errors_name_the_option() -> None:
    """Option values click itself checks keep click's usage message (exit 2): its last line
    names the option and the allowed values."""
    result = run_cli("validate", "--format", "yaml")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--format': 'yaml' is not one of 'text', 'json', 'turtle'."
    )


# --------------------------------------------------------------------------------------------
# Inputs that must work, not fail


def test_a_50_mb_literal_validates_and_loads(files: dict[str, Path], tmp_path: Path) -> None:
    result = run_cli("validate", files["huge-literal.ttl"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("conforms:")
    result = run_cli(
        "load", files["huge-literal.ttl"], "--store", tmp_path / "kg", "--no-validate",
        "--without-core",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("loaded 1 triples from 1 file")


def test_a_50_mb_literal_as_query_data_works(files: dict[str, Path]) -> None:
    """pyoxigraph refuses a token over 16 MB; ecoonto sets the string aside and parses the
    rest with pyoxigraph (the literal comes back whole)."""
    result = run_cli("query", "sides", "--data", files["huge-literal.ttl"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_allowed_remote_context_is_fetched_from_the_local_server(
    files: dict[str, Path], context_server: LocalServer
) -> None:
    before = len(context_server.seen)
    result = run_cli(
        "convert",
        files["remote-context.jsonld"],
        files["out"],
        env={"ECOONTO_ALLOW_REMOTE_CONTEXT": "1"},
    )
    assert result.exit_code == 0, result.output
    assert [s.path for s in context_server.seen[before:]] == ["/context.jsonld"]
    assert 'rdfs:label "a"' in files["out"].read_text()


def test_param_breaking_out_of_the_query_is_bound_as_one_literal(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """``x" } ; DROP ALL ; #`` and friends come back as the value, and the store is unchanged."""
    store = files["store"]
    data = tmp_path / "data.ttl"
    data.write_text(ECO + "eco:a eco:p eco:b , eco:c .\n", encoding="utf-8")
    assert run_cli("load", data, "--store", store, "--no-validate").exit_code == 0
    before = canonical_store(store)
    attacks = [
        'x" } ; DROP ALL ; #',
        "x' } ; DROP ALL ; #",
        'x"""\n} ; CLEAR ALL ; INSERT DATA { <http://e/a> <http://e/b> 1 } #',
        'x\\" } DROP ALL #',
        "\\u0022 } ; DROP ALL ; #",
        "} UNION { ?s ?p ?x }",
    ]
    for value in attacks:
        for target in ([], ["--store", store]):
            result = run_cli(
                "query", files["echo.rq"], *target, "--param", f"x={value}", "--format", "json"
            )
            assert result.exit_code == 0, (value, result.output)

            bindings = json.loads(result.stdout)["results"]["bindings"]
            assert bindings == [{"x": {"type": "literal", "value": value}}], value
    # A bundled query given a breakout value simply matches nothing.
    result = run_cli(
        "query", "q2-energy-binding-constraint", "--param", 'stance=gains" } ; DROP ALL ; #'
    )
    assert result.exit_code == 0, result.output
    assert canonical_store(store) == before


def canonical_store(store: Path) -> str:
    from ecoonto.targets import EmbeddedStore

    with EmbeddedStore(store) as opened:
        result = opened.run("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert result.graph is not None
        return graphs.canonical_turtle(result.graph)


# --------------------------------------------------------------------------------------------
# The XML parser itself never reads an external entity, even past the DOCTYPE check


def test_rdfxml_parser_never_expands_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-CONTENT\n")
    data = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "{secret.as_uri()}">'
        '<!ENTITY y SYSTEM "file:///etc/passwd">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        '<rdf:Description rdf:about="http://example.org/a"><rdfs:label>[&x;]</rdfs:label>'
        "<rdfs:comment>[&y;]</rdfs:comment></rdf:Description>\n</rdf:RDF>\n"
    ).encode()
    from ecoonto.rdf import parse
    from ecoonto.rdf.formats import by_name

    try:  # bypasses the DOCTYPE check: pyoxigraph's parser itself
        quads = list(parse._stream(Path("x.rdf"), data, by_name("xml"), None, None, None, False))
        text = " ".join(str(q) for q in quads)
    except InputError as exc:
        text = exc.message
    assert "TOPSECRET" not in text
    assert not PASSWD_LINE or PASSWD_LINE not in text
    path = tmp_path / "xxe.rdf"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"external entity x"):
        graphs.load([path])


def test_internal_entities_as_protege_writes_them_still_parse(tmp_path: Path) -> None:
    path = tmp_path / "protege.owl"
    path.write_text(
        '<?xml version="1.0"?>\n'
        "<!DOCTYPE rdf:RDF [\n"
        '  <!ENTITY owl "http://www.w3.org/2002/07/owl#" >\n'
        '  <!ENTITY ex "http://example.org/" >\n]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="&ex;Thing"><rdf:type rdf:resource="&owl;Class"/>'
        "</rdf:Description>\n</rdf:RDF>\n",
        encoding="utf-8",
    )
    graph = graphs.load([path])
    assert len(graph) == 1
    (s, _, o), *_ = list(graph)
    assert (str(s), str(o)) == ("http://example.org/Thing", "http://www.w3.org/2002/07/owl#Class")
