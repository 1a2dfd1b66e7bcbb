"""Where the knowledge graph is kept: an embedded Oxigraph store or a remote SPARQL endpoint.

Both targets answer SPARQL through :meth:`run` (a :class:`~ecoonto.results.QueryResult` whose
cells are rdflib terms, so rows compare equal across engines) and replace one graph at a time,
all or nothing:

* :class:`EmbeddedStore` (pyoxigraph on disk), :meth:`EmbeddedStore.load_files`: the files are
  parsed by pyoxigraph straight into a fresh store directory beside the store
  (``<store>.ecoonto-new-XXXX``), which also receives a copy of every OTHER graph of the store;
  the data is validated there if asked; then the directories are swapped by two renames
  (``<store>`` -> ``<store>.ecoonto-old-XXXX``, the new one -> ``<store>``) and the old one is
  removed. No rdflib graph is built and no SPARQL update runs, so a load costs about what
  ``oxigraph load`` costs. Any failure before the swap removes the staging directory and leaves
  the store as it was; a crash between the two renames is repaired the next time the store is
  opened (:func:`recover`). An rdflib graph given to :meth:`EmbeddedStore.replace_graph` is still
  written by ONE SPARQL update ``DROP SILENT GRAPH <g> ; INSERT DATA { ... }`` (one transaction).
* :class:`Endpoint` (SPARQL 1.1 Protocol): a graph that fits in one chunk (``chunk_size``
  triples) is sent in ONE Graph Store Protocol ``PUT <store>?graph=IRI`` (``?default`` for the
  default graph; when the store URL answers 404/405, ONE SPARQL update ``DROP SILENT GRAPH <g> ;
  INSERT DATA { ... }``). A larger one is streamed: the first chunk is ``PUT`` into a staging
  graph (:func:`staging_graph_iri`), the others ``POST``ed (appended) to it (``INSERT DATA``
  without a Graph Store), and one final ``MOVE`` replaces the target: readers never see a
  half-loaded graph, a failure leaves the target as it was and drops the staging graph.

Credentials for an endpoint come from ``ECOONTO_ENDPOINT_USER``/``ECOONTO_ENDPOINT_PASSWORD``
or ``~/.netrc``, never from a URL or the command line; messages show URLs without them.
"""

from __future__ import annotations

import base64
import itertools
import os
import shutil
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

from ecoonto.errors import DataFailsError, EcoontoError, InputError, StoreError
from ecoonto.graphs import ReadWithRdflib, ToOxigraph, files_quads, rdflib_literal, to_rdflib
from ecoonto.results import QueryResult

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Node

