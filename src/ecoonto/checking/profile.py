"""Is an ontology in OWL 2 DL, EL, QL or RL? A Java-free profile check with py-horned-owl.

The RDF files are merged, written as RDF/XML (the ontology header first: py-horned-owl's parser
needs it before the axioms) and read by py-horned-owl into OWL 2 axioms, which
``pyhornedowl.profile.check_profile`` checks against the profile's grammar
(https://www.w3.org/TR/owl2-profiles/) and, for DL, the global restrictions of the structural
specification (declared typing, no illegal punning, simple properties in cardinalities and
disjointness, no cycles through property chains, reserved vocabulary).

py-horned-owl sets aside, without a word, any triples it cannot read as part of an axiom (a
restriction without ``owl:onProperty``, a union node without ``rdf:type owl:Class``). Such a graph
is no OWL 2 DL ontology at all, so :func:`check` also writes the axioms back to RDF and reports
every input triple that does not come back (:func:`_leftovers`), as ROBOT does with OWL API's
"unparsed triples".

Each finding is an :class:`Offence`: the file the axiom comes from, its subject (the class,
property or individual it is about) and what is wrong, in words::

    ontology/core.ttl: eco:Filling: SubClassOf with an ObjectExactCardinality on the right is
    outside OWL 2 RL: SubClassOf(eco:Filling ObjectExactCardinality(1 eco:byPlayer eco:Player))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ecoonto.errors import InputError

if TYPE_CHECKING:
    import pyoxigraph as ox

ProfileName = Literal["dl", "el", "ql", "rl"]
_HORNED: dict[str, Literal["DL", "EL", "QL", "RL"]] = {
    "dl": "DL",
    "el": "EL",
    "ql": "QL",
    "rl": "RL",
}
PROFILES: dict[str, str] = {"dl": "OWL 2 DL", "el": "OWL 2 EL", "ql": "OWL 2 QL", "rl": "OWL 2 RL"}

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RESERVED = (_RDF, _RDFS, _OWL, _XSD)
_TYPE = _RDF + "type"
_SAME_AS = {_OWL + "distinctMembers": _OWL + "members"}  # two spellings of one construct
_KNOWN_PREFIXES = {"rdf": _RDF, "rdfs": _RDFS, "owl": _OWL, "xsd": _XSD}


@dataclass(frozen=True, order=True)
class Offence:
    """One reason the input is outside the profile.

    ``file`` is the input file the axiom (or the first use of the IRI) comes from, ``subject``
    the IRI the axiom is about ("" when it has none), ``text`` what is wrong in words and
    ``axiom`` the axiom in OWL functional syntax (or the unread triples, Turtle-like), with
    prefixed names.

    >>> offence = Offence("core.ttl", "https://w3id.org/ecoonto/Foo", "FunctionalObjectProperty"
    ...                   " is outside OWL 2 EL", "FunctionalObjectProperty(eco:Foo)")
    >>> print(offence.line())
    core.ttl: https://w3id.org/ecoonto/Foo: FunctionalObjectProperty is outside OWL 2 EL:
    FunctionalObjectProperty(eco:Foo)
    >>> sorted([Offence("b.ttl", "", "x"), offence])[0].file  # ordered by file, then subject
    'b.ttl'
    """

    file: str
    subject: str
    text: str
    axiom: str = ""

    def line(self, curie: Any = None) -> str:
        """The offence on one line: ``file: subject: text: axiom`` (``curie`` shortens IRIs).

        >>> Offence("core.ttl", "https://w3id.org/ecoonto/Foo", "FunctionalObjectProperty"
        ...         " is outside OWL 2 EL").line(lambda iri: "eco:" + iri.rsplit("/", 1)[1])
        'core.ttl: eco:Foo: FunctionalObjectProperty is outside OWL 2 EL'
        """
        subject = (curie(self.subject) if curie else self.subject) if self.subject else ""
        head = f"{self.file}: {subject}: " if subject else f"{self.file}: "
        return head + self.text + (f": {self.axiom}" if self.axiom else "")


@dataclass(frozen=True)
class ProfileReport:
    """The outcome of :func:`check`: ``in_profile`` when there is no :class:`Offence`;
    ``axioms`` counts the OWL 2 axioms read (declarations included); ``prefixes`` maps the
    input's prefixes to namespaces (for :meth:`curie`).

    >>> offence = Offence("x.ttl", "http://example.org/P", "FunctionalObjectProperty is outside"
    ...                   " OWL 2 EL")
    >>> report = ProfileReport("el", (offence,), axioms=2, triples=3,
    ...                        prefixes={"ex": "http://example.org/"})
    >>> report.in_profile, report.name, report.curie("http://example.org/P")
    (False, 'OWL 2 EL', 'ex:P')
    >>> print("\\n".join(report.lines()))
    x.ttl: ex:P: FunctionalObjectProperty is outside OWL 2 EL
    outside OWL 2 EL: 1 offence (3 triples checked)
    """

    profile: str
    offences: tuple[Offence, ...]
    axioms: int
    triples: int
    prefixes: Mapping[str, str] = field(default_factory=dict)

    @property
    def in_profile(self) -> bool:
        return not self.offences

    @property
    def name(self) -> str:
        """The profile's name in words, e.g. ``OWL 2 EL``."""
        return PROFILES[self.profile]

    def curie(self, iri: str) -> str:
        """``iri`` as a prefixed name when one of the input's prefixes covers it."""
        return _shrink(iri, self.prefixes)

    def lines(self) -> list[str]:
        """One line per offence, then the verdict.

        >>> ProfileReport("el", (), axioms=3, triples=4).lines()
        ['in OWL 2 EL (4 triples checked)']
        """
        out = [o.line(self.curie) for o in self.offences]
        n = len(self.offences)
        verdict = f"in {self.name}" if not n else f"outside {self.name}: {_plural(n, 'offence')}"
        return [*out, f"{verdict} ({self.triples} triples checked)"]


