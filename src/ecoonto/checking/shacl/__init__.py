"""A SHACL Core engine that evaluates shapes as SPARQL queries on a pyoxigraph store.

The rule: for the shapes it accepts, this engine gives pySHACL's results (``inference="none"``,
``advanced=False``): the same focus nodes, values (the data's literals as written), paths,
source shapes, components, severities and messages, and a report graph that follows the SHACL
specification (``sh:conforms`` false as soon as there is any result; blank nodes kept with their
identity and structure). For anything else it refuses: :func:`compile_shapes` raises
:class:`Unsupported` naming the shape and the feature, and :mod:`ecoonto.checking.validation` then
runs pySHACL on the whole graph (``--engine auto``) or stops with that message (``--engine
sparql``), never a partial answer. What the SHACL specification rejects (a malformed shapes graph,
an ``sh:sparql`` query that uses MINUS, VALUES, SERVICE, ``AS $this`` or a sub-select that does not
project ``$this``) is a :class:`ShapesError`, an error for any engine.

What it accepts, each implemented and tested against pySHACL (tests/test_shacl.py, and
tests/test_shacl_differential.py on random shapes and data):

* targets: ``sh:targetClass``, implicit class targets, ``sh:targetNode`` (IRIs and literals),
  ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``;
* paths: IRIs, sequences, ``sh:alternativePath``, ``sh:inversePath``, ``sh:zeroOrMorePath``,
  ``sh:oneOrMorePath``, ``sh:zeroOrOnePath`` (each value once, however many routes reach it);
* every SHACL Core constraint component (:data:`components.COMPONENTS`): cardinality, value
  type, value range, string-based, property pair, logical (``sh:and``, ``sh:or``, ``sh:not``,
  ``sh:xone``), shape-based (``sh:node``, ``sh:property`` on node and property shapes,
  ``sh:qualifiedValueShape`` without ``sh:qualifiedValueShapesDisjoint``), ``sh:closed``,
  ``sh:hasValue``, ``sh:in``;
* ``sh:sparql`` constraints with ``sh:select``, ``$this`` pre-bound as the specification
  defines it, ``$PATH``, ``sh:prefixes``, ``sh:message`` templates, ``$currentShape`` and
  ``$shapesGraph`` (:mod:`ecoonto.checking.shacl.sparql`; pySHACL refuses ``$shapesGraph``).

Refused (pySHACL runs instead): SHACL-AF and SHACL-JS (rules, functions, custom targets),
custom constraint components (``sh:ConstraintComponent`` or any subclass of it,
``sh:parameter``, validators), ``$currentShape`` on a blank-node shape, recursive shapes, blank
nodes as constraint values or ``sh:targetNode``, an ``sh:sparql`` focus node that is a blank
node, and data holding two literals that rdflib keeps apart but the store merges
(``"5"^^xsd:int`` and ``"5"^^xsd:integer``).

How it runs: pySHACL walks the data node by node through rdflib; here each constraint of a
shape is one SPARQL SELECT over *all* focus nodes of the shape at once, run by Oxigraph, which
returns the violating (focus, value) pairs. A set of focus nodes is a SPARQL pattern that binds
one variable, so nested shapes are evaluated on their candidate nodes as sets: the nodes that
conform are the candidates minus the focus nodes of the inner shape's results. Where pySHACL's
semantics are Python's (literal comparisons, ``sh:datatype`` well-formedness, lengths and
patterns of lexical forms, ``sh:in``/``sh:hasValue`` term equality) the check is made in Python
on the data's literals (:mod:`ecoonto.checking.shacl.literals`) with the same rules.
"""

from __future__ import annotations

from ecoonto.checking.shacl.engine import Engine, run
from ecoonto.checking.shacl.literals import Literals
from ecoonto.checking.shacl.messages import add_generic_messages
from ecoonto.checking.shacl.model import Result, ShapesError, Unsupported
from ecoonto.checking.shacl.results_graph import report_graph
from ecoonto.checking.shacl.shapes import Shapes, compile_shapes, store_of

__all__ = [
    "Engine",
    "Literals",
    "Result",
    "Shapes",
    "ShapesError",
    "Unsupported",
    "add_generic_messages",
    "compile_shapes",
    "report_graph",
    "run",
    "store_of",
]
