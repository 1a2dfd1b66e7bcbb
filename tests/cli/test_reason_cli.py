"""``ecoonto reason``: exit codes, listings, --output, the no-Java message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Namespace

from ecoonto.checking.reasoning import java_available
from ecoonto.cli.reason import reason

DATA = Path(__file__).resolve().parents[1] / "data" / "reasoning"
CONSISTENT = str(DATA / "consistent.ttl")
INCONSISTENT = str(DATA / "inconsistent.ttl")
ECO = Namespace("https://w3id.org/ecoonto/")
TST = Namespace("https://w3id.org/ecoonto/data/test/")


@pytest.fixture(scope="module")
def java() -> None:
    if java_available():
        return
    if os.environ.get("ECOONTO_ALLOW_NO_JAVA") == "1":
        pytest.skip("no Java runtime (ECOONTO_ALLOW_NO_JAVA=1)")
    pytest.fail("no Java runtime for HermiT/Pellet (set ECOONTO_ALLOW_NO_JAVA=1 to skip)")


def test_owlrl_lists_inferences_and_writes_them(tmp_path: Path) -> None:
    out = tmp_path / "inferred.ttl"
    result = CliRunner().invoke(reason, [CONSISTENT, "--reasoner", "owlrl", "--output", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  tst:player-cloud a eco:ProviderSidePlayer" in lines
    assert "  tst:player-watchdog eco:asCounterparty eco:Regulators" in lines
    # memberships: the fixture's 26, and the core's 7 table kinds and 15 claim and relation
    # kinds as SKOS concepts; property assertions: the fixture's 23 and the 4 counterparties the
    # core entails by side (eco:sideCounterparty)
    assert "inferred class memberships (48):" in lines
    assert "inferred property assertions (27):" in lines
    summary = [line for line in lines if line.startswith("consistent (owlrl, ")]
    assert len(summary) == 1
    assert summary[0].endswith(
        "0 unsatisfiable classes, 48 inferred class memberships, 27 inferred property assertions"
    )
    assert lines[-1] == f"wrote 75 inferred triples to {out}"
    written = Graph().parse(out, format="turtle")
    assert len(written) == 75
    assert (TST["position-training"], RDF.type, ECO.ShiftingToAIPosition) in written
    assert (TST["org-acme"], ECO.organisationActsOnSide, ECO.Providers) in written
    text = out.read_text(encoding="utf-8")
    assert text.startswith("PREFIX ")


@pytest.mark.reasoner
@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_java_reasoners_on_the_consistent_fixture(java: None, reasoner: str) -> None:
    result = CliRunner().invoke(reason, [CONSISTENT, "--reasoner", reasoner])
    assert result.exit_code == 0, result.output
    assert "  tst:org-acme a eco:BuyerSideOrganisation" in result.output.splitlines()
    assert "27 inferred property assertions" in result.output


@pytest.mark.reasoner
def test_hermit_is_the_default(java: None) -> None:
    result = CliRunner().invoke(reason, [CONSISTENT])
    assert result.exit_code == 0, result.output
    assert "consistent (HermiT, " in result.output


@pytest.mark.reasoner
@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_inconsistent_exits_1_naming_what_is_involved(
    java: None, reasoner: str, tmp_path: Path
) -> None:
    out = tmp_path / "inferred.ttl"
    result = CliRunner().invoke(reason, [INCONSISTENT, "--reasoner", reasoner, "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "  position-everywhere onSide Buyers" in result.output
    assert "  Functional onSide" in result.output
    assert "individuals involved: " in result.output
    assert "tst:position-everywhere" in result.output
    assert "inconsistent (" in result.output
    assert not out.exists()


def test_owlrl_inconsistent_exits_1() -> None:
    result = CliRunner().invoke(reason, [INCONSISTENT, "--reasoner", "owlrl"])
    assert result.exit_code == 1, result.output
    assert (
        "individuals involved: eco:Buyers, eco:Providers, tst:position-everywhere" in result.output
    )


def test_no_java_exits_2_with_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no java on PATH
    result = CliRunner().invoke(reason, [CONSISTENT, "--reasoner", "pellet"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: no Java runtime found to run Pellet")
    assert "apt-get install default-jre-headless" in lines[0]
    assert "--reasoner owlrl" in lines[0]


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(reason, [str(tmp_path / "nope.ttl"), "--reasoner", "owlrl"])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_unknown_reasoner_is_a_usage_error() -> None:
    result = CliRunner().invoke(reason, [CONSISTENT, "--reasoner", "fact++"])
    assert result.exit_code == 2
    assert "fact++" in result.output


def test_help_ends_with_an_example() -> None:
    result = CliRunner().invoke(reason, ["--help"])
    assert result.exit_code == 0
    assert "Exit 0 consistent, 1 inconsistent, 2" in result.output
    assert result.output.rstrip().splitlines()[-1].strip().startswith("ecoonto reason")


@pytest.mark.reasoner
@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_hybrid_mode_says_what_ran_and_gives_the_same_counts(java: None, reasoner: str) -> None:
    result = CliRunner().invoke(reason, [CONSISTENT, "--reasoner", reasoner, "--mode", "hybrid"])
    assert result.exit_code == 0, result.output
    name = {"hermit": "HermiT", "pellet": "Pellet"}[reasoner]
    summary = result.output.splitlines()[-1]
    assert summary.startswith(f"consistent ({name} on the TBox + OWL RL rules on the ABox, ")
    assert summary.endswith(
        "0 unsatisfiable classes, 48 inferred class memberships, 27 inferred property assertions"
    )


@pytest.mark.reasoner
def test_hybrid_mode_finds_the_inconsistency(java: None) -> None:
    result = CliRunner().invoke(reason, [INCONSISTENT, "--mode", "hybrid"])
    assert result.exit_code == 1, result.output
    assert "  HermiT finds the TBox consistent; the OWL RL rules on the ABox:" in result.output
    assert (
        "individuals involved: eco:Buyers, eco:Providers, tst:position-everywhere" in result.output
    )
    assert "inconsistent (HermiT on the TBox + OWL RL rules on the ABox, " in result.output


def test_hybrid_mode_refused_exits_2_in_one_line() -> None:
    result = CliRunner().invoke(
        reason, [str(DATA / "union-superclass.ttl"), "--reasoner", "pellet", "--mode", "hybrid"]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: --mode hybrid cannot be used on this input: owl:unionOf")
    assert lines[0].endswith("; use --mode full")


def test_owlrl_py_runs_the_owlrl_package() -> None:
    result = CliRunner().invoke(reason, [CONSISTENT, "--reasoner", "owlrl-py"])
    assert result.exit_code == 0, result.output
    assert "consistent (owlrl, the Python package, " in result.output
    assert "48 inferred class memberships, 27 inferred property assertions" in result.output
