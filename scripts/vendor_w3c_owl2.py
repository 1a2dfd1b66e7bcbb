"""Write tests/data/w3c-owl2/ from the OWL Working Group's test-case export (``all.rdf``).

Usage: ``python scripts/vendor_w3c_owl2.py ALL_RDF [OUT_DIR]``

``all.rdf`` is the export of the OWL 2 test-case repository (every test case with its premise and
conclusion ontologies as literals); funowl 0.2.3's source distribution ships a copy as
``tests/data/all.rdf`` (``pip download --no-deps --no-binary :all: funowl==0.2.3``).

Selected: the test cases whose status is ``test:Approved``, whose species include ``test:DL``
(their premise is in OWL 2 DL), whose semantics include ``test:DIRECT`` and whose premise is
given in RDF/XML (``test:rdfXmlPremiseOntology``; a premise in functional syntax alone is left
out: no reader here) and that are a ``test:ConsistencyTest``, ``test:InconsistencyTest``,
``test:PositiveEntailmentTest`` or ``test:NegativeEntailmentTest`` (with an RDF/XML
conclusion, resp. non-conclusion). Each premise is written unchanged to ``cases/NAME.rdf``, a
conclusion to ``cases/NAME.conclusion.rdf`` and each ontology the premise imports (the test
case's ``test:importedOntology``) to ``cases/NAME.import-N.rdf``, NAME being the test's
identifier with every character other than a letter, a digit, ``-``, ``_`` or ``.`` replaced by
``_``; ``manifest.ttl`` lists them with the test case's own IRI, identifier, types, description
and creator.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace, URIRef

TEST = Namespace("http://www.w3.org/2007/OWL/testOntology#")
KINDS = (
    TEST.ConsistencyTest,
    TEST.InconsistencyTest,
    TEST.PositiveEntailmentTest,
    TEST.NegativeEntailmentTest,
)
FILE = URIRef("https://example.org/ecoonto/w3c-owl2#premiseFile")
CONCLUSION_FILE = URIRef("https://example.org/ecoonto/w3c-owl2#conclusionFile")
IMPORT_FILE = URIRef("https://example.org/ecoonto/w3c-owl2#importFile")


def file_name(identifier: str) -> str:
    """The file name of a test case's identifier.

    >>> file_name("WebOnt-I5.8-005"), file_name("Consistent dataproperty disjointness")
    ('WebOnt-I5.8-005', 'Consistent_dataproperty_disjointness')
    """
    return re.sub(r"[^A-Za-z0-9._-]", "_", identifier)


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    source = Path(argv[0])
    out = Path(argv[1]) if len(argv) == 2 else Path(__file__).parents[1] / "tests/data/w3c-owl2"
    data = source.read_bytes()
    g = Graph().parse(data=data, format="xml")
    manifest = Graph()
    manifest.bind("test", TEST)
    manifest.bind("v", "https://example.org/ecoonto/w3c-owl2#")
    (out / "cases").mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for case in sorted(set(g.subjects(RDF.type, TEST.TestCase))):
        kinds = [k for k in KINDS if (case, RDF.type, k) in g]
        premise = g.value(case, TEST.rdfXmlPremiseOntology)
        if (
            not kinds
            or (case, TEST.status, TEST.Approved) not in g
            or (case, TEST.species, TEST.DL) not in g
            or (case, TEST.semantics, TEST.DIRECT) not in g
            or premise is None
        ):
            continue
        conclusion = g.value(case, TEST.rdfXmlConclusionOntology) or g.value(
            case, TEST.rdfXmlNonConclusionOntology
        )
        entailment = [k for k in kinds if k.endswith("EntailmentTest")]
        if entailment and conclusion is None:
            kinds = [k for k in kinds if k not in entailment]
            if not kinds:
                continue
        identifier = str(g.value(case, TEST.identifier))
        name = file_name(identifier)
        assert isinstance(case, URIRef)
        (out / "cases" / f"{name}.rdf").write_text(str(premise), encoding="utf-8")
        manifest.add((case, RDF.type, TEST.TestCase))
        for kind in kinds:
            manifest.add((case, RDF.type, kind))
            counts[kind.split("#")[1]] = counts.get(kind.split("#")[1], 0) + 1
        manifest.add((case, TEST.identifier, Literal(identifier)))
        for p in (TEST.description, TEST.creator):
            for o in g.objects(case, p):
                manifest.add((case, p, Literal(str(o))))
        manifest.add((case, FILE, Literal(f"cases/{name}.rdf")))
        imported = sorted(g.objects(case, TEST.importedOntology), key=str)
        for n, ontology in enumerate(imported, 1):
            text = g.value(ontology, TEST.rdfXmlInputOntology)
            assert text is not None, f"{identifier}: an imported ontology without RDF/XML"
            (out / "cases" / f"{name}.import-{n}.rdf").write_text(str(text), "utf-8")
            manifest.add((case, IMPORT_FILE, Literal(f"cases/{name}.import-{n}.rdf")))
        if any(k.endswith("EntailmentTest") for k in kinds) and conclusion is not None:
            (out / "cases" / f"{name}.conclusion.rdf").write_text(str(conclusion), "utf-8")
            manifest.add((case, CONCLUSION_FILE, Literal(f"cases/{name}.conclusion.rdf")))
    header = (
        "# The W3C OWL 2 test cases selected from all.rdf (see README.md), written by\n"
        f"# scripts/vendor_w3c_owl2.py from all.rdf of sha256 {hashlib.sha256(data).hexdigest()}.\n"
    )
    text = manifest.serialize(format="turtle")
    (out / "manifest.ttl").write_text(header + text, encoding="utf-8")
    print(", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
