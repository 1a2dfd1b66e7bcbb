"""The library-first entry points, re-exported by :mod:`ecoonto`: one function per command, each
doing what the command of the same name does and returning a value instead of printing (the
command line is options, one call of its function here, rendering and an exit code).

Where the data comes from is the same for every function that reads knowledge (and for every
command), described by an :class:`Input`:

* nothing: the bundled knowledge graph (the core ontology and every industry module);
* ``files``: those RDF files merged with the core ontology (read once, the core added once);
* ``data``: the bundled graph plus those files (:func:`query`, :func:`report`, :func:`ask`);
* ``store=DIR``: an embedded Oxigraph store (read-only, except for :func:`load`);
* ``endpoint=URL``: a SPARQL 1.1 server (``layout`` names its URLs, ``timeout`` bounds each
  wait; credentials from ``ECOONTO_ENDPOINT_USER`` and ``ECOONTO_ENDPOINT_PASSWORD`` or
  ``~/.netrc``); ``graph=IRI`` reads a named graph instead of the default graph;
* ``industry=NAME``: one industry of the input (short name, IRI or label).

Each function takes these as parameters, or one :class:`Input` as ``files`` (how the command
line passes them). Errors are exceptions from :mod:`ecoonto.errors`:
:class:`~ecoonto.errors.InputError` for bad input, :class:`~ecoonto.errors.StoreError` when a
store or endpoint fails, :class:`~ecoonto.errors.DataFailsError` when :func:`load` refuses data
that violates the shapes; remarks that do not stop the work are
:class:`~ecoonto.errors.EcoontoWarning` warnings.

Every example below runs as a doctest (tests/test_doc.py). Nothing heavy is imported until a
function is called, so ``import ecoonto`` stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ecoonto.errors import InputError, parameter

if TYPE_CHECKING:
    from ecoonto.authoring.diff import Diff
    from ecoonto.authoring.generate import Generated
    from ecoonto.authoring.importer import Imported
    from ecoonto.checking.profile import ProfileReport
    from ecoonto.checking.reasoning import Mode, ReasonerName, Reasoning
    from ecoonto.checking.validation import Outcome
    from ecoonto.products.answers import Answer, Question
    from ecoonto.products.compare import Comparison
    from ecoonto.products.stats import Stats
    from ecoonto.rdf.convert import Conversion
    from ecoonto.targets.base import ProgressCallback, QueryTarget
    from ecoonto.targets.industries import Industry
    from ecoonto.targets.querying import QueryInfo
    from ecoonto.targets.results import QueryResult

PathLike = str | Path
Files = Sequence[PathLike] | PathLike


def _paths(files: Files) -> tuple[Path, ...]:
    if isinstance(files, str | Path):
        return (Path(files),)
    return tuple(Path(f) for f in files)


@dataclass(frozen=True)
class Input:
    """What a function (or a command) reads: see the module documentation.

    >>> given = Input.of("examples/specialty-coffee.ttl", industry="specialty-coffee")
    >>> given.files, given.industry
    ((PosixPath('examples/specialty-coffee.ttl'),), 'specialty-coffee')
    >>> with given.open() as target:
    ...     given.one(target, "the example").label
    'Specialty coffee industry'
    """

    files: tuple[Path, ...] = ()
    data: tuple[Path, ...] = ()
    store: Path | None = None
    endpoint: str | None = None
    layout: str = "auto"
    timeout: float = 30.0
    graph: str | None = None
    industry: str | None = None
    base: str | None = None
    allow_service: bool = False

    @classmethod
    def of(
        cls,
        files: Files | Input = (),
        *,
        data: Files = (),
        store: PathLike | None = None,
        endpoint: str | None = None,
        layout: str = "auto",
        timeout: float = 30.0,
        graph: str | None = None,
        industry: str | None = None,
        base: str | None = None,
        allow_service: bool = False,
    ) -> Input:
        """An input from a function's parameters; ``files`` may be a whole :class:`Input`
        (then no other parameter may be given).

        >>> Input.of(Input(industry="x"), industry="y")
        Traceback (most recent call last):
        ...
        TypeError: give the input as an Input or as parameters, not both
        """
        made = cls(
            files=() if isinstance(files, Input) else _paths(files),
            data=_paths(data),
            store=Path(store) if store is not None else None,
            endpoint=endpoint,
            layout=layout,
            timeout=timeout,
            graph=graph,
            industry=industry,
            base=base,
            allow_service=allow_service,
        )
        if not isinstance(files, Input):
            return made
        if made != cls():
            raise TypeError("give the input as an Input or as parameters, not both")
        return files

    @property
    def remote(self) -> bool:
        """Whether the input is a store or an endpoint (not files or the bundled graph)."""
        return self.store is not None or self.endpoint is not None

    def check(self) -> None:
        """Refuse parameters that make no sense together (:func:`ecoonto.targets.check_choice`)."""
        from ecoonto.targets import check_choice

        check_choice(
            self.files,
            extra=self.data,
            store=self.store,
            endpoint=self.endpoint,
            layout=self.layout,
            graph=self.graph,
        )

    def paths(self) -> list[Path]:
        """The files a local input reads: the core ontology (once) and ``files``, or the
        bundled graph and ``data``."""
        from ecoonto import resources

        if self.files:
            return resources.with_core(list(self.files))
        return [*resources.bundled_graph_files(), *self.data]

    @contextmanager
    def open(self, *, need_core: bool = True) -> Iterator[QueryTarget]:
        """The query target, each file read once; with ``need_core``, refuse an input without
        the core ontology (:class:`InputError`) instead of answering with empty rows, else
        warn (:class:`~ecoonto.errors.EcoontoWarning`)."""
        import warnings

        from ecoonto.errors import EcoontoWarning
        from ecoonto.targets import industries, open_input

        with open_input(
            self.files,
            extra=self.data,
            store=self.store,
            endpoint=self.endpoint,
            layout=self.layout,
            timeout=self.timeout,
            graph=self.graph,
            base=self.base,
            allow_service=self.allow_service,
        ) as target:
            if need_core:
                industries.require_core(target)
            elif not industries.core_present(target):
                warnings.warn(
                    f"{target.describe()} does not hold the core ontology: sides, archetypes "
                    "and counterparties will not be found (load it too)",
                    EcoontoWarning,
                    stacklevel=3,
                )
            yield target

    def chosen(self, target: QueryTarget) -> Industry | None:
        """The industry ``industry`` names, or the only one the input describes, or None."""
        from ecoonto.targets import industries

        return industries.resolve(target, self.industry)

    def one(self, target: QueryTarget, what: str) -> Industry:
        """The industry to work on: ``industry``, or the only one; refuse when ambiguous."""
        from ecoonto.targets import industries

        return industries.choose(target, self.industry, what)


# --------------------------------------------------------------------------------------------
# Checking


def validate(
    files: Files | Input = (),
    *,
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    industry: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
    base: str | None = None,
    shapes: Sequence[PathLike] = (),
    bundled_shapes: bool = True,
    engine: str = "auto",
) -> Outcome:
    """Check a graph against the bundled SHACL shapes (plus ``shapes``, extra shape files;
    ``bundled_shapes=False``: those only) and the newcomer checks
    (:mod:`ecoonto.checking.newcomers`: an ``eco:`` term nobody declares, a resource in no
    industry), as ``ecoonto validate`` does.

    ``engine`` is ``auto`` (SHACL as SPARQL on Oxigraph, pySHACL where the shapes need it),
    ``sparql`` or ``pyshacl``; the findings are pySHACL's either way. A graph read from a store
    or an endpoint is checked merged with the core ontology. With ``industry``, the whole input
    is still validated and the findings are those on that industry's resources. Returns an
    :class:`~ecoonto.checking.validation.Outcome`: ``conforms``, ``violations``, ``warnings``,
    each a :class:`~ecoonto.checking.validation.Finding` (severity, focus, path, value,
    message, shape); ``triples`` checked and ``namespaces`` (prefixes to print them).

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

    A module with a typo the shapes cannot see (``eco:Fillng``): the newcomer checks catch it.

    >>> typo = pathlib.Path(tempfile.mkdtemp()) / "typo.ttl"
    >>> _ = typo.write_text('''
    ...   @prefix eco: <https://w3id.org/ecoonto/> .
    ...   @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...   <https://example.org/m> a owl:Ontology ; owl:imports eco:core .
    ...   <https://example.org/f> a eco:Fillng .
    ... ''')
    >>> [f.shape.rsplit("/", 1)[1] for f in ecoonto.validate(typo).violations]
    ['DeclaredTermCheck']
    """
    from ecoonto.checking import validation as v

    given = Input.of(
        files,
        store=store,
        endpoint=endpoint,
        graph=graph,
        industry=industry,
        layout=layout,
        timeout=timeout,
        base=base,
    )
    # The data's errors come first: a bad shapes file is reported once the data is read.
    shape_graph: Any = None
    shapes_error: InputError | None = None
    try:
        shape_graph = v.load_shapes([Path(s) for s in shapes], bundled=bundled_shapes)
    except InputError as exc:
        shapes_error = exc

    def checked(target: QueryTarget, outcome: Outcome) -> Outcome:
        if bundled_shapes:  # the newcomer checks, as SPARQL on the data already read
            from ecoonto.checking import newcomers

            outcome = newcomers.apply(outcome, newcomers.run(target))
        if given.industry is not None:
            from ecoonto.targets import industries

            chosen = given.one(target, "validate")
            outcome = v.scope(outcome, industries.members(target, chosen))
        return outcome

    if not given.remote:
        given.check()
        paths = given.paths()
        if shapes_error is not None:
            v.load_files(paths, base=given.base)  # a bad data file is reported first
            raise shapes_error
        return v.validate_files(paths, shape_graph, engine=engine, base=given.base, then=checked)
    return _validate_in_place(given, shape_graph, shapes_error, engine, checked)


def _validate_in_place(
    given: Input,
    shape_graph: Any,
    shapes_error: InputError | None,
    engine: str,
    checked: Callable[[QueryTarget, Outcome], Outcome],
) -> Outcome:
    """:func:`validate` of a store or an endpoint: the shapes' SPARQL and the newcomer checks
    run there (:func:`ecoonto.checking.validation.validate_in`), only results come back. The
    store must hold the core ontology (the shapes need its class hierarchy: refused otherwise);
    what cannot run there exactly reads the graph out, with a note saying so."""
    from ecoonto.checking import validation as v
    from ecoonto.rdf.graphs import new_graph
    from ecoonto.targets import GraphTarget, fetch_graph, open_input

    if given.files:
        raise InputError(
            f"give {parameter('files')} or {parameter('store')}/{parameter('endpoint')}, not "
            "both (load the files first)"
        )
    with open_input(
        store=given.store,
        endpoint=given.endpoint,
        layout=given.layout,
        timeout=given.timeout,
        graph=given.graph,
    ) as target:
        where = f"graph <{given.graph}>" if given.graph else "the default graph"
        counted = target.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        triples = int(str(counted[0][0])) if counted and counted[0][0] is not None else 0
        if triples == 0:
            raise InputError(f"{where} of {target.describe()} is empty: nothing to validate")
        if not target.run(_CORE_HELD).boolean:
            raise InputError(
                f"{where} of {target.describe()} does not hold the core ontology (<{_CORE}>),"
                " whose class hierarchy the shapes need: load it too (ecoonto load FILES adds it"
                " unless --without-core), or validate the files"
            )
        if shapes_error is not None:
            raise shapes_error
        try:
            outcome = v.validate_in(target, shape_graph, engine)
        except v.NotPushedDown as exc:
            data = fetch_graph(target)
            outcome = checked(GraphTarget(data), v.validate(data, shape_graph, engine=engine))
            return replace(outcome, triples=len(data), namespaces=data, notes=[str(exc)])
        outcome = checked(target, outcome)
    return replace(outcome, triples=triples, namespaces=new_graph())


_CORE = "https://w3id.org/ecoonto/core"
_CORE_HELD = f"ASK {{ <{_CORE}> a <http://www.w3.org/2002/07/owl#Ontology> }}"


def _reason_in_place(given: Input, into: str | None) -> Reasoning:
    """:func:`reason` with ``owlrl``: the rules run where the data is."""
    from ecoonto.checking.reasoning import pushdown
    from ecoonto.rdf.graphs import bind_prefixes, new_graph
    from ecoonto.targets import industries

    with pushdown.opened(
        [] if given.remote else given.paths(),
        store=given.store,
        endpoint=given.endpoint,
        layout=given.layout,
        timeout=given.timeout,
        graph=given.graph,
        into=into,
    ) as (where, target):
        if given.remote:
            industries.require_core(target)
        outcome = pushdown.reason_in(where, into=into)
        if given.industry is not None:
            outcome = outcome.scoped(industries.members(target, given.one(target, "reason")))
        names = new_graph()
        bind_prefixes(names, where.prefixes)
        return replace(outcome, triples=pushdown.asserted_count(where), namespaces=names)


def reason(
    files: Files | Input = (),
    *,
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    industry: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
    reasoner: ReasonerName = "hermit",
    mode: Mode = "auto",
    into: str | None = None,
) -> Reasoning:
    """Check consistency and list what a reasoner infers (the input is left unchanged).

    ``reasoner``: ``hermit`` or ``pellet`` (OWL 2 DL, need Java; ``mode`` is ``auto``, ``full``
    or ``hybrid``, see docs/reasoning-and-validation.md), ``owlrl`` (ecoonto's OWL 2 RL rules,
    no Java) or ``owlrl-py`` (the owlrl package). A store or an endpoint must hold the core
    ontology. With ``industry`` the reasoner still runs on the whole input; the inferences are
    those about the industry's resources. Returns a
    :class:`~ecoonto.checking.reasoning.Reasoning`: ``consistent``, ``unsatisfiable``,
    ``memberships``, ``property_assertions``, ``inferred_graph()``, ``triples``.

    ``owlrl`` runs where the data is (:mod:`ecoonto.checking.reasoning.pushdown`): files are
    parsed by pyoxigraph, a store or an endpoint reasons inside itself; ``into`` (a store or
    an endpoint) keeps the inferences there as that named graph (replaced).

    >>> import ecoonto
    >>> r = ecoonto.reason(reasoner="owlrl")
    >>> r.consistent, len(r.unsatisfiable)
    (True, 0)
    >>> nvidia = "https://w3id.org/ecoonto/data/ai-compute/org-nvidia"
    >>> sorted(r.values_of(nvidia, "https://w3id.org/ecoonto/organisationActsOnSide"))
    ['https://w3id.org/ecoonto/Infrastructure', 'https://w3id.org/ecoonto/Providers']
    """
    from ecoonto.checking.reasoning import reason as run
    from ecoonto.rdf import graphs
    from ecoonto.targets import GraphTarget, fetch_graph, industries

    given = Input.of(
        files,
        store=store,
        endpoint=endpoint,
        graph=graph,
        industry=industry,
        layout=layout,
        timeout=timeout,
    )
    given.check()
    if reasoner == "owlrl":
        return _reason_in_place(given, into)
    if into is not None:
        raise InputError(
            f"{parameter('into')} needs {parameter('reasoner', 'owlrl')}"
            " (the rules that run in a store)"
        )
    if given.remote:
        with given.open() as target:
            data = fetch_graph(target)
    else:
        data = graphs.load(given.paths())
    outcome = run(data, reasoner, mode)
    if given.industry is not None:
        scope = GraphTarget(data)
        outcome = outcome.scoped(industries.members(scope, given.one(scope, "reason")))
    return replace(outcome, triples=len(data), namespaces=data)


# --------------------------------------------------------------------------------------------
# Querying and loading


def query(
    sparql: str | Path,
    files: Files | Input = (),
    *,
    data: Files = (),
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    industry: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
    base: str | None = None,
    params: Mapping[str, str] | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """Run a SPARQL query: a bundled query's name (:func:`queries` lists them), a ``.rq``
    file, or the query text itself.

    ``data`` adds files to the bundled graph; ``params`` binds variables (``{"stance":
    "gains"}``; IRIs as ``<...>`` or prefixed names), never by pasting text into the query.
    A query with a variable ``?industry`` is bound to ``industry``; without it, on an input
    that holds several industries, it runs once per industry, with an ``industry`` column
    first. SERVICE is refused on local data unless ``allow_service``. Returns a
    :class:`~ecoonto.targets.results.QueryResult`: ``variables`` and ``rows`` of rdflib terms
    for SELECT (``as_strings()`` for text), ``boolean`` for ASK, ``graph`` for CONSTRUCT.

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
    from ecoonto.targets import querying as queries

    given = Input.of(
        files,
        data=data,
        store=store,
        endpoint=endpoint,
        graph=graph,
        industry=industry,
        layout=layout,
        timeout=timeout,
        base=base,
        allow_service=allow_service,
    )
    if isinstance(sparql, str) and "{" in sparql:
        text, name, where = sparql, "given", None
    else:
        info = queries.resolve(sparql)
        text, name, where = info.text(), info.name, str(info.path)
    takes_industry = re.search(r"[?$]industry(?![\w])", text) is not None
    if given.industry is not None and not takes_industry:
        raise InputError(
            f"{parameter('industry')}: the query {name} has no variable ?industry to bind"
        )
    with given.open(need_core=False) as target:
        try:
            return _by_industry(text, dict(params or {}), target, given, takes_industry)
        except InputError as exc:
            if where and "syntax error" in exc.message and where not in exc.message:
                raise InputError(f"{where}: {exc.message}") from None
            raise


