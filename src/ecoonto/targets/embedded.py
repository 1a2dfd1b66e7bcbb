"""An embedded Oxigraph store on disk: its lock, loads by staging directory and swap, recovery.

:class:`EmbeddedStore` opens a store for reading and writing and holds its lock;
:class:`ReadOnlyStore` opens it read-only (no lock: a query never blocks ``ecoonto load`` or a
server holding the store).

:meth:`EmbeddedStore.load_files`: the files are parsed by pyoxigraph straight into a fresh store
directory beside the store (``<store>.ecoonto-new-XXXX``), which also receives a copy of every
OTHER graph of the store; the data is checked there if a check is passed in; then the
directories are swapped by two renames (``<store>`` -> ``<store>.ecoonto-old-XXXX``, the new one
-> ``<store>``) and the old one is removed. No rdflib graph is built and no SPARQL update runs,
so a load costs about what ``oxigraph load`` costs. Any failure before the swap removes the
staging directory and leaves the store as it was; a crash between the two renames is repaired
the next time the store is opened (:func:`recover`). An rdflib graph given to
:meth:`EmbeddedStore.replace_graph` is written by ONE SPARQL update ``DROP SILENT GRAPH <g> ;
INSERT DATA { ... }`` (one transaction).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecoonto.errors import EcoontoError, InputError, StoreError, one_line
from ecoonto.rdf.graphs import files_quads
from ecoonto.rdf.parse import ReadAgain
from ecoonto.targets.base import (
    ProgressCallback,
    StagedCheck,
    check_service,
    count_query,
    graph_name,
    replace_update,
    to_ntriples,
)
from ecoonto.targets.memory import oxigraph_result
from ecoonto.targets.results import QueryResult
from ecoonto.targets.staging import BytesRead, file_size, in_graph

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

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

    A crash between the two renames left only the old store, under its staging name:

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / ("db" + STAGING_OLD + "1234")).mkdir()
    >>> (folder / ("db" + STAGING_NEW + "5678")).mkdir()
    >>> recover(folder / "db"), sorted(p.name for p in folder.iterdir())
    (True, ['db'])
    >>> recover(folder / "db")  # nothing left to repair
    False
    >>> shutil.rmtree(folder)
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

    >>> import tempfile
    >>> from rdflib import Graph
    >>> folder = Path(tempfile.mkdtemp())
    >>> data = Graph().parse(format="turtle", data="<http://e/a> <http://e/p> 1, 2 .")
    >>> with EmbeddedStore(folder / "db") as store:
    ...     written = store.replace_graph(data, "http://e/g")
    ...     EmbeddedStore(folder / "db")  # a second writer is refused
    Traceback (most recent call last):
    ...
    ecoonto.errors.StoreError: store .../db is busy (another ecoonto process holds it)
    >>> with EmbeddedStore(folder / "db", default_graph_iri="http://e/g") as store:
    ...     store.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").as_strings()
    [('2',)]
    >>> shutil.rmtree(folder)
    """

    allow_service = False
    """Whether queries may use SERVICE (:func:`~ecoonto.targets.base.check_service`)."""

    def __init__(self, path: Path, *, default_graph_iri: str | None = None) -> None:
        self.path = Path(path)
        self.default_graph_iri = default_graph_iri
        if default_graph_iri is not None:
            graph_name(default_graph_iri)
        self._store: ox.Store | None = None
        self._finalizer: Any = None  # releases the lock file; None while not held
        self._attach()

    def _attach(self) -> None:
        """Take the store's lock, repair an interrupted load, open the store for writing."""
        self._check_directory()
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
        """The store's real directory: a symbolic link is followed, so a load replaces the
        directory it points to (and the link stays), and its lock is that directory's."""
        return Path(os.path.realpath(self.path))

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

    def _lock(self) -> None:
        """Hold ``<store>.ecoonto-lock`` (a file beside the store, left in place) for the life
        of this object: it keeps the store, its staging directories and the swap to one
        ecoonto process (RocksDB's own lock cannot cover the moment of the swap)."""
        import fcntl

        lock_path = _sibling(self._absolute, LOCK_SUFFIX)
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"store {self.path}: cannot open ({one_line(exc)})") from None
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
                    raise StoreError(f"store {self.path}: cannot open ({one_line(exc)})") from None
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
        check_service(sparql, self.allow_service, self.describe())
        kwargs: dict[str, Any] = {}
        if self.default_graph_iri is not None:
            kwargs["default_graph"] = graph_name(self.default_graph_iri)
        try:
            return oxigraph_result(self.store.query(sparql, **kwargs))
        except SyntaxError as exc:
            raise InputError(f"{self.describe()}: bad SPARQL query: {one_line(exc)}") from None
        except EcoontoError:
            raise
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"{self.describe()}: query failed: {one_line(exc)}") from None

    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction."""
        try:
            self.store.update(sparql)
        except SyntaxError as exc:
            raise InputError(f"{self.describe()}: bad SPARQL update: {one_line(exc)}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"{self.describe()}: update failed: {one_line(exc)}") from None

    def replace_graph(
        self,
        source: Graph | Sequence[Path],
        graph_iri: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> int:
        """Replace ``graph_iri`` (None: the default graph) by ``source``, all or nothing.

        Files go through :meth:`load_files` (without a check). An rdflib graph, already in
        memory, is written by one SPARQL update that clears and fills the graph, which
        pyoxigraph applies as one transaction. Returns the number of triples written.
        """
        from rdflib import Graph

        if not isinstance(source, Graph):
            return self.load_files(source, graph_iri, progress=progress)
        graph = source
        ntriples = to_ntriples(graph).decode("utf-8")
        update = replace_update(graph_iri, ntriples)
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
        check: StagedCheck | None = None,
        progress: ProgressCallback | None = None,
        base: str | None = None,
    ) -> int:
        """Replace ``graph_iri`` (None: the default graph) by the triples of ``files``.

        The files are parsed by pyoxigraph into a fresh store directory beside this one
        (``<store>.ecoonto-new-XXXX``); ``check`` (if any) is run on the new graph there and
        may refuse it (:class:`DataFailsError`); every other graph of the store is copied in;
        then the directories are swapped by renames. Until the swap the store is not touched:
        bad input, a validation failure or a write error removes the staging directory and
        leaves the store as it was. ``base`` is the base IRI of relative IRIs in the files
        (default: each file's URL). Returns the number of triples in the new graph.
        """
        target = graph_name(graph_iri)
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
                count = self._stage(staging, paths, target, check, progress, slow, base)
            except ReadAgain as retry:  # a token over 16 MB: read that file carefully
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
                f" ({one_line(exc)}); nothing changed"
            ) from None
        return staging

    def _stage(
        self,
        staging: Path,
        paths: Sequence[Path],
        target: ox.NamedNode | ox.DefaultGraph,
        check: StagedCheck | None,
        progress: ProgressCallback | None,
        slow: set[Path],
        base: str | None = None,
    ) -> int:
        """Fill ``staging``: the files into ``target``, then every other graph of this store."""
        import pyoxigraph as ox

        new: ox.Store | None = ox.Store(str(staging))
        assert new is not None
        try:
            total = sum(file_size(p) for p in paths)
            read = BytesRead(progress, "parse", total)
            if progress:
                progress("parse", 0, total)
            try:
                new.bulk_extend(
                    in_graph(files_quads(paths, careful=slow, on_read=read, base=base), target)
                )
            except OSError as exc:
                raise self._write_error(exc) from None
            read.finish()
            count = len(new)
            if check is not None:
                if progress:
                    progress("validate", 0, 1)
                check(new, target)
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
                # A bulk load leaves many overlapping files; compacting them once here makes
                # every later read of a term (each IRI or long literal of a result) about four
                # times cheaper (10^7 triples: 182,000 rows of two IRIs, 13 s before, 3 s after).
                new.optimize()
            except OSError as exc:
                raise self._write_error(exc) from None
            if progress:
                progress("store", 1, 2)
            return count
        finally:
            new = None  # closes the staging store before it is renamed or removed

    def _write_error(self, exc: OSError) -> StoreError:
        return StoreError(
            f"{self.describe()}: cannot write the new data ({one_line(exc)}); nothing changed"
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
                f"{self.describe()}: cannot swap in the new data ({one_line(exc)}); nothing changed"
            ) from None
        try:
            os.rename(staging, where)
        except OSError as exc:
            try:
                os.rename(old, where)  # put the old store back
            except OSError:
                raise StoreError(
                    f"{self.describe()}: cannot swap in the new data ({one_line(exc)}); the"
                    f" old store is in {old} and is put back the next time the store is opened"
                ) from None
            shutil.rmtree(staging, ignore_errors=True)
            self._open()
            raise StoreError(
                f"{self.describe()}: cannot swap in the new data ({one_line(exc)}); nothing changed"
            ) from None
        _fsync_dir(where.parent)
        shutil.rmtree(old, ignore_errors=True)
        self._open()

    def triple_count(self, graph_iri: str | None = None) -> int:
        """Triples in ``graph_iri`` (None: the default graph)."""
        query = count_query(graph_iri)
        try:
            result = self.store.query(query)
            return int(next(iter(result))["n"].value)  # type: ignore[arg-type]
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"{self.describe()}: {one_line(exc)}") from None


class ReadOnlyStore(EmbeddedStore):
    """An embedded Oxigraph store in ``path``, opened for reading only (no lock taken).

    Opened with ``pyoxigraph.Store.read_only``: the reader sees the store as it was when it was
    opened; pyoxigraph warns that a write by another process while the reader is open is
    undefined behaviour for the reader (at worst a read error, exit 3), never for the writer.
    Queries behave as on :class:`EmbeddedStore`; writing is refused.

    >>> import tempfile
    >>> from rdflib import Graph
    >>> folder = Path(tempfile.mkdtemp())
    >>> with EmbeddedStore(folder / "db") as store:
    ...     _ = store.replace_graph(Graph().parse(format="turtle", data="<s:a> <p:b> 1 ."))
    >>> with ReadOnlyStore(folder / "db") as reader:
    ...     print(reader.describe().endswith("(read-only)"), reader.triple_count())
    ...     reader.update("CLEAR ALL")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: ...read-only...
    >>> ReadOnlyStore(folder / "none")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: store .../none: no such directory (create it with ecoonto load ...)
    >>> shutil.rmtree(folder)
    """

    def _attach(self) -> None:
        if not self.path.exists():
            raise InputError(
                f"store {self.path}: no such directory (create it with ecoonto load --store)"
            )
        if not self.path.is_dir():
            raise InputError(f"store {self.path}: is a file, not a store directory")
        if not (self.path / "CURRENT").exists():
            raise InputError(f"store {self.path}: the directory holds no Oxigraph store")
        self._open()

    def _open(self) -> None:
        import pyoxigraph as ox

        try:
            self._store = ox.Store.read_only(str(self.path))
        except OSError as exc:
            raise StoreError(
                f"store {self.path}: cannot open read-only ({one_line(exc)})"
            ) from None

    def describe(self) -> str:
        return f"store {self.path} (read-only)"

    def _close_store(self) -> None:
        self._store = None  # a read-only store has nothing to flush

    def update(self, sparql: str) -> None:
        raise InputError(f"{self.describe()}: opened read-only, cannot update")

    def replace_graph(self, *args: object, **kwargs: object) -> int:
        raise InputError(f"{self.describe()}: opened read-only, cannot load")

    def load_files(self, *args: object, **kwargs: object) -> int:
        raise InputError(f"{self.describe()}: opened read-only, cannot load")
