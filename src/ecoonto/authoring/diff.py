"""What changed between two versions of an industry module: in words, and as triples.

:func:`diff` compares two graphs triple by triple (blank nodes by canonical labels) and groups
the difference by the resources it touches: players, positions, fillings, organisations,
archetypes, counterparties, splits, sides and the rest, each added, removed or changed
(which property, from what to what).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

ECO = "https://w3id.org/ecoonto/"

GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("players", ("Player",)),
    ("positions", ("Position",)),
    ("fillings", ("Filling",)),
    ("organisations", ("Organisation",)),
    ("archetypes", ("ArchetypeExpression", "ArchetypeExample")),
    ("counterparties", ("CounterpartyExpression", "Mention")),
    ("splits", ("HumanAISplit",)),
    ("sides", ("SideExpression",)),
]

Triple = tuple[Node, Node, Node]


@dataclass
class Change:
    """One resource added, removed or changed; ``details`` says how, one line each.

    >>> change = Change("players", "changed", URIRef("https://example.org/x/player-lab"), "Lab",
    ...                 ["primary archetype: Realist -> Engineer"])
    >>> change.kind, change.details
    ('changed', ['primary archetype: Realist -> Engineer'])
    """

    group: str
    kind: str  # "added", "removed", "changed" or "renamed" (same cell, another IRI)
    resource: Node
    label: str
    details: list[str] = field(default_factory=list)


@dataclass
class Diff:
    """The changes in words and the triples, removed and added (:func:`diff` makes one).

    >>> same = Diff(removed=[], added=[], changes=[], names={})
    >>> same.same, same.words(), same.triples()
    (True, 'no differences\\n', '')
    >>> gone = (URIRef("https://example.org/x/org-ses"), RDF.type, URIRef(ECO + "Organisation"))
    >>> names = {"https://example.org/x/": "x", ECO: "eco", str(RDF): "rdf"}
    >>> Diff([gone], [], [], names).triples()
    '- x:org-ses rdf:type eco:Organisation .\\n'
    """

    removed: list[Triple]
    added: list[Triple]
    changes: list[Change]
    names: dict[str, str]

    @property
    def same(self) -> bool:
        return not self.removed and not self.added

    def words(self) -> str:
        if self.same:
            return "no differences\n"
        lines: list[str] = []
        for group, _ in [*GROUPS, ("other", ())]:
            items = [c for c in self.changes if c.group == group]
            if not items:
                continue
            counts = ", ".join(
                f"{n} {kind}"
                for kind in ("added", "removed", "changed", "renamed")
                if (n := sum(1 for c in items if c.kind == kind))
            )
            lines.append(f"{group}: {counts}")
            for c in items:
                lines.append(f"  {c.kind} {self.short(c.resource)} ({c.label})")
                lines.extend(f"    {d}" for d in c.details)
        return "\n".join(lines) + "\n"

    def triples(self) -> str:
        out = [f"- {self.n3(t)}" for t in self.removed] + [f"+ {self.n3(t)}" for t in self.added]
        return "\n".join(out) + ("\n" if out else "")

    def short(self, term: Node) -> str:
        if isinstance(term, URIRef):
            text = str(term)
            for ns, prefix in sorted(self.names.items(), key=lambda kv: -len(kv[0])):
                if text.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_.-]*", text[len(ns) :]):
                    return f"{prefix}:{text[len(ns) :]}"
        return term.n3()

    def n3(self, triple: Triple) -> str:
        return " ".join(self.short(t) for t in triple) + " ."


def _canonical(graph: Graph) -> set[Triple]:
    from rdflib.compare import to_canonical_graph

    if any(not isinstance(t, URIRef | Literal) for triple in graph for t in triple):
        graph = to_canonical_graph(graph)
    return set(graph)


def _words(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def _label(graphs: Iterable[Graph], node: Node) -> str:
    for g in graphs:
        for label in g.objects(node, RDFS.label):
            return str(label)
    return str(node).rsplit("/", 1)[-1]


def _value(graphs: Iterable[Graph], node: Node) -> str:
    if isinstance(node, Literal):
        return (
            repr(str(node))
            if node.datatype is None or "string" in str(node.datatype)
            else str(node)
        )
    if isinstance(node, URIRef) and str(node).startswith(ECO) and "/" not in str(node)[len(ECO) :]:
        return str(node)[len(ECO) :]
    return _label(graphs, node)


def _where(graphs: Iterable[Graph], node: Node) -> str:
    """ ", row 3 of Buyer side players table" from the import's provenance, if there is any."""
    for g in graphs:
        row = g.value(node, URIRef(ECO + "fromRow"))
        column = g.value(node, URIRef(ECO + "fromColumn"))
        if row is None or column is None:
            continue
        table = g.value(None, URIRef(ECO + "hasColumn"), column)
        if table is not None:
            return f", row {row} of {_label(graphs, table)}"
    return ""


