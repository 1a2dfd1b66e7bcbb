"""The one reader of RDF files: pyoxigraph first, rdflib only where pyoxigraph cannot.

Every file is read the same way, whatever asks (loading a graph, validation, ``convert``,
``load``): its bytes are checked (exists, a file, valid UTF-8; an empty file is an empty
graph), RDF/XML must declare no external entity and its internal entities must not expand past
:data:`MAX_ENTITY_EXPANSION`, JSON-LD must not name a ``@context`` by URL unless
``ECOONTO_ALLOW_REMOTE_CONTEXT=1``; then pyoxigraph parses it, keeping every literal exactly as
written.

The fallback policy, in one place (:func:`_plan`):

* a string literal longer than pyoxigraph's 16 MB token buffer in a Turtle-family file
  (Turtle, TriG, N-Triples, N-Quads, N3) is set aside before parsing and put back after it
  (:func:`_set_aside_long_strings`): still pyoxigraph, time and memory linear in the input;
* JSON-LD with a ``@context`` fetched from the network (allowed by the variable) or with a
  string over 16 MB is read by rdflib, its literals kept as written (``normalize=False``).

Every syntax error is one line ``FILE:LINE:COLUMN: <format> syntax error: ...``; where
pyoxigraph gives no position (some RDF/XML errors), expat or rdflib's RDF/XML parser finds it.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from ecoonto.errors import InputError, one_line
from ecoonto.rdf.formats import Format, for_path

if TYPE_CHECKING:
    import pyoxigraph as ox

REMOTE_CONTEXT_ENV = "ECOONTO_ALLOW_REMOTE_CONTEXT"
"""Set to ``1`` to let JSON-LD files name their ``@context`` by URL (fetched when parsed)."""

MAX_ENTITY_EXPANSION = 16 << 20
"""Characters that the internal entities of an RDF/XML file may expand to, at most (or ten
times the file's size, if more): a few hundred bytes of nested entities can otherwise expand
to gigabytes ("billion laughs")."""

LONG_STRING = 1 << 20
"""A string literal longer than this (bytes) is set aside when pyoxigraph's buffer overflows."""


class ReadAgain(Exception):
    """pyoxigraph's buffer overflowed part way through a streamed file (a token over 16 MB):
    the caller drops what it got and reads ``path`` again with ``careful=True``.

    >>> ReadAgain(Path("big.ttl")).path
    PosixPath('big.ttl')
    """

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def read_bytes(path: Path) -> bytes:
    """The bytes of an existing, valid UTF-8 file, or a one-line :class:`InputError`.

    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "latin1.ttl").write_bytes(b'<s:a> <p:b> "caf\\xe9" .')
    >>> read_bytes(folder / "latin1.ttl")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: .../latin1.ttl:1:17: invalid UTF-8 (invalid continuation byte)
    >>> read_bytes(folder / "none.ttl")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: .../none.ttl: no such file
    >>> shutil.rmtree(folder)
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an RDF file")
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise InputError(f"{path}:{line}:{column}: invalid UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return data


def default_base(path: Path) -> str:
    """The base IRI of a file when none is given: its ``file:`` URL.

    >>> default_base(Path("/data/my industry.ttl"))
    'file:///data/my%20industry.ttl'
    """
    return Path(path).resolve().as_uri()


def quads(
    path: Path,
    fmt: str | None = None,
    *,
    base: str | None = None,
    careful: bool = False,
    on_read: Callable[[int], None] | None = None,
    prefixes: dict[str, str] | None = None,
    rename_blank_nodes: bool = True,
    data: bytes | None = None,
) -> Iterator[ox.Quad]:
    """The quads of one RDF file, streamed as they are parsed (checks run at the call).

    ``fmt`` names the format (default: by extension); ``base`` the base IRI (default: the
    file's URL). With ``rename_blank_nodes`` the file's blank nodes are new ones (two files'
    ``_:b`` are two nodes). ``on_read(n)`` is told of bytes read; ``prefixes`` gets the
    prefixes the file declares, once it is read. A streamed parse that overflows pyoxigraph's
    buffer raises :class:`ReadAgain`; with ``careful`` long strings are set aside first.

    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> data = folder / "a.ttl"
    >>> _ = data.write_text(
    ...     "@prefix ex: <http://example.org/> .\\n"
    ...     "ex:a ex:p '01'^^<http://www.w3.org/2001/XMLSchema#integer> ; ex:q <b>, _:x .\\n"
    ... )
    >>> declared = {}
    >>> stream = quads(data, prefixes=declared)
    >>> declared  # filled once the file is read
    {}
    >>> len(list(stream)), declared
    (3, {'ex': 'http://example.org/'})
    >>> shutil.rmtree(folder)
    """
    path = Path(path)
    form = for_path(path, fmt)
    if data is None:
        data = read_bytes(path)
    base = base or default_base(path)
    _check(path, data, form)
    data = _exact_resolution(path, data, form, base)
    if form.name == "json-ld" and _needs_rdflib_context(path, data):
        return _via_rdflib(path, data, form, base, on_read)
    if careful:
        return _careful(path, data, form, base, on_read, prefixes, rename_blank_nodes)
    return _stream(path, data, form, base, on_read, prefixes, rename_blank_nodes)


def read(
    path: Path,
    fmt: str | None = None,
    *,
    base: str | None = None,
    prefixes: dict[str, str] | None = None,
    rename_blank_nodes: bool = True,
) -> list[ox.Quad]:
    """Every quad of one RDF file (all or nothing), as :func:`quads` reads them.

    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> data = folder / "a.ttl"
    >>> _ = data.write_text(
    ...     "@prefix ex: <http://example.org/> .\\n"
    ...     "ex:a ex:p '01'^^<http://www.w3.org/2001/XMLSchema#integer> ; ex:q <b>, _:x .\\n"
    ... )
    >>> for quad in read(data, base="http://example.org/base/", rename_blank_nodes=False):
    ...     print(quad)
    <http://example.org/a> <http://example.org/p> "01"^^<http://www.w3.org/2001/XMLSchema#integer>
    <http://example.org/a> <http://example.org/q> <http://example.org/base/b>
    <http://example.org/a> <http://example.org/q> _:x
    >>> read(data)[1].object.value.startswith("file:///")  # default base: the file's URL
    True
    >>> shutil.rmtree(folder)
    """
    data = read_bytes(path)
    try:
        return list(
            quads(
                path,
                fmt,
                base=base,
                prefixes=prefixes,
                rename_blank_nodes=rename_blank_nodes,
                data=data,
            )
        )
    except ReadAgain:
        return list(
            quads(
                path,
                fmt,
                base=base,
                careful=True,
                prefixes=prefixes,
                rename_blank_nodes=rename_blank_nodes,
                data=data,
            )
        )


def parse_bytes(data: bytes, form: Format, *, base: str | None = None) -> list[ox.Quad]:
    """The quads of ``data`` in ``form`` (no file: for output read back, or a server's answer);
    blank-node labels kept; errors name ``<data>``.

    >>> from ecoonto.rdf.formats import by_name
    >>> [str(q) for q in parse_bytes(b"<s:a> <p:b> _:n1 .", by_name("nt"))]
    ['<s:a> <p:b> _:n1']
    >>> parse_bytes(b"<s:a> <p:b> .", by_name("nt"))
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: <data>:1:13: N-Triples syntax error: The object of a triple ...
    """
    name = Path("<data>")
    _check(name, data, form)
    if base:
        data = _exact_resolution(name, data, form, base)
    try:
        return list(_stream(name, data, form, base, None, None, False))
    except ReadAgain:
        return list(_careful(name, data, form, base, None, None, False))


# --------------------------------------------------------------------------------------------
# Parsing


class _Counted:
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


def _parser(
    data: bytes,
    form: Format,
    base: str | None,
    on_read: Callable[[int], None] | None,
    rename_blank_nodes: bool,
) -> ox.QuadParser:
    import pyoxigraph as ox

    source = data if on_read is None else cast("IO[bytes]", _Counted(data, on_read))
    return ox.parse(
        source,
        format=form.rdf_format(),
        base_iri=base or None,
        rename_blank_nodes=rename_blank_nodes,
    )


def _stream(
    path: Path,
    data: bytes,
    form: Format,
    base: str | None,
    on_read: Callable[[int], None] | None,
    prefixes: dict[str, str] | None,
    rename_blank_nodes: bool,
) -> Iterator[ox.Quad]:
    parser = _parser(data, form, base, on_read, rename_blank_nodes)
    try:
        if form.name == "json-ld":
            yield from _without_direction(parser)
        elif form.name == "xml":
            yield from _canonical_xml_literals(path, parser)
        else:
            yield from parser
    except SyntaxError as exc:
        raise syntax_error(path, data, form, exc) from None
    except MemoryError:
        if form.name == "json-ld":
            yield from _via_rdflib(path, data, form, base, None)
            return
        raise ReadAgain(path) from None
    except (ValueError, OSError) as exc:
        raise InputError(f"{path}: {one_line(exc)}{_format_hint(data, form)}") from None
    _declared(parser, data, form, prefixes)


def _without_direction(parsed: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
    """JSON-LD quads as JSON-LD 1.1 makes them with ``rdfDirection`` unset: a value's
    ``@direction`` is dropped, its language kept (pyoxigraph gives an RDF 1.2 directional
    language tag instead)."""
    import pyoxigraph as ox

    for quad in parsed:
        o = quad.object
        if isinstance(o, ox.Literal) and o.direction is not None:
            o = ox.Literal(o.value, language=o.language) if o.language else ox.Literal(o.value)
            quad = ox.Quad(quad.subject, quad.predicate, o, quad.graph_name)
        yield quad


XML_LITERAL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral"
_WRAPPER = "ecoonto-xml-literal"


def _canonical_xml_literals(path: Path, parsed: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
    """RDF/XML quads with every ``rdf:parseType="Literal"`` value in exclusive canonical
    form with comments, as RDF/XML requires (only the namespaces an element visibly uses are
    declared; pyoxigraph repeats every namespace in scope). Python's C14N 2.0 gives that
    form for the content RDF/XML literals hold; a value it cannot read is refused."""
    import xml.etree.ElementTree as ET

    import pyoxigraph as ox

    for quad in parsed:
        o = quad.object
        if isinstance(o, ox.Literal) and o.datatype.value == XML_LITERAL:
            try:
                wrapped = ET.canonicalize(f"<{_WRAPPER}>{o.value}</{_WRAPPER}>", with_comments=True)
            except ET.ParseError as exc:
                raise InputError(
                    f'{path}: an rdf:parseType="Literal" value cannot be put in canonical'
                    f" XML form ({exc}): {o.value[:60]!r}"
                ) from None
            value = wrapped[len(_WRAPPER) + 2 : -(len(_WRAPPER) + 3)]
            o = ox.Literal(value, datatype=o.datatype)
            quad = ox.Quad(quad.subject, quad.predicate, o, quad.graph_name)
        yield quad


def _careful(
    path: Path,
    data: bytes,
    form: Format,
    base: str | None,
    on_read: Callable[[int], None] | None,
    prefixes: dict[str, str] | None,
    rename_blank_nodes: bool,
) -> Iterator[ox.Quad]:
    import pyoxigraph as ox

    if not form.turtle_strings:
        yield from _stream(path, data, form, base, on_read, prefixes, rename_blank_nodes)
        return
    short, put_back = _set_aside_long_strings(data)
    for quad in _stream(path, short, form, base, None, prefixes, rename_blank_nodes):
        o = quad.object
        if isinstance(o, ox.Literal) and o.value in put_back:
            value = put_back[o.value]
            if o.language:
                o = ox.Literal(value, language=o.language)
            else:
                o = ox.Literal(value, datatype=o.datatype)
            quad = ox.Quad(quad.subject, quad.predicate, o, quad.graph_name)
        yield quad
    if on_read is not None:
        on_read(len(data))


def _declared(
    parser: ox.QuadParser, data: bytes, form: Format, prefixes: dict[str, str] | None
) -> None:
    """Add the prefixes the file declared to ``prefixes`` (RDF/XML: its XML namespaces)."""
    if prefixes is None:
        return
    if form.name == "xml":
        prefixes.update(_xml_namespaces(data))
        return
    try:
        declared = parser.prefixes
    except (AttributeError, ValueError):
        return
    for prefix, iri in declared.items():
        prefixes.setdefault(prefix, iri)


def _xml_namespaces(data: bytes) -> dict[str, str]:
    import xml.parsers.expat

    declared: dict[str, str] = {}
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def start(prefix: str | None, uri: str | None) -> None:
        if prefix and uri:
            declared.setdefault(prefix, uri)

    parser.StartNamespaceDeclHandler = start
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError:
        pass  # pyoxigraph read the file; what expat read so far is kept
    return declared


# --------------------------------------------------------------------------------------------
# Strings longer than pyoxigraph's buffer (Turtle-family syntaxes)

_SPECIAL = re.compile(rb"[#<\"']")
_IRIREF = re.compile(rb'<[^<>"{}|^`\\\x00-\x20]*>')
_ECHAR = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _string_end(data: bytes, start: int, quote: bytes) -> int:
    """The offset just past the closing ``quote`` of a string opened before ``start``."""
    pos = start
    while True:
        end = data.find(quote, pos)
        if end < 0:
            return len(data)
        slashes = 0
        while end - slashes - 1 >= start and data[end - slashes - 1] == 0x5C:
            slashes += 1
        if slashes % 2 == 0:
            return end + len(quote)
        pos = end + 1


def _set_aside_long_strings(data: bytes) -> tuple[bytes, dict[str, str]]:
    """``data`` with the content of every string literal over :data:`LONG_STRING` bytes
    replaced by a unique placeholder (the line breaks kept, so positions stay right), and the
    map from placeholder value to the string's value. One pass, linear in ``data``."""
    nonce = secrets.token_hex(8)
    out: list[bytes] = []
    put_back: dict[str, str] = {}
    pos = last = 0
    n = len(data)
    while True:
        m = _SPECIAL.search(data, pos)
        if m is None:
            break
        i = m.start()
        c = data[i : i + 1]
        if c == b"#":
            ends = [e for e in (data.find(b"\n", i), data.find(b"\r", i)) if e >= 0]
            pos = min(ends) if ends else n
            continue
        if c == b"<":
            iri = _IRIREF.match(data, i)
            pos = iri.end() if iri else i + 1
            continue
        quote = c * 3 if data.startswith(c * 3, i) else c
        body = i + len(quote)
        end = _string_end(data, body, quote)
        pos = end
        content_end = end - len(quote)
        if content_end - body <= LONG_STRING:
            continue
        raw = data[body:content_end].decode("utf-8")
        placeholder = f"ecoonto-long-string-{nonce}-{len(put_back)}"
        breaks = "\n" * raw.count("\n") if len(quote) == 3 else ""
        put_back[placeholder + breaks] = _unescape(raw)
        out += [data[last:body], (placeholder + breaks).encode("ascii")]
        last = content_end
    out.append(data[last:])
    return b"".join(out), put_back


def _unescape(text: str) -> str:
    """The value of a Turtle string's content (ECHAR and UCHAR escapes)."""

    def one(m: re.Match[str]) -> str:
        if m.group(1) or m.group(2):
            return chr(int(m.group(1) or m.group(2), 16))
        return _ECHARS.get(m.group(3), m.group(0))

    return _ECHAR.sub(one, text) if "\\" in text else text


# --------------------------------------------------------------------------------------------
# Relative IRIs against a base with dot segments (RFC 3986 5.2; see ecoonto.rdf.iri)

_TURTLE_IRIREF = re.compile(rb'<((?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*)>')
_BASE_DIRECTIVE = re.compile(rb"(?:@base|(?<![\w:-])BASE)\s*\Z", re.I)
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def _exact_resolution(path: Path, data: bytes, form: Format, base: str) -> bytes:
    """``data`` whose relative IRIs pyoxigraph resolves exactly.

    pyoxigraph keeps the dot segments of a base that has them (:mod:`ecoonto.rdf.iri`). In
    Turtle, TriG and N3 every relative IRI is then resolved here (RFC 3986 5.2) and written
    absolute, in place; RDF/XML and JSON-LD with such a base (``--base``, ``xml:base``,
    ``@base``) are refused. Any other input is returned as it is.
    """
    from ecoonto.rdf import iri

    if form.name in ("turtle", "trig", "n3"):
        return _resolve_turtle(data, base)
    if form.name not in ("xml", "json-ld"):
        return data
    bases = [base]
    if form.name == "xml" and b"xml:base" in data:
        bases += _xml_bases(data)
    elif form.name == "json-ld" and b"@base" in data:
        import json

        bases += _json_bases(json.loads(data))
    for declared in bases:
        absolute = declared if iri.is_absolute(declared) else iri.resolve(declared, base)
        if iri.has_dot_segments(absolute):
            raise InputError(
                f"{path}: the base IRI <{absolute}> has '.' or '..' segments, which"
                f" pyoxigraph's {form.label} reader keeps in the IRIs it resolves against it"
                " (RFC 3986 5.2 removes them): give the base without them"
            )
    return data


def _xml_bases(data: bytes) -> list[str]:
    import xml.parsers.expat

    found: list[str] = []
    parser = xml.parsers.expat.ParserCreate()

    def start(name: str, attributes: dict[str, str]) -> None:
        if "xml:base" in attributes:
            found.append(attributes["xml:base"])

    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError:
        pass  # the RDF/XML parser reports it with its position
    return found


def _json_bases(node: object) -> list[str]:
    found: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            value = item.get("@base")
            if isinstance(value, str):
                found.append(value)
            stack.extend(item.values())
    return found


def _resolve_turtle(data: bytes, base: str) -> bytes:
    """Turtle-family ``data`` with every relative IRI written absolute, resolved per RFC 3986
    against the base in effect where it stands, if any base in effect has dot segments (else
    ``data`` itself). One pass over the tokens; strings and comments are skipped, line
    breaks kept."""
    from ecoonto.rdf import iri

    edits: list[tuple[int, int, bytes]] = []
    current = base
    dotted = iri.has_dot_segments(base)
    pos, n = 0, len(data)
    while True:
        m = _SPECIAL.search(data, pos)
        if m is None:
            break
        i = m.start()
        c = data[i : i + 1]
        if c == b"#":
            if i > 0 and data[i - 1 : i] == b"\\":  # an escaped '#' in a local name
                pos = i + 1
                continue
            ends = [e for e in (data.find(b"\n", i), data.find(b"\r", i)) if e >= 0]
            pos = min(ends) if ends else n
            continue
        if c == b"<":
            ref = _TURTLE_IRIREF.match(data, i)
            if ref is None:
                pos = i + 1
                continue
            pos = ref.end()
            text = _decode_uchars(ref.group(1).decode("utf-8"))
            if iri.is_absolute(text):
                resolved = text
            else:
                resolved = iri.resolve(text, current)
                edits.append((i, ref.end(), _iriref(resolved)))
            if _BASE_DIRECTIVE.search(data, max(0, i - 16), i):
                current = resolved
                dotted = dotted or iri.has_dot_segments(current)
            continue
        quote = c * 3 if data.startswith(c * 3, i) else c
        pos = _string_end(data, i + len(quote), quote)
    if not dotted or not edits:
        return data
    out: list[bytes] = []
    last = 0
    for start, end, replacement in edits:
        out += [data[last:start], replacement]
        last = end
    out.append(data[last:])
    return b"".join(out)


def _decode_uchars(text: str) -> str:
    return _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _iriref(value: str) -> bytes:
    """``value`` as a Turtle IRIREF (characters an IRIREF may not hold as UCHAR escapes, so
    that pyoxigraph refuses them as it would have)."""
    escaped = _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group(0)):04X}", value)
    return b"<" + escaped.encode("utf-8") + b">"


# --------------------------------------------------------------------------------------------
# Checks before parsing


def _check(path: Path, data: bytes, form: Format) -> None:
    if form.name == "xml":
        _check_xml_entities(path, data)
    elif form.name == "json-ld":
        _check_json(path, data)


class _StopScan(Exception):
    pass


def _check_xml_entities(path: Path, data: bytes) -> None:
    """Refuse an external entity, and internal entities that expand past the limit; scan only
    the DOCTYPE (up to the first element)."""
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate()
    values: dict[str, str] = {}
    lines: dict[str, tuple[int, int]] = {}

    def entity_decl(
        name: str,
        is_parameter: int,
        value: str | None,
        base: str | None,
        system_id: str | None,
        public_id: str | None,
        notation: str | None,
    ) -> None:
        where = (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        if system_id is not None or public_id is not None:
            kind = "parameter entity %" if is_parameter else "entity "
            raise InputError(
                f"{path}:{where[0]}:{where[1]}: the DOCTYPE declares the external"
                f" {kind}{name} ({system_id or public_id!r}): external entities are never"
                " read (they would pull a local file or a URL into the data); remove the"
                " declaration"
            )
        if not is_parameter and value is not None:
            values[name] = value
            lines[name] = where

    def start_element(name: str, attributes: object) -> None:
        raise _StopScan

    parser.EntityDeclHandler = entity_decl
    parser.StartElementHandler = start_element
    parser.UseForeignDTD(False)
    try:
        parser.Parse(data, True)
    except _StopScan:
        pass
    except xml.parsers.expat.ExpatError:
        pass  # a syntax error: the RDF/XML parser reports it with its position
    if values:
        _check_expansion(path, data, values, lines)


def _check_expansion(
    path: Path, data: bytes, values: dict[str, str], lines: dict[str, tuple[int, int]]
) -> None:
    reference = re.compile(r"&([A-Za-z_][\w.\-]*);")
    sizes: dict[str, int] = {}
    limit = max(MAX_ENTITY_EXPANSION, 10 * len(data))

    def size(name: str, seen: frozenset[str]) -> int:
        if name in sizes:
            return sizes[name]
        if name in seen:
            return limit + 1  # recursive: expat refuses it too
        total = len(values[name])
        for ref in reference.findall(values[name]):
            if ref in values:
                total += size(ref, seen | {name})
                if total > limit:
                    break
        sizes[name] = min(total, limit + 1)
        return sizes[name]

    expanded = 0
    for name in values:
        uses = data.count(f"&{name};".encode())
        expanded += uses * size(name, frozenset())
        if expanded > limit:
            line, column = lines[name]
            raise InputError(
                f"{path}:{line}:{column}: the internal entity &{name}; would expand the"
                f" document past {limit} characters: refused (nested entities that expand"
                " without bound); write the text out"
            )


def _check_json(path: Path, data: bytes) -> None:
    import json

    if not data.strip():
        raise InputError(f"{path}:1:1: JSON-LD syntax error: the file is empty (not JSON)")
    try:
        json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}:{exc.lineno}:{exc.colno}: JSON-LD syntax error: invalid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise InputError(f"{path}: JSON-LD syntax error: nested too deeply") from None


def _needs_rdflib_context(path: Path, data: bytes) -> bool:
    """Whether a JSON-LD file names a ``@context`` by reference: refused, unless fetching is
    allowed (then rdflib reads the file: pyoxigraph does not fetch)."""
    import json

    references = list(_context_references(json.loads(data)))
    if not references:
        return False
    if os.environ.get(REMOTE_CONTEXT_ENV) == "1":
        return True
    raise InputError(
        f"{path}: the JSON-LD @context {references[0]!r} is given by reference: ecoonto does"
        " not fetch contexts (inline the context in the file, or set"
        f" {REMOTE_CONTEXT_ENV}=1 to allow fetching it)"
    )


def _context_references(node: object) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import"):
                    for v in value if isinstance(value, list) else [value]:
                        if isinstance(v, str):
                            yield v
                stack.append(value)


def _via_rdflib(
    path: Path, data: bytes, form: Format, base: str | None, on_read: Callable[[int], None] | None
) -> Iterator[ox.Quad]:
    """JSON-LD read by rdflib (remote contexts, strings over 16 MB), literals as written."""
    import warnings

    import pyoxigraph as ox
    import rdflib
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from ecoonto.rdf.terms import ToOxigraph

    dataset = rdflib.Dataset()
    normalise = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dataset.parse(data=data, format="json-ld", publicID=base)
    except Exception as exc:  # rdflib raises many types; all are bad input here
        raise InputError(f"{path}: JSON-LD error: {one_line(exc)}") from None
    finally:
        rdflib.NORMALIZE_LITERALS = normalise
    if on_read is not None:
        on_read(len(data))
    convert = ToOxigraph()
    for graph in dataset.graphs():
        name: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph()
        if graph.identifier != DATASET_DEFAULT_GRAPH_ID:
            name = ox.NamedNode(str(graph.identifier))
        yield from convert.quads(graph, name)


# --------------------------------------------------------------------------------------------
# Errors


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """(line, column) of a byte offset, both from 1; a line ends at LF, CR or CRLF."""
    head = data[:offset]
    line_start = max(head.rfind(b"\n"), head.rfind(b"\r")) + 1
    line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
    return line, len(head[line_start:].decode("utf-8", "replace")) + 1


_OXIGRAPH_POSITION = re.compile(
    r"^Parser error (?:at line \d+ between columns \d+ and (?:column )?\d+|between line \d+"
    r" column \d+ and line \d+ column \d+|at line \d+ column \d+|at line \d+): "
)


def syntax_error(path: Path, data: bytes, form: Format, exc: SyntaxError) -> InputError:
    """pyoxigraph's SyntaxError as one line ``FILE:LINE:COLUMN: <format> syntax error: ...``.

    >>> import pyoxigraph as ox
    >>> from ecoonto.rdf.formats import by_name
    >>> try:
    ...     list(ox.parse(b"<a> <b> <c> .", format=ox.RdfFormat.N_TRIPLES))
    ... except SyntaxError as exc:
    ...     print(syntax_error(Path("x.nt"), b"<a> <b> <c> .", by_name("nt"), exc))
    x.nt:1:1: N-Triples syntax error: No scheme found in an absolute IRI
    """
    text = one_line(exc.msg if exc.msg else str(exc))
    detail = _OXIGRAPH_POSITION.sub("", text, count=1) or text
    line, column = exc.lineno, exc.offset
    if line is None and form.name == "xml":
        line, column = _locate_xml_error(data)
    where = f"{path}:{line}:{column or 1}" if line is not None else str(path)
    return InputError(f"{where}: {form.label} syntax error: {detail}{_format_hint(data, form)}")


def _locate_xml_error(data: bytes) -> tuple[int | None, int | None]:
    """Where an RDF/XML file goes wrong, for an error pyoxigraph gives without a position:
    expat's position for an XML error, else rdflib's RDF/XML parser's (None if both accept)."""
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        return exc.lineno, exc.offset + 1
    import logging
    from xml.sax import SAXParseException
    from xml.sax.handler import feature_external_ges, feature_external_pes

    from rdflib import Graph
    from rdflib.parser import create_input_source
    from rdflib.plugins.parsers.rdfxml import create_parser

    source = create_input_source(data=data, publicID="urn:ecoonto:locate", format="xml")
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    try:
        rdfxml = create_parser(source, Graph())
        rdfxml.setFeature(feature_external_ges, False)
        rdfxml.setFeature(feature_external_pes, False)
        rdfxml.parse(source)
    except SAXParseException as exc:
        return exc.getLineNumber(), (exc.getColumnNumber() or 0) + 1
    except Exception:  # a position is a nicety: rdflib's other errors carry none
        return None, None
    finally:
        source.close()
    return None, None


def _format_hint(data: bytes, form: Format) -> str:
    """A hint when the content is plainly in another format than the one it was read as."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    looks = None
    if head.startswith((b"{", b"[")) and form.name != "json-ld":
        looks = ("JSON-LD", ".jsonld")
    elif head.startswith((b"<?xml", b"<rdf:RDF", b"<!DOCTYPE")) and form.name != "xml":
        looks = ("RDF/XML", ".rdf")
    if looks is None:
        return ""
    return (
        f" (the file looks like {looks[0]}, not {form.label}: name it *{looks[1]} or give"
        " the format)"
    )