def check(paths: Sequence[Path], profile: str = "dl", *, base: str | None = None) -> ProfileReport:
    """Check the merged RDF files ``paths`` against an OWL 2 profile (dl, el, ql or rl).

    >>> from ecoonto import resources
    >>> report = check(resources.bundled_graph_files(), "dl")
    >>> report.in_profile, report.name
    (True, 'OWL 2 DL')
    >>> rl = check(resources.bundled_graph_files(), "rl")
    >>> rl.in_profile, len(rl.offences)
    (False, 14)
    >>> print(rl.offences[4].line(rl.curie).split(": ", 1)[1])  # doctest: +NORMALIZE_WHITESPACE
    eco:Filling: SubClassOf with an ObjectExactCardinality on the right is outside OWL 2 RL:
    SubClassOf(eco:Filling ObjectExactCardinality(1 eco:byPlayer eco:Player))
    """
    import pyhornedowl
    from pyhornedowl.profile import check_profile

    key = profile.lower()
    if key not in PROFILES:
        raise InputError(f"unknown profile {profile!r}: choose one of {', '.join(PROFILES)}")
    inputs = _read(paths, base)
    if not inputs.triples:
        raise InputError(f"{', '.join(map(str, paths)) or 'the input'} holds no triples")
    try:
        ontology = pyhornedowl.open_ontology_from_string(inputs.rdf_xml(), "rdf")
    except Exception as exc:  # py-horned-owl raises plain ValueError/IOError subclasses
        raise InputError(f"py-horned-owl cannot read the input as OWL: {exc}") from exc
    prefixes = inputs.prefixes
    for name, ns in prefixes.items():
        ontology.add_prefix_mapping(name, ns)
    mapping = ontology.prefix_mapping
    attribution = _Attribution(inputs)
    name = PROFILES[key]
    offences: set[Offence] = set()
    result = check_profile(ontology, _HORNED[key])
    for violation in result.violations:
        offences.add(_offence(violation, name, attribution, mapping))
    back = _parse_rdf_xml(ontology.save_to_string("rdf"))
    for offence in _leftovers(inputs, back, prefixes):
        offences.add(offence)
    return ProfileReport(
        key,
        tuple(sorted(offences)),
        axioms=len(ontology.get_axioms()),
        triples=inputs.given,
        prefixes=prefixes,
    )


# --------------------------------------------------------------------------------------------
# Reading the files


