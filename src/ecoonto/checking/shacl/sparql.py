"""SPARQL-based constraints (``sh:sparql`` with ``sh:select``), with ``$this`` pre-bound.

Pre-binding (SHACL 5.2.1) is done as the specification defines it: the focus node takes the
place of ``$this`` everywhere in the query, in nested groups, sub-selects, ``FILTER`` and
``BIND`` alike (``bound($this)`` is true; a projected ``$this`` is ``(term AS ?this)``). The
query text is rewritten outside strings, IRIs and comments. Queries the specification requires
a processor to reject are a :class:`ShapesError`: ``MINUS``, ``VALUES``, ``SERVICE``, ``AS`` on
a pre-bound variable (``BIND(... AS $this)``), and a sub-select that does not project ``$this``
(``SELECT *`` included, as pySHACL reads the rule). ``$currentShape`` is pre-bound to the
shape (an IRI; a blank-node shape is :class:`Unsupported`, as a query cannot name it) and
``$shapesGraph`` to :data:`SHAPES_GRAPH`, the name of the shapes graph in the dataset the query
runs on: the data as the default graph, its named graphs, and the shapes graph as that named graph
(SHACL 5.3.1; pySHACL does not support it). A focus node that is a blank node is
:class:`Unsupported`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ecoonto.checking.shacl.model import (
    SH,
    Evaluator,
    Focus,
    Result,
    Shape,
    ShapesError,
    Unsupported,
    label,
)
from ecoonto.rdf.graphs import to_rdflib

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

# Strings (long and short), IRIs and comments: the parts of a query that are not code.
_NOT_CODE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.S,
)
_PRE_BOUND = ("this", "shapesGraph", "currentShape")
SHAPES_GRAPH = "urn:x-ecoonto:shapes-graph"
"""The IRI ``$shapesGraph`` is bound to: the shapes graph's name in the query's dataset."""


def _mask(text: str) -> str:
    """``text`` with strings, IRIs and comments blanked out (same length)."""
    return _NOT_CODE.sub(lambda m: " " * len(m.group(0)), text)


def _projections(masked: str) -> list[tuple[int, int, bool]]:
    """(start, end, nested) of each SELECT clause's projection."""
    out = []
    for m in re.finditer(r"\bSELECT\b(\s+(?:DISTINCT|REDUCED)\b)?", masked, re.I):
        end_m = re.compile(r"\bWHERE\b|\{|\bFROM\b", re.I).search(masked, m.end())
        end = end_m.start() if end_m else len(masked)
        nested = "{" in masked[: m.start()]
        out.append((m.end(), end, nested))
    return out


def check_query(text: str, where: str) -> None:
    """Raise :class:`ShapesError` for what the specification rejects, :class:`Unsupported`
    for what this engine does not run.

    >>> check_query("SELECT $this WHERE { $this <p> ?v }", "ex:S")
    >>> check_query("SELECT $this WHERE { $this <p> ?v MINUS { $this <q> ?v } }", "ex:S")
    Traceback (most recent call last):
    ...
    ecoonto.checking.shacl.model.ShapesError: ex:S: ... must not use MINUS
    """
    masked = _mask(text)
    for word in ("MINUS", "VALUES", "SERVICE"):
        if re.search(rf"\b{word}\b", masked, re.I):
            raise ShapesError(where, f"sh:sparql: a SPARQL constraint must not use {word}")
    for variable in _PRE_BOUND:
        if re.search(rf"\bAS\s+[$?]{variable}\b", masked, re.I):
            raise ShapesError(where, f"sh:sparql: AS ${variable} re-binds a pre-bound variable")
    for start, end, nested in _projections(masked):
        if not nested:
            continue
        projection = masked[start:end]
        if projection.strip() == "*":
            raise ShapesError(where, "sh:sparql: a sub-select SELECT * does not project $this")
        if not re.search(r"[$?]this\b", projection):
            raise ShapesError(where, "sh:sparql: a sub-select must project $this")


