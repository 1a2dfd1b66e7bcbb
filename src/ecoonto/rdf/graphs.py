"""rdflib graphs for the modules that work on them: load and merge files, write canonical
Turtle, write files atomically.

Files are read by :mod:`ecoonto.rdf` (pyoxigraph, lexical forms kept) and handed back only when
the whole input parsed: a failure never leaves a half-loaded graph behind. Term conversion,
formats, parsing and writing live in :mod:`ecoonto.rdf`; this module adapts them to rdflib.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecoonto.errors import InputError
from ecoonto.rdf import parse as rdf_parse
from ecoonto.rdf.formats import extensions, for_path
from ecoonto.rdf.parse import ReadAgain
from ecoonto.rdf.prefixes import PREFIXES, new_graph
from ecoonto.rdf.terms import ToOxigraph, graph_of, rdflib_literal, to_rdflib

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

__all__ = [
    "PREFIXES",
    "ReadAgain",
    "ToOxigraph",
    "canonical_turtle",
    "canonicalise_files",
    "file_quads",
    "files_quads",
    "format_for",
    "load",
    "load_bundled",
    "load_store",
    "new_graph",
    "parse_into",
    "rdflib_literal",
    "to_rdflib",
    "write_atomic",
]


FORMATS: dict[str, str] = extensions()
"""File extension -> format name (from :data:`ecoonto.rdf.formats.FORMATS`)."""


def format_for(path: Path, explicit: str | None = None) -> str:
    """The format name for ``path``: ``explicit`` if given, else by extension.

    >>> format_for(Path("data.trig")), format_for(Path("data.txt"), "ttl")
    ('trig', 'turtle')
    """
    return for_path(path, explicit).name


def bind_prefixes(graph: Graph, prefixes: dict[str, str]) -> None:
    """Bind in ``graph`` the ``prefixes`` that are not ecoonto's (nor empty).

    >>> graph = new_graph()
    >>> bind_prefixes(graph, {"ex": "http://example.org/", "eco": "http://elsewhere/", "": "x:"})
    >>> dict(graph.namespaces())["ex"], str(dict(graph.namespaces())["eco"])  # eco: stays ecoonto's
    (rdflib.term.URIRef('http://example.org/'), 'https://w3id.org/ecoonto/')
    """
    for prefix, ns in sorted(prefixes.items()):
        if prefix and prefix not in PREFIXES:
            graph.bind(prefix, ns, override=False)


def parse_into(graph: Graph, path: Path, fmt: str | None = None, base: str | None = None) -> None:
    """Add the triples of ``path`` (a dataset file: its default graph) to ``graph``, and bind
    the prefixes the file declares; all or nothing, :class:`InputError` naming file, line and
    column on failure. ``base``: the base IRI (default: the file's URL).

    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.ttl").write_text(
    ...     "@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."
    ...     " ex:a ex:size '01'^^xsd:integer ."
    ... )
    >>> _ = (folder / "b.trig").write_text(
    ...     "<http://example.org/b> <http://example.org/p> 2 ."
    ...     " <http://example.org/g> { <s:x> <p:y> 3 }"
    ... )
    >>> graph = new_graph()
    >>> parse_into(graph, folder / "b.trig")  # the default graph only
    >>> len(graph)
    1
    >>> parse_into(graph, folder / "a.ttl")
    >>> sorted(str(o) for o in graph.objects())  # lexical forms as written
    ['01', '2']
    >>> _ = (folder / "bad.ttl").write_text("<http://example.org/a> <http://example.org/p> .")
    >>> parse_into(graph, folder / "bad.ttl")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: .../bad.ttl:1:47: Turtle syntax error: . is not a valid RDF object
    >>> len(graph)  # left as it was
    2
    >>> shutil.rmtree(folder)
    """
    import pyoxigraph as ox

    prefixes: dict[str, str] = {}
    quads = rdf_parse.read(Path(path), fmt, base=base, prefixes=prefixes)
    graph_of((q for q in quads if q.graph_name == ox.DefaultGraph()), graph)
    bind_prefixes(graph, prefixes)


def load(paths: Iterable[Path], fmt: str | None = None, base: str | None = None) -> Graph:
    """Parse and merge ``paths`` into one new graph (all or nothing).

    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.ttl").write_text(
    ...     "@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."
    ...     " ex:a ex:size '01'^^xsd:integer ."
    ... )
    >>> _ = (folder / "b.trig").write_text(
    ...     "<http://example.org/b> <http://example.org/p> 2 ."
    ...     " <http://example.org/g> { <s:x> <p:y> 3 }"
    ... )
    >>> len(load([folder / "a.ttl", folder / "b.trig"]))
    2
    >>> shutil.rmtree(folder)
    """
    graph = new_graph()
    for path in paths:
        parse_into(graph, Path(path), fmt, base)
    return graph


def load_bundled() -> Graph:
    """The bundled knowledge graph: the core ontology and every industry module.

    >>> from rdflib import OWL, RDF, URIRef
    >>> graph = load_bundled()
    >>> (URIRef("https://w3id.org/ecoonto/Player"), RDF.type, OWL.Class) in graph
    True
    >>> industry = URIRef("https://w3id.org/ecoonto/data/ai-compute/industry")
    >>> (industry, RDF.type, URIRef("https://w3id.org/ecoonto/Industry")) in graph
    True
    """
    from ecoonto import resources

    return load(resources.bundled_graph_files())


def canonical_turtle(graph: Graph) -> str:
    """Canonical Turtle of ``graph`` (:mod:`ecoonto.rdf.write`): RDFC-1.0 blank-node labels,
    lexical forms as they are, the graph's bound prefixes and ecoonto's.

    >>> from rdflib import Graph
    >>> graph = Graph().parse(format="turtle", data='''
    ... @prefix ex: <http://example.org/> .
    ... ex:b ex:p 1.50 . ex:a ex:p [ ex:q "x" ] .
    ... ''')
    >>> print(canonical_turtle(graph), end="")
    PREFIX ex: <http://example.org/>
    PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    <BLANKLINE>
    ex:a
        ex:p
            [
                ex:q "x" ;
            ] ;
    .
    <BLANKLINE>
    ex:b
        ex:p 1.50 ;
    .
    """
    from ecoonto.rdf.write import canonical_quads, turtle, valid_prefixes

    prefixes = {p: str(ns) for p, ns in graph.namespaces() if p}
    prefixes.update(PREFIXES)
    return turtle(canonical_quads(ToOxigraph().triples(graph)), valid_prefixes(prefixes))


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: all or nothing.

    A failure (no such folder, no permission, disk full, file too large) leaves ``path`` as it
    was, removes the temporary file and raises :class:`InputError` naming ``path``.

    A symbolic link is followed: its target is replaced, the link stays. A path that is not a
    regular file (``/dev/stdout``, a pipe, a terminal) is written through, not replaced.

    >>> import shutil
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "out.ttl", "<s:a> <p:b> <o:c> .\\n")
    >>> (folder / "out.ttl").read_text()
    '<s:a> <p:b> <o:c> .\\n'
    >>> write_atomic(folder / "missing" / "out.ttl", "x")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: .../missing/out.ttl: cannot write (No such file ...); the file was...
    >>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
    ['out.ttl']
    >>> shutil.rmtree(folder)
    """
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    if path.exists() and not path.is_file():
        try:
            with path.open("wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise _write_error(path, exc) from None
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
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
    """Rewrite each Turtle file canonically; return the files whose text changed.

    >>> import shutil
    >>> folder = Path(tempfile.mkdtemp())
    >>> messy = folder / "messy.ttl"
    >>> _ = messy.write_text("<http://example.org/a> <http://example.org/p> 1 .")
    >>> [p.name for p in canonicalise_files([messy])], canonicalise_files([messy])  # then stable
    (['messy.ttl'], [])
    >>> print(messy.read_text(), end="")
    PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    <BLANKLINE>
    <http://example.org/a>
        <http://example.org/p> 1 ;
    .
    >>> shutil.rmtree(folder)
    """
    changed = []
    for path in paths:
        text = canonical_turtle(load([path]))
        if path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            changed.append(path)
    return changed


# --------------------------------------------------------------------------------------------
# Files parsed straight into pyoxigraph: one streaming reader for validation (load_store) and
# for loading into a store or an endpoint (ecoonto.targets)


def file_quads(
    path: Path,
    fmt: str | None = None,
    *,
    careful: bool = False,
    on_read: Callable[[int], None] | None = None,
    prefixes: Graph | None = None,
    into: ox.Store | None = None,
    base: str | None = None,
) -> Iterator[ox.Quad]:
    """The triples of one RDF file, as quads in the default graph (streamed as they are parsed;
    a dataset file gives its default graph). The file's blank nodes are new ones (two files'
    ``_:b`` are two nodes). Read by :func:`ecoonto.rdf.parse.quads`, which checks the file at
    the call and raises :class:`ReadAgain` when pyoxigraph's buffer overflows part way
    (``careful`` reads it again, long strings set aside).

    ``on_read(n)`` is told of the bytes read; ``prefixes`` (an rdflib graph) gets the prefixes
    the file declares once it is read; with ``into`` (a pyoxigraph store) a file of triples is
    loaded into it at the call (``Store.load``: less memory than a stream of quads) and nothing
    is given for it.

    >>> import shutil
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.ttl").write_text(
    ...     "@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."
    ...     " ex:a ex:size '01'^^xsd:integer ."
    ... )
    >>> _ = (folder / "b.trig").write_text(
    ...     "<http://example.org/b> <http://example.org/p> 2 ."
    ...     " <http://example.org/g> { <s:x> <p:y> 3 }"
    ... )
    >>> [str(q) for q in file_quads(folder / "b.trig")]  # the default graph, as quads
    ['<http://example.org/b> <http://example.org/p> "2"^^<http://www.w3.org/2001/XMLSchema#integer>']
    >>> shutil.rmtree(folder)
    """

    path = Path(path)
    form = for_path(path, fmt)
    declared: dict[str, str] = {}
    if into is not None and not form.datasets and not careful:
        data = rdf_parse.read_bytes(path)
        # Checked and parsed by the one reader, then bulk-loaded: the same errors as below.
        quads = rdf_parse.quads(path, fmt, base=base, prefixes=declared, data=data)
        into.bulk_extend(quads)
        if on_read is not None:
            on_read(len(data))
        if prefixes is not None:
            bind_prefixes(prefixes, declared)
        return iter(())
    stream = rdf_parse.quads(
        path, fmt, base=base, careful=careful, on_read=on_read, prefixes=declared
    )
    return _default_graph(stream, prefixes, declared)


def _default_graph(
    stream: Iterator[ox.Quad], prefixes: Graph | None, declared: dict[str, str]
) -> Iterator[ox.Quad]:
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    for quad in stream:
        if quad.graph_name == default:
            yield quad
    if prefixes is not None:
        bind_prefixes(prefixes, declared)


def files_quads(
    paths: Iterable[Path],
    fmt: str | None = None,
    *,
    careful: Container[Path] = (),
    on_read: Callable[[int], None] | None = None,
    prefixes: Graph | None = None,
    base: str | None = None,
) -> Iterator[ox.Quad]:
    """:func:`file_quads` of each file in turn (those in ``careful`` read carefully).

    >>> import shutil
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.ttl").write_text(
    ...     "@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."
    ...     " ex:a ex:size '01'^^xsd:integer ."
    ... )
    >>> _ = (folder / "b.trig").write_text(
    ...     "<http://example.org/b> <http://example.org/p> 2 ."
    ...     " <http://example.org/g> { <s:x> <p:y> 3 }"
    ... )
    >>> seen = []
    >>> quads = list(files_quads([folder / "a.ttl", folder / "b.trig"], on_read=seen.append))
    >>> len(quads), sum(seen) == sum(f.stat().st_size for f in folder.iterdir())
    (2, True)
    >>> shutil.rmtree(folder)
    """
    for path in paths:
        yield from file_quads(
            path, fmt, careful=path in careful, on_read=on_read, prefixes=prefixes, base=base
        )


def load_store(
    paths: Iterable[Path], fmt: str | None = None, base: str | None = None
) -> tuple[Any, Graph]:
    """Parse and merge ``paths`` into a new in-memory ``pyoxigraph.Store`` (all or nothing).

    The fast way to read large files for validation, with the checks and the one-line errors of
    :func:`load`. Returns the store and an empty rdflib graph that holds the prefixes
    :func:`load` would have bound (ecoonto's and those the files declare), for printing.

    The store keeps numbers, dates and booleans by value (``"100.0"^^xsd:decimal`` is read
    back as ``100``): what must give the data back as written reads the files instead.

    >>> import shutil
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.ttl").write_text(
    ...     "@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."
    ...     " ex:a ex:size '01'^^xsd:integer ."
    ... )
    >>> _ = (folder / "b.trig").write_text(
    ...     "<http://example.org/b> <http://example.org/p> 2 ."
    ...     " <http://example.org/g> { <s:x> <p:y> 3 }"
    ... )
    >>> store, prefixes = load_store([folder / "a.ttl", folder / "b.trig"])
    >>> len(store), dict(prefixes.namespaces())["ex"]
    (2, rdflib.term.URIRef('http://example.org/'))
    >>> sorted(q.object.value for q in store)  # "01"^^xsd:integer kept by value
    ['1', '2']
    >>> shutil.rmtree(folder)
    """
    import pyoxigraph as ox

    paths = [Path(p) for p in paths]
    careful: set[Path] = set()
    while True:  # once more, carefully, for a file that overflowed pyoxigraph's buffer
        store = ox.Store()
        prefixes = new_graph()
        try:
            for path in paths:
                quads = file_quads(
                    path, fmt, careful=path in careful, prefixes=prefixes, into=store, base=base
                )
                store.bulk_extend(quads)
        except ReadAgain as retry:
            careful.add(retry.path)
            continue
        return store, prefixes
