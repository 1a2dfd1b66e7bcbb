"""Make an industry module (an rdflib graph) from a :class:`~ecoonto.authoring.page.Page`.

The module has the structure of the bundled AI compute module (docs/modelling.md): the industry
and its source, sections, tables and columns; side and counterparty expressions; one player,
position and filling per side-table row; organisations from the parentheses of player cells;
primary and secondary archetypes; counterparty mentions; the positions matrix with its splits;
archetype expressions and examples; principles and questions. Every resource says where it came
from: ``eco:fromSection``, and for what a table gave, ``eco:fromColumn`` and ``eco:fromRow`` (row
resources also ``eco:inTable`` and ``eco:order``).

Every problem found is collected as a :class:`Problem` naming its cell; nothing is guessed.

Why this module passes 800 lines: one builder, one method per section of the page, all writing
into the same graph with the same naming and provenance helpers; the section order of the
page is the order of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from ecoonto.authoring.cells import (
    industry_name,
    mention_key,
    names_an_organisation,
    organisations_in,
    player_parts,
    sentences,
    slug,
    split_top,
)
from ecoonto.authoring.page import PLACEHOLDER, Cell, Page, Place, Table

ECO = Namespace("https://w3id.org/ecoonto/")
DEFAULT_BASE = "https://w3id.org/ecoonto/"

SIDES = {"Buyers": 1, "Providers": 2, "Infrastructure": 3, "Boundary": 4}
SIDE_WORDS = {
    "buyer": "Buyers",
    "provider": "Providers",
    "infrastructure": "Infrastructure",
    "boundary": "Boundary",
}
SIDE_TEXT = {
    "Buyers": ECO.asymmetryToClose,
    "Providers": ECO.competesOn,
    "Infrastructure": ECO.disruptionVector,
    "Boundary": ECO.repeatPlayerAdvantage,
}
ARCHETYPES = ("Dreamer", "Realist", "Engineer", "Coach", "Philosopher")
COUNTERPARTIES = ("Customers", "Suppliers", "Employees", "Owners", "Regulators")
TRENDS = {
    "toward ai": "TowardAI",
    "toward human": "TowardHuman",
    "stable": "Stable",
    "towardai": "TowardAI",
    "towardhuman": "TowardHuman",
}

TABLE_KINDS = {
    "counterparties": "CounterpartyMappingTable",
    "buyer-side": "BuyerSideTable",
    "provider-side": "ProviderSideTable",
    "infrastructure-side": "InfrastructureSideTable",
    "boundary-side": "BoundarySideTable",
    "positions-matrix": "PositionsMatrixTable",
    "archetype-asymmetries": "ArchetypeAsymmetryTable",
}

MATRIX_HEADERS = ("Position", "Human today", "AI today", "Direction")
MATRIX_OPTIONAL = ("Side", "Trend")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, what is wrong, what would be right.

    >>> Problem(Place("page.md", line=1), "the page has no title", "add one").line()
    'page.md:1: the page has no title; add one'
    """

    place: Place
    what: str
    right: str

    def line(self) -> str:
        return f"{self.place.describe()}: {self.what}; {self.right}"


@dataclass
class Built:
    """The module graph, where each resource came from, and what was recognised.

    >>> built = Built(Graph(), namespace="https://example.org/space/", prefix="sl")
    >>> len(built.graph), built.problems, built.recognised, built.warnings
    (0, [], [], [])
    """

    graph: Graph
    places: dict[URIRef, Place] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    recognised: list[str] = field(default_factory=list)
    # What the page allows but probably does not mean, one line each with its place.
    warnings: list[str] = field(default_factory=list)
    text_places: dict[tuple[URIRef, URIRef], Place] = field(default_factory=dict)
    namespace: str = ""
    prefix: str = ""


