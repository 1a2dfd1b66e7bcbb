"""Round trip of an industry module: page, import, page again; and what the import derives.

``python -m ecoonto.authoring.roundtrip [MODULE.ttl ...]`` (default: every bundled industry)
prints the figures: tables, rows and cells compared byte for byte, and the table-level content
triples (:mod:`ecoonto.authoring.content`) the module and its re-import share or not.

The page does not say on which side a matrix position stands, nor which way its split is
moving; the shapes require both. Nor does it hold a question's own evidence query or answer
template. :func:`editorial_for` takes these from the original module,
matched by the position's text, into a second file, the way docs/authoring.md tells an author to
keep them.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from ecoonto.authoring.content import content


@dataclass
class RoundTrip:
    """What a round trip compared and found (:func:`round_trip` fills it).

    >>> rt = RoundTrip(Path("space.ttl"), page="", page_again="", tables=1, rows=1, cells=8,
    ...                content_triples=37, imported_triples=135)
    >>> print(rt.summary())
    space.ttl: 1 tables, 1 rows, 8 cells compared, 0 table lines differ; 0 other page lines
    differ; content: 37 triples in the module, 37 also in the import, 0 only in the module,
    0 only in the import; import 135 triples (+0 editorial)
    """

    module: Path
    page: str
    page_again: str
    tables: int = 0
    rows: int = 0
    cells: int = 0
    table_lines_differing: list[str] = field(default_factory=list)
    other_lines_differing: list[tuple[str, str]] = field(default_factory=list)
    content_triples: int = 0
    only_in_module: list[tuple[object, object, object]] = field(default_factory=list)
    only_in_import: list[tuple[object, object, object]] = field(default_factory=list)
    imported_triples: int = 0
    editorial_triples: int = 0

    def summary(self) -> str:
        same = self.content_triples - len(self.only_in_module)
        return (
            f"{self.module.name}: {self.tables} tables, {self.rows} rows, {self.cells} cells "
            f"compared, {len(self.table_lines_differing)} table lines differ; "
            f"{len(self.other_lines_differing)} other page lines differ; "
            f"content: {self.content_triples} triples in the module, {same} also in the "
            f"import, {len(self.only_in_module)} only in the module, "
            f"{len(self.only_in_import)} only in the import; import {self.imported_triples} "
            f"triples (+{self.editorial_triples} editorial)"
        )


EDITORIAL_QUERY = """
PREFIX eco: <https://w3id.org/ecoonto/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label ?side ?trend WHERE {
  ?p a eco:Position ; eco:hasSplit ?s ; rdfs:label ?label .
  OPTIONAL { ?p eco:onSide ?side }
  OPTIONAL { ?s eco:trend ?trend }
}
"""


QUESTION_QUERY = """
PREFIX eco: <https://w3id.org/ecoonto/>
SELECT ?order ?p ?value WHERE {
  ?q a eco:AnalysisQuestion ; eco:order ?order ; ?p ?value .
  VALUES ?p { eco:answerTemplate eco:evidenceQuery }
}
"""


def editorial_for(original: Graph, imported: Graph) -> Graph:
    """Sides of matrix positions and trends of their splits, from ``original``, for the
    positions of ``imported`` with the same text.

    >>> def module(base, more=""):
    ...     return Graph().parse(format="turtle", data=f'''
    ...         @prefix eco: <https://w3id.org/ecoonto/> .
    ...         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...         <{base}pos> a eco:Position ; rdfs:label "Launch slots" ;
    ...             eco:hasSplit <{base}split> {more} .''')
    >>> original = module("http://a/", "; eco:onSide eco:Buyers . <http://a/split> eco:trend "
    ...                   "eco:TowardAI")
    >>> for s, p, o in sorted(editorial_for(original, module("http://b/"))):
    ...     print(s, p.rsplit("/", 1)[1], o.rsplit("/", 1)[1])
    http://b/pos onSide Buyers
    http://b/split trend TowardAI
    """
    from rdflib.namespace import RDF, RDFS

    eco = "https://w3id.org/ecoonto/"
    out = Graph()
    out.bind("eco", eco)
    by_label: dict[str, URIRef] = {}
    for subject in imported.subjects(URIRef(eco + "hasSplit"), None):
        for label in imported.objects(subject, RDFS.label):
            assert isinstance(subject, URIRef)
            by_label[str(label)] = subject
    for row in original.query(EDITORIAL_QUERY):
        label, side, trend = row  # type: ignore[misc]
        pos = by_label.get(str(label))
        if pos is None:
            continue
        if side is not None and (pos, URIRef(eco + "onSide"), None) not in imported:
            out.add((pos, URIRef(eco + "onSide"), side))
        split = imported.value(pos, URIRef(eco + "hasSplit"))
        if trend is not None and split is not None:
            out.add((split, URIRef(eco + "trend"), trend))
    # A question's own evidence query and answer template are not on the page either.
    questions = {
        str(imported.value(q, URIRef(eco + "order"))): q
        for q in imported.subjects(RDF.type, URIRef(eco + "AnalysisQuestion"))
    }
    for row in original.query(QUESTION_QUERY):
        order, prop, value = row  # type: ignore[misc]
        q = questions.get(str(order))
        if q is not None:
            out.add((q, prop, value))
    return out


def _namespace(graph: Graph) -> str | None:
    from rdflib.namespace import RDF

    for s in graph.subjects(RDF.type, URIRef("https://w3id.org/ecoonto/Industry")):
        if (
            str(s).endswith("/industry")
            and graph.value(s, URIRef("https://w3id.org/ecoonto/guidingQuestion")) is not None
        ):
            return str(s)[: -len("industry")]
    return None


def _table_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.startswith("|")]


def round_trip(module: Path, workdir: Path) -> RoundTrip:
    """Report ``module`` as a page, import the page, report the import; compare.

    >>> from ecoonto.authoring.importer import import_module
    >>> text = "\\n".join([
    ...     "# Space launch Industry Players", "", "*Who gets to orbit?*", "",
    ...     "## The Ecosystem", "", "- **Buyers** — who pays for launches", "",
    ...     "## Buyer side — players", "",
    ...     "| Player (WHO) | Position filled — what they buy | Asymmetry they need closed "
    ...     "| Archetype |", "|---|---|---|---|",
    ...     "| Satellite operator (SES) | launch slots | lead time | Realist |"])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "space.md").write_text(text, encoding="utf-8")
    ...     module = Path(tmp, "space.ttl")
    ...     _ = module.write_text(import_module(Path(tmp, "space.md")).turtle, encoding="utf-8")
    ...     rt = round_trip(module, Path(tmp))
    >>> rt.tables, rt.cells, rt.table_lines_differing, rt.content_triples, rt.only_in_import
    (1, 8, [], 34, [])
    >>> rt.page.splitlines()[0]
    '# Space launch Industry Players'
    """
    from ecoonto import resources
    from ecoonto.authoring.importer import check, import_module
    from ecoonto.authoring.page import read_markdown
    from ecoonto.products import report
    from ecoonto.rdf import graphs
    from ecoonto.targets import OxigraphMemoryTarget

    core = resources.core_ontology()
    page = report.markdown(OxigraphMemoryTarget([core, module]))
    page_file = workdir / f"{module.stem}.md"
    page_file.write_text(page, encoding="utf-8")
    original = graphs.load([module])
    imported = import_module(page_file, namespace=_namespace(original), validate=False)
    editorial = editorial_for(original, imported.built.graph)
    editorial_file = workdir / f"{module.stem}-editorial.ttl"
    editorial_file.write_text(graphs.canonical_turtle(editorial), encoding="utf-8")
    problems, _warnings = check(imported.built, [editorial_file])
    if problems:
        raise AssertionError("the re-import fails the shapes: " + problems[0].line())
    module_file = workdir / f"{module.stem}-imported.ttl"
    module_file.write_text(imported.turtle, encoding="utf-8")
    again = report.markdown(OxigraphMemoryTarget([core, module_file, editorial_file]))

    result = RoundTrip(module=module, page=page, page_again=again)
    parsed = read_markdown(page_file, page)
    result.tables = len(parsed.tables)
    result.rows = sum(len(t.rows) for t in parsed.tables)
    result.cells = sum(len(r) for t in parsed.tables for r in t.rows) + sum(
        len(t.headers) for t in parsed.tables
    )
    first, second = _table_lines(page), _table_lines(again)
    result.table_lines_differing = [a for a, b in zip(first, second, strict=False) if a != b]
    if len(first) != len(second):
        result.table_lines_differing.append(f"{len(first)} table lines, then {len(second)}")
    others = [
        (a, b)
        for a, b in zip(page.split("\n"), again.split("\n"), strict=False)
        if a != b and not a.startswith("|")
    ]
    result.other_lines_differing = others
    before = content(original)
    after = content(imported.built.graph + editorial)
    result.content_triples = len(before)
    result.only_in_module = sorted(before - after)
    result.only_in_import = sorted(after - before)
    result.imported_triples = len(imported.built.graph)
    result.editorial_triples = len(editorial)
    return result


@dataclass(frozen=True)
class PageRoundTrip:
    """A page reported from a module, imported as it is (validated, no flags) and reported
    again: both pages, the tables' lines of each and the import's notes.

    >>> rt = PageRoundTrip("# X\\n\\n| a |\\n|---|\\n", "# X\\n| a |\\n|---|\\n", notes=[])
    >>> rt.tables, rt.tables == rt.tables_again, rt.page == rt.page_again
    (['| a |', '|---|'], True, False)
    """

    page: str
    page_again: str
    notes: list[str]

    @property
    def tables(self) -> list[str]:
        return _table_lines(self.page)

    @property
    def tables_again(self) -> list[str]:
        return _table_lines(self.page_again)


def page_round_trip(module: Path, workdir: Path) -> PageRoundTrip:
    """``ecoonto report --format md`` of ``module``, ``ecoonto import`` of that page with no
    options, and the report of the import: what a user does, with nothing added by hand.

    >>> import tempfile
    >>> from ecoonto import resources
    >>> ai = next(p for p in resources.industry_files() if p.name == "ai-compute.ttl")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     rt = page_round_trip(ai, Path(tmp))
    >>> rt.tables == rt.tables_again, len(rt.tables), rt.notes[0][:17]
    (True, 53, 'not on the page: ')
    """
    from ecoonto import resources
    from ecoonto.authoring.importer import import_module
    from ecoonto.products import report
    from ecoonto.targets import OxigraphMemoryTarget

    core = resources.core_ontology()
    page = report.markdown(OxigraphMemoryTarget([core, module]))
    page_file = workdir / f"{module.stem}.md"
    page_file.write_text(page, encoding="utf-8")
    imported = import_module(page_file)
    module_file = workdir / f"{module.stem}-imported.ttl"
    module_file.write_text(imported.turtle, encoding="utf-8")
    again = report.markdown(OxigraphMemoryTarget([core, module_file]))
    return PageRoundTrip(page, again, list(imported.notes))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ecoonto.authoring.roundtrip [MODULE.ttl ...]``: the round trip's figures
    (:meth:`RoundTrip.summary`) of each module given, or of every bundled industry.

    >>> from ecoonto.authoring.importer import import_module
    >>> text = "\\n".join([
    ...     "# Space launch Industry Players", "", "*Who gets to orbit?*", "",
    ...     "## The Ecosystem", "", "- **Buyers** — who pays for launches", "",
    ...     "## Buyer side — players", "",
    ...     "| Player (WHO) | Position filled — what they buy | Asymmetry they need closed "
    ...     "| Archetype |", "|---|---|---|---|",
    ...     "| Satellite operator (SES) | launch slots | lead time | Realist |"])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "space.md").write_text(text, encoding="utf-8")
    ...     module = Path(tmp, "space.ttl")
    ...     _ = module.write_text(import_module(Path(tmp, "space.md")).turtle, encoding="utf-8")
    ...     main([str(module)])
    space.ttl: 1 tables, 1 rows, 8 cells compared, 0 table lines differ; 0 other page lines
    differ; content: 34 triples in the module, 34 also in the import, 0 only in the module,
    0 only in the import; import 118 triples (+0 editorial)
    0
    """
    from ecoonto import resources

    args = list(sys.argv[1:] if argv is None else argv)
    modules = [Path(a) for a in args] or resources.industry_files()
    with tempfile.TemporaryDirectory() as tmp:
        for module in modules:
            result = round_trip(module, Path(tmp))
            print(result.summary())
            for a, _b in result.other_lines_differing:
                print(f"  other line differs: {a[:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
