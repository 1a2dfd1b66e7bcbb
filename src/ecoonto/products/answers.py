"""Analysis questions answered from the graph: a sentence, the evidence, the query.

The questions live in the data: an ``eco:AnalysisQuestion`` of an industry names the bundled
query that gathers its evidence (``eco:queryName``) or brings its own (``eco:evidenceQuery``),
and carries the sentence that answers it as a template (``eco:answerTemplate``) whose slots are
filled from the evidence rows every time it is asked. Questions are numbered per industry
(``eco:order``); the bundled queries take the industry as the parameter ``?industry``.

The slot language (also in docs/modelling.md)::

    {VAR} {first.VAR}        ?VAR in the first row ("" when unbound)
    {last.VAR}               ?VAR in the last row
    {all.VAR}                the distinct values of ?VAR, joined "a, b and c" ("none" if none)
    {count.VAR}              how many distinct values ?VAR takes
    {rows}                   how many rows
    ...|KEY=VALUE            only the rows whose ?KEY is VALUE (or whose IRI ends in /VALUE)
    ...|KEY=@first           only the rows whose ?KEY equals the first row's (also @last,
                             @max, @min: the largest or smallest number ?KEY takes)
    ...|!first               without the first of the rows kept so far
    ...~lower                in lower case
    {A > B ? yes : no}       "yes" when the number A is greater than B (>=, <, <=, ==, !=),
                             A and B slots or integers
    [ ... ]                  kept only when none of its slots is empty, 0 or "none"
    [if COND: ... ]          kept only when COND holds (a comparison as above; several
                             joined with " and "), whatever its slots give
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ecoonto.errors import InputError, parameter
from ecoonto.targets.base import QueryTarget
from ecoonto.targets.results import QueryResult

if TYPE_CHECKING:
    from rdflib.term import Node


@dataclass(frozen=True)
class Question:
    """One analysis question of an industry (:func:`questions` reads them from the graph).

    >>> q = Question(1, "Who is invisible?", "q1-invisible-counterparty")
    >>> q.id, q.source
    ('1', 'q1-invisible-counterparty')
    >>> Question(5, "Who else?", "", evidence_query="SELECT * {}").source
    'own query'
    """

    order: int
    text: str
    query_name: str
    industry: str = ""
    template: str = ""
    evidence_query: str = ""
    iri: str = ""

    @property
    def id(self) -> str:
        return str(self.order)

    @property
    def source(self) -> str:
        """The bundled query's name, or "own query" for a question that brings its text."""
        return self.query_name or ("own query" if self.evidence_query else "")


@dataclass(frozen=True)
class Answer:
    """A question with its computed answer sentence, its evidence rows and the query it ran.

    >>> a = Answer(Question(5, "Who else?", ""), "Nobody.", QueryResult(kind="select"), "")
    >>> a.sentence, a.evidence.rows
    ('Nobody.', [])
    """

    question: Question
    sentence: str
    evidence: QueryResult
    query: str


def _text(cell: Node | None) -> str:
    return "" if cell is None else str(cell)


def _int(cell: Node | None) -> int:
    try:
        return int(str(cell))
    except (TypeError, ValueError):
        return 0


def _bind_industry(sparql: str, industry: str | None) -> str:
    """``sparql`` with ?industry bound to ``industry`` when both are there."""
    from ecoonto.targets import querying as queries

    if not industry or not re.search(r"[?$]industry(?![\w])", sparql):
        return sparql
    return queries.bind(sparql, {"industry": f"<{industry}>"})


