"""Writers: Turtle, TriG, N-Triples, N-Quads, JSON-LD (compact with a context when asked),
RDF/XML and N3; every one canonical and lossless.

*Canonical*: the same data gives the same bytes on every run and machine. Blank nodes are
labelled by W3C RDF Dataset Canonicalization (RDFC-1.0, :func:`canonical_quads`), quads are
written in a fixed order, and only prefixes that were declared (or ecoonto's own, see
:data:`ecoonto.rdf.prefixes.PREFIXES`) are used: no prefix is invented.

*Lossless*: a literal is written with its lexical form as it was read (``+1``, ``01``,
``1E0``, ``.1`` and ``1.`` stay as they are); a number or boolean is written bare only when
Turtle reads the bare token back as the same lexical form and datatype. Line breaks and other
separators inside literals never split a line of N-Triples or N-Quads: lines are split at
``\\n`` only, never with ``str.splitlines``.

Turtle follows rdflib's ``longturtle`` layout (nested blank nodes, lists, ``a`` first) with
its literal writing replaced, so the bundled files (``scripts/canonicalise.py``) are this
writer's output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ecoonto.errors import InputError
from ecoonto.rdf.formats import Format, by_name

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Node

XSD = "http://www.w3.org/2001/XMLSchema#"
_BARE = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+\Z"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+\Z"),
    XSD + "double": re.compile(
        r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+)\Z"
    ),
    XSD + "boolean": re.compile(r"(?:true|false)\Z"),
}
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


# The deepest chain of blank nodes (each the object of the one before, as in nested [ ... ] or
# an RDF list) written canonically: RDFC-1.0's time grows with about the cube of it (0.1 s at
# 100, 1.5 s at 200 in pyoxigraph), and 100,000 crash it.
MAX_BLANK_NODE_DEPTH = 256


def blank_node_depth(quads: Iterable[ox.Quad]) -> int:
    """The length of the longest chain of blank nodes, each the object of a triple whose subject
    is the one before (a cycle counts once round); iterative, for any depth.

    >>> import pyoxigraph as ox
    >>> text = b"<http://x/a> <http://x/p> [ <http://x/p> [ <http://x/p> 1 ] ] ."
    >>> blank_node_depth(ox.parse(text, format=ox.RdfFormat.TURTLE))
    2
    """
    import pyoxigraph as ox

    children: dict[ox.BlankNode, list[ox.BlankNode]] = {}
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode):
            objects = children.setdefault(quad.subject, [])
            if isinstance(quad.object, ox.BlankNode):
                objects.append(quad.object)
        elif isinstance(quad.object, ox.BlankNode):
            children.setdefault(quad.object, [])
    depth: dict[ox.BlankNode, int] = {}
    deepest = 0
    for root in children:
        if root in depth:
            continue
        on_path = {root}
        stack = [(root, iter(children[root]))]
        while stack:
            node, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                on_path.discard(node)
                below = [depth[c] for c in children.get(node, ()) if c in depth]
                depth[node] = 1 + max(below, default=0)
                deepest = max(deepest, depth[node])
            elif child not in depth and child not in on_path:
                on_path.add(child)
                stack.append((child, iter(children.get(child, ()))))
    return deepest


def canonical_quads(quads: Iterable[ox.Quad | ox.Triple]) -> list[ox.Quad]:
    """``quads`` with RDFC-1.0 blank-node labels, duplicates dropped, in N-Quads order.

    >>> import pyoxigraph as ox
    >>> ex, blank = "http://example.org/", ox.BlankNode()
    >>> quads = [
    ...     ox.Quad(ox.NamedNode(ex + "b"), ox.NamedNode(ex + "p"),
    ...             ox.Literal("01", datatype=ox.NamedNode(XSD + "integer"))),
    ...     ox.Quad(ox.NamedNode(ex + "a"), ox.NamedNode(ex + "p"), blank),
    ...     ox.Quad(blank, ox.NamedNode(ex + "q"), ox.Literal("x", language="en"),
    ...             ox.NamedNode(ex + "g")),
    ... ]
    >>> for quad in canonical_quads(quads + quads):
    ...     print(quad)
    <http://example.org/a> <http://example.org/p> _:c14n0
    <http://example.org/b> <http://example.org/p> "01"^^<http://www.w3.org/2001/XMLSchema#integer>
    _:c14n0 <http://example.org/q> "x"@en <http://example.org/g>
    """
    import pyoxigraph as ox

    dataset = ox.Dataset(
        q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object) for q in quads
    )
    depth = blank_node_depth(dataset)
    if depth > MAX_BLANK_NODE_DEPTH:
        raise InputError(
            f"blank nodes nested {depth} deep, over the limit of {MAX_BLANK_NODE_DEPTH}: the time"
            " to label them canonically (RDFC-1.0) grows with the cube of the depth; give the"
            " nested resources IRIs, or split long RDF lists"
        )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=str)


def serialize(
    quads: Iterable[ox.Quad | ox.Triple],
    fmt: str | Format,
    *,
    prefixes: Mapping[str, str] | None = None,
    compact: bool = False,
) -> bytes:
    """``quads`` in ``fmt``, canonically (see the module's docstring).

    A triple format (Turtle, N-Triples, RDF/XML, N3) takes every quad of the default graph and
    refuses named graphs (:class:`InputError`): they would be lost. ``prefixes`` maps the
    prefixes that may be used to their IRIs; ``compact`` writes JSON-LD with a ``@context`` of
    those prefixes and compact IRIs (default: expanded JSON-LD).

    >>> import pyoxigraph as ox
    >>> ex, blank = "http://example.org/", ox.BlankNode()
    >>> quads = [
    ...     ox.Quad(ox.NamedNode(ex + "b"), ox.NamedNode(ex + "p"),
    ...             ox.Literal("01", datatype=ox.NamedNode(XSD + "integer"))),
    ...     ox.Quad(ox.NamedNode(ex + "a"), ox.NamedNode(ex + "p"), blank),
    ...     ox.Quad(blank, ox.NamedNode(ex + "q"), ox.Literal("x", language="en"),
    ...             ox.NamedNode(ex + "g")),
    ... ]
    >>> print(serialize(quads, "nquads").decode(), end="")
    <http://example.org/a> <http://example.org/p> _:c14n0 .
    <http://example.org/b> <http://example.org/p> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .
    _:c14n0 <http://example.org/q> "x"@en <http://example.org/g> .
    >>> serialize(quads, "turtle")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: holds 1 named graph (<http://example.org/g>) that Turtle cannot ...
    >>> print(serialize(quads[:1], "nt").decode(), end="")
    <http://example.org/b> <http://example.org/p> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .
    """
    import pyoxigraph as ox

    form = fmt if isinstance(fmt, Format) else by_name(fmt)
    ordered = canonical_quads(quads)
    if not form.datasets:
        named = sorted({str(q.graph_name) for q in ordered if q.graph_name != ox.DefaultGraph()})
        if named:
            count = len(named)
            raise InputError(
                f"holds {count} named graph{'s' if count != 1 else ''} ({', '.join(named[:3])})"
                f" that {form.label} cannot keep: write TriG, N-Quads or JSON-LD"
            )
    usable = valid_prefixes(prefixes or {})
    if form.name in ("nt", "nquads"):
        return _sorted_lines(ordered, form)
    if form.name == "turtle":
        return turtle(ordered, usable).encode("utf-8")
    if form.name == "trig":
        return trig(ordered, usable).encode("utf-8")
    if form.name == "json-ld":
        return jsonld(ordered, usable if compact else None).encode("utf-8")
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ordered]
    data = ox.serialize(triples, format=form.rdf_format(), prefixes=dict(sorted(usable.items())))
    if form.name == "xml":  # a raw CR would be read back as LF by an XML parser
        data = (data or b"").replace(b"\r", b"&#13;")
    return data or b""


def valid_prefixes(prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes whose name and IRI are valid (an absolute IRI pyoxigraph accepts).

    >>> valid_prefixes({"ex": "http://example.org/", "bad name": "http://e/", "rel": "no-iri"})
    {'ex': 'http://example.org/'}

    >>> valid_prefixes({"eco": "https://w3id.org/ecoonto/", "1x": "https://a/", "b": "nope"})
    {'eco': 'https://w3id.org/ecoonto/'}
    """
    import pyoxigraph as ox

    usable: dict[str, str] = {}
    for prefix, iri in prefixes.items():
        if not re.fullmatch(r"(?:[A-Za-z][\w.-]*[\w-]|[A-Za-z])?", prefix):
            continue
        try:
            ox.NamedNode(iri)
        except ValueError:
            continue
        if re.search(r"%(?![0-9A-Fa-f]{2})", iri):
            continue
        usable[prefix] = iri
    return usable


def _sorted_lines(quads: list[ox.Quad], form: Format) -> bytes:
    import pyoxigraph as ox

    if form.name == "nt":
        data = ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object) for q in quads],
            format=ox.RdfFormat.N_TRIPLES,
        )
    else:
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    lines = sorted(line for line in (data or b"").split(b"\n") if line)
    return b"".join(line + b"\n" for line in lines)


