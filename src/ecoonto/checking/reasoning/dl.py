"""HermiT and Pellet through owlready2 (Java): the whole graph, or the TBox for the hybrid mode."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ecoonto.checking.reasoning.common import (
    INFERENCES_ONTOLOGY,
    ReasonerOutcome,
    Vocabulary,
    iris_in,
    new_assertions,
    new_memberships,
    vocabulary,
)
from ecoonto.errors import InputError, ReasonerUnavailableError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Literal as RDFLiteral
    from rdflib.term import URIRef


JAVA_MEMORY_MB = 2000
"""Java heap for HermiT and Pellet, in MB (``owlready2.reasoning.JAVA_MEMORY``)."""

EXPLAIN_TIMEOUT_S = 300
"""How long ``pellet explain`` may take on an inconsistent graph before it is given up."""

TIME_LIMIT_S = 120.0
"""How long one HermiT or Pellet run may take, in seconds, before it is stopped and the input
refused (``reason(time_limit=...)``); some small but hard graphs take minutes (W3C's
WebOnt-description-logic-209 runs past 90 s in HermiT)."""

JAVA_FIX = (
    "install a Java runtime, e.g. apt-get install default-jre-headless,"
    " or use the Java-free --reasoner owlrl"
)


def _java_exe() -> str:
    import owlready2

    return str(owlready2.JAVA_EXE)


def java_available() -> bool:
    """True when a Java runtime answers ``java -version`` (HermiT and Pellet need one).

    Where owlready2 is told to find no Java (here without starting one):

    >>> from unittest import mock
    >>> import owlready2
    >>> with mock.patch.object(owlready2, "JAVA_EXE", "no-such-java"):
    ...     java_available()
    False
    """
    exe = shutil.which(_java_exe())
    if exe is None:
        return False
    try:
        done = subprocess.run([exe, "-version"], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def require_java(reasoner: str) -> None:
    """:class:`ReasonerUnavailableError`, saying how to install Java, unless a Java runtime
    starts (HermiT and Pellet need one).

    >>> from unittest import mock
    >>> import owlready2
    >>> with mock.patch.object(owlready2, "JAVA_EXE", "no-such-java"):
    ...     require_java("hermit")
    Traceback (most recent call last):
    ecoonto.errors.ReasonerUnavailableError: no Java runtime found to run HermiT ('no-such-java'
    is not on PATH or does not start): install a Java runtime, e.g. apt-get install
    default-jre-headless, or use the Java-free --reasoner owlrl
    """
    if not java_available():
        raise ReasonerUnavailableError(
            f"no Java runtime found to run {display_name(reasoner)} ('{_java_exe()}' is not on PATH"
            f" or does not start): {JAVA_FIX}"
        )


def display_name(reasoner: str) -> str:
    """The reasoner's name as its authors write it.

    >>> display_name("hermit"), display_name("owlrl-py")
    ('HermiT', 'owlrl')
    """
    names = {"hermit": "HermiT", "pellet": "Pellet", "owlrl": "owlrl", "owlrl-py": "owlrl"}
    return names.get(reasoner, reasoner)


# --------------------------------------------------------------------------------------------
# Entry point


def reason_owlready(
    graph: Graph, reasoner: Literal["hermit", "pellet"], time_limit: float | None = None
) -> ReasonerOutcome:
    """HermiT or Pellet (through owlready2, Java) on the whole of ``graph``, each Java run within
    ``time_limit`` seconds (default :data:`TIME_LIMIT_S`).

    It needs Java; the example shows the refusal where there is none (running HermiT itself is
    :func:`ecoonto.checking.reasoning.reason`'s job, tested in tests/test_reasoning.py):

    >>> from unittest import mock
    >>> import owlready2
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     :Lab a owl:Class . :openai a :Lab .''')
    >>> with mock.patch.object(owlready2, "JAVA_EXE", "no-such-java"):
    ...     reason_owlready(g, "pellet")
    Traceback (most recent call last):
    ecoonto.errors.ReasonerUnavailableError: no Java runtime found to run Pellet ...
    """
    from rdflib import OWL

    from ecoonto.rdf.graphs import new_graph

    vocab = vocabulary(graph)
    data = new_graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            data.add(triple)
    notes: list[str] = []
    found = run_owlready(data, reasoner, vocab, time_limit, notes)
    if isinstance(found, ReasonerOutcome):
        return found
    outcome = _read_inferences(graph, vocab, found)
    outcome.notes += notes
    return outcome


def run_owlready(
    data: Graph,
    reasoner: Literal["hermit", "pellet"],
    vocab: Vocabulary,
    time_limit: float | None = None,
    notes: list[str] | None = None,
    *,
    retry: bool = True,
) -> Graph | ReasonerOutcome:
    """Run HermiT or Pellet on ``data`` (no ``owl:imports``): owlready2's inferences as a graph,
    or the inconsistent outcome with its explanation.

    Each Java run is stopped after ``time_limit`` seconds (default :data:`TIME_LIMIT_S`) and the
    input refused. When the reasoner fails (a Java exception, such as HermiT's
    ConcurrentModificationException while inferring the property values of individuals merged
    by a functional property), it runs again without property-value inference and the other
    reasoner gives the property values (a line in ``notes`` says so); when that fails too, the
    input is refused with one line.

    It needs Java; the example shows the refusal where there is none:

    >>> from unittest import mock
    >>> import owlready2
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix : <https://e.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     :Lab a owl:Class . :openai a :Lab .''')
    >>> with mock.patch.object(owlready2, "JAVA_EXE", "no-such-java"):
    ...     run_owlready(g, "hermit", vocabulary(g))
    Traceback (most recent call last):
    ecoonto.errors.ReasonerUnavailableError: no Java runtime found to run HermiT ...
    """
    require_java(reasoner)
    import owlready2
    import owlready2.reasoning

    from ecoonto.rdf.graphs import new_graph

    limit = TIME_LIMIT_S if time_limit is None else time_limit
    owlready2.reasoning.JAVA_MEMORY = JAVA_MEMORY_MB
    failed: Exception | None = None
    with tempfile.TemporaryDirectory(prefix="ecoonto-reason-") as tmp:
        source = Path(tmp) / "input.nt"
        given = cardinalities_as_integers(data)
        source.write_bytes(given.serialize(format="nt", encoding="utf-8"))
        world = owlready2.World()
        kargs = owlready2.reasoning._subprocess_kargs
        owlready2.reasoning._subprocess_kargs = {**kargs, "timeout": limit}
        try:
            world.get_ontology(source.as_uri()).load()
            for property_values in (True, False) if retry else (True,):
                try:
                    _sync(owlready2, world, reasoner, property_values)
                    break
                except owlready2.OwlReadyInconsistentOntologyError as exc:
                    lines = _inconsistency_lines(reasoner, str(exc))
                    lines += _pellet_explain(
                        data, Path(tmp), labelled=reasoner == "hermit", limit=limit
                    )
                    return ReasonerOutcome(
                        consistent=False, explanation=lines, involved=iris_in(lines, vocab)
                    )
                except owlready2.OwlReadyJavaError as exc:
                    failure = _java_failure(reasoner, str(exc))
                    if failed is not None or isinstance(failure, ReasonerUnavailableError):
                        raise failure from None
                    if not retry:
                        raise failure from None
                    failed = failure
            inferred = Path(tmp) / "inferred.nt"
            world.get_ontology(INFERENCES_ONTOLOGY).save(str(inferred), format="ntriples")
        except subprocess.TimeoutExpired:
            raise InputError(
                f"{display_name(reasoner)} did not finish within {limit:g} s, the time limit of one"
                " run (reason(time_limit=...)): the graph is too hard for full DL reasoning"
                " in that time; --mode hybrid or --reasoner owlrl may answer"
            ) from None
        except OSError as exc:  # java vanished between the check and the run
            raise ReasonerUnavailableError(
                f"cannot start Java for {display_name(reasoner)} ({exc.strerror}): {JAVA_FIX}"
            ) from None
        except (AttributeError, TypeError, ValueError, KeyError, IndexError) as exc:
            # owlready2's own failures on some inputs (e.g. AttributeError '_inverse_property'
            # on inverses or property chains): one line, not a traceback.
            raise InputError(
                f"owlready2, which runs {display_name(reasoner)}, failed on this input"
                f" ({type(exc).__name__}: {' '.join(str(exc).split())}); --reasoner owlrl"
                " reasons without it"
            ) from None
        finally:
            owlready2.reasoning._subprocess_kargs = kargs
            world.close()
        result = new_graph()
        result.parse(inferred, format="nt")
    if failed is not None:
        _property_values_from_the_other(data, reasoner, vocab, limit, failed, result, notes)
    return result


_CARDINALITIES = (
    "cardinality",
    "minCardinality",
    "maxCardinality",
    "qualifiedCardinality",
    "minQualifiedCardinality",
    "maxQualifiedCardinality",
)


def cardinalities_as_integers(data: Graph) -> Graph:
    """``data`` with each cardinality written as an ``xsd:nonNegativeInteger`` (a new graph when
    one is not): owlready2 silently drops a restriction whose number is of another datatype
    (``xsd:int``, ``xsd:short``, ``xsd:byte``, ``xsd:unsignedByte``, ``xsd:decimal``: W3C's
    WebOnt-description-logic-601 was then consistent), where the OWL API, and so HermiT and
    Pellet on the file, read the number. A cardinality that is not a non-negative integer is
    refused (:class:`InputError`).

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    ...     [] owl:onProperty <http://e/p> ; owl:maxCardinality "01"^^xsd:short .''')
    >>> from rdflib import OWL
    >>> [o.n3() for o in cardinalities_as_integers(g).objects(None, OWL.maxCardinality)]
    ['"1"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>']
    """
    from rdflib import OWL, XSD
    from rdflib import Literal as RDFLiteral

    from ecoonto.rdf.graphs import new_graph

    changes = []
    for name in _CARDINALITIES:
        for s, o in data.subject_objects(OWL[name]):
            if isinstance(o, RDFLiteral) and o.datatype == XSD.nonNegativeInteger:
                continue
            text = str(o).strip()
            if isinstance(o, RDFLiteral) and o.datatype == XSD.decimal:
                text = re.sub(r"\.0*$", "", text)
            if not isinstance(o, RDFLiteral) or not re.fullmatch(r"\+?[0-9]+", text):
                raise InputError(
                    f"the owl:{name} of {s.n3()} is {o.n3()}, not a non-negative integer"
                )
            number = RDFLiteral(str(int(text)), datatype=XSD.nonNegativeInteger)
            changes.append((s, OWL[name], o, number))
    if not changes:
        return data
    out = new_graph()
    out += data
    for s, p, old, new in changes:
        out.remove((s, p, old))
        out.add((s, p, new))
    return out


def _sync(owlready2: Any, world: Any, reasoner: str, property_values: bool) -> None:
    if reasoner == "hermit":
        owlready2.sync_reasoner_hermit(world, infer_property_values=property_values, debug=0)
    else:
        # Not infer_data_property_values: owlready2 0.49 reads Pellet's data-value lines as
        # class axioms when a literal holds " = " or " - " (as the bundled data's do) and puts
        # junk into the results.
        owlready2.sync_reasoner_pellet(world, infer_property_values=property_values, debug=0)


def _property_values_from_the_other(
    data: Graph,
    reasoner: Literal["hermit", "pellet"],
    vocab: Vocabulary,
    limit: float,
    failed: Exception,
    result: Graph,
    notes: list[str] | None,
) -> None:
    """Add to ``result`` (``reasoner``'s inferences without property values) the property
    values the other DL reasoner infers, or refuse with one line."""
    other: Literal["hermit", "pellet"] = "pellet" if reasoner == "hermit" else "hermit"
    why = str(failed).removeprefix(f"{display_name(reasoner)} rejected the input: ")
    why = re.sub(r'^Exception in thread "[^"]*" ', "", why)
    try:
        theirs = run_owlready(data, other, vocab, limit, retry=False)
    except InputError as exc:
        raise InputError(
            f"{display_name(reasoner)} failed while inferring property values ({why}) and"
            f" {display_name(other)} could not give them ({exc}); --reasoner owlrl reasons without"
            " Java"
        ) from None
    if isinstance(theirs, ReasonerOutcome):  # the two reasoners disagree on consistency
        raise InputError(
            f"{display_name(reasoner)} failed while inferring property values ({why}) and"
            f" {display_name(other)} finds the graph inconsistent where"
            f" {display_name(reasoner)} does not; --reasoner owlrl reasons without Java"
        )
    for s, p, o in theirs:
        if p in vocab.properties:
            result.add((s, p, o))
    if notes is not None:
        notes.append(
            f"{display_name(reasoner)} failed while inferring property values ({why}): it ran again"
            f" without them, and the property values are {display_name(other)}'s"
        )


def _read_inferences(graph: Graph, vocab: Vocabulary, inferred: Graph) -> ReasonerOutcome:
    from rdflib import OWL, RDF, RDFS, Literal, URIRef

    unsatisfiable = frozenset(
        c
        for c in inferred.subjects(OWL.equivalentClass, OWL.Nothing)
        if isinstance(c, URIRef) and c != OWL.Nothing
    )
    subclass_links = [
        (a, b)
        for a, b in inferred.subject_objects(RDFS.subClassOf)
        if isinstance(a, URIRef) and isinstance(b, URIRef)
    ]
    # An inferred equivalence is a subclass link both ways: HermiT gives `C8 owl:equivalentClass
    # C16` where Pellet also states the subclass links it implies (WebOnt-description-logic-205).
    for a, b in inferred.subject_objects(OWL.equivalentClass):
        if isinstance(a, URIRef) and isinstance(b, URIRef) and OWL.Nothing not in (a, b):
            subclass_links += [(a, b), (b, a)]
    types = [
        (s, o)
        for s, o in inferred.subject_objects(RDF.type)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    ]
    candidates: list[tuple[URIRef, URIRef, URIRef | RDFLiteral]] = [
        (s, p, o)
        for s, p, o in inferred
        if isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef | Literal)
    ]
    return ReasonerOutcome(
        consistent=True,
        unsatisfiable=unsatisfiable,
        memberships=new_memberships(graph, vocab, types, subclass_links),
        property_assertions=new_assertions(graph, vocab, candidates),
    )


def _inconsistency_lines(reasoner: str, message: str) -> list[str]:
    """The reasoner's own verdict, without owlready2's wrapping and Java's noise."""
    said = " ".join(line for line in message.splitlines() if "inconsistent" in line.lower())
    said = said.replace("Java error message is:", "").replace("ERROR:", "")
    said = said.split(", run")[0].strip() or "Inconsistent ontology"
    return [f"{display_name(reasoner)}: {said}"]


def _java_failure(reasoner: str, message: str) -> Exception:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("at ") and "Java error" not in line]
    # The exception's line, not a progress line before it (Pellet prints "Classifying 5
    # elements" first on WebOnt-description-logic-905).
    raised = [line for line in lines if "Exception" in line or "Error" in line]
    detail = (raised or lines or ["no message"])[0]
    unavailable = (
        "UnsupportedClassVersionError",
        "Could not create the Java Virtual Machine",
        "OutOfMemoryError",
        "Error occurred during initialization of VM",
    )
    if any(marker in message for marker in unavailable):
        return ReasonerUnavailableError(
            f"{display_name(reasoner)} could not run on this Java ({detail}):"
            f" check the Java runtime or JAVA_MEMORY, or use the Java-free --reasoner owlrl"
        )
    return InputError(f"{display_name(reasoner)} rejected the input: {detail}")


