"""``ecoonto ask``: the page's analysis questions, answered from the graph with evidence."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ecoonto.cli._common import handle_errors
from ecoonto.cli._targets import Input, input_options

_EXAMPLE = """\b
Example:
    ecoonto ask
    ecoonto ask 4
    ecoonto ask q2 --format md
    ecoonto ask 3 examples/specialty-coffee.ttl
    ecoonto ask --store ./kg --industry specialty-coffee"""


@click.command(epilog=_EXAMPLE)
@click.argument("args", nargs=-1, metavar="[QUESTION] [FILES]...")
@input_options
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
def ask(
    args: tuple[str, ...],
    store_dir: Path | None,
    endpoint: str | None,
    layout: str,
    timeout: float,
    graph_iri: str | None,
    industry: str | None,
    data: tuple[Path, ...],
    fmt: str,
) -> None:
    """Answer one of the page's analysis questions from the graph.

    Without QUESTION, list the questions (of every industry of the input, each numbered within
    its industry). With one (its number, its query name, or a unique prefix of either), print a
    short answer filled in from the evidence rows, then the rows, then the query that produced
    them. Reads FILES (with the core ontology), --store DIR, --endpoint URL, or the bundled
    graph; --industry chooses the industry when the input holds several.
    """
    from ecoonto.errors import InputError
    from ecoonto.products import answers as ask_mod
    from ecoonto.products.render import render, sparql_json
    from ecoonto.targets import industries

    files = [Path(a) for a in args if Path(a).is_file()]
    words = [a for a in args if not Path(a).is_file()]
    if len(words) > 1:
        raise InputError(f"give one QUESTION, then FILES: {', '.join(words[1:])} is not a file")
    question = words[0] if words else None
    given = Input(files, data, store_dir, endpoint, layout, timeout, graph_iri, industry)
    with given.open() as target:
        chosen_industry = given.chosen(target)
        if industry is None and chosen_industry is None and question is not None:
            chosen_industry = given.one(target, "the question")
        iri = chosen_industry.iri if chosen_industry is not None else None
        available = ask_mod.questions(target, iri)
        if question is None:
            names = {i.iri: i.name for i in industries.list_industries(target)}
            several = len({q.industry for q in available}) > 1
            if fmt == "json":
                items = [
                    {
                        "id": q.id,
                        "industry": names.get(q.industry, q.industry),
                        "query": q.query_name,
                        "question": q.text,
                    }
                    for q in available
                ]
                click.echo(json.dumps(items, indent=2, ensure_ascii=False))
                return
            for q in available:
                where = f"{names.get(q.industry, q.industry)}  " if several else ""
                click.echo(f"{where}{q.id}  {q.source:<30}  {q.text}")
            return
        chosen = ask_mod.find(question, available)
        result = ask_mod.answer(chosen, target)
    if fmt == "json":
        payload = {
            "id": chosen.id,
            "question": chosen.text,
            "query_name": chosen.query_name,
            "industry": chosen.industry,
            "answer": result.sentence,
            "evidence": sparql_json(result.evidence),
            "query": result.query,
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
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