def _by_industry(
    text: str, params: dict[str, str], target: QueryTarget, given: Input, takes_industry: bool
) -> QueryResult:
    from rdflib import Literal

    from ecoonto.targets import industries
    from ecoonto.targets import querying as queries
    from ecoonto.targets.results import QueryResult

    if not takes_industry or "industry" in params:
        return queries.run(text, target, params)
    if given.industry is not None:
        chosen = industries.resolve(target, given.industry, counts=False)
        assert chosen is not None
        return queries.run(text, target, {**params, "industry": f"<{chosen.iri}>"})
    mapped = [i for i in industries.list_industries(target, counts=False) if i.mapped]
    if len(mapped) < 2:
        return queries.run(text, target, params)
    rows: list[tuple[Any, ...]] = []
    variables: list[str] = []
    for each in mapped:
        part = queries.run(text, target, {**params, "industry": f"<{each.iri}>"})
        if part.kind != "select":
            return queries.run(text, target, params)
        variables = ["industry", *part.variables]
        rows.extend((Literal(each.name), *row) for row in part.rows)
    return QueryResult("select", variables=variables, rows=rows)


def queries(category: str | None = None) -> list[QueryInfo]:
    """The bundled queries (``ecoonto queries``): each with its ``name``, ``category``
    (``table``, ``analysis``, ``qc``, ``other``), the ``question`` it answers, what it
    ``returns`` and its ``path``; ``category`` keeps one kind.

    >>> import ecoonto
    >>> names = [q.name for q in ecoonto.queries("table")]
    >>> "table-buyer-side" in names, all(q.category == "table" for q in ecoonto.queries("table"))
    (True, True)
    """
    from ecoonto.targets import querying

    return [i for i in querying.list_queries() if category is None or i.category == category]


