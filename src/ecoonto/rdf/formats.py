"""The one table of RDF formats: names, extensions, aliases, media types, parsers.

Every module that needs to know a format (reading files, writing them, ``convert``'s
``--from``/``--to``, an endpoint's answer by media type) asks this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecoonto.errors import InputError


@dataclass(frozen=True)
class Format:
    """One RDF serialisation.

    ``name`` is ecoonto's name for it (also rdflib's), ``label`` the name people use,
    ``oxigraph`` the :class:`pyoxigraph.RdfFormat` attribute, ``datasets`` whether it holds
    named graphs, ``turtle_strings`` whether its string literals follow Turtle's syntax.

    >>> trig = by_name("trig")
    >>> trig.label, trig.extensions, trig.datasets
    ('TriG', ('.trig',), True)
    >>> trig.rdf_format().file_extension
    'trig'
    """

    name: str
    label: str
    extensions: tuple[str, ...]
    aliases: tuple[str, ...]
    media_types: tuple[str, ...]
    oxigraph: str
    datasets: bool = False
    turtle_strings: bool = False

    def rdf_format(self) -> Any:
        """The :class:`pyoxigraph.RdfFormat` for this format."""
        import pyoxigraph as ox

        return getattr(ox.RdfFormat, self.oxigraph)


FORMATS: tuple[Format, ...] = (
    Format(
        "turtle",
        "Turtle",
        (".ttl", ".turtle"),
        ("ttl", "longturtle"),
        ("text/turtle", "application/x-turtle"),
        "TURTLE",
        turtle_strings=True,
    ),
    Format(
        "nt",
        "N-Triples",
        (".nt", ".ntriples"),
        ("ntriples", "n-triples"),
        ("application/n-triples", "text/plain"),
        "N_TRIPLES",
        turtle_strings=True,
    ),
    Format(
        "nquads",
        "N-Quads",
        (".nq", ".nquads"),
        ("nq", "n-quads"),
        ("application/n-quads",),
        "N_QUADS",
        datasets=True,
        turtle_strings=True,
    ),
    Format(
        "trig",
        "TriG",
        (".trig",),
        (),
        ("application/trig",),
        "TRIG",
        datasets=True,
        turtle_strings=True,
    ),
    Format(
        "xml",
        "RDF/XML",
        (".rdf", ".owl", ".xml"),
        ("rdf", "rdfxml", "rdf/xml", "owl"),
        ("application/rdf+xml",),
        "RDF_XML",
    ),
    Format(
        "json-ld",
        "JSON-LD",
        (".jsonld", ".json"),
        ("jsonld", "json"),
        ("application/ld+json",),
        "JSON_LD",
        datasets=True,
    ),
    Format("n3", "N3", (".n3",), (), ("text/n3",), "N3", turtle_strings=True),
)

_BY_NAME = {f.name: f for f in FORMATS} | {a: f for f in FORMATS for a in f.aliases}
_BY_EXTENSION = {ext: f for f in FORMATS for ext in f.extensions}
_BY_MEDIA_TYPE = {m: f for f in FORMATS for m in f.media_types}


def by_name(name: str) -> Format:
    """The format named ``name`` (ecoonto's name or an alias, any case).

    >>> by_name("TTL").name, by_name(" rdf/xml ").name, by_name("jsonld").label
    ('turtle', 'xml', 'JSON-LD')
    >>> by_name("csv")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: unknown RDF format 'csv': use one of turtle, nt, ...
    """
    found = _BY_NAME.get(name.strip().lower())
    if found is None:
        names = ", ".join(f.name for f in FORMATS)
        aliases = ", ".join(sorted(a for f in FORMATS for a in f.aliases))
        raise InputError(f"unknown RDF format '{name}': use one of {names} (or {aliases})")
    return found


def for_path(path: Path, explicit: str | None = None) -> Format:
    """The format of ``path``: ``explicit`` (a name or alias) if given, else by extension.

    >>> for_path(Path("core.TTL")).name, for_path(Path("data.txt"), "nt").name
    ('turtle', 'nt')
    >>> for_path(Path("data.txt"))
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: data.txt: cannot tell the RDF format from the extension '.txt' ...
    """
    if explicit:
        return by_name(explicit)
    found = _BY_EXTENSION.get(Path(path).suffix.lower())
    if found is None:
        raise InputError(
            f"{path}: cannot tell the RDF format from the extension '{Path(path).suffix}'"
            f" (known: {', '.join(sorted(_BY_EXTENSION))})"
        )
    return found


def by_media_type(content_type: str) -> Format | None:
    """The format of an HTTP ``Content-Type`` (parameters ignored), or None.

    >>> by_media_type("text/turtle; charset=utf-8").name
    'turtle'
    >>> by_media_type("text/html") is None
    True
    """
    return _BY_MEDIA_TYPE.get(content_type.split(";")[0].strip().lower())


def extensions() -> dict[str, str]:
    """File extension -> format name, for every known extension.

    >>> known = extensions()
    >>> known[".ttl"], known[".owl"], known[".nq"]
    ('turtle', 'xml', 'nquads')
    """
    return {ext: f.name for ext, f in _BY_EXTENSION.items()}
