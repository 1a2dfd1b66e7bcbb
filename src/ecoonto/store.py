"""Transition: the stores and endpoints moved to :mod:`ecoonto.targets` (remove once no caller
is left)."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    import ecoonto.targets as targets
    from ecoonto.targets import embedded, endpoint, http, layouts, pipeline

    for module in (targets, embedded, endpoint, http, layouts, pipeline):
        if hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(name)
