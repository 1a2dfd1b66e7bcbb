"""Numbers with units in cell text, where the text leaves no doubt which unit is meant.

Each pattern below names a unit (KilowattPerRack, FLOP, Percent, ...);
``quantities.unit_iri`` gives its IRI: a core unit, a QUDT unit, or one the module declares.
A number without one of these units ("H100", "TPU v5", "2024") is not a quantity and is left
alone: the import lists what it recognised and never guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DASH = r"\s*[–-]\s*"
_NUM = r"\d+(?:\.\d+)?"
_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


@dataclass(frozen=True)
class Quantity:
    """A number or range found in a text: the span as written, its unit, its values.

    >>> q = Quantity("40-80 kW/rack", "KilowattPerRack", minimum=40.0, maximum=80.0)
    >>> q.value is None, (q.minimum, q.maximum), q.open_upper
    (True, (40.0, 80.0), False)
    """

    source: str
    unit: str  # local name of the eco:Unit
    value: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_exclusive: bool = False
    open_upper: bool = False
    power_of_ten: bool = False


def _k(text: str) -> float:
    return float(text[:-1]) * 1000 if text.endswith("k") else float(text)


def _range_or_value(m: re.Match[str], unit: str) -> Quantity:
    if m.group("hi"):
        return Quantity(
            m.group(0),
            unit,
            minimum=_k(m.group("lo")),
            maximum=_k(m.group("hi")),
            open_upper=bool(m.groupdict().get("plus")),
        )
    return Quantity(m.group(0), unit, value=_k(m.group("lo")))


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(?P<lo>{_NUM})(?:{_DASH}(?P<hi>{_NUM}))?\s*kW/rack"), "KilowattPerRack"),
    (re.compile(rf"(?P<lo>{_NUM})(?:{_DASH}(?P<hi>{_NUM}))?\s*MW\b"), "Megawatt"),
    (
        re.compile(rf"(?P<lo>{_NUM}k?)(?:{_DASH}(?P<hi>{_NUM}k?)(?P<plus>\+)?)?\s*GPUs?\b"),
        "GPUCount",
    ),
    (re.compile(rf"(?P<lo>{_NUM}k?)(?:{_DASH}(?P<hi>{_NUM}k?))?-node\b"), "NodeCount"),
    (re.compile(rf"(?P<lo>{_NUM})(?:{_DASH}(?P<hi>{_NUM}))?-person\b"), "PersonCount"),
    (re.compile(rf"(?P<lo>{_NUM})(?:{_DASH}(?P<hi>{_NUM}))?\s*years?\b"), "Year"),
    (re.compile(rf"(?P<lo>{_NUM})(?:{_DASH}(?P<hi>{_NUM}))?%"), "Percent"),
    (re.compile(rf"\b(?P<lo>{_NUM})x\b(?:{_DASH}(?P<hi>{_NUM})x)?"), "TimesFactor"),
]
_FLOP = re.compile(r"(?P<gt>>)?\s*10\^(?P<exp>\d+)\s*FLOPs?\b")
_SCENARIOS = re.compile(r"\b(?P<word>" + "|".join(_WORDS) + r"|\d+) scenarios\b", re.I)


def recognise(text: str) -> list[Quantity]:
    """Every quantity with an unambiguous unit in ``text``, in the order they appear.

    >>> found = recognise("40-80 kW/rack, >10^26 FLOP, the H100 in 2024, 30% of three scenarios")
    >>> [(q.source, q.unit) for q in found]  # "H100" and "2024" have no unit: left alone
    [('40-80 kW/rack', 'KilowattPerRack'), ('>10^26 FLOP', 'FLOP'), ('30%', 'Percent'),
     ('three scenarios', 'ScenarioCount')]
    >>> found[0].minimum, found[0].maximum, found[1].minimum, found[1].min_exclusive
    (40.0, 80.0, 1e+26, True)
    >>> found[3].value
    3.0
    """
    found: list[tuple[int, Quantity]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    for m in _FLOP.finditer(text):
        value = float(f"1e{m.group('exp')}")
        q = (
            Quantity(
                m.group(0).strip(), "FLOP", minimum=value, min_exclusive=True, power_of_ten=True
            )
            if m.group("gt")
            else Quantity(m.group(0).strip(), "FLOP", value=value, power_of_ten=True)
        )
        found.append((m.start(), q))
        taken.append((m.start(), m.end()))
    for pattern, unit in _PATTERNS:
        for m in pattern.finditer(text):
            if free(m):
                found.append((m.start(), _range_or_value(m, unit)))
                taken.append((m.start(), m.end()))
    for m in _SCENARIOS.finditer(text):
        if free(m):
            word = m.group("word").lower()
            value = float(_WORDS[word]) if word in _WORDS else float(word)
            found.append((m.start(), Quantity(m.group(0), "ScenarioCount", value=value)))
    return [q for _, q in sorted(found, key=lambda pair: pair[0])]
