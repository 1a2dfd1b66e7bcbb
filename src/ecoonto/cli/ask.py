"""``ecoonto ask``: the page's analysis questions, answered from the graph with evidence."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ecoonto.cli._common import handle_errors

_EXAMPLE = """\b
Example:
    ecoonto ask
    ecoonto ask 4
    ecoonto ask q2 --format md"""


@click.command(epilog=_EXAMPLE)
@click.argument("question", required=False)
@click.option(
    "--data",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Add this RDF file to the bundled graph (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@handle_errors
def ask(question: str | None, data: tuple[Path, ...], fmt: str) -> None:
    """Answer one of the page's analysis questions from the graph.

    Without QUESTION, list the questions. With one (its number, its query name, or a unique
    prefix of either), print a short answer computed from the query results, then the evidence
    rows, then the query that produced them.
    """
    from ecoonto import ask as ask_mod
    from ecoonto import queries
    from ecoonto.format import render, sparql_json

    target = queries.OxigraphMemoryTarget.bundled(list(data))
    available = ask_mod.questions(target)
    if question is None:
        if fmt == "json":
            items = [{"id": q.id, "query": q.query_name, "question": q.text} for q in available]
            click.echo(json.dumps(items, indent=2, ensure_ascii=False))
            return
        for q in available:
            click.echo(f"{q.id}  {q.query_name:<30}  {q.text}")
        return
    chosen = ask_mod.find(question, available)
    result = ask_mod.answer(chosen, target)
    if fmt == "json":
        payload = {
            "id": chosen.id,
            "question": chosen.text,
            "query_name": chosen.query_name,
            "answer": result.sentence,
            "evidence": sparql_json(result.evidence),
            "query": result.query,
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    elif fmt == "md":
        click.echo(f"## {chosen.id}. {chosen.text}\n")
        click.echo(f"**Answer.** {result.sentence}\n")
        click.echo(f"**Evidence** (`ecoonto query {chosen.query_name}`):\n")
        click.echo(render(result.evidence, "md"))
        click.echo(f"<details><summary>Query</summary>\n\n```sparql\n{result.query}```\n</details>")
    else:
        click.echo(f"Q{chosen.id}. {chosen.text}\n")
        click.echo(f"Answer: {result.sentence}\n")
        click.echo("Evidence:")
        click.echo(render(result.evidence, "table"))
        click.echo(f"Query ({chosen.query_name}):")
        click.echo(result.query)