def pre_bind(text: str, term: str, **others: str) -> str:
    """``text`` with ``$this`` replaced by ``term`` (SPARQL syntax) as pre-binding defines, and
    each other variable of ``others`` (``currentShape``, ``shapesGraph``) by its term.

    >>> pre_bind("SELECT $this WHERE { $this <p> ?v FILTER(bound($this)) }", "<a>")
    'SELECT (<a> AS ?this) WHERE { <a> <p> ?v FILTER((true)) }'
    >>> pre_bind("SELECT $this WHERE { GRAPH $shapesGraph { $currentShape <p> 1 } }", "<a>",
    ...          currentShape="<s>", shapesGraph="<g>")
    'SELECT (<a> AS ?this) WHERE { GRAPH <g> { <s> <p> 1 } }'
    """
    masked = _mask(text)
    values = {"this": term, **others}
    edits: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    names = "|".join(values)
    for m in re.finditer(rf"\bbound\s*\(\s*[$?]({names})\s*\)", masked, re.I):
        edits.append((m.start(), m.end(), "(true)"))  # FILTER bound(..) takes no brackets
        taken.append((m.start(), m.end()))
    zones: list[tuple[int, int, str]] = []
    for start, end, _nested in _projections(masked):
        zones.append((start, end, "projection"))
    for m in re.finditer(r"\b(?:GROUP|ORDER)\s+BY\b", masked, re.I):
        stop = re.compile(r"\bHAVING\b|\bORDER\b|\bLIMIT\b|\bOFFSET\b|\}", re.I).search(
            masked, m.end()
        )
        zones.append((m.end(), stop.start() if stop else len(masked), "expression"))
    for m in re.finditer(rf"[$?]({names})\b", masked):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = values[m.group(1)]
        replacement = value
        for a, b, kind in zones:
            if a <= m.start() < b:
                if kind == "expression":
                    replacement = f"({value})"
                else:
                    depth = masked[a : m.start()].count("(") - masked[a : m.start()].count(")")
                    replacement = f"({value} AS ?{m.group(1)})" if depth == 0 else value
                break
        edits.append((m.start(), m.end(), replacement))
    out = text
    for start, end, replacement in sorted(edits, reverse=True):
        out = out[:start] + replacement + out[end:]
    return out


def uses_shapes_graph(query: str) -> bool:
    """Whether ``query`` names ``$shapesGraph`` (outside strings, IRIs and comments).

    >>> uses_shapes_graph("SELECT $this { GRAPH $shapesGraph { ?s ?p ?o } }")
    True
    >>> uses_shapes_graph("SELECT $this { ?s ?p '$shapesGraph' }")
    False
    """
    return re.search(r"[$?]shapesGraph\b", _mask(query)) is not None


