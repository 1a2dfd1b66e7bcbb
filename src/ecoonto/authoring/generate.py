"""Synthetic industries of any size, for benchmarks and scale tests.

:func:`generate` writes an industry data module that follows ``docs/modelling.md`` with the real
core ontology: an :class:`eco:Industry`, its source document and sections, the seven tables with
their columns, side, counterparty and archetype expressions, themes, and for every player

* the player (label ``@en``, section, industry, archetypes unless it is on the boundary side),
* its position (exactly one side, a human-vs-AI split, a row of the positions matrix, and for
  every fourth position a quantity with a unit),
* the filling that joins them (a row of its side's table with the side's attribute, themes),
* a mention in a counterparty expression that identifies the player (every fifth player also has
  an owners mention that concerns it), and
* an organisation that exemplifies it; about a quarter of the players share an organisation that
  already exemplifies a player on another side (one organisation, hats on several sides).

The text is written line by line without rdflib, so a million triples take a few seconds. The
number of triples per player is roughly constant (:data:`TRIPLES_PER_PLAYER`), so ``players``
picks the size: ``players_for(10**6)`` players give about a million triples.

With ``violations=RATE`` that fraction of the players each carries one injected error, cycling
through :data:`VIOLATION_KINDS`; each kind breaks exactly one shape of ``shapes/core-shapes.ttl``
once (one validation result of severity Violation), so the counts in :attr:`Generated.injected`
are what ``ecoonto validate`` must report. The generated module is meant to be validated together
with the core ontology (the units it uses are declared there).
"""

from __future__ import annotations

import os
import random
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ecoonto.errors import InputError

Format = Literal["turtle", "nt"]

ECO = "https://w3id.org/ecoonto/"
SYN = "https://w3id.org/ecoonto/data/synthetic/"
ONTOLOGY_IRI = "https://w3id.org/ecoonto/industries/synthetic"