@dataclass(frozen=True)
class Loaded:
    """What :func:`load` wrote: ``triples`` from ``files`` into ``where`` (the target's
    description), in ``seconds``.

    >>> Loaded(3, [Path("a.ttl")], "an embedded store").triples
    3
    """

    triples: int
    files: list[Path]
    where: str
    graph: str | None = None
    seconds: float = 0.0


def load(
    files: Files | Input = (),
    *,
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
    base: str | None = None,
    validate: bool = True,
    with_core: bool = True,
    chunk_size: int | None = None,
    progress: ProgressCallback | None = None,
) -> Loaded:
    """Replace a graph in a store (``store=DIR``, created if missing) or at a SPARQL endpoint
    with ``files`` (default: the bundled knowledge graph); returns a :class:`Loaded`.

    ``files`` are loaded with the core ontology (``with_core=False``: the files only, with a
    :class:`~ecoonto.errors.EcoontoWarning`). The files are parsed and checked against the
    shapes first (``validate=False`` skips the check); the graph is then replaced in one step,
    so a failure leaves the old one intact. An endpoint gets one request, or chunks of
    ``chunk_size`` triples into a staging graph and one MOVE; ``progress(stage, done, total)``
    hears how far it got.

    >>> import ecoonto, pathlib, tempfile
    >>> kg = pathlib.Path(tempfile.mkdtemp()) / "kg"
    >>> ecoonto.load(store=kg).triples > 3000
    True
    >>> len(ecoonto.query("table-buyer-side", store=kg).rows)
    6
    """
    import time
    import warnings

    from ecoonto import resources, targets
    from ecoonto.checking.validation import refuse_violations
    from ecoonto.errors import EcoontoWarning

    given = Input.of(
        files,
        store=store,
        endpoint=endpoint,
        graph=graph,
        layout=layout,
        timeout=timeout,
        base=base,
    )
    if (given.store is None) == (given.endpoint is None):
        raise InputError(
            f"give exactly one of {parameter('store', 'DIR')} or {parameter('endpoint', 'URL')}"
        )
    if given.store is not None and given.layout != "auto":
        raise InputError(f"{parameter('layout')} applies to {parameter('endpoint')} only")
    if given.store is not None and chunk_size is not None:
        raise InputError(f"{parameter('chunk_size')} applies to {parameter('endpoint')} only")
    paths = list(given.files) or resources.bundled_graph_files()
    core_missing = bool(given.files) and resources.with_core(paths) != paths
    if with_core and core_missing:
        paths, core_missing = resources.with_core(paths), False
    started = time.monotonic()
    target = targets.open_target(
        given.store, given.endpoint, layout=given.layout, timeout=given.timeout
    )
    try:
        count = targets.load(
            target,
            paths,
            graph_iri=given.graph,
            check=refuse_violations if validate else None,
            progress=progress,
            chunk_size=chunk_size or targets.DEFAULT_CHUNK_SIZE,
            base=given.base,
        )
    finally:
        if isinstance(target, targets.EmbeddedStore):
            target.close()
    if core_missing:
        warnings.warn(
            "the core ontology is not among FILES: commands that read this graph will find no "
            "sides, archetypes or counterparties unless the store holds it already",
            EcoontoWarning,
            stacklevel=2,
        )
    return Loaded(count, paths, target.describe(), given.graph, time.monotonic() - started)