@dataclass
class _Inputs:
    """The merged triples, the file each came from (its index in ``files``) and the prefixes."""

    files: list[str]
    triples: list[ox.Triple] = field(default_factory=list)
    origin: dict[ox.Triple, int] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)
    given: int = 0  # triples read (owl:imports included; before the AllDisjoint* rewrite)

    def rdf_xml(self) -> str:
        import pyoxigraph as ox

        headers = {
            t.subject
            for t in self.triples
            if t.predicate.value == _TYPE and t.object == ox.NamedNode(_OWL + "Ontology")
        }
        ordered = sorted(
            self.triples,
            key=lambda t: (t.subject not in headers, t.predicate.value != _TYPE),
        )
        try:
            data = ox.serialize(ordered, format=ox.RdfFormat.RDF_XML)
        except (ValueError, SyntaxError) as exc:
            raise InputError(
                f"the input cannot be written as RDF/XML for py-horned-owl: {exc}"
            ) from exc
        assert isinstance(data, bytes)
        return data.decode("utf-8")


def _read(paths: Sequence[Path], base: str | None) -> _Inputs:
    import pyoxigraph as ox

    from ecoonto.rdf import parse as rdf_parse

    inputs = _Inputs([_shown(Path(p)) for p in paths])
    prefixes: dict[str, str] = dict(_KNOWN_PREFIXES)
    imports: set[ox.Triple] = set()
    for index, path in enumerate(paths):
        declared: dict[str, str] = {}
        for quad in rdf_parse.read(Path(path), base=base, prefixes=declared):
            if quad.graph_name != ox.DefaultGraph():
                continue
            triple = quad.triple
            if quad.predicate.value == _OWL + "imports":  # merged already (not to be followed)
                imports.add(triple)
                continue
            if triple not in inputs.origin:
                inputs.origin[triple] = index
                inputs.triples.append(triple)
        for name, ns in declared.items():
            if name and name not in prefixes and ns not in prefixes.values():
                prefixes[name] = ns
    inputs.prefixes = prefixes
    inputs.given = len(inputs.triples) + len(imports)
    _pairwise(inputs)
    return inputs


_ALL_DISJOINT = {
    _OWL + "AllDisjointClasses": "disjointWith",
    _OWL + "AllDisjointProperties": "propertyDisjointWith",
}


def _pairwise(inputs: _Inputs) -> None:
    """Write each ``owl:AllDisjointClasses`` and ``owl:AllDisjointProperties`` as pairwise
    ``owl:disjointWith`` / ``owl:propertyDisjointWith`` triples, in place.

    py-horned-owl 2.0's RDF reader drops both constructs without a word (and its writer keeps
    only the first member's pairs of an n-ary DisjointClasses). Pairwise disjointness means the
    same, and every profile treats DisjointClasses (DisjointObjectProperties) of any arity alike,
    so the verdict does not change. A member that is a blank node (a class expression) is copied
    for each pair: one blank node may not be shared by two axioms.
    """
    import pyoxigraph as ox

    by_subject: dict[Any, list[ox.Triple]] = {}
    for t in inputs.triples:
        by_subject.setdefault(t.subject, []).append(t)
    drop: set[ox.Triple] = set()
    added: list[tuple[ox.Triple, int]] = []
    for subject, group in by_subject.items():
        kinds = [str(getattr(t.object, "value", "")) for t in group if t.predicate.value == _TYPE]
        kind = next((k for k in kinds if k in _ALL_DISJOINT), None)
        members_of = [t for t in group if t.predicate.value == _OWL + "members"]
        if kind is None or not isinstance(subject, ox.BlankNode) or len(members_of) != 1:
            continue
        cells, members = _list_cells(members_of[0].object, by_subject)
        if members is None or len(group) != 2:  # annotated or malformed: left to the reader
            continue
        origin = inputs.origin[members_of[0]]
        drop.update(group)
        drop.update(t for cell in cells for t in by_subject.get(cell, []))
        for i, left in enumerate(members):
            for right in members[i + 1 :]:
                a, a_triples = _copy(left, by_subject)
                b, b_triples = _copy(right, by_subject)
                pair = ox.Triple(a, ox.NamedNode(_OWL + _ALL_DISJOINT[kind]), b)
                added.extend((t, origin) for t in (*a_triples, *b_triples, pair))
        for member in members:
            drop.update(_copy(member, by_subject, fresh=False)[1])
    if not drop:
        return
    inputs.triples = [t for t in inputs.triples if t not in drop]
    for t, origin in added:
        inputs.origin[t] = origin
        inputs.triples.append(t)