_NS: dict[str, str] = {
    "eco": ECO,
    "syn": SYN,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: Triples per player (measured: 55.3 between 1,000 and 18,000 players), so ~18,200 players give
#: 10^6 triples.
TRIPLES_PER_PLAYER = 55
#: Triples that do not depend on the number of players (industry, source, tables, expressions).
FIXED_TRIPLES = 510

SIDES: tuple[str, ...] = ("Buyers", "Providers", "Infrastructure", "Boundary")
_SIDE_SLUG = {"Buyers": "buyer", "Providers": "provider", "Infrastructure": "infrastructure",
              "Boundary": "boundary"}  # fmt: skip
_SIDE_ATTRIBUTE = {
    "Buyers": "asymmetryToClose",
    "Providers": "competesOn",
    "Infrastructure": "disruptionVector",
    "Boundary": "repeatPlayerAdvantage",
}
_SIDE_WEIGHTS = (0.30, 0.30, 0.25, 0.15)
_SIDE_COUNTERPARTY = {
    "Buyers": "Customers",
    "Providers": "Suppliers",
    "Infrastructure": "Suppliers",
    "Boundary": "Regulators",
}
ARCHETYPES: tuple[str, ...] = ("Dreamer", "Realist", "Engineer", "Coach", "Philosopher")
_COUNTERPARTIES = ("Customers", "Suppliers", "Employees", "Owners", "Regulators")
_TRENDS = ("TowardAI", "TowardHuman", "Stable")
# Units the core ontology declares (industry-specific units live in their industry module).
_UNITS = (
    ("PersonCount", "team size", "people"),
    ("TimesFactor", "speed-up", "x"),
)
_THEMES = ("energy", "silicon", "training", "inference", "networking", "cooling", "capital",
           "regulation")  # fmt: skip

#: Injected error kinds, in the order they are cycled. Each breaks one shape once:
VIOLATION_KINDS: tuple[str, ...] = (
    "player-without-filling",  # PlayerFillsPositionShape
    "position-two-sides",  # PositionSideShape (maxCount 1)
    "filling-missing-side-attribute",  # Buyer/Provider/Infrastructure/BoundaryFillingShape
    "label-not-english",  # EnglishLabelShape (languageIn en)
    "player-without-archetype",  # PlayerArchetypeShape
    "split-without-trend",  # HumanAISplitShape (trend minCount 1)
    "quantity-without-unit",  # QuantityUnitShape
    "row-without-order",  # TableRowOrderShape
)
#: Kinds that only apply to a player outside the boundary side.
_NEEDS_NON_BOUNDARY = frozenset({"position-two-sides", "player-without-archetype"})

_PLAYER_NAMES = {
    "Buyers": ("Frontier AI lab", "Hyperscaler AI team", "Enterprise ML team", "AI startup",
               "Research lab", "Inference API consumer"),
    "Providers": ("GPU maker", "AI cloud", "ASIC designer", "Inference platform",
                  "Model host", "Accelerator vendor"),
    "Infrastructure": ("Colocation operator", "Power utility", "Memory supplier",
                       "Network fabric vendor", "Cooling systems maker", "MLOps platform"),
    "Boundary": ("Export control authority", "Energy regulator", "Competition authority",
                 "AI act authority", "Standards body"),
}  # fmt: skip
_POSITION_NAMES = {
    "Buyers": ("Training cluster", "Cloud GPU instances", "Inference tokens", "Spot GPU capacity",
               "HPC allocation"),
    "Providers": ("AI GPU + software stack", "Managed training platform", "Custom AI ASIC",
                  "Bare-metal GPU cluster", "Inference API"),
    "Infrastructure": ("Rack space + power + cooling", "Grid interconnection",
                       "High-bandwidth memory", "GPU-to-GPU interconnect", "Liquid cooling",
                       "Training orchestration"),
    "Boundary": ("Export licensing", "Grid approval", "Antitrust review", "Compliance oversight",
                 "Evaluation standards"),
}  # fmt: skip
_ATTRIBUTE_TEXT = {
    "Buyers": ("Allocation access vs competitor", "Cost per experiment",
               "Access to hardware before the queue clears", "Provider lock-in"),
    "Providers": ("Architecture leadership → software lock-in", "Price/performance parity",
                  "Cost per token at scale", "Faster allocation during shortage"),
    "Infrastructure": ("Power density strains existing designs", "Permitting is the bottleneck",
                       "Co-constraint with GPU supply", "Air cooling fails at high density"),
    "Boundary": ("Licensing tiers reshape capability in weeks", "Grid planning leverage",
                 "Review across jurisdictions", "Reporting above >10^25 FLOPs"),
}  # fmt: skip
_ORG_STEMS = ("Acme", "Borealis", "Cobalt", "Delta", "Ember", "Fulcrum", "Granite", "Helix",
              "Iris", "Juniper", "Kestrel", "Lumen")  # fmt: skip
_ORG_KINDS = ("Compute", "Systems", "Labs", "Power", "Networks", "Authority")


@dataclass(frozen=True)
class Generated:
    """What :func:`generate` produced.

    ``text`` holds the module when no path was given; otherwise it was written to ``path``.
    ``injected`` maps every kind of :data:`VIOLATION_KINDS` to how many were injected (0 when
    none): each is one SHACL result of severity Violation.

    >>> g = generate(20, seed=1, violations=0.5)
    >>> g.players, g.triples, g.players_per_side, g.organisations
    (20, 1566, {'Buyers': 6, 'Providers': 5, 'Infrastructure': 8, 'Boundary': 1}, 14)
    >>> g.violations, g.injected["position-two-sides"], g.path
    (10, 2, None)
    """

    players: int
    seed: int
    triples: int
    format: Format
    players_per_side: dict[str, int]
    organisations: int
    injected: dict[str, int] = field(default_factory=dict)
    text: str | None = None
    path: Path | None = None

    @property
    def violations(self) -> int:
        """The total number of injected violations."""
        return sum(self.injected.values())


def players_for(triples: int) -> int:
    """About how many players give ``triples`` triples (at least 4: one per side).

    >>> players_for(10**6), players_for(10_510), players_for(10)
    (18173, 182, 4)
    """
    return max(4, round((triples - FIXED_TRIPLES) / TRIPLES_PER_PLAYER))


def format_for_path(path: Path) -> Format:
    """``turtle`` for .ttl, ``nt`` for .nt; raise :class:`ValueError` otherwise.

    >>> format_for_path(Path("big.ttl")), format_for_path(Path("big.nt"))
    ('turtle', 'nt')
    >>> format_for_path(Path("big.rdf"))
    Traceback (most recent call last):
    ValueError: big.rdf: write .ttl (Turtle) or .nt (N-Triples), not '.rdf'
    """
    from ecoonto.errors import InputError
    from ecoonto.rdf.formats import for_path

    try:
        name = for_path(path).name
    except InputError:
        name = ""
    if name == "turtle":
        return "turtle"
    if name == "nt":
        return "nt"
    raise ValueError(f"{path}: write .ttl (Turtle) or .nt (N-Triples), not '{path.suffix}'")


def generate(
    players: int,
    seed: int = 0,
    violations: float = 0.0,
    *,
    path: Path | None = None,
    format: Format | None = None,
) -> Generated:
    """Generate a synthetic industry with ``players`` players.

    Deterministic for a given ``(players, seed, violations)``. With ``path`` the module is
    streamed to that file (through a temporary file and a rename, so a failure leaves no partial
    file) and the format follows its extension unless ``format`` is given; without ``path`` the
    text is returned in :attr:`Generated.text` (Turtle unless ``format="nt"``).

    Every injected error is one violation the validator reports:

    >>> from ecoonto import resources
    >>> from ecoonto.checking import validation
    >>> from ecoonto.rdf import graphs
    >>> g = generate(20, seed=1, violations=0.5)
    >>> data = graphs.load([resources.core_ontology()]).parse(data=g.text, format="turtle")
    >>> found = validation.validate(data).results
    >>> g.violations, sum(1 for r in found if r.severity == "Violation")
    (10, 10)
    >>> generate(20, seed=1, violations=0.5).text == g.text  # deterministic
    True

    To a file, in the format its extension names (one triple a line for N-Triples):

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     g = generate(8, path=Path(tmp, "synthetic.nt"))
    ...     lines = Path(tmp, "synthetic.nt").read_text(encoding="utf-8").count("\\n")
    >>> g.format, g.text, lines == g.triples
    ('nt', None, True)
    >>> generate(0)
    Traceback (most recent call last):
    ValueError: players must be at least 1
    """
    if players < 1:
        raise ValueError("players must be at least 1")
    if not 0.0 <= violations <= 1.0:
        raise ValueError("violations is a fraction of the players, between 0 and 1")
    fmt: Format = format or (format_for_path(path) if path is not None else "turtle")
    if path is None:
        chunks: list[str] = []
        stats = _Builder(players, seed, violations, fmt, chunks.append).run()
        return _record(stats, players, seed, fmt, text="".join(chunks))
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            stats = _Builder(players, seed, violations, fmt, fh.write).run()
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise
    return _record(stats, players, seed, fmt, path=path)


def _cannot_write(path: Path, exc: OSError) -> InputError:
    reason = (exc.strerror or type(exc).__name__).lower()
    return InputError(f"{path}: cannot write ({reason}); nothing was written")


@dataclass
class _Stats:
    triples: int = 0
    per_side: dict[str, int] = field(default_factory=lambda: {s: 0 for s in SIDES})
    organisations: int = 0
    injected: dict[str, int] = field(default_factory=lambda: {k: 0 for k in VIOLATION_KINDS})


def _record(
    stats: _Stats,
    players: int,
    seed: int,
    fmt: Format,
    *,
    text: str | None = None,
    path: Path | None = None,
) -> Generated:
    return Generated(
        players=players,
        seed=seed,
        triples=stats.triples,
        format=fmt,
        players_per_side=dict(stats.per_side),
        organisations=stats.organisations,
        injected=dict(stats.injected),
        text=text,
        path=path,
    )


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


Pairs = Sequence[tuple[str, str]]


class _Builder:
    """Formats terms for one output syntax and emits one subject block at a time."""

    def __init__(
        self, players: int, seed: int, rate: float, fmt: Format, emit: Callable[[str], object]
    ) -> None:
        self.players = players
        self.rng = random.Random(seed)
        self.rate = rate
        self.fmt = fmt
        self._sink = emit
        self._pending: list[str] = []
        self.stats = _Stats()
        nt = fmt == "nt"
        self._nt = nt
        self._xsd_integer = f"<{_NS['xsd']}integer>" if nt else "xsd:integer"
        self._xsd_decimal = f"<{_NS['xsd']}decimal>" if nt else "xsd:decimal"
        self._xsd_string = f"<{_NS['xsd']}string>" if nt else "xsd:string"
        e, r = self.eco, self.iri
        self.A = f"<{_NS['rdf']}type>" if nt else "a"
        self.LABEL = r("rdfs", "label")
        self.NAMED = r("owl", "NamedIndividual")
        self.P = {name: e(name) for name in _PREDICATES}
        self.C = {name: e(name) for name in _CLASSES}
        self.SIDE = {s: e(s) for s in SIDES}
        self.ARCH = {a: e(a) for a in ARCHETYPES}
        self.CP = {c: e(c) for c in _COUNTERPARTIES}
        self.TREND = {t: e(t) for t in _TRENDS}
        self.UNIT = {u[0]: e(u[0]) for u in _UNITS}
        self.INDUSTRY = self.syn("industry")

    # -- terms ---------------------------------------------------------------------------------
    def iri(self, prefix: str, local: str) -> str:
        return f"<{_NS[prefix]}{local}>" if self._nt else f"{prefix}:{local}"

    def eco(self, local: str) -> str:
        return self.iri("eco", local)

    def syn(self, local: str) -> str:
        return f"<{SYN}{local}>" if self._nt else f"syn:{local}"

    def en(self, text: str) -> str:
        return f'"{_esc(text)}"@en'

    def plain(self, text: str) -> str:
        return f'"{_esc(text)}"'

    def integer(self, n: int) -> str:
        return f'"{n}"^^{self._xsd_integer}' if self._nt else str(n)

    def decimal(self, value: str) -> str:
        return f'"{value}"^^{self._xsd_decimal}' if self._nt else value

    # -- output --------------------------------------------------------------------------------
    def block(self, subject: str, pairs: Pairs) -> str:
        self.stats.triples += len(pairs)
        if self._nt:
            return "".join(f"{subject} {p} {o} .\n" for p, o in pairs)
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        return f"{subject}\n    {body} .\n\n"

    def emit(self, *blocks: str) -> None:
        # Writing every block separately costs more than formatting it: batch them.
        self._pending.extend(blocks)
        if len(self._pending) >= 4096:
            self.flush()

    def flush(self) -> None:
        self._sink("".join(self._pending))
        self._pending.clear()

    def individual(
        self,
        subject: str,
        cls: str,
        label: str,
        section: str,
        *more: tuple[str, str],
        industry: bool = True,
        label_term: str | None = None,
    ) -> str:
        pairs = [
            (self.A, self.NAMED),
            (self.A, self.C[cls]),
            (self.LABEL, label_term or self.en(label)),
            (self.P["fromSection"], section),
        ]
        if industry:
            pairs.append((self.P["inIndustry"], self.INDUSTRY))
        pairs.extend(more)
        return self.block(subject, pairs)

    # -- the module ----------------------------------------------------------------------------
    def run(self) -> _Stats:
        self.header()
        sides = self.assign_sides()
        victims = self.choose_victims(sides)
        counters = {s: 0 for s in SIDES}
        cp_counters = {c: 0 for c in _COUNTERPARTIES}
        orgs_by_side: dict[str, list[int]] = {s: [] for s in SIDES}
        for i, side in enumerate(sides, start=1):
            counters[side] += 1
            self.stats.per_side[side] += 1
            self.player(i, side, counters[side], victims.get(i), cp_counters, orgs_by_side)
        self.flush()
        return self.stats

    def assign_sides(self) -> list[str]:
        # The first four players stand one on each side; the rest are drawn with fixed weights.
        first = list(SIDES[: self.players])
        rest = self.rng.choices(SIDES, weights=_SIDE_WEIGHTS, k=self.players - len(first))
        return first + rest

    def choose_victims(self, sides: list[str]) -> dict[int, str]:
        count = round(self.players * self.rate)
        if count == 0:
            return {}
        pool = deque(range(1, self.players + 1))
        self.rng.shuffle(pool)
        passed_over: deque[int] = deque()  # boundary players skipped by a non-boundary kind
        victims: dict[int, str] = {}
        for j in range(count):
            kind = VIOLATION_KINDS[j % len(VIOLATION_KINDS)]
            if kind in _NEEDS_NON_BOUNDARY:
                while pool and sides[pool[0] - 1] == "Boundary":
                    passed_over.append(pool.popleft())
                if pool:
                    victims[pool.popleft()] = kind
            elif passed_over or pool:
                victims[(passed_over or pool).popleft()] = kind
        return victims

    def header(self) -> None:
        if not self._nt:
            self.emit(*(f"PREFIX {p}: <{ns}>\n" for p, ns in _NS.items()), "\n")
        s, en, P = self.syn, self.en, self.P
        ontology = f"<{ONTOLOGY_IRI}>"
        blocks = [
            self.block(
                ontology,
                [
                    (self.A, self.iri("owl", "Ontology")),
                    (self.LABEL, en("ecoonto synthetic industry")),
                    (self.iri("owl", "versionIRI"), f"<{ONTOLOGY_IRI}/0.1.0>"),
                    (self.iri("owl", "imports"), f"<{ECO}core>"),
                ],
            ),
            self.block(
                s("source"),
                [
                    (self.A, self.NAMED),
                    (self.A, self.C["SourceDocument"]),
                    (self.LABEL, en("Synthetic Industry Players")),
                    (P["fromSection"], s("section-intro")),
                    (P["sourceFile"], self.plain("synthetic (ecoonto generate)")),
                ],
            ),
        ]
        for n, (slug, title) in enumerate(_SECTIONS, start=1):
            blocks.append(
                self.block(
                    s(f"section-{slug}"),
                    [
                        (self.A, self.NAMED),
                        (self.A, self.C["SourceSection"]),
                        (self.LABEL, en(title)),
                        (P["fromSection"], s(f"section-{slug}")),
                        (P["sectionOf"], s("source")),
                        (P["order"], self.integer(n)),
                    ],
                )
            )
        intro = s("section-intro")
        blocks.append(
            self.block(
                self.INDUSTRY,
                [
                    (self.A, self.NAMED),
                    (self.A, self.C["Industry"]),
                    (self.LABEL, en("Synthetic industry")),
                    (P["fromSection"], intro),
                    (P["guidingQuestion"], self.plain("Who participates — and in what position?")),
                    (P["doctrinalAnchor"], self.plain("Ecosystem")),
                    (P["shortName"], self.plain("synthetic")),
                ],
            )
        )
        for t, (slug, title, section, headers) in enumerate(_TABLES, start=1):
            table = s(f"table-{slug}")
            cols = [s(f"table-{slug}-col-{n}") for n in range(1, len(headers) + 1)]
            sec = s(f"section-{section}")
            blocks.append(
                self.individual(
                    table,
                    "Table",
                    title,
                    sec,
                    *((P["hasColumn"], c) for c in cols),
                    (P["order"], self.integer(t)),
                    (P["tableKind"], self.eco(_TABLE_KINDS[slug])),
                )
            )
            for n, (col, header) in enumerate(zip(cols, headers, strict=True), start=1):
                blocks.append(
                    self.individual(
                        col,
                        "TableColumn",
                        header,
                        sec,
                        (P["order"], self.integer(n)),
                        industry=False,
                    )
                )
        for n, side in enumerate(SIDES, start=1):
            slug = _SIDE_SLUG[side]
            blocks.append(
                self.individual(
                    s(f"side-{side.lower()}"),
                    "SideExpression",
                    f"{side} in the synthetic industry",
                    s("section-ecosystem"),
                    (P["expressesSide"], self.SIDE[side]),
                    (P["description"], self.plain(f"The {slug} side of a synthetic industry")),
                    (P["positionMeaning"], self.plain(_MEANING[side])),
                    (P["tableIntro"], self.plain(f"The {slug} side players. Player = the WHO.")),
                    (P["order"], self.integer(n)),
                )
            )
        for n, cp in enumerate(_COUNTERPARTIES, start=1):
            blocks.append(
                self.individual(
                    s(f"counterparty-{cp.lower()}"),
                    "CounterpartyExpression",
                    f"{cp} in the synthetic industry",
                    s("section-counterparties"),
                    (P["expressesCounterparty"], self.CP[cp]),
                    (P["verbatimText"], self.plain(_CP_TEXT[cp])),
                    (P["inTable"], s("table-counterparty-mapping")),
                    (P["order"], self.integer(n)),
                )
            )
        for n, arch in enumerate(ARCHETYPES, start=1):
            expr = s(f"archetype-{arch.lower()}")
            example = s(f"archetype-{arch.lower()}-example-1")
            blocks.append(
                self.individual(
                    expr,
                    "ArchetypeExpression",
                    f"{arch} in the synthetic industry",
                    s("section-archetypes"),
                    (P["expressesArchetype"], self.ARCH[arch]),
                    (P["whatTheyBring"], self.plain(f"What the {arch} brings")),
                    (P["whereTheyWin"], self.plain(f"Where the {arch} wins")),
                    (P["hasExample"], example),
                    (P["inTable"], s("table-archetype-asymmetries")),
                    (P["order"], self.integer(n)),
                )
            )
            blocks.append(
                self.individual(
                    example,
                    "ArchetypeExample",
                    f"The {arch} at work",
                    s("section-archetypes"),
                    (P["verbatimText"], self.plain(f"The founder who acts as the {arch}.")),
                    (P["order"], self.integer(1)),
                    (P["aboutTheme"], s(f"theme-{_THEMES[n % len(_THEMES)]}")),
                )
            )
        for theme in _THEMES:
            blocks.append(
                self.individual(
                    s(f"theme-{theme}"), "Theme", theme, s("section-ecosystem"), industry=False
                )
            )
        self.emit(*blocks)

    def player(
        self,
        i: int,
        side: str,
        row: int,
        kind: str | None,
        cp_counters: dict[str, int],
        orgs_by_side: dict[str, list[int]],
    ) -> None:
        rng, s, P = self.rng, self.syn, self.P
        slug = _SIDE_SLUG[side]
        section = s(f"section-{slug}-side")
        player, position, filling = s(f"player-{i}"), s(f"position-{i}"), s(f"filling-{i}")
        split = s(f"split-{i}")
        name = f"{rng.choice(_PLAYER_NAMES[side])} {i}"
        what = f"{rng.choice(_POSITION_NAMES[side])} {i}"
        if i % 4 == 0 or kind == "quantity-without-unit":
            lo = rng.randrange(1, 50) * 10
            unit, qkind, word = _UNITS[i % len(_UNITS)]
            hi = lo * rng.choice((2, 5, 10))
            source_text = f"{lo}–{hi} {word}"
            what = f"{what} — {source_text}"
            quantity: str | None = s(f"qty-{i}")
        else:
            quantity = None
        # The organisation that exemplifies the player: a new one, or one already on another side.
        others = [o for s2, orgs in orgs_by_side.items() if s2 != side for o in orgs[-8:]]
        if others and rng.random() < 0.25:
            org_n = rng.choice(others)
            org = s(f"org-{org_n}")
            org_block = self.block(org, [(P["exemplifies"], player)])
        else:
            self.stats.organisations += 1
            org_n = self.stats.organisations
            org = s(f"org-{org_n}")
            more: list[tuple[str, str]] = [(P["exemplifies"], player)]
            if org_n % 10 == 0:
                more.append((P["subOrganisationOf"], s(f"org-{org_n - rng.randrange(1, 10)}")))
            org_block = self.individual(org, "Organisation", _org_name(org_n), section, *more)
        orgs_by_side[side].append(org_n)
        org_name = _org_name(org_n)

        blocks: list[str] = []

        # The player.
        more = []
        if side != "Boundary":
            if i <= 3:  # the first players show all five archetypes between them
                primary, secondary = _FIRST_ARCHETYPES[i - 1]
            else:
                primary = rng.choice(ARCHETYPES)
                secondary = rng.choice(ARCHETYPES) if rng.random() < 0.3 else primary
            if kind != "player-without-archetype":
                more += [(P["primaryArchetype"], self.ARCH[primary])]
                more += [(P["hasArchetype"], self.ARCH[primary])]
                if secondary != primary:
                    more += [(P["secondaryArchetype"], self.ARCH[secondary])]
                    more += [(P["hasArchetype"], self.ARCH[secondary])]
        elif rng.random() < 0.5:
            more.append((P["editorialArchetype"], self.ARCH["Philosopher"]))
        more.append((P["nameAsWritten"], self.plain(f"{name} ({org_name})")))
        label_term = self.plain(name) if kind == "label-not-english" else None
        blocks.append(
            self.individual(player, "Player", name, section, *more, label_term=label_term)
        )
        blocks.append(org_block)

        # Its position, with its split (a row of the positions matrix) and maybe a quantity.
        more = [(P["onSide"], self.SIDE[side])]
        extra_side = None
        if kind == "position-two-sides":
            extra_side = SIDES[(SIDES.index(side) + 1) % 3]  # another side, never Boundary
            more.append((P["onSide"], self.SIDE[extra_side]))
        more += [
            (P["hasSplit"], split),
            (P["inTable"], s("table-positions-matrix")),
            (P["order"], self.integer(i)),
        ]
        if quantity is not None:
            more.append((P["quantity"], quantity))
        blocks.append(self.individual(position, "Position", what, section, *more))
        trend = _TRENDS[0] if rng.random() < 0.6 else rng.choice(_TRENDS)
        more = [
            (P["humanToday"], self.plain(f"Human planning for {what}")),
            (P["aiToday"], self.plain(f"AI scheduling for {what}")),
            (P["directionText"], self.plain("Human for novel cases; AI runs the routine")),
        ]
        if kind != "split-without-trend":
            more.append((P["trend"], self.TREND[trend]))
        matrix = s("section-positions-matrix")
        blocks.append(
            self.individual(split, "HumanAISplit", f"Human-vs-AI split: {what}", matrix, *more)
        )
        if quantity is not None:
            more = [
                (P["minValue"], self.decimal(f"{lo}.0")),
                (P["maxValue"], self.decimal(f"{hi}.0")),
                (P["quantityKind"], self.plain(qkind)),
                (P["sourceText"], self.plain(source_text)),
            ]
            if kind != "quantity-without-unit":
                more.insert(0, (P["unit"], self.UNIT[unit]))
            blocks.append(
                self.individual(
                    quantity, "QuantityValue", f"{qkind} of {what}", section, *more, industry=False
                )
            )

        # The filling: a row of the side's table.
        attribute = rng.choice(_ATTRIBUTE_TEXT[side])
        if kind != "player-without-filling":
            more = [(P["byPlayer"], player), (P["ofPosition"], position)]
            if kind != "filling-missing-side-attribute":
                more.append((P[_SIDE_ATTRIBUTE[side]], self.plain(attribute)))
            if extra_side is not None:  # keep the other side's filling shape satisfied
                more.append((P[_SIDE_ATTRIBUTE[extra_side]], self.plain(attribute)))
            more.append((P["inTable"], s(f"table-{slug}-side")))
            if kind != "row-without-order":
                more.append((P["order"], self.integer(row)))
            verb = ("needs", "supplies", "supplies", "governs")[SIDES.index(side)]
            more.append((P[verb], s(f"theme-{rng.choice(_THEMES)}")))
            blocks.append(
                self.individual(filling, "Filling", f"{name}: {slug}-side filling", section, *more)
            )

        # Mentions in the counterparty table.
        blocks.append(self.mention(_SIDE_COUNTERPARTY[side], cp_counters, name, player, org, True))
        if i % 5 == 0:
            blocks.append(
                self.mention("Owners", cp_counters, f"{name} shareholders", player, org, False)
            )
        if kind is not None:
            self.stats.injected[kind] += 1
        self.emit(*blocks)

    def mention(
        self,
        cp: str,
        counters: dict[str, int],
        text: str,
        player: str,
        org: str,
        identifies: bool,
    ) -> str:
        counters[cp] += 1
        n = counters[cp]
        expression = self.syn(f"counterparty-{cp.lower()}")
        mention = self.syn(f"mention-counterparty-{cp.lower()}-{n}")
        P = self.P
        link = P["identifiesPlayer"] if identifies else P["concernsPlayer"]
        return self.block(expression, [(P["hasMention"], mention)]) + self.individual(
            mention,
            "Mention",
            text,
            self.syn("section-counterparties"),
            (P["order"], self.integer(n)),
            (link, player),
            (P["namesOrganisation"], org),
        )


def _org_name(n: int) -> str:
    stem = _ORG_STEMS[n % len(_ORG_STEMS)]
    kind = _ORG_KINDS[(n // len(_ORG_STEMS)) % len(_ORG_KINDS)]
    return f"{stem} {kind} {n}"


_FIRST_ARCHETYPES = (("Dreamer", "Engineer"), ("Realist", "Coach"), ("Philosopher", "Engineer"))

_SECTIONS = (
    ("intro", "Synthetic Industry Players"),
    ("ecosystem", "The Ecosystem"),
    ("counterparties", "The five counterparties"),
    ("buyer-side", "Buyer side — players"),
    ("provider-side", "Provider side — players"),
    ("infrastructure-side", "Infrastructure side — players"),
    ("boundary-side", "Boundary side — players"),
    ("archetypes", "The Five Archetypes Across the Community"),
    ("positions-matrix", "Positions Matrix — Human vs AI Split"),
)

_TABLES = (
    ("counterparty-mapping", "Counterparty mapping", "counterparties",
     ("Counterparty (canonical)", "Synthetic-industry expression")),
    ("buyer-side", "Buyer side", "buyer-side",
     ("Player (WHO)", "Position filled — what they buy", "Asymmetry they need closed",
      "Archetype")),
    ("provider-side", "Provider side", "provider-side",
     ("Player (WHO)", "Position filled — what they provide", "Where they compete", "Archetype")),
    ("infrastructure-side", "Infrastructure side", "infrastructure-side",
     ("Player (WHO)", "Position filled — what they provide", "Disruption vector", "Archetype")),
    ("boundary-side", "Boundary side", "boundary-side",
     ("Player (WHO)", "Position filled — function held", "Repeat-player advantage")),
    ("positions-matrix", "Positions matrix", "positions-matrix",
     ("Position", "Human today", "AI today", "Direction (3–5 years)")),
    ("archetype-asymmetries", "Archetype asymmetries", "archetypes",
     ("Archetype", "What they bring", "Where they win in the synthetic industry")),
)  # fmt: skip

_MEANING = {
    "Buyers": "what they buy",
    "Providers": "what they provide",
    "Infrastructure": "what they provide",
    "Boundary": "function held",
}

_CP_TEXT = {
    "Customers": "AI labs, enterprise ML teams, researchers, inference-API consumers",
    "Suppliers": "GPU makers, AI clouds, memory suppliers, power utilities",
    "Employees": "Cluster engineers, MLOps engineers, data centre operators",
    "Owners": "Shareholders, VC investors, sovereign wealth funds",
    "Regulators": "Export control, energy, competition and AI governance bodies",
}

# What each table is (eco:tableKind): how the report finds the query that regenerates it.
_TABLE_KINDS = {
    "counterparty-mapping": "CounterpartyMappingTable",
    "buyer-side": "BuyerSideTable",
    "provider-side": "ProviderSideTable",
    "infrastructure-side": "InfrastructureSideTable",
    "boundary-side": "BoundarySideTable",
    "positions-matrix": "PositionsMatrixTable",
    "archetype-asymmetries": "ArchetypeAsymmetryTable",
}

_PREDICATES = (
    "fromSection", "inIndustry", "primaryArchetype", "secondaryArchetype", "hasArchetype",
    "editorialArchetype", "onSide", "hasSplit", "inTable", "order", "quantity", "humanToday",
    "aiToday", "directionText", "trend", "unit", "minValue", "maxValue", "quantityKind",
    "sourceText", "exemplifies", "subOrganisationOf", "byPlayer", "ofPosition",
    "asymmetryToClose", "competesOn", "disruptionVector", "repeatPlayerAdvantage",
    "nameAsWritten", "needs", "supplies", "governs", "hasMention", "identifiesPlayer",
    "concernsPlayer", "namesOrganisation", "sourceFile", "sectionOf", "guidingQuestion",
    "doctrinalAnchor", "hasColumn", "expressesSide", "description", "positionMeaning",
    "tableIntro", "expressesCounterparty", "verbatimText", "expressesArchetype", "whatTheyBring",
    "whereTheyWin", "hasExample", "aboutTheme", "tableKind", "shortName",
)  # fmt: skip
_CLASSES = (
    "Industry", "SourceDocument", "SourceSection", "Table", "TableColumn", "SideExpression",
    "CounterpartyExpression", "ArchetypeExpression", "ArchetypeExample", "Theme", "Player",
    "Position", "HumanAISplit", "QuantityValue", "Organisation", "Filling", "Mention",
)  # fmt: skip
