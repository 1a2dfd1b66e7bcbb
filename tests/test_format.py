"""Rendering query results: aligned table, CSV, TSV, SPARQL JSON, Markdown, ASK and graphs."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from ecoonto.errors import InputError
from ecoonto.products.render import FORMATS, compact_iri, render, term_text
from ecoonto.targets.results import QueryResult

ECO = "https://w3id.org/ecoonto/"
AIC = "https://w3id.org/ecoonto/data/ai-compute/"
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")

RESULT = QueryResult(
    "select",
    variables=["player", "label", "players", "note"],
    rows=[
        (URIRef(AIC + "player-nvidia"), Literal("Nvidia", lang="en"), Literal(12), None),
        (
            URIRef("http://example.org/a b"),
            Literal('Pipe | and, comma "quoted"\nnew line\ttab'),
            Literal(3),
            BNode("b1"),
        ),
    ],
)


def test_compact_iri_prefers_the_longest_namespace() -> None:
    assert compact_iri(AIC + "player-nvidia") == "aic:player-nvidia"
    assert compact_iri(ECO + "Owners") == "eco:Owners"
    assert compact_iri(ECO + "core/0.1.0") == ECO + "core/0.1.0"  # not a clean local name
    assert compact_iri("http://example.org/x") == "http://example.org/x"
    assert compact_iri(ECO + "x", {"e": ECO}) == "e:x"


def test_term_text() -> None:
    assert term_text(None) == ""
    assert term_text(Literal("Dreamer", lang="en")) == "Dreamer"
    assert term_text(Literal("4", datatype=XSD_INTEGER)) == "4"
    assert term_text(URIRef(ECO + "Owners")) == "eco:Owners"
    assert term_text(URIRef(ECO + "Owners"), compact=False) == ECO + "Owners"
    assert term_text(BNode("x1")) == "_:x1"


def test_table_aligns_columns_and_counts_rows() -> None:
    text = render(RESULT, "table")
    lines = text.splitlines()
    assert lines[0].split() == ["player", "label", "players", "note"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].split()[:3] == ["aic:player-nvidia", "Nvidia", "12"]
    assert "new line tab" in lines[3]  # one line per row
    assert lines[-1] == "(2 rows)"
    # numbers align right under their header
    col = lines[0].index("players")
    assert lines[2][col : col + len("players")] == "     12"
    assert render(QueryResult("select", variables=["x"], rows=[]), "table").endswith("(0 rows)\n")


def test_csv_is_rfc4180_with_full_iris() -> None:
    text = render(RESULT, "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["player", "label", "players", "note"]
    assert rows[1] == [AIC + "player-nvidia", "Nvidia", "12", ""]
    assert rows[2][1] == 'Pipe | and, comma "quoted"\nnew line\ttab'
    assert rows[2][3] == "_:b1"
    assert text.endswith("\r\n")


def test_tsv_escapes_tabs_and_newlines() -> None:
    lines = render(RESULT, "tsv").splitlines()
    assert lines[0] == "player\tlabel\tplayers\tnote"
    assert lines[1] == f"{AIC}player-nvidia\tNvidia\t12\t"
    assert lines[2].split("\t")[1] == 'Pipe | and, comma "quoted"\\nnew line\\ttab'
    assert len(lines) == 3


def test_json_is_sparql_results_json() -> None:
    data = json.loads(render(RESULT, "json"))
    assert data["head"]["vars"] == ["player", "label", "players", "note"]
    first, second = data["results"]["bindings"]
    assert first["player"] == {"type": "uri", "value": AIC + "player-nvidia"}
    assert first["label"] == {"type": "literal", "value": "Nvidia", "xml:lang": "en"}
    assert first["players"] == {"type": "literal", "value": "12", "datatype": str(XSD_INTEGER)}
    assert "note" not in first  # unbound
    assert second["note"] == {"type": "bnode", "value": "b1"}
    assert second["label"] == {
        "type": "literal",
        "value": 'Pipe | and, comma "quoted"\nnew line\ttab',
    }


def test_markdown_escapes_pipes_and_breaks() -> None:
    lines = render(RESULT, "md").splitlines()
    assert lines[0] == "| player | label | players | note |"
    assert lines[1] == "|---|---|---|---|"
    assert lines[2] == "| aic:player-nvidia | Nvidia | 12 |  |"
    assert "Pipe \\| and" in lines[3] and "<br>new line" in lines[3]
    assert len(lines) == 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_ask_prints_true_or_false(fmt: str) -> None:
    yes = render(QueryResult("ask", boolean=True), fmt)
    no = render(QueryResult("ask", boolean=False), fmt)
    if fmt == "json":
        assert json.loads(yes) == {"head": {}, "boolean": True}
        assert json.loads(no)["boolean"] is False
    else:
        assert (yes, no) == ("true\n", "false\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_graph_results_print_turtle(fmt: str) -> None:
    graph = Graph()
    graph.add(
        (URIRef(AIC + "player-nvidia"), URIRef(ECO + "actsOnSide"), URIRef(ECO + "Providers"))
    )
    text = render(QueryResult("graph", graph=graph), fmt)
    parsed = Graph().parse(data=text, format="turtle")
    assert set(parsed) == set(graph)
    assert "aic:player-nvidia" in text


def test_unknown_format_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown format 'xml'"):
        render(RESULT, "xml")