# --------------------------------------------------------------------------------------------
# Products


def stats(
    files: Files | Input = (),
    *,
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    industry: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
    base: str | None = None,
) -> Stats:
    """The graph's figures: triples, classes, individuals per class, players per side and the
    organisations that act on several sides (``industry``: of that industry only). ``files``
    are merged with the core ontology, as ``ecoonto stats FILES`` does (naming the core among
    them changes nothing).

    >>> import ecoonto
    >>> figures = ecoonto.stats()
    >>> [(s.label, s.players) for s in figures.players_per_side]
    [('Buyers', 6), ('Providers', 6), ('Infrastructure', 6), ('Boundary', 5)]
    >>> [o.label for o in figures.multi_side_organisations]
    ['Amazon', 'Google', 'Microsoft', 'Nvidia']
    >>> coffee = "examples/specialty-coffee.ttl"
    >>> ecoonto.stats(coffee) == ecoonto.stats(["ontology/core.ttl", coffee])
    True
    """
    from ecoonto.products import stats as stats_mod

    given = Input.of(
        files,
        store=store,
        endpoint=endpoint,
        graph=graph,
        industry=industry,
        layout=layout,
        timeout=timeout,
        base=base,
    )
    with given.open(need_core=False) as target:
        chosen = given.chosen(target) if given.industry is not None else None
        return stats_mod.compute(target, chosen.iri if chosen is not None else None)


