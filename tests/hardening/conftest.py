"""Fixtures of the hardening tests; the helpers live in ``hardening_support``."""

from __future__ import annotations

from hardening_support import local_server, oxigraph_process

__all__ = ["local_server", "oxigraph_process"]
