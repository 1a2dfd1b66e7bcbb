"""Load and merge RDF files with clear errors; serialise Turtle canonically.

Every loader reads into a fresh graph and hands it back only when the whole input parsed: a
failure never leaves a half-loaded graph behind.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, cast

from ecoonto.errors import EcoontoError, InputError, StoreError

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Node

PREFIXES: dict[str, str] = {
    "eco": "https://w3id.org/ecoonto/",
    "aic": "https://w3id.org/ecoonto/data/ai-compute/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}

# File extension -> rdflib parser/serialiser name.
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".n3": "n3",
}


def format_for(path: Path, explicit: str | None = None) -> str:
    """The rdflib format name for ``path``: ``explicit`` if given, else by extension."""
    if explicit:
        names = set(FORMATS.values())
        if explicit not in names:
            raise InputError(
                f"unknown RDF format '{explicit}': use one of {', '.join(sorted(names))}"
            )
        return explicit
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: cannot tell the RDF format from the extension '{path.suffix}'"
            f" (known: {', '.join(sorted(FORMATS))})"
        )
    return fmt


def new_graph() -> Graph:
    """An empty rdflib graph with ecoonto's prefixes bound (and rdflib's defaults replaced)."""
    from rdflib import Graph

    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an RDF file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty")


REMOTE_CONTEXT_ENV = "ECOONTO_ALLOW_REMOTE_CONTEXT"
"""Set to ``1`` to let JSON-LD files name their ``@context`` by URL (fetched when parsed)."""

# rdflib format -> pyoxigraph format, for the fast syntax check of the line-based text formats.
_OXIGRAPH_CHECK: dict[str, str] = {
    "turtle": "TURTLE",
    "nt": "N_TRIPLES",
    "nquads": "N_QUADS",
    "trig": "TRIG",
}
_FORMAT_NAMES: dict[str, str] = {
    "turtle": "Turtle",
    "nt": "N-Triples",
    "nquads": "N-Quads",
    "trig": "TriG",
    "xml": "RDF/XML",
    "json-ld": "JSON-LD",
    "n3": "N3",
}


def read_utf8(path: Path) -> bytes:
    """The bytes of an existing, non-empty, valid UTF-8 file, or a one-line InputError."""
    _check_readable(path)
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: invalid UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return data


def parse_into(graph: Graph, path: Path, fmt: str | None = None) -> None:
    """Parse ``path`` into ``graph``; raise :class:`InputError` naming file and line on failure.

    The file is parsed into a scratch graph first and added to ``graph`` only on success.
    Before rdflib sees it, the input is checked: Turtle, N-Triples, N-Quads and TriG by
    pyoxigraph's parser (fast, exact line and column); RDF/XML must declare no external
    entities (they are never read: a DOCTYPE that declares one is refused); JSON-LD must not
    name a ``@context`` by URL unless ``ECOONTO_ALLOW_REMOTE_CONTEXT=1`` (no network fetch).
    """
    path = Path(path)
    rdf_format = format_for(path, fmt)
    data = read_utf8(path)
    base = path.resolve().as_uri()
    check_syntax(path, data, rdf_format, base)
    scratch = new_graph()
    try:
        _parse(scratch, data, rdf_format, base)
    except EcoontoError:
        raise
    except Exception as exc:  # rdflib raises many types; all are bad input here
        message = _describe_parse_error(exc)
        raise InputError(f"{path}: {message}{_format_hint(data, rdf_format)}") from None
    for triple in scratch:
        graph.add(triple)
    _copy_prefixes(scratch, graph)


def check_syntax(path: Path, data: bytes, rdf_format: str, base: str | None = None) -> None:
    """Refuse ``data`` (the bytes of ``path``) early, with a one-line :class:`InputError`:

    * Turtle, N-Triples, N-Quads, TriG: a syntax error, found by pyoxigraph's parser (about
      60 times faster than rdflib's, so an error on the last line of a large file is found
      at once), named by line and column;
    * RDF/XML: a DOCTYPE that declares an external entity (``SYSTEM``/``PUBLIC``): it would
      read a local file or a URL into the data (XXE);
    * JSON-LD: invalid JSON, or a ``@context`` (or ``@import``) given by reference: rdflib
      would fetch it from the network or read it from disk. ``ECOONTO_ALLOW_REMOTE_CONTEXT=1``
      allows it.
    """
    if rdf_format in _OXIGRAPH_CHECK:
        _check_with_oxigraph(path, data, rdf_format, base)
    elif rdf_format == "xml":
        _check_xml_entities(path, data)
    elif rdf_format == "json-ld":
        _check_jsonld_contexts(path, data)


def _check_with_oxigraph(path: Path, data: bytes, rdf_format: str, base: str | None) -> None:
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, _OXIGRAPH_CHECK[rdf_format])
    try:
        for _ in ox.parse(data, format=fmt, base_iri=base):
            pass
    except SyntaxError as exc:
        where = ""
        if exc.lineno is not None:
            where = f"line {exc.lineno}, column {exc.offset or 1}: "
        text = " ".join(str(exc.msg if exc.msg else exc).split())
        detail = _OXIGRAPH_POSITION.sub("", text, count=1) or text
        raise InputError(
            f"{path}: {where}{_FORMAT_NAMES[rdf_format]} syntax error: {detail}"
            f"{_format_hint(data, rdf_format)}"
        ) from None
    except MemoryError:
        return  # a token over pyoxigraph's 16 MB buffer (a huge literal): rdflib decides
    except (ValueError, OSError) as exc:
        text = " ".join(str(exc).split())
        raise InputError(f"{path}: {text}{_format_hint(data, rdf_format)}") from None


# "Parser error at line 2 between columns 1 and 6: ", "Parser error between line 3 column 13
# and line 4 column 1: ", "Parser error at line 2 column 4: "
_OXIGRAPH_POSITION = re.compile(
    r"^Parser error (?:at line \d+ between columns \d+ and \d+|between line \d+ column \d+"
    r" and line \d+ column \d+|at line \d+ column \d+|at line \d+): "
)


def _format_hint(data: bytes, rdf_format: str) -> str:
    """A hint when the content is plainly in another format than the one it was read as."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    looks = None
    if head.startswith((b"{", b"[")) and rdf_format != "json-ld":
        looks = "json-ld"
    elif head.startswith((b"<?xml", b"<rdf:RDF", b"<!DOCTYPE")) and rdf_format != "xml":
        looks = "xml"
    if looks is None:
        return ""
    ext = {"json-ld": ".jsonld", "xml": ".rdf"}[looks]
    return (
        f" (the file looks like {_FORMAT_NAMES[looks]}, not {_FORMAT_NAMES[rdf_format]}:"
        f" name it *{ext} or give the format)"
    )


