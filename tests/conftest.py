"""Shared fixtures: the repository's bundled files, the seed page, the bundled graph."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
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


_HOLDER = """
import sys
from pathlib import Path
from ecoonto.store import EmbeddedStore
store = EmbeddedStore(Path(sys.argv[1]))
print("holding", flush=True)
sys.stdin.read()
store.close()
"""


StoreHolder = Callable[[Path], AbstractContextManager[None]]


@pytest.fixture
def store_holder() -> StoreHolder:
    """A context manager: another process opens the embedded store in a directory for writing
    (taking its lock) and holds it until the ``with`` block ends."""
    import contextlib
    import subprocess
    import sys

    @contextlib.contextmanager
    def hold(directory: Path) -> Iterator[None]:
        holder = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(directory)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
            yield
        finally:
            assert holder.stdin is not None
            holder.stdin.close()
            holder.wait(timeout=20)

    return hold
