"""Helpers shared by the command modules: error and warning reporting, exit codes, and the
options and output forms several commands share."""

from __future__ import annotations

import functools
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click

from ecoonto.errors import EcoontoError, EcoontoWarning

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
F = TypeVar("F", bound=Callable[..., object])

# Library parameters that the command line spells otherwise than --name.
_ARGUMENTS = {"files": "FILES", "a": "A", "b": "B", "question": "QUESTION"}
_OPTIONS = {"sparql": "QUERY", "format": "--format", "shapes": "--shapes"}


def option(name: str, value: str = "") -> str:
    """How the command line writes the library parameter ``name`` (an error names it with
    :func:`ecoonto.errors.parameter`): ``--industry NAME``, ``FILES``, ``--store``."""
    if name in _ARGUMENTS:
        return _ARGUMENTS[name]
    flag = _OPTIONS.get(name, "--" + name.replace("_", "-"))
    return f"{flag} {value}" if value else flag


def fail(message: str, code: int) -> None:
    """Print a one-line error to stderr and exit with ``code``."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn :class:`EcoontoError` into a one-line message and its exit code (no traceback),
    and print the library's :class:`EcoontoWarning` remarks as ``warning: ...`` lines."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with warnings.catch_warnings():
            warnings.simplefilter("always", EcoontoWarning)
            shown = warnings.showwarning

            def show(
                message: Warning | str,
                category: type[Warning],
                filename: str,
                lineno: int,
                file: Any = None,
                line: str | None = None,
            ) -> None:
                if issubclass(category, EcoontoWarning):
                    click.echo(f"warning: {message}", err=True)
                else:
                    shown(message, category, filename, lineno, file, line)

            warnings.showwarning = show
            try:
                return func(*args, **kwargs)
            except EcoontoError as exc:
                fail(exc.render(option), exc.exit_code)
                raise  # unreachable: fail() exits

    return wrapper


def echo_json(value: object) -> None:
    """Print ``value`` as indented JSON (non-ASCII kept)."""
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def format_option(choices: Sequence[str], default: str | None, help: str) -> Callable[[F], F]:
    """The --format option of a command (``fmt`` in the command's arguments)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=default is not None,
        help=help,
    )


def output_option(help: str, *, metavar: str | None = None) -> Callable[[F], F]:
    """The -o/--output FILE option of a command."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        metavar=metavar,
        help=help,
    )


def check_folder(output: Path | None) -> None:
    """Refuse an --output whose folder does not exist, before any work is done."""
    if output is not None and output.parent and not output.parent.is_dir():
        from ecoonto.errors import InputError

        raise InputError(f"--output {output}: the folder {output.parent} does not exist")


def write_or_echo(output: Path | None, data: str | bytes, fmt: str) -> None:
    """Print ``data``, or write it to ``output`` atomically and say so on stderr."""
    from ecoonto.rdf.graphs import write_atomic

    if output is None:
        click.echo(data.decode("utf-8") if isinstance(data, bytes) else data, nl=False)
        return
    write_atomic(output, data)
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8"))
    click.echo(f"wrote {output} ({fmt}, {size} bytes)", err=True)


def echo_columns(rows: Sequence[Sequence[str]]) -> None:
    """Print rows of cells as left-aligned columns two spaces apart (no trailing blanks)."""
    width = [max(len(r[n]) for r in rows) for n in range(len(rows[0]))] if rows else []
    for row in rows:
        click.echo("  ".join(f"{c:<{width[n]}}" for n, c in enumerate(row)).rstrip())


def choice_option(
    flag: str, choices: Sequence[str], default: str, help: str, *, dest: str | None = None
) -> Callable[[F], F]:
    """An option that takes one of ``choices`` (shown with its default)."""
    names = [flag] if dest is None else [flag, dest]
    return click.option(
        *names, type=click.Choice(list(choices)), default=default, show_default=True, help=help
    )


def value_option(
    flag: str, metavar: str, help: str, *, dest: str | None = None
) -> Callable[[F], F]:
    """An option that takes one string (an IRI, a name, a format)."""
    names = [flag] if dest is None else [flag, dest]
    return click.option(*names, metavar=metavar, help=help)