class _StopScan(Exception):
    pass


def _check_xml_entities(path: Path, data: bytes) -> None:
    """Refuse a DOCTYPE that declares an external entity; scan only up to the first element."""
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate()
    found: list[tuple[int, str, str]] = []

    def entity_decl(
        name: str,
        is_parameter: int,
        value: str | None,
        base: str | None,
        system_id: str | None,
        public_id: str | None,
        notation: str | None,
    ) -> None:
        if system_id is not None or public_id is not None:
            kind = "parameter entity %" if is_parameter else "entity "
            found.append((parser.CurrentLineNumber, f"{kind}{name}", system_id or public_id or ""))
            raise _StopScan

    def start_element(name: str, attributes: object) -> None:
        raise _StopScan

    parser.EntityDeclHandler = entity_decl
    parser.StartElementHandler = start_element
    try:
        parser.Parse(data, True)
    except _StopScan:
        pass
    except xml.parsers.expat.ExpatError:
        pass  # a syntax error: the RDF/XML parser reports it with its position
    if found:
        line, name, target = found[0]
        raise InputError(
            f"{path}: line {line}: the DOCTYPE declares the external {name} ({target!r}):"
            " external entities are never read (they would pull a local file or a URL into"
            " the data); remove the declaration"
        )


def _check_jsonld_contexts(path: Path, data: bytes) -> None:
    import json

    try:
        doc = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: line {exc.lineno}, column {exc.colno}: invalid JSON ({exc.msg})"
        ) from None
    if os.environ.get(REMOTE_CONTEXT_ENV) == "1":
        return
    for reference in _context_references(doc):
        raise InputError(
            f"{path}: the JSON-LD @context {reference!r} is given by reference: ecoonto does"
            " not fetch contexts (inline the context in the file, or set"
            f" {REMOTE_CONTEXT_ENV}=1 to allow fetching it)"
        )


