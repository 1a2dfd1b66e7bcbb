"""Convert RDF between Turtle, N-Triples, RDF/XML, JSON-LD, N3, TriG and N-Quads.

The formats are named by file extension or explicitly (:data:`ecoonto.graphs.FORMATS`, plus a
few common spellings such as ``ttl`` or ``rdfxml``). The whole input is parsed and the whole
output serialised before anything is written; the output file is then replaced in one rename
(:func:`ecoonto.graphs.write_atomic`), so a failed conversion leaves an existing output as it
was. Turtle output is canonical (:func:`ecoonto.graphs.canonical_turtle`), and N-Triples and
N-Quads lines are sorted, so converting the same graph twice gives the same text.

TriG and N-Quads hold named graphs. Converting them to a triple format keeps the triples of the
default graph and refuses input whose named graphs hold triples (they would be lost); a triple
format converted to TriG or N-Quads puts every triple in the default graph.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ecoonto.errors import InputError

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

QUAD_FORMATS = frozenset({"trig", "nquads"})

# Other spellings accepted for --from/--to; the values are rdflib format names.
ALIASES: dict[str, str] = {
    "ttl": "turtle",
    "longturtle": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "nq": "nquads",
    "n-quads": "nquads",
    "rdf": "xml",
    "rdfxml": "xml",
    "rdf/xml": "xml",
    "owl": "xml",
    "jsonld": "json-ld",
    "json": "json-ld",
}


@dataclass(frozen=True)
class Conversion:
    """What :func:`convert` did: formats (rdflib names), triples written, named graphs kept."""

    source: Path
    target: Path
    from_format: str
    to_format: str
    triples: int
    named_graphs: int


def format_name(path: Path, explicit: str | None = None) -> str:
    """The rdflib format for ``path``: ``explicit`` (a name or an alias) or by extension."""
    from ecoonto.graphs import FORMATS, format_for

    if explicit:
        key = explicit.strip().lower()
        name = ALIASES.get(key, key)
        known = set(FORMATS.values())
        if name not in known:
            raise InputError(
                f"unknown RDF format '{explicit}': use one of {', '.join(sorted(known))}"
                f" (or {', '.join(sorted(ALIASES))})"
            )
        return name
    return format_for(path)


def read(path: Path, fmt: str) -> Dataset:
    """Parse ``path`` (all or nothing) into a dataset; triple formats fill its default graph."""
    from rdflib import Dataset

    from ecoonto import graphs

    dataset = Dataset()
    if fmt not in QUAD_FORMATS:
        graph = graphs.load([path], fmt)
        for prefix, ns in graph.namespaces():
            dataset.bind(prefix, ns, override=True, replace=True)
        default = dataset.default_graph
        for triple in graph:
            default.add(triple)
        return dataset
    path = Path(path)
    data = graphs.read_utf8(path)
    for prefix, iri in graphs.PREFIXES.items():
        dataset.bind(prefix, iri, override=True, replace=True)
    graphs.check_syntax(path, data, fmt, path.resolve().as_uri())
    try:
        with warnings.catch_warnings():  # rdflib's quad parsers use its own deprecated API
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types; all are bad input here
        raise InputError(f"{path}: {_one_line(exc)}") from None
    return dataset


def named_graphs(dataset: Dataset) -> list[Graph]:
    """The named graphs of ``dataset`` that hold triples."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    return [g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g) > 0]


def serialise(dataset: Dataset, fmt: str, source: Path | None = None) -> str:
    """``dataset`` as text in ``fmt``; a triple format takes the default graph only."""
    from ecoonto import graphs

    if fmt in QUAD_FORMATS:
        text = dataset.serialize(format=fmt)
        return _sorted_lines(text) if fmt == "nquads" else text
    extra = named_graphs(dataset)
    if extra:
        names = ", ".join(sorted(f"<{g.identifier}>" for g in extra)[:3])
        where = f"{source}: " if source is not None else ""
        raise InputError(
            f"{where}holds {len(extra)} named graph{'s' if len(extra) != 1 else ''} ({names}) "
            f"that {fmt} cannot keep: convert to trig or nquads"
        )
    graph = graphs.new_graph()
    for prefix, ns in dataset.namespaces():
        if prefix and prefix not in graphs.PREFIXES:
            graph.bind(prefix, ns, override=False)
    for triple in dataset.default_graph:
        graph.add(triple)
    if fmt == "turtle":
        return graphs.canonical_turtle(graph)
    if fmt == "nt":
        return _sorted_lines(graph.serialize(format="nt"))
    if fmt == "json-ld":
        return graph.serialize(format="json-ld", indent=2) + "\n"
    return graph.serialize(format=fmt)


def _sorted_lines(text: str) -> str:
    # rdflib writes a default-graph quad as "s p o  ." (an empty graph term): one space is enough.
    lines = sorted(
        line[:-3] + " ." if line.endswith("  .") else line
        for line in text.splitlines()
        if line.strip()
    )
    return "\n".join(lines) + ("\n" if lines else "")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def convert(
    source: Path,
    target: Path,
    from_format: str | None = None,
    to_format: str | None = None,
) -> Conversion:
    """Convert ``source`` to ``target``; formats by extension unless given.

    Raises :class:`InputError` for an unknown format, a missing or malformed input, an output
    that is the input or cannot be written there; ``target`` is then left as it was.
    """
    from ecoonto.graphs import write_atomic

    source, target = Path(source), Path(target)
    fmt_in = format_name(source, from_format)
    fmt_out = format_name(target, to_format)
    if _same_file(source, target):
        raise InputError(f"{target}: is the input file: write the conversion to another file")
    if target.is_dir():
        raise InputError(f"{target}: is a directory: give an output file name")
    parent = target.parent
    if not parent.is_dir():
        raise InputError(f"{target}: the folder {parent} does not exist")
    dataset = read(source, fmt_in)
    try:
        text = serialise(dataset, fmt_out, source)
    except InputError:
        raise
    except Exception as exc:  # e.g. an IRI RDF/XML cannot write as an element name
        raise InputError(f"{source}: cannot write as {fmt_out}: {_one_line(exc)}") from None
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise InputError(f"{target}: cannot write ({exc.strerror or _one_line(exc)})") from None
    kept = named_graphs(dataset) if fmt_out in QUAD_FORMATS else []
    if fmt_out in QUAD_FORMATS:
        triples = len(dataset.default_graph) + sum(len(g) for g in kept)
    else:
        triples = len(dataset.default_graph)
    return Conversion(source, target, fmt_in, fmt_out, triples, len(kept))