def industries(
    files: Files | Input = (),
    *,
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
) -> list[Industry]:
    """The industries in the input (``ecoonto industries``): label, IRI, short name (what
    ``industry`` takes) and players per side; an industry the input only names (an adjacent
    one) has no players.

    >>> import ecoonto
    >>> [(i.short_name, i.players_per_side["Buyers"]) for i in ecoonto.industries()]
    [('ai-compute', 6), ('ai-data', 0)]
    """
    from ecoonto.targets import industries as industries_mod

    given = Input.of(
        files, store=store, endpoint=endpoint, graph=graph, layout=layout, timeout=timeout
    )
    with given.open() as target:
        found = industries_mod.list_industries(target)
    industries_mod.check_unique(found)
    return found


def report(
    files: Files | Input = (),
    *,
    data: Files = (),
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    industry: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
    format: Literal["md", "html"] = "md",
) -> str:
    """The industry page regenerated from the graph: sides, counterparty mapping, side tables,
    archetypes, positions matrix, archetype asymmetries and the questions with answers
    computed from the graph, as Markdown or as one self-contained HTML file with the ecosystem
    diagram (``format="html"`` needs Graphviz). ``industry`` chooses the industry when the
    input holds several.

    >>> import ecoonto
    >>> page = ecoonto.report()
    >>> page.splitlines()[0]
    '# AI Compute Industry Players'
    >>> page.count("**Answer (computed from the graph).**")
    4
    >>> ecoonto.report("examples/specialty-coffee.ttl").splitlines()[0]
    '# Specialty coffee industry'
    """
    from ecoonto.products import report as report_mod

    given = Input.of(
        files,
        data=data,
        store=store,
        endpoint=endpoint,
        graph=graph,
        industry=industry,
        layout=layout,
        timeout=timeout,
    )
    with given.open() as target:
        chosen = given.one(target, "the report")
        text = report_mod.markdown(target, chosen.iri)
        if format != "html":
            return text
        from ecoonto.products import diagram
        from ecoonto.targets import fetch_graph

        # The diagram is drawn from the graph already read, not from a second load.
        dot = diagram.ecosystem_dot(fetch_graph(target), industry=chosen.iri)
    svg = diagram.render(dot, "svg").decode("utf-8")
    title = text.splitlines()[0].lstrip("# ").strip()
    return report_mod.to_html(text, diagram_svg=svg, title=title)