def _context_references(node: object) -> Iterator[str]:
    """Every ``@context`` (or ``@import``) in a JSON-LD document that is a reference, not
    an inline object: a URL, or a relative reference that would be read from disk."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import"):
                    values = value if isinstance(value, list) else [value]
                    for v in values:
                        if isinstance(v, str):
                            yield v
                stack.append(value)


def _parse(graph: Graph, data: bytes, rdf_format: str, base: str) -> None:
    """rdflib's parser; RDF/XML through a SAX parser with external entities switched off."""
    if rdf_format != "xml":
        graph.parse(data=data, format=rdf_format, publicID=base)
        return
    from xml.sax.handler import feature_external_ges, feature_external_pes

    from rdflib.parser import create_input_source
    from rdflib.plugins.parsers.rdfxml import create_parser

    source = create_input_source(data=data, publicID=base, format="xml")
    try:
        parser = create_parser(source, graph)
        parser.setFeature(feature_external_ges, False)
        parser.setFeature(feature_external_pes, False)
        parser.parse(source)
    finally:
        source.close()


def _describe_parse_error(exc: Exception) -> str:
    """rdflib's error as 'line L, column C: what' where the position is known."""
    import urllib.error
    from xml.sax import SAXParseException

    from rdflib.plugins.parsers.notation3 import BadSyntax

    if isinstance(exc, BadSyntax):
        text = exc._str.decode("utf-8", "replace")
        column = exc._i - (text.rfind("\n", 0, exc._i) + 1) + 1
        return f"line {exc.lines + 1}, column {column}: {' '.join(str(exc._why).split())}"
    if isinstance(exc, SAXParseException):
        where = f"line {exc.getLineNumber()}, column {(exc.getColumnNumber() or 0) + 1}"
        return f"{where}: XML error: {' '.join(str(exc.getMessage()).split())}"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot fetch a remote JSON-LD @context ({' '.join(str(exc.reason).split())})"
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def load(paths: Iterable[Path], fmt: str | None = None) -> Graph:
    """Parse and merge ``paths`` into one new graph (all or nothing)."""
    graph = new_graph()
    for path in paths:
        parse_into(graph, Path(path), fmt)
    return graph


def load_bundled() -> Graph:
    """The bundled knowledge graph: the core ontology and every industry module."""
    from ecoonto import resources

    return load(resources.bundled_graph_files())


def canonical_turtle(graph: Graph) -> str:
    """Deterministic, readable Turtle: sorted subjects and predicates, stable prefixes."""
    out = new_graph()
    # Blank nodes get labels derived from their content, so that rdflib's ordering by label is
    # the same on every run (plain parsing gives random labels).
    for triple in _relabel_blank_nodes(graph):
        out.add(triple)
    for prefix, ns in graph.namespaces():
        if prefix and prefix not in PREFIXES:
            out.bind(prefix, ns, override=False)
    text = out.serialize(format="longturtle")
    return _stabilise(text)


