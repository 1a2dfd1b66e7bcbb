"""Import an industry page (Markdown) or its tables (CSV/TSV files) as an industry module.

:func:`import_module` reads, builds, validates with the bundled shapes (together with the core
ontology and any editorial files given) and returns the module as canonical Turtle, or raises
:class:`ImportFailed` with every problem of the run, each naming its cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ecoonto.authoring.build import DEFAULT_BASE, Built, Problem, build
from ecoonto.authoring.cells import default_prefix, industry_name, slug
from ecoonto.authoring.page import Page, Place, read_markdown
from ecoonto.errors import InputError


class ImportFailed(InputError):
    """The input has problems; ``problems`` lists them all (the message gives the count).

    >>> error = ImportFailed([Problem(Place("page.md", line=1), "no title", "add one")] * 2)
    >>> error.message, error.exit_code, error.problems[0].line()
    ('2 problems in the input; nothing written', 2, 'page.md:1: no title; add one')
    """

    def __init__(self, problems: list[Problem]) -> None:
        n = len(problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the input; nothing written")
        self.problems = problems


@dataclass(frozen=True)
class Imported:
    """An imported module: canonical Turtle, its graph, what was recognised, warnings, and
    notes (what the page says it does not carry, which the module therefore lacks).

    >>> from rdflib import Graph
    >>> imported = Imported("", Built(Graph()), warnings=[])
    >>> imported.built.problems, imported.notes
    ([], [])
    """

    turtle: str
    built: Built
    warnings: list[str]
    notes: list[str] = field(default_factory=list)


# What one import takes: building a module costs about 10 ms and 180 KB a table row (20,000 rows
# took three minutes and 3.6 GB), so a page of 200,000 rows would run for half an hour.
MAX_TABLE_ROWS = 5_000


def read_page(source: Path) -> Page:
    """A page from a Markdown file, or from a folder of CSV/TSV tables; refused when its tables
    hold more than :data:`MAX_TABLE_ROWS` rows in all (the message names the row over it).

    >>> import tempfile
    >>> from ecoonto.authoring.skeleton import skeleton
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "space.md").write_text(skeleton("Space launch"), encoding="utf-8")
    ...     page = read_page(Path(tmp, "space.md"))
    ...     _ = Path(tmp, "space.ods").write_bytes(b"")
    ...     read_page(Path(tmp, "space.ods"))
    Traceback (most recent call last):
    ecoonto.errors.InputError: .../space.ods: only .xlsx workbooks are read; save it as .xlsx, ...
    >>> page.title, len(page.tables)
    ('Space launch Industry Players', 7)
    """
    page = _read_page(source)
    seen = 0
    for table in page.tables:
        if seen + len(table.rows) > MAX_TABLE_ROWS:
            row = table.rows[MAX_TABLE_ROWS - seen]
            where = row[0].place.describe() if row else source
            total = sum(len(t.rows) for t in page.tables)
            raise InputError(
                f"{where}: the page's tables hold {total:,} rows, over the limit of"
                f" {MAX_TABLE_ROWS:,} for one import; split the industry into several pages"
            )
        seen += len(table.rows)
    return page


def _read_page(source: Path) -> Page:
    if source.is_dir():
        from ecoonto.authoring.tabular import read_tables

        return read_tables(source)
    if not source.exists():
        raise InputError(f"{source}: no such file or folder")
    suffix = source.suffix.lower()
    if suffix == ".xlsx":
        from ecoonto.authoring.tabular import read_tables

        return read_tables(source)
    if suffix in (".xlsm", ".xls", ".ods"):
        raise InputError(
            f"{source}: only .xlsx workbooks are read; save it as .xlsx, or export each sheet "
            "as CSV into one folder (counterparties.csv, buyer-side.csv, ...) and import that"
        )
    if suffix in (".csv", ".tsv"):
        raise InputError(
            f"{source}: a single table; import the folder that holds all the tables "
            f"({source.parent})"
        )
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror})") from None
    return read_markdown(source, text)


def names_for(
    page: Page, namespace: str | None, prefix: str | None, base: str | None
) -> tuple[str, str, str]:
    """(data namespace, ontology IRI, prefix), defaults derived from the page title.

    >>> page = Page("space.md", title="Space launch Industry Players")
    >>> names_for(page, None, None, None)
    ('https://w3id.org/ecoonto/data/space-launch/',
     'https://w3id.org/ecoonto/industries/space-launch', 'sl')
    >>> names_for(page, "https://example.org/space/", "space", "https://example.org/")
    ('https://example.org/space/', 'https://example.org/industries/space-launch', 'space')
    >>> names_for(page, "https://example.org/space", None, None)
    Traceback (most recent call last):
    ecoonto.errors.InputError: --namespace https://example.org/space: must end with '/' or '#'
    """
    base = base or DEFAULT_BASE
    if not base.endswith(("/", "#")):
        base += "/"
    key = slug(industry_name(page.title)) if page.title else "industry"
    ns = namespace or f"{base}data/{key}/"
    if not ns.endswith(("/", "#")):
        raise InputError(f"--namespace {ns}: must end with '/' or '#'")
    for option, iri in (("--namespace", ns), ("--base", base)):
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$", iri):
            raise InputError(f"{option} {iri}: not an absolute IRI (e.g. https://example.org/x/)")
    if prefix is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", prefix):
        raise InputError(
            f"--prefix {prefix}: not a prefix name (a letter, then letters, digits, '_' or '-')"
        )
    ontology = f"{base}industries/{key}"
    return ns, ontology, prefix or default_prefix(industry_name(page.title or key))


def import_module(
    source: Path,
    *,
    namespace: str | None = None,
    prefix: str | None = None,
    base: str | None = None,
    editorial: Sequence[Path] = (),
    validate: bool = True,
) -> Imported:
    """Read ``source`` (a page or a folder of tables) and return the validated module.

    >>> import tempfile
    >>> text = "\\n".join([
    ...     "# Space launch Industry Players", "", "*Who gets to orbit?*", "",
    ...     "## The Ecosystem", "", "- **Buyers** — who pays for launches", "",
    ...     "## Buyer side — players", "",
    ...     "| Player (WHO) | Position filled — what they buy | Asymmetry they need closed "
    ...     "| Archetype |", "|---|---|---|---|",
    ...     "| Satellite operator (SES) | launch slots | lead time | Realist |"])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "space.md").write_text(text, encoding="utf-8")
    ...     imported = import_module(Path(tmp, "space.md"), prefix="space")
    >>> print(imported.turtle.split("\\nspace:org-ses\\n")[1].split("\\n\\n")[0])
        a
            owl:NamedIndividual ,
            eco:Organisation ;
        rdfs:label "SES"@en ;
        eco:exemplifies space:player-satellite-operator ;
        eco:fromColumn space:table-buyer-side-col-1 ;
        eco:fromRow 1 ;
        eco:fromSection space:section-buyer-side ;
        eco:inIndustry space:industry ;
    .
    >>> imported.warnings[0]  # the shapes' warnings: what a healthy industry would have
    "...space.md:1: space:industry: No Coach among the industry's players: ..."

    A problem anywhere, and nothing is made:

    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "space.md").write_text(text.replace("Realist", "Hero"))
    ...     import_module(Path(tmp, "space.md"))
    Traceback (most recent call last):
    ecoonto.authoring.importer.ImportFailed: 2 problems in the input; nothing written
    """
    page = read_page(source)
    ns, ontology, pfx = names_for(page, namespace, prefix, base)
    built = build(page, ns, ontology, pfx)
    problems = list(built.problems)
    if problems:
        raise ImportFailed(problems)
    warnings: list[str] = list(built.warnings)
    if validate:
        problems, found = check(built, editorial)
        if problems:
            raise ImportFailed(problems)
        warnings += found
    from ecoonto.products.onpage import still_missing
    from ecoonto.rdf.graphs import canonical_turtle

    notes = []
    missing = still_missing(page.not_on_page, built.graph, ns) if page.not_on_page else ""
    if missing:
        notes.append(
            f"not on the page: {missing}; the module written lacks them (keep them in an "
            "editorial file given with --editorial, see docs/authoring.md)"
        )
    return Imported(canonical_turtle(built.graph), built, warnings, notes)


def check(built: Built, editorial: Sequence[Path] = ()) -> tuple[list[Problem], list[str]]:
    """Validate the module (with the core ontology and editorial files) with the bundled shapes.

    Each violation becomes a :class:`Problem` at the place of its focus resource; warnings
    come back as lines.

    >>> text = "\\n".join([
    ...     "# Space launch Industry Players", "", "*Who gets to orbit?*", "",
    ...     "## The Ecosystem", "", "- **Buyers** — who pays for launches", "",
    ...     "## Buyer side — players", "",
    ...     "| Player (WHO) | Position filled — what they buy | Asymmetry they need closed "
    ...     "| Archetype |", "|---|---|---|---|",
    ...     "| Satellite operator (SES) | launch slots | lead time | Realist |"])
    >>> page = read_markdown(Path("space.md"), text)
    >>> built = build(page, *names_for(page, None, None, None))
    >>> problems, warnings = check(built)
    >>> problems, len(warnings)
    ([], 5)
    >>> warnings[-1]
    "space.md:13, column 1 ('Player (WHO)'): sl:player-satellite-operator: No counterparty ..."
    """
    from ecoonto import resources
    from ecoonto.checking import validation
    from ecoonto.rdf import graphs

    data = graphs.load([resources.core_ontology(), *editorial])
    for triple in built.graph:
        data.add(triple)
    outcome = validation.validate(data)
    problems: list[Problem] = []
    warnings: list[str] = []
    for finding in outcome.results:
        place = built.places.get(finding.focus)  # type: ignore[call-overload]
        where = place or Place(file="(module)")
        focus = str(finding.focus)
        if focus.startswith(built.namespace):
            focus = f"{built.prefix}:{focus[len(built.namespace) :]}"
        text = f"{focus}: {finding.message}"
        if finding.severity == "Violation":
            hint = _HINTS.get((finding.path or "").split("/")[-1], "")
            problems.append(
                Problem(where, f"the module fails a shape ({focus})", finding.message + hint)
            )
        else:
            warnings.append(f"{where.describe()}: {text}")
    return problems, warnings


_HINTS = {
    "eco:onSide": " The page does not say it: add a 'Side' column to the positions matrix, or "
    "state it in an editorial file given with --editorial.",
    "eco:trend": " The page does not say it: add a 'Trend' column to the positions matrix "
    "(toward AI, toward human, stable), or state it in an editorial file given with "
    "--editorial.",
}


def problems_tsv(problems: Sequence[Problem]) -> str:
    """The problems as a TSV table: file, line, row, column, header, problem, fix.

    >>> where = Place("page.md", line=13, row=1, column=4, header="Archetype")
    >>> tsv = problems_tsv([Problem(where, "unknown archetype", "write Realist")])
    >>> [line.split("\\t") for line in tsv.splitlines()]
    [['file', 'line', 'row', 'column', 'header', 'problem', 'fix'],
     ['page.md', '13', '1', '4', 'Archetype', 'unknown archetype', 'write Realist']]
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(["file", "line", "row", "column", "header", "problem", "fix"])
    for p in problems:
        pl = p.place
        writer.writerow(
            [
                pl.file,
                "" if pl.line is None else pl.line,
                "" if pl.row is None else pl.row,
                "" if pl.column is None else pl.column,
                pl.header or "",
                p.what,
                p.right,
            ]
        )
    return out.getvalue()
