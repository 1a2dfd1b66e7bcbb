"""The W3C SHACL Core test suite (tests/data/w3c-shacl/core), run through ecoonto.

Each test is an ``sht:Validate`` entry of a manifest: a data graph, a shapes graph and the
expected validation report. A run passes when the report ecoonto gives compares equal to the
expected one as the test suite's description says: the report node's triples, each result's
triples and the triples of its result path, compared as graphs (blank nodes matched by
isomorphism). ``sh:resultMessage`` is compared only where the expected report has messages and
``sh:detail`` only where it has details (both are optional in a report); a blank source shape,
focus node or value brings its own triples along, so that it is matched with the right node.

``python -m tests.w3c_shacl`` prints the pass count of every way of running it
(``cli``: ``ecoonto validate FILE --shapes FILE --no-bundled-shapes --format turtle``;
``api``: :func:`ecoonto.checking.validation.validate` on rdflib graphs; ``files``:
:func:`~ecoonto.checking.validation.validate_files`; each with ``--engine auto``) and the
tests that fail.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH
from rdflib.term import Node

SUITE = Path(__file__).parent / "data" / "w3c-shacl"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"

_PATH_LINKS = {
    RDF.first,
    RDF.rest,
    SH.alternativePath,
    SH.inversePath,
    SH.zeroOrMorePath,
    SH.oneOrMorePath,
    SH.zeroOrOnePath,
}


@dataclass(frozen=True)
class Case:
    """One ``sht:Validate`` test: its name (``core/path/path-strange-001``), the data and shapes
    files, the graph of the test file and its expected report node."""

    name: str
    data: Path
    shapes: Path
    graph: Graph
    expected: Node


def _parse(path: Path | None = None, text: str | None = None) -> Graph:
    """A Turtle file (or text) as rdflib reads it, literals kept as written (rdflib would
    write ``"2011-01-01"^^xsd:dateTime`` as ``"2011-01-01T00:00:00"``)."""
    import rdflib

    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        if path is not None:
            return Graph().parse(path, format="turtle", publicID=path.as_uri())
        return Graph().parse(data=text, format="turtle")
    finally:
        rdflib.NORMALIZE_LITERALS = before


def _items(graph: Graph, node: Node) -> list[Node]:
    out = []
    while node != RDF.nil:
        first = graph.value(node, RDF.first)
        if first is None:
            break
        out.append(first)
        node = graph.value(node, RDF.rest)  # type: ignore[assignment]
    return out


def _local(uri: str) -> Path:
    assert uri.startswith("file://"), uri
    return Path(uri[len("file://") :])


@functools.cache
def cases() -> list[Case]:
    """Every test of the suite (the manifests' ``mf:include`` followed from the top)."""
    found: list[Case] = []
    todo, seen = [SUITE / "manifest.ttl"], set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        graph = _parse(path)
        todo.extend(_local(str(i)) for i in graph.objects(None, URIRef(MF + "include")))
        for lst in graph.objects(None, URIRef(MF + "entries")):
            for test in _items(graph, lst):
                if (test, RDF.type, URIRef(SHT + "Validate")) not in graph:
                    continue
                action = graph.value(test, URIRef(MF + "action"))
                data = graph.value(action, URIRef(SHT + "dataGraph"))
                shapes = graph.value(action, URIRef(SHT + "shapesGraph"))
                expected = graph.value(test, URIRef(MF + "result"))
                assert data is not None and shapes is not None and expected is not None
                name = str(test)[len(SUITE.as_uri()) + 1 :]
                found.append(Case(name, _local(str(data)), _local(str(shapes)), graph, expected))
    return sorted(found, key=lambda c: c.name)


def _view(graph: Graph, report: Node, messages: bool, details: bool) -> Graph:
    """The part of a report graph that the suite compares."""
    out = Graph()
    skip = {SH.result}
    done: set[Node] = set()

    def whole(node: Node, depth: int = 0) -> None:
        """A blank node's own triples (and those of the blank nodes under it)."""
        if not isinstance(node, BNode) or node in done or depth > 10:
            return
        done.add(node)
        for p, o in graph.predicate_objects(node):
            out.add((node, p, o))
            whole(o, depth + 1)

    def path(node: Node, depth: int = 0) -> Node:
        """A copy of the path's own triples under new blank nodes: each result's path is
        compared as a path, whether or not two results share one path node."""
        if not isinstance(node, BNode) or depth > 10:
            return node
        copy = BNode()
        for p, o in graph.predicate_objects(node):
            if p in _PATH_LINKS:
                out.add((copy, p, path(o, depth + 1)))
        return copy

    def result(node: Node) -> None:
        for p, o in graph.predicate_objects(node):
            if p == SH.resultMessage and not messages:
                continue
            if p == SH.detail:
                if details:
                    out.add((node, p, o))
                    result(o)
                continue
            if p == SH.resultPath:
                out.add((node, p, path(o)))
                continue
            out.add((node, p, o))
            if p in (SH.sourceShape, SH.focusNode, SH.value, SH.sourceConstraint):
                whole(o)

    for p, o in graph.predicate_objects(report):
        if p not in skip:
            out.add((report, p, o))
    for r in graph.objects(report, SH.result):
        out.add((report, SH.result, r))
        result(r)
    return out


def compare(case: Case, report: Graph) -> str | None:
    """None when ``report`` is the expected report of ``case``, else what differs."""
    expected = case.graph
    roots = list(report.subjects(RDF.type, SH.ValidationReport))
    if len(roots) != 1:
        return f"{len(roots)} sh:ValidationReport nodes"
    results = list(expected.objects(case.expected, SH.result))
    messages = any((r, SH.resultMessage, None) in expected for r in results)
    details = any((r, SH.detail, None) in expected for r in results)
    want = _view(expected, case.expected, messages, details)
    got = _view(report, roots[0], messages, details)
    if isomorphic(want, got):
        return None
    n_want = len(results)
    n_got = len(list(report.objects(roots[0], SH.result)))
    conforms = report.value(roots[0], SH.conforms)
    return (
        f"expected {n_want} results, got {n_got}"
        f" (sh:conforms {conforms.n3() if isinstance(conforms, Literal) else conforms})"
    )


Runner = Callable[[Case], Graph]


def run_cli(case: Case, engine: str = "auto") -> Graph:
    """``ecoonto validate DATA --shapes SHAPES --no-bundled-shapes --format turtle``."""
    from click.testing import CliRunner

    from ecoonto.cli import cli

    args = ["validate", str(case.data), "--shapes", str(case.shapes), "--no-bundled-shapes"]
    res = CliRunner().invoke(cli, [*args, "--format", "turtle", "--engine", engine])
    if res.exit_code == 2 and res.exception is None or isinstance(res.exception, SystemExit):
        if res.exit_code == 2:
            raise Refused(res.output.strip())
    if res.exit_code not in (0, 1):
        raise RuntimeError(f"exit {res.exit_code}: {res.output.strip()}")
    report = _parse(text=res.output)
    root = next(iter(report.subjects(RDF.type, SH.ValidationReport)), None)
    conforms = report.value(root, SH.conforms) if root is not None else None
    exit_ok = (
        0
        if not any(
            report.value(r, SH.resultSeverity) == SH.Violation
            for r in report.objects(root, SH.result)
        )
        else 1
    )
    if res.exit_code != exit_ok:
        raise RuntimeError(f"exit {res.exit_code} with sh:conforms {conforms}")
    return report


def run_api(case: Case, engine: str = "auto") -> Graph:
    """:func:`ecoonto.checking.validation.validate` on the two files parsed by rdflib."""
    from ecoonto.checking.validation import validate

    return validate(_parse(case.data), _parse(case.shapes), engine=engine).report


def run_files(case: Case, engine: str = "auto") -> Graph:
    """:func:`ecoonto.checking.validation.validate_files` on the data file."""
    from ecoonto.checking.validation import validate_files

    return validate_files([case.data], _parse(case.shapes), engine=engine).report


RUNNERS: dict[str, Runner] = {"cli": run_cli, "api": run_api, "files": run_files}


def outcome(case: Case, runner: Runner) -> str | None:
    """None when ``runner`` passes ``case``, else why not. A test whose expected result is
    ``sht:Failure`` (shapes the specification rejects) passes when the run is refused as bad
    input (exit 2, :class:`~ecoonto.errors.InputError`), with a one-line message."""
    from ecoonto.errors import InputError

    failure = case.expected == URIRef(SHT + "Failure")
    try:
        report = runner(case)
    except (InputError, Refused) as exc:
        if failure and "\n" not in str(exc).strip():
            return None
        return f"{type(exc).__name__}: {' '.join(str(exc).split())}"
    if failure:
        return "expected a refusal (sht:Failure), got a report"
    return compare(case, report)


class Refused(Exception):
    """The CLI refused the input (exit 2)."""


def outcomes(runner: Runner) -> Iterator[tuple[Case, str | None]]:
    """Each case with None (passed) or why it failed."""
    for case in cases():
        yield case, outcome(case, runner)


def main(argv: list[str]) -> int:
    logging.disable(logging.CRITICAL)  # rdflib's tracebacks for the suite's ill-typed literals
    names = argv or list(RUNNERS)
    total_failed = 0
    for name in names:
        failed = [(c.name, why) for c, why in outcomes(RUNNERS[name]) if why is not None]
        n = len(cases())
        print(f"{name}: {n - len(failed)}/{n} pass")
        for test, why in failed:
            print(f"  {test}: {why}")
        total_failed += len(failed)
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
