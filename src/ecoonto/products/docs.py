"""HTML reference documentation of the core ontology, made with pyLODE 3.3.4.

pyLODE's ``OntPub`` profile documents every class and property (label, definition, domain,
range, where it is used). Two things are added or worked around here:

* pyLODE leaves out named individuals, and the core ontology's individuals are its closed value
  sets (sides, archetypes, counterparties, units, split trends): a "Named Individuals" section
  lists each with its type, label and definition;
* importing pyLODE 3.3.4 calls ``logging.basicConfig(level=DEBUG)`` (in
  ``pylode/profiles/supermodel/loader.py``): the root logger is put back as it was, so that
  commands do not start printing debug messages.

The output directory is written all or nothing: the pages are made in a temporary directory
beside it, which then takes its place.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecoonto.errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph

INDEX = "index.html"
ONTOLOGY_COPY = "ecoonto-core.ttl"
GENERATED = frozenset({INDEX, ONTOLOGY_COPY})

_INDIVIDUALS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX eco: <https://w3id.org/ecoonto/>
SELECT ?individual ?label ?type ?typeLabel ?definition ?order WHERE {
  ?individual a owl:NamedIndividual ; a ?type .
  FILTER (?type != owl:NamedIndividual)
  FILTER (STRSTARTS(STR(?individual), "https://w3id.org/ecoonto/"))
  OPTIONAL { ?individual rdfs:label ?label }
  OPTIONAL { ?type rdfs:label ?typeLabel }
  OPTIONAL { ?individual skos:definition ?definition }
  OPTIONAL { ?individual eco:order ?order }
}
ORDER BY ?typeLabel ?type ?order ?label ?individual
"""


