"""Author an industry without writing Turtle: import a page or tables, a page skeleton, diff.

* :func:`import_module` reads a Markdown page in the layout ``ecoonto report --format md``
  writes (or a folder of CSV/TSV tables) and returns a validated industry module;
* :func:`~ecoonto.authoring.skeleton.skeleton` writes the page of a new industry to fill in;
* :func:`~ecoonto.authoring.diff.diff` says what changed between two modules.
"""

from ecoonto.authoring.build import Problem
from ecoonto.authoring.importer import Imported, ImportFailed, import_module, problems_tsv

__all__ = ["ImportFailed", "Imported", "Problem", "import_module", "problems_tsv"]