# --------------------------------------------------------------------------------------------
# Turtle and TriG


def turtle_literal(lexical: str, datatype: str | None, language: str | None, dt_name: str) -> str:
    """One literal as Turtle: bare where Turtle reads the token back unchanged, else quoted
    with ``\\``, ``"``, LF and CR escaped. ``dt_name`` is how the datatype is written.

    >>> turtle_literal("01", XSD + "integer", None, "xsd:integer")  # Turtle reads 01 back as is
    '01'
    >>> turtle_literal("1.", XSD + "decimal", None, "xsd:decimal")  # a bare 1. would not be
    '"1."^^xsd:decimal'
    >>> print(turtle_literal('say "hi"\\n', None, None, ""), turtle_literal("x", None, "en", ""))
    "say \\"hi\\"\\n" "x"@en
    """
    if language:
        return f'"{lexical.translate(_ESCAPES)}"@{language}'
    if datatype is None or datatype == XSD + "string":
        return f'"{lexical.translate(_ESCAPES)}"'
    bare = _BARE.get(datatype)
    if bare is not None and bare.match(lexical):
        return lexical
    return f'"{lexical.translate(_ESCAPES)}"^^{dt_name}'


def _graph(quads: Iterable[ox.Quad], prefixes: Mapping[str, str]) -> Graph:
    from rdflib import Graph

    from ecoonto.rdf.terms import to_rdflib

    graph = Graph(bind_namespaces="none")
    for prefix, iri in sorted(prefixes.items()):
        graph.bind(prefix, iri, override=True, replace=True)
    for q in quads:
        graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return graph


