"""The library-first entry points, re-exported by :mod:`ecoonto`: each does what the command of
the same name does and returns a value instead of printing.

Where the data comes from is the same for every function (and every command):

* nothing: the bundled knowledge graph (the core ontology and every industry module);
* ``files``: those RDF files merged with the core ontology;
* ``store=DIR``: an embedded Oxigraph store (read-only, except for :func:`load`);
* ``endpoint=URL``: a SPARQL 1.1 server (credentials from ``ECOONTO_ENDPOINT_USER`` and
  ``ECOONTO_ENDPOINT_PASSWORD`` or ``~/.netrc``); ``graph=IRI`` reads a named graph instead of
  the default graph.

Errors are exceptions from :mod:`ecoonto.errors`: :class:`~ecoonto.errors.InputError` for bad
input, :class:`~ecoonto.errors.StoreError` when a store or endpoint fails,
:class:`~ecoonto.errors.DataFailsError` when :func:`load` refuses data that violates the shapes.

Every example below runs as a doctest (tests/test_doc.py). Nothing heavy is imported until a
function is called, so ``import ecoonto`` stays fast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ecoonto.checking.profile import ProfileReport
    from ecoonto.checking.reasoning import Mode, ReasonerName, Reasoning
    from ecoonto.checking.validation import Outcome
    from ecoonto.products.stats import Stats
    from ecoonto.targets.results import QueryResult

PathLike = str | Path


def _paths(files: Sequence[PathLike] | PathLike) -> list[Path]:
    if isinstance(files, str | Path):
        return [Path(files)]
    return [Path(f) for f in files]


def validate(
    files: Sequence[PathLike] | PathLike = (),
    *,
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    shapes: Sequence[PathLike] = (),
    engine: str = "auto",
) -> Outcome:
    """Check a graph against the bundled SHACL shapes (plus ``shapes``, extra shape files).

    ``engine`` is ``auto`` (SHACL as SPARQL on Oxigraph, pySHACL where the shapes need it),
    ``sparql`` or ``pyshacl``; the findings are pySHACL's either way. A graph read from a store
    or an endpoint is checked merged with the core ontology. Returns an
    :class:`~ecoonto.checking.validation.Outcome`: ``conforms``, ``violations``, ``warnings``, each
    a :class:`~ecoonto.checking.validation.Finding` (severity, focus, path, value, message, shape).

    >>> import ecoonto
    >>> outcome = ecoonto.validate()
    >>> outcome.conforms, len(outcome.violations)
    (True, 0)
    >>> shape = "https://w3id.org/ecoonto/shapes/PlayerCounterpartyShape"
    >>> shape in {f.shape for f in outcome.warnings}
    True

    A file that breaks a rule: a player that fills no position.

    >>> import pathlib, tempfile
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.ttl"
    >>> _ = bad.write_text('''
    ...   @prefix eco: <https://w3id.org/ecoonto/> .
    ...   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...   <https://example.org/p> a eco:Player ; rdfs:label "Lonely player"@en .
    ... ''')
    >>> outcome = ecoonto.validate(bad)
    >>> outcome.conforms
    False
    >>> any(str(f.focus) == "https://example.org/p" for f in outcome.violations)
    True
    """
    from ecoonto import resources
    from ecoonto.checking import validation as v
    from ecoonto.rdf import graphs

    paths = _paths(files)
    shape_graph = v.load_shapes(_paths(shapes)) if shapes else None
    if store is None and endpoint is None:
        from ecoonto.targets import check_choice

        check_choice(graph=graph)
        data = [resources.core_ontology(), *paths] if paths else resources.bundled_graph_files()
        return v.validate_files(data, shape_graph, engine)
    from ecoonto.errors import InputError
    from ecoonto.targets import fetch_graph, open_input

    if paths:
        raise InputError("give files or a store/endpoint, not both (load the files first)")
    store_dir = Path(store) if store is not None else None
    with open_input(store=store_dir, endpoint=endpoint) as target:
        fetched = fetch_graph(target, graph)
        if len(fetched) == 0:
            where = f"graph <{graph}>" if graph else "the default graph"
            raise InputError(f"{where} of {target.describe()} is empty: nothing to validate")
    from rdflib import OWL, RDF, URIRef

    if (URIRef(resources.NS + "core"), RDF.type, OWL.Ontology) not in fetched:
        graphs.parse_into(fetched, resources.core_ontology())
    return v.validate(fetched, shape_graph, engine=engine)


def query(
    sparql: str | Path,
    files: Sequence[PathLike] | PathLike = (),
    *,
    data: Sequence[PathLike] = (),
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    params: Mapping[str, str] | None = None,
) -> QueryResult:
    """Run a SPARQL query: a bundled query's name (``ecoonto queries`` lists them), a ``.rq``
    file, or the query text itself.

    ``data`` adds files to the bundled graph; ``params`` binds variables (``{"stance":
    "gains"}``; IRIs as ``<...>`` or prefixed names), never by pasting text into the query.
    Returns a :class:`~ecoonto.targets.results.QueryResult`: ``variables`` and ``rows`` of rdflib
    terms for SELECT (``as_strings()`` for text), ``boolean`` for ASK, ``graph`` for CONSTRUCT.

    >>> import ecoonto
    >>> result = ecoonto.query("table-buyer-side")
    >>> len(result.rows), result.variables[:2]
    (6, ['player', 'position'])
    >>> first = result.as_strings()[0]
    >>> first[0]
    'Frontier AI lab (OpenAI, Anthropic, DeepMind, Meta AI)'
    >>> first[1]
    'Massive training clusters — 10k–100k+ GPU runs'
    >>> ecoonto.query("q2-energy-binding-constraint", params={"stance": "gains"}).as_strings()[0][3]
    'Data centre REIT / colocation'
    >>> ecoonto.query('''
    ...   PREFIX eco: <https://w3id.org/ecoonto/>
    ...   SELECT (COUNT(?p) AS ?n) WHERE { ?p a eco:Player }''').as_strings()
    [('23',)]
    """
    from ecoonto.targets import open_input
    from ecoonto.targets import querying as queries

    if isinstance(sparql, str) and "{" in sparql:
        text = sparql
    else:
        text = queries.resolve(sparql).text()
    store_dir = Path(store) if store is not None else None
    with open_input(
        _paths(files), extra=_paths(data), store=store_dir, endpoint=endpoint, graph=graph
    ) as target:
        return queries.run(text, target, params)


def load(
    files: Sequence[PathLike] | PathLike = (),
    *,
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    validate: bool = True,
    with_core: bool = True,
) -> int:
    """Replace a graph in a store (``store=DIR``, created if missing) or at a SPARQL endpoint
    with ``files`` (default: the bundled knowledge graph); returns the triples written.

    ``files`` are loaded with the core ontology (``with_core=False``: the files only). The
    files are parsed and checked against the shapes first (``validate=False`` skips the
    check); the graph is then replaced in one step, so a failure leaves the old one intact.

    >>> import ecoonto, pathlib, tempfile
    >>> kg = pathlib.Path(tempfile.mkdtemp()) / "kg"
    >>> ecoonto.load(store=kg) > 3000
    True
    >>> len(ecoonto.query("table-buyer-side", store=kg).rows)
    6
    """
    from ecoonto import resources, targets
    from ecoonto.checking.validation import refuse_violations

    given = _paths(files)
    if given and with_core:
        given = resources.with_core(given)
    paths = given or resources.bundled_graph_files()
    store_dir = Path(store) if store is not None else None
    target = targets.open_target(store_dir, endpoint)
    try:
        check = refuse_violations if validate else None
        return targets.load(target, paths, graph_iri=graph, check=check)
    finally:
        if isinstance(target, targets.EmbeddedStore):
            target.close()


def reason(
    files: Sequence[PathLike] | PathLike = (),
    *,
    reasoner: ReasonerName = "hermit",
    mode: Mode = "auto",
) -> Reasoning:
    """Check consistency and list what a reasoner infers (the input is left unchanged).

    ``reasoner``: ``hermit`` or ``pellet`` (OWL 2 DL, need Java; ``mode`` is ``auto``, ``full``
    or ``hybrid``, see docs/reasoning-and-validation.md), ``owlrl`` (ecoonto's OWL 2 RL rules,
    no Java) or ``owlrl-py`` (the owlrl package). Returns a
    :class:`~ecoonto.checking.reasoning.Reasoning`: ``consistent``, ``unsatisfiable``,
    ``memberships``, ``property_assertions``, ``inferred_graph()``.

    >>> import ecoonto
    >>> r = ecoonto.reason(reasoner="owlrl")
    >>> r.consistent, len(r.unsatisfiable)
    (True, 0)
    >>> nvidia = "https://w3id.org/ecoonto/data/ai-compute/org-nvidia"
    >>> sorted(r.values_of(nvidia, "https://w3id.org/ecoonto/organisationActsOnSide"))
    ['https://w3id.org/ecoonto/Infrastructure', 'https://w3id.org/ecoonto/Providers']
    """
    from ecoonto import resources
    from ecoonto.checking.reasoning import reason as run
    from ecoonto.rdf import graphs

    paths = _paths(files)
    data = graphs.load([resources.core_ontology(), *paths]) if paths else graphs.load_bundled()
    return run(data, reasoner, mode)


def report(
    data: Sequence[PathLike] = (),
    *,
    format: Literal["md", "html"] = "md",
) -> str:
    """The industry page regenerated from the graph (the bundled graph plus ``data``): sides,
    counterparty mapping, side tables, archetypes, positions matrix, archetype asymmetries and
    the questions with answers computed from the graph, as Markdown or as one self-contained
    HTML file with the ecosystem diagram (``format="html"`` needs Graphviz).

    >>> import ecoonto
    >>> page = ecoonto.report()
    >>> page.splitlines()[0]
    '# AI Compute Industry Players'
    >>> page.count("**Answer (computed from the graph).**")
    4
    """
    from ecoonto import resources
    from ecoonto.products import report as report_mod
    from ecoonto.targets import OxigraphMemoryTarget

    paths = _paths(data)
    text = report_mod.markdown(OxigraphMemoryTarget([*resources.bundled_graph_files(), *paths]))
    if format == "md":
        return text
    from ecoonto.products import diagram
    from ecoonto.rdf import graphs

    graph = graphs.load([*resources.bundled_graph_files(), *paths])
    svg = diagram.render(diagram.ecosystem_dot(graph), "svg").decode("utf-8")
    title = text.splitlines()[0].lstrip("# ").strip()
    return report_mod.to_html(text, diagram_svg=svg, title=title)


def stats(
    files: Sequence[PathLike] | PathLike = (),
    *,
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
) -> Stats:
    """The graph's figures: triples, classes, individuals per class, players per side and the
    organisations that act on several sides. ``files`` are merged with the core ontology, as
    ``ecoonto stats FILES`` does.

    >>> import ecoonto
    >>> figures = ecoonto.stats()
    >>> [(s.label, s.players) for s in figures.players_per_side]
    [('Buyers', 6), ('Providers', 6), ('Infrastructure', 6), ('Boundary', 5)]
    >>> [o.label for o in figures.multi_side_organisations]
    ['Amazon', 'Google', 'Microsoft', 'Nvidia']
    """
    from ecoonto.products import stats as stats_mod
    from ecoonto.targets import open_input

    store_dir = Path(store) if store is not None else None
    with open_input(_paths(files), store=store_dir, endpoint=endpoint, graph=graph) as target:
        return stats_mod.compute(target)


def import_industry(
    source: PathLike,
    *,
    output: PathLike | None = None,
    namespace: str | None = None,
    prefix: str | None = None,
    base: str | None = None,
    editorial: Sequence[PathLike] = (),
) -> str:
    """Import an industry written as a page (the Markdown layout :func:`report` writes), a
    folder of CSV/TSV tables or an ``.xlsx`` workbook: the industry module as canonical Turtle,
    validated with the bundled shapes (with ``editorial`` files beside it), and written to
    ``output`` when given (replaced in one step, only once the import succeeded). Raises
    :class:`ecoonto.authoring.ImportFailed` (an :class:`~ecoonto.errors.InputError`) whose
    ``problems`` name every bad cell; nothing is written then. ``ecoonto import`` on the
    command line; :func:`ecoonto.authoring.skeleton.skeleton` gives the empty page.

    >>> import ecoonto, pathlib, re, tempfile
    >>> from ecoonto.authoring.skeleton import skeleton
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> page = folder / "space.md"
    >>> n = iter(range(1, 1000))
    >>> filled = re.sub(r"<[^<>|!]+>", lambda m: f"Launch text {next(n)}", skeleton("Space launch"))
    >>> _ = page.write_text(filled, encoding="utf-8")
    >>> module = ecoonto.import_industry(page, output=folder / "space.ttl")
    >>> "eco:Player" in module, (folder / "space.ttl").read_text(encoding="utf-8") == module
    (True, True)
    >>> ecoonto.validate(folder / "space.ttl").conforms
    True
    >>> _ = page.write_text(skeleton("Space launch"), encoding="utf-8")  # not filled in
    >>> try:
    ...     ecoonto.import_industry(page)
    ... except ecoonto.errors.InputError as exc:
    ...     print(str(exc).split(";")[1].strip())
    nothing written
    """
    from ecoonto.authoring import import_module
    from ecoonto.rdf.graphs import write_atomic

    result = import_module(
        Path(source),
        namespace=namespace,
        prefix=prefix,
        base=base,
        editorial=[Path(e) for e in editorial],
    )
    if output is not None:
        write_atomic(Path(output), result.turtle)
    return result.turtle


def check_profile(
    files: Sequence[PathLike] | PathLike = (),
    *,
    profile: Literal["dl", "el", "ql", "rl"] = "dl",
    with_core: bool = True,
    base: str | None = None,
) -> ProfileReport:
    """Say whether the ontology is in an OWL 2 profile: ``dl`` (the default), ``el``, ``ql`` or
    ``rl``, without Java (py-horned-owl). ``files`` are checked merged with the core ontology
    (``with_core=False``: the files only); nothing means the bundled graph. Returns a
    :class:`~ecoonto.checking.profile.ProfileReport`: ``in_profile`` and ``offences``, each an
    :class:`~ecoonto.checking.profile.Offence` (file, subject, what is wrong, the axiom).

    >>> import ecoonto
    >>> ecoonto.check_profile().in_profile
    True
    >>> el = ecoonto.check_profile(profile="el")
    >>> el.in_profile
    False
    >>> [o.text for o in el.offences if o.subject == "https://w3id.org/ecoonto/onSide"]
    ['FunctionalObjectProperty is outside OWL 2 EL']
    """
    from ecoonto import resources
    from ecoonto.checking.profile import check

    paths = _paths(files)
    if not paths:
        paths = resources.bundled_graph_files()
    elif with_core:
        paths = resources.with_core(paths)
    return check(paths, profile, base=base)
