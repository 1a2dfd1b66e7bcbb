"""OWL 2 profile check (ecoonto.checking.profile, ``ecoonto check-profile``).

Each profile has an in-profile and an out-of-profile fixture in tests/data/profile/; the
``*-out.expected`` files list each offence (subject: what is wrong: the axiom), every line checked
by hand against https://www.w3.org/TR/owl2-profiles/ (EL, QL, RL grammars) and the OWL 2 DL
global restrictions of https://www.w3.org/TR/owl2-syntax/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import ecoonto
from ecoonto import resources
from ecoonto.checking.profile import check
from ecoonto.cli import cli
from ecoonto.errors import InputError

DATA = Path(__file__).resolve().parent / "data" / "profile"
PROFILES = ["dl", "el", "ql", "rl"]


def _shown(path: Path) -> str:
    """How messages name a file: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


CORE = _shown(resources.core_ontology())


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("profile", PROFILES)
def test_in_profile_fixture_is_in(profile: str) -> None:
    report = check([DATA / f"{profile}-in.ttl"], profile)
    assert report.offences == ()
    assert report.in_profile
    assert report.lines()[-1].startswith(f"in {report.name} (")


@pytest.mark.parametrize("profile", PROFILES)
def test_out_of_profile_fixture_names_each_offence(profile: str) -> None:
    path = DATA / f"{profile}-out.ttl"
    report = check([path], profile)
    assert not report.in_profile
    assert {o.file for o in report.offences} == {_shown(path)}
    got = [o.line(report.curie).split(": ", 1)[1] for o in report.offences]
    assert got == _lines(DATA / f"{profile}-out.expected")


def test_out_of_profile_fixtures_are_dl() -> None:
    """Each EL/QL/RL offence fixture breaks only its profile's grammar: it is OWL 2 DL."""
    for profile in ["el", "ql", "rl"]:
        assert check([DATA / f"{profile}-out.ttl"], "dl").in_profile, profile


def test_dl_in_fixture_is_in_no_tractable_profile() -> None:
    for profile in ["el", "ql", "rl"]:
        assert not check([DATA / "dl-in.ttl"], profile).in_profile, profile


def test_bundled_ontology_is_dl_and_in_no_tractable_profile() -> None:
    """Derived by hand from ontology/core.ttl: not EL (FunctionalObjectProperty, enumerations of
    several individuals, exact cardinalities), not QL (the same, and ObjectHasValue in the
    side-player definitions), not RL: its eight exact cardinalities and the existential on the
    right of SubClassOf, and its four enumerations and one existential in an equivalence
    (tests/data/profile/bundled-rl.expected)."""
    files = resources.bundled_graph_files()
    assert check(files, "dl").in_profile
    el = check(files, "el")
    assert any(o.text == "FunctionalObjectProperty is outside OWL 2 EL" for o in el.offences)
    ql = check(files, "ql")
    assert any("ObjectHasValue" in o.axiom for o in ql.offences)
    rl = check(files, "rl")
    got = [o.line(rl.curie).split(": ", 1)[1] for o in rl.offences]
    assert got == _lines(DATA / "bundled-rl.expected")
    assert {o.file for o in rl.offences} == {CORE}