class Builder:
    """Builds the module; ``problems`` collects every error of the run. :func:`build` runs it
    from start to end; its helpers name and place each resource:

    >>> b = Builder(Page("p.md"), "https://example.org/x/", "https://example.org/x", "x")
    >>> lab = b.individual(b.ns["player-lab"], ECO.Player, "Lab", None, Place("p.md", line=9))
    >>> b.unique("player-lab"), b.built.places[lab].describe()
    (rdflib.term.URIRef('https://example.org/x/player-lab-2'), 'p.md:9')
    >>> (lab, ECO.inIndustry, b.industry) in b.g
    True
    """

    def __init__(self, page: Page, namespace: str, ontology_iri: str, prefix: str) -> None:
        self.page = page
        self.short_name = ontology_iri.rstrip("/").rsplit("/", 1)[-1]
        self.ns = Namespace(namespace)
        self.ontology_iri = URIRef(ontology_iri)
        self.g = Graph()
        self.g.bind("eco", ECO)
        self.g.bind(prefix, self.ns)
        self.g.bind("owl", OWL)
        self.g.bind("rdfs", RDFS)
        self.g.bind("skos", SKOS)
        self.g.bind("xsd", XSD)
        self.built = Built(self.g, namespace=namespace, prefix=prefix)
        self.name = industry_name(page.title) if page.title else "Industry"
        self.industry = self.ns["industry"]
        self.players: dict[str, tuple[URIRef, str, Place]] = {}
        self.orgs: dict[str, URIRef] = {}
        self.org_places: dict[str, Place] = {}
        self.side_sections: dict[str, URIRef] = {}
        self.side_tables: dict[str, URIRef] = {}
        self.section_iris: dict[str, URIRef] = {}

    # -- helpers ---------------------------------------------------------------------------
    def problem(self, place: Place, what: str, right: str) -> None:
        self.built.problems.append(Problem(place, what, right))

    def individual(
        self,
        iri: URIRef,
        cls: URIRef,
        label: str,
        section: URIRef | None,
        place: Place | None = None,
        industry: bool = True,
    ) -> URIRef:
        g = self.g
        g.add((iri, RDF.type, OWL.NamedIndividual))
        g.add((iri, RDF.type, cls))
        g.add((iri, RDFS.label, Literal(label, lang="en")))
        if section is not None:
            g.add((iri, ECO.fromSection, section))
        if industry:
            g.add((iri, ECO.inIndustry, self.industry))
        if place is not None and iri not in self.built.places:
            self.built.places[iri] = place
        return iri

    def text(self, s: URIRef, p: URIRef, value: str, place: Place | None = None) -> None:
        self.g.add((s, p, Literal(value)))
        if place is not None:
            self.built.text_places[(s, p)] = place

    def integer(self, s: URIRef, p: URIRef, value: int) -> None:
        self.g.add((s, p, Literal(value, datatype=XSD.integer)))

    def cell_source(self, s: URIRef, table_iri: URIRef, cell: Cell, row: int) -> None:
        col = cell.place.column or 1
        self.g.add((s, ECO.fromColumn, URIRef(f"{table_iri}-col-{col}")))
        self.integer(s, ECO.fromRow, row)

    def unique(self, base: str) -> URIRef:
        iri = self.ns[base]
        n = 2
        while (iri, RDF.type, OWL.NamedIndividual) in self.g:
            iri = self.ns[f"{base}-{n}"]
            n += 1
        return iri

    # -- the page --------------------------------------------------------------------------
    def build(self) -> Built:
        page = self.page
        top = Place(page.file, line=1)
        if not page.title:
            self.problem(
                top, "the page has no title", "start it with a '# <Industry> Industry Players' line"
            )
        if not page.guiding_question:
            self.problem(
                page.title_place or top,
                "no guiding question under the title",
                "add the question as one line in *italics* below the title",
            )
        for where, text in page.placeholders:
            self.problem(
                where,
                f"the skeleton's placeholder {text!r} is still there",
                "replace it with this industry's text",
            )
        self.header()
        self.sections()
        self.sides()
        for table in page.tables:
            self.table(table)
        self.narratives()
        self.principles()
        self.questions()
        self.check_tables_present()
        return self.built

    def header(self) -> None:
        g, page = self.g, self.page
        o = self.ontology_iri
        g.add((o, RDF.type, OWL.Ontology))
        g.add((o, RDFS.label, Literal(f"ecoonto {self.name} industry module", lang="en")))
        g.add((o, OWL.imports, ECO.core))
        g.add((o, OWL.versionIRI, URIRef(f"{o}/0.1.0")))
        g.add(
            (
                o,
                SKOS.definition,
                Literal(
                    f"Instance data for the {self.name} industry, imported from the page "
                    f"'{page.title}' by ecoonto import: players, positions, fillings, "
                    "organisations, archetypes, counterparties and the positions matrix, "
                    "every cell kept verbatim.",
                    lang="en",
                ),
            )
        )
        intro = self.section_iri("intro")
        self.individual(
            self.industry, ECO.Industry, f"{self.name} industry", intro, page.title_place
        )
        g.remove((self.industry, ECO.inIndustry, self.industry))
        self.text(self.industry, ECO.shortName, self.short_name)
        if page.guiding_question:
            self.text(self.industry, ECO.guidingQuestion, page.guiding_question)
        for para in page.intro:
            m = re.match(r"^Doctrinal anchor:\s*(.+)$", para)
            if m:
                self.text(self.industry, ECO.doctrinalAnchor, m.group(1))
                continue
            self.text(self.industry, ECO.verbatimText, para)
            m = re.search(r"\(Doctrinal anchor:\s*(.+)\)\s*$", para)
            if m:
                self.text(self.industry, ECO.doctrinalAnchor, m.group(1))
        source = self.ns["source"]
        self.individual(source, ECO.SourceDocument, page.title or self.name, intro, industry=False)

    def section_iri(self, key: str) -> URIRef:
        return self.ns[f"section-{key}"]

    def sections(self) -> None:
        page = self.page
        entries: list[tuple[str, str, Place | None]] = [
            ("intro", page.title or self.name, page.title_place)
        ]
        for heading, where in page.sections:
            entries.append((slug(_section_key(heading)), heading, where))
        seen: set[str] = set()
        for n, (key, label, at) in enumerate(entries, start=1):
            if key in seen:
                continue
            seen.add(key)
            iri = self.section_iri(key)
            self.section_iris[label] = iri
            self.individual(iri, ECO.SourceSection, label, iri, at, industry=False)
            self.integer(iri, ECO.order, n)
            self.g.add((iri, ECO.sectionOf, self.ns["source"]))

    def section_of(self, heading: str) -> URIRef:
        return self.section_iris.get(heading, self.section_iri(slug(_section_key(heading))))

    def sides(self) -> None:
        page = self.page
        eco_section = self.section_of("The Ecosystem")
        if not page.sides:
            where = next(
                (p for h, p in page.sections if h == "The Ecosystem"), Place(page.file, line=1)
            )
            self.problem(
                where,
                "no sides listed under '## The Ecosystem'",
                "list the four sides as '- **Buyers** — <description>' "
                "(Buyers, Providers, Infrastructure, Boundary)",
            )
        seen: dict[str, Place] = {}
        for item in page.sides:
            if item.name not in SIDES:
                self.problem(
                    item.place,
                    f"unknown side {item.name!r}"
                    if item.name
                    else "a side bullet without a bold side name",
                    "write '- **Side** — description' with one of Buyers, Providers, "
                    "Infrastructure, Boundary",
                )
                continue
            if item.name in seen:
                self.problem(
                    item.place,
                    f"side {item.name!r} listed twice (first at line {seen[item.name].line})",
                    "list each side once",
                )
                continue
            seen[item.name] = item.place
            iri = self.ns[f"side-{item.name.lower()}"]
            self.individual(
                iri, ECO.SideExpression, f"{item.name} in {self.name}", eco_section, item.place
            )
            self.g.add((iri, ECO.expressesSide, ECO[item.name]))
            self.text(iri, ECO.description, item.text)
            self.integer(iri, ECO.order, SIDES[item.name])
        for n, note in enumerate(page.ecosystem_notes, start=1):
            iri = self.ns[f"ecosystem-statement-{n}"]
            self.individual(
                iri, ECO.MultiHatStatement, f"Statement {n} on the ecosystem", eco_section
            )
            self.text(iri, ECO.verbatimText, note)

    # -- tables ----------------------------------------------------------------------------
    def table(self, table: Table) -> None:
        first = table.headers[0].text if table.headers else ""
        if first.startswith("Counterparty"):
            self.counterparties(table)
        elif first.startswith("Player"):
            self.side_table(table)
        elif first == "Position":
            self.matrix(table)
        elif first == "Archetype":
            self.asymmetries(table)
        else:
            self.problem(
                table.headers[0].place if table.headers else table.place,
                f"table under {table.heading!r} is not one the import knows "
                f"(first header {first!r})",
                "the first header is 'Counterparty (canonical)', 'Player (WHO)', "
                "'Position' (positions matrix) or 'Archetype' (asymmetries)",
            )

    def table_resource(self, table: Table, key: str, label: str) -> URIRef | None:
        iri = self.ns[f"table-{key}"]
        if (iri, RDF.type, ECO.Table) in self.g:
            self.problem(
                table.place,
                f"a second {label!r} table",
                "give each table once; put all its rows in one table",
            )
            return None
        section = self.section_of(table.heading)
        order = 1 + sum(1 for _ in self.g.subjects(RDF.type, ECO.Table))
        self.individual(iri, ECO.Table, label, section, table.place)
        self.integer(iri, ECO.order, order)
        self.g.add((iri, ECO.tableKind, ECO[TABLE_KINDS[key]]))
        for n, header in enumerate(table.headers, start=1):
            col = URIRef(f"{iri}-col-{n}")
            self.individual(
                col, ECO.TableColumn, header.text, section, header.place, industry=False
            )
            self.integer(col, ECO.order, n)
            self.g.add((iri, ECO.hasColumn, col))
        return iri

    def check_headers(
        self, table: Table, expected: list[str], prefix_ok: set[int], optional: tuple[str, ...] = ()
    ) -> bool:
        """Headers must be ``expected`` (for columns in ``prefix_ok`` only their start)."""
        ok = True
        got = [h.text for h in table.headers]
        shown = " | ".join(
            (f"{want}…" if want else "…") if n in prefix_ok else want
            for n, want in enumerate(expected)
        )
        base = got[: len(expected)]
        extra = got[len(expected) :]
        if len(base) < len(expected):
            self.problem(
                table.headers[-1].place if table.headers else table.place,
                f"the table under {table.heading!r} has {len(got)} columns",
                f"its headers are {shown}",
            )
            return False
        for n, (want, have) in enumerate(zip(expected, base, strict=True)):
            good = have.startswith(want) if n in prefix_ok else have == want
            if not good:
                ok = False
                self.problem(
                    table.headers[n].place,
                    f"header {have!r} does not match the table",
                    f"this column's header is {want!r}"
                    + (" (followed by your words)" if n in prefix_ok else ""),
                )
        for k, have in enumerate(extra, start=len(expected)):
            if have not in optional:
                ok = False
                allowed = f"; optional columns: {', '.join(optional)}" if optional else ""
                self.problem(
                    table.headers[k].place,
                    f"unexpected column {have!r}",
                    f"the table has {len(expected)} columns ({shown}){allowed}",
                )
        return ok

    def rows(self, table: Table) -> list[list[Cell]]:
        """Rows with as many cells as headers; a row with another count is a problem."""
        out = []
        for row in table.rows:
            for cell in row:
                for m in PLACEHOLDER.finditer(cell.text):
                    self.problem(
                        cell.place,
                        f"the skeleton's placeholder {m.group(0)!r} is still there",
                        "replace it with this industry's text",
                    )
            if len(row) != len(table.headers):
                self.problem(
                    row[0].place if row else table.place,
                    f"row has {len(row)} cells, the header has {len(table.headers)}",
                    "give every row one cell per column (escape a '|' in a cell as '\\|')",
                )
                continue
            out.append(row)
        return out

    def counterparties(self, table: Table) -> None:
        if not self.check_headers(table, ["Counterparty", ""], {0, 1}):
            return
        iri_t = self.table_resource(table, "counterparties", table.heading)
        if iri_t is None:
            return
        section = self.section_of(table.heading)
        seen: dict[str, int] = {}
        for r, row in enumerate(self.rows(table), start=1):
            cp, text = row[0], row[1]
            if cp.text not in COUNTERPARTIES:
                self.problem(
                    cp.place,
                    f"unknown counterparty {cp.text!r}",
                    "write one of " + ", ".join(COUNTERPARTIES),
                )
                continue
            if cp.text in seen:
                self.problem(
                    cp.place,
                    f"counterparty {cp.text!r} given twice (row {seen[cp.text]})",
                    "give each counterparty one row",
                )
                continue
            seen[cp.text] = r
            if not text.text:
                self.problem(
                    text.place,
                    "empty expression cell",
                    f"say who the {cp.text.lower()} are in this industry",
                )
                continue
            iri = self.ns[f"counterparty-{cp.text.lower()}"]
            self.individual(
                iri, ECO.CounterpartyExpression, f"{cp.text} in {self.name}", section, cp.place
            )
            self.g.add((iri, ECO.expressesCounterparty, ECO[cp.text]))
            self.g.add((iri, ECO.inTable, iri_t))
            self.integer(iri, ECO.order, r)
            self.text(iri, ECO.verbatimText, text.text, text.place)
            self.cell_source(iri, iri_t, cp, r)
            for n, item in enumerate(split_top(text.text, ", "), start=1):
                m = self.ns[f"mention-counterparty-{cp.text.lower()}-{n}"]
                self.individual(m, ECO.Mention, item, section, text.place)
                self.integer(m, ECO.order, n)
                self.g.add((iri, ECO.hasMention, m))
                self.cell_source(m, iri_t, text, r)
                self.pending_mentions.append((m, item))

    pending_mentions: list[tuple[URIRef, str]]

    def side_table(self, table: Table) -> None:
        words = table.heading.split()
        side = SIDE_WORDS.get(words[0].lower().rstrip("s")) if words else None
        if side is None:
            where = next((p for h, p in self.page.sections if h == table.heading), table.place)
            self.problem(
                where,
                f"section {table.heading!r} holds a players table but names no side",
                "start its heading with Buyer, Provider, Infrastructure or "
                "Boundary ('## Buyer side — players')",
            )
            return
        expected = ["Player", "Position filled", ""]
        if side != "Boundary":
            expected.append("Archetype")
        if not self.check_headers(table, expected, {0, 1, 2}):
            return
        key = f"{side.lower().rstrip('s')}-side"
        label = table.heading.replace(" — ", " ").replace("—", " ").strip() + " table"
        iri_t = self.table_resource(table, key, label)
        if iri_t is None:
            return
        section = self.section_of(table.heading)
        expr = self.ns[f"side-{side.lower()}"]
        self.g.add((expr, ECO.fromSection, section))
        if table.intro:
            self.text(expr, ECO.tableIntro, " ".join(table.intro))
        meaning = table.headers[1].text
        m = re.match(r"^Position filled\s*[—–-]\s*(.+)$", meaning)
        if m:
            self.text(expr, ECO.positionMeaning, m.group(1))
        seen: dict[str, Place] = {}
        for r, row in enumerate(self.rows(table), start=1):
            self.side_row(side, iri_t, section, row, r, seen)

    def side_row(
        self,
        side: str,
        iri_t: URIRef,
        section: URIRef,
        row: list[Cell],
        r: int,
        seen: dict[str, Place],
    ) -> None:
        player_cell, position_cell, text_cell = row[0], row[1], row[2]
        good = True
        if not player_cell.text:
            self.problem(
                player_cell.place,
                "empty player cell",
                "name the player (the WHO), e.g. 'Frontier AI lab (OpenAI, Anthropic)'",
            )
            good = False
        if not position_cell.text:
            self.problem(
                position_cell.place,
                "empty position cell",
                "say what the player "
                + {"Buyers": "buys", "Boundary": "holds"}.get(side, "provides"),
            )
            good = False
        if not text_cell.text:
            self.problem(
                text_cell.place,
                f"empty {text_cell.place.header!r} cell",
                "every filling on this side states it (the shapes require it)",
            )
            good = False
        archetypes: list[str] = []
        if len(row) > 3:
            arch_cell = row[3]
            names = [a.strip() for a in arch_cell.text.split("/")] if arch_cell.text else []
            if not names:
                self.problem(
                    arch_cell.place,
                    "empty archetype cell",
                    "write one of " + ", ".join(ARCHETYPES) + " (or 'A / B')",
                )
                good = False
            for a in names:
                if a not in ARCHETYPES:
                    self.problem(
                        arch_cell.place,
                        f"unknown archetype {a!r}",
                        "write one of "
                        + ", ".join(ARCHETYPES)
                        + " ('Primary / Secondary' for two)",
                    )
                    good = False
            if len(names) > 2 or len(set(names)) != len(names):
                self.problem(
                    arch_cell.place,
                    f"archetype cell {arch_cell.text!r}",
                    "give one archetype or two different ones as 'Primary / Secondary'",
                )
                good = False
            archetypes = names
        if not player_cell.text:
            return
        name, inner = player_parts(player_cell.text)
        key = slug(name)
        if key in seen:
            first = seen[key]
            self.problem(
                player_cell.place,
                f"duplicate player {name!r} (already at {first.describe()})",
                "give each player one row per side table; "
                "a player with two positions on one side is one row per position "
                "with a different name, or one position",
            )
            return
        seen[key] = player_cell.place
        if not good:
            return
        known = self.players.get(key)
        if known is not None and known[1] != player_cell.text:
            self.problem(
                player_cell.place,
                f"player {name!r} is written differently from {known[2].describe()} ({known[1]!r})",
                "write a player the same way in every table it appears in",
            )
            return
        g = self.g
        suffix = "" if known is None else f"-{side.lower()}"
        if known is None:
            player = self.ns[f"player-{key}"]
            self.individual(player, ECO.Player, name, section, player_cell.place)
            self.text(player, ECO.nameAsWritten, player_cell.text)
            self.cell_source(player, iri_t, player_cell, r)
            self.players[key] = (player, player_cell.text, player_cell.place)
        else:
            player = known[0]
        if archetypes:
            existing = list(g.objects(player, ECO.primaryArchetype))
            if existing and existing != [ECO[archetypes[0]]]:
                self.problem(
                    row[3].place,
                    "archetype differs from the same player's row "
                    f"at {known[2].describe() if known else '?'}",
                    "give a player the same archetypes wherever it appears",
                )
            else:
                g.add((player, ECO.primaryArchetype, ECO[archetypes[0]]))
                for a in archetypes:
                    g.add((player, ECO.hasArchetype, ECO[a]))
                if len(archetypes) == 2:
                    g.add((player, ECO.secondaryArchetype, ECO[archetypes[1]]))
        position = self.unique(f"position-{key}{suffix}")
        self.individual(position, ECO.Position, position_cell.text, section, position_cell.place)
        g.add((position, ECO.onSide, ECO[side]))
        self.cell_source(position, iri_t, position_cell, r)
        filling = self.unique(f"filling-{key}{suffix}")
        self.individual(
            filling,
            ECO.Filling,
            f"{name}: {side.lower().rstrip('s')}-side filling",
            section,
            player_cell.place,
        )
        g.add((filling, ECO.byPlayer, player))
        g.add((filling, ECO.ofPosition, position))
        g.add((filling, ECO.inTable, iri_t))
        self.integer(filling, ECO.order, r)
        self.text(filling, SIDE_TEXT[side], text_cell.text, text_cell.place)
        self.cell_source(filling, iri_t, player_cell, r)
        if known is None:
            self.organisations(player, name, inner, section, iri_t, player_cell, r)

    def organisations(
        self,
        player: URIRef,
        name: str,
        inner: str | None,
        section: URIRef,
        iri_t: URIRef,
        cell: Cell,
        r: int,
    ) -> None:
        found: list[tuple[str, str | None]] = []
        if names_an_organisation(name):
            found.append((name, None))
        elif inner:
            found.extend(organisations_in(inner))
        for org_name, parent in found:
            org = self.organisation(org_name, section, iri_t, cell, r)
            self.g.add((org, ECO.exemplifies, player))
            if parent is not None:
                self.g.add(
                    (org, ECO.subOrganisationOf, self.organisation(parent, section, iri_t, cell, r))
                )
                self.built.recognised.append(
                    f"{cell.place.describe()}: business unit {org_name} of {parent}"
                )

    def organisation(
        self, label: str, section: URIRef, iri_t: URIRef, cell: Cell, r: int
    ) -> URIRef:
        key = slug(label)
        if key in self.orgs:
            return self.orgs[key]
        org = self.ns[f"org-{key}"]
        self.individual(org, ECO.Organisation, label, section, cell.place)
        self.cell_source(org, iri_t, cell, r)
        self.orgs[key] = org
        self.org_labels[label] = org
        return org

    org_labels: dict[str, URIRef]

    def matrix(self, table: Table) -> None:
        if not self.check_headers(table, list(MATRIX_HEADERS), {3}, MATRIX_OPTIONAL):
            return
        iri_t = self.table_resource(table, "positions-matrix", table.heading)
        if iri_t is None:
            return
        # Optional Side/Trend columns are read as data, not kept as table columns (the
        # regenerated table has the four columns).
        headers = [h.text for h in table.headers]
        for extra in MATRIX_OPTIONAL:
            if extra in headers:
                n = headers.index(extra) + 1
                col = URIRef(f"{iri_t}-col-{n}")
                self.g.remove((iri_t, ECO.hasColumn, col))
                self.g.remove((col, None, None))
        section = self.section_of(table.heading)
        g = self.g
        seen: dict[str, Place] = {}
        for r, row in enumerate(self.rows(table), start=1):
            pos_cell = row[0]
            if not pos_cell.text:
                self.problem(pos_cell.place, "empty position cell", "name the position")
                continue
            empty = [c for c in row[1:4] if not c.text]
            for c in empty:
                self.problem(
                    c.place,
                    f"empty {c.place.header!r} cell",
                    "every row of the matrix fills its three split cells",
                )
            side = trend = None
            if "Side" in headers:
                c = row[headers.index("Side")]
                side = c.text.strip()
                if side and side not in SIDES:
                    self.problem(
                        c.place,
                        f"unknown side {side!r}",
                        "write one of Buyers, Providers, Infrastructure, Boundary",
                    )
                    side = None
            if "Trend" in headers:
                c = row[headers.index("Trend")]
                t = c.text.strip()
                trend = TRENDS.get(t.lower()) if t else None
                if t and trend is None and t not in ("TowardAI", "TowardHuman", "Stable"):
                    self.problem(
                        c.place,
                        f"unknown trend {t!r}",
                        "write one of 'toward AI', 'toward human', 'stable'",
                    )
                elif t and trend is None:
                    trend = t
            key = slug(pos_cell.text)
            if key in seen:
                self.problem(
                    pos_cell.place,
                    f"duplicate position {pos_cell.text!r} (already at {seen[key].describe()})",
                    "give each position one row",
                )
                continue
            seen[key] = pos_cell.place
            if empty:
                continue
            position = self.unique(f"position-{key}")
            self.individual(position, ECO.Position, pos_cell.text, section, pos_cell.place)
            g.add((position, ECO.inTable, iri_t))
            self.integer(position, ECO.order, r)
            self.cell_source(position, iri_t, pos_cell, r)
            if side:
                g.add((position, ECO.onSide, ECO[side]))
            split = self.unique(f"split-{key}")
            self.individual(
                split,
                ECO.HumanAISplit,
                f"Human-vs-AI split: {pos_cell.text}",
                section,
                row[1].place,
            )
            g.add((position, ECO.hasSplit, split))
            self.text(split, ECO.humanToday, row[1].text, row[1].place)
            self.text(split, ECO.aiToday, row[2].text, row[2].place)
            self.text(split, ECO.directionText, row[3].text, row[3].place)
            for c in row[1:4]:
                self.cell_source(split, iri_t, c, r)
            if trend:
                g.add((split, ECO.trend, ECO[trend]))

    def asymmetries(self, table: Table) -> None:
        if not self.check_headers(table, ["Archetype", "What they bring", "Where they win"], {2}):
            return
        iri_t = self.table_resource(table, "archetype-asymmetries", table.heading)
        if iri_t is None:
            return
        section = self.section_of(table.heading)
        seen: set[str] = set()
        for r, row in enumerate(self.rows(table), start=1):
            a = row[0]
            if a.text not in ARCHETYPES:
                self.problem(
                    a.place,
                    f"unknown archetype {a.text!r}" if a.text else "empty archetype cell",
                    "write one of " + ", ".join(ARCHETYPES),
                )
                continue
            if a.text in seen:
                self.problem(
                    a.place, f"archetype {a.text!r} given twice", "give each archetype one row"
                )
                continue
            seen.add(a.text)
            iri = self.archetype_expression(a.text, section, a.place)
            self.g.add((iri, ECO.inTable, iri_t))
            self.integer(iri, ECO.order, r)
            self.text(iri, ECO.whatTheyBring, row[1].text, row[1].place)
            self.text(iri, ECO.whereTheyWin, row[2].text, row[2].place)
            self.cell_source(iri, iri_t, a, r)

    def archetype_expression(self, name: str, section: URIRef, place: Place) -> URIRef:
        iri = self.ns[f"archetype-{name.lower()}"]
        if (iri, RDF.type, ECO.ArchetypeExpression) not in self.g:
            self.individual(iri, ECO.ArchetypeExpression, f"{name} in {self.name}", section, place)
            self.g.add((iri, ECO.expressesArchetype, ECO[name]))
        return iri

    # -- prose after the tables --------------------------------------------------------------
    def narratives(self) -> None:
        section = self.section_of("The Five Archetypes Across the Community")
        for item in self.page.narratives:
            if item.name not in ARCHETYPES:
                self.problem(
                    item.place,
                    f"unknown archetype {item.name!r}"
                    if item.name
                    else "a narrative bullet without a bold archetype name",
                    "write '- **Archetype** — examples' with one of " + ", ".join(ARCHETYPES),
                )
                continue
            expr = self.archetype_expression(item.name, section, item.place)
            for n, sentence in enumerate(sentences(item.text), start=1):
                ex = self.ns[f"archetype-{item.name.lower()}-example-{n}"]
                self.individual(
                    ex, ECO.ArchetypeExample, f"{item.name} example {n}", section, item.place
                )
                self.integer(ex, ECO.order, n)
                self.text(ex, ECO.verbatimText, sentence)
                self.g.add((expr, ECO.hasExample, ex))

    def principles(self) -> None:
        for n, text in enumerate(self.page.principles, start=1):
            iri = self.ns[f"principle-{n}"]
            section = (
                self.section_of(self.page.tables[-1].heading)
                if self.page.tables
                else self.section_iri("intro")
            )
            self.individual(iri, ECO.Principle, f"Principle {n}", section)
            self.integer(iri, ECO.order, n)
            self.text(iri, ECO.verbatimText, text)

    def questions(self) -> None:
        section = self.section_of("Questions")
        for q in self.page.questions:
            iri = self.ns[f"question-{q.number}"]
            self.individual(iri, ECO.AnalysisQuestion, f"Question {q.number}", section, q.place)
            self.integer(iri, ECO.order, q.number)
            self.text(iri, ECO.verbatimText, q.text)
            if q.query_name:
                self.text(iri, ECO.queryName, q.query_name)

    def link_mentions(self) -> None:
        """Link each counterparty mention to what the page already has under its name.

        A mention whose parentheses name organisations of the page names them; a mention
        that is the name of an organisation names it; a mention that is a player's name
        (without its parentheses, either in the singular) identifies the player; a mention
        that is a matrix position's label identifies the position. Names are compared by
        :func:`mention_key`; a key that two players (or two positions) share links neither.
        """
        g = self.g

        def by_key(cls: URIRef, *props: URIRef) -> dict[str, URIRef | None]:
            out: dict[str, URIRef | None] = {}
            subjects = {s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}
            for subject in sorted(s for s in subjects if str(s).startswith(str(self.ns))):
                keys = {mention_key(str(o)) for p in props for o in g.objects(subject, p)}
                for key in keys:
                    out[key] = subject if out.get(key, subject) == subject else None
            return out

        players = by_key(ECO.Player, RDFS.label, ECO.nameAsWritten)
        positions = by_key(ECO.Position, RDFS.label)
        orgs = {mention_key(name): org for name, org in self.org_labels.items()}
        for mention, text in self.pending_mentions:
            _, inner = player_parts(text)
            for org_name, _parent in organisations_in(inner) if inner else []:
                org = self.org_labels.get(org_name)
                if org is not None:
                    g.add((mention, ECO.namesOrganisation, org))
            key = mention_key(text)
            if orgs.get(key) is not None:
                g.add((mention, ECO.namesOrganisation, orgs[key]))
            player, position = players.get(key), positions.get(key)
            if player is not None:
                g.add((mention, ECO.identifiesPlayer, player))
            if position is not None:
                g.add((mention, ECO.identifiesPosition, position))

    def check_tables_present(self) -> None:
        """A side the page lists needs its players table (an error); a matrix row that puts
        its position on a side without one is allowed but named (a warning)."""
        g = self.g
        filled = set(g.objects(None, ECO.ofPosition))
        sides_with_tables = {str(o) for p in filled for o in g.objects(p, ECO.onSide)}
        for item in self.page.sides:
            if item.name in SIDES and str(ECO[item.name]) not in sides_with_tables:
                self.problem(
                    item.place,
                    f"side {item.name!r} has no players table",
                    f"add a section '## {item.name.rstrip('s')} side — players' with its table",
                )
        rows = {p for p in g.subjects(ECO.hasSplit, None) if isinstance(p, URIRef)} - filled
        for position in sorted(rows):
            for side in g.objects(position, ECO.onSide):
                if str(side) in sides_with_tables:
                    continue
                name = str(side).rsplit("/", 1)[-1]
                place = self.built.places.get(position)
                where = place.describe() if place is not None else str(position)
                # "place: focus: message", as the shapes' warnings are (the CLI counts by
                # message, so the message names the place too).
                self.built.warnings.append(
                    f"{where}: {self.built.prefix}:{position[len(self.ns) :]}: the matrix row "
                    f"at {where} puts {g.value(position, RDFS.label)} on the "
                    f"{name} side, which has no players table; add the table or change the "
                    "row's Side"
                )


