"""The `grade` command: grade one typed answer against a question's rubric without touching the schedule."""

from __future__ import annotations

import sys
from typing import Optional

import typer

from cnnquiz.cli.common import console, print_json, state
from cnnquiz.cli.complete import complete_question_id
from cnnquiz.errors import UsageError


def read_answer(answer: str | None) -> str:
    """The answer text: --answer TEXT, or stdin for `--answer -` (or no --answer with stdin piped)."""
    if answer == "-":
        return sys.stdin.read()
    if answer is None:
        piped = "" if sys.stdin.isatty() else sys.stdin.read()
        if not piped.strip():
            raise UsageError("give the answer with --answer TEXT, or --answer - to read it from stdin")
        return piped
    return answer


def grade(
    ctx: typer.Context,
    question_id: str = typer.Argument(..., metavar="ID", help="A question id (see `cnnquiz bank list`).",
                                     autocompletion=complete_question_id),
    answer: Optional[str] = typer.Option(None, "--answer", "-a", metavar="TEXT",
                                         help="Your answer; `-` reads it from stdin."),
    hide_answer: bool = typer.Option(False, "--hide-answer", help="Do not show the model answer."),
    as_json: bool = typer.Option(False, "--json",
                                 help="Print JSON: {id, score, matched, missed, suggested_rating, off_topic}."),
) -> None:
    """Grade an answer against a question's rubric (the schedule is not touched)."""
    bank = state(ctx).bank()
    question = bank.get(question_id)
    text = read_answer(answer)
    from cnnquiz.quiz.grader import Grader

    result = Grader(bank).grade(question, text)
    if as_json:
        print_json(result.to_json())
        return
    from cnnquiz.render.verdict import render_verdict

    render_verdict(console(), question, result, show_answer=not hide_answer)


def register(app: typer.Typer) -> None:
    """Add the grade command to the root app."""
    app.command("grade")(grade)