def _turtle_text(graph: Graph, labelled: set[Node] | frozenset[Node] = frozenset()) -> str:
    import io

    serializer = _serializer_class()(graph, labelled)
    out = io.BytesIO()
    serializer.serialize(out, encoding="utf-8")
    return _stabilise(out.getvalue().decode("utf-8"))


def turtle(quads: Iterable[ox.Quad], prefixes: Mapping[str, str]) -> str:
    """Canonical Turtle of ``quads`` (their graph names ignored).

    >>> import pyoxigraph as ox
    >>> ex, blank = "http://example.org/", ox.BlankNode()
    >>> quads = [
    ...     ox.Quad(ox.NamedNode(ex + "b"), ox.NamedNode(ex + "p"),
    ...             ox.Literal("01", datatype=ox.NamedNode(XSD + "integer"))),
    ...     ox.Quad(ox.NamedNode(ex + "a"), ox.NamedNode(ex + "p"), blank),
    ...     ox.Quad(blank, ox.NamedNode(ex + "q"), ox.Literal("x", language="en"),
    ...             ox.NamedNode(ex + "g")),
    ... ]
    >>> print(turtle(canonical_quads(quads), {"ex": ex}), end="")
    PREFIX ex: <http://example.org/>
    <BLANKLINE>
    ex:a
        ex:p
            [
                ex:q "x"@en ;
            ] ;
    .
    <BLANKLINE>
    ex:b
        ex:p 01 ;
    .
    """
    return _turtle_text(_graph(quads, prefixes))


