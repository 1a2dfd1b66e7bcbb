"""``ecoonto ask``: the page's analysis questions, answered from the graph with evidence."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ecoonto.cli._common import echo_json, format_option, handle_errors
from ecoonto.cli._targets import inputs

if TYPE_CHECKING:
    from ecoonto.api import Input

_EXAMPLE = """\b
Example:
    ecoonto ask
    ecoonto ask 4
    ecoonto ask q2 --format md
    ecoonto ask 3 examples/specialty-coffee.ttl
    ecoonto ask --store ./kg --industry specialty-coffee"""


@click.command(epilog=_EXAMPLE)
@click.argument("args", nargs=-1, metavar="[QUESTION] [FILES]...")
@inputs(files=False, data=True)
@format_option(["text", "md", "json"], "text", "Output format.")
@handle_errors
def ask(args: tuple[str, ...], given: Input, fmt: str) -> None:
    """Answer one of the page's analysis questions from the graph.

    Without QUESTION, list the questions (of every industry of the input, each numbered within
    its industry). With one (its number, its query name, or a unique prefix of either), print a
    short answer filled in from the evidence rows, then the rows, then the query that produced
    them. Reads FILES (with the core ontology), --store DIR, --endpoint URL, or the bundled
    graph; --industry chooses the industry when the input holds several.
    """
    from dataclasses import replace

    from ecoonto import api
    from ecoonto.errors import InputError
    from ecoonto.products.render import render, sparql_json

    files = tuple(Path(a) for a in args if Path(a).is_file())
    words = [a for a in args if not Path(a).is_file()]
    if len(words) > 1:
        raise InputError(f"give one QUESTION, then FILES: {', '.join(words[1:])} is not a file")
    asked = api.ask(words[0] if words else None, replace(given, files=files))
    chosen, result = asked.question, asked.answer
    if chosen is None or result is None:
        names = asked.industry_names
        if fmt == "json":
            echo_json(
                [
                    {
                        "id": q.id,
                        "industry": names.get(q.industry, q.industry),
                        "query": q.query_name,
                        "question": q.text,
                    }
                    for q in asked.questions
                ]
            )
            return
        several = len({q.industry for q in asked.questions}) > 1
        for q in asked.questions:
            where = f"{names.get(q.industry, q.industry)}  " if several else ""
            click.echo(f"{where}{q.id}  {q.source:<30}  {q.text}")
        return
    if fmt == "json":
        echo_json(
            {
                "id": chosen.id,
                "question": chosen.text,
                "query_name": chosen.query_name,
                "industry": chosen.industry,
                "answer": result.sentence,
                "evidence": sparql_json(result.evidence),
                "query": result.query,
            }
        )
    elif fmt == "md":
        click.echo(f"## {chosen.id}. {chosen.text}\n")
        click.echo(f"**Answer.** {result.sentence}\n")
        where = f"`ecoonto query {chosen.query_name}`" if chosen.query_name else chosen.source
        click.echo(f"**Evidence** ({where}):\n")
        click.echo(render(result.evidence, "md"))
        click.echo(f"<details><summary>Query</summary>\n\n```sparql\n{result.query}```\n</details>")
    else:
        click.echo(f"Q{chosen.id}. {chosen.text}\n")
        click.echo(f"Answer: {result.sentence}\n")
        click.echo("Evidence:")
        click.echo(render(result.evidence, "table"))
        click.echo(f"Query ({chosen.source}):")
        click.echo(result.query)