def questions(target: QueryTarget, industry: str | None = None) -> list[Question]:
    """The analysis questions in the graph, in their order; only ``industry``'s when given.

    >>> from ecoonto.targets import OxigraphMemoryTarget
    >>> found = questions(OxigraphMemoryTarget.bundled())
    >>> [(q.order, q.query_name) for q in found]
    [(1, 'q1-invisible-counterparty'), (2, 'q2-energy-binding-constraint'),
     (3, 'q3-inference-cost-collapse'), (4, 'q4-boundary-archetype-gap')]
    >>> found[0].industry, found[0].template[:37]
    ('https://w3id.org/ecoonto/data/ai-compute/industry', '{all.counterpartyLabel|visible=@first')
    >>> questions(OxigraphMemoryTarget.bundled(), "https://example.org/no-such/industry")
    []
    """
    from ecoonto.targets import querying as queries

    text = _bind_industry(queries.resolve("questions").text(), industry)
    result = queries.run(text, target)
    out = []
    for row in result.as_dicts():
        out.append(
            Question(
                order=_int(row.get("order")),
                text=_text(row.get("text")),
                query_name=_text(row.get("queryName")),
                industry=_text(row.get("industry")),
                template=_text(row.get("template")),
                evidence_query=_text(row.get("evidenceQuery")),
                iri=_text(row.get("question")),
            )
        )
    return out


def find(key: str, available: Sequence[Question]) -> Question:
    """A question by its number, its query name, or a unique prefix of either.

    >>> available = [Question(1, "Who is invisible?", "q1-invisible-counterparty"),
    ...              Question(2, "Who gains from energy?", "q2-energy-binding-constraint")]
    >>> find("2", available).query_name, find("q1", available).order
    ('q2-energy-binding-constraint', 1)
    >>> find("q", available)
    Traceback (most recent call last):
    ecoonto.errors.InputError: 'q' matches several questions (q1-invisible-counterparty,
    q2-energy-binding-constraint): be more specific
    """
    key = key.strip()
    if not available:
        raise InputError(
            "the input has no analysis questions (eco:AnalysisQuestion with eco:order); "
            "add them to the module, or run a query with `ecoonto query NAME`"
        )
    if not key:
        raise InputError("empty QUESTION: give a number (1-4) or a query name")
    exact = [q for q in available if key in (q.id, q.query_name)]
    if len({q.industry for q in exact}) > 1:
        names = ", ".join(sorted({q.industry for q in exact}))
        raise InputError(
            f"question '{key}' exists in several industries ({names}): choose one with "
            f"{parameter('industry')}"
        )
    if exact:
        return exact[0]
    matches = [
        q
        for q in available
        if (q.query_name and q.query_name.startswith(key)) or q.text.lower().startswith(key.lower())
    ]
    if len(matches) == 1:
        return matches[0]
    choices = ", ".join(f"{q.id} ({q.source})" for q in available)
    if not matches:
        raise InputError(f"no question matches '{key}': choose one of {choices}")
    names = ", ".join(q.source for q in matches)
    raise InputError(f"'{key}' matches several questions ({names}): be more specific")