def _copy(
    term: Any, by_subject: Mapping[Any, list[ox.Triple]], *, fresh: bool = True
) -> tuple[Any, list[ox.Triple]]:
    """``term`` and the triples that describe it (its blank-node subtree), with new blank nodes
    when ``fresh`` (otherwise the subtree as it is)."""
    import pyoxigraph as ox

    if not isinstance(term, ox.BlankNode):
        return term, []
    new = ox.BlankNode() if fresh else term
    triples: list[ox.Triple] = []
    for t in by_subject.get(term, []):
        obj, below = _copy(t.object, by_subject, fresh=fresh) if t.object != term else (new, [])
        triples.append(ox.Triple(new, t.predicate, obj))
        triples.extend(below)
    return new, triples


def _list_cells(
    head: Any, by_subject: Mapping[Any, list[ox.Triple]]
) -> tuple[list[Any], list[Any] | None]:
    """The cells and members of the RDF list at ``head`` (members None when it is no list)."""
    import pyoxigraph as ox

    cells: list[Any] = []
    members: list[Any] = []
    node = head
    while node != ox.NamedNode(_RDF + "nil"):
        group = by_subject.get(node, [])
        first = [t.object for t in group if t.predicate.value == _RDF + "first"]
        rest = [t.object for t in group if t.predicate.value == _RDF + "rest"]
        if not isinstance(node, ox.BlankNode) or node in cells:
            return cells, None
        if len(first) != 1 or len(rest) != 1 or len(group) != 2:
            return cells, None
        cells.append(node)
        members.append(first[0])
        node = rest[0]
    return cells, members


def _shown(path: Path) -> str:
    """A file as messages name it: relative to the working folder when it lies inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _parse_rdf_xml(text: str) -> list[ox.Triple]:
    import pyoxigraph as ox

    return [q.triple for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.RDF_XML)]


# --------------------------------------------------------------------------------------------
# Triples compared through blank nodes: a triple's "shape" names its blank nodes by what they
# describe, so that the triples py-horned-owl writes back can be matched with the input's.


class _Shapes:
    """Root descriptions of a graph: each triple whose subject is an IRI or a blank node that is
    no triple's object, with its blank-node objects described recursively."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self.by_subject: dict[Any, list[ox.Triple]] = {}
        objects: set[Any] = set()
        for t in triples:
            self.by_subject.setdefault(t.subject, []).append(t)
            if isinstance(t.object, ox.BlankNode):
                objects.add(t.object)
        self._memo: dict[Any, str] = {}
        self.roots: dict[tuple[str, str, str], list[ox.Triple]] = {}
        for subject, group in self.by_subject.items():
            if isinstance(subject, ox.BlankNode) and subject in objects:
                continue
            if isinstance(subject, ox.BlankNode):  # a root blank node: one description
                self.roots.setdefault(("", "", self.node(subject)), []).extend(group)
                continue
            for t in group:
                key = (str(subject), self._predicate(t.predicate.value), self.node(t.object))
                self.roots.setdefault(key, []).append(t)

    @staticmethod
    def _predicate(iri: str) -> str:
        return _SAME_AS.get(iri, iri)

    def node(self, term: Any, seen: frozenset[Any] = frozenset()) -> str:
        if not isinstance(term, self._ox.BlankNode):
            return str(term)
        if term in self._memo:
            return self._memo[term]
        if term in seen:
            return "[cycle]"
        seen = seen | {term}
        members = self._list(term, seen)
        if members is not None:  # sorted: py-horned-owl may write a set's members in any order
            text = "(" + " ".join(sorted(members)) + ")"
        else:
            parts = [
                f"{self._predicate(t.predicate.value)} {self.node(t.object, seen)}"
                for t in self.by_subject.get(term, [])
            ]
            text = "[" + " ; ".join(sorted(parts)) + "]"
        self._memo[term] = text
        return text

    def _list(self, head: Any, seen: frozenset[Any]) -> list[str] | None:
        """The member descriptions of an RDF list, or None when ``head`` is no list."""
        members: list[str] = []
        node = head
        while node != self._ox.NamedNode(_RDF + "nil"):
            group = self.by_subject.get(node, [])
            first = [t.object for t in group if t.predicate.value == _RDF + "first"]
            rest = [t.object for t in group if t.predicate.value == _RDF + "rest"]
            others = [t for t in group if t.predicate.value not in (_RDF + "first", _RDF + "rest")]
            if len(first) != 1 or len(rest) != 1 or others or len(members) > 100_000:
                return None
            members.append(self.node(first[0], seen))
            node = rest[0]
        return members