@dataclass(frozen=True)
class Asked:
    """What :func:`ask` found: the ``questions`` of the input (of the chosen industry, if
    any), ``industry_names`` (IRI to short name, when listing), and for one question the
    ``question`` and its ``answer`` (sentence, evidence rows, query).

    >>> Asked(questions=[], industry_names={}).answer is None
    True
    """

    questions: list[Question]
    industry_names: dict[str, str]
    question: Question | None = None
    answer: Answer | None = None


def ask(
    question: str | None = None,
    files: Files | Input = (),
    *,
    data: Files = (),
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    industry: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
) -> Asked:
    """Answer one of the page's analysis questions from the graph (``ecoonto ask``):
    ``question`` is its number, its query name, or a unique prefix of either; without it, the
    questions are listed (of every industry of the input, each numbered within its industry).

    >>> import ecoonto
    >>> [q.id for q in ecoonto.ask().questions]
    ['1', '2', '3', '4']
    >>> asked = ecoonto.ask("4")
    >>> asked.question.query_name, bool(asked.answer.sentence), len(asked.answer.evidence.rows) > 0
    ('q4-boundary-archetype-gap', True, True)
    """
    from ecoonto.products import answers
    from ecoonto.targets import industries as industries_mod

    given = Input.of(
        files,
        data=data,
        store=store,
        endpoint=endpoint,
        graph=graph,
        industry=industry,
        layout=layout,
        timeout=timeout,
    )
    with given.open() as target:
        chosen = given.chosen(target)
        if given.industry is None and chosen is None and question is not None:
            chosen = given.one(target, "the question")
        available = answers.questions(target, chosen.iri if chosen is not None else None)
        if question is None:
            names = {i.iri: i.name for i in industries_mod.list_industries(target)}
            return Asked(available, names)
        found = answers.find(question, available)
        return Asked(available, {}, found, answers.answer(found, target))