def _pellet_explain(
    data: Graph, tmp: Path, labelled: bool, limit: float = EXPLAIN_TIMEOUT_S
) -> list[str]:
    """The axioms ``pellet explain`` gives for an inconsistency, one per line ([] if it can't)."""
    import owlready2
    import owlready2.reasoning

    source = tmp / "explain.owl"
    try:
        source.write_bytes(data.serialize(format="xml", encoding="utf-8"))
    except Exception:  # rdflib cannot write some predicates as RDF/XML: OWLAPI reads Turtle too
        source = tmp / "explain.ttl"
        source.write_bytes(data.serialize(format="turtle", encoding="utf-8"))
    command = [
        str(owlready2.JAVA_EXE),
        f"-Xmx{JAVA_MEMORY_MB}M",
        "-cp",
        owlready2.reasoning._PELLET_CLASSPATH,
        "pellet.Pellet",
        "explain",
        "--ignore-imports",
        "--inconsistent",
        source.as_uri(),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=min(limit, EXPLAIN_TIMEOUT_S), check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    axioms = parse_pellet_explanation(done.stdout.decode("utf-8", "replace"))
    if not axioms:
        return []
    if labelled:
        return ["Pellet explains it with these axioms:", *axioms]
    return ["these axioms are involved:", *axioms]


def parse_pellet_explanation(text: str) -> list[str]:
    """The axioms of ``pellet explain`` output, each on one line (multi-line axioms joined).

    >>> parse_pellet_explanation('''Axiom: Thing subClassOf Nothing
    ...
    ... Explanation(s):
    ... 1)   x type A
    ...      x type B
    ...      DisjointClasses(A
    ...         B)
    ... ''')
    ['x type A', 'x type B', 'DisjointClasses(A B)']
    >>> parse_pellet_explanation("Consistent: Yes")
    []
    """
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("Explanation(s)"))
    except StopIteration:
        return []
    axioms: list[str] = []
    current = ""
    for raw in lines[start + 1 :]:
        line = re.sub(r"^\s*\d+\)\s+", "", raw).strip()
        if not line:
            continue
        current = f"{current} {line}" if current else line
        if current.count("(") <= current.count(")"):
            axioms.append(" ".join(current.split()))
            current = ""
    if current:
        axioms.append(" ".join(current.split()))
    return axioms


# --------------------------------------------------------------------------------------------
# owlrl
