"""The bundled queries: they parse and say what they answer, regenerate the page's tables cell for
cell, answer the page's questions as derived by hand, and give the same rows on rdflib and
pyoxigraph. Parameter binding never lets a value escape into the query."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecoonto import targets
from ecoonto.errors import InputError
from ecoonto.products.render import compact_iri
from ecoonto.targets import querying as queries
from ecoonto.targets.results import QueryResult
from tests.pagedata import Page

AIC = "https://w3id.org/ecoonto/data/ai-compute/"
ALL = queries.list_queries()
NAMES = [info.name for info in ALL]

# query name -> (table IRI, number of rows on the page)
TABLES = {
    "table-counterparties": (AIC + "table-counterparties", 5),
    "table-buyer-side": (AIC + "table-buyer-side", 6),
    "table-provider-side": (AIC + "table-provider-side", 6),
    "table-infrastructure-side": (AIC + "table-infrastructure-side", 6),
    "table-boundary-side": (AIC + "table-boundary-side", 5),
    "table-positions-matrix": (AIC + "table-positions-matrix", 6),
    "table-archetype-asymmetries": (AIC + "table-archetype-asymmetries", 5),
}


@pytest.fixture(scope="module")
def rdflib_target(bundled_graph: Any) -> targets.GraphTarget:
    return targets.GraphTarget(bundled_graph)


@pytest.fixture(scope="module")
def oxigraph_target() -> targets.OxigraphMemoryTarget:
    return targets.OxigraphMemoryTarget.bundled()


def run(target: Any, name: str, params: dict[str, str] | None = None) -> QueryResult:
    return queries.run(queries.resolve(name).text(), target, params)


def short(result: QueryResult) -> list[tuple[str, ...]]:
    """Rows as strings, IRIs as prefixed names: the form the expectations below are typed in."""
    from rdflib import URIRef

    return [
        tuple(
            "" if c is None else compact_iri(str(c)) if isinstance(c, URIRef) else str(c)
            for c in row
        )
        for row in result.rows
    ]


# --- every query ----------------------------------------------------------------------------


def test_the_catalogue_holds_every_expected_query() -> None:
    expected = {
        *TABLES,
        "table-columns",
        "q1-invisible-counterparty",
        "q2-energy-binding-constraint",
        "q3-inference-cost-collapse",
        "q4-boundary-archetype-gap",
        "players-by-side",
        "organisations-multi-side",
        "questions",
        "qc/undeclared-term-violation",
        "qc/term-without-label-violation",
        "qc/term-without-definition-violation",
        "qc/individual-label-violation",
    }
    assert expected <= set(NAMES)
    categories = {info.name: info.category for info in ALL}
    assert {n for n, c in categories.items() if c == "table"} == {*TABLES, "table-columns"}
    assert {n for n, c in categories.items() if c == "analysis"} == {
        n for n in NAMES if n.startswith("q") and n[1].isdigit()
    }
    assert all(categories[n] == "qc" for n in NAMES if n.startswith("qc/"))


@pytest.mark.parametrize("info", ALL, ids=NAMES)
def test_query_parses_orders_and_has_its_header(info: queries.QueryInfo) -> None:
    from rdflib.plugins.sparql import prepareQuery

    text = info.text()
    assert text.startswith("# question: ")
    assert info.question and info.returns and info.expect
    assert info.question.endswith("?")
    assert "ORDER BY" in text
    if info.name.startswith("qc/"):
        assert info.name.endswith("-violation")
    prepareQuery(text, initNs={})  # no prefix lent by the graph: every prefix is declared
    targets.OxigraphMemoryTarget().run(text)  # parses and runs on an empty store


@pytest.mark.parametrize("info", ALL, ids=NAMES)
def test_same_rows_from_rdflib_and_pyoxigraph(
    info: queries.QueryInfo, rdflib_target: Any, oxigraph_target: Any
) -> None:
    a = rdflib_target.run(info.text())
    b = oxigraph_target.run(info.text())
    assert a.kind == b.kind == "select"
    assert a.variables == b.variables
    assert a.rows == b.rows


def test_questions_name_existing_queries(oxigraph_target: Any, page: Page) -> None:
    rows = short(run(oxigraph_target, "questions"))
    assert [r[3] for r in rows] == [
        "q1-invisible-counterparty",
        "q2-energy-binding-constraint",
        "q3-inference-cost-collapse",
        "q4-boundary-archetype-gap",
    ]
    assert all(r[3] in NAMES for r in rows)
    assert [r[2] for r in rows] == page.questions
    for r in rows:
        assert queries.resolve(r[3]).question == r[2]


# --- the tables, cell for cell ----------------------------------------------------------------


@pytest.fixture(scope="module")
def headers(oxigraph_target: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    result = run(oxigraph_target, "table-columns")
    for table, _label, column, header in result.rows:
        assert int(str(column)) == len(out[str(table)]) + 1
        out[str(table)].append(str(header))
    return dict(out)


def test_every_table_has_a_query(headers: dict[str, list[str]]) -> None:
    assert set(headers) == {iri for iri, _ in TABLES.values()}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_query_regenerates_the_page(
    name: str, headers: dict[str, list[str]], oxigraph_target: Any, page: Page
) -> None:
    table, rows_on_page = TABLES[name]
    assert headers[table] == page.tables[name][0], f"{name}: headers differ from the page's"
    result = run(oxigraph_target, name)
    assert len(result.variables) == len(headers[table])
    assert len(result.rows) == rows_on_page == len(page.tables[name]) - 1
    assert all(None not in row for row in result.rows), "a cell is missing"
    assert [list(cells) for cells in result.as_strings()] == page.tables[name][1:]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_query_can_be_restricted_to_its_table(name: str, oxigraph_target: Any) -> None:
    table, rows = TABLES[name]
    assert len(run(oxigraph_target, name, {"table": f"<{table}>"}).rows) == rows
    other = AIC + "table-nonexistent"
    assert run(oxigraph_target, name, {"table": f"<{other}>"}).rows == []


# --- the four questions, as derived by hand from the page ------------------------------------


def test_q1_owners_are_the_most_invisible_counterparty(oxigraph_target: Any) -> None:
    result = run(oxigraph_target, "q1-invisible-counterparty")
    assert result.variables == [
        "counterparty",
        "counterpartyLabel",
        "mentions",
        "players",
        "positions",
        "concernedOnly",
        "organisations",
        "visible",
    ]
    assert short(result) == [
        ("eco:Owners", "Owners", "4", "0", "0", "4", "0", "0"),
        ("eco:Customers", "Customers", "4", "4", "0", "0", "0", "4"),
        ("eco:Regulators", "Regulators", "4", "4", "0", "0", "1", "4"),
        ("eco:Employees", "Employees", "6", "0", "4", "1", "0", "4"),
        ("eco:Suppliers", "Suppliers", "4", "6", "0", "0", "6", "6"),
    ]


def test_q2_energy_gains_and_silicon_losses(oxigraph_target: Any, page: Page) -> None:
    result = run(oxigraph_target, "q2-energy-binding-constraint")
    assert result.variables == [
        "stance",
        "side",
        "player",
        "playerLabel",
        "relation",
        "theme",
        "attribute",
        "position",
    ]
    rows = short(result)
    assert [(r[0], r[1], r[2], r[4], r[5]) for r in rows] == [
        ("gains", "Infrastructure", "aic:player-data-centre-reit", "supplies", "aic:theme-cooling"),
        ("gains", "Infrastructure", "aic:player-data-centre-reit", "supplies", "aic:theme-energy"),
        (
            "gains",
            "Infrastructure",
            "aic:player-grid-power-provider",
            "supplies",
            "aic:theme-energy",
        ),
        ("gains", "Infrastructure", "aic:player-liquid-cooling", "supplies", "aic:theme-cooling"),
        (
            "gains",
            "Boundary",
            "aic:player-national-energy-regulator",
            "governs",
            "aic:theme-energy",
        ),
        ("loses", "Providers", "aic:player-nvidia", "supplies", "aic:theme-silicon"),
        ("loses", "Providers", "aic:player-amd", "supplies", "aic:theme-silicon"),
        ("loses", "Providers", "aic:player-google-tpu", "supplies", "aic:theme-silicon"),
        ("loses", "Providers", "aic:player-custom-asic", "supplies", "aic:theme-silicon"),
        (
            "loses",
            "Infrastructure",
            "aic:player-hbm-memory-supplier",
            "supplies",
            "aic:theme-silicon",
        ),
        ("loses", "Boundary", "aic:player-us-bis", "governs", "aic:theme-silicon"),
        ("loses", "Boundary", "aic:player-competition-authority", "governs", "aic:theme-silicon"),
        ("exposed", "Buyers", "aic:player-frontier-ai-lab", "needs", "aic:theme-cooling"),
        ("exposed", "Buyers", "aic:player-frontier-ai-lab", "needs", "aic:theme-energy"),
    ]
    for r in rows:  # the evidence is the player's own table row: its position and attribute cells
        assert any(row[1:3] == [r[7], r[6]] and row[0].startswith(r[3]) for row in page.rows()), r


def test_q3_inference_training_and_the_data_layer(oxigraph_target: Any, page: Page) -> None:
    result = run(oxigraph_target, "q3-inference-cost-collapse")
    assert result.variables == ["theme", "evidence", "side", "item", "who", "text"]
    rows = short(result)
    inf, tra, dat = "aic:theme-inference", "aic:theme-training", "aic:theme-data"
    p, x = "aic:player-", "aic:archetype-"
    assert [r[:5] for r in rows] == [
        (inf, "supplies", "Providers", p + "hyperscaler-ai-cloud", "Hyperscaler AI cloud"),
        (inf, "supplies", "Providers", p + "custom-asic", "Custom ASIC / neuromorphic"),
        (inf, "needs", "Buyers", p + "hyperscaler-ai-team", "Hyperscaler AI team"),
        (inf, "needs", "Buyers", p + "enterprise-ml-team", "Enterprise ML team"),
        (inf, "needs", "Buyers", p + "ai-startup", "AI startup / vertical model builder"),
        (inf, "needs", "Buyers", p + "inference-api-consumer", "Inference API consumer"),
        (inf, "example", "", x + "engineer-example-3", "Engineer"),
        (tra, "supplies", "Providers", p + "hyperscaler-ai-cloud", "Hyperscaler AI cloud"),
        (tra, "supplies", "Providers", p + "specialised-ai-cloud", "Specialised AI cloud"),
        (tra, "supplies", "Infrastructure", p + "mlops-platform", "MLOps platform"),
        (tra, "needs", "Buyers", p + "frontier-ai-lab", "Frontier AI lab"),
        (tra, "needs", "Buyers", p + "enterprise-ml-team", "Enterprise ML team"),
        (tra, "needs", "Buyers", p + "ai-startup", "AI startup / vertical model builder"),
        (
            tra,
            "needs",
            "Buyers",
            p + "research-institution",
            "Research institution / university lab",
        ),
        (tra, "example", "", x + "dreamer-example-1", "Dreamer"),
        (tra, "example", "", x + "dreamer-example-3", "Dreamer"),
        (tra, "example", "", x + "realist-example-2", "Realist"),
        (tra, "example", "", x + "engineer-example-1", "Engineer"),
        (tra, "example", "", x + "engineer-example-2", "Engineer"),
        (tra, "example", "", x + "coach-example-3", "Coach"),
        (tra, "example", "", x + "philosopher-example-1", "Philosopher"),
        (dat, "example", "", x + "engineer-example-2", "Engineer"),
        (dat, "adjacent industry", "", "aic:industry-ai-data", "AI data industry"),
    ]
    assert rows[6][5] == (
        "The ASIC architect who closes the cost-per-token against Nvidia at production scale."
    )
    assert rows[-1][5] == "The data layer that feeds it sits at AI Data Industry Players."
    for r in rows:  # a player's position cell on the page, or a sentence of the page
        if r[1] in ("supplies", "needs"):
            assert any(row[0].startswith(r[4]) and row[1] == r[5] for row in page.rows()), r
        else:
            assert r[5] == page.quotes[r[3].removeprefix("aic:")], r


def test_q4_the_philosopher_is_missing_from_the_boundary(oxigraph_target: Any) -> None:
    result = run(oxigraph_target, "q4-boundary-archetype-gap")
    assert result.variables == [
        "archetype",
        "archetypeLabel",
        "stated",
        "editorial",
        "represented",
        "boundaryEvidence",
    ]
    assert short(result) == [
        ("eco:Philosopher", "Philosopher", "0", "0", "0", "2"),
        ("eco:Dreamer", "Dreamer", "0", "0", "0", "0"),
        ("eco:Engineer", "Engineer", "0", "1", "1", "0"),
        ("eco:Coach", "Coach", "0", "1", "1", "0"),
        ("eco:Realist", "Realist", "0", "3", "3", "2"),
    ]


# --- the other queries --------------------------------------------------------------------------


def test_players_by_side(oxigraph_target: Any) -> None:
    rows = short(run(oxigraph_target, "players-by-side"))
    assert [r[0] for r in rows] == ["Buyers"] * 6 + ["Providers"] * 6 + ["Infrastructure"] * 6 + [
        "Boundary"
    ] * 5
    boundary = [(r[1], r[5], r[6]) for r in rows if r[0] == "Boundary"]
    assert boundary == [
        ("aic:player-us-bis", "", "Realist"),
        ("aic:player-national-energy-regulator", "", "Realist"),
        ("aic:player-competition-authority", "", "Realist"),
        ("aic:player-eu-ai-act-authority", "", "Engineer"),
        ("aic:player-national-ai-strategy-bodies", "", "Coach"),
    ]
    assert ("aic:player-frontier-ai-lab", "Dreamer / Engineer") == (rows[0][1], rows[0][5])


def test_organisations_wearing_hats_on_several_sides(oxigraph_target: Any) -> None:
    rows = short(run(oxigraph_target, "organisations-multi-side"))
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        ("Amazon", "2", "Buyers", "aic:player-hyperscaler-ai-team", "aic:org-amazon"),
        ("Amazon", "2", "Providers", "aic:player-hyperscaler-ai-cloud", "aic:org-aws"),
        ("Google", "2", "Buyers", "aic:player-frontier-ai-lab", "aic:org-deepmind"),
        ("Google", "2", "Buyers", "aic:player-hyperscaler-ai-team", "aic:org-google"),
        ("Google", "2", "Providers", "aic:player-google-tpu", "aic:org-google"),
        ("Google", "2", "Providers", "aic:player-hyperscaler-ai-cloud", "aic:org-gcp"),
        ("Microsoft", "2", "Buyers", "aic:player-hyperscaler-ai-team", "aic:org-microsoft"),
        ("Microsoft", "2", "Providers", "aic:player-hyperscaler-ai-cloud", "aic:org-azure"),
        ("Nvidia", "2", "Providers", "aic:player-nvidia", "aic:org-nvidia"),
        ("Nvidia", "2", "Infrastructure", "aic:player-high-speed-networking", "aic:org-mellanox"),
        ("Nvidia", "2", "Infrastructure", "aic:player-high-speed-networking", "aic:org-nvidia"),
    ]


# --- quality checks ------------------------------------------------------------------------------

QC = [info for info in ALL if info.category == "qc"]

BROKEN = """
@prefix eco: <https://w3id.org/ecoonto/> .
@prefix aic: <https://w3id.org/ecoonto/data/ai-compute/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
aic:player-nvidia eco:typoProperty aic:player-nvdia ; a eco:Playr ; eco:hasArchetype eco:Enginer .
aic:twice a owl:NamedIndividual, eco:Theme ; rdfs:label "one"@en, "two"@en .
aic:nameless a eco:Theme .
eco:UndefinedClass a owl:Class .
"""

# qc query -> the offending rows the broken fixture must produce
CAUGHT = {
    "qc/undeclared-term-violation": {
        ("eco:Enginer", "object"),
        ("eco:Playr", "class"),
        ("eco:typoProperty", "predicate"),
    },
    "qc/undeclared-individual-violation": {("aic:player-nvdia", "eco:typoProperty")},
    "qc/individual-label-violation": {("aic:nameless", "0"), ("aic:twice", "2")},
    "qc/term-without-label-violation": {("eco:UndefinedClass", "owl:Class")},
    "qc/term-without-definition-violation": {("eco:UndefinedClass", "owl:Class")},
}


@pytest.mark.parametrize("info", QC, ids=[i.name for i in QC])
def test_qc_passes_on_the_bundled_graph(info: queries.QueryInfo, oxigraph_target: Any) -> None:
    assert short(oxigraph_target.run(info.text())) == []


@pytest.mark.parametrize("info", QC, ids=[i.name for i in QC])
def test_qc_catches_its_violation(info: queries.QueryInfo, tmp_path: Path) -> None:
    from ecoonto import resources

    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN, encoding="utf-8")
    target = targets.OxigraphMemoryTarget([*resources.bundled_graph_files(), broken])
    assert set(short(target.run(info.text()))) == CAUGHT[info.name]


# --- the catalogue and resolving names --------------------------------------------------------


def test_header_joins_continuation_lines() -> None:
    text = (
        "# question: What is it,\n#           really?\n# returns:  ?x; one row.\n"
        "#   Owners: 4 mentions\n# expect:   nothing.\nPREFIX eco: <x:>\n# question: no\n"
    )
    assert queries.header(text) == {
        "question": "What is it, really?",
        "returns": "?x; one row. Owners: 4 mentions",
        "expect": "nothing.",
    }


def test_resolve_by_name_qc_basename_and_path(tmp_path: Path) -> None:
    assert queries.resolve("table-buyer-side").category == "table"
    assert queries.resolve("table-buyer-side.rq").name == "table-buyer-side"
    assert queries.resolve("undeclared-term-violation").name == "qc/undeclared-term-violation"
    path = tmp_path / "mine.rq"
    path.write_text("# question: Mine?\nSELECT * WHERE { ?s ?p ?o } ORDER BY ?s\n")
    info = queries.resolve(str(path))
    assert (info.name, info.path, info.question, info.category) == ("mine", path, "Mine?", "other")


def test_resolve_unknown_name_suggests_close_ones() -> None:
    with pytest.raises(InputError, match="did you mean table-buyer-side"):
        queries.resolve("table-buyr-side")
    with pytest.raises(InputError, match="unknown query 'zzz'"):
        queries.resolve("zzz")
    with pytest.raises(InputError, match="no such file"):
        queries.resolve("/nowhere/at/all.rq")


def test_syntax_errors_name_their_position(rdflib_target: Any, oxigraph_target: Any) -> None:
    bad = "PREFIX eco: <https://w3id.org/ecoonto/>\nSELECT * WHERE {\n  ?s ?p\n}\n"
    for target in (rdflib_target, oxigraph_target):
        with pytest.raises(InputError, match=r"syntax error at line \d+, column \d+"):
            target.run(bad)
    with pytest.raises(InputError, match="eco"):
        rdflib_target.run("SELECT * WHERE { ?s eco:p ?o }")  # undeclared prefix


def test_ask_and_construct_on_both_engines(rdflib_target: Any, oxigraph_target: Any) -> None:
    ask = "PREFIX eco: <https://w3id.org/ecoonto/>\nASK { ?p a eco:Player }"
    construct = (
        "PREFIX eco: <https://w3id.org/ecoonto/>\n"
        "CONSTRUCT { ?p eco:onSide ?s } WHERE { ?f eco:byPlayer ?p ; eco:ofPosition/eco:onSide ?s }"
    )
    for target in (rdflib_target, oxigraph_target):
        assert target.run(ask).boolean is True
        graph = target.run(construct).graph
        assert graph is not None and len(graph) == 23
    assert set(rdflib_target.run(construct).graph) == set(oxigraph_target.run(construct).graph)  # type: ignore[arg-type]


# --- binding parameters -------------------------------------------------------------------------

NASTY = [
    '" } ; DROP ALL',
    '"} UNION { ?s ?p ?o } #',
    "' } #",
    '""" } """',
    "a\\",
    "\\u0022 } #",
    "\\U0001F600",
    "line\nbreak\r\tand tab",
    "> <http://x> .",
    "?x",
    "",
]


@pytest.mark.parametrize("value", NASTY)
def test_bind_keeps_a_value_a_literal(value: str, rdflib_target: Any) -> None:
    from rdflib.plugins.sparql import prepareQuery

    sparql = "SELECT ?x WHERE { } ORDER BY ?x"
    bound = queries.bind(sparql, {"x": value})
    assert bound.startswith(sparql)
    prepareQuery(bound)
    for target in (rdflib_target, targets.OxigraphMemoryTarget()):
        result = target.run(bound)
        assert result.as_strings() == [(value,)]


TRICKY_TEXT = st.text(alphabet=st.sampled_from(list("\\uU0aF\"'{}#;<> \n\t\rxé")), max_size=16)


@settings(max_examples=200, deadline=None)
@given(TRICKY_TEXT.filter(lambda v: not (v.startswith("<") and v.endswith(">"))))
def test_bind_round_trips_any_text(value: str) -> None:
    from rdflib import Graph

    bound = queries.bind("SELECT ?x WHERE { }", {"x": value})
    for target in (targets.GraphTarget(Graph()), targets.OxigraphMemoryTarget()):
        assert target.run(bound).as_strings() == [(value,)]


def test_bind_iris_and_restriction(oxigraph_target: Any) -> None:
    text = queries.resolve("table-provider-side").text()
    rows = queries.run(text, oxigraph_target, {"player": "Nvidia"}).rows
    assert [str(r[0]) for r in rows] == ["Nvidia"]  # also where ?player comes from an OPTIONAL
    q1 = queries.resolve("q1-invisible-counterparty").text()
    owners = queries.run(q1, oxigraph_target, {"counterparty": "<https://w3id.org/ecoonto/Owners>"})
    assert [str(r[1]) for r in owners.rows] == ["Owners"]
    assert queries.sparql_term("<https://w3id.org/ecoonto/Owners>") == (
        "<https://w3id.org/ecoonto/Owners>"
    )


@pytest.mark.parametrize("value", ["<not an iri>", "<relative/path>", '<http://x/"> .>'])
def test_bind_refuses_a_malformed_iri(value: str) -> None:
    with pytest.raises(InputError, match="not a valid absolute IRI"):
        queries.bind("SELECT ?x WHERE { }", {"x": value})


def test_bind_refuses_bad_names_and_missing_variables() -> None:
    with pytest.raises(InputError, match="no variable"):
        queries.bind("SELECT ?x WHERE { }", {"y": "1"})
    with pytest.raises(InputError, match="variable name"):
        queries.bind("SELECT ?x WHERE { }", {"x }": "1"})
    with pytest.raises(InputError, match="already ends with a VALUES"):
        queries.bind("SELECT ?x WHERE { } VALUES ?x { 1 }", {"x": "1"})
    assert queries.bind("SELECT ?x WHERE { }", {}) == "SELECT ?x WHERE { }"


def test_parse_params() -> None:
    assert queries.parse_params(["a=1", "?b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    for bad in ["novalue", "=1", "a b=1", "1a=2"]:
        with pytest.raises(InputError, match="malformed --param"):
            queries.parse_params([bad])