def _relabel_blank_nodes(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The triples of ``graph`` with each blank node renamed after a hash of what it says.

    OWL in RDF uses blank nodes as trees (restrictions, lists), so a node's outgoing triples,
    hashed recursively, identify it; nodes with identical content get a running suffix.
    """
    import hashlib

    from rdflib import BNode

    memo: dict[Node, str] = {}
    visiting: set[Node] = set()

    def key(node: Node) -> str:
        if not isinstance(node, BNode):
            return str(node.n3())
        if node in memo:
            return memo[node]
        if node in visiting:  # a cycle through blank nodes: fall back to a fixed marker
            return "_:cycle"
        visiting.add(node)
        parts = sorted(f"{p.n3()} {key(o)}" for p, o in graph.predicate_objects(node))
        visiting.discard(node)
        memo[node] = hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:20]
        return memo[node]

    bnodes = {t for triple in graph for t in triple if isinstance(t, BNode)}
    names: dict[Node, BNode] = {}
    seen: dict[str, int] = {}
    for node in sorted(bnodes, key=lambda b: (key(b), str(b))):
        k = key(node)
        seen[k] = seen.get(k, 0) + 1
        names[node] = BNode(f"b{k}" if seen[k] == 1 else f"b{k}x{seen[k]}")
    return [(names.get(s, s), names.get(p, p), names.get(o, o)) for s, p, o in graph]


def _stabilise(text: str) -> str:
    """Order top-level blank-node blocks by content (rdflib orders them by random ids) and drop
    trailing spaces, so that the same graph always gives the same text.

    Lines are split at line feeds outside string literals only: a long (triple-quoted) literal
    keeps its line breaks and its spaces, and characters that Python's ``splitlines`` would
    also break at (U+2028, U+0085, form feed, ...) stay inside their literal.
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
    return "\n".join(header) + "\n\n" + "\n\n".join(named + anonymous) + "\n"


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
            # An IRI: skip to its '>' (IRIs hold no line feed).
            i = end + 1 if end >= 0 and (newline < 0 or end < newline) else i + 1
        elif c in "\"'":
            long = text.startswith(c * 3, i)
            quote = c * 3 if long else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif c == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
        else:
            i += 1
    if start < n:
        lines.append(text[start:])
    return lines


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: all or nothing.

    A failure (no such folder, no permission, disk full, file too large) leaves ``path`` as it
    was, removes the temporary file and raises :class:`InputError` naming ``path``.
    """
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        # mkstemp creates 0600; give the file the mode a plain open() would (or the old file's).
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from None
        raise


def _write_error(path: Path, exc: OSError) -> InputError:
    reason = exc.strerror or " ".join(str(exc).split()) or type(exc).__name__
    return InputError(f"{path}: cannot write ({reason}); the file was left as it was")


def canonicalise_files(paths: Sequence[Path]) -> list[Path]:
    """Rewrite each Turtle file canonically; return the files whose text changed."""
    changed = []
    for path in paths:
        g = load([path])
        text = canonical_turtle(g)
        if path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            changed.append(path)
    return changed


# --------------------------------------------------------------------------------------------
# Files parsed straight into pyoxigraph: one streaming reader for validation (load_store) and
# for loading into a store or an endpoint (ecoonto.store)

# FORMATS name -> pyoxigraph format. JSON-LD and N3 go through rdflib (remote contexts when
# allowed, rdflib's N3), as do the files pyoxigraph cannot read (a token over 16 MB).
_OXIGRAPH_PARSE: dict[str, str] = {**_OXIGRAPH_CHECK, "xml": "RDF_XML"}
_PREFIX_LINE = re.compile(
    rb"(?im)^[ \t]*(?:@prefix|prefix)[ \t]+([A-Za-z][\w.-]*)?[ \t]*:[ \t]*<([^>\n]*)>"
)


class ReadWithRdflib(Exception):
    """pyoxigraph could not read ``path`` although it may be valid (a token over its 16 MB
    buffer, an RDF/XML error): read everything again with ``path`` in ``via_rdflib``, which
    decides (and words the error). Raised after some of the file's quads may have been given."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


_BNODE_LABEL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_literal(value: str, datatype: str | None, language: str | None) -> Node:
    """An rdflib literal; ``xsd:string`` becomes a plain literal.

    A plain literal and an ``xsd:string`` one are the same in RDF 1.1; rdflib keeps them apart,
    its parser gives plain ones and endpoints send plain ones.
    """
    from rdflib import Literal as RLiteral
    from rdflib import URIRef

    if language:
        return RLiteral(value, lang=language)
    if datatype and datatype != _XSD_STRING:
        return RLiteral(value, datatype=URIRef(datatype))
    return RLiteral(value)


def to_rdflib(term: Any) -> Node:
    """A pyoxigraph term as the rdflib term rdflib's parser would give (an rdflib term as is)."""
    import pyoxigraph as ox
    from rdflib import BNode, URIRef
    from rdflib.term import Identifier

    if isinstance(term, Identifier):
        return term
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return rdflib_literal(term.value, term.datatype.value, term.language)
    if isinstance(term, ox.Triple):
        raise StoreError("RDF-star triple terms in results are not supported")
    raise StoreError(f"unexpected term in results: {term!r}")


class ToOxigraph:
    """rdflib -> pyoxigraph terms.

    Each rdflib blank node maps to one pyoxigraph blank node: a fresh one, or with
    ``keep_labels`` one with the same label where pyoxigraph accepts it (so that results on a
    converted graph name the graph's own blank nodes).
    """

    def __init__(self, *, keep_labels: bool = False) -> None:
        self._bnodes: dict[str, ox.BlankNode] = {}
        self._keep_labels = keep_labels

    def term(self, node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        import pyoxigraph as ox
        from rdflib import BNode, URIRef
        from rdflib import Literal as RLiteral

        if isinstance(node, URIRef):
            try:
                return ox.NamedNode(str(node))
            except ValueError as exc:
                raise InputError(f"invalid IRI <{node}>: {exc}") from None
        if isinstance(node, BNode):
            key = str(node)
            found = self._bnodes.get(key)
            if found is None:
                found = None
                if self._keep_labels and _BNODE_LABEL.match(key):
                    try:
                        found = ox.BlankNode(key)
                    except ValueError:
                        pass
                found = self._bnodes[key] = found or ox.BlankNode()
            return found
        if isinstance(node, RLiteral):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            if node.datatype is not None:
                return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
            return ox.Literal(str(node))
        raise InputError(f"cannot store the term {node!r}: not an IRI, blank node or literal")

    def quads(
        self, graph: Graph, to_graph: ox.NamedNode | ox.DefaultGraph | None = None
    ) -> Iterator[ox.Quad]:
        """The triples of ``graph`` as quads in ``to_graph`` (default: the default graph)."""
        import pyoxigraph as ox

        name = ox.DefaultGraph() if to_graph is None else to_graph
        for triple in self.triples(graph):
            yield ox.Quad(triple.subject, triple.predicate, triple.object, name)

    def triples(self, graph: Graph) -> Iterator[ox.Triple]:
        import pyoxigraph as ox

        for s, p, o in graph:
            subject = self.term(s)
            predicate = self.term(p)
            if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
                raise InputError(f"not an RDF triple (literal subject or bad predicate): {s} {p}")
            yield ox.Triple(subject, predicate, self.term(o))


class _Reader:
    """``data`` as a binary stream for pyoxigraph's parser, counting what it reads."""

    def __init__(self, data: bytes, on_read: Callable[[int], None]) -> None:
        self._data = memoryview(data)
        self._pos = 0
        self._on_read = on_read

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size is None or size < 0 else self._pos + size
        out = bytes(self._data[self._pos : end])
        self._pos += len(out)
        if out:
            self._on_read(len(out))
        return out


def file_quads(
    path: Path,
    fmt: str | None = None,
    *,
    via_rdflib: bool = False,
    on_read: Callable[[int], None] | None = None,
    prefixes: Graph | None = None,
    into: ox.Store | None = None,
) -> Iterator[ox.Quad]:
    """The triples of one RDF file, as quads in the default graph (streamed as they are parsed).

    The checks and one-line messages are those of :func:`parse_into` (missing, a directory,
    empty, invalid UTF-8, a syntax error with line and column, external XML entities, JSON-LD
    contexts by reference); the file is read and checked at the call. Turtle, N-Triples,
    N-Quads, TriG and RDF/XML are parsed by pyoxigraph; JSON-LD, N3 and, with ``via_rdflib``,
    any file are parsed by rdflib (:func:`parse_into`) and converted. As with rdflib, the
    file's blank nodes are new ones (two files' ``_:b`` are two nodes) and a dataset file
    (N-Quads, TriG) gives its default graph.

    ``on_read(n)`` is told of the bytes read as the parse goes; ``prefixes`` (an rdflib graph)
    gets the prefixes :func:`parse_into` would bind, once the file is read. With ``into`` (a
    pyoxigraph store), a file of triples that pyoxigraph reads is loaded into it at the call
    (``Store.load``: less memory than a stream of quads) and nothing is given for it.
    Raises :class:`ReadWithRdflib` when pyoxigraph fails where rdflib may not.
    """
    import pyoxigraph as ox

    path = Path(path)
    rdf_format = format_for(path, fmt)
    data = read_utf8(path)
    base = path.resolve().as_uri()
    name = _OXIGRAPH_PARSE.get(rdf_format)
    if via_rdflib or name is None:
        scratch = new_graph()
        parse_into(scratch, path, fmt)
        if on_read is not None:
            on_read(len(data))
        if prefixes is not None:
            _copy_prefixes(scratch, prefixes)
        return ToOxigraph().quads(scratch)
    if rdf_format == "xml":
        check_syntax(path, data, rdf_format, base)  # refuses external entities
    source = data if on_read is None else cast("IO[bytes]", _Reader(data, on_read))
    if into is None or rdf_format in _DATASETS:
        return _oxigraph_quads(path, source, data, rdf_format, base, prefixes)
    try:
        into.load(source, format=getattr(ox.RdfFormat, name), base_iri=base)
    except (SyntaxError, ValueError, OSError, MemoryError):
        _oxigraph_failed(path, data, rdf_format, base)
    _bind_prefixes(prefixes, data, rdf_format, base)
    return iter(())


_DATASETS = ("nquads", "trig")


def _oxigraph_quads(
    path: Path,
    source: bytes | IO[bytes],
    data: bytes,
    rdf_format: str,
    base: str,
    prefixes: Graph | None,
) -> Iterator[ox.Quad]:
    import pyoxigraph as ox

    parser = ox.parse(
        source,
        format=getattr(ox.RdfFormat, _OXIGRAPH_PARSE[rdf_format]),
        base_iri=base,
        rename_blank_nodes=True,  # as rdflib: the file's blank nodes are new ones
    )
    try:
        if rdf_format in _DATASETS:
            for quad in parser:
                if isinstance(quad.graph_name, ox.DefaultGraph):
                    yield quad
        else:
            yield from parser
    except (SyntaxError, ValueError, OSError, MemoryError):
        _oxigraph_failed(path, data, rdf_format, base)
    _bind_prefixes(prefixes, data, rdf_format, base)


def _oxigraph_failed(path: Path, data: bytes, rdf_format: str, base: str) -> NoReturn:
    """pyoxigraph refused ``data``: :func:`check_syntax`'s one-line error if it finds one, else
    :class:`ReadWithRdflib` (a token over 16 MB, an RDF/XML error: rdflib decides)."""
    if rdf_format != "xml":
        check_syntax(path, data, rdf_format, base)
    raise ReadWithRdflib(path) from None


def files_quads(
    paths: Iterable[Path],
    fmt: str | None = None,
    *,
    via_rdflib: Container[Path] = (),
    on_read: Callable[[int], None] | None = None,
    prefixes: Graph | None = None,
) -> Iterator[ox.Quad]:
    """:func:`file_quads` of each file in turn (those in ``via_rdflib`` read by rdflib)."""
    for path in paths:
        yield from file_quads(
            path, fmt, via_rdflib=path in via_rdflib, on_read=on_read, prefixes=prefixes
        )


def load_store(paths: Iterable[Path], fmt: str | None = None) -> tuple[Any, Graph]:
    """Parse and merge ``paths`` into a new in-memory ``pyoxigraph.Store`` (all or nothing).

    The fast way to read large files for validation: each file is read by :func:`file_quads`
    (pyoxigraph, straight into the store; rdflib for JSON-LD, N3 and what pyoxigraph cannot
    read), with the checks and the one-line errors of :func:`load`. Returns the store and an
    empty rdflib graph that holds the prefixes :func:`load` would have bound (ecoonto's and
    those the files declare), for printing.

    Unlike rdflib, the store keeps numbers, dates and booleans in canonical form
    (``"100.0"^^xsd:decimal`` is read back as ``100``).
    """
    import pyoxigraph as ox

    paths = [Path(p) for p in paths]
    via_rdflib: set[Path] = set()
    while True:  # once more, with rdflib for a file that pyoxigraph could not read
        store = ox.Store()
        prefixes = new_graph()
        try:
            for path in paths:
                quads = file_quads(
                    path, fmt, via_rdflib=path in via_rdflib, prefixes=prefixes, into=store
                )
                store.bulk_extend(quads)
        except ReadWithRdflib as retry:
            via_rdflib.add(retry.path)
            continue
        return store, prefixes


def _copy_prefixes(source: Graph, target: Graph) -> None:
    """Bind in ``target`` the prefixes of ``source`` that are not ecoonto's (nor empty)."""
    for prefix, ns in source.namespaces():
        if prefix not in PREFIXES and prefix:
            target.bind(prefix, ns, override=False)


def _bind_prefixes(prefixes: Graph | None, data: bytes, rdf_format: str, base: str) -> None:
    if prefixes is None:
        return
    if rdf_format == "xml":
        _bind_xml_namespaces(prefixes, data)
    else:
        _bind_declared_prefixes(prefixes, data, base)


def _bind_declared_prefixes(prefixes: Graph, data: bytes, base: str) -> None:
    """Bind the prefixes a Turtle or TriG file declares, as :func:`parse_into` would (rdflib
    reads the declarations; the triples are never parsed by rdflib)."""
    lines = [
        f"@prefix {(m.group(1) or b'').decode()}: <{m.group(2).decode()}> ."
        for m in _PREFIX_LINE.finditer(data)
    ]
    if not lines:
        return
    scratch = new_graph()
    try:
        scratch.parse(data="\n".join(lines), format="turtle", publicID=base)
    except Exception:  # a declaration rdflib refuses would have failed the file already
        return
    _copy_prefixes(scratch, prefixes)


def _bind_xml_namespaces(prefixes: Graph, data: bytes) -> None:
    """Bind the namespaces an RDF/XML file declares, as rdflib's RDF/XML parser does."""
    import xml.parsers.expat

    declared: list[tuple[str, str]] = []
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartNamespaceDeclHandler = lambda prefix, uri: declared.append(
        (prefix or "", uri or "")
    )
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError:
        pass  # pyoxigraph read the file; what expat read so far is bound
    scratch = new_graph()
    for prefix, uri in declared:
        scratch.bind(prefix, uri, override=False)
    _copy_prefixes(scratch, prefixes)
