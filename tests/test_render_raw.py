"""CSV and TSV printed from an embedded store's own terms equal CSV and TSV printed from the rdflib
terms ecoonto makes of them (the path every other target takes).

An answer of the embedded store keeps its pyoxigraph terms (``QueryResult.raw``) and makes rdflib
terms only when ``rows`` is read; ``render`` prints CSV and TSV straight from the raw terms. The
property test draws answers of IRIs, blank nodes and literals of every kind (language-tagged,
numeric, typed, with tabs, newlines, backslashes, quotes, commas and spreadsheet formula starts)
and unbound cells, and compares the two renderings byte for byte.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecoonto.products.render import render
from ecoonto.targets.memory import _converter, oxigraph_result
from ecoonto.targets.results import QueryResult
from tests.profiles import examples

XSD = "http://www.w3.org/2001/XMLSchema#"
# rdflib warns about the odd lexical forms drawn for typed literals (kept as written)
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
DATATYPES = [
    "integer",
    "decimal",
    "double",
    "float",
    "int",
    "long",
    "nonNegativeInteger",
    "string",
    "boolean",
    "date",
    "anyURI",
]
# Characters that matter to CSV, TSV and the formula guard, and some that do not.
ALPHABET = st.sampled_from(list("ab -+=@\"',;\t\n\r\\é€0.5eE") + ["\u202e", "\x00"])
texts = st.one_of(
    st.text(alphabet=ALPHABET, max_size=10),
    # half of them start as a spreadsheet formula would (the CSV guard's case)
    st.tuples(st.sampled_from(list("=+-@\t\r")), st.text(alphabet=ALPHABET, max_size=6)).map(
        "".join
    ),
)
literals = st.one_of(
    texts.map(ox.Literal),
    st.tuples(texts, st.sampled_from(["en", "en-GB", "fr"])).map(
        lambda t: ox.Literal(t[0], language=t[1])
    ),
    st.tuples(texts, st.sampled_from(DATATYPES)).map(
        lambda t: ox.Literal(t[0], datatype=ox.NamedNode(XSD + t[1]))
    ),
)
iris = st.sampled_from(["http://e/a", "http://e/-b", "https://w3id.org/ecoonto/=c", "urn:x:@d"])
cells = st.one_of(
    st.none(), iris.map(ox.NamedNode), st.sampled_from(["b0", "b1"]).map(ox.BlankNode), literals
)
answers = st.integers(min_value=1, max_value=3).flatmap(
    lambda width: st.lists(st.tuples(*[cells] * width), max_size=6).map(lambda rows: (width, rows))
)


def _pair(width: int, rows: list[tuple[object, ...]]) -> tuple[QueryResult, QueryResult]:
    variables = [f"v{i}" for i in range(width)]
    lazy = QueryResult("select", variables, raw=rows, convert=_converter(ox))
    return lazy, QueryResult("select", variables, list(_eager_rows(rows)))


def _eager_rows(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    convert = _converter(ox)
    return [tuple(None if t is None else convert(t) for t in row) for row in rows]


@settings(max_examples=examples(300))
@given(answer=answers)
def test_csv_and_tsv_from_raw_terms_equal_those_from_rdflib_terms(
    answer: tuple[int, list[tuple[object, ...]]],
) -> None:
    width, rows = answer
    lazy, eager = _pair(width, rows)
    for fmt in ("tsv", "csv"):
        assert render(lazy, fmt) == render(eager, fmt), fmt
    assert lazy == eager  # reading rows makes the same rdflib terms


def test_a_store_answer_prints_the_same_both_ways() -> None:
    """The store's answer itself (a repeated term, an unbound cell, a formula-like literal)."""
    store = ox.Store()
    store.load(
        b'<http://e/a> <http://e/p> "=SUM(A1)", "-5"^^<http://www.w3.org/2001/XMLSchema#integer>,'
        b' "tab\\there"@en . <http://e/b> <http://e/p> "x" .',
        format=ox.RdfFormat.TURTLE,
    )
    text = "SELECT ?s ?o ?none WHERE { ?s <http://e/p> ?o } ORDER BY ?s ?o"
    lazy = oxigraph_result(store.query(text))
    assert lazy.raw is not None
    eager = QueryResult("select", lazy.variables, list(oxigraph_result(store.query(text)).rows))
    assert eager.raw is None
    for fmt in ("tsv", "csv"):
        assert render(lazy, fmt) == render(eager, fmt)
    assert render(lazy, "tsv").splitlines()[1:] == [
        "http://e/a\t-5\t",
        "http://e/a\t=SUM(A1)\t",
        "http://e/a\ttab\\there\t",
        "http://e/b\tx\t",
    ]
    assert "'=SUM(A1)" in render(lazy, "csv") and "\r\nhttp://e/a,-5,\r\n" in render(lazy, "csv")


def test_an_rdf_star_term_is_refused_when_the_answer_is_read() -> None:
    from ecoonto.errors import StoreError

    store = ox.Store()
    store.load(b"<http://e/a> <http://e/p> <http://e/b> .", format=ox.RdfFormat.TURTLE)
    with pytest.raises(StoreError, match="RDF-star"):
        oxigraph_result(store.query("SELECT ?t WHERE { ?s ?p ?o BIND(<<( ?s ?p ?o )>> AS ?t) }"))
