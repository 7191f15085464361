"""The `bank` command group: list, show, search and check questions, and start a deck of your own."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from cnnquiz.bank.schema import Difficulty
from cnnquiz.cli.common import console, print_json, state
from cnnquiz.cli.complete import complete_question_id, complete_topic

app = typer.Typer(help="Browse and check the question bank.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add the bank group to the root app."""
    root.add_typer(app, name="bank")


@app.command("list")
def list_(
    ctx: typer.Context,
    topic: Annotated[
        Optional[list[str]],
        typer.Option("--topic", "-t", help="Only these topics (repeatable).", autocompletion=complete_topic),
    ] = None,
    source: Annotated[
        Optional[str],
        typer.Option("--source", "-s", help="Only one source document: short name (day12-resnet), file or prefix."),
    ] = None,
    difficulty: Annotated[
        Optional[Difficulty],
        typer.Option("--difficulty", "-d", case_sensitive=False, help="easy, medium or hard."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list instead of a table.")] = False,
) -> None:
    """List questions with their source, topics and difficulty."""
    bank = state(ctx).bank()
    questions = bank.filter(topic or (), source, difficulty)
    if as_json:
        print_json([q.to_dict(full=False) for q in questions])
        return
    from cnnquiz.render.bank import question_table

    question_table(console(), questions, total=len(bank))


@app.command("show")
def show(
    ctx: typer.Context,
    question_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A question id (see `cnnquiz bank list`).", autocompletion=complete_question_id,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole question as JSON.")] = False,
) -> None:
    """Show one question with its model answer, rubric and claims."""
    q = state(ctx).bank().get(question_id)
    if as_json:
        print_json(q.to_dict())
        return
    from cnnquiz.render.bank import question_detail

    question_detail(console(), q)


@app.command("search")
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Words to look for in ids, questions, answers and key points.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many results at most.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: [{id, score, match, question}].")] = False,
) -> None:
    """Find questions ranked by BM25 over ids, questions, answers and key points; exact id or phrase first."""
    from cnnquiz.quiz.search import search_ranked

    ranked = search_ranked(state(ctx).bank(), text, limit)
    if as_json:
        print_json([{"id": q.id, "score": s, "match": how, "question": q.question} for q, s, how in ranked])
        return
    hits = [(q, s) for q, s, _ in ranked]
    from cnnquiz.render.bank import search_table

    search_table(console(), text, hits)


@app.command("check")
def check(
    ctx: typer.Context,
    directory: Annotated[
        Optional[Path],
        typer.Argument(metavar="[DIR]", help="A bank folder or file; default: the bank in use."),
    ] = None,
) -> None:
    """Validate a bank folder: schema, topics, duplicate ids and related ids, with file:line errors."""
    st = state(ctx)
    if directory is None:
        from cnnquiz.bank import load_bank

        bank = load_bank(st.folders(), only_extra=st.only, use_cache=False)  # validate, never trust the cache
        typer.echo(f"ok: {len(bank)} questions in {len(bank.documents())} source documents")
        return
    from cnnquiz.bank.loader import check_folder

    questions = check_folder(directory, alone=st.only)
    typer.echo(f"ok: {len(questions)} questions in {directory}")


@app.command("new")
def new(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The .yaml file to create, e.g. ~/decks/mine.yaml.")],
) -> None:
    """Write a commented template question to FILE (a new .yaml file) to start a deck of your own."""
    import shlex

    from cnnquiz.export.template import write_template

    made = write_template(file)
    folder = shlex.quote(str(made.path.parent))
    typer.echo(f"wrote {made.path} with one example question ({made.question_id}); edit it, then:")
    typer.echo(f"  cnnquiz bank check {folder}              # validate, with file:line errors")
    typer.echo(f"  cnnquiz --bank {folder} practice         # quiz it with the built-in bank")
    typer.echo(f"  cnnquiz --bank {folder} --only practice  # or alone (CNNQUIZ_BANK={folder} saves typing --bank)")
