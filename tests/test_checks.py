"""ecoonto.checking.newcomers, run by ``ecoonto validate``: the newcomer mistakes of issue 12 are
caught (an eco: typo, a resource in no industry, an undeclared resource in the module's own
namespace), and the bundled graph and the example pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ecoonto import resources
from ecoonto.checking import newcomers as checks
from ecoonto.cli import cli
from ecoonto.targets import OxigraphMemoryTarget

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "specialty-coffee.ttl"
COF = "https://example.org/ecoonto/specialty-coffee/"
ECO = "https://w3id.org/ecoonto/"


def findings(*paths: Path) -> set[tuple[str, str, str]]:
    target = OxigraphMemoryTarget([resources.core_ontology(), *paths])
    return {(f.shape.rsplit("/", 1)[-1], str(f.focus), str(f.value)) for f in checks.run(target)}


@pytest.mark.parametrize("paths", [[], [EXAMPLE]], ids=["bundled", "example"])
def test_the_bundled_graph_and_the_example_pass(paths: list[Path]) -> None:
    assert findings(*(paths or resources.industry_files())) == set()


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.ttl"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_class_typo_is_caught(tmp_path: Path) -> None:
    path = broken(
        tmp_path,
        "cof:filling-home-brewer a owl:NamedIndividual , eco:Filling ;",
        "cof:filling-home-brewer a owl:NamedIndividual , eco:Fillng ;",
    )
    assert ("DeclaredTermCheck", COF + "filling-home-brewer", ECO + "Fillng") in findings(path)


def test_a_property_typo_is_caught(tmp_path: Path) -> None:
    path = broken(tmp_path, "eco:needs cof:theme-roasting .", "eco:need cof:theme-roasting .")
    assert findings(path) == {
        ("DeclaredTermCheck", COF + "filling-cafe-operator-buyer", ECO + "need")
    }


def test_a_missing_industry_is_caught(tmp_path: Path) -> None:
    path = broken(
        tmp_path,
        '"Home brewer" ; eco:inIndustry cof:industry ;\n    eco:hasArchetype eco:Dreamer',
        '"Home brewer" ;\n    eco:hasArchetype eco:Dreamer',
    )
    assert findings(path) == {
        ("IndustryMembershipCheck", COF + "player-home-brewer", ECO + "Player")
    }


def test_an_undeclared_individual_of_the_module_is_caught(tmp_path: Path) -> None:
    path = broken(
        tmp_path,
        "eco:byPlayer cof:player-home-brewer ;",
        "eco:byPlayer cof:player-home-brewr ;",
    )
    assert ("ModuleNamespaceCheck", COF + "filling-home-brewer", COF + "player-home-brewr") in (
        findings(path)
    )


def test_validate_reports_them_and_fails(tmp_path: Path) -> None:
    path = broken(
        tmp_path,
        "cof:filling-home-brewer a owl:NamedIndividual , eco:Filling ;",
        "cof:filling-home-brewer a owl:NamedIndividual , eco:Fillng ;",
    )
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert "(value eco:Fillng) [ecosh:DeclaredTermCheck]" in result.output
    turtle = CliRunner().invoke(cli, ["validate", str(path), "--format", "turtle"])
    assert "DeclaredTermCheck" in turtle.output and "sh:conforms false" in turtle.output


def test_the_declared_term_check_in_two_steps_gives_its_query_rows(tmp_path: Path) -> None:
    """``run`` finds the DeclaredTermCheck's terms first, then their usages: the rows (in order)
    of its one-query definition ``DECLARED_TERM``, on typos as a predicate, a class, an object
    (and a term used in all three ways), and on the example without typos."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in (
        ("a owl:NamedIndividual , eco:Filling ;", "a owl:NamedIndividual , eco:Fillng ;"),
        ("eco:needs cof:theme-roasting .", "eco:need cof:theme-roasting ."),
        ("eco:hasArchetype eco:Dreamer", "eco:hasArchetype eco:Dreamr"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    typos = tmp_path / "typos.ttl"
    typos.write_text(
        text + "\ncof:x eco:Fillng eco:Fillng .\ncof:y a eco:Fillng ; eco:need eco:need .\n",
        encoding="utf-8",
    )
    for paths in ([typos], [EXAMPLE]):
        target = OxigraphMemoryTarget([resources.core_ontology(), *paths])
        expected = [(str(f), str(v)) for f, v in target.run(checks.DECLARED_TERM).rows]
        got = [
            (str(f.focus), str(f.value))
            for f in checks.run(target)
            if f.shape.endswith("/DeclaredTermCheck")
        ]
        assert got == expected
        assert len(got) == (6 if paths == [typos] else 0)


def test_the_industry_membership_check_gives_the_rows_of_filter_not_exists(tmp_path: Path) -> None:
    """``INDUSTRY_MEMBERSHIP`` removes the members with MINUS: the rows (in order) of the
    check as first written, with FILTER NOT EXISTS, on a player and a position left out."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old in ('"Home brewer" ; eco:inIndustry cof:industry ;', "eco:inIndustry cof:industry"):
        assert old in text
        text = text.replace(old, old.replace("eco:inIndustry cof:industry", ""), 1)
    path = tmp_path / "outside.ttl"
    path.write_text(text.replace(" ; ;", " ;"), encoding="utf-8")
    first = checks.INDUSTRY_MEMBERSHIP.replace("MINUS {", "FILTER NOT EXISTS {")
    assert first != checks.INDUSTRY_MEMBERSHIP
    for paths in ([path], [EXAMPLE]):
        target = OxigraphMemoryTarget([resources.core_ontology(), *paths])
        rows = target.run(checks.INDUSTRY_MEMBERSHIP).rows
        assert rows == target.run(first).rows
        assert len(rows) == (2 if paths == [path] else 0)