def compile_constraint(graph: Graph, shape: Shape, constraint: Node) -> str | None:
    """The query of an ``sh:sparql`` constraint with ``$PATH`` and prefixes in place, ``$this``
    still to pre-bind (None when the constraint is deactivated).

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.shapes import Shapes
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    ...     :S sh:path :age ; sh:sparql :C .
    ...     :C sh:prefixes :decl ;
    ...         sh:select "SELECT $this ?value WHERE { $this $PATH ?value FILTER(?value < 0) }" .
    ...     :decl sh:declare [ sh:prefix "ex" ; sh:namespace "https://example.org/"^^xsd:anyURI ] .
    ...     :N sh:sparql :C .''')
    >>> shapes, constraint = Shapes(g), URIRef("https://example.org/C")
    >>> print(compile_constraint(g, shapes.shape(URIRef("https://example.org/S")), constraint))
    PREFIX ex: <https://example.org/>
    SELECT $this ?value WHERE { $this <https://example.org/age> ?value FILTER(?value < 0) }
    >>> compile_constraint(g, shapes.shape(URIRef("https://example.org/N")), constraint)
    Traceback (most recent call last):
    ecoonto.checking.shacl.model.Unsupported: https://example.org/N: sh:sparql
    ($PATH on a node shape)
    """
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    where = label(shape.node)
    g = graph
    if g.value(constraint, URIRef(SH + "deactivated")) == Literal(True):
        return None
    for p in g.predicates(constraint, None):
        name = str(p)[len(SH) :] if str(p).startswith(SH) else None
        if name is not None and name not in ("select", "message", "prefixes", "deactivated"):
            raise Unsupported(where, "sh:sparql", f"sh:{name}")
    selects = list(g.objects(constraint, URIRef(SH + "select")))
    if len(selects) != 1:
        raise Unsupported(where, "sh:sparql", "not exactly one sh:select")
    text = str(selects[0])
    check_query(text, where)
    if re.search(r"[$?]currentShape\b", _mask(text)) and not isinstance(shape.node, URIRef):
        raise Unsupported(where, "sh:sparql", "$currentShape on a blank-node shape")
    sparql_path = shape.sparql_path
    if sparql_path is not None:
        text = re.sub(r"([\s{}()])[$?]PATH\b", lambda m: m.group(1) + sparql_path, text)
    elif re.search(r"[$?]PATH\b", text):
        raise Unsupported(where, "sh:sparql", "$PATH on a node shape")
    prefixes = _prefixes(graph, constraint, where)
    query = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + text
    try:
        ox.Store().query(
            pre_bind(query, f"<{SH}>", currentShape=f"<{SH}>", shapesGraph=f"<{SHAPES_GRAPH}>")
        )
    except SyntaxError as exc:
        raise Unsupported(where, "sh:sparql", " ".join(str(exc).split())) from None
    return query


def predicates_of(graph: Graph, constraint: Node) -> set[str] | None:
    """The predicates an ``sh:sparql`` constraint's query reads (the IRIs of its triple
    patterns' predicates and property paths; ``$PATH`` is the shape's ``sh:path``, counted
    with it), or None when it may read any: a variable predicate, a negated path, a query
    that does not parse.

    >>> from rdflib import Graph, URIRef
    >>> g = Graph().parse(format="turtle", data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     <c> sh:select "SELECT $this { $this <http://e/p>/<http://e/q> ?v . ?v $PATH ?w }" .
    ...     <d> sh:select "SELECT $this { $this ?p ?v }" .''', publicID="http://e/")
    >>> sorted(predicates_of(g, URIRef("http://e/c"))), predicates_of(g, URIRef("http://e/d"))
    (['http://e/p', 'http://e/q'], None)
    """
    from rdflib import URIRef, Variable
    from rdflib.paths import NegatedPath, Path
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    selects = list(graph.objects(constraint, URIRef(SH + "select")))
    if len(selects) != 1:
        return None
    try:
        prefixes = _prefixes(graph, constraint, "")
        text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + str(selects[0])
        algebra = translateQuery(parseQuery(text)).algebra
    except Exception:  # noqa: BLE001 - any failure to read the query: it may read anything
        return None
    found: set[str] = set()

    def path(p: object) -> bool:
        if isinstance(p, URIRef):
            found.add(str(p))
            return True
        if isinstance(p, Variable):
            return str(p) == "PATH"
        if isinstance(p, NegatedPath) or not isinstance(p, Path):
            return False
        parts = [getattr(p, a) for a in ("args", "path", "arg") if hasattr(p, a)]
        flat = [x for part in parts for x in (part if isinstance(part, list) else [part])]
        return all(path(x) for x in flat)

    todo: list[object] = [algebra]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            if node.name == "BGP" and not all(path(t[1]) for t in node["triples"] or ()):
                return None
            todo.extend(node.values())
        elif isinstance(node, list | tuple):
            todo.extend(node)
    return found


