"""The bundled SPARQL queries, safe parameter binding, and running a query on a target.

A bundled query is a ``.rq`` file under ``queries/`` whose opening comment says what it answers::

    # question: Which positions stand on each side?
    # returns:  ?side ?position; one row per position.
    # expect:   on the bundled AI compute graph, ...

Its name is its path under ``queries/`` without ``.rq`` (``table-buyer-side``,
``qc/undeclared-term-violation``). Parameters are bound by adding a ``VALUES`` block, never by
pasting text into the query. A query runs on anything that implements
:class:`ecoonto.targets.QueryTarget` (:mod:`ecoonto.targets`: memory, embedded store, endpoint).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ecoonto import resources
from ecoonto.errors import InputError
from ecoonto.targets.base import QueryTarget
from ecoonto.targets.lexing import IRIREF, tokens
from ecoonto.targets.results import QueryResult

Category = Literal["table", "analysis", "qc", "other"]

# SPARQL 1.1 VARNAME (ASCII subset) and the escapes of a STRING_LITERAL2.
_ABSOLUTE_IRI = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]*:[^<>]*>\Z")
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_HEADER_LINE = re.compile(r"#\s?([A-Za-z][\w-]*):\s*(.*)\Z")


@dataclass(frozen=True)
class QueryInfo:
    """One query: its name, file and the header that says what it answers.

    >>> info = resolve("players-by-side")
    >>> info.name, info.category, info.path.name
    ('players-by-side', 'other', 'players-by-side.rq')
    >>> info.question
    'Which players stand on each side, what position does each fill, and with which archetypes?'
    >>> "SELECT" in info.text()
    True
    """

    name: str
    path: Path
    question: str
    returns: str
    expect: str
    category: Category
    answer: str = ""
    """The header's ``# answer:`` template: the answer sentence of a question that names this
    query and brings no ``eco:answerTemplate`` of its own (slot language:
    ``ecoonto.products.answers``)."""

    def text(self) -> str:
        """The SPARQL text of the query."""
        return read_text(self.path)


# ---------------------------------------------------------------------------------------------
# The catalogue


def read_text(path: Path) -> str:
    """The text of a ``.rq`` file; :class:`InputError` if it is missing or unreadable.

    >>> read_text(resources.queries_dir() / "sides.rq").startswith("#")
    True
    >>> read_text(Path("no-such-query.rq"))
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: no-such-query.rq: no such file
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a .rq file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: invalid UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def header(text: str) -> dict[str, str]:
    """The ``# key: value`` lines that open a query, continuation lines joined with a space.

    A continuation line is a comment indented by two spaces or more after ``#``. Reading stops at
    the first line that is not a comment.

    >>> header('''# question: Which players
    ... #           stand on each side?
    ... # returns:  ?side ?player
    ... SELECT ?side ?player WHERE { ?player ?p ?side }
    ... # note: not part of the header
    ... ''')
    {'question': 'Which players stand on each side?', 'returns': '?side ?player'}
    """
    fields: dict[str, str] = {}
    last: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        body = line[1:]
        match = _HEADER_LINE.match(line)
        if match and not body.startswith("  "):
            last = match.group(1).lower()
            fields[last] = match.group(2).strip()
        elif last is not None and body.strip():
            fields[last] = f"{fields[last]} {body.strip()}".strip()
    return fields


def category_of(name: str) -> Category:
    """``qc`` under ``qc/``, ``table`` for ``table-*``, ``analysis`` for ``q<n>-*``, else other.

    >>> [category_of(n) for n in ("qc/x", "table-buyer-side", "q1-invisible-counterparty", "sides")]
    ['qc', 'table', 'analysis', 'other']
    """
    if name.startswith("qc/"):
        return "qc"
    base = name.rsplit("/", 1)[-1]
    if base.startswith("table-"):
        return "table"
    if re.match(r"q\d+-", base):
        return "analysis"
    return "other"


def _info(name: str, path: Path) -> QueryInfo:
    fields = header(read_text(path))
    return QueryInfo(
        name=name,
        path=path,
        question=fields.get("question", ""),
        returns=fields.get("returns", ""),
        expect=fields.get("expect", ""),
        category=category_of(name),
        answer=fields.get("answer", ""),
    )


def list_queries(directory: Path | None = None) -> list[QueryInfo]:
    """Every bundled query (``queries/**/*.rq``), sorted by name.

    >>> names = [info.name for info in list_queries()]
    >>> names == sorted(names), "table-buyer-side" in names
    (True, True)
    >>> all(info.name.startswith("qc/") for info in list_queries() if info.category == "qc")
    True
    """
    root = Path(directory) if directory is not None else resources.queries_dir()
    infos = [_info(p.relative_to(root).with_suffix("").as_posix(), p) for p in root.rglob("*.rq")]
    return sorted(infos, key=lambda info: info.name)


def resolve(name_or_path: str | Path, directory: Path | None = None) -> QueryInfo:
    """A bundled query by name (``table-buyer-side``, ``qc/...``) or a ``.rq`` file by path.

    An unknown name raises :class:`InputError` that suggests close bundled names.

    >>> resolve("table-buyer-side.rq").name  # the name, with or without .rq
    'table-buyer-side'
    >>> resolve("players-by-sid")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: unknown query 'players-by-sid'; did you mean players-by-side, ...
    """
    text = str(name_or_path)
    catalogue = {info.name: info for info in list_queries(directory)}
    key = text[:-3] if text.endswith(".rq") else text
    if key in catalogue:
        return catalogue[key]
    path = Path(text)
    if path.is_file():
        return _info(path.stem, path)
    if text.endswith(".rq"):
        read_text(path)  # raises: no such file, or a directory
    matches = _by_basename(key, catalogue)
    if len(matches) == 1:
        return matches[0]
    raise _unknown(text, catalogue)


