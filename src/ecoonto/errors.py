"""Errors a user can cause or meet, each with the exit code the CLI gives it.

Exit codes (documented in the README and in ``ecoonto --help``):

* 0 success
* 1 the data fails (SHACL violations, an inconsistent ontology)
* 2 bad input or usage (a missing or malformed file, an unknown query, a bad option)
* 3 a store or endpoint failed (refused, timed out, answered with an error)
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_DATA_FAILS = 1
EXIT_BAD_INPUT = 2
EXIT_STORE_FAILED = 3


class EcoontoError(Exception):
    """Base class: an error with a one-line message meant for a person."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str) -> None:
        # Keep the message on one line: the CLI prints it as is.
        super().__init__(" ".join(str(message).split()))

    @property
    def message(self) -> str:
        return str(self.args[0])


class InputError(EcoontoError):
    """Bad input: a missing, unreadable or malformed file, an unknown name, a bad option."""

    exit_code = EXIT_BAD_INPUT


class DataFailsError(EcoontoError):
    """The data was read but fails a check (violations, inconsistency)."""

    exit_code = EXIT_DATA_FAILS


class StoreError(EcoontoError):
    """A triple store or SPARQL endpoint failed or refused."""

    exit_code = EXIT_STORE_FAILED


class ReasonerUnavailableError(InputError):
    """No Java runtime (or no working reasoner) to run HermiT or Pellet."""


def one_line(exc: BaseException | str) -> str:
    """An exception's text (or a string) on one line; an exception's type name if it has none."""
    text = " ".join(str(exc).split())
    return text or (type(exc).__name__ if isinstance(exc, BaseException) else "")