def trig(quads: list[ox.Quad], prefixes: Mapping[str, str]) -> str:
    """Canonical TriG: the prefixes, the default graph, then each named graph in IRI order.
    A blank node found in two graphs, or naming a graph, is written with its label.

    >>> import pyoxigraph as ox
    >>> ex, blank = "http://example.org/", ox.BlankNode()
    >>> quads = [
    ...     ox.Quad(ox.NamedNode(ex + "b"), ox.NamedNode(ex + "p"),
    ...             ox.Literal("01", datatype=ox.NamedNode(XSD + "integer"))),
    ...     ox.Quad(ox.NamedNode(ex + "a"), ox.NamedNode(ex + "p"), blank),
    ...     ox.Quad(blank, ox.NamedNode(ex + "q"), ox.Literal("x", language="en"),
    ...             ox.NamedNode(ex + "g")),
    ... ]
    >>> print(trig(canonical_quads(quads), {"ex": ex}), end="")
    PREFIX ex: <http://example.org/>
    <BLANKLINE>
    ex:a
        ex:p _:c14n0 ;
    .
    <BLANKLINE>
    ex:b
        ex:p 01 ;
    .
    <BLANKLINE>
    <http://example.org/g> {
    _:c14n0
        ex:q "x"@en ;
    .
    }
    """
    import pyoxigraph as ox
    from rdflib import BNode

    graphs: dict[str, list[ox.Quad]] = {}
    for q in quads:
        key = "" if q.graph_name == ox.DefaultGraph() else str(q.graph_name)
        graphs.setdefault(key, []).append(q)
    seen: dict[str, set[str]] = {}
    for key, members in graphs.items():
        for q in members:
            for t in (q.subject, q.object):
                if isinstance(t, ox.BlankNode):
                    seen.setdefault(t.value, set()).add(key)
    shared: set[Node] = {BNode(label) for label, where in seen.items() if len(where) > 1}
    # a blank node that names a graph keeps its label wherever it is a node too (RDF 1.1)
    shared |= {BNode(key[2:]) for key in graphs if key.startswith("_:")}
    header: set[str] = set()
    bodies: list[str] = []
    for key in sorted(graphs):
        text = _turtle_text(_graph(graphs[key], prefixes), shared)
        head, _, body = text.partition("\n\n")
        if not head.startswith("PREFIX"):
            head, body = "", text
        header.update(line for line in head.split("\n") if line)
        body = body.strip("\n")
        bodies.append(f"{key} {{\n{body}\n}}" if key else body)
    out = "\n".join(sorted(header))
    return (out + "\n\n" if out else "") + "\n\n".join(b for b in bodies if b) + "\n"


_SERIALIZER: Any = None


def _serializer_class() -> Any:
    """rdflib's longturtle serializer with ecoonto's literal writing and prefix policy (built
    once, on first use: rdflib is imported lazily)."""
    global _SERIALIZER
    if _SERIALIZER is not None:
        return _SERIALIZER
    from rdflib import Literal
    from rdflib.plugins.serializers.longturtle import LongTurtleSerializer

    class Serializer(LongTurtleSerializer):
        def __init__(self, store: Graph, labelled: set[Node] | frozenset[Node]) -> None:
            super().__init__(store)  # type: ignore[no-untyped-call]
            self._labelled = labelled

        def preprocess(self) -> None:
            super().preprocess()
            for node in self._labelled:
                self._references[node] += 2  # written by label, never nested

        def get_pname(self, uri: Any, gen_prefix: bool = True) -> Any:
            return super().get_pname(uri, gen_prefix=False)  # type: ignore[no-untyped-call]

        def label(self, node: Any, position: Any) -> Any:
            if isinstance(node, Literal):
                datatype = None if node.datatype is None else str(node.datatype)
                dt_name = ""
                if datatype is not None:
                    dt_name = self.get_pname(node.datatype) or f"<{datatype}>"
                return turtle_literal(str(node), datatype, node.language, dt_name)
            return super().label(node, position)  # type: ignore[no-untyped-call]

    _SERIALIZER = Serializer
    return Serializer


