"""Convert RDF between Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML and N3, losing nothing.

The formats are named by file extension or explicitly (:mod:`ecoonto.rdf.formats`). The input
is read by :mod:`ecoonto.rdf.parse` and written by :mod:`ecoonto.rdf.write`, both pyoxigraph:
every literal keeps its lexical form and datatype, every named graph its name, and relative
IRIs are resolved against ``base`` (default: the input's ``file:`` URL). The output is
canonical (RDFC-1.0 blank-node labels, a fixed order, declared prefixes only): converting the
same input twice gives the same bytes. The whole input is parsed and the whole output
serialised before anything is written; the output file is then replaced in one rename
(:func:`ecoonto.rdf.graphs.write_atomic`), so a failed conversion leaves an existing output as it
was.

Named graphs (TriG, N-Quads, JSON-LD) convert to a dataset format only: a triple format would
lose them, and is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecoonto.errors import InputError


@dataclass(frozen=True)
class Conversion:
    """What :func:`convert` did: formats (names), triples written, named graphs kept.

    >>> Conversion(Path("a.trig"), Path("a.nq"), "trig", "nquads", 12, 2).named_graphs
    2
    """

    source: Path
    target: Path
    from_format: str
    to_format: str
    triples: int
    named_graphs: int


def format_name(path: Path, explicit: str | None = None) -> str:
    """The format for ``path``: ``explicit`` (a name or an alias) or by extension.

    >>> format_name(Path("core.ttl")), format_name(Path("core.ttl"), "ntriples")
    ('turtle', 'nt')
    """
    from ecoonto.rdf.formats import for_path

    return for_path(path, explicit).name


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def convert(
    source: Path,
    target: Path,
    from_format: str | None = None,
    to_format: str | None = None,
    *,
    base: str | None = None,
    compact: bool = False,
) -> Conversion:
    """Convert ``source`` to ``target``; formats by extension unless given.

    ``base`` is the base IRI relative IRIs in ``source`` resolve against; ``compact`` writes
    JSON-LD with a ``@context`` of the prefixes. Raises :class:`InputError` for an unknown
    format, a missing or malformed input, named graphs a triple format cannot keep, an output
    that is the input or cannot be written there; ``target`` is then left as it was.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.ttl").write_text(
    ...     '@prefix ex: <http://example.org/> .\\n'
    ...     'ex:a ex:name "A"@en ; ex:size "3"^^ex:int .\\n'
    ... )
    >>> done = convert(folder / "in.ttl", folder / "out.nt")
    >>> done.from_format, done.to_format, done.triples, done.named_graphs
    ('turtle', 'nt', 2, 0)
    >>> print((folder / "out.nt").read_text(), end="")
    <http://example.org/a> <http://example.org/name> "A"@en .
    <http://example.org/a> <http://example.org/size> "3"^^<http://example.org/int> .

    A dataset keeps its named graphs in a dataset format and is refused by a triple format:

    >>> _ = (folder / "in.trig").write_text("<http://example.org/g> { <s:x> <p:y> <o:z> }")
    >>> convert(folder / "in.trig", folder / "out.nq").named_graphs
    1
    >>> convert(folder / "in.trig", folder / "out.ttl")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: ...named graph...
    >>> (folder / "out.ttl").exists()
    False
    >>> import shutil; shutil.rmtree(folder)
    """
    import pyoxigraph as ox

    from ecoonto import rdf
    from ecoonto.rdf.graphs import PREFIXES, write_atomic

    source, target = Path(source), Path(target)
    fmt_in = rdf.for_path(source, from_format)
    fmt_out = rdf.for_path(target, to_format)
    if _same_file(source, target):
        raise InputError(f"{target}: is the input file: write the conversion to another file")
    if target.is_dir():
        raise InputError(f"{target}: is a directory: give an output file name")
    if not target.parent.is_dir():
        raise InputError(f"{target}: the folder {target.parent} does not exist")
    if base is not None:
        _check_base(base)
    declared: dict[str, str] = {}
    quads = rdf.read(source, fmt_in.name, base=base, prefixes=declared, rename_blank_nodes=False)
    try:
        data = rdf.serialize(quads, fmt_out, prefixes={**declared, **PREFIXES}, compact=compact)
    except InputError as exc:
        raise InputError(f"{source}: {exc.message}") from None
    except (ValueError, SyntaxError) as exc:  # e.g. an IRI RDF/XML cannot write
        message = " ".join(str(exc).split())
        raise InputError(f"{source}: cannot write as {fmt_out.label}: {message}") from None
    _check_reads_back(source, data, fmt_out, quads)
    write_atomic(target, data)
    unique = set(quads)
    named = {q.graph_name for q in unique if q.graph_name != ox.DefaultGraph()}
    return Conversion(source, target, fmt_in.name, fmt_out.name, len(unique), len(named))


_XML_LOCAL = re.compile(r"[^\W\d][\w.\-]*\Z")
"""The end of an IRI that RDF/XML can write as an element's local name (an XML NCName)."""


def _check_reads_back(source: Path, data: bytes, form: Any, quads: list[Any]) -> None:
    """Exact or refuse: the output, read again, must give the same quads (canonically), or
    nothing is written; the refusal says why (the output's own syntax error, XML that is not
    namespace-well-formed, or the first quad that would be lost or gained)."""
    from ecoonto.rdf import canonical_quads
    from ecoonto.rdf.parse import parse_bytes

    refuse = f"{source}: cannot write as {form.label}:"
    if form.name == "xml":
        unnamed = sorted(
            {q.predicate.value for q in quads if not _XML_LOCAL.search(q.predicate.value)}
        )
        if unnamed:
            raise InputError(
                f"{refuse} the predicate <{unnamed[0]}> ends in no XML name (RDF/XML writes"
                " a predicate as an element, a namespace and a local name that starts with a"
                " letter or '_'): choose another format"
            )
    try:
        again = parse_bytes(data, form, base=None)
        if form.name == "xml":
            _check_xml_names(data)
    except InputError as exc:
        reason = exc.message.removeprefix("<data>:")
        raise InputError(
            f"{refuse} the output would not read back ({reason.strip()}): choose another format"
        ) from None
    written = {str(q) for q in canonical_quads(again)}
    wanted = {str(q) for q in canonical_quads(quads)}
    if written != wanted:
        lost, gained = sorted(wanted - written), sorted(written - wanted)
        what = f"{lost[0]} would be lost" if lost else f"{gained[0]} would be added"
        raise InputError(
            f"{refuse} the output would read back as other data ({what}): choose another format"
        )


def _check_xml_names(data: bytes) -> None:
    """RDF/XML must be namespace-well-formed XML (pyoxigraph writes ``<oxprefix:>`` for a
    predicate that ends in ``/``, which it reads back but other parsers refuse)."""
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(f"not well-formed XML ({exc})") from None


def _check_base(base: str) -> None:
    import pyoxigraph as ox

    try:
        ox.NamedNode(base)
    except ValueError as exc:
        raise InputError(f"--base '{base}' is not an absolute IRI ({exc})") from None