def _import_pylode() -> Any:
    """Import pyLODE without letting it reconfigure the root logger."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import pylode
    except Exception as exc:  # 3.4.1 raises at import; other versions may too
        raise InputError(
            f"pyLODE cannot be imported ({type(exc).__name__}: {exc}): install pylode==3.3.4"
        ) from None
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return pylode


def reference_html(ontology: Graph) -> str:
    """The HTML reference page of ``ontology`` (pyLODE OntPub, plus named individuals).

    >>> from rdflib import Graph
    >>> tiny = Graph().parse(format="turtle", data='''
    ... @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... @prefix eco: <https://w3id.org/ecoonto/> .
    ... eco: a owl:Ontology ; rdfs:label "Tiny"@en .
    ... eco:Side a owl:Class ; rdfs:label "Side"@en ; skos:definition "A side of a market."@en .
    ... eco:Buyers a owl:NamedIndividual, eco:Side ; rdfs:label "Buyers"@en ;
    ...     skos:definition "Who pays."@en .
    ... ''')
    >>> page = reference_html(tiny)
    >>> "A side of a market." in page  # the class, by pyLODE
    True
    >>> '<div class="section" id="namedindividuals"><h2>Named Individuals</h2>' in page
    True
    >>> 'id="individual-Buyers"' in page, "Who pays." in page  # the individual, added here
    (True, True)
    """
    pylode = _import_pylode()
    from ecoonto.rdf import graphs

    # pyLODE adds triples while it works: give it a copy.
    copy = graphs.new_graph()
    for triple in ontology:
        copy.add(triple)
    try:
        page = str(pylode.OntPub(ontology=copy).make_html())
    except pylode.PylodeError as exc:
        raise InputError(f"pyLODE cannot document the ontology: {exc}") from None
    return _add_individuals(page, ontology)


def _add_individuals(page: str, ontology: Graph) -> str:
    """Insert a "Named Individuals" section (and its table-of-contents entry) into ``page``."""
    from rdflib.query import ResultRow

    rows: dict[str, dict[str, Any]] = {}
    for row in ontology.query(_INDIVIDUALS):
        assert isinstance(row, ResultRow)
        iri, label, type_, type_label, definition, _order = row
        entry = rows.setdefault(
            str(iri),
            {"label": str(label or iri), "types": [], "definition": str(definition or "")},
        )
        name = str(type_label or type_)
        if name not in entry["types"]:
            entry["types"].append(name)
    if not rows:
        return page
    items = []
    for individual, entry in rows.items():
        anchor = "individual-" + html.escape(individual.rsplit("/", 1)[-1], quote=True)
        items.append(
            f'<div class="property entity" id="{anchor}">'
            f'<h3>{html.escape(entry["label"])} <sup class="sup-ni" title="Named Individual">'
            "ni</sup></h3><table>"
            f"<tr><th>IRI</th><td><code>{html.escape(individual)}</code></td></tr>"
            f"<tr><th>Type</th><td>{html.escape(', '.join(entry['types']))}</td></tr>"
            f"<tr><th>Description</th><td><p>{html.escape(entry['definition'])}</p></td></tr>"
            "</table></div>"
        )
    section = (
        '<div class="section" id="namedindividuals"><h2>Named Individuals</h2>'
        + "".join(items)
        + "</div>"
    )
    marker = '<div id="namespaces">'
    if marker in page:
        page = page.replace(marker, section + marker, 1)
    else:
        page = page.replace("</body>", section + "</body>", 1)
    toc_marker = '<a href="#namespaces">'
    toc_entry = '<li><h4><a href="#namedindividuals">Named Individuals</a></h4></li>'
    index = page.find(toc_marker)
    if index != -1:
        li = page.rfind("<li>", 0, index)
        page = page[:li] + toc_entry + page[li:]
    return page


def write_docs(out_dir: Path, ontology_file: Path | None = None) -> list[Path]:
    """Write the reference documentation of the core ontology into ``out_dir``; return its files.

    ``out_dir`` is replaced as a whole; an existing directory that holds anything but a previous
    run's files is refused, so that a wrong ``-o`` cannot wipe unrelated work.

    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "tiny.ttl").write_text('''
    ... @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... @prefix eco: <https://w3id.org/ecoonto/> .
    ... eco: a owl:Ontology ; rdfs:label "Tiny"@en .
    ... eco:Side a owl:Class ; rdfs:label "Side"@en ; skos:definition "A side of a market."@en .
    ... eco:Buyers a owl:NamedIndividual, eco:Side ; rdfs:label "Buyers"@en ;
    ...     skos:definition "Who pays."@en .
    ... ''')
    >>> [p.name for p in write_docs(folder / "site", folder / "tiny.ttl")]
    ['index.html', 'ecoonto-core.ttl']
    >>> "Named Individuals" in (folder / "site" / "index.html").read_text()
    True
    >>> _ = write_docs(folder / "site", folder / "tiny.ttl")  # a previous run's: replaced
    >>> write_docs(folder, folder / "tiny.ttl")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: ...: refusing to replace a directory that holds ... (site, tiny.ttl)
    >>> shutil.rmtree(folder)
    """
    from ecoonto import resources
    from ecoonto.rdf import graphs

    source = Path(ontology_file) if ontology_file else resources.core_ontology()
    out_dir = Path(out_dir)
    if out_dir.exists():
        if not out_dir.is_dir():
            raise InputError(f"{out_dir}: exists and is not a directory")
        foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in GENERATED)
        if foreign:
            raise InputError(
                f"{out_dir}: refusing to replace a directory that holds other files"
                f" ({', '.join(foreign[:5])}{', ...' if len(foreign) > 5 else ''})"
            )
    parent = out_dir.parent
    if not parent.is_dir():
        parent.mkdir(parents=True, exist_ok=True)

    ontology = graphs.load([source])
    page = reference_html(ontology)

    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None
    try:
        (staging / INDEX).write_text(page, encoding="utf-8")
        shutil.copyfile(source, staging / ONTOLOGY_COPY)
        os.chmod(staging, 0o755)
        _swap_in(staging, out_dir)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _cannot_write(out_dir, exc) from None
        raise
    return [out_dir / INDEX, out_dir / ONTOLOGY_COPY]


def _cannot_write(out_dir: Path, exc: OSError) -> InputError:
    reason = (exc.strerror or type(exc).__name__).lower()
    return InputError(f"{out_dir}: cannot write ({reason}); it was left as it was")


def _swap_in(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is: two renames, the old directory removed last."""
    if not target.exists():
        os.replace(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.rmdir(old)
    os.replace(target, old)
    try:
        os.replace(staging, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