def test_bundled_dl_agrees_with_the_reasoning_test_check(bundled_graph, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Differential: py-horned-owl on the RDF/XML that tests/test_reasoning.py writes with its
    own code (no rewrite, no leftover check) finds no DL violation either."""
    from tests.test_reasoning import dl_violations

    assert dl_violations(bundled_graph, tmp_path) == []
    assert ecoonto.check_profile().in_profile


def test_all_disjoint_classes_is_checked(tmp_path: Path) -> None:
    """py-horned-owl's reader drops owl:AllDisjointClasses: the check gives it pairwise, so a
    union inside one is seen (outside EL) and named classes in one are fine."""
    head = (
        "@prefix ex: <https://example.org/p/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://example.org/p> a owl:Ontology . ex:A a owl:Class . ex:B a owl:Class ."
        " ex:C a owl:Class .\n"
    )
    union = tmp_path / "union.ttl"
    union.write_text(
        head + "[] a owl:AllDisjointClasses ; owl:members ("
        " [ a owl:Class ; owl:unionOf ( ex:A ex:B ) ] ex:C ) .\n",
        encoding="utf-8",
    )
    report = check([union], "el")
    assert [o.text for o in report.offences] == [
        "DisjointClasses with an ObjectUnionOf, not allowed as a subclass, is outside OWL 2 EL"
    ]
    assert report.offences[0].axiom == "DisjointClasses(ObjectUnionOf(ex:A ex:B) ex:C)"
    assert check([union], "dl").in_profile


def test_undeclared_and_reserved_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "reserved.ttl"
    path.write_text(
        "@prefix ex: <https://example.org/p/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://example.org/p> a owl:Ontology . ex:p a owl:ObjectProperty .\n"
        "ex:p rdfs:subPropertyOf rdf:type .\n",
        encoding="utf-8",
    )
    report = check([path])
    lines = [o.line(report.curie) for o in report.offences]
    assert lines == [
        f"{_shown(path)}: rdf:type: reserved vocabulary used as an object property is outside"
        " OWL 2 DL"
    ]


def test_api_merges_files_with_the_core() -> None:
    report = ecoonto.check_profile(DATA / "el-in.ttl", profile="el")
    assert not report.in_profile  # the core ontology is not EL
    assert {o.file for o in report.offences} == {CORE}
    assert ecoonto.check_profile(DATA / "el-in.ttl", profile="el", with_core=False).in_profile


def test_bad_input() -> None:
    with pytest.raises(InputError, match="unknown profile"):
        check([DATA / "dl-in.ttl"], "sroiq")


# --------------------------------------------------------------------------------------------
# The command


def test_cli_exit_codes_and_lines(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["check-profile"])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("in OWL 2 DL (") and ok.output.count("\n") == 1

    out = runner.invoke(cli, ["check-profile", "--profile", "rl"])
    assert out.exit_code == 1
    lines = out.output.splitlines()
    assert lines[-1].startswith("outside OWL 2 RL: 14 offences (")
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == _lines(DATA / "bundled-rl.expected")

    el = runner.invoke(
        cli, ["check-profile", "--without-core", "--profile", "el", str(DATA / "el-out.ttl")]
    )
    assert el.exit_code == 1
    assert (
        f"{_shown(DATA / 'el-out.ttl')}: ex:Pet: SubClassOf with an ObjectUnionOf on the left is"
        " outside OWL 2 EL: SubClassOf(ObjectUnionOf(ex:Cat ex:Dog) ex:Pet)"
    ) in el.output.splitlines()

    missing = runner.invoke(cli, ["check-profile", str(tmp_path / "nope.ttl")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("ex:a ex:b [ .\n", encoding="utf-8")
    broken = runner.invoke(cli, ["check-profile", str(bad)])
    assert broken.exit_code == 2
    assert f"{bad}:1:" in broken.output
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    none = runner.invoke(cli, ["check-profile", "--without-core", str(empty)])
    assert none.exit_code == 2 and "no triples" in none.output
    unknown = runner.invoke(cli, ["check-profile", "--profile", "sroiq"])
    assert unknown.exit_code == 2


def test_cli_json() -> None:
    result = CliRunner().invoke(
        cli, ["check-profile", "--format", "json", "--without-core", str(DATA / "dl-out.ttl")]
    )
    assert result.exit_code == 1
    body = json.loads(result.output)
    assert body["profile"] == "OWL 2 DL" and body["in_profile"] is False
    assert [o["subject"].rsplit("/", 1)[1] for o in body["offences"]] == [
        "Founder",
        "Human",
        "Orphan",
        "age",
    ]


def test_module_examples_run() -> None:
    import doctest

    from ecoonto.checking import profile

    result = doctest.testmod(profile, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
