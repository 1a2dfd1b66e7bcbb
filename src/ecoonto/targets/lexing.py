"""SPARQL text read as words: the small lexer that finds a query's keywords and the brace depth
they stand at, skipping strings, comments, IRIs, variables and prefixed names.

:func:`ecoonto.targets.base.check_service` asks it whether a query uses ``SERVICE``;
:func:`ecoonto.targets.querying.bind` whether a query already ends with ``VALUES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["IRIREF", "keywords", "tokens"]

IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
"""SPARQL 1.1 ``IRIREF``: an IRI between angle brackets."""
_WORD = re.compile(r"[A-Za-z_][\w\-.]*(?::[\w\-.:%\\]*)?")
_EMPTY_PREFIX_NAME = re.compile(r":[\w\-.:%\\]*")


def tokens(sparql: str) -> Iterable[tuple[str, int, int]]:
    """(word, offset, brace depth) for each keyword-like word outside strings, comments, IRIs,
    variables and prefixed names; the word in upper case.

    >>> list(tokens('SELECT ?s { ?s a eco:X } # where'))
    [('SELECT', 0, 0), ('A', 15, 1)]
    """
    i, n, depth = 0, len(sparql), 0
    while i < n:
        c = sparql[i]
        if c == "#":
            end = sparql.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            i = _skip_string(sparql, i)
        elif c == "<":
            m = IRIREF.match(sparql, i)
            i = m.end() if m else i + 1
        elif c in "?$":
            i += 1
            while i < n and (sparql[i].isalnum() or sparql[i] == "_"):
                i += 1
        elif c == "{":
            depth += 1
            i += 1
        elif c == "}":
            depth -= 1
            i += 1
        elif c.isalpha() or c == "_":
            m = _WORD.match(sparql, i)
            assert m is not None
            if ":" not in m.group():
                yield m.group().upper(), i, depth
            i = m.end()
        elif c == ":":  # a prefixed name with the empty prefix
            m = _EMPTY_PREFIX_NAME.match(sparql, i)
            assert m is not None
            i = m.end()
        else:
            i += 1


def keywords(sparql: str) -> set[str]:
    """The keywords of ``sparql`` (upper case), outside strings, comments, IRIs, variables and
    prefixed names: ``"SERVICE" in keywords(q)`` says whether ``q`` uses SERVICE.

    >>> sorted(keywords('select * { SERVICE <http://x/> { ?s ?p "service" } }'))
    ['SELECT', 'SERVICE']
    """
    return {token for token, _, _ in tokens(sparql)}


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    long = text.startswith(quote * 3, i)
    j = i + (3 if long else 1)
    while j < len(text):
        if text[j] == "\\":
            j += 2
        elif long and text.startswith(quote * 3, j):
            return j + 3
        elif not long and text[j] == quote:
            return j + 1
        else:
            j += 1
    return j
