"""Helpers shared by the command modules: error reporting and exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

from ecoonto.errors import EcoontoError

EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  the data fails (SHACL violations, an inconsistent ontology)
  2  bad input or usage (missing or malformed file, unknown query, bad option)
  3  a store or endpoint failed (refused, timed out, answered with an error)
  130 interrupted (Ctrl-C)
"""

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int) -> None:
    """Print a one-line error to stderr and exit with ``code``."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn :class:`EcoontoError` into a one-line message and its exit code (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except EcoontoError as exc:
            fail(exc.message, exc.exit_code)
            raise  # unreachable: fail() exits

    return wrapper
