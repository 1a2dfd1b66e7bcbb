"""Check that a built wheel holds every file of the package and its data, and nothing else.

Usage: python scripts/check_wheel_contents.py WHEEL   (run from the repository)

The files are those git tracks (``git ls-files``) under ``src/ecoonto/`` (the package) and under
``ontology/``, ``shapes/`` and ``queries/`` (its data, at the top of the repository); each must be
in the wheel at its place under ``ecoonto/`` (``src/ecoonto/cli/ask.py`` as
``ecoonto/cli/ask.py``, ``ontology/core.ttl`` as ``ecoonto/ontology/core.ttl``), whatever its
type. Exit 0 when the lists agree, 1 with the differences, 2 on bad usage.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

# repository folder -> its place in the installed package (pyproject.toml's package-dir)
MAPPED = {
    "src/ecoonto": "ecoonto",
    "ontology": "ecoonto/ontology",
    "shapes": "ecoonto/shapes",
    "queries": "ecoonto/queries",
}


def tracked_files() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", *MAPPED], capture_output=True, check=True
    ).stdout.decode("utf-8")
    wanted: set[str] = set()
    for name in filter(None, listed.split("\0")):
        for folder, place in MAPPED.items():
            if name.startswith(folder + "/"):
                wanted.add(place + name[len(folder) :])
                break
    return wanted


def wheel_files(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return {name for name in z.namelist() if name.startswith("ecoonto/")}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    wheel = Path(argv[0])
    want, have = tracked_files(), wheel_files(wheel)
    missing, extra = sorted(want - have), sorted(have - want)
    for name in missing:
        print(f"check-wheel: {wheel.name} lacks {name}", file=sys.stderr)
    for name in extra:
        print(f"check-wheel: {wheel.name} has {name}, which git does not track", file=sys.stderr)
    if missing or extra:
        return 1
    data = sorted({Path(n).suffix for n in want if not n.endswith(".py")})
    print(f"check-wheel: {len(want)} files, as git tracks them (data: {' '.join(data)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
