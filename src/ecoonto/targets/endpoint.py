"""A remote SPARQL 1.1 endpoint: the SPARQL Protocol for queries and updates, the Graph Store
Protocol for loading, in chunks through a staging graph when large.

A graph that fits in one chunk (``chunk_size`` triples) is sent in ONE Graph Store Protocol
``PUT <store>?graph=IRI`` (``?default`` for the default graph; when the store URL answers
404/405, ONE SPARQL update ``DROP SILENT GRAPH <g> ; INSERT DATA { ... }``). A larger one is
streamed: the first chunk is ``PUT`` into a staging graph (:func:`staging_graph_iri`), the
others ``POST``ed (appended) to it (``INSERT DATA`` without a Graph Store), and one final
``MOVE`` replaces the target: readers never see a half-loaded graph, a failure leaves the target
as it was and drops the staging graph. Each chunked load has a staging graph of its own
(``<staging_graph_iri(target)>:<start ns>-<token>``) and makes its ``MOVE`` under a lock kept in
the store (``urn:ecoonto:lock:...``), after checking that its staging graph holds what it sent:
of two loads into one graph at once, one wins whole and the other wins later or is refused
(exit 3), never a mix of both. A successful load drops the staging graphs of loads into the
same graph that started before it (left by a failure, or still running: those are refused).
HTTP itself (credentials, authentication, redirects, scrubbing) is :mod:`ecoonto.targets.http`;
URL layouts are :mod:`ecoonto.targets.layouts`.
"""

from __future__ import annotations

import itertools
import secrets
import time
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ecoonto.errors import EcoontoError, InputError, one_line
from ecoonto.rdf.graphs import files_quads
from ecoonto.rdf.parse import ReadAgain
from ecoonto.rdf.terms import ToOxigraph, rdflib_literal
from ecoonto.targets.base import (
    ProgressCallback,
    StagedCheck,
    count_query,
    graph_name,
    replace_update,
)
from ecoonto.targets.http import (
    Answer,
    Auth,
    HttpClient,
    check_url,
    credentials_for,
    public_url,
)
from ecoonto.targets.layouts import layout_urls
from ecoonto.targets.results import QueryResult
from ecoonto.targets.staging import BytesRead, counted, file_size

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Node

