"""Render a :class:`~ecoonto.targets.results.QueryResult` as text: an aligned table, CSV, TSV,
SPARQL 1.1 JSON results or a Markdown table.

Cells show a term's plain value: a literal's lexical form, an IRI as a prefixed name with the
bundled prefixes (``aic:player-nvidia``) in ``table`` and ``md``, and in full in ``csv``, ``tsv``
and ``json``, which are read by programs. ``table`` is for terminals: control, bidi and
zero-width characters show as ``\\xNN``/``\\uNNNN`` escapes (:func:`ecoonto.errors.printable`).
An unbound cell is empty. ASK results print ``true`` or ``false`` (``json``: the SPARQL JSON
boolean form); CONSTRUCT/DESCRIBE results print Turtle.

``csv`` is meant for spreadsheets: a cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return (a formula to a spreadsheet) is written with a leading ``'``, numbers
excepted. ``tsv`` and ``json`` are lossless (every value as it is in the graph), for programs.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ecoonto.errors import InputError
from ecoonto.rdf.graphs import PREFIXES
from ecoonto.targets.results import QueryResult

if TYPE_CHECKING:
    from rdflib.term import Node

FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "md")

# A local name that can follow "prefix:" unescaped (a conservative subset of PN_LOCAL).
_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_\-.]*[A-Za-z0-9_\-])?\Z")
_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")
}


def compact_iri(iri: str, prefixes: Mapping[str, str] | None = None) -> str:
    """``iri`` as ``prefix:local`` with the longest matching namespace, else the IRI itself.

    >>> compact_iri("https://w3id.org/ecoonto/data/ai-compute/player-nvidia")  # aic:, not eco:
    'aic:player-nvidia'
    >>> mine = {"ex": "http://example.org/"}
    >>> compact_iri("http://example.org/a"), compact_iri("http://example.org/a", mine)
    ('http://example.org/a', 'ex:a')
    >>> compact_iri("https://w3id.org/ecoonto/a/b")  # 'a/b' is no local name
    'https://w3id.org/ecoonto/a/b'
    """
    prefixes = PREFIXES if prefixes is None else prefixes
    best: tuple[str, str] | None = None
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            local = iri[len(ns) :]
            if local == "" or _LOCAL.match(local):
                best = (prefix, ns)
    if best is None:
        return iri
    return f"{best[0]}:{iri[len(best[1]) :]}"


def term_text(
    term: Node | None, compact: bool = True, prefixes: Mapping[str, str] | None = None
) -> str:
    """The plain value of a term: '' for unbound, lexical form, (prefixed) IRI, ``_:id``.

    >>> from rdflib import BNode, Literal, URIRef
    >>> term_text(URIRef("https://w3id.org/ecoonto/Player")), term_text(None)
    ('eco:Player', '')
    >>> term_text(URIRef("https://w3id.org/ecoonto/Player"), compact=False)
    'https://w3id.org/ecoonto/Player'
    >>> term_text(Literal("Nvidia", lang="en")), term_text(BNode("b0"))
    ('Nvidia', '_:b0')
    """
    if term is None:
        return ""
    uriref, bnode = _rdflib_nodes()
    if isinstance(term, uriref):
        return compact_iri(str(term), prefixes) if compact else str(term)
    if isinstance(term, bnode):
        return f"_:{term}"
    return str(term)


@functools.cache
def _rdflib_nodes() -> tuple[type, type]:
    """rdflib's URIRef and BNode, imported once (term_text runs once per cell of a result)."""
    from rdflib import BNode, URIRef

    return URIRef, BNode


def _is_numeric(term: Node | None) -> bool:
    from rdflib import Literal

    return isinstance(term, Literal) and str(term.datatype) in _NUMERIC