def _leftovers(
    inputs: _Inputs, back: list[ox.Triple], prefixes: Mapping[str, str]
) -> list[Offence]:
    """The input's triples that py-horned-owl read into no axiom (they do not come back when the
    axioms are written as RDF), one offence per root description. The ontology headers are
    left out: py-horned-owl keeps one ontology IRI where a merge has several."""
    import pyoxigraph as ox

    given = _Shapes(inputs.triples)
    written = _Shapes(back)
    headers = {
        t.subject
        for t in inputs.triples
        if t.predicate.value == _TYPE and t.object == ox.NamedNode(_OWL + "Ontology")
    }
    offences = []
    for key, triples in given.roots.items():
        if key in written.roots or triples[0].subject in headers:
            continue
        subject = triples[0].subject
        text = (
            _turtle(triples, given, prefixes)
            if isinstance(subject, ox.BlankNode)
            else _turtle([triples[0]], given, prefixes)
        )
        about = subject.value if isinstance(subject, ox.NamedNode) else _first_iri(key[2])
        offences.append(
            Offence(
                inputs.files[inputs.origin[triples[0]]],
                about,
                "triples that form no OWL 2 axiom (a malformed or untyped expression?) are"
                " outside OWL 2 DL and every profile",
                text,
            )
        )
    return offences


def _first_iri(description: str) -> str:
    for word in description.replace("(", " ").replace(")", " ").split():
        if word.startswith("<") and not word[1:].startswith(_RESERVED):
            return word[1:-1]
    return ""


def _turtle(triples: list[ox.Triple], shapes: _Shapes, prefixes: Mapping[str, str]) -> str:
    """Triples written as one Turtle-like statement, blank nodes inlined (for messages)."""
    import pyoxigraph as ox

    def term(t: Any, depth: int = 0) -> str:
        if isinstance(t, ox.NamedNode):
            return "a" if t.value == _TYPE and depth < 0 else _shrink(t.value, prefixes)
        if isinstance(t, ox.BlankNode):
            if depth > 4:
                return "[ ... ]"
            inner = shapes.by_subject.get(t, [])
            return "[ " + " ; ".join(po(x, depth + 1) for x in inner) + " ]" if inner else "[]"
        return str(t)

    def po(t: ox.Triple, depth: int) -> str:
        return f"{term(t.predicate, -1)} {term(t.object, depth)}"

    subject = triples[0].subject
    body = " ; ".join(po(t, 0) for t in triples)
    return body if isinstance(subject, ox.BlankNode) else f"{term(subject)} {body}"


# --------------------------------------------------------------------------------------------
# Violations in words


class _Attribution:
    """Which file an axiom or an IRI comes from."""

    def __init__(self, inputs: _Inputs) -> None:
        self.inputs = inputs
        self.shapes = _Shapes(inputs.triples)
        self._first_use: dict[str, int] = {}
        for t in inputs.triples:
            for term in (t.subject, t.predicate, t.object):
                value = getattr(term, "value", None)
                if isinstance(value, str) and value not in self._first_use:
                    self._first_use[value] = inputs.origin[t]

    def of_iri(self, iri: str) -> str:
        return self.inputs.files[self._first_use.get(iri, 0)]

    def of_axiom(self, axiom: Any, subject: str) -> str:
        """The file that holds the axiom's triples: the axiom alone is written as RDF and its
        triples looked up among the input's."""
        import pyhornedowl

        single = pyhornedowl.PyIndexedOntology()
        single.add_axiom(axiom.component, list(axiom.ann))
        try:
            written = _Shapes(_parse_rdf_xml(single.save_to_string("rdf")))
        except (ValueError, SyntaxError, OSError):
            return self.of_iri(subject)
        for key in written.roots:
            found = self.shapes.roots.get(key)
            if found:
                return self.inputs.files[self.inputs.origin[found[0]]]
        return self.of_iri(subject)