def compare(
    a: str,
    b: str,
    files: Files | Input = (),
    *,
    data: Files = (),
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
) -> Comparison:
    """Put the industries ``a`` and ``b`` (short names, IRIs or labels) side by side: players
    per side, the archetype mix per side, counterparty visibility, players and organisations
    on several sides, organisations present in both, whether one names the other as adjacent.
    Both must be in the input (``data``: files added to the bundled graph).

    >>> import ecoonto
    >>> coffee = ["examples/specialty-coffee.ttl"]
    >>> c = ecoonto.compare("ai-compute", "specialty-coffee", data=coffee)
    >>> c.as_json()["organisations_in_both"]
    [['EC', 'European Commission']]
    """
    from ecoonto.products import compare as compare_mod
    from ecoonto.targets import industries as industries_mod

    given = Input.of(
        files,
        data=data,
        store=store,
        endpoint=endpoint,
        graph=graph,
        layout=layout,
        timeout=timeout,
    )
    with given.open() as target:
        first = industries_mod.resolve(target, a, name="a")
        second = industries_mod.resolve(target, b, name="b")
        assert first is not None and second is not None
        if first.iri == second.iri:
            raise InputError(
                f"{parameter('a')} and {parameter('b')} name the same industry ({first.name}):"
                " give two"
            )
        return compare_mod.compare(target, first, second)


def diagram(
    files: Files | Input = (),
    *,
    store: PathLike | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    industry: str | None = None,
    layout: str = "auto",
    timeout: float = 30.0,
    format: Literal["svg", "png", "dot"] = "svg",
    side: str | None = None,
    organisation: str | None = None,
) -> bytes:
    """The ecosystem map (``ecoonto diagram``): the four sides, their players and the
    organisations behind them, as Graphviz ``dot`` source or drawn as ``svg`` or ``png``
    (those need Graphviz); ``side`` draws one side, ``organisation`` focuses on one.

    >>> import ecoonto
    >>> dot = ecoonto.diagram(format="dot").decode("utf-8")
    >>> dot.startswith("digraph"), "Nvidia" in dot
    (True, True)
    """
    from ecoonto.products import diagram as diagrams
    from ecoonto.targets import fetch_graph

    given = Input.of(
        files,
        store=store,
        endpoint=endpoint,
        graph=graph,
        industry=industry,
        layout=layout,
        timeout=timeout,
    )
    with given.open() as target:
        scope = given.one(target, "the diagram")
        graph_read = fetch_graph(target)
    dot = diagrams.ecosystem_dot(
        graph_read, side=side, organisation=organisation, industry=scope.iri
    )
    return diagrams.render(dot, format)


def docs(output: PathLike = "out/docs") -> list[Path]:
    """Write the HTML reference documentation of the core ontology (pyLODE) into ``output``
    (replaced as a whole, refused if it holds other files); returns the files written.

    >>> import ecoonto, pathlib, tempfile
    >>> written = ecoonto.docs(pathlib.Path(tempfile.mkdtemp()) / "docs")  # doctest: +SKIP
    >>> sorted(p.name for p in written)  # doctest: +SKIP
    ['ecoonto-core.ttl', 'index.html']
    """
    from ecoonto.products.docs import write_docs

    return write_docs(Path(output))


# --------------------------------------------------------------------------------------------
# Authoring and files


def convert(
    source: PathLike,
    target: PathLike,
    *,
    from_format: str | None = None,
    to_format: str | None = None,
    base: str | None = None,
    compact: bool = False,
) -> Conversion:
    """Convert the RDF file ``source`` to ``target`` (formats by extension, or named), written
    canonically and atomically (``ecoonto convert``); returns what was converted.

    >>> import ecoonto, pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "coffee.nt"
    >>> done = ecoonto.convert("examples/specialty-coffee.ttl", out)
    >>> done.to_format, done.triples == len(out.read_text(encoding="utf-8").splitlines())
    ('nt', True)
    """
    from ecoonto.rdf.convert import convert as run

    return run(Path(source), Path(target), from_format, to_format, base=base, compact=compact)


def generate(
    players: int,
    *,
    output: PathLike,
    seed: int = 0,
    violations: float = 0.0,
) -> Generated:
    """Write a synthetic industry with ``players`` players to ``output`` (``.ttl`` or ``.nt``):
    conforming to the shapes unless ``violations`` (a fraction of the players) injects one
    SHACL violation each; the same arguments always give the same file.

    >>> import ecoonto, pathlib, tempfile
    >>> made = ecoonto.generate(20, output=pathlib.Path(tempfile.mkdtemp()) / "small.ttl")
    >>> made.players, made.violations, ecoonto.validate(made.path).conforms
    (20, 0, True)
    """
    from ecoonto.authoring.generate import format_for_path
    from ecoonto.authoring.generate import generate as run

    path = Path(output)
    try:
        format_for_path(path)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if not path.parent.exists():
        raise InputError(f"{path.parent}: no such directory")
    return run(players, seed=seed, violations=violations, path=path)


def diff(old: PathLike, new: PathLike) -> Diff:
    """What changed from ``old`` to ``new``, two versions of an industry: modules (any RDF
    file) or pages (Markdown, or a folder of tables), imported first with the same namespace.
    The :class:`~ecoonto.authoring.diff.Diff` says it in ``words()`` and ``triples()``.

    >>> import ecoonto
    >>> ecoonto.diff("examples/specialty-coffee.ttl", "examples/specialty-coffee.ttl").same
    True
    """
    from ecoonto.authoring.diff import diff as run
    from ecoonto.authoring.diff import load_version

    before, namespace = load_version(Path(old))
    after, _ = load_version(Path(new), namespace)
    return run(before, after)


