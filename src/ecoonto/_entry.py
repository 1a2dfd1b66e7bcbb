"""Modules that are also entry points: ``ecoonto.report(...)`` and ``ecoonto.stats(...)``.

``ecoonto.report`` and ``ecoonto.stats`` are modules (``from ecoonto import report`` keeps
giving the module, with ``report.markdown`` and the rest) and the library entry points of the
same names (:func:`ecoonto.api.report`, :func:`ecoonto.api.stats`): calling the module calls its
entry point. A package attribute cannot be both a module and a function, because importing the
submodule sets the attribute to the module; a module whose class has ``__call__`` is both.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class EntryModule(types.ModuleType):
    """A module that, called, runs the :mod:`ecoonto.api` function named by ``__entry__``."""

    __entry__: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from ecoonto import api

        return getattr(api, self.__entry__)(*args, **kwargs)


def make_callable(module_name: str, entry: str) -> None:
    """Make the module ``module_name`` callable as ``ecoonto.api.<entry>``."""
    module = sys.modules[module_name]
    module.__class__ = EntryModule
    module.__entry__ = entry  # type: ignore[attr-defined]
