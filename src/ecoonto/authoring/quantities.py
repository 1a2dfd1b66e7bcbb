"""Numbers with units as eco:QuantityValues of the module, with their units' IRIs.

:mod:`ecoonto.authoring.numbers` finds the numbers in a text; this module gives each one a
resource on the resource whose text states it, and the unit an IRI: a QUDT unit the core
declares, a core unit, or a unit the module declares itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ecoonto.resources import NS

if TYPE_CHECKING:
    from rdflib import Graph

    from ecoonto.authoring.page import Place

ECO = Namespace(NS)


class Record(Protocol):
    """What :func:`add_quantities` records beside the graph (an
    :class:`ecoonto.authoring.build.Built`): where each resource and text came from, and what
    was recognised.

    >>> from ecoonto.authoring.build import Built
    >>> from rdflib import Graph
    >>> record: Record = Built(Graph())
    >>> record.places, record.text_places, record.recognised
    ({}, {}, [])
    """

    places: dict[URIRef, Place]
    text_places: dict[tuple[URIRef, URIRef], Place]
    recognised: list[str]


class Building(Protocol):
    """What this module uses of the module being built (an
    :class:`ecoonto.authoring.build.Builder`, which calls :func:`add_quantities` last): declared
    here so that this module stays below the builder.

    >>> from ecoonto.authoring.build import Builder
    >>> from ecoonto.authoring.page import Page
    >>> b: Building = Builder(Page("p.md"), "https://example.org/x/", "https://example.org/x", "x")
    >>> str(b.ns), b.built.recognised
    ('https://example.org/x/', [])
    """

    @property
    def ns(self) -> Namespace: ...

    @property
    def g(self) -> Graph: ...

    @property
    def built(self) -> Record: ...

    def individual(
        self,
        iri: URIRef,
        cls: URIRef,
        label: str,
        section: URIRef | None,
        place: Place | None = None,
        industry: bool = True,
    ) -> URIRef: ...

    def text(self, s: URIRef, p: URIRef, value: str, place: Place | None = None) -> None: ...


_TEXTS = (
    ECO.asymmetryToClose,
    ECO.competesOn,
    ECO.disruptionVector,
    ECO.repeatPlayerAdvantage,
    ECO.humanToday,
    ECO.aiToday,
    ECO.directionText,
    ECO.verbatimText,
    ECO.whatTheyBring,
    ECO.whereTheyWin,
    ECO.description,
)


QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")
CORE_UNITS = {
    "Percent": QUDT_UNIT.PERCENT,
    "Year": QUDT_UNIT.YR,
    "Megawatt": QUDT_UNIT.MegaW,
    "PersonCount": ECO.PersonCount,
    "TimesFactor": ECO.TimesFactor,
}
# Units the core leaves to industry modules (QUDT has none with their meaning): the module
# declares them, named as the bundled AI compute module names its own.
MODULE_UNITS = {
    "GPUCount": (
        "unit-gpu",
        "GPUs",
        "A count of graphics processing units or comparable accelerators, as the page counts them.",
    ),
    "NodeCount": ("unit-node", "nodes", "A count of the nodes of a computing cluster."),
    "ScenarioCount": ("unit-scenario", "scenarios", "A count of planning scenarios."),
    "FLOP": (
        "unit-flop",
        "FLOPs",
        "A count of floating-point operations (an amount of computation, not a rate).",
    ),
    "KilowattPerRack": (
        "unit-kilowatt-per-rack",
        "kW per rack",
        "Kilowatts of power drawn by one rack.",
    ),
}


def unit_iri(b: Building, unit: str, section: URIRef | None) -> URIRef:
    """The unit's IRI: a QUDT or core unit, or one the module declares on first use.

    >>> from ecoonto.authoring.build import Builder
    >>> from ecoonto.authoring.page import Page
    >>> b = Builder(Page("p.md"), "https://example.org/x/", "https://example.org/x", "x")
    >>> str(unit_iri(b, "Percent", None))
    'http://qudt.org/vocab/unit/PERCENT'
    >>> gpu = unit_iri(b, "GPUCount", None)
    >>> str(gpu), str(b.g.value(gpu, SKOS.definition))[:36]
    ('https://example.org/x/unit-gpu', 'A count of graphics processing units')
    """
    if unit in CORE_UNITS:
        return CORE_UNITS[unit]
    local, label, definition = MODULE_UNITS[unit]
    iri = b.ns[local]
    if (iri, RDF.type, ECO.Unit) not in b.g:
        b.individual(iri, ECO.Unit, label, section, industry=False)
        b.g.add((iri, SKOS.definition, Literal(definition, lang="en")))
    return iri


def add_quantities(b: Building) -> None:
    """Numbers with units (:mod:`ecoonto.authoring.numbers`) in the texts the page gave.

    >>> from ecoonto.authoring.build import Builder
    >>> from ecoonto.authoring.page import Page, Place
    >>> b = Builder(Page("p.md"), "https://example.org/x/", "https://example.org/x", "x")
    >>> lab = b.ns["player-lab"]
    >>> b.text(lab, ECO.asymmetryToClose, "a 10k GPU cluster for 40% less", Place("p.md", 9))
    >>> add_quantities(b)
    >>> b.built.recognised
    ["p.md:9: '10k GPU' = 10000 GPUCount", "p.md:9: '40%' = 40 Percent"]
    >>> first = b.ns["qty-player-lab-1"]
    >>> (lab, ECO.quantity, first) in b.g, str(b.g.value(first, ECO.unit))
    (True, 'https://example.org/x/unit-gpu')
    >>> b.g.value(first, ECO.numericValue).n3()
    '"10000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    from decimal import Decimal

    from ecoonto.authoring.numbers import recognise

    g = b.g
    texts: list[tuple[URIRef, str, URIRef]] = []
    for prop in _TEXTS:
        for s, o in g.subject_objects(prop):
            if isinstance(s, URIRef) and str(s).startswith(str(b.ns)):
                texts.append((s, str(o), prop))
    for s in g.subjects(RDF.type, ECO.Position):
        assert isinstance(s, URIRef)
        texts.extend((s, str(o), RDFS.label) for o in g.objects(s, RDFS.label))
    for s in g.subjects(RDF.type, ECO.TableColumn):
        assert isinstance(s, URIRef)
        texts.extend((s, str(o), RDFS.label) for o in g.objects(s, RDFS.label))
    seen: set[tuple[URIRef, str]] = set()
    for s, text, prop in sorted(texts):
        for q in recognise(text):
            if (s, q.source) in seen:
                continue
            seen.add((s, q.source))
            local = str(s)[len(str(b.ns)) :]
            n = 1 + sum(1 for _ in g.objects(s, ECO.quantity))
            iri = b.ns[f"qty-{local}-{n}"]
            section = g.value(s, ECO.fromSection)
            assert section is None or isinstance(section, URIRef)
            b.individual(
                iri, ECO.QuantityValue, q.source, section, b.built.places.get(s), industry=False
            )
            g.add((s, ECO.quantity, iri))
            b.text(iri, ECO.sourceText, q.source)
            g.add((iri, ECO.unit, unit_iri(b, q.unit, section)))
            datatype = XSD.double if q.power_of_ten else XSD.decimal

            def number(v: float, dt: URIRef = datatype) -> Literal:
                return Literal(
                    f"{v:.0e}" if dt == XSD.double else str(Decimal(str(v))),
                    datatype=dt,
                )

            if q.value is not None:
                g.add((iri, ECO.numericValue, number(q.value)))
            if q.minimum is not None:
                g.add((iri, ECO.minValue, number(q.minimum)))
            if q.maximum is not None:
                g.add((iri, ECO.maxValue, number(q.maximum)))
            if q.min_exclusive:
                g.add((iri, ECO.minExclusive, Literal(True)))
            if q.open_upper:
                g.add((iri, ECO.openUpperBound, Literal(True)))
            if (
                q.unit == "Year"
                and (None, ECO.hasColumn, s) in g
                and str(g.value(s, RDFS.label)).startswith("Direction")
            ):
                for split in g.subjects(RDF.type, ECO.HumanAISplit):
                    g.add((split, ECO.horizon, iri))
            place = b.built.text_places.get((s, prop)) or b.built.places.get(s)
            values = (
                f"{q.value:g}"
                if q.value is not None
                else f"{'>' if q.min_exclusive else ''}{q.minimum:g}"
                + (f" to {q.maximum:g}{'+' if q.open_upper else ''}" if q.maximum else "")
            )
            b.built.recognised.append(
                f"{place.describe() if place else local}: {q.source!r} = {values} {q.unit}"
            )
