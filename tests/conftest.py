"""Shared fixtures: the repository, the source page's hand-derived facts, the bundled graph."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

import tests.profiles  # noqa: F401  (registers and loads the hypothesis profiles, ci by default)
from tests.pagedata import Page, load_page

REPO = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "property: a hypothesis property test (added to each; make explore runs them)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    from hypothesis import is_hypothesis_test

    for item in items:
        if is_hypothesis_test(getattr(item, "obj", None)):
            item.add_marker(pytest.mark.property)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def page() -> Page:
    """The source page's headings, questions, table cells and quoted sentences (tests/data/page)."""
    return load_page()


@pytest.fixture(scope="session")
def bundled_graph():  # type: ignore[no-untyped-def]
    from ecoonto.rdf.graphs import load_bundled

    return load_bundled()


_HOLDER = """
import sys
from pathlib import Path
from ecoonto.targets import EmbeddedStore
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


@pytest.fixture(scope="session")
def example_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with every file the documentation's command lines name, made once per session
    (tests/example_lines.py: PREPARED says how each is made). Tests run in a copy of it."""
    from tests.example_lines import prepare

    folder = tmp_path_factory.mktemp("examples")
    prepare(folder)
    return folder
