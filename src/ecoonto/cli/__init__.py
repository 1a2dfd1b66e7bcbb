"""The ``ecoonto`` command line: a thin layer over the library.

Each command lives in its own module under ``ecoonto.cli`` and imports heavy libraries (rdflib,
pyshacl, owlready2, ...) inside the command body, so that ``ecoonto --help`` stays fast.
"""

from __future__ import annotations

import click

from ecoonto import __version__
from ecoonto.cli._common import EXIT_CODES_HELP

_COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module, function)
    "validate": ("ecoonto.cli.validate", "validate"),
    "query": ("ecoonto.cli.query", "query"),
}


class LazyGroup(click.Group):
    """A group whose commands are imported only when one is run or listed in help."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        import importlib

        module = importlib.import_module(target[0])
        command = getattr(module, target[1])
        assert isinstance(command, click.Command)
        return command


@click.group(
    cls=LazyGroup,
    epilog=EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="ecoonto")
def cli() -> None:
    """ecoonto: map an industry as an ecosystem of players, positions and sides.

    \b
    Example:
        ecoonto validate
        ecoonto query table-buyer-side
    """
