"""The data's literals as written, for the ones a pyoxigraph store keeps in another form.

A ``pyoxigraph.Store`` keeps numbers, dates and booleans by value and language tags in lower
case: ``"5"^^xsd:int`` reads back as ``"5"^^xsd:integer``, ``"300"^^xsd:byte`` (ill-typed) as
``"300"^^xsd:integer``, ``"x"@en-GB`` as ``"x"@en-gb``. pySHACL, on rdflib, sees the data's
literal. :class:`Literals` maps each stored literal back to the one the data holds, so that
value checks (``sh:datatype``, ``sh:pattern``, lengths, ranges, ``sh:in``, ``sh:hasValue``) and
reports use the data's literal. When two literals that rdflib keeps apart are one term in the
store (``"1"^^xsd:nonNegativeInteger`` and ``"1"^^xsd:integer``), SPARQL could not tell them
apart: if such a literal is the object of a predicate the shapes read (:meth:`Literals.check`),
:class:`~ecoonto.checking.shacl.model.Unsupported` is raised and ``auto`` uses pySHACL; elsewhere
(the cardinalities of OWL restrictions, when no shape reads them) it does not matter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ecoonto.checking.shacl.model import Unsupported

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def may_change(lit: Any) -> bool:
    """Whether the store may keep this pyoxigraph literal in another form (or another literal
    in this one's): a language-tagged literal, or a typed one other than ``xsd:string``.

    >>> import pyoxigraph as ox
    >>> may_change(ox.Literal("x")), may_change(ox.Literal("x", language="en-GB"))
    (False, True)
    """
    return bool(lit.language) or bool(lit.datatype.value != _XSD_STRING)


class Literals:
    """``original(stored)`` gives the data's literal for a literal read from the store.

    Built from ``(predicate IRI, literal)`` pairs of the data (pyoxigraph or rdflib literals as
    written; :func:`may_change` ones suffice); ``original`` gives the literal as it was given
    (an rdflib literal keeps the case of its language tag, which pyoxigraph lowers).
    :meth:`check` fixes the predicates the shapes read: only
    literals under those predicates count, and two of them that the store merges are refused.

    >>> import pyoxigraph as ox
    >>> xsd_int = ox.NamedNode("http://www.w3.org/2001/XMLSchema#int")
    >>> written = ox.Literal("05", datatype=xsd_int)
    >>> stored = ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    >>> Literals([("https://example.org/p", written)]).original(stored) == written
    True
    """

    def __init__(self, pairs: Iterable[tuple[str, Any]]) -> None:
        from ecoonto.rdf.graphs import ToOxigraph

        conv = ToOxigraph()
        self._pairs: list[tuple[str, Any, Any]] = []
        for p, lit in dict.fromkeys(pairs):
            as_ox = lit if not hasattr(lit, "toPython") else conv.term(lit)
            if may_change(as_ox):
                self._pairs.append((p, as_ox, lit))
        self._back: dict[Any, Any] | None = None

    def _build(self, predicates: set[str] | None) -> dict[Any, tuple[Any, Any]]:
        """The back map for the literals under ``predicates``; the stored terms two of them
        share (with the two)."""
        import pyoxigraph as ox

        from ecoonto.rdf.graphs import to_rdflib

        chosen = list(
            dict.fromkeys(
                (as_ox, lit)
                for p, as_ox, lit in self._pairs
                if predicates is None or p in predicates
            )
        )
        scratch = ox.Store()
        link = ox.NamedNode("urn:ecoonto:literal")
        scratch.bulk_extend(
            ox.Quad(ox.NamedNode(f"urn:ecoonto:l{i}"), link, as_ox)
            for i, (as_ox, _lit) in enumerate(chosen)
        )
        back: dict[Any, Any] = {}
        seen: dict[Any, Any] = {}
        ambiguous: dict[Any, tuple[Any, Any]] = {}
        for quad in scratch:
            original = chosen[int(quad.subject.value[len("urn:ecoonto:l") :])][1]
            stored = quad.object
            other = seen.get(stored)
            if other is not None and to_rdflib(other) != to_rdflib(original):
                ambiguous[stored] = (other, original)
            seen[stored] = original
            if stored != original:
                back[stored] = original
        self._back = back
        return ambiguous

    def check(self, predicates: set[str] | None, constants: Iterable[Any] = ()) -> None:
        """Keep the literals under ``predicates`` (IRIs; None: all) and the shapes' literal
        focus nodes ``constants`` (rdflib literals of ``sh:targetNode``), and raise
        :class:`Unsupported` if the store merges two of them."""
        from ecoonto.rdf.graphs import ToOxigraph

        conv = ToOxigraph()
        for lit in constants:
            self._pairs.append(("", conv.term(lit), lit))
        ambiguous = self._build(None if predicates is None else {*predicates, ""})
        for a, b in ambiguous.values():
            raise Unsupported(
                "data", "literals", f"{a} and {b} are one value in the store and two terms in RDF"
            )

    def original(self, term: Any) -> Any:
        if self._back is None:
            self._build(None)
        assert self._back is not None
        return self._back.get(term, term)