def _by_basename(key: str, catalogue: Mapping[str, QueryInfo]) -> list[QueryInfo]:
    base = key.rsplit("/", 1)[-1]
    return [info for name, info in catalogue.items() if name.rsplit("/", 1)[-1] == base]


def _unknown(text: str, catalogue: Mapping[str, QueryInfo]) -> InputError:
    names = list(catalogue)
    close = difflib.get_close_matches(text, names, n=3, cutoff=0.5)
    if not close:
        bases = {name.rsplit("/", 1)[-1]: name for name in names}
        close = [bases[b] for b in difflib.get_close_matches(text, list(bases), n=3, cutoff=0.5)]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return InputError(
        f"unknown query '{text}'{hint} (bundled queries: ecoonto query --list; or give a .rq file)"
    )


# ---------------------------------------------------------------------------------------------
# Binding parameters


def sparql_term(value: str) -> str:
    """``value`` as a SPARQL term: an IRI when written ``<...>``, else a string literal.

    Every character that could end the literal is escaped, so the value can never become
    query text.

    >>> print(sparql_term("<https://w3id.org/ecoonto/Buyers>"), sparql_term('x" } DROP ALL #'))
    <https://w3id.org/ecoonto/Buyers> "x\\" } DROP ALL #"
    >>> sparql_term("<not an iri>")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: '<not an iri>' is not a valid absolute IRI
    """
    if value.startswith("<") and value.endswith(">"):
        if not (IRIREF.fullmatch(value) and _ABSOLUTE_IRI.match(value)):
            raise InputError(f"'{value}' is not a valid absolute IRI")
        return value
    out: list[str] = []
    i = 0
    while i < len(value):
        c = value[i]
        out.append(_ECHAR.get(c, c))
        i += 1
        if c == "\\" and i < len(value) and value[i] in "uU":
            # Some engines (rdflib) replace \uXXXX anywhere in the query before parsing, also
            # after an escaped backslash: write the letter and the hex digits after it as \u
            # escapes too, so that no \u sequence is left to replace.
            out.append(f"\\u{ord(value[i]):04X}")
            i += 1
            while i < len(value) and value[i] in _HEX_DIGITS:
                out.append(f"\\u{ord(value[i]):04X}")
                i += 1
    return '"' + "".join(out) + '"'


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings as a dict; :class:`InputError` for a malformed one.

    >>> parse_params(["side=<https://w3id.org/ecoonto/Buyers>", "?label=a=b"])
    {'side': '<https://w3id.org/ecoonto/Buyers>', 'label': 'a=b'}
    >>> parse_params(["no-equals"])
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: malformed --param 'no-equals': write NAME=VALUE, NAME a SPARQL ...
    """
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _VARNAME.match(name):
            raise InputError(
                f"malformed --param '{pair}': write NAME=VALUE, NAME a SPARQL variable name"
            )
        params[name] = value
    return params


def bind(sparql: str, params: Mapping[str, str]) -> str:
    """``sparql`` with each variable in ``params`` bound by a trailing ``VALUES`` clause.

    ``VALUES (?a ?b) { ("x" <http://...>) }`` goes after the query's solution modifiers, where
    SPARQL 1.1 joins it with the query's solutions: rows whose ?a differs are dropped, also
    where ?a comes from an OPTIONAL (a VALUES block at the top of the WHERE group would not
    drop them). In an aggregate query, bind a grouped or aggregated variable. The text before the
    clause is unchanged, so error positions stay right. Values are escaped string literals, or
    IRIs when written ``<...>``: a value can never become query text.

    >>> print(bind("SELECT ?s WHERE { ?s ?p ?name }", {"name": "Nvidia", "p": "<http://e/p>"}))
    SELECT ?s WHERE { ?s ?p ?name }
    VALUES (?name ?p) { ("Nvidia" <http://e/p>) }
    <BLANKLINE>
    >>> bind("SELECT ?s WHERE { ?s ?p ?o }", {"name": "Nvidia"})
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: the query has no variable ?name to bind
    """
    if not params:
        return sparql
    names, terms = [], []
    for name, value in params.items():
        name = name.lstrip("?$")
        if not _VARNAME.match(name):
            raise InputError(f"'{name}' is not a SPARQL variable name")
        if not re.search(r"[?$]" + re.escape(name) + r"(?![\w])", sparql):
            raise InputError(f"the query has no variable ?{name} to bind")
        names.append(f"?{name}")
        terms.append(sparql_term(value))
    if _has_trailing_values(sparql):
        raise InputError("the query already ends with a VALUES clause: bind the values there")
    return f"{sparql.rstrip()}\nVALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"


def _has_trailing_values(sparql: str) -> bool:
    """Whether a VALUES keyword stands outside every group (a trailing VALUES clause)."""
    return any(token == "VALUES" and depth == 0 for token, _, depth in tokens(sparql))


# ---------------------------------------------------------------------------------------------
# Running


def run(sparql: str, target: QueryTarget, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run ``sparql`` (with ``params`` bound, if any) on ``target``.

    >>> from ecoonto.targets.memory import OxigraphMemoryTarget
    >>> target = OxigraphMemoryTarget.bundled()
    >>> sides = run(resolve("sides").text(), target)
    >>> sides.kind, len(sides.rows)
    ('select', 4)
    >>> query = "SELECT ?label WHERE { ?side <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    >>> run(query, target, {"side": "<https://w3id.org/ecoonto/Buyers>"}).as_strings()
    [('Buyers',)]
    """
    if params:
        sparql = bind(sparql, params)
    return target.run(sparql)
