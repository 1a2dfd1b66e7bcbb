"""Server layouts: where a SPARQL server keeps its query, update and Graph Store services.

Documented per server in docs/triple-stores.md.
"""

from __future__ import annotations

import urllib.parse
from typing import Literal

from ecoonto.errors import InputError
from ecoonto.targets.http import check_url, credentials_for, public_url

Layout = Literal["auto", "oxigraph", "fuseki", "graphdb", "virtuoso", "qlever"]
LAYOUTS: tuple[str, ...] = ("auto", "oxigraph", "fuseki", "graphdb", "virtuoso", "qlever")


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

    >>> for url in layout_urls("http://localhost:3030/eco"):
    ...     print(url)
    http://localhost:3030/eco/query
    http://localhost:3030/eco/update
    http://localhost:3030/eco/data
    fuseki
    >>> layout_urls("http://localhost:7878")[-2:]
    ('http://localhost:7878/store', 'oxigraph')
    >>> layout_urls("http://localhost:7200/repositories/eco/statements")[0]
    'http://localhost:7200/repositories/eco'
    >>> layout_urls("http://localhost:8890/sparql", "virtuoso")[1]
    'http://localhost:8890/sparql'
    >>> layout_urls("https://example.org/a/b/c")
    ('https://example.org/a/b/c', None, None, 'query-only')
    >>> layout_urls("http://localhost:3030/eco", "blazegraph")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: unknown endpoint layout 'blazegraph': use one of auto, oxigraph, ...
    """
    check_url(url)
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
