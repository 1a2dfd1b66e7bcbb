"""Relative IRI resolution as RFC 3986 section 5.2 states it (remove_dot_segments included).

pyoxigraph's resolver is exact for a base without ``.`` or ``..`` segments, but keeps the
dot segments of a base that has them (``<g>`` against ``http://a/b/./c`` gives
``http://a/b/./g``, the RFC ``http://a/b/g``). :mod:`ecoonto.rdf.parse` uses this module
where such a base is in effect (:func:`has_dot_segments`).

An IRI written absolute in the data is data: readers keep it as written (RDF compares IRIs
character by character); only relative references are resolved.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# RFC 3986 appendix B
_PARTS = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)


class Reference(NamedTuple):
    """The five components of a URI reference (None where the component is undefined).

    >>> parts = Reference("http", "a", "/b/c", None, "")
    >>> recompose(parts), parts.query is None, parts.fragment == ""  # an empty fragment is kept
    ('http://a/b/c#', True, True)
    """

    scheme: str | None
    authority: str | None
    path: str
    query: str | None
    fragment: str | None


def split(reference: str) -> Reference:
    """The components of ``reference`` (RFC 3986 appendix B).

    >>> split("http://a/b/c/d;p?q#f")
    Reference(scheme='http', authority='a', path='/b/c/d;p', query='q', fragment='f')
    >>> split("../g")
    Reference(scheme=None, authority=None, path='../g', query=None, fragment=None)
    """
    m = _PARTS.match(reference)
    assert m is not None  # the pattern matches every string
    scheme, authority, path, query, fragment = m.groups()
    return Reference(scheme, authority, path, query, fragment)


def recompose(parts: Reference) -> str:
    """The reference of ``parts`` (RFC 3986 section 5.3).

    >>> recompose(Reference("http", "a", "/g", None, "s"))
    'http://a/g#s'
    """
    out = ""
    if parts.scheme is not None:
        out += parts.scheme + ":"
    if parts.authority is not None:
        out += "//" + parts.authority
    out += parts.path
    if parts.query is not None:
        out += "?" + parts.query
    if parts.fragment is not None:
        out += "#" + parts.fragment
    return out


def remove_dot_segments(path: str) -> str:
    """``path`` with its ``.`` and ``..`` segments removed (RFC 3986 section 5.2.4).

    >>> remove_dot_segments("/a/b/c/./../../g")
    '/a/g'
    >>> remove_dot_segments("mid/content=5/../6")
    'mid/6'
    """
    given = path
    output: list[str] = []
    while given:
        if given.startswith("../"):
            given = given[3:]
        elif given.startswith("./"):
            given = given[2:]
        elif given.startswith("/./"):
            given = given[2:]
        elif given == "/.":
            given = "/"
        elif given.startswith("/../"):
            given = given[3:]
            if output:
                output.pop()
        elif given == "/..":
            given = "/"
            if output:
                output.pop()
        elif given in (".", ".."):
            given = ""
        else:
            start = 1 if given.startswith("/") else 0
            end = given.find("/", start)
            end = len(given) if end < 0 else end
            output.append(given[:end])
            given = given[end:]
    return "".join(output)


def _merge(base: Reference, path: str) -> str:
    """RFC 3986 section 5.2.3."""
    if base.authority is not None and base.path == "":
        return "/" + path
    cut = base.path.rfind("/")
    return base.path[: cut + 1] + path


def resolve(reference: str, base: str) -> str:
    """``reference`` resolved against the absolute ``base`` (RFC 3986 section 5.2.2, strict).

    >>> resolve("g", "http://a/b/./c")
    'http://a/b/g'
    >>> resolve("../g", "http://a/b/c/d;p?q")
    'http://a/b/g'
    >>> resolve("#s", "http://a/b/./c")
    'http://a/b/./c#s'
    """
    r = split(reference)
    b = split(base)
    if r.scheme is not None:
        t = Reference(r.scheme, r.authority, remove_dot_segments(r.path), r.query, r.fragment)
    elif r.authority is not None:
        t = Reference(b.scheme, r.authority, remove_dot_segments(r.path), r.query, r.fragment)
    elif r.path == "":
        query = r.query if r.query is not None else b.query
        t = Reference(b.scheme, b.authority, b.path, query, r.fragment)
    elif r.path.startswith("/"):
        t = Reference(b.scheme, b.authority, remove_dot_segments(r.path), r.query, r.fragment)
    else:
        path = remove_dot_segments(_merge(b, r.path))
        t = Reference(b.scheme, b.authority, path, r.query, r.fragment)
    return recompose(t)


def is_absolute(reference: str) -> bool:
    """Whether ``reference`` has a scheme (and so is resolved against no base).

    >>> is_absolute("http://a/b"), is_absolute("../b"), is_absolute("urn:x")
    (True, False, True)
    """
    return split(reference).scheme is not None


def has_dot_segments(base: str) -> bool:
    """Whether resolving against ``base`` can meet a ``.`` or ``..`` segment of its own path
    (one before its last ``/``): where pyoxigraph's resolver is not exact.

    >>> has_dot_segments("http://a/b/./c"), has_dot_segments("http://a/b/c/."), \
has_dot_segments("http://a/b/c")
    (True, False, False)
    """
    path = split(base).path
    directory = path[: path.rfind("/") + 1]
    return any(segment in (".", "..") for segment in directory.split("/"))