_UNDECLARED = {
    "UseOfUndeclaredClass": "class",
    "UseOfUndeclaredObjectProperty": "object property",
    "UseOfUndeclaredDataProperty": "data property",
    "UseOfUndeclaredAnnotationProperty": "annotation property",
    "UseOfUndeclaredDatatype": "datatype",
}
_DECLARATION = {
    "class": "owl:Class",
    "object property": "owl:ObjectProperty",
    "data property": "owl:DatatypeProperty",
    "annotation property": "owl:AnnotationProperty",
    "datatype": "rdfs:Datatype",
}
_NON_SIMPLE = {
    "UseOfNonSimplePropertyInObjectHasSelf": "a self restriction (ObjectHasSelf)",
    "UseOfNonSimplePropertyInCardinalityRestriction": "a cardinality restriction",
    "UseOfNonSimplePropertyInDisjointPropertiesAxiom": "DisjointObjectProperties",
    "UseOfNonSimplePropertyInIrreflexivePropertyAxiom": "IrreflexiveObjectProperty",
    "UseOfNonSimplePropertyInAsymmetricPropertyAxiom": "AsymmetricObjectProperty",
    "UseOfNonSimplePropertyInFunctionalPropertyAxiom": "FunctionalObjectProperty",
    "UseOfNonSimplePropertyInInverseFunctionalPropertyAxiom": "InverseFunctionalObjectProperty",
}


def _offence(violation: Any, profile: str, where: _Attribution, mapping: Any) -> Offence:
    kind = type(violation).__name__
    outside = f"is outside {profile}"
    axiom = getattr(violation, "axiom", None)
    if kind in _UNDECLARED:
        iri = str(violation.iri)
        what = _UNDECLARED[kind]
        if iri.startswith(_RESERVED):
            text = f"reserved vocabulary used as {_article(what)} {what} {outside}"
        else:
            text = f"{what} used but not declared (no rdf:type {_DECLARATION[what]}) {outside}"
        return Offence(where.of_iri(iri), iri, text)
    if kind == "UseOfIllegalPunning":
        iri = str(violation.iri)
        kinds = " and ".join(str(k) for k in violation.kinds)
        return Offence(where.of_iri(iri), iri, f"declared as {kinds} (illegal punning) {outside}")
    if kind == "UseOfReservedVocabulary":
        iri = str(violation.iri)
        return Offence(
            where.of_iri(iri), iri, f"reserved vocabulary declared as an entity {outside}"
        )
    if kind == "UseOfPropertyInChainCausingCycle":
        cycle = [str(p.first) for p in violation.cycle]
        chain = " -> ".join(where_curie(mapping, p) for p in cycle)
        return Offence(
            where.of_iri(cycle[0]),
            cycle[0],
            f"property chains form a cycle ({chain}): {outside}",
        )
    assert axiom is not None, kind
    component = axiom.component
    axiom_kind = type(component).__name__
    subject = _subject(component)
    text = _axiom_words(kind, violation, axiom_kind, component, outside)
    datatype = getattr(getattr(component, "target", None), "datatype_iri", None)
    if kind == "UseOfIllegalAxiomKind" and datatype is not None:
        name = where_curie(mapping, str(datatype))
        text = f"{axiom_kind} with a value of type {name} (not in {profile}) {outside}"
    rendered = _render(component, mapping)
    return Offence(where.of_axiom(axiom, subject), subject, text, rendered)