def _stabilise(text: str) -> str:
    """Order top-level blank-node blocks by content and drop trailing spaces.

    Lines are split at line feeds only, and only where they stand outside IRIs and string
    literals (literals are written without raw line feeds anyway).
    """
    lines = [line.rstrip(" \t") for line in _logical_lines(text)]
    header: list[str] = []
    while lines and (lines[0].startswith("PREFIX") or lines[0].startswith("@prefix")):
        header.append(lines.pop(0))
    blocks: list[str] = []
    current: list[str] = []
    for line in lines:
        if not current and not line:
            continue
        current.append(line)
        if line == ".":
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    named = [b for b in blocks if not b.startswith("[]")]
    anonymous = sorted(b for b in blocks if b.startswith("[]"))
    body = "\n\n".join(named + anonymous)
    if not header:
        return body + "\n" if body else ""
    return "\n".join(header) + "\n\n" + body + "\n"


def _logical_lines(text: str) -> list[str]:
    """``text`` split at the line feeds that stand outside IRIs and string literals."""
    lines: list[str] = []
    start = i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            lines.append(text[start:i])
            start = i = i + 1
        elif c == "<":
            end = text.find(">", i + 1)
            newline = text.find("\n", i + 1)
            i = end + 1 if end >= 0 and (newline < 0 or end < newline) else i + 1
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif c == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
        else:
            i += 1
    if start < n:
        lines.append(text[start:])
    return lines


# --------------------------------------------------------------------------------------------
# JSON-LD


def jsonld(quads: list[ox.Quad], context: Mapping[str, str] | None = None) -> str:
    """JSON-LD of ``quads``: expanded, or with ``context`` (prefix -> IRI) compacted to those
    prefixes (only namespaces that end in ``/`` or ``#`` serve as prefixes).

    >>> import json, pyoxigraph as ox
    >>> quad = ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"),
    ...                ox.Literal("x", language="en"))
    >>> json.loads(jsonld([quad]))
    [{'@id': 'http://example.org/a', 'http://example.org/p': [{'@language': 'en', '@value': 'x'}]}]
    >>> json.loads(jsonld([quad], {"ex": "http://example.org/"}))["@graph"][0]["@id"]
    'ex:a'
    """
    import pyoxigraph as ox

    data = ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]"
    document: Any = json.loads(data)
    if context:
        usable = {p: iri for p, iri in context.items() if p and iri.endswith(("/", "#"))}
        used: set[str] = set()
        by_length = sorted(usable.items(), key=lambda item: (-len(item[1]), item[0]))

        def short(iri: str) -> str:
            for prefix, ns in by_length:
                local = iri[len(ns) :]
                if iri.startswith(ns) and local and not local.startswith("//"):
                    used.add(prefix)
                    return f"{prefix}:{local}"
            return iri

        graph = _compact(document, short)
        ctx = {p: usable[p] for p in sorted(used)}
        document = {"@context": ctx, "@graph": graph} if ctx else graph
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _compact(node: Any, short: Any) -> Any:
    if isinstance(node, list):
        return [_compact(item, short) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "@id" and isinstance(value, str) and not value.startswith("_:"):
            out[key] = short(value)
        elif key == "@type":
            out[key] = [short(v) for v in value] if isinstance(value, list) else short(value)
        elif key.startswith("@"):
            out[key] = _compact(value, short)
        else:
            out[short(key)] = _compact(value, short)
    return out