def answer(question: Question, target: QueryTarget) -> Answer:
    """Run the question's query on ``target`` and fill its answer template from the rows.

    >>> from ecoonto.targets import OxigraphMemoryTarget
    >>> target = OxigraphMemoryTarget.bundled()
    >>> first = answer(questions(target)[0], target)
    >>> print(first.sentence)
    Owners is the most invisible counterparty: its 4 mentions identify 0 players and 0
    positions, and only concern 4 players without being one. A signal that routes through
    owners reaches no position of the map, so it is missed; Suppliers is the most visible (6
    players and positions).
    >>> first.evidence.variables[:3], len(first.evidence.rows)
    (['counterparty', 'counterpartyLabel', 'mentions'], 5)

    A question without a query is answered by saying so:

    >>> print(answer(Question(5, "Who else?", ""), target).sentence)
    The graph cannot answer this question yet: it names no evidence query (give the question
    eco:queryName or eco:evidenceQuery).
    """
    from ecoonto.targets import querying as queries

    template = question.template
    if question.query_name:
        info = queries.resolve(question.query_name)
        text = info.text()
        template = template or info.answer  # the bundled query's default sentence
        unsaid = _unsaid(queries.header(text).get("requires", ""), question.industry, target)
        if unsaid:
            return Answer(
                question=question,
                sentence=unsaid,
                evidence=QueryResult(kind="select"),
                query=_body(text),
            )
    elif question.evidence_query:
        text = question.evidence_query
    else:
        # Nothing to run: say what is missing rather than fail the page that asks it.
        return Answer(
            question=question,
            sentence=(
                "The graph cannot answer this question yet: it names no evidence query "
                "(give the question eco:queryName or eco:evidenceQuery)."
            ),
            evidence=QueryResult(kind="select"),
            query="",
        )
    text = _bind_industry(text, question.industry)
    result = queries.run(text, target)
    if result.kind != "select":
        raise InputError(f"question {question.id}: its evidence query must be a SELECT query")
    if template and result.rows:
        sentence = fill(template, result)
    elif template:
        sentence = "The graph holds no evidence for this question yet: its query found no rows."
    else:
        sentence = _generic(result, target)
    return Answer(question=question, sentence=sentence, evidence=result, query=_body(text))


_REQUIRES = re.compile(r"eco:(?P<prop>\w+)\s*\((?P<words>[^()]*)\)")


def _unsaid(requires: str, industry: str, target: QueryTarget) -> str:
    """The sentence saying which of the industry statements a query's ``# requires:`` header
    names (``eco:prop (what it says)``, comma-separated) the industry does not make; "" when it
    makes them all, or when the question has no industry.

    >>> from ecoonto.targets import OxigraphMemoryTarget
    >>> t = OxigraphMemoryTarget.bundled()
    >>> ind = "https://w3id.org/ecoonto/data/ai-compute/industry"
    >>> _unsaid("eco:emergingConstraint (its emerging constraint)", ind, t)
    ''
    >>> print(_unsaid("eco:noSuchThing (its favourite colour)", ind, t))  # doctest: +ELLIPSIS
    This industry does not say which theme plays the role of its favourite colour ...
    """
    from ecoonto.targets import querying as queries

    wanted = [(m.group("prop"), m.group("words").strip()) for m in _REQUIRES.finditer(requires)]
    if not wanted or not industry:
        return ""
    missing = []
    for prop, words in wanted:
        ask = f"ASK {{ <{industry}> <https://w3id.org/ecoonto/{prop}> ?value }}"
        if not queries.run(ask, target).boolean:
            missing.append(f"{words} (eco:{prop})")
    if not missing:
        return ""
    said = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " nor " + missing[-1]
    return (
        f"This industry does not say which theme plays the role of {said}, "
        "so the question cannot be answered from the map: state "
        f"{'it' if len(missing) == 1 else 'them'} in the module (docs/modelling.md) and ask again."
    )


def _body(sparql: str) -> str:
    """The query without its opening comment (the header that documents a bundled query)."""
    lines = sparql.split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines)


