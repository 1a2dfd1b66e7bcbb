"""Shared fixtures: the repository's bundled files, the seed page, the bundled graph."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_NAME = "000_cc9426dcba6a1d1f.txt"


def seed_path() -> Path:
    env = os.environ.get("ECOONTO_SEED")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "seeds" / SEED_NAME


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The AI compute seed page, read-only input for hand-derived expectations."""
    path = seed_path()
    if not path.exists():
        pytest.fail(f"seed page not found at {path}: set ECOONTO_SEED")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_lines(seed_text: str) -> list[str]:
    return [line.strip() for line in seed_text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def bundled_graph():  # type: ignore[no-untyped-def]
    from ecoonto.graphs import load_bundled

    return load_bundled()