DEFAULT_CHUNK_SIZE = 100_000
"""Triples per request when a load to an endpoint is streamed in chunks."""


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

    Its URLs and settings, shown without a server (queries and loads need one: the
    integration tests run them against real servers):

    >>> fuseki = Endpoint.from_url("http://localhost:3030/eco", timeout=5)
    >>> fuseki.describe(), fuseki.store_url, fuseki.timeout, fuseki.auth
    ('endpoint http://localhost:3030/eco/query', 'http://localhost:3030/eco/data', 5.0, 'basic')
    >>> virtuoso = Endpoint.from_url("http://localhost:8890/sparql", layout="virtuoso")
    >>> virtuoso.graph_param, virtuoso.staged_put, virtuoso.default_graph_store
    ('graph-uri', True, False)
    >>> Endpoint("http://localhost:7878/query", default_graph_iri="not absolute")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: graph IRI 'not absolute' is not an absolute IRI (...)
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
        self.query_url = check_url(query_url)
        self.update_url = check_url(update_url) if update_url else None
        self.store_url = check_url(store_url) if store_url else None
        self.http = HttpClient(
            (self.query_url, self.update_url, self.store_url),
            credentials_for(query_url),
            timeout,
            auth,
        )
        self.default_graph_iri = default_graph_iri
        if default_graph_iri is not None:
            graph_name(default_graph_iri)
        self.graph_param = graph_param
        self.default_graph_store = default_graph_store
        self.staged_put = staged_put
        self.turtle_put = turtle_put

    @property
    def timeout(self) -> float:
        """Seconds to wait for the server (connecting, and each wait for an answer)."""
        return self.http.timeout

    @property
    def auth(self) -> Auth:
        return self.http.auth

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
        answer = self.http.send(
            url, "POST", body, "application/x-www-form-urlencoded", accept=accept
        )
        self.http.check_answer(url, answer)
        if kind == "graph":
            return QueryResult(
                kind="graph", graph=self._parse_graph(answer.body, answer.content_type)
            )
        result = self._parse_json(answer.body)
        self._check_row_limit(url, answer, result)
        return result

    def _check_row_limit(self, url: str, answer: Answer, result: QueryResult) -> None:
        """Virtuoso cuts results at its ``ResultSetMaxRows`` (10000 by default) and says so only
        in an ``X-SPARQL-MaxRows`` header: a result that reaches the limit may be incomplete,
        which is an error rather than a silently wrong answer."""
        try:
            limit = int(answer.max_rows)
        except ValueError:
            return
        if result.kind == "select" and len(result.rows) >= limit:
            raise self.http.error(
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
            raise self.http.error(self.query_url, f"unreadable results ({one_line(exc)})") from None
        return QueryResult(kind="select", variables=variables, rows=rows)

    def _parse_graph(self, body: bytes, content_type: str) -> Graph:
        """A CONSTRUCT/DESCRIBE answer read by :mod:`ecoonto.rdf` (format by media type,
        Turtle if unknown; lexical forms kept)."""
        from ecoonto.rdf import by_media_type, by_name, graph_of
        from ecoonto.rdf.parse import parse_bytes

        form = by_media_type(content_type) or by_name("turtle")
        try:
            quads = parse_bytes(body, form)
        except InputError as exc:
            raise self.http.error(self.query_url, f"unreadable graph ({exc.message})") from None
        return graph_of(quads)

    def update(self, sparql: str, progress: ProgressCallback | None = None) -> None:
        """Send a SPARQL update as one request (``application/sparql-update``)."""
        if not self.update_url:
            raise InputError(f"{self.describe()}: no update URL known: pass --layout")
        url = self.update_url
        answer = self.http.send(
            url, "POST", sparql.encode("utf-8"), "application/sparql-update", progress
        )
        self.http.check_answer(url, answer)

    def replace_graph(
        self,
        source: Graph | Sequence[Path],
        graph_iri: str | None = None,
        progress: ProgressCallback | None = None,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> int:
        """Replace ``graph_iri`` (None: the default graph) by ``source`` (files: without a
        check, see :meth:`load_files`), all or nothing. Returns the triples sent."""
        from rdflib import Graph

        if not isinstance(source, Graph):
            return self.load_files(source, graph_iri, progress=progress, chunk_size=chunk_size)
        self._check_loadable(graph_iri, chunk_size)
        return self._send_quads(
            ToOxigraph().quads(source), graph_iri, chunk_size, progress, total=len(source)
        )

    def load_files(
        self,
        files: Sequence[Path],
        graph_iri: str | None = None,
        *,
        check: StagedCheck | None = None,
        progress: ProgressCallback | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        base: str | None = None,
    ) -> int:
        """Replace ``graph_iri`` (None: the default graph) by the triples of ``files``.

        Up to ``chunk_size`` triples go in one request (:meth:`_send_one`). More are streamed
        in chunks of ``chunk_size`` triples into a staging graph (:func:`staging_graph_iri`),
        which one final ``MOVE`` puts in place of the target (:meth:`_send_chunked`); memory
        stays bounded by the chunk size. With a ``check`` the whole graph is checked first: it
        is parsed into an in-memory pyoxigraph store, checked (which may refuse it with
        DataFailsError, before anything is sent), then streamed from a second parse.
        ``base`` is the base IRI of relative IRIs in the files. Returns the triples sent.
        """
        import pyoxigraph as ox

        paths = [Path(p) for p in files]
        if not paths:
            raise InputError("no files to load")
        self._check_loadable(graph_iri, chunk_size)
        slow: set[Path] = set()
        total = sum(file_size(p) for p in paths)
        while True:
            try:
                if check is None:
                    read = BytesRead(progress, "parse", total)
                    if progress:
                        progress("parse", 0, total)
                    quads = files_quads(paths, careful=slow, on_read=read, base=base)
                    return self._send_quads(quads, graph_iri, chunk_size, progress, read=read)
                memory = ox.Store()
                read = BytesRead(progress, "parse", total)
                if progress:
                    progress("parse", 0, total)
                parsed = [0]
                memory.bulk_extend(
                    counted(files_quads(paths, careful=slow, on_read=read, base=base), parsed)
                )
                read.finish()
                if progress:
                    progress("validate", 0, 1)
                check(memory, ox.DefaultGraph())
                if progress:
                    progress("validate", 1, 1)
                del memory
                # Sent from a second parse, not from the store: the store keeps some literals
                # by value ("30.0"^^xsd:decimal as 30, xsd:nonNegativeInteger as xsd:integer),
                # and the server must get the data as written.
                again = files_quads(paths, careful=slow, base=base)
                return self._send_quads(again, graph_iri, chunk_size, progress, total=parsed[0])
            except ReadAgain as retry:  # a token over 16 MB: read that file carefully
                slow.add(retry.path)

    def _check_loadable(self, graph_iri: str | None, chunk_size: int) -> None:
        graph_name(graph_iri)
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
        read: BytesRead | None = None,
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
            answer = self.http.send(self._gsp_url(put_iri), "PUT", body, media, progress)
            if 200 <= answer.status < 300:
                if staged and put_iri and graph_iri:
                    self._move(put_iri, graph_iri)
                return count
            if staged and put_iri:
                self._drop_quietly(put_iri)
            if answer.status not in (404, 405) or not self.update_url:
                self.http.check_answer(self.store_url, answer)
        if not self.update_url:
            raise InputError(f"{self.describe()}: no Graph Store or update URL: pass --layout")
        self.update(replace_update(graph_iri, ntriples.decode("utf-8")), progress)
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
        read: BytesRead | None,
    ) -> int:
        """PUT the first chunk into the staging graph, POST the others (INSERT DATA without a
        Graph Store), then one ``MOVE`` onto ``graph_iri``; on any failure the staging graph
        is dropped (best effort) and ``graph_iri`` is left as it was."""
        prefix = staging_graph_iri(graph_iri if graph_iri is not None else DEFAULT_GRAPH_KEY)
        started = time.time_ns()
        # This load's own staging graph: a load running at the same time has another.
        staging = f"{prefix}:{started}-{secrets.token_hex(6)}"
        use_gsp = self.store_url is not None
        sent = done = 0
        try:
            for i, chunk in enumerate(chunks):
                ntriples = _ntriples(chunk)
                if use_gsp:
                    assert self.store_url is not None
                    body, media = self._gsp_body(ntriples)
                    method = "PUT" if i == 0 else "POST"
                    answer = self.http.send(self._gsp_url(staging), method, body, media)
                    if i == 0 and answer.status in (404, 405) and self.update_url:
                        use_gsp = False  # no Graph Store here: SPARQL updates instead
                    else:
                        self.http.check_answer(self.store_url, answer)
                if not use_gsp:
                    name = graph_name(staging)
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
            # Two MOVEs onto one graph at once can leave the union of both (snapshot isolation):
            # the MOVE is made under a lock held in the store itself.
            lock = f"urn:ecoonto:lock:{prefix.rsplit(':', 1)[1]}"
            me = f"{started}-{staging.rsplit('-', 1)[1]}"
            self._lock(lock, me, graph_iri)
            try:
                staged = self.triple_count(staging)
                if staged != sent:
                    raise self.http.error(
                        self.update_url or self.query_url,
                        f"the staging graph of the load into {_shown(graph_iri)} holds {staged}"
                        f" triples, not the {sent} sent: another load into that graph ran at"
                        " the same time; the graph was left as it was (load again)",
                    )
                target = "DEFAULT" if graph_iri is None else str(graph_name(graph_iri))
                self.update(f"MOVE SILENT {graph_name(staging)} TO {target}")
            finally:
                self._drop_quietly(lock)  # held by this load alone: the lock graph goes
        except BaseException:
            self._drop_quietly(staging)
            raise
        self._drop_older_staging(prefix, started)
        return sent

    def _lock(self, lock: str, me: str, graph_iri: str | None) -> None:
        """Take the lock graph ``lock`` for ``me`` (``<ns>-<token>``), or raise StoreError: one
        update inserts ``me`` only if the lock graph is empty, then the holders are read back;
        of holders that got in together the smallest keeps it. A holder older than
        :data:`LOCK_STALE_SECONDS` (a load that died holding it) is removed first."""
        name = graph_name(lock)
        for attempt in range(2):
            self.update(
                f"INSERT {{ GRAPH {name} {{ {name} <{LOCK_HOLDER}> {_quoted(me)} }} }} WHERE "
                f"{{ FILTER NOT EXISTS {{ GRAPH {name} {{ ?s ?p ?o }} }} }}"
            )
            rows = self._query(
                f"SELECT ?h WHERE {{ GRAPH {name} {{ ?s <{LOCK_HOLDER}> ?h }} }}", None
            ).rows
            holders = sorted(str(r[0]) for r in rows if r and r[0] is not None)
            if holders and holders[0] == me:
                return
            self._unlock(lock, me)
            now = time.time_ns()
            stale = [
                h
                for h in holders
                if h.split("-", 1)[0].isdigit()
                and now - int(h.split("-", 1)[0]) > LOCK_STALE_SECONDS * 10**9
            ]
            if not stale or attempt:
                break
            self._drop_quietly(lock)  # its holder died holding it
        raise self.http.error(
            self.update_url or self.query_url,
            f"another load into {_shown(graph_iri)} is replacing it at this moment; the graph"
            " was left as it was (load again when it is done)",
        )

    def _unlock(self, lock: str, holder: str) -> None:
        """Withdraw ``holder`` from the lock graph (another load holds it)."""
        name = graph_name(lock)
        try:
            self.update(
                f"DELETE DATA {{ GRAPH {name} {{ {name} <{LOCK_HOLDER}> {_quoted(holder)} }} }}"
            )
        except EcoontoError:
            pass

    def _drop_older_staging(self, prefix: str, started: int) -> None:
        """Drop the staging graphs of loads into the same graph that started before this one:
        left by a load that failed without reaching the server, or of a load still running,
        which then finds its staging graph changed and is refused instead of moving it."""
        sparql = (
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }}'
        )
        try:
            rows = self._query(sparql, default_graph_iri=None).rows
        except EcoontoError:
            return
        for row in rows:
            iri = str(row[0]) if row and row[0] is not None else ""
            stamp = iri[len(prefix) :].lstrip(":").split("-", 1)[0]
            if iri == prefix or (stamp.isdigit() and int(stamp) < started):
                self._drop_quietly(iri)

    def _gsp_url(self, graph_iri: str | None) -> str:
        assert self.store_url is not None
        sep = "&" if "?" in self.store_url else "?"
        if graph_iri is None:
            return f"{self.store_url}{sep}default"
        return f"{self.store_url}{sep}{self.graph_param}=" + urllib.parse.quote(graph_iri, safe="")

    def _move(self, staging: str, graph_iri: str) -> None:
        """One update: the staging graph replaces ``graph_iri`` (MOVE drops the target first)."""
        try:
            self.update(f"MOVE SILENT {graph_name(staging)} TO {graph_name(graph_iri)}")
        except EcoontoError:
            self._drop_quietly(staging)
            raise

    def _drop_quietly(self, graph_iri: str) -> None:
        """Best effort: remove a staging graph after a failure (a rerun replaces it anyway)."""
        try:
            self.update(f"DROP SILENT GRAPH {graph_name(graph_iri)}")
        except EcoontoError:
            pass

    def triple_count(self, graph_iri: str | None = None) -> int:
        """Triples in ``graph_iri`` (None: the default graph)."""
        result = self._query(count_query(graph_iri), default_graph_iri=None)
        cell = result.rows[0][0] if result.rows else None
        try:
            return int(str(cell))
        except ValueError:
            raise self.http.error(self.query_url, f"unexpected count {cell!r}") from None


