"""RDF in and out without loss: one format table, one reader, canonical writers, one converter.

* :mod:`ecoonto.rdf.formats`: every format ecoonto reads or writes (names, extensions,
  aliases, media types);
* :mod:`ecoonto.rdf.parse`: the one reader (pyoxigraph first, rdflib only where pyoxigraph
  cannot; one error form ``FILE:LINE:COLUMN``);
* :mod:`ecoonto.rdf.write`: canonical, lossless writers;
* :mod:`ecoonto.rdf.terms`: the one rdflib <-> pyoxigraph term converter;
* :mod:`ecoonto.rdf.prefixes`: ecoonto's prefixes and the empty graph that binds them;
* :mod:`ecoonto.rdf.graphs`: rdflib graphs for the modules that work on them (load, merge,
  canonical Turtle, atomic writes), on top of the above.
"""

from __future__ import annotations

from ecoonto.rdf.formats import FORMATS, Format, by_media_type, by_name, for_path
from ecoonto.rdf.parse import ReadAgain, quads, read, read_bytes
from ecoonto.rdf.terms import ToOxigraph, graph_of, rdflib_literal, to_rdflib
from ecoonto.rdf.write import canonical_quads, serialize

__all__ = [
    "FORMATS",
    "Format",
    "ReadAgain",
    "ToOxigraph",
    "by_media_type",
    "by_name",
    "canonical_quads",
    "for_path",
    "graph_of",
    "quads",
    "rdflib_literal",
    "read",
    "read_bytes",
    "serialize",
    "to_rdflib",
]
