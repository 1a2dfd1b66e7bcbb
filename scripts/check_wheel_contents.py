"""Check that a built wheel holds every file of the package's source tree, and nothing else.

Usage: python scripts/check_wheel_contents.py WHEEL [SRC]   (SRC default: src/ecoonto)

Every file under SRC (except __pycache__/ and compiled .pyc) must be in the wheel at the same
place under ``ecoonto/``, whatever its type: modules, the ontology, industry modules, shapes,
queries and any data folder added later. Exit 0 when the lists agree, 1 with the differences.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path


def source_files(src: Path) -> set[str]:
    package = src.name
    return {
        f"{package}/{path.relative_to(src).as_posix()}"
        for path in src.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.suffix not in (".pyc", ".pyo")
    }


def wheel_files(wheel: Path, package: str) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return {name for name in z.namelist() if name.startswith(f"{package}/")}


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    wheel = Path(argv[0])
    src = Path(argv[1]) if len(argv) > 1 else Path("src/ecoonto")
    want, have = source_files(src), wheel_files(wheel, src.name)
    missing, extra = sorted(want - have), sorted(have - want)
    for name in missing:
        print(f"check-wheel: {wheel.name} lacks {name}", file=sys.stderr)
    for name in extra:
        print(f"check-wheel: {wheel.name} has {name}, which is not in {src}", file=sys.stderr)
    if missing or extra:
        return 1
    data = sorted({Path(n).suffix for n in want if not n.endswith(".py")})
    print(f"check-wheel: {len(want)} files, as in {src} (data: {' '.join(data)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
