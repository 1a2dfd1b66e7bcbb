"""Load and merge RDF files with clear errors; serialise Turtle canonically.

Every loader reads into a fresh graph and hands it back only when the whole input parsed: a
failure never leaves a half-loaded graph behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ecoonto.errors import InputError

if TYPE_CHECKING:
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


def parse_into(graph: Graph, path: Path, fmt: str | None = None) -> None:
    """Parse ``path`` into ``graph``; raise :class:`InputError` naming file and line on failure.

    The file is parsed into a scratch graph first and added to ``graph`` only on success.
    """
    _check_readable(path)
    rdf_format = format_for(path, fmt)
    scratch = new_graph()
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: invalid UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        scratch.parse(data=data, format=rdf_format, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types; all are bad input here
        raise InputError(f"{path}: {_describe_parse_error(exc)}") from None
    for triple in scratch:
        graph.add(triple)
    for prefix, ns in scratch.namespaces():
        if prefix not in PREFIXES and prefix:
            graph.bind(prefix, ns, override=False)


def _describe_parse_error(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    # rdflib's Turtle errors read "at line N of <>: Bad syntax ..."
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
    trailing spaces, so that the same graph always gives the same text."""
    lines = [line.rstrip() for line in text.splitlines()]
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


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: all or nothing."""
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
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
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
