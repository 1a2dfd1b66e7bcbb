"""The W3C RDF syntax test suites through ecoonto's one reader (``ecoonto.rdf.read``).

``python -m tests.w3c_rdf`` prints, per suite, how many tests pass, fail and do not apply,
then each failure (``-v``: with its reason). The suites live in ``tests/data/w3c-rdf/``
(see its README); ``tests/test_rdf_w3c.py`` runs every test and checks that the failures are
exactly those listed in ``tests/data/w3c-rdf/known-failures.txt``.

An evaluation test passes when the quads read equal the expected N-Triples/N-Quads
(compared after RDFC-1.0 canonicalisation); a positive syntax test when the file reads; a
negative one when ecoonto refuses it with its one-line :class:`InputError`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parent / "data" / "w3c-rdf"
KNOWN_FAILURES = ROOT / "known-failures.txt"

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDFT = "http://www.w3.org/ns/rdftest#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# suite folder -> (the base IRI its tests are published under, the input format)
SUITES = {
    "turtle": ("http://www.w3.org/2013/TurtleTests/", "turtle"),
    "trig": ("http://www.w3.org/2013/TriGTests/", "trig"),
    "ntriples": ("http://www.w3.org/2013/N-TriplesTests/", "nt"),
    "nquads": ("http://www.w3.org/2013/N-QuadsTests/", "nquads"),
    "rdf-xml": ("http://www.w3.org/2013/RDFXMLTests/", "xml"),
}
JSONLD_BASE = "https://w3c.github.io/json-ld-api/tests/"


@dataclass(frozen=True)
class Case:
    """One test: ``id`` is ``suite/name``; ``kind`` is eval, syntax, negative or n/a."""

    id: str
    kind: str
    action: Path
    base: str
    fmt: str
    result: Path | None = None
    why_not: str = ""


def _rdf_cases(suite: str) -> Iterator[Case]:
    import pyoxigraph as ox

    folder = ROOT / suite
    base, fmt = SUITES[suite]
    manifest = folder / "manifest.ttl"
    quads = list(ox.parse(path=str(manifest), base_iri=base + "manifest.ttl"))
    by_subject: dict[object, dict[str, list[object]]] = {}
    for q in quads:
        by_subject.setdefault(q.subject, {}).setdefault(q.predicate.value, []).append(q.object)
    for test, props in by_subject.items():
        types = props.get(RDF + "type", [])
        if not types:
            continue
        kind_iri = types[0].value  # type: ignore[attr-defined]
        local = kind_iri.rsplit("#", 1)[-1]
        if not kind_iri.startswith(RDFT):
            continue
        actions = props.get(MF + "action", [])
        if not actions:
            continue
        action_iri = actions[0].value  # type: ignore[attr-defined]
        results = props.get(MF + "result", [])
        result = folder / results[0].value[len(base) :] if results else None  # type: ignore[attr-defined]
        if "Eval" in local and "Negative" not in local:
            kind = "eval"
        elif "Negative" in local:
            kind = "negative"
        else:
            kind = "syntax"
        name = test.value.rsplit("#", 1)[-1] if isinstance(test, ox.NamedNode) else str(test)
        yield Case(
            f"{suite}/{name}", kind, folder / action_iri[len(base) :], action_iri, fmt, result
        )


def _jsonld_cases() -> Iterator[Case]:
    folder = ROOT / "json-ld"
    manifest = json.loads((folder / "toRdf-manifest.jsonld").read_text(encoding="utf-8"))
    for test in manifest["sequence"]:
        types = test["@type"]
        option = test.get("option", {})
        name = test["@id"].lstrip("#")
        why_not = ""
        if option.get("specVersion") == "json-ld1.0":
            why_not = "JSON-LD 1.0 only"
        elif option.get("processingMode") == "json-ld-1.0":
            why_not = "processingMode json-ld-1.0"
        elif option.get("produceGeneralizedRdf"):
            why_not = "generalized RDF"
        elif "rdfDirection" in option:
            why_not = f"rdfDirection {option['rdfDirection']} (ecoonto keeps the default)"
        elif "expandContext" in option:
            why_not = "expandContext option"
        elif option.get("normative") is False:
            why_not = "non-normative"
        if "jld:NegativeEvaluationTest" in types:
            kind = "negative"
        elif "jld:PositiveSyntaxTest" in types:
            kind = "syntax"
        else:
            kind = "eval"
        result = folder / test["expect"] if kind == "eval" else None
        base = option.get("base", JSONLD_BASE + test["input"])
        yield Case(
            f"json-ld/{name}",
            "n/a" if why_not else kind,
            folder / test["input"],
            base,
            "json-ld",
            result,
            why_not,
        )


def cases() -> list[Case]:
    """Every test of every suite, in a fixed order."""
    found = [c for suite in SUITES for c in _rdf_cases(suite)] + list(_jsonld_cases())
    return sorted(found, key=lambda c: c.id)


def _canonical(quads: list[object]) -> set[str]:
    from ecoonto.rdf import canonical_quads

    return {str(q) for q in canonical_quads(quads)}  # type: ignore[arg-type]


def run(case: Case) -> str:
    """'' when ``case`` passes, else why it fails (one line)."""
    import pyoxigraph as ox

    from ecoonto import rdf
    from ecoonto.errors import InputError

    try:
        got = rdf.read(case.action, case.fmt, base=case.base, rename_blank_nodes=False)
    except InputError as exc:
        if case.kind == "negative":
            return ""
        return f"refused: {exc.message}"
    if case.kind == "negative":
        return "accepted a negative test"
    if case.kind == "syntax" or case.result is None:
        return ""
    expected = list(ox.parse(path=str(case.result), format=ox.RdfFormat.N_QUADS, lenient=True))
    want, have = _canonical(expected), _canonical(got)  # type: ignore[arg-type]
    if want == have:
        return ""
    missing = sorted(want - have)[:1]
    extra = sorted(have - want)[:1]
    return f"differs: missing {missing} extra {extra}"


def known_failures() -> dict[str, str]:
    """Test id -> why ecoonto fails it, from ``known-failures.txt``."""
    known: dict[str, str] = {}
    for line in KNOWN_FAILURES.read_text(encoding="utf-8").split("\n"):
        if line.strip() and not line.startswith("#"):
            test, _, why = line.partition(" ")
            known[test] = why.strip()
    return known


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    totals: dict[str, list[int]] = {}
    failures: list[tuple[str, str]] = []
    for case in cases():
        suite = case.id.split("/", 1)[0]
        counts = totals.setdefault(suite, [0, 0, 0])
        if case.kind == "n/a":
            counts[2] += 1
            continue
        why = run(case)
        counts[0 if not why else 1] += 1
        if why:
            failures.append((case.id, why))
    passed = sum(c[0] for c in totals.values())
    failed = sum(c[1] for c in totals.values())
    for suite, (p, f, n) in totals.items():
        print(f"{suite}: {p}/{p + f} pass ({n} not applicable)")
    for test, why in failures:
        print(f"FAIL {test}" + (f": {why}" if verbose else ""))
    print(f"{passed} passed, {failed} failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
