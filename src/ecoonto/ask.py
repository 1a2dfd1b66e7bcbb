"""The page's analysis questions, answered from the graph: a sentence, the evidence, the query.

The questions themselves live in the data (``eco:AnalysisQuestion`` with ``eco:queryName``), so a
new industry module brings its own. Each bundled analysis query has an *answerer* here that turns
its evidence rows into one short sentence; the sentence is computed from the rows every time, so
when the data changes the answer changes with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ecoonto.errors import InputError
from ecoonto.results import QueryResult
from ecoonto.targets.base import QueryTarget

if TYPE_CHECKING:
    from rdflib.term import Node


@dataclass(frozen=True)
class Question:
    """One analysis question of an industry module."""

    order: int
    text: str
    query_name: str

    @property
    def id(self) -> str:
        return str(self.order)


@dataclass(frozen=True)
class Answer:
    """A question with its computed answer sentence, its evidence rows and the query it ran."""

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


def questions(target: QueryTarget) -> list[Question]:
    """The analysis questions in the graph, in the page's order."""
    from ecoonto import queries

    result = queries.run(queries.resolve("questions").text(), target)
    out = []
    for row in result.as_dicts():
        out.append(
            Question(
                order=_int(row.get("order")),
                text=_text(row.get("text")),
                query_name=_text(row.get("queryName")),
            )
        )
    return out


def find(key: str, available: Sequence[Question]) -> Question:
    """A question by its number, its query name, or a unique prefix of either."""
    key = key.strip()
    if not key:
        raise InputError("empty QUESTION: give a number (1-4) or a query name")
    exact = [q for q in available if key in (q.id, q.query_name)]
    if exact:
        return exact[0]
    matches = [
        q
        for q in available
        if q.query_name.startswith(key) or q.text.lower().startswith(key.lower())
    ]
    if len(matches) == 1:
        return matches[0]
    choices = ", ".join(f"{q.id} ({q.query_name})" for q in available)
    if not matches:
        raise InputError(f"no question matches '{key}': choose one of {choices}")
    names = ", ".join(q.query_name for q in matches)
    raise InputError(f"'{key}' matches several questions ({names}): be more specific")


def answer(question: Question, target: QueryTarget) -> Answer:
    """Run the question's query on ``target`` and compute the answer sentence from its rows."""
    from ecoonto import queries

    info = queries.resolve(question.query_name)
    text = info.text()
    result = queries.run(text, target)
    answerer = ANSWERERS.get(question.query_name, _generic)
    return Answer(question=question, sentence=answerer(result), evidence=result, query=text)


# ---------------------------------------------------------------------------------------------
# Answerers: evidence rows -> one sentence. Each reads the variables its query's header promises.


def _join(items: Sequence[str]) -> str:
    items = list(dict.fromkeys(i for i in items if i))
    if not items:
        return "none"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _generic(result: QueryResult) -> str:
    return f"The query returned {len(result.rows)} evidence rows."


def _invisible_counterparty(result: QueryResult) -> str:
    rows = result.as_dicts()
    if not rows:
        return "The graph has no counterparty mapping to judge visibility by."
    least = _int(rows[0].get("visible"))
    invisible = [r for r in rows if _int(r.get("visible")) == least]
    names = _join([_text(r.get("counterpartyLabel")) for r in invisible])
    first = invisible[0]
    verb = "is" if len(invisible) == 1 else "are"
    sentence = (
        f"{names} {verb} the most invisible counterparty: its {_int(first.get('mentions'))} "
        f"mentions identify {_int(first.get('players'))} players and "
        f"{_int(first.get('positions'))} positions"
    )
    concerned = _int(first.get("concernedOnly"))
    if concerned:
        sentence += f", and only concern {concerned} players without being one"
    most = rows[-1]
    sentence += (
        f". A signal that routes through {names.lower()} reaches no position of the map, so it "
        f"is missed; {_text(most.get('counterpartyLabel'))} is the most visible "
        f"({_int(most.get('visible'))} players and positions)."
    )
    return sentence


def _energy_constraint(result: QueryResult) -> str:
    by_stance: dict[str, list[str]] = {}
    for row in result.as_dicts():
        by_stance.setdefault(_text(row.get("stance")), []).append(_text(row.get("playerLabel")))
    gains = _join(by_stance.get("gains", []))
    loses = _join(by_stance.get("loses", []))
    exposed = _join(by_stance.get("exposed", []))
    return (
        f"If energy binds before silicon, those who supply or govern energy and cooling gain "
        f"leverage ({gains}); those whose leverage is silicon lose it ({loses}); "
        f"and those who need energy at scale are exposed ({exposed})."
    )


def _inference_collapse(result: QueryResult) -> str:
    counts: dict[str, int] = {}
    adjacent: list[str] = []
    for row in result.as_dicts():
        theme = _text(row.get("theme"))
        label = theme.rsplit("-", 1)[-1] if theme.startswith("http") else theme
        counts[label] = counts.get(label, 0) + 1
        if _text(row.get("evidence")) == "adjacent industry":
            adjacent.append(_text(row.get("who")) or _text(row.get("text")))
    training = counts.get("training", 0)
    data = counts.get("data", 0)
    inference = counts.get("inference", 0)
    lead = "training" if training >= data else "the data layer"
    sentence = (
        f"The graph points to {lead}: training carries {training} pieces of evidence "
        f"(suppliers, buyers, archetype examples), the data layer {data}, inference {inference}"
    )
    if adjacent:
        sentence += f"; the data layer sits in an adjacent industry ({_join(adjacent)})"
    return sentence + ", so value that leaves inference lands on training first within this map."


def _boundary_archetype_gap(result: QueryResult) -> str:
    rows = result.as_dicts()
    if not rows:
        return "The graph has no archetypes to compare."
    least = _int(rows[0].get("represented"))
    gap = [r for r in rows if _int(r.get("represented")) == least]
    first = gap[0]
    label = _text(first.get("archetypeLabel"))
    evidence = _int(first.get("boundaryEvidence"))
    top = max(rows, key=lambda r: _int(r.get("represented")))
    others = _join([_text(r.get("archetypeLabel")) for r in gap[1:]])
    sentence = (
        f"The {label} is the most underrepresented archetype in the boundary layer: "
        f"it holds {least} boundary positions"
    )
    if evidence:
        sentence += f", although {evidence} of its examples and mentions are about the boundary"
    if len(gap) > 1:
        sentence += f" (equally absent: {others})"
    sentence += (
        f". The boundary is held mostly by the {_text(top.get('archetypeLabel'))} "
        f"({_int(top.get('represented'))} players), so the rules were designed as levers "
        f"rather than questioned from within."
    )
    return sentence


ANSWERERS: dict[str, Callable[[QueryResult], str]] = {
    "q1-invisible-counterparty": _invisible_counterparty,
    "q2-energy-binding-constraint": _energy_constraint,
    "q3-inference-cost-collapse": _inference_collapse,
    "q4-boundary-archetype-gap": _boundary_archetype_gap,
}