USER_ENV = "ECOONTO_ENDPOINT_USER"
PASSWORD_ENV = "ECOONTO_ENDPOINT_PASSWORD"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Layout = Literal["auto", "oxigraph", "fuseki", "graphdb", "virtuoso", "qlever"]
LAYOUTS: tuple[str, ...] = ("auto", "oxigraph", "fuseki", "graphdb", "virtuoso", "qlever")

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; stages: ``parse`` (bytes of the files read),
``validate`` (0 then 1), ``store`` (embedded store: 0, 1 once the other graphs are copied, 2
once swapped in), ``upload`` (bytes of a one-request load sent to an endpoint) and ``send``
(a chunked load to an endpoint, after each chunk: triples sent of the total when the data was
validated first, else bytes of the files read)."""

DEFAULT_CHUNK_SIZE = 100_000
"""Triples per request when a load to an endpoint is streamed in chunks."""


class LoadTarget(Protocol):
    """A query target that can also replace one of its graphs."""

    def run(self, sparql: str) -> QueryResult: ...

    def describe(self) -> str: ...

    def replace_graph(
        self,
        source: Graph | Sequence[Path],
        graph_iri: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> int: ...

    def triple_count(self, graph_iri: str | None = None) -> int: ...


# --------------------------------------------------------------------------------------------
# Term conversion


def to_ntriples(graph: Graph) -> bytes:
    """``graph`` as canonical N-Triples bytes (via pyoxigraph's serialiser: fast and exact)."""
    import pyoxigraph as ox

    data = ox.serialize(ToOxigraph().triples(graph), format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return data


def _graph_name(graph_iri: str | None) -> ox.NamedNode | ox.DefaultGraph:
    import pyoxigraph as ox

    if graph_iri is None:
        return ox.DefaultGraph()
    try:
        return ox.NamedNode(graph_iri)
    except ValueError as exc:
        raise InputError(f"graph IRI '{graph_iri}' is not an absolute IRI ({exc})") from None


def _count_query(graph_iri: str | None) -> str:
    if graph_iri is None:
        return "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_graph_name(graph_iri)} {{ ?s ?p ?o }} }}"


def _replace_update(graph_iri: str | None, ntriples: str) -> str:
    """One SPARQL update that clears ``graph_iri`` (or the default graph) and inserts the data."""
    name = _graph_name(graph_iri)
    if graph_iri is None:
        drop, open_, close = "DROP SILENT DEFAULT", "", ""
    else:
        drop, open_, close = f"DROP SILENT GRAPH {name}", f"GRAPH {name} {{\n", "}\n"
    if not ntriples.strip():
        return drop
    return f"{drop} ;\nINSERT DATA {{\n{open_}{ntriples}{close}}}"


# --------------------------------------------------------------------------------------------
# Files parsed straight into pyoxigraph (ecoonto.graphs.files_quads): progress


class _BytesRead:
    """Adds up the bytes read from the input files and reports them, at most every 1 MiB."""

    STEP = 1 << 20

    def __init__(self, report: ProgressCallback | None, stage: str, total: int) -> None:
        self.report, self.stage, self.total = report, stage, total
        self.done = self._shown = 0

    def __call__(self, n: int) -> None:
        self.done += n
        if self.report and (self.done - self._shown >= self.STEP or self.done >= self.total):
            self._shown = self.done
            self.report(self.stage, min(self.done, self.total), self.total)

    def finish(self) -> None:
        """Report the whole input read, unless that was the last report."""
        if self.report and self._shown < self.total:
            self._shown = self.total
            self.report(self.stage, self.total, self.total)


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _counted(quads: Iterable[ox.Quad], count: list[int]) -> Iterator[ox.Quad]:
    for quad in quads:
        count[0] += 1
        yield quad


def _in_graph(quads: Iterable[ox.Quad], graph: ox.NamedNode | ox.DefaultGraph) -> Iterable[ox.Quad]:
    import pyoxigraph as ox

    if isinstance(graph, ox.DefaultGraph):
        return quads
    return (ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)


def _validate_staged(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> None:
    """Refuse the data in ``graph`` of ``store`` with DataFailsError if it violates the shapes
    (validated in place by :func:`ecoonto.validation.validate_store`: no rdflib graph)."""
    import pyoxigraph as ox

    from ecoonto.validation import validate_store  # another module; loaded lazily

    named = None if isinstance(graph, ox.DefaultGraph) else graph
    _refuse_violations(validate_store(store, graph=named))


# --------------------------------------------------------------------------------------------
# Embedded store: lock, staging directories and recovery

STAGING_NEW = ".ecoonto-new-"
STAGING_OLD = ".ecoonto-old-"
LOCK_SUFFIX = ".ecoonto-lock"


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def recover(path: Path) -> bool:
    """Repair what an interrupted load left beside the store directory ``path``.

    A load fills ``<store>.ecoonto-new-XXXX``, then renames ``<store>`` to
    ``<store>.ecoonto-old-XXXX`` and the new directory to ``<store>``. If ``<store>`` is missing
    and an ``.ecoonto-old-*`` directory exists (a crash between the two renames), the old store
    is renamed back: the interrupted load did not happen. Leftover ``.ecoonto-new-*`` (a crash
    while staging) and ``.ecoonto-old-*`` directories (a crash before the old one was removed)
    are deleted. Call it only while holding the store's lock. Returns True if the store was
    restored.
    """
    import glob

    parent = path.parent
    pattern = glob.escape(path.name)
    olds = sorted(parent.glob(pattern + STAGING_OLD + "*"), key=lambda p: p.stat().st_mtime)
    news = list(parent.glob(pattern + STAGING_NEW + "*"))
    restored = False
    if not path.exists() and olds:
        os.rename(olds.pop(), path)
        _fsync_dir(parent)
        restored = True
    for leftover in [*olds, *news]:
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
    return restored


# --------------------------------------------------------------------------------------------
# Embedded store


class EmbeddedStore:
    """A persistent pyoxigraph store in directory ``path``, opened for reading and writing.

    Only one process can hold a store open at a time: a second one gets a :class:`StoreError`
    saying the store is busy. ``default_graph_iri`` makes queries read that named graph as
    their default graph (like the SPARQL Protocol's ``default-graph-uri``).
    """

    def __init__(self, path: Path, *, default_graph_iri: str | None = None) -> None:
        self.path = Path(path)
        self.default_graph_iri = default_graph_iri
        if default_graph_iri is not None:
            _graph_name(default_graph_iri)
        self._check_directory()
        self._store: ox.Store | None = None
        self._lock()
        try:
            recover(self._absolute)
            self._check_directory()
            self._open()
        except BaseException:
            self._unlock()
            raise

    @property
    def _absolute(self) -> Path:
        return Path(os.path.abspath(self.path))

    def _check_directory(self) -> None:
        if self.path.exists():
            if not self.path.is_dir():
                raise InputError(f"store {self.path}: is a file, not a store directory")
            if any(self.path.iterdir()) and not (self.path / "CURRENT").exists():
                raise InputError(
                    f"store {self.path}: the directory is not empty and holds no Oxigraph store"
                )

    def _busy(self) -> StoreError:
        return StoreError(f"store {self.path} is busy (another ecoonto process holds it)")

    _finalizer: Any = None  # releases the lock file; None when not held (read-only subclasses)

    def _lock(self) -> None:
        """Hold ``<store>.ecoonto-lock`` (a file beside the store, left in place) for the life
        of this object: it keeps the store, its staging directories and the swap to one
        ecoonto process (RocksDB's own lock cannot cover the moment of the swap)."""
        import fcntl

        lock_path = _sibling(self._absolute, LOCK_SUFFIX)
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"store {self.path}: cannot open ({_one_line(exc)})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise self._busy() from None
        import weakref

        self._finalizer = weakref.finalize(self, os.close, fd)

    def _unlock(self) -> None:
        if self._finalizer is not None:
            self._finalizer()  # closing the descriptor releases the lock

    def _open(self) -> None:
        import pyoxigraph as ox

        for attempt in (1, 2):
            try:
                self._store = ox.Store(str(self.path))
                return
            except OSError as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(f"store {self.path}: cannot open ({_one_line(exc)})") from None
                if attempt == 2:
                    raise self._busy() from None
            # This process may still hold the store it just closed (a reference kept alive by
            # a reference cycle, e.g. a traceback): collect it, then try once more.
            import gc

            gc.collect()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store (and its lock) now rather than when garbage collected."""
        self._close_store()
        self._unlock()

    def _close_store(self) -> None:
        if self._store is not None:
            try:
                self._store.flush()
            except OSError:
                pass
            self._store = None

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"store {self.path}: already closed")
        return self._store

    def describe(self) -> str:
        return f"store {self.path}"

    def run(self, sparql: str) -> QueryResult:
        import pyoxigraph as ox

        kwargs: dict[str, Any] = {}
        if self.default_graph_iri is not None:
            kwargs["default_graph"] = _graph_name(self.default_graph_iri)
        try:
            result = self.store.query(sparql, **kwargs)
            if isinstance(result, ox.QueryBoolean):
                return QueryResult(kind="ask", boolean=bool(result))
            if isinstance(result, ox.QuerySolutions):
                variables = [v.value for v in result.variables]
                rows = [
                    tuple(None if (t := sol[v]) is None else to_rdflib(t) for v in variables)
                    for sol in result
                ]
                return QueryResult(kind="select", variables=variables, rows=rows)
            from ecoonto.graphs import new_graph

            graph = new_graph()
            for triple in result:
                graph.add(
                    (
                        to_rdflib(triple.subject),
                        to_rdflib(triple.predicate),
                        to_rdflib(triple.object),
                    )
                )
            return QueryResult(kind="graph", graph=graph)
        except SyntaxError as exc:
            raise InputError(f"{self.describe()}: bad SPARQL query: {_one_line(exc)}") from None
        except EcoontoError:
            raise
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"{self.describe()}: query failed: {_one_line(exc)}") from None

    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction."""
        try:
            self.store.update(sparql)
        except SyntaxError as exc:
            raise InputError(f"{self.describe()}: bad SPARQL update: {_one_line(exc)}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"{self.describe()}: update failed: {_one_line(exc)}") from None

    def replace_graph(
        self,
        source: Graph | Sequence[Path],
        graph_iri: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> int:
        """Replace ``graph_iri`` (None: the default graph) by ``source``, all or nothing.

        Files go through :meth:`load_files` (without validation). An rdflib graph, already in
        memory, is written by one SPARQL update that clears and fills the graph, which
        pyoxigraph applies as one transaction. Returns the number of triples written.
        """
        from rdflib import Graph

        if not isinstance(source, Graph):
            return self.load_files(source, graph_iri, validate=False, progress=progress)
        graph = source
        ntriples = to_ntriples(graph).decode("utf-8")
        update = _replace_update(graph_iri, ntriples)
        if progress:
            progress("store", 0, 1)
        self.update(update)
        if progress:
            progress("store", 1, 1)
        return len(graph)

    def load_files(
        self,
        files: Sequence[Path],
        graph_iri: str | None = None,
        *,
        validate: bool = True,
        progress: ProgressCallback | None = None,
    ) -> int:
        """Replace ``graph_iri`` (None: the default graph) by the triples of ``files``.

        The files are parsed by pyoxigraph into a fresh store directory beside this one
        (``<store>.ecoonto-new-XXXX``); with ``validate`` the new graph must conform to the
        shapes (else :class:`DataFailsError`); every other graph of the store is copied in;
        then the directories are swapped by renames. Until the swap the store is not touched:
        bad input, a validation failure or a write error removes the staging directory and
        leaves the store as it was. Returns the number of triples in the new graph.
        """
        target = _graph_name(graph_iri)
        paths = [Path(p) for p in files]
        if not paths:
            raise InputError("no files to load")
        if self._store is None:
            raise StoreError(f"{self.describe()}: already closed")
        if self._finalizer is None or not self._finalizer.alive:
            raise InputError(f"{self.describe()}: not opened for writing, cannot load")
        slow: set[Path] = set()
        while True:
            staging = self._staging_dir()
            try:
                count = self._stage(staging, paths, target, validate, progress, slow)
            except ReadWithRdflib as retry:  # pyoxigraph could not read it: rdflib reads that file
                shutil.rmtree(staging, ignore_errors=True)
                slow.add(retry.path)
                continue
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            self._swap_in(staging)
            if progress:
                progress("store", 2, 2)
            return count

    def _staging_dir(self) -> Path:
        import tempfile

        where = self._absolute
        try:
            staging = Path(tempfile.mkdtemp(prefix=where.name + STAGING_NEW, dir=where.parent))
            os.chmod(staging, where.stat().st_mode & 0o7777)
        except OSError as exc:
            raise StoreError(
                f"{self.describe()}: cannot create a staging directory beside it"
                f" ({_one_line(exc)}); nothing changed"
            ) from None
        return staging

    def _stage(
        self,
        staging: Path,
        paths: Sequence[Path],
        target: ox.NamedNode | ox.DefaultGraph,
        validate: bool,
        progress: ProgressCallback | None,
        slow: set[Path],
    ) -> int:
        """Fill ``staging``: the files into ``target``, then every other graph of this store."""
        import pyoxigraph as ox

        new: ox.Store | None = ox.Store(str(staging))
        assert new is not None
        try:
            total = sum(_file_size(p) for p in paths)
            read = _BytesRead(progress, "parse", total)
            if progress:
                progress("parse", 0, total)
            try:
                new.bulk_extend(
                    _in_graph(files_quads(paths, via_rdflib=slow, on_read=read), target)
                )
            except OSError as exc:
                raise self._write_error(exc) from None
            read.finish()
            count = len(new)
            if validate:
                if progress:
                    progress("validate", 0, 1)
                _validate_staged(new, target)
                if progress:
                    progress("validate", 1, 1)
            if progress:
                progress("store", 0, 2)
            try:  # (no local name for the store: it is closed at the swap)
                for name in self.store.named_graphs():
                    if name != target:
                        new.add_graph(name)
                        new.bulk_extend(self.store.quads_for_pattern(None, None, None, name))
                if not isinstance(target, ox.DefaultGraph):
                    default = ox.DefaultGraph()
                    new.bulk_extend(self.store.quads_for_pattern(None, None, None, default))
                new.flush()
            except OSError as exc:
                raise self._write_error(exc) from None
            if progress:
                progress("store", 1, 2)
            return count
        finally:
            new = None  # closes the staging store before it is renamed or removed

    def _write_error(self, exc: OSError) -> StoreError:
        return StoreError(
            f"{self.describe()}: cannot write the new data ({_one_line(exc)}); nothing changed"
        )

    def _swap_in(self, staging: Path) -> None:
        """Close the store, put ``staging`` in its place by two renames, reopen it."""
        where = self._absolute
        old = _sibling(where, STAGING_OLD + staging.name.rsplit("-", 1)[-1])
        self._close_store()
        try:
            os.rename(where, old)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            self._open()
            raise StoreError(
                f"{self.describe()}: cannot swap in the new data ({_one_line(exc)}); nothing"
                " changed"
            ) from None
        try:
            os.rename(staging, where)
        except OSError as exc:
            try:
                os.rename(old, where)  # put the old store back
            except OSError:
                raise StoreError(
                    f"{self.describe()}: cannot swap in the new data ({_one_line(exc)}); the"
                    f" old store is in {old} and is put back the next time the store is opened"
                ) from None
            shutil.rmtree(staging, ignore_errors=True)
            self._open()
            raise StoreError(
                f"{self.describe()}: cannot swap in the new data ({_one_line(exc)}); nothing"
                " changed"
            ) from None
        _fsync_dir(where.parent)
        shutil.rmtree(old, ignore_errors=True)
        self._open()

    def triple_count(self, graph_iri: str | None = None) -> int:
        """Triples in ``graph_iri`` (None: the default graph)."""
        query = _count_query(graph_iri)
        try:
            result = self.store.query(query)
            return int(next(iter(result))["n"].value)  # type: ignore[arg-type]
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"{self.describe()}: {_one_line(exc)}") from None


# --------------------------------------------------------------------------------------------
# Remote endpoint


def _one_line(exc: BaseException | str) -> str:
    text = " ".join(str(exc).split())
    return text or (type(exc).__name__ if isinstance(exc, BaseException) else "")


def public_url(url: str) -> str:
    """``url`` without any ``user:password@`` part, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def _check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"endpoint URL '{public_url(url)}' is not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise InputError(
            f"endpoint URL {public_url(url)} contains credentials: remove them and set "
            f"{USER_ENV} and {PASSWORD_ENV} in the environment or use ~/.netrc"
        )
    return url


def credentials_for(url: str) -> tuple[str, str] | None:
    """(user, password) from the environment, else from ``~/.netrc`` for the URL's host."""
    user = os.environ.get(USER_ENV)
    password = os.environ.get(PASSWORD_ENV)
    if user or password:
        if not (user and password is not None):
            raise InputError(f"set both {USER_ENV} and {PASSWORD_ENV}, or neither")
        return user, password
    host = urllib.parse.urlsplit(url).hostname
    if not host:
        return None
    import netrc

    try:
        entry = netrc.netrc().authenticators(host)
    except FileNotFoundError:
        return None
    except netrc.NetrcParseError as exc:
        # The parser's message may quote a token of the file (a password): show it only for
        # the permission check.
        if "permissive" in exc.msg or "owner" in exc.msg:
            raise InputError(f"~/.netrc: {exc.msg} (chmod 600 ~/.netrc)") from None
        raise InputError(f"~/.netrc: cannot parse line {exc.lineno}") from None
    except OSError:
        return None
    if entry is None or not entry[0]:
        return None
    return entry[0], entry[2] or ""


def _split_base(url: str) -> tuple[str, str]:
    """(scheme://host:port, path without trailing slash)."""
    parts = urllib.parse.urlsplit(url)
    if parts.query or parts.fragment:
        raise InputError(f"endpoint URL {public_url(url)}: give a base URL without ?query or #")
    root = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    return root, parts.path.rstrip("/")


def layout_urls(url: str, layout: str = "auto") -> tuple[str, str | None, str | None, str]:
    """(query URL, update URL, Graph Store URL, layout used) for a server's base URL.

    * oxigraph: ``BASE`` -> BASE/query, BASE/update, BASE/store
    * fuseki:   ``BASE/DATASET`` -> .../query, .../update, .../data (a trailing /query or
      /sparql is dropped first)
    * graphdb:  ``BASE/repositories/REPO`` -> that URL, .../statements, .../rdf-graphs/service
    * virtuoso: ``BASE`` -> BASE/sparql for queries; with credentials BASE/sparql-auth for
      updates and BASE/sparql-graph-crud-auth for the Graph Store (HTTP Digest), without them
      BASE/sparql and BASE/sparql-graph-crud
    * qlever:   ``BASE`` -> BASE for queries; read-only here (QLever updates need an access
      token, and its index is normally built offline from files)
    * auto: guessed from the path (``/repositories/`` GraphDB; ``/sparql`` alone Virtuoso;
      ``/query`` alone or no path Oxigraph; ``/NAME`` or ``/NAME/query|sparql`` Fuseki); any
      other URL is taken as a query-only SPARQL endpoint.
    """
    _check_url(url)
    if layout not in LAYOUTS:
        raise InputError(f"unknown endpoint layout '{layout}': use one of {', '.join(LAYOUTS)}")
    root, path = _split_base(url)
    segments = [s for s in path.split("/") if s]
    if layout == "auto":
        if "repositories" in segments[:-1]:
            layout = "graphdb"
        elif segments == ["sparql"]:
            layout = "virtuoso"
        elif segments in ([], ["query"], ["update"], ["store"]):
            layout = "oxigraph"
        elif len(segments) == 1 or (
            len(segments) == 2 and segments[1] in ("query", "sparql", "update", "data")
        ):
            layout = "fuseki"
        else:
            return url, None, None, "query-only"
    if layout == "oxigraph":
        if segments and segments[-1] in ("query", "update", "store"):
            segments = segments[:-1]
        base = root + "".join(f"/{s}" for s in segments)
        return f"{base}/query", f"{base}/update", f"{base}/store", layout
    if layout == "fuseki":
        if segments and segments[-1] in ("query", "sparql", "update", "data", "get"):
            segments = segments[:-1]
        if not segments:
            raise InputError(
                f"endpoint URL {url}: a Fuseki URL names its dataset, e.g. http://host:3030/ds"
            )
        base = root + "".join(f"/{s}" for s in segments)
        return f"{base}/query", f"{base}/update", f"{base}/data", layout
    if layout == "qlever":
        return root + path, None, None, layout
    if layout == "graphdb":
        if "repositories" not in segments[:-1]:
            raise InputError(
                f"endpoint URL {url}: a GraphDB URL names its repository, "
                "e.g. http://host:7200/repositories/REPO"
            )
        i = segments.index("repositories")
        base = root + "".join(f"/{s}" for s in segments[: i + 2])
        return base, f"{base}/statements", f"{base}/rdf-graphs/service", layout
    # virtuoso
    if segments and segments[-1] in ("sparql", "sparql-auth"):
        segments = segments[:-1]
    base = root + "".join(f"/{s}" for s in segments)
    if credentials_for(url):
        return f"{base}/sparql", f"{base}/sparql-auth", f"{base}/sparql-graph-crud-auth", layout
    return f"{base}/sparql", f"{base}/sparql", f"{base}/sparql-graph-crud", layout


Auth = Literal["basic", "digest"]


class Endpoint:
    """A remote SPARQL 1.1 endpoint: Protocol for queries and updates, Graph Store Protocol for
    loading. ``timeout`` (seconds) bounds connecting and each wait for the server.

    ``graph_param`` names the Graph Store's graph parameter (``graph`` in SPARQL 1.1,
    ``graph-uri`` on Virtuoso). ``auth`` says how credentials go out: ``basic`` sends HTTP
    Basic with every request (and answers a Digest challenge); ``digest`` (Virtuoso's ``*-auth``
    services, which refuse an unasked-for Basic header without a challenge) first asks the URL
    for its challenge with a ``HEAD`` request, then sends the request once, with its Digest
    answer. ``default_graph_store`` False refuses loading the default graph (Virtuoso's Graph
    Store has none). ``staged_put`` makes :meth:`replace_graph` PUT into a staging graph and
    then ``MOVE`` it onto the target in one update (Virtuoso's PUT empties the graph first and
    fills it as it parses, so a failed or slow PUT would leave it empty or half full).
    ``turtle_put`` sends the data as Turtle that opens with a ``@prefix`` line: Virtuoso
    guesses the format from the first bytes, whatever the Content-Type, and refuses N-Triples
    that open with a long literal as "unsupported type text/plain".
    Redirects are never followed: a 3xx answer is an error that names the
    target, so credentials and request bodies never go to another URL.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout: float = 30.0,
        *,
        default_graph_iri: str | None = None,
        graph_param: str = "graph",
        auth: Auth = "basic",
        default_graph_store: bool = True,
        staged_put: bool = False,
        turtle_put: bool = False,
    ) -> None:
        self.query_url = _check_url(query_url)
        self.update_url = _check_url(update_url) if update_url else None
        self.store_url = _check_url(store_url) if store_url else None
        if timeout <= 0:
            raise InputError(f"timeout must be a positive number of seconds, not {timeout}")
        self.timeout = float(timeout)
        self.default_graph_iri = default_graph_iri
        if default_graph_iri is not None:
            _graph_name(default_graph_iri)
        self._credentials = credentials_for(query_url)
        self.graph_param = graph_param
        if auth not in ("basic", "digest"):
            raise InputError(f"unknown authentication scheme '{auth}': use basic or digest")
        self.auth: Auth = auth
        self.default_graph_store = default_graph_store
        self.staged_put = staged_put
        self.turtle_put = turtle_put

    @classmethod
    def from_url(
        cls,
        url: str,
        layout: str = "auto",
        timeout: float = 30.0,
        *,
        default_graph_iri: str | None = None,
    ) -> Endpoint:
        """An endpoint whose query/update/Graph Store URLs follow ``layout`` from ``url``."""
        query_url, update_url, store_url, used = layout_urls(url, layout)
        if used == "virtuoso":
            return cls(
                query_url,
                update_url,
                store_url,
                timeout,
                default_graph_iri=default_graph_iri,
                graph_param="graph-uri",
                auth="digest",
                default_graph_store=False,
                staged_put=True,
                turtle_put=True,
            )
        return cls(query_url, update_url, store_url, timeout, default_graph_iri=default_graph_iri)

    def describe(self) -> str:
        return f"endpoint {public_url(self.query_url)}"

    # -- errors ---------------------------------------------------------------------------

    def _scrub(self, text: str) -> str:
        if self._credentials:
            user, password = self._credentials
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            for secret in (token, password):
                if len(secret) >= 3:
                    text = text.replace(secret, "***")
        return text

    def _error(self, url: str, what: str) -> StoreError:
        shown = public_url(url).split("?", 1)[0]  # the graph IRI would only add noise
        return StoreError(self._scrub(f"endpoint {shown}: {what}"))

    def _http_error(self, url: str, code: int, reason: str, body: bytes) -> StoreError:
        # Scrub before cutting: a cut token or password would no longer match the scrubber.
        snippet = _one_line(self._scrub(body.decode("utf-8", "replace")))[:300]
        hint = ""
        if code in (401, 403):
            hint = f" (check {USER_ENV}/{PASSWORD_ENV} or ~/.netrc)"
        text = f"HTTP {code} {reason}".rstrip() + hint + (f": {snippet}" if snippet else "")
        return self._error(url, text)

    def _network_error(self, url: str, exc: BaseException) -> StoreError:
        reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, ConnectionRefusedError):
            return self._error(url, "connection refused")
        if isinstance(reason, TimeoutError):
            return self._error(url, f"timed out after {self.timeout:g} s")
        if isinstance(reason, socket.gaierror):
            return self._error(url, "unknown host")
        if isinstance(reason, ConnectionResetError):
            return self._error(url, "connection closed by the server")
        if isinstance(reason, OSError) and reason.strerror:
            return self._error(url, reason.strerror.lower())
        return self._error(url, _one_line(reason if isinstance(reason, str) else str(reason)))

    # -- HTTP -----------------------------------------------------------------------------

    def _auth_header(self) -> dict[str, str]:
        if not self._credentials or self.auth != "basic":
            return {}
        user, password = self._credentials
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {token}"}

    def _opener(self) -> urllib.request.OpenerDirector:
        """urllib that never follows a redirect and answers an HTTP Digest challenge (Virtuoso's
        *-auth services). In ``basic`` mode Basic is sent up front by :meth:`_auth_header`, so
        Basic servers get the body once."""
        handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
        if self._credentials:
            handlers.append(urllib.request.HTTPDigestAuthHandler(self._password_manager()))
        return urllib.request.build_opener(*handlers)

    def _password_manager(self) -> urllib.request.HTTPPasswordMgrWithDefaultRealm:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if self._credentials:
            for url in (self.query_url, self.update_url, self.store_url):
                if url:
                    manager.add_password(None, url, *self._credentials)
        return manager

    def _digest_header(self, request: urllib.request.Request) -> dict[str, str]:
        """The Digest ``Authorization`` header for ``request``, from the challenge the URL
        gives a ``HEAD`` request; empty if it gives none (the request then goes out as is)."""
        probe = urllib.request.Request(request.full_url, method="HEAD")
        challenge = ""
        try:
            with self._plain_opener().open(probe, timeout=self.timeout) as response:
                challenge = response.headers.get("WWW-Authenticate", "")
        except urllib.error.HTTPError as exc:
            challenge = exc.headers.get("WWW-Authenticate", "") if exc.headers else ""
            exc.close()
        except (urllib.error.URLError, OSError) as exc:
            raise self._network_error(request.full_url, exc) from None
        except Exception as exc:  # http.client.HTTPException and friends
            raise self._error(request.full_url, _one_line(exc)) from None
        scheme, _, params = challenge.strip().partition(" ")
        if scheme.lower() != "digest":
            return {}
        handler = urllib.request.HTTPDigestAuthHandler(self._password_manager())
        chal = urllib.request.parse_keqv_list(
            [item for item in urllib.request.parse_http_list(params) if item]
        )
        answer = handler.get_authorization(request, chal)
        return {"Authorization": f"Digest {answer}"} if answer else {}

    @staticmethod
    def _plain_opener() -> urllib.request.OpenerDirector:
        return urllib.request.build_opener(_NoRedirect())

    def _send(
        self,
        url: str,
        method: str,
        body: bytes,
        content_type: str,
        progress: ProgressCallback | None = None,
        accept: str = "*/*",
    ) -> _Answer:
        """Send ``body``; return the answer. HTTP errors (and redirects) come back as an answer
        with their status (the caller decides); network failures raise StoreError."""
        headers = {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            "Accept": accept,
            **self._auth_header(),
        }
        data: bytes | Iterable[bytes] = body
        if progress is not None:
            data = _Chunks(body, progress)
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        if self._credentials and self.auth == "digest":
            for key, value in self._digest_header(request).items():
                request.add_header(key, value)
        try:
            with self._opener().open(request, timeout=self.timeout) as response:
                return _Answer(
                    int(response.status),
                    response.read(),
                    response.headers.get("Content-Type", ""),
                    response.headers.get("Location", ""),
                    response.headers.get("X-SPARQL-MaxRows", ""),
                )
        except urllib.error.HTTPError as exc:
            try:
                payload = exc.read()
            except (OSError, Exception):  # a body cut short: keep the status
                payload = b""
            headers_in = exc.headers
            answer = _Answer(
                int(exc.code),
                payload,
                headers_in.get("Content-Type", "") if headers_in else "",
                headers_in.get("Location", "") if headers_in else "",
            )
            exc.close()
            return answer
        except (urllib.error.URLError, OSError) as exc:
            raise self._network_error(url, exc) from None
        except Exception as exc:  # http.client.HTTPException and friends
            raise self._error(url, _one_line(exc)) from None

    def _check_answer(self, url: str, answer: _Answer) -> None:
        """Raise StoreError unless ``answer`` is a success (2xx)."""
        if 200 <= answer.status < 300:
            return
        if 300 <= answer.status < 400:
            raise self._redirect_error(url, answer)
        raise self._http_error(url, answer.status, _reason(answer.status), answer.body)

    def _redirect_error(self, url: str, answer: _Answer) -> StoreError:
        target = answer.location
        if target:
            target = urllib.parse.urljoin(url, target)
            shown = public_url(target).split("?", 1)[0]
            where = f" to {shown}"
        else:
            where = " (no Location given)"
        return self._error(
            url,
            f"HTTP {answer.status} {_reason(answer.status)}: redirected{where}; ecoonto does not"
            " follow redirects (credentials and data must not go elsewhere): give the final URL",
        )

    def run(self, sparql: str) -> QueryResult:
        """Run a query through the SPARQL 1.1 Protocol (POST, JSON results or N-Triples)."""
        return self._query(sparql, self.default_graph_iri)

    def _query(self, sparql: str, default_graph_iri: str | None) -> QueryResult:
        form = query_form(sparql)
        if form not in QUERY_FORMS:
            raise InputError(f"{self.describe()}: not a SPARQL query (it starts with {form})")
        kind = "graph" if form in ("CONSTRUCT", "DESCRIBE") else "json"
        accept = (
            "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
            if kind == "graph"
            else "application/sparql-results+json"
        )
        fields = [("query", sparql)]
        if default_graph_iri is not None:
            fields.append(("default-graph-uri", default_graph_iri))
        body = urllib.parse.urlencode(fields).encode("ascii")
        url = self.query_url
        answer = self._send(url, "POST", body, "application/x-www-form-urlencoded", accept=accept)
        self._check_answer(url, answer)
        if kind == "graph":
            return QueryResult(
                kind="graph", graph=self._parse_graph(answer.body, answer.content_type)
            )
        result = self._parse_json(answer.body)
        self._check_row_limit(url, answer, result)
        return result

    def _check_row_limit(self, url: str, answer: _Answer, result: QueryResult) -> None:
        """Virtuoso cuts results at its ``ResultSetMaxRows`` (10000 by default) and says so only
        in an ``X-SPARQL-MaxRows`` header: a result that reaches the limit may be incomplete,
        which is an error rather than a silently wrong answer."""
        try:
            limit = int(answer.max_rows)
        except ValueError:
            return
        if result.kind == "select" and len(result.rows) >= limit:
            raise self._error(
                url,
                f"the server cut the result at its limit of {limit} rows (X-SPARQL-MaxRows;"
                " Virtuoso's [SPARQL] ResultSetMaxRows): the answer may be incomplete; raise"
                " the limit in the server's configuration or narrow the query",
            )

    def _parse_json(self, body: bytes) -> QueryResult:
        import json

        try:
            doc = json.loads(body)
            if "boolean" in doc:
                return QueryResult(kind="ask", boolean=bool(doc["boolean"]))
            variables = list(doc["head"].get("vars", []))
            rows = [
                tuple(_json_term(b[v]) if v in b else None for v in variables)
                for b in doc["results"]["bindings"]
            ]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise self._error(self.query_url, f"unreadable results ({_one_line(exc)})") from None
        return QueryResult(kind="select", variables=variables, rows=rows)

    def _parse_graph(self, body: bytes, content_type: str) -> Graph:
        from ecoonto.graphs import new_graph

        media = content_type.split(";")[0].strip().lower()
        fmt = {
            "application/n-triples": "nt",
            "text/plain": "nt",
            "text/turtle": "turtle",
            "application/x-turtle": "turtle",
            "application/rdf+xml": "xml",
            "application/ld+json": "json-ld",
            "application/n-quads": "nquads",
        }.get(media, "turtle")
        graph = new_graph()
        try:
            graph.parse(data=body, format=fmt)
        except Exception as exc:  # rdflib raises many types
            raise self._error(self.query_url, f"unreadable graph ({_one_line(exc)})") from None
        return graph

    def update(self, sparql: str, progress: ProgressCallback | None = None) -> None:
        """Send a SPARQL update as one request (``application/sparql-update``)."""
        if not self.update_url:
            raise InputError(f"{self.describe()}: no update URL known: pass --layout")
        url = self.update_url
        answer = self._send(
            url, "POST", sparql.encode("utf-8"), "application/sparql-update", progress
        )
        self._check_answer(url, answer)

    def replace_graph(
        self,
        source: Graph | Sequence[Path],
        graph_iri: str | None = None,
        progress: ProgressCallback | None = None,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> int:
        """Replace ``graph_iri`` (None: the default graph) by ``source`` (files: without
        validation, see :meth:`load_files`), all or nothing. Returns the triples sent."""
        from rdflib import Graph

        if not isinstance(source, Graph):
            return self.load_files(
                source, graph_iri, validate=False, progress=progress, chunk_size=chunk_size
            )
        self._check_loadable(graph_iri, chunk_size)
        return self._send_quads(
            ToOxigraph().quads(source), graph_iri, chunk_size, progress, total=len(source)
        )

    def load_files(
        self,
        files: Sequence[Path],
        graph_iri: str | None = None,
        *,
        validate: bool = True,
        progress: ProgressCallback | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> int:
        """Replace ``graph_iri`` (None: the default graph) by the triples of ``files``.

        Up to ``chunk_size`` triples go in one request (:meth:`_send_one`). More are streamed
        in chunks of ``chunk_size`` triples into a staging graph (:func:`staging_graph_iri`),
        which one final ``MOVE`` puts in place of the target (:meth:`_send_chunked`); memory
        stays bounded by the chunk size. With ``validate`` the whole graph must be checked
        first: it is parsed into an in-memory pyoxigraph store, validated (DataFailsError if it
        violates the shapes, before anything is sent), then streamed from there. Returns the
        triples sent.
        """
        import pyoxigraph as ox

        paths = [Path(p) for p in files]
        if not paths:
            raise InputError("no files to load")
        self._check_loadable(graph_iri, chunk_size)
        slow: set[Path] = set()
        total = sum(_file_size(p) for p in paths)
        while True:
            try:
                if not validate:
                    read = _BytesRead(progress, "parse", total)
                    if progress:
                        progress("parse", 0, total)
                    quads = files_quads(paths, via_rdflib=slow, on_read=read)
                    return self._send_quads(quads, graph_iri, chunk_size, progress, read=read)
                memory = ox.Store()
                read = _BytesRead(progress, "parse", total)
                if progress:
                    progress("parse", 0, total)
                parsed = [0]
                memory.bulk_extend(
                    _counted(files_quads(paths, via_rdflib=slow, on_read=read), parsed)
                )
                read.finish()
                if progress:
                    progress("validate", 0, 1)
                _validate_staged(memory, ox.DefaultGraph())
                if progress:
                    progress("validate", 1, 1)
                del memory
                # Sent from a second parse, not from the store: the store keeps some literals
                # by value ("30.0"^^xsd:decimal as 30, xsd:nonNegativeInteger as xsd:integer),
                # and the server must get the data as written.
                again = files_quads(paths, via_rdflib=slow)
                return self._send_quads(again, graph_iri, chunk_size, progress, total=parsed[0])
            except ReadWithRdflib as retry:  # pyoxigraph could not read it: rdflib reads that file
                slow.add(retry.path)

    def _check_loadable(self, graph_iri: str | None, chunk_size: int) -> None:
        _graph_name(graph_iri)
        if chunk_size < 1:
            raise InputError(
                f"the chunk size must be a positive number of triples, not {chunk_size}"
            )
        if graph_iri is None and not self.default_graph_store:
            raise InputError(
                f"{self.describe()}: this server's Graph Store has no default graph to replace"
                " (Virtuoso): load into a named graph with --graph IRI, and query it with"
                " --graph IRI (default-graph-uri)"
            )
        if not self.store_url and not self.update_url:
            raise InputError(f"{self.describe()}: no Graph Store or update URL: pass --layout")

    def _send_quads(
        self,
        quads: Iterable[ox.Quad],
        graph_iri: str | None,
        chunk_size: int,
        progress: ProgressCallback | None,
        *,
        total: int | None = None,
        read: _BytesRead | None = None,
    ) -> int:
        """One request if ``quads`` fit in one chunk, else a chunked load through a staging
        graph. ``total`` (triples) or ``read`` (bytes of the files) measure the progress."""
        chunks = _chunks(quads, chunk_size)
        first = next(chunks, [])
        second = next(chunks, None)
        if second is None:
            return self._send_one(_ntriples(first), graph_iri, progress, len(set(first)))
        if read is not None:
            read.report = None  # from here on the files' progress is reported per chunk
        return self._send_chunked(
            itertools.chain([first, second], chunks), graph_iri, progress, total, read
        )

    def _send_one(
        self, ntriples: bytes, graph_iri: str | None, progress: ProgressCallback | None, count: int
    ) -> int:
        """Replace ``graph_iri`` by ``ntriples`` in one step.

        Graph Store Protocol PUT; if the store URL answers 404 or 405 (or there is none), one
        SPARQL update that drops and refills the graph. With ``staged_put`` (Virtuoso) the PUT
        fills a staging graph (:func:`staging_graph_iri`) and one update ``MOVE``s it onto
        ``graph_iri``: a failed PUT leaves ``graph_iri`` as it was. Returns ``count``.
        """
        if self.store_url:
            staged = self.staged_put and graph_iri is not None and self.update_url is not None
            put_iri = staging_graph_iri(graph_iri) if staged and graph_iri else graph_iri
            body, media = self._gsp_body(ntriples)
            # A network failure (timeout, reset) leaves the staging graph alone: the server may
            # still be filling it, and the next load's PUT replaces it anyway.
            answer = self._send(self._gsp_url(put_iri), "PUT", body, media, progress)
            if 200 <= answer.status < 300:
                if staged and put_iri and graph_iri:
                    self._move(put_iri, graph_iri)
                return count
            if staged and put_iri:
                self._drop_quietly(put_iri)
            if answer.status not in (404, 405) or not self.update_url:
                self._check_answer(self.store_url, answer)
        if not self.update_url:
            raise InputError(f"{self.describe()}: no Graph Store or update URL: pass --layout")
        self.update(_replace_update(graph_iri, ntriples.decode("utf-8")), progress)
        return count

    def _gsp_body(self, ntriples: bytes) -> tuple[bytes, str]:
        if self.turtle_put:  # N-Triples lines are Turtle; the prologue names the format
            return _TURTLE_PROLOGUE + ntriples, "text/turtle"
        return ntriples, "application/n-triples"

    def _send_chunked(
        self,
        chunks: Iterable[list[ox.Quad]],
        graph_iri: str | None,
        progress: ProgressCallback | None,
        total: int | None,
        read: _BytesRead | None,
    ) -> int:
        """PUT the first chunk into the staging graph, POST the others (INSERT DATA without a
        Graph Store), then one ``MOVE`` onto ``graph_iri``; on any failure the staging graph
        is dropped (best effort) and ``graph_iri`` is left as it was."""
        staging = staging_graph_iri(graph_iri if graph_iri is not None else DEFAULT_GRAPH_KEY)
        use_gsp = self.store_url is not None
        sent = done = 0
        try:
            for i, chunk in enumerate(chunks):
                ntriples = _ntriples(chunk)
                if use_gsp:
                    assert self.store_url is not None
                    body, media = self._gsp_body(ntriples)
                    method = "PUT" if i == 0 else "POST"
                    answer = self._send(self._gsp_url(staging), method, body, media)
                    if i == 0 and answer.status in (404, 405) and self.update_url:
                        use_gsp = False  # no Graph Store here: SPARQL updates instead
                    else:
                        self._check_answer(self.store_url, answer)
                if not use_gsp:
                    name = _graph_name(staging)
                    clear = f"DROP SILENT GRAPH {name} ;\n" if i == 0 else ""
                    text = ntriples.decode("utf-8")
                    self.update(f"{clear}INSERT DATA {{ GRAPH {name} {{\n{text}}} }}")
                sent += len(set(chunk))
                done += len(chunk)
                if progress:
                    if total is not None:
                        progress("send", min(done, total), total)
                    elif read is not None:
                        progress("send", read.done, read.total)
            target = "DEFAULT" if graph_iri is None else str(_graph_name(graph_iri))
            self.update(f"MOVE SILENT {_graph_name(staging)} TO {target}")
        except BaseException:
            self._drop_quietly(staging)
            raise
        return sent

    def _gsp_url(self, graph_iri: str | None) -> str:
        assert self.store_url is not None
        sep = "&" if "?" in self.store_url else "?"
        if graph_iri is None:
            return f"{self.store_url}{sep}default"
        return f"{self.store_url}{sep}{self.graph_param}=" + urllib.parse.quote(graph_iri, safe="")

    def _move(self, staging: str, graph_iri: str) -> None:
        """One update: the staging graph replaces ``graph_iri`` (MOVE drops the target first)."""
        try:
            self.update(f"MOVE SILENT {_graph_name(staging)} TO {_graph_name(graph_iri)}")
        except EcoontoError:
            self._drop_quietly(staging)
            raise

    def _drop_quietly(self, graph_iri: str) -> None:
        """Best effort: remove a staging graph after a failure (a rerun replaces it anyway)."""
        try:
            self.update(f"DROP SILENT GRAPH {_graph_name(graph_iri)}")
        except EcoontoError:
            pass

    def triple_count(self, graph_iri: str | None = None) -> int:
        """Triples in ``graph_iri`` (None: the default graph)."""
        result = self._query(_count_query(graph_iri), default_graph_iri=None)
        cell = result.rows[0][0] if result.rows else None
        try:
            return int(str(cell))
        except ValueError:
            raise self._error(self.query_url, f"unexpected count {cell!r}") from None


class _Answer(NamedTuple):
    """An HTTP answer: status, body, and the headers ecoonto reads (Content-Type, Location,
    Virtuoso's X-SPARQL-MaxRows)."""

    status: int
    body: bytes
    content_type: str
    location: str
    max_rows: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: the 3xx answer comes back as an HTTPError for the caller."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_TURTLE_PROLOGUE = b"@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"


def staging_graph_iri(graph_iri: str) -> str:
    """The graph a staged load (Virtuoso) fills before moving it onto ``graph_iri``: one per
    target, so a rerun after a failure replaces what the failed load left there."""
    import hashlib

    digest = hashlib.sha256(graph_iri.encode("utf-8")).hexdigest()[:32]
    return f"urn:ecoonto:staging:{digest}"


DEFAULT_GRAPH_KEY = "urn:ecoonto:default-graph"
"""Stands for the default graph when naming its staging graph."""


def _ntriples(quads: Iterable[ox.Quad]) -> bytes:
    import pyoxigraph as ox

    data = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return data


def _chunks(quads: Iterable[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    """``quads`` in lists of at most ``size``, each blank-node component kept in ONE list.

    A server scopes blank-node labels to a request, so a blank node whose triples went out in
    two requests would become two nodes. Triples without blank nodes stream through; those
    with blank nodes are held until the end of the input, grouped by connected component and
    sent last (a component larger than ``size`` makes one larger chunk).
    """
    import pyoxigraph as ox

    chunk: list[ox.Quad] = []
    held: list[ox.Quad] = []
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            held.append(quad)
            continue
        chunk.append(quad)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = parent.setdefault(node, node)
        while root != parent[root]:
            parent[root] = parent[parent[root]]
            root = parent[root]
        return root

    def key(quad: ox.Quad) -> str:
        ends = [t.value for t in (quad.subject, quad.object) if isinstance(t, ox.BlankNode)]
        roots = [find(v) for v in ends]
        for other in roots[1:]:
            parent[other] = roots[0]
        return roots[0]

    for quad in held:
        key(quad)
    groups: dict[str, list[ox.Quad]] = {}
    for quad in held:
        groups.setdefault(key(quad), []).append(quad)
    for group in groups.values():
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def query_form(sparql: str) -> str:
    """The first keyword after the prologue: SELECT, CONSTRUCT, ASK, DESCRIBE or an update
    keyword (INSERT, DELETE, CLEAR, ...); '' if there is none. Comments, IRIs, strings and
    prefix names in the prologue are skipped."""
    text, i, n = sparql, 0, len(sparql)
    after_prefix = False
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif c == "<":
            j = text.find(">", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            j = text.find(c, i + 1)
            i = n if j < 0 else j + 1
        elif c.isalpha() or c == "_" or (after_prefix and c == ":"):
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_-.:"):
                j += 1
            word = text[i:j]
            i = j
            if after_prefix:
                after_prefix = False
                continue
            upper = word.upper()
            if upper == "PREFIX":
                after_prefix = True
            elif upper != "BASE":
                return upper
        else:
            i += 1
    return ""


class _Chunks:
    """A request body sent in pieces, reporting bytes sent; iterable again for an auth retry."""

    def __init__(self, body: bytes, progress: ProgressCallback, size: int = 1 << 16) -> None:
        self.body, self.progress, self.size = body, progress, size

    def __iter__(self) -> Iterator[bytes]:
        total = len(self.body)
        self.progress("upload", 0, total)
        for start in range(0, total, self.size):
            yield self.body[start : start + self.size]
            self.progress("upload", min(start + self.size, total), total)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _json_term(cell: dict[str, str]) -> Node:
    from rdflib import BNode, URIRef

    kind = cell.get("type")
    value = cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        return rdflib_literal(value, cell.get("datatype"), cell.get("xml:lang"))
    raise ValueError(f"unsupported result term type {kind!r}")


# --------------------------------------------------------------------------------------------
# Loading


def open_target(
    store: Path | None = None,
    endpoint: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
) -> EmbeddedStore | Endpoint:
    """The embedded store in ``store`` or the endpoint at ``endpoint`` (exactly one)."""
    if (store is None) == (endpoint is None):
        raise InputError("give exactly one of a store directory or an endpoint URL")
    if store is not None:
        return EmbeddedStore(store)
    assert endpoint is not None
    return Endpoint.from_url(endpoint, layout=layout, timeout=timeout)


def load(
    target: LoadTarget,
    files: Sequence[Path],
    graph_iri: str | None = None,
    validate: bool = True,
    progress: bool | ProgressCallback = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> int:
    """Parse ``files``, check them against the shapes, then replace the graph in ``target``.

    Bad input fails before the graph is touched; data that violates the shapes is refused with
    :class:`DataFailsError` unless ``validate`` is False. An :class:`EmbeddedStore` loads
    through :meth:`EmbeddedStore.load_files` (pyoxigraph bulk load into a staging directory,
    then a swap), an :class:`Endpoint` through :meth:`Endpoint.load_files` (streamed in chunks
    of ``chunk_size`` triples through a staging graph when larger than one chunk); any other
    target gets an rdflib graph. ``progress`` is a callback ``(stage, done, total)`` or True
    for a progress bar on stderr. Returns the triples written.
    """
    paths = [Path(p) for p in files]
    if not paths:
        raise InputError("no files to load")
    _graph_name(graph_iri)
    report: ProgressCallback | None = None
    bar: _StderrProgress | None = None
    if callable(progress):
        report = progress
    elif progress:
        report = bar = _StderrProgress()
    try:
        if isinstance(target, EmbeddedStore):
            return target.load_files(paths, graph_iri, validate=validate, progress=report)
        if isinstance(target, Endpoint):
            return target.load_files(
                paths, graph_iri, validate=validate, progress=report, chunk_size=chunk_size
            )
        return _load_with_rdflib(target, paths, graph_iri, validate, report)
    finally:
        if bar is not None:
            bar.close()


def _load_with_rdflib(
    target: LoadTarget,
    paths: Sequence[Path],
    graph_iri: str | None,
    validate: bool,
    report: ProgressCallback | None,
) -> int:
    from ecoonto import graphs

    graph = graphs.new_graph()
    for i, path in enumerate(paths):
        if report:
            report("parse", i, len(paths))
        graphs.parse_into(graph, path)
    if report:
        report("parse", len(paths), len(paths))
    if validate:
        if report:
            report("validate", 0, 1)
        _check_shapes(graph)
        if report:
            report("validate", 1, 1)
    return target.replace_graph(graph, graph_iri, progress=report)


def _check_shapes(graph: Graph) -> None:
    from ecoonto.validation import validate as validate_graph  # another module; loaded lazily

    _refuse_violations(validate_graph(graph))


def _refuse_violations(outcome: Any) -> None:
    if not outcome.conforms:
        count = len(outcome.violations)
        raise DataFailsError(
            f"the data has {count} SHACL violation{'s' if count != 1 else ''}: nothing loaded"
            " (run 'ecoonto validate' to see them, or pass --no-validate)"
        )


class _StderrProgress:
    """A progress bar on stderr, one bar per stage."""

    LABELS = {
        "parse": "parsing",
        "validate": "validating",
        "store": "writing",
        "upload": "sending",
        "send": "sending",
    }

    def __init__(self) -> None:
        self._bar: Any = None
        self._stage = ""
        self._done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        import click

        if stage != self._stage:
            self.close()
            self._stage, self._done = stage, 0
            stream = sys.stderr
            label = self.LABELS.get(stage, stage)
            self._bar = click.progressbar(length=max(total, 1), label=label, file=stream)
            self._bar.__enter__()
        if self._bar is not None and done > self._done:
            self._bar.update(done - self._done)
            self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
