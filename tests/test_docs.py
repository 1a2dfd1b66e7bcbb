"""Reference documentation (pyLODE 3.3.4): every eco: class, property and individual appears."""

from __future__ import annotations

import html
import logging
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ecoonto import resources
from ecoonto.errors import InputError
from ecoonto.products import docs
from ecoonto.rdf import graphs

if TYPE_CHECKING:
    from rdflib import Graph

ECO = "https://w3id.org/ecoonto/"


@pytest.fixture(scope="module")
def core() -> Graph:
    return graphs.load([resources.core_ontology()])


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("docs") / "reference"
    docs.write_docs(target)
    return target


@pytest.fixture(scope="module")
def page(out: Path) -> str:
    return html.unescape((out / "index.html").read_text(encoding="utf-8"))


def _terms(core: Graph, *types: str) -> dict[str, tuple[str, str]]:
    """eco: terms of the given OWL types -> (label, definition)."""
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    found = {}
    for kind in types:
        for term in core.subjects(RDF.type, URIRef(str(OWL) + kind)):
            if str(term).startswith(ECO):
                found[str(term)] = (
                    str(core.value(term, RDFS.label)),
                    str(core.value(term, SKOS.definition)),
                )
    return found


def test_writes_the_page_and_the_ontology(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == ["ecoonto-core.ttl", "index.html"]
    assert (out / "ecoonto-core.ttl").read_bytes() == resources.core_ontology().read_bytes()


def test_every_class_has_its_label_definition_and_usage(core: Graph, page: str) -> None:
    classes = _terms(core, "Class")
    assert len(classes) > 20
    for iri, (label, definition) in classes.items():
        assert label in page, iri
        assert definition in page, iri
    # Usage: pyLODE lists the properties a class is the domain of.
    start = page.index('id="filling"')
    filling = page[start : page.index('class="property entity"', start)]
    assert "In Domain Of" in filling
    assert "by player" in filling and "of position" in filling


def test_every_property_has_its_label_and_definition(core: Graph, page: str) -> None:
    properties = _terms(core, "ObjectProperty", "DatatypeProperty", "AnnotationProperty")
    assert len(properties) > 40
    for iri, (label, definition) in properties.items():
        assert label in page, iri
        assert definition in page, iri


def test_named_individuals_are_listed(core: Graph, page: str) -> None:
    individuals = _terms(core, "NamedIndividual")
    section = page[page.index('id="namedindividuals"') : page.index('id="namespaces"')]
    for iri, (label, definition) in individuals.items():
        assert f"<code>{iri}</code>" in section, iri
        assert label in section and definition in section, iri
    for name in ("Buyers", "Boundary", "Dreamer", "Philosopher", "Regulators"):
        assert f">{name} <sup" in section
    assert '<a href="#namedindividuals">' in page


def test_page_is_self_contained(page: str) -> None:
    assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', page)


def test_rewrite_replaces_a_previous_run(out: Path) -> None:
    (out / "index.html").write_text("stale", encoding="utf-8")
    docs.write_docs(out)
    assert (out / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_refuses_a_directory_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="refusing to replace"):
        docs.write_docs(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a directory"):
        docs.write_docs(target)


def test_failure_leaves_no_partial_directory(tmp_path: Path) -> None:
    bad = tmp_path / "untitled.ttl"
    bad.write_text(
        "<https://example.org/o> a <http://www.w3.org/2002/07/owl#Ontology> .\n",
        encoding="utf-8",
    )
    target = tmp_path / "docs"
    with pytest.raises(InputError, match="pyLODE cannot document"):
        docs.write_docs(target, ontology_file=bad)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["untitled.ttl"]


def test_importing_pylode_leaves_logging_alone() -> None:
    """pyLODE 3.3.4 calls logging.basicConfig(level=DEBUG) at import: a fresh interpreter shows
    the root logger untouched afterwards."""
    code = (
        "import logging\n"
        "from ecoonto.products.docs import _import_pylode\n"
        "_import_pylode()\n"
        "root = logging.getLogger()\n"
        "print(len(root.handlers), root.level)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", str(logging.WARNING)]
