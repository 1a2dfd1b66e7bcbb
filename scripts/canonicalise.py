"""Rewrite the bundled Turtle files canonically (sorted, stable prefixes) so diffs stay readable.

Usage: python scripts/canonicalise.py [FILES...]
(default: the bundled ontology/ and shapes/)
"""

from __future__ import annotations

import sys
from pathlib import Path

from ecoonto import resources
from ecoonto.rdf.graphs import canonicalise_files


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [
        *sorted(resources.ontology_dir().rglob("*.ttl")),
        *resources.shape_files(),
    ]
    for path in canonicalise_files(paths):
        print(f"rewrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