def _generic(result: QueryResult, target: QueryTarget | None = None) -> str:
    """The sentence of a question with no template: how many rows, and the distinct values of
    the column that names things, as labels: a ``...Label`` column if the query has one, else
    the first column with text, else the first column's resources by their ``rdfs:label``
    (looked up in ``target``) or, without one, the last segment of their IRI.

    >>> from rdflib import Literal, URIRef
    >>> r = QueryResult(kind="select", variables=["organisation"],
    ...                 rows=[(URIRef("https://x.org/org-getty-images"),)])
    >>> _generic(r)
    '1 evidence row; organisation: org-getty-images.'
    >>> r = QueryResult(kind="select", variables=["organisation", "why"],
    ...                 rows=[(URIRef("https://x.org/org-getty-images"), Literal("licences"))])
    >>> _generic(r)  # the first column with text
    '1 evidence row; why: licences.'
    """
    from rdflib.term import URIRef

    n = len(result.rows)
    if not n:
        return "The graph holds no evidence for this question yet: its query found no rows."
    if not result.variables:
        return f"{n} evidence {'row' if n == 1 else 'rows'}."
    columns = list(range(len(result.variables)))

    def literal(k: int) -> bool:
        return any(r[k] is not None and not isinstance(r[k], URIRef) for r in result.rows)

    labelled = [k for k in columns if result.variables[k].endswith("Label") and literal(k)]
    texts = [k for k in columns if literal(k)]
    k = (labelled or texts or [0])[0]
    cells = [r[k] for r in result.rows if r[k] is not None]
    labels = _labels([c for c in cells if isinstance(c, URIRef)], target)
    seen = [labels.get(str(c), str(c)) if isinstance(c, URIRef) else str(c) for c in cells]
    distinct = list(dict.fromkeys(t for t in seen if t))
    shown = (
        join(distinct[:5])
        if len(distinct) <= 5
        else (", ".join(distinct[:5]) + f" and {len(distinct) - 5} more")
    )
    name = result.variables[k].removesuffix("Label") or "value"
    what = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()
    rows = "row" if n == 1 else "rows"
    return f"{n} evidence {rows}; {what}: {shown if distinct else 'none given'}."


def _labels(iris: Sequence[Node], target: QueryTarget | None) -> dict[str, str]:
    """English (or any) ``rdfs:label`` of each IRI in ``target``, else its last IRI segment."""
    out = {str(i): re.split(r"[/#:]", str(i).rstrip("/#"))[-1] for i in iris}
    if target is None or not iris:
        return out
    from ecoonto.targets import querying as queries

    values = " ".join(f"<{i}>" for i in dict.fromkeys(str(i) for i in iris))
    found = queries.run(
        "SELECT ?s ?label WHERE { VALUES ?s { " + values + " } "
        "?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label",
        target,
    )
    english: dict[str, str] = {}
    other: dict[str, str] = {}
    for s, label in found.rows:
        lang = getattr(label, "language", None)
        (english if lang in (None, "en") else other).setdefault(str(s), str(label))
    out.update(other)
    out.update(english)
    return out


# ---------------------------------------------------------------------------------------------
# Answer templates: evidence rows -> one sentence.