_TURTLE_PROLOGUE = b"@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"


def staging_graph_iri(graph_iri: str) -> str:
    """The graph a staged load (Virtuoso) fills before moving it onto ``graph_iri``: one per
    target, so a rerun after a failure replaces what the failed load left there.

    >>> staging = staging_graph_iri("http://example.org/g")
    >>> staging.startswith("urn:ecoonto:staging:"), staging == staging_graph_iri(
    ...     "http://example.org/g")
    (True, True)
    >>> staging != staging_graph_iri("http://example.org/h")
    True
    """
    import hashlib

    digest = hashlib.sha256(graph_iri.encode("utf-8")).hexdigest()[:32]
    return f"urn:ecoonto:staging:{digest}"


LOCK_HOLDER = "urn:ecoonto:lock-holder"
LOCK_STALE_SECONDS = 600
"""A lock on a graph's MOVE older than this is taken for one left by a load that died."""


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _shown(graph_iri: str | None) -> str:
    return "the default graph" if graph_iri is None else f"<{graph_iri}>"


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
    prefix names in the prologue are skipped.

    >>> query_form("PREFIX select: <http://e/ask#>  # SELECT in a comment\\nASK { ?s ?p ?o }")
    'ASK'
    >>> query_form("BASE <http://e/> INSERT DATA { <a> <b> <c> }"), query_form("# nothing")
    ('INSERT', '')
    """
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