def _section_key(heading: str) -> str:
    """Section keys as the bundled module names them (``buyer-side``, ``counterparties``...)."""
    h = heading.strip()
    low = h.lower()
    for word, side in SIDE_WORDS.items():
        if low.startswith(word) and "side" in low:
            return f"{side.lower().rstrip('s')}-side"
    if low.startswith("counterparty"):
        return "counterparties"
    if low.startswith("positions matrix"):
        return "positions-matrix"
    if low.startswith("archetype asymmetries"):
        return "archetype-asymmetries"
    if low.startswith("the five archetypes"):
        return "archetypes"
    if low == "the ecosystem":
        return "ecosystem"
    return h


def build(page: Page, namespace: str, ontology_iri: str, prefix: str) -> Built:
    """The module for ``page``; ``Built.problems`` lists every problem found.

    >>> from pathlib import Path
    >>> from ecoonto.authoring.page import read_markdown
    >>> text = "\\n".join([
    ...     "# Space launch Industry Players", "", "*Who gets to orbit?*", "",
    ...     "## The Ecosystem", "", "- **Buyers** — who pays for launches", "",
    ...     "## Buyer side — players", "",
    ...     "| Player (WHO) | Position filled — what they buy | Asymmetry they need closed "
    ...     "| Archetype |", "|---|---|---|---|",
    ...     "| Satellite operator (SES, Viasat) | launch slots | 2-5 years of lead time "
    ...     "| Realist |"])
    >>> ns = "https://example.org/space/"
    >>> built = build(read_markdown(Path("space.md"), text), ns, ns.rstrip("/"), "sl")
    >>> built.problems, built.recognised
    ([], ["space.md:13, column 3 ('Asymmetry they need closed'): '2-5 years' = 2 to 5 Year"])
    >>> sorted(str(o) for o in built.graph.subjects(RDF.type, ECO.Organisation))
    ['https://example.org/space/org-ses', 'https://example.org/space/org-viasat']
    >>> built.places[URIRef(ns + "player-satellite-operator")].describe()
    "space.md:13, column 1 ('Player (WHO)')"

    A page with no title is not guessed at:

    >>> [p.what for p in build(read_markdown(Path("x.md"), "*Why?*"), ns, ns, "sl").problems]
    ['the page has no title', "no sides listed under '## The Ecosystem'"]
    """
    b = Builder(page, namespace, ontology_iri, prefix)
    b.pending_mentions = []
    b.org_labels = {}
    built = b.build()
    b.link_mentions()
    from ecoonto.authoring.quantities import add_quantities

    add_quantities(b)
    return built