@dataclass(frozen=True)
class Skeleton:
    """What :func:`new` made: the page ``text`` and the files ``written``.

    >>> Skeleton("# A page").written
    []
    """

    text: str
    written: list[Path] = field(default_factory=list)


def new(
    name: str,
    *,
    output: PathLike | None = None,
    tables: PathLike | None = None,
    format: Literal["csv", "tsv"] = "csv",
    force: bool = False,
) -> Skeleton:
    """The skeleton page of the industry ``name`` (``ecoonto new``): every section and table
    header, one illustrative row per table, comments on what goes where; written to
    ``output``, or as a folder of ``tables`` (CSV or TSV), when given (``force`` overwrites).

    >>> import ecoonto
    >>> page = ecoonto.new("Space launch")
    >>> "# Space launch" in page.text, page.written
    (True, [])
    """
    from ecoonto.authoring.page import read_markdown
    from ecoonto.authoring.skeleton import skeleton
    from ecoonto.rdf.graphs import write_atomic

    if not name.strip():
        raise InputError("NAME is empty: give the industry's name, e.g. 'Space launch'")
    text = skeleton(name)
    if tables is not None:
        from ecoonto.authoring.tabular import write_tables

        folder = Path(tables)
        if folder.exists() and any(folder.iterdir()) and not force:
            raise InputError(
                f"{parameter('tables', str(folder))}: the folder is not empty (use "
                f"{parameter('force')})"
            )
        return Skeleton(text, write_tables(read_markdown(Path(f"{name}.md"), text), folder, format))
    if output is None:
        return Skeleton(text)
    path = Path(output)
    if path.exists() and not force:
        raise InputError(
            f"{parameter('output', str(path))}: the file exists (use {parameter('force')} to "
            "overwrite)"
        )
    if path.parent and not path.parent.is_dir():
        raise InputError(
            f"{parameter('output', str(path))}: the folder {path.parent} does not exist"
        )
    write_atomic(path, text)
    return Skeleton(text, [path])


def import_industry(
    source: PathLike,
    *,
    output: PathLike | None = None,
    namespace: str | None = None,
    prefix: str | None = None,
    base: str | None = None,
    editorial: Sequence[PathLike] = (),
    validate: bool = True,
) -> Imported:
    """Import an industry written as a page (the Markdown layout :func:`report` writes), a
    folder of CSV/TSV tables or an ``.xlsx`` workbook (``ecoonto import``): the industry
    module as canonical Turtle (``turtle``), its graph, what was recognised and the warnings
    (:class:`~ecoonto.authoring.importer.Imported`), validated with the bundled shapes (with
    ``editorial`` files beside it; ``validate=False`` skips it), and written to ``output``
    when given (replaced in one step, only once the import succeeded). Raises
    :class:`ecoonto.authoring.ImportFailed` (an :class:`~ecoonto.errors.InputError`) whose
    ``problems`` name every bad cell; nothing is written then. :func:`new` gives the empty page.

    >>> import ecoonto, pathlib, re, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> page = folder / "space.md"
    >>> n = iter(range(1, 1000))
    >>> blank = ecoonto.new("Space launch").text
    >>> filled = re.sub(r"<[^<>|!]+>", lambda m: f"Launch text {next(n)}", blank)
    >>> _ = page.write_text(filled, encoding="utf-8")
    >>> module = ecoonto.import_industry(page, output=folder / "space.ttl")
    >>> "eco:Player" in module.turtle
    True
    >>> (folder / "space.ttl").read_text(encoding="utf-8") == module.turtle
    True
    >>> ecoonto.validate(folder / "space.ttl").conforms
    True
    >>> _ = page.write_text(blank, encoding="utf-8")  # not filled in
    >>> try:
    ...     ecoonto.import_industry(page)
    ... except ecoonto.errors.InputError as exc:
    ...     print(str(exc).split(";")[1].strip())
    nothing written
    """
    from ecoonto.authoring import import_module
    from ecoonto.rdf.graphs import write_atomic

    if output is not None and Path(output).parent and not Path(output).parent.is_dir():
        raise InputError(
            f"{parameter('output', str(output))}: the folder {Path(output).parent} does not exist"
        )
    result = import_module(
        Path(source),
        namespace=namespace,
        prefix=prefix,
        base=base,
        editorial=[Path(e) for e in editorial],
        validate=validate,
    )
    if output is not None:
        write_atomic(Path(output), result.turtle)
    return result


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

    paths = list(_paths(files))
    if not paths:
        paths = resources.bundled_graph_files()
    elif with_core:
        paths = resources.with_core(paths)
    return check(paths, profile, base=base)