def _short_iri(names: dict[str, str], term: Node) -> str:
    text = str(term)
    for ns, prefix in sorted(names.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return term.n3()


def _renames(
    old: Graph, new: Graph, gone: list[Node], came: list[Node], types: dict[Node, set[str]]
) -> list[tuple[Node, Node]]:
    """Resources an import read from the same cell (``eco:fromColumn``, ``eco:fromRow``) of the
    same table, gone under one IRI and come under another: one resource renamed."""
    column, row = URIRef(ECO + "fromColumn"), URIRef(ECO + "fromRow")

    def key(g: Graph, s: Node) -> tuple[object, ...] | None:
        c, r = g.value(s, column), g.value(s, row)
        if c is None or r is None:
            return None
        return (str(c), str(r), tuple(sorted(types.get(s, set()))))

    before: dict[tuple[object, ...], list[Node]] = {}
    for s in gone:
        k = key(old, s)
        if k is not None:
            before.setdefault(k, []).append(s)
    after: dict[tuple[object, ...], list[Node]] = {}
    for s in came:
        k = key(new, s)
        if k is not None:
            after.setdefault(k, []).append(s)
    return [
        (before[k][0], after[k][0])
        for k in sorted(before, key=str)
        if len(before[k]) == 1 and len(after.get(k, [])) == 1
    ]


def diff(old: Graph, new: Graph) -> Diff:
    """The difference from ``old`` to ``new``.

    >>> def version(archetype, organisation):
    ...     return Graph().parse(format="turtle", data=f'''
    ...         @prefix eco: <https://w3id.org/ecoonto/> .
    ...         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...         @prefix sl: <https://example.org/space/> .
    ...         sl:player-lab a eco:Player ; rdfs:label "Lab" ;
    ...             eco:primaryArchetype eco:{archetype} .
    ...         sl:org-{organisation.lower()} a eco:Organisation ; rdfs:label "{organisation}" .''')
    >>> d = diff(version("Realist", "SES"), version("Engineer", "Viasat"))
    >>> print(d.words(), end="")
    players: 1 changed
      changed sl:player-lab (Lab)
        primary archetype: Realist -> Engineer
    organisations: 1 added, 1 removed
      removed sl:org-ses (SES)
      added sl:org-viasat (Viasat)
    >>> print(d.triples(), end="")
    - sl:org-ses rdf:type eco:Organisation .
    - sl:org-ses rdfs:label "SES" .
    - sl:player-lab eco:primaryArchetype eco:Realist .
    + sl:org-viasat rdf:type eco:Organisation .
    + sl:org-viasat rdfs:label "Viasat" .
    + sl:player-lab eco:primaryArchetype eco:Engineer .
    >>> diff(version("Realist", "SES"), version("Realist", "SES")).same
    True
    """
    a, b = _canonical(old), _canonical(new)
    removed = sorted(a - b)
    added = sorted(b - a)
    names = {str(ns): prefix for g in (old, new) for prefix, ns in g.namespaces() if prefix}
    names.setdefault(ECO, "eco")
    graphs = (new, old)
    types: dict[Node, set[str]] = {}
    for g in (old, new):
        for s, t in g.subject_objects(RDF.type):
            if str(t).startswith(ECO):
                types.setdefault(s, set()).add(str(t)[len(ECO) :])

    def group_of(s: Node) -> str:
        found = types.get(s, set())
        for group, classes in GROUPS:
            if found & set(classes):
                return group
        return "other"

    subjects = sorted({t[0] for t in removed} | {t[0] for t in added}, key=str)
    renamed = _renames(
        old,
        new,
        [s for s in subjects if (s, None, None) not in new],
        [s for s in subjects if (s, None, None) not in old],
        types,
    )
    new_of = dict(renamed)

    def mapped(values: Iterable[Node]) -> list[Node]:
        return sorted((new_of.get(v, v) for v in values), key=str)

    changes: list[Change] = []
    for s in subjects:
        if s in new_of.values():
            continue  # reported with its old name
        in_old = (s, None, None) in old
        in_new = (s, None, None) in new
        kind = "changed" if in_old and in_new else ("added" if in_new else "removed")
        target = new_of.get(s, s)
        if s in new_of:
            kind = "renamed"
        change = Change(group_of(s), kind, target, _label(graphs, target) + _where(graphs, target))
        if s in new_of:
            change.details.append(f"was {_short_iri(names, s)} ({_label((old,), s)})")
        if kind in ("changed", "renamed"):
            preds = sorted(set(old.predicates(s)) | set(new.predicates(target)), key=str)
            for p in preds:
                before_nodes = mapped(old.objects(s, p))
                after_nodes = sorted(new.objects(target, p), key=str)
                if before_nodes == after_nodes:
                    continue
                before = sorted(_value(graphs, o) for o in before_nodes)
                after = sorted(_value(graphs, o) for o in after_nodes)
                name = _words(str(p).rsplit("/", 1)[-1].rsplit("#", 1)[-1])
                change.details.append(
                    f"{name}: {', '.join(before) or '(none)'} -> {', '.join(after) or '(none)'}"
                )
            if kind == "changed" and not change.details:
                continue  # only points to renamed resources, which are reported themselves
        changes.append(change)
    return Diff(removed, added, changes, names)


def load_version(path: Path, namespace: str | None = None) -> tuple[Graph, str | None]:
    """A module (any RDF file) as is, or a page (``.md``) or folder of tables imported first
    (not validated: a diff shows what is there). Returns the graph and its data namespace.

    >>> import tempfile
    >>> from ecoonto import resources
    >>> graph, namespace = load_version(resources.core_ontology())
    >>> len(graph) > 1000, namespace
    (True, None)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     page = Path(tmp, "space.md")
    ...     _ = page.write_text("\\n".join([
    ...         "# Space launch Industry Players", "", "*Who gets to orbit?*", "",
    ...         "## The Ecosystem", "", "- **Buyers** — who pays for launches", "",
    ...         "## Buyer side — players", "",
    ...         "| Player (WHO) | Position filled — what they buy "
    ...         "| Asymmetry they need closed | Archetype |", "|---|---|---|---|",
    ...         "| Satellite operator (SES) | launch slots | lead time | Realist |"]))
    ...     graph, namespace = load_version(page)
    >>> namespace, (URIRef(namespace + "org-ses"), RDFS.label, None) in graph
    ('https://w3id.org/ecoonto/data/space-launch/', True)
    >>> load_version(Path("no-such.ttl"))
    Traceback (most recent call last):
    ecoonto.errors.InputError: no-such.ttl: no such file or folder
    """
    from ecoonto.errors import InputError
    from ecoonto.rdf import graphs

    if path.is_dir() or path.suffix.lower() in (".md", ".markdown"):
        from ecoonto.authoring.importer import import_module

        imported = import_module(path, namespace=namespace, validate=False)
        return imported.built.graph, imported.built.namespace
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    return graphs.load([path]), namespace
