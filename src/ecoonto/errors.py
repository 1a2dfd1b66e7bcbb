"""Errors a user can cause or meet, each with the exit code the CLI gives it.

Exit codes (documented in the README and in ``ecoonto --help``):

* 0 success
* 1 the data fails (SHACL violations, an inconsistent ontology)
* 2 bad input or usage (a missing or malformed file, an unknown query, a bad option)
* 3 a store or endpoint failed (refused, timed out, answered with an error)
* 130 interrupted (SIGINT, Ctrl-C): the CLI's top level, :mod:`ecoonto.cli`
"""

from __future__ import annotations

import re
from collections.abc import Callable

EXIT_OK = 0
EXIT_DATA_FAILS = 1
EXIT_BAD_INPUT = 2
EXIT_STORE_FAILED = 3


_MARK = "\x00"
_PARAMETER = re.compile(f"{_MARK}([a-z_]+){_MARK}([^{_MARK}]*){_MARK}")


def parameter(name: str, value: str = "") -> str:
    """A parameter named inside an error message: the library speaks of the parameter
    (``industry=NAME`` from Python), the command line of its option (``--industry NAME``, see
    :meth:`EcoontoError.render`), so that no library message names a command-line flag.

    >>> str(InputError(f"choose one with {parameter('industry', 'NAME')}"))
    'choose one with industry=NAME'
    >>> InputError(f"{parameter('files')} or {parameter('store', 'DIR')}").render(
    ...     lambda name, value: f"--{name} {value}".strip()
    ... )
    '--files or --store DIR'
    """
    return f"{_MARK}{name}{_MARK}{value}{_MARK}"


def _as_python(name: str, value: str) -> str:
    return f"{name}={value}" if value else name


class EcoontoError(Exception):
    """Base class: an error with a one-line message meant for a person.

    >>> EcoontoError("a NUL\\x00 stays visible").message
    'a NUL\\\\x00 stays visible'
    >>> error = EcoontoError("no such file:\\n   x.ttl")
    >>> error.message, error.exit_code
    ('no such file: x.ttl', 2)
    >>> InputError("a.ttl: no such file").message
    'a.ttl: no such file'
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str) -> None:
        # Keep the message on one line, with nothing a terminal would act on: the CLI prints
        # it. The parameters it names (between markers) are written when it is shown.
        pieces = [printable(re.sub(r"\s+", " ", p)) for p in str(message).split(_MARK)]
        self._text = _MARK.join(pieces).strip()
        super().__init__(self.render(_as_python))

    @property
    def message(self) -> str:
        return str(self.args[0])

    def render(self, spell: Callable[[str, str], str]) -> str:
        """The message with each :func:`parameter` written by ``spell(name, value)`` (the
        command line writes its options; the message itself writes ``name=value``)."""
        text = getattr(self, "_text", None) or self.message
        shown = _PARAMETER.sub(lambda m: spell(m.group(1), m.group(2)), text)
        return shown.replace(_MARK, "\\x00")  # a NUL that marks no parameter stays visible


class InputError(EcoontoError):
    """Bad input: a missing, unreadable or malformed file, an unknown name, a bad option.

    >>> InputError("x.ttl: no such file").exit_code == EXIT_BAD_INPUT == 2
    True
    """

    exit_code = EXIT_BAD_INPUT


class DataFailsError(EcoontoError):
    """The data was read but fails a check (violations, inconsistency).

    >>> DataFailsError("3 violations").exit_code == EXIT_DATA_FAILS == 1
    True
    """

    exit_code = EXIT_DATA_FAILS


class StoreError(EcoontoError):
    """A triple store or SPARQL endpoint failed or refused.

    >>> StoreError("http://localhost:7878/query: connection refused").exit_code
    3
    """

    exit_code = EXIT_STORE_FAILED


class ReasonerUnavailableError(InputError):
    """No Java runtime (or no working reasoner) to run HermiT or Pellet.

    It is bad input (the user asked for what this machine cannot do), exit code 2:

    >>> issubclass(ReasonerUnavailableError, InputError), ReasonerUnavailableError("").exit_code
    (True, 2)
    """


class EcoontoWarning(UserWarning):
    """A remark on the input that does not stop the work (e.g. a store without the core
    ontology), given with :func:`warnings.warn`; the command line prints it as ``warning: ...``.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("no core ontology in the store", EcoontoWarning)
    >>> [str(w.message) for w in caught if w.category is EcoontoWarning]
    ['no core ontology in the store']
    """


def one_line(exc: BaseException | str) -> str:
    """An exception's text (or a string) on one line and :func:`printable`; an exception's type
    name if it has none.

    >>> one_line(ValueError("bad\\n  value"))
    'bad value'
    >>> one_line(TimeoutError())
    'TimeoutError'
    >>> one_line("endpoint said:\\n  \\x1b]0;owned\\x07 boom\\x00")
    'endpoint said: \\\\x1b]0;owned\\\\x07 boom\\\\x00'
    """
    text = printable(" ".join(str(exc).split()))
    return text or (type(exc).__name__ if isinstance(exc, BaseException) else "")


def printable(text: str) -> str:
    """``text`` safe to show on a terminal: control characters (escape sequences, NUL, C1),
    bidirectional overrides and zero-width or other invisible format characters are written as
    ``\\xNN`` or ``\\uNNNN``; newlines and tabs are kept; everything else is left as it is.

    >>> print(printable("<http://a/\\u202egnp.exe> \\u200bx \\x1b[2J caf\\u00e9"))
    <http://a/\\u202egnp.exe> \\u200bx \\x1b[2J caf\u00e9
    """
    import unicodedata

    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in "\n\t" or unicodedata.category(ch) not in _HIDDEN:
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


# Control, format (bidi, zero-width), surrogate, private-use and unassigned code points, and
# the line and paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
