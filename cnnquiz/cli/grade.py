"""The `grade` command: grade one typed answer against a question's rubric without touching the schedule."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

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
    question_id: Annotated[
        Optional[str],
        typer.Argument(
            metavar="ID", help="A question id (see `cnnquiz bank list`).", autocompletion=complete_question_id,
            show_default=False,
        ),
    ] = None,
    answer: Annotated[
        Optional[str],
        typer.Option("--answer", "-a", metavar="TEXT", help="Your answer; `-` reads it from stdin."),
    ] = None,
    batch: Annotated[
        Optional[str],
        typer.Option(
            "--batch", metavar="FILE",
            help="Grade JSON Lines of {\"id\", \"answer\"} (`-` = stdin); prints one JSON grade per line, in order.",
        ),
    ] = None,
    code: Annotated[
        Optional[str],
        typer.Option(
            "--code", "-c", metavar="FILE",
            help="Python code to run against the question's checks (`-` = stdin); --answer adds prose for the rubric.",
        ),
    ] = None,
    timeout: Annotated[
        Optional[float],
        typer.Option(
            "--timeout", min=1, max=120, metavar="S",
            help="Wall-clock seconds the code may run (default: the check's, 10).",
        ),
    ] = None,
    hide_answer: Annotated[bool, typer.Option("--hide-answer", help="Do not show the model answer.")] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print JSON: {id, score, matched, missed, suggested_rating, off_topic, points, misconceptions, "
                 "term_list, why} (+ checks with --code).",
        ),
    ] = False,
) -> None:
    """Grade an answer against a question's rubric (the schedule is not touched)."""
    bank = state(ctx).bank()
    from cnnquiz.quiz.grader import Grader

    if batch is not None:
        if question_id is not None or answer is not None or code is not None:
            raise UsageError("--batch reads ids and answers from FILE; give no ID or --answer with it")
        _grade_batch(bank, Grader(bank), batch)
        return
    if question_id is None:
        raise UsageError("give a question ID (see `cnnquiz bank list`), or --batch FILE")
    question = bank.get(question_id)
    if code is not None:
        result = _grade_code(bank, question, code, answer, timeout)
    else:
        text = read_answer(answer)
        result = Grader(bank).grade(question, text)
    if as_json:
        print_json(result.to_json())
        return
    from cnnquiz.render.verdict import render_verdict

    render_verdict(console(), question, result, show_answer=not hide_answer)


def _grade_code(bank, question, name: str, answer: str | None, timeout: float | None):
    """Grade FILE's code: the executed checks, combined with the rubric over the prose (if any) and the code."""
    from cnnquiz.quiz.codegrade import finish_checks, start_checks
    from cnnquiz.quiz.grader import Grader

    if question.check is None:
        raise UsageError(f"question '{question.id}' has no code check; grade it with --answer TEXT "
                         f"(questions with checks: `cnnquiz bank list --topic implementation`)")
    if name == "-":
        if answer == "-":
            raise UsageError("--code - and --answer - cannot both read stdin; put the code in a file")
        source = sys.stdin.read()
    else:
        try:
            with open(name, encoding="utf-8") as handle:
                source = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            why = getattr(exc, "strerror", None) or "not UTF-8 text"
            raise UsageError(f"{name}: cannot read it ({why}); give a Python file, or - for stdin") from None
    prose = read_answer(answer) if answer is not None else ""
    started = start_checks(question, source, timeout=timeout)  # torch loads in the child while the rubric grades
    result = Grader(bank).grade(question, (prose + "\n" + source).strip())
    return finish_checks(question, result, started)


def _grade_batch(bank, grader, name: str) -> None:
    import json

    from cnnquiz.quiz.batch import grade_lines

    if name == "-":
        lines, label = sys.stdin, "<stdin>"
    else:
        try:
            handle = open(name, encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise UsageError(f"{name}: cannot read it ({exc.strerror}); give a JSON Lines file or - for stdin") from None
        lines, label = handle, name
    try:
        for result in grade_lines(bank, grader, label, lines):
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    except UnicodeDecodeError:
        raise UsageError(f"{label}: not UTF-8 text; give a JSON Lines file") from None
    finally:
        if lines is not sys.stdin:
            lines.close()


def register(app: typer.Typer) -> None:
    """Add the grade command to the root app."""
    app.command("grade")(grade)