def render(
    result: QueryResult, fmt: str = "table", prefixes: Mapping[str, str] | None = None
) -> str:
    """``result`` as text in ``fmt`` (one of :data:`FORMATS`), ending with a newline.

    >>> from rdflib import Literal, URIRef
    >>> nvidia = URIRef("https://w3id.org/ecoonto/data/ai-compute/player-nvidia")
    >>> result = QueryResult("select", ["player", "n"], [(nvidia, Literal(12)), (None, Literal(3))])
    >>> print(render(result, "csv"), end="")
    player,n
    https://w3id.org/ecoonto/data/ai-compute/player-nvidia,12
    ,3
    >>> render(QueryResult("ask", boolean=True)), render(QueryResult("ask", boolean=False), "md")
    ('true\\n', 'false\\n')
    >>> render(result, "xlsx")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: unknown format 'xlsx': use one of table, csv, tsv, json, md
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    if result.kind == "graph":
        return turtle(result)
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        return json.dumps(sparql_json(result), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return delimited(result, ",")
    if fmt == "tsv":
        return delimited(result, "\t")
    if fmt == "md":
        return markdown(result, prefixes)
    return table(result, prefixes)


def turtle(result: QueryResult) -> str:
    """The graph of a CONSTRUCT/DESCRIBE result as canonical Turtle.

    >>> from rdflib import Graph
    >>> graph = Graph().parse(
    ...     data="<https://w3id.org/ecoonto/Player> a <http://www.w3.org/2002/07/owl#Class> .",
    ...     format="turtle",
    ... )
    >>> print(turtle(QueryResult("graph", graph=graph)), end="")
    PREFIX eco: <https://w3id.org/ecoonto/>
    PREFIX owl: <http://www.w3.org/2002/07/owl#>
    <BLANKLINE>
    eco:Player
        a owl:Class ;
    .
    """
    from ecoonto.rdf.graphs import canonical_turtle, new_graph

    graph = result.graph if result.graph is not None else new_graph()
    return canonical_turtle(graph)


def table(result: QueryResult, prefixes: Mapping[str, str] | None = None) -> str:
    """An aligned text table: a header, a rule, one line per row; numbers aligned right.

    >>> from rdflib import Literal, URIRef
    >>> nvidia = URIRef("https://w3id.org/ecoonto/data/ai-compute/player-nvidia")
    >>> result = QueryResult("select", ["player", "n"], [(nvidia, Literal(12)), (None, Literal(3))])
    >>> for line in table(result).splitlines():
    ...     print(repr(line))
    'player              n'
    '-----------------  --'
    'aic:player-nvidia  12'
    '                    3'
    '(2 rows)'
    """
    header = list(result.variables)
    cells = [[_one_line(term_text(t, True, prefixes)) for t in row] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(header)]
    numeric = [
        bool(result.rows) and all(_is_numeric(row[i]) for row in result.rows)
        for i in range(len(header))
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    return "\n".join(out) + "\n"


def delimited(result: QueryResult, delimiter: str) -> str:
    """CSV (RFC 4180, as the SPARQL 1.1 CSV results, cells neutralised by :func:`csv_cell`) or
    TSV (lossless: tab, newline and backslash escaped as ``\\t``, ``\\n``, ``\\\\``, nothing
    else changed); full IRIs; a header of variable names.

    >>> from rdflib import Literal
    >>> result = QueryResult("select", ["note"], [(Literal('say "hi",\\tthen go'),)])
    >>> delimited(result, ",")
    'note\\r\\n"say ""hi"",\\tthen go"\\r\\n'
    >>> delimited(result, "\\t")
    'note\\nsay "hi",\\\\tthen go\\n'
    """
    tsv = delimiter == "\t"
    raw = result.raw
    rows: Sequence[Sequence[Any]]
    if raw is not None:  # the store's own terms: no rdflib term is made (same text)
        rows, cell = raw, (_tsv_raw_cell if tsv else csv_raw_cell)
    else:
        rows, cell = result.rows, (_tsv_cell if tsv else csv_cell)
    # A result repeats its terms (sides, positions, archetypes, labels): each distinct term's
    # cell is made once (pyoxigraph and rdflib terms are equal only when they are the same
    # RDF term, so equal terms have the same cell).
    cells: dict[Any, str] = {}

    def text(term: Any) -> str:
        found = cells.get(term)
        if found is None:
            found = cells[term] = cell(term)
        return found

    if tsv:
        lines = ["\t".join(result.variables)]
        lines += ["\t".join([text(t) for t in row]) for row in rows]
        return "\n".join(lines) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([text(t) for t in row] for row in rows)
    return buffer.getvalue()


def raw_text(term: Any) -> str:
    """:func:`term_text` (full IRIs) of a pyoxigraph term, without making an rdflib term:
    an IRI, ``_:id`` for a blank node, a literal's lexical form; '' for None.

    >>> import pyoxigraph as ox
    >>> raw_text(ox.NamedNode("http://e/a")), raw_text(ox.BlankNode("b0")), raw_text(None)
    ('http://e/a', '_:b0', '')
    >>> raw_text(ox.Literal("01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '01'
    """
    import pyoxigraph as ox

    if term is None:
        return ""
    kind = type(term)
    if kind is ox.NamedNode or kind is ox.Literal:
        return str(term.value)
    if kind is ox.BlankNode:
        return f"_:{term.value}"
    from ecoonto.rdf.terms import to_rdflib

    return term_text(to_rdflib(term), compact=False)


def csv_raw_cell(term: Any) -> str:
    """:func:`csv_cell` of a pyoxigraph term (the same text, neutralised the same way).

    >>> import pyoxigraph as ox
    >>> xsd = "http://www.w3.org/2001/XMLSchema#"
    >>> minus_five = ox.Literal("-5", datatype=ox.NamedNode(xsd + "integer"))
    >>> csv_raw_cell(ox.Literal("=1+1")), csv_raw_cell(minus_five)
    ("'=1+1", '-5')
    """
    import pyoxigraph as ox

    text = raw_text(term)
    if text.startswith(_FORMULA_START):
        numeric = type(term) is ox.Literal and term.datatype.value in _NUMERIC
        if not numeric:
            return "'" + text
    return text


def _tsv_raw_cell(term: Any) -> str:
    return _tsv_escape(raw_text(term))


def _tsv_cell(term: Node | None) -> str:
    return _tsv_escape(term_text(term, compact=False))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(term: Node | None) -> str:
    """A term's CSV cell, neutralised against spreadsheet formula injection: a text that starts
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (so a
    spreadsheet shows it as text), except a numeric literal (``-5`` stays ``-5``).

    >>> from rdflib import Literal, URIRef
    >>> print(csv_cell(Literal('=HYPERLINK("http://x","y")')), csv_cell(Literal("@SUM(A1)")))
    '=HYPERLINK("http://x","y") '@SUM(A1)
    >>> csv_cell(Literal(-5)), csv_cell(Literal("a-b")), csv_cell(URIRef("http://x/-"))
    ('-5', 'a-b', 'http://x/-')
    """
    text = term_text(term, compact=False)
    if text.startswith(_FORMULA_START) and not _is_numeric(term):
        return "'" + text
    return text


_TSV_SPECIAL = re.compile(r"[\\\t\n\r]")


def _tsv_escape(text: str) -> str:
    if _TSV_SPECIAL.search(text) is None:  # most cells: nothing to escape
        return text
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _one_line(text: str) -> str:
    """A table cell: on one line, control and invisible characters shown as escapes."""
    from ecoonto.errors import printable

    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return printable(text)


def markdown(result: QueryResult, prefixes: Mapping[str, str] | None = None) -> str:
    """A GitHub-flavoured Markdown table (``|`` escaped, line breaks as ``<br>``).

    >>> from rdflib import Literal, URIRef
    >>> buyers = URIRef("https://w3id.org/ecoonto/Buyers")
    >>> result = QueryResult("select", ["side", "note"], [(buyers, Literal("a|b\\nc"))])
    >>> print(markdown(result), end="")
    | side | note |
    |---|---|
    | eco:Buyers | a\\|b<br>c |
    """

    def cell(text: str) -> str:
        text = text.replace("\\", "\\\\").replace("|", "\\|")
        return text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")

    lines = ["| " + " | ".join(cell(v) for v in result.variables) + " |"]
    lines.append("|" + "|".join("---" for _ in result.variables) + "|")
    for row in result.rows:
        lines.append("| " + " | ".join(cell(term_text(t, True, prefixes)) for t in row) + " |")
    return "\n".join(lines) + "\n"


def sparql_json(result: QueryResult) -> dict[str, Any]:
    """The SPARQL 1.1 Query Results JSON form of a SELECT result.

    >>> from rdflib import Literal, URIRef
    >>> nvidia = URIRef("https://w3id.org/ecoonto/data/ai-compute/player-nvidia")
    >>> result = QueryResult("select", ["player", "n"], [(nvidia, Literal(12)), (None, Literal(3))])
    >>> form = sparql_json(result)
    >>> form["head"]
    {'vars': ['player', 'n']}
    >>> form["results"]["bindings"][1]  # an unbound cell is left out
    {'n': {'type': 'literal', 'value': '3', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}}
    """
    bindings = []
    for row in result.rows:
        binding = {}
        for name, term in zip(result.variables, row, strict=True):
            if term is not None:
                binding[name] = json_term(term)
        bindings.append(binding)
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def json_term(term: Node) -> dict[str, str]:
    """One RDF term in the SPARQL 1.1 JSON results form.

    >>> from rdflib import BNode, Literal, URIRef
    >>> json_term(URIRef("http://example.org/a"))
    {'type': 'uri', 'value': 'http://example.org/a'}
    >>> json_term(Literal("Nvidia", lang="en")), json_term(BNode("b0"))
    ({'type': 'literal', 'value': 'Nvidia', 'xml:lang': 'en'}, {'type': 'bnode', 'value': 'b0'})
    """
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    raise InputError(f"cannot write {term!r} as a SPARQL JSON term")