def _axiom_words(kind: str, violation: Any, axiom_kind: str, component: Any, outside: str) -> str:
    if kind in ("UseOfNonSubClassExpression", "UseOfNonSuperClassExpression"):
        ce = type(violation.ce).__name__
        sub = kind == "UseOfNonSubClassExpression"
        if axiom_kind == "SubClassOf":
            side = "on the left" if sub else "on the right"
            return f"SubClassOf with {_article(ce)} {ce} {side} {outside}"
        role = "subclass" if sub else "superclass"
        return f"{axiom_kind} with {_article(ce)} {ce}, not allowed as a {role}, {outside}"
    if kind == "UseOfNonAtomicClassExpression":
        ce = type(violation.ce).__name__
        return f"{axiom_kind} with {_article(ce)} {ce} where a class name is needed {outside}"
    if kind == "UseOfIllegalClassExpression":
        ce = type(violation.ce).__name__
        return f"{axiom_kind} with {_article(ce)} {ce} {outside}"
    if kind == "UseOfClassExpressionWithTooFewOperands":
        ce = type(violation.ce).__name__
        return f"{axiom_kind} with {_article(ce)} {ce} of fewer than two classes {outside}"
    if kind == "UseOfDataRangeWithTooFewOperands":
        dr = type(violation.dr).__name__
        return f"{axiom_kind} with {_article(dr)} {dr} of fewer than two data ranges {outside}"
    if kind == "UseOfBuiltinDatatypeInDatatypeDefinition":
        return f"a DatatypeDefinition that redefines a built-in datatype {outside}"
    if kind in _NON_SIMPLE:
        return (
            f"{axiom_kind}: {_NON_SIMPLE[kind]} on a non-simple property (transitive, a property"
            f" chain's or a super-property of one) {outside}"
        )
    if kind == "UseOfDataOneOfWithMultipleLiterals":
        return f"{axiom_kind} with a DataOneOf of more than one literal {outside}"
    if kind == "UseOfObjectPropertyInverse":
        return f"{axiom_kind} with an inverse property (ObjectInverseOf) {outside}"
    if kind == "UseOfIllegalAxiomKind":
        reason = str(getattr(violation, "reason", "") or "")
        if reason and " is not permitted in " not in reason:  # e.g. a datatype the profile lacks
            return f"{axiom_kind} {outside} ({reason})"
        return f"{axiom_kind} {outside}"
    return f"{axiom_kind} {outside} ({getattr(violation, 'message', kind)})"


def _subject(component: Any) -> str:
    """The IRI an axiom is about: a SubClassOf's named subclass (or superclass), an assertion's
    individual, otherwise the first IRI the axiom names."""
    kind = type(component).__name__
    candidates: list[Any] = []
    if kind == "SubClassOf":
        candidates = [component.sub, component.sup]
    elif kind == "ClassAssertion":
        candidates = [component.i]
    elif kind.endswith("PropertyAssertion"):
        candidates = [component.source]
    elif kind == "AnnotationAssertion":
        candidates = [component.subject]
    for candidate in candidates:
        first = getattr(candidate, "first", candidate)
        if type(first).__name__ == "IRI":
            return str(first)
    return _first_iri(str(component))


def _render(component: Any, mapping: Any) -> str:
    try:
        return str(component.serialize("ofn", mapping))
    except Exception:  # an element py-horned-owl cannot write alone: its default form
        return str(component)


def where_curie(mapping: Any, iri: str) -> str:
    """``iri`` shortened by a py-horned-owl prefix mapping, else written ``<iri>``.

    >>> import pyhornedowl
    >>> ontology = pyhornedowl.PyIndexedOntology()
    >>> ontology.add_prefix_mapping("eco", "https://w3id.org/ecoonto/")
    >>> where_curie(ontology.prefix_mapping, "https://w3id.org/ecoonto/Player")
    'eco:Player'
    >>> where_curie(ontology.prefix_mapping, "http://example.org/P")
    '<http://example.org/P>'
    """
    try:
        return str(mapping.shrink_iri(iri))
    except Exception:  # no prefix covers it
        return f"<{iri}>"


def _shrink(iri: str, prefixes: Mapping[str, str]) -> str:
    best = ""
    for name, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(prefixes.get(best, "")):
            local = iri[len(ns) :]
            if local and all(c.isalnum() or c in "-_." for c in local) and local[-1] != ".":
                best = name
    return f"{best}:{iri[len(prefixes[best]) :]}" if best else f"<{iri}>"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
