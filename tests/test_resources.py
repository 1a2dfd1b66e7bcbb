"""ecoonto.resources: the bundled files are package data, found inside the installed package;
ECOONTO_HOME replaces the whole set. (scripts/check-package.sh checks the same from a wheel.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import ecoonto
from ecoonto import resources


def test_home_is_the_checkout_in_an_editable_install(monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests run on the source tree (an editable install or PYTHONPATH=src): the data is read
    # from the top of the checkout, where ontology/, shapes/ and queries/ are the one copy (the
    # wheel's case, the package's own folders, is checked by scripts/check-package.sh).
    monkeypatch.delenv("ECOONTO_HOME", raising=False)
    checkout = Path(ecoonto.__file__).resolve().parents[2]
    assert resources.home().resolve() == checkout
    assert not (checkout / "src" / "ecoonto" / "ontology").exists()
    assert resources.core_ontology().is_file()
    assert [p.name for p in resources.industry_files()] == ["ai-compute.ttl"]
    assert resources.shape_files() and all(p.suffix == ".ttl" for p in resources.shape_files())
    assert (resources.queries_dir() / "q1-invisible-counterparty.rq").is_file()


def test_ecoonto_home_replaces_every_bundled_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ECOONTO_HOME", raising=False)
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(resources.home() / name, tmp_path / name)
    (tmp_path / "ontology" / "industries" / "ai-compute.ttl").rename(
        tmp_path / "ontology" / "industries" / "other.ttl"
    )
    monkeypatch.setenv("ECOONTO_HOME", str(tmp_path))
    assert resources.home() == tmp_path
    assert resources.bundled_graph_files() == [
        tmp_path / "ontology" / "core.ttl",
        tmp_path / "ontology" / "industries" / "other.ttl",
    ]
    assert resources.shape_files()[0].parent == tmp_path / "shapes"
