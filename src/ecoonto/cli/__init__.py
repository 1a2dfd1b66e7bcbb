"""The ``ecoonto`` command line: a thin layer over the library.

Each command lives in its own module under ``ecoonto.cli`` and imports heavy libraries (rdflib,
pyshacl, owlready2, ...) inside the command body. The group below lists commands from a table
(name, module, one-line help) and imports a command's module only when that command runs, so that
``ecoonto --help`` stays fast.
"""

from __future__ import annotations

import importlib

import click

from ecoonto.cli._common import EXIT_CODES_HELP
from ecoonto.errors import EXIT_BAD_INPUT, printable

EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the flush at exit does not fail again."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's buffer)
        pass


# name -> (module, attribute, one-line help shown by `ecoonto --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "ask": ("ecoonto.cli.ask", "ask", "Answer the page's analysis questions with evidence."),
    "check-profile": (
        "ecoonto.cli.check_profile",
        "check_profile",
        "Say whether the ontology is in OWL 2 DL, EL, QL or RL.",
    ),
    "compare": (
        "ecoonto.cli.compare",
        "compare",
        "Put two industries side by side: sides, archetypes, counterparties, organisations.",
    ),
    "convert": (
        "ecoonto.cli.convert",
        "convert",
        "Convert RDF between Turtle, N-Triples, RDF/XML, JSON-LD, TriG and N-Quads.",
    ),
    "validate": ("ecoonto.cli.validate", "validate", "Check RDF data against the SHACL shapes."),
    "diagram": (
        "ecoonto.cli.diagram",
        "diagram",
        "Draw the ecosystem map (sides, players, organisations) with Graphviz.",
    ),
    "diff": (
        "ecoonto.cli.diff",
        "diff",
        "Say what changed between two versions of an industry (modules or pages).",
    ),
    "docs": (
        "ecoonto.cli.docs",
        "docs",
        "Write HTML reference documentation of the core ontology (pyLODE).",
    ),
    "generate": (
        "ecoonto.cli.generate",
        "generate",
        "Write a synthetic industry on the real ontology (for scale tests and benchmarks).",
    ),
    "import": (
        "ecoonto.cli.import_",
        "import_",
        "Import an industry page (Markdown) or its tables (CSV/TSV) as an industry module.",
    ),
    "industries": (
        "ecoonto.cli.industries",
        "industries",
        "List the industries in the input: label, IRI, short name, players per side.",
    ),
    "load": (
        "ecoonto.cli.load",
        "load",
        "Replace a graph in an embedded store or SPARQL endpoint with RDF files.",
    ),
    "new": (
        "ecoonto.cli.new",
        "new",
        "Write the skeleton page of a new industry, to fill in and import.",
    ),
    "query": ("ecoonto.cli.query", "query", "Run a SPARQL query (a .rq file or a bundled name)."),
    "queries": (
        "ecoonto.cli.catalogue",
        "queries",
        "List the bundled queries and the question each answers.",
    ),
    "report": (
        "ecoonto.cli.report",
        "report",
        "Regenerate the industry page from the graph (Markdown or HTML).",
    ),
    "stats": (
        "ecoonto.cli.stats",
        "stats",
        "Count triples, classes, individuals, players per side, multi-side organisations.",
    ),
    "reason": (
        "ecoonto.cli.reason",
        "reason",
        "Check consistency and list inferences (HermiT, Pellet, OWL RL).",
    ),
}


class LazyGroup(click.Group):
    """A group whose command modules are imported only when a command is run."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        command = getattr(importlib.import_module(target[0]), target[1])
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> object:
        """Run the command. Ctrl-C (SIGINT) ends it with one line and exit 130 (128 + SIGINT),
        not click's exit 1, which would read as "the data fails". A file or folder that cannot
        be written (read-only, disk full) and a standard output that cannot take the output
        (``/dev/full``) end with one line naming it and exit 2; a reader that closed the pipe
        (``| head``) ends it quietly with 141 (128 + SIGPIPE), as a shell shows it."""
        import errno
        import sys

        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full standard output fails here, not at interpreter exit
            return result
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except OSError as exc:
            where = exc.filename
            if where is None:
                _silence_stdout()
                if exc.errno == errno.EPIPE:
                    raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None
                where = "standard output"
            reason = (exc.strerror or type(exc).__name__).lower()
            click.echo(printable(f"error: {where}: cannot write ({reason})"), err=True)
            raise click.exceptions.Exit(EXIT_BAD_INPUT) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    epilog=EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="ecoonto", prog_name="ecoonto")
def cli() -> None:
    """ecoonto: map an industry as an ecosystem of players, positions and sides.

    \b
    Example:
        ecoonto validate
        ecoonto query table-buyer-side
    """
