"""The package's import structure shows its architecture, read statically with ``ast``.

Every module under src/ecoonto is parsed and every import counts: at the top, inside functions and
under ``TYPE_CHECKING``. ``from ecoonto.x import y`` is an edge to ``ecoonto/x/y.py`` when ``y`` is
a submodule, else to the module ``ecoonto.x`` itself. From that file graph:

* no circle between files (checking/shacl/ has a test of its own: its layers are model, sparql,
  components, shapes, engine);
* no module imports from a layer above its own (the table ``LAYERS``, bottom up);
* no module takes a private name (``_x``) from another module, by ``from m import _x`` or by
  ``m._x`` on an imported module (between two modules of checking/shacl/ too);
* module names are unique across the package (cli/ excepted: its modules are named after their
  command, e.g. cli/report.py for ``ecoonto report``).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "ecoonto"

# Bottom up: a module may import from its own layer and the layers below it. cli may import
# anything; api (and the package's __init__, which re-exports it) anything but cli.
LAYERS: list[tuple[str, ...]] = [
    ("ecoonto.errors", "ecoonto.resources"),
    ("ecoonto.rdf",),
    ("ecoonto.targets",),
    ("ecoonto.checking",),
    ("ecoonto.products",),
    ("ecoonto.authoring",),
    ("ecoonto.api", "ecoonto"),
    ("ecoonto.cli",),
]

SHACL = "ecoonto.checking.shacl"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (a key of MODULES)
    line: int
    name: str | None = None  # the name taken by ``from target import name``, if not a module


def absolute(module: str, node: ast.ImportFrom) -> str:
    """The module an ImportFrom names, relative imports resolved against ``module``."""
    if node.level == 0:
        return node.module or ""
    package = module.split(".")
    if not MODULES[module].name == "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(module: str) -> Iterator[Import]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"), str(MODULES[module]))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = absolute(module, node)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in MODULES:
                    yield Import(module, sub, node.lineno)
                elif base in MODULES:
                    yield Import(module, base, node.lineno, alias.name)


def private_attributes(module: str) -> Iterator[tuple[str, int, str]]:
    """``m._x``, ``m`` bound in ``module`` to another ecoonto module: (target, line, name)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES and alias.asname:
                    bound[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            base = absolute(module, node)
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:
                    bound[alias.asname or alias.name] = f"{base}.{alias.name}"
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and is_private(node.attr)
            and bound[node.value.id] != module
        ):
            yield bound[node.value.id], node.lineno, node.attr


IMPORTS: list[Import] = [i for m in MODULES for i in imports_of(m)]


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for i in IMPORTS:
        if i.target != i.source:
            edges[i.source].add(i.target)
    return edges


def circles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(found)


def describe(component: list[str]) -> str:
    members = set(component)
    ties = sorted(
        {
            f"{MODULES[i.source].relative_to(SRC)}:{i.line} -> {MODULES[i.target].relative_to(SRC)}"
            for i in IMPORTS
            if i.source in members and i.target in members and i.source != i.target
        }
    )
    files = ", ".join(str(MODULES[m].relative_to(SRC)) for m in component)
    return f"circle of {len(component)} files: {files}\n    " + "\n    ".join(ties)


def inside_shacl(component: list[str]) -> bool:
    return all(m == SHACL or m.startswith(SHACL + ".") for m in component)


def test_no_import_circle_between_files() -> None:
    found = [c for c in circles() if not inside_shacl(c)]
    assert not found, "\n".join(describe(c) for c in found)


def test_no_import_circle_inside_shacl() -> None:
    found = [c for c in circles() if inside_shacl(c)]
    assert not found, "\n".join(describe(c) for c in found)


def layer(module: str) -> int:
    best = -1, -1  # (length of the matching prefix, layer)
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                best = max(best, (len(prefix), number))
    assert best[1] >= 0, f"{module} is in no layer: add it to LAYERS"
    return best[1]


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer(module)


def test_no_module_imports_from_a_layer_above_it() -> None:
    upward = sorted(
        f"{MODULES[i.source].relative_to(SRC)}:{i.line} imports {i.target}"
        f" (layer {layer(i.target)} above {layer(i.source)})"
        for i in IMPORTS
        if layer(i.target) > layer(i.source)
    )
    assert not upward, "\n".join(upward)


def private_names_taken() -> list[tuple[str, str, str]]:
    """(importing module, taken-from module, ``FILE:LINE ...``) for each private name taken."""
    taken = [
        (
            i.source,
            i.target,
            f"{MODULES[i.source].relative_to(SRC)}:{i.line} takes {i.name} from {i.target}",
        )
        for i in IMPORTS
        if i.name is not None and is_private(i.name) and i.target != i.source
    ]
    taken += [
        (m, target, f"{MODULES[m].relative_to(SRC)}:{line} uses {target}.{name}")
        for m in MODULES
        for target, line, name in private_attributes(m)
    ]
    return sorted(taken, key=lambda t: t[2])


def test_no_private_name_is_taken_from_another_module() -> None:
    taken = [
        where
        for source, target, where in private_names_taken()
        if not inside_shacl([source, target])
    ]
    assert not taken, "\n".join(taken)


def test_no_private_name_is_taken_inside_shacl() -> None:
    taken = [
        where for source, target, where in private_names_taken() if inside_shacl([source, target])
    ]
    assert not taken, "\n".join(taken)


def test_module_names_are_unique() -> None:
    by_name: dict[str, list[str]] = defaultdict(list)
    for module in MODULES:
        if module == "ecoonto" or module.startswith("ecoonto.cli."):
            continue
        by_name[module.rsplit(".", 1)[-1]].append(module)
    clashes = {name: found for name, found in by_name.items() if len(found) > 1}
    assert not clashes, clashes


def test_the_reader_sees_every_kind_of_import() -> None:
    # The checks above are only as good as the reader: it must see imports inside functions and
    # under TYPE_CHECKING, and resolve a submodule named by ``from package import submodule``.
    edges = graph()
    assert "ecoonto.rdf.graphs" in edges["ecoonto.checking.validation"]  # `from ecoonto.rdf
    # import graphs`, inside a function
    assert "ecoonto.targets.base" in edges["ecoonto.checking.newcomers"]  # under TYPE_CHECKING
    assert "ecoonto.rdf" in edges["ecoonto.rdf.convert"]  # `from ecoonto import rdf`
    assert len(MODULES) > 80