_SLOT = re.compile(r"\{([^{}]*)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_COMPARE = re.compile(r"\s(>=|<=|==|!=|>|<)\s")
_AGGREGATES = ("first", "last", "all", "count")
_EMPTY = ("", "0", "none")


def join(items: Sequence[str]) -> str:
    """Distinct non-empty items as "a, b and c" ("none" when there are none).

    >>> join(["a", "b", "a", "", "c"]), join(["a"]), join([])
    ('a, b and c', 'a', 'none')
    """
    items = list(dict.fromkeys(i for i in items if i))
    if not items:
        return "none"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def fill(template: str, result: QueryResult) -> str:
    """``template`` with every slot filled from the rows of ``result`` (see the module doc).

    >>> from rdflib import Literal
    >>> r = QueryResult(kind="select", variables=["who", "n"],
    ...                 rows=[(Literal("A"), Literal(0)), (Literal("B"), Literal(0))])
    >>> fill("{all.who|n=@first} [if count.who|n=@first > 1: tie][if last.n > first.n: "
    ...      "{last.who} leads]", r)
    'A and B tie'
    """
    rows = [{k: _text(v) for k, v in row.items()} for row in result.as_dicts()]

    def segment(match: re.Match[str]) -> str:
        inner = match.group(1)
        if inner.startswith("if "):
            condition, colon, text = inner[3:].partition(":")
            if not colon:
                raise InputError(f"answer template: '[{inner}]' has no ':' after its condition")
            if not all(_holds(c, rows) for c in condition.split(" and ")):
                return ""
            text = text[1:] if text.startswith(" ") else text
            return _SLOT.sub(lambda m: _render(m.group(1), rows), text)
        values = [_render(m.group(1), rows) for m in _SLOT.finditer(inner)]
        if any(v.strip() in _EMPTY for v in values):
            return ""
        return _SLOT.sub(lambda m: _render(m.group(1), rows), inner)

    text = _OPTIONAL.sub(segment, template)
    return _SLOT.sub(lambda m: _render(m.group(1), rows), text)


def _render(expr: str, rows: list[dict[str, str]]) -> str:
    if "?" in expr:
        condition, _, choices = expr.partition("?")
        yes, _, no = choices.partition(":")
        return yes.strip() if _holds(condition, rows) else no.strip()
    base, *modifiers = expr.split("~")
    value = _value(base.strip(), rows)
    for modifier in modifiers:
        modifier = modifier.strip()
        if modifier == "lower":
            value = value.lower()
        elif modifier == "upper":
            value = value.upper()
        else:
            raise InputError(f"answer template: unknown modifier ~{modifier} in {{{expr}}}")
    return value


def _holds(condition: str, rows: list[dict[str, str]]) -> bool:
    parts = _COMPARE.split(condition.strip())
    if len(parts) != 3:
        raise InputError(f"answer template: cannot read the condition '{condition.strip()}'")
    left, op, right = parts
    a, b = _number(left.strip(), rows), _number(right.strip(), rows)
    return {
        ">=": a >= b,
        "<=": a <= b,
        "==": a == b,
        "!=": a != b,
        ">": a > b,
        "<": a < b,
    }[op]


def _number(expr: str, rows: list[dict[str, str]]) -> float:
    text = expr if re.fullmatch(r"-?\d+(\.\d+)?", expr) else _value(expr, rows)
    try:
        return float(text)
    except ValueError:
        return 0.0


def _as_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _matches(cell: str, wanted: str) -> bool:
    return cell == wanted or (
        cell.startswith(("http://", "https://")) and (re.split(r"[/#]", cell)[-1] == wanted)
    )


def _select(filters: Sequence[str], rows: list[dict[str, str]]) -> list[dict[str, str]]:
    kept = list(rows)
    for raw in filters:
        f = raw.strip()
        if f == "!first":
            kept = kept[1:]
            continue
        if f == "!last":
            kept = kept[:-1]
            continue
        key, sep, wanted = f.partition("=")
        key, wanted = key.strip(), wanted.strip()
        if not sep or not key:
            raise InputError(f"answer template: cannot read the filter '|{f}'")
        if wanted in ("@first", "@last"):
            source = rows[0] if wanted == "@first" else rows[-1]
            target = source.get(key, "") if rows else ""
            kept = [r for r in kept if r.get(key, "") == target]
        elif wanted in ("@max", "@min"):
            numbers = [n for n in (_as_number(r.get(key, "")) for r in rows) if n is not None]
            if not numbers:
                kept = []
                continue
            extreme = max(numbers) if wanted == "@max" else min(numbers)
            kept = [r for r in kept if _as_number(r.get(key, "")) == extreme]
        else:
            kept = [r for r in kept if _matches(r.get(key, ""), wanted)]
    return kept


def _value(expr: str, rows: list[dict[str, str]]) -> str:
    head, *filters = expr.split("|")
    head = head.strip()
    kept = _select(filters, rows)
    if head == "rows":
        return str(len(kept))
    aggregate, dot, var = head.partition(".")
    if not dot or aggregate not in _AGGREGATES:
        aggregate, var = "first", head
    if not re.fullmatch(r"[A-Za-z_]\w*", var):
        raise InputError(f"answer template: '{head}' is not a variable name")
    values = [r.get(var, "") for r in kept]
    if aggregate == "first":
        return values[0] if values else ""
    if aggregate == "last":
        return values[-1] if values else ""
    if aggregate == "count":
        return str(len({v for v in values if v}))
    return join(values)