def _prefixes(g: Graph, constraint: Node, where: str) -> dict[str, str]:
    from rdflib import URIRef

    out: dict[str, str] = {}
    for holder in g.objects(constraint, URIRef(SH + "prefixes")):
        for decl in g.objects(holder, URIRef(SH + "declare")):
            prefix = g.value(decl, URIRef(SH + "prefix"))
            ns = g.value(decl, URIRef(SH + "namespace"))
            if prefix is None or ns is None:
                raise Unsupported(where, "sh:prefixes", "a declaration without prefix")
            out[str(prefix)] = str(ns)
    return out


def evaluate(engine: Evaluator, shape: Shape, focus: Focus, constraint: Node) -> list[Result]:
    """The results of one ``sh:sparql`` constraint: its query once per focus node.

    >>> from rdflib import Graph, URIRef
    >>> from ecoonto.checking.shacl.engine import Engine
    >>> from ecoonto.checking.shacl.shapes import Shapes, store_of
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://example.org/> .
    ...     :S sh:path :age ; sh:sparql :C .
    ...     :C sh:select "SELECT $this ?value WHERE { $this $PATH ?value FILTER(?value < 0) }" ;
    ...         sh:message "a negative age" .
    ...     :a :age 3 .  :b :age -1 .''')
    >>> engine = Engine(store_of(g), Shapes(g))
    >>> shape, constraint = engine.shape(URIRef("https://example.org/S")), URIRef("https://example.org/C")
    >>> def focus(v): return f"VALUES {v} {{ <https://example.org/a> <https://example.org/b> }}"
    >>> [(r.focus.value, r.value.value, [str(m) for m in r.messages])
    ...  for r in evaluate(engine, shape, focus, constraint)]
    [('https://example.org/b', '-1', ['a negative age'])]
    """
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    where = label(shape.node)
    g = engine.shapes_graph
    query = compile_constraint(g, shape, constraint)
    if query is None:
        return []
    extra = sorted(g.objects(constraint, URIRef(SH + "message")), key=str)
    bindings = {"currentShape": f"<{shape.node}>", "shapesGraph": f"<{SHAPES_GRAPH}>"}
    select = engine.select_with_shapes if uses_shapes_graph(query) else engine.select
    out: list[Result] = []
    for node in sorted(engine.nodes(focus), key=str):
        if isinstance(node, ox.BlankNode):
            raise Unsupported(where, "sh:sparql", "a blank node as the focus node")
        seen: list[tuple[Any, ...]] = []
        solutions = select(pre_bind(query, str(node), **bindings))
        names = [v.value for v in solutions.variables]
        for row in solutions:
            bound = {n: row[n] for n in names if row[n] is not None}
            if "failure" in bound:
                raise Unsupported(where, "sh:sparql", "?failure")
            t = bound.pop("this", None)
            path = bound.pop("path", None)
            value = bound.pop("value", None)
            if t is None and path is None and value is None:
                continue
            key = (t, path, value, tuple(sorted(bound.items(), key=lambda kv: kv[0])))
            if key in seen:
                continue
            seen.append(key)
            if value is None and not shape.is_property:
                value = node
            fdict: dict[str, Any] = {k: to_rdflib(v) for k, v in bound.items()}
            if t is not None:
                fdict["this"] = to_rdflib(t)
            if path is not None:
                fdict["path"] = to_rdflib(path)
            if value is not None:
                fdict["value"] = to_rdflib(value)
            messages: list[Node] = []
            for m in [*extra, *shape.messages] if extra else shape.messages:
                if isinstance(m, Literal):
                    msg = str(m.value) if m.value is not None else str(m)
                    for var, val in fdict.items():
                        msg = re.sub(f"{{[?$]{var}}}", str(val), msg)
                    m = Literal(msg)
                if m not in messages:
                    messages.append(m)
            result_path = None if path is None else to_rdflib(path)
            result = engine.result(
                shape,
                "SPARQL",
                t or node,
                value,
                path=result_path,
                messages=messages,
                source_constraint=constraint,
            )
            result.origin = node
            out.append(result)
    return out
