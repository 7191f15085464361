"""`practice --mode mock`: a timed interview with a live countdown, graded silently, reported at the end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cnnquiz.cli import prompt
from cnnquiz.cli.prompt import Ended, TimeUp, read_answer

if TYPE_CHECKING:
    from rich.console import Console

    from cnnquiz.bank import Question
    from cnnquiz.quiz.session import Session


def answer_in_time(con: Console, q: Question, end: float, as_json: bool) -> tuple[str, str | None]:
    """The answer (or `s`) typed before `end`; `?` only reminds that answers come in the report.

    Raises TimeUp when the time runs out before the answer is finished (an editor answer included).
    """
    from cnnquiz.cli.answering import edit_answer

    commands = ("s", "?", "e") if q.check is not None else ("s", "?")
    while True:
        answer, command = read_answer(con, commands, deadline=end, prompt_to_console=as_json, code=q.check is not None)
        if command == "e":
            answer, command = edit_answer(con, q), None
            if not answer:
                continue
            if prompt.clock() > end:
                raise TimeUp
        if command != "?":
            return answer, command
        con.print("Answers and grades come in the report at the end.", style="dim")


def run_mock(con: Console, session: Session, as_json: bool = False) -> None:
    """A timed interview: answers are graded silently and logged; the report comes at the end.

    An answer finished after the time limit is not graded and the report marks it late.
    """
    from cnnquiz.cli.answering import grade_waiting
    from cnnquiz.quiz.session import Attempt
    from cnnquiz.render import practice as render

    end = prompt.clock() + session.opts.minutes * 60
    questions = session.questions
    try:
        for index, q in enumerate(questions, 1):
            left = end - prompt.clock()
            if left <= 0:
                con.print("Time is up.", style="bold")
                break
            render.question_panel(con, q, index, len(questions), "mock", remaining=left)
            from cnnquiz.quiz.semantic import start_loading

            start_loading()
            render.answer_help(con, flashcards=False, mock=True)
            start = prompt.clock()
            try:
                answer, command = answer_in_time(con, q, end, as_json)
            except TimeUp:
                con.print()
                con.print("Time is up: this answer came after the limit and is not graded.", style="bold")
                session.skip(Attempt(q, "", seconds=prompt.clock() - start, late=True))
                break
            attempt = Attempt(q, answer, seconds=prompt.clock() - start)
            if command == "s":
                session.skip(attempt)
                continue
            attempt.grade = grade_waiting(con, session, q, answer)
            session.rate(attempt, attempt.grade.suggested)
    except (Ended, KeyboardInterrupt):
        con.print()
    report = session.mock_report()
    if as_json:
        from cnnquiz.cli.common import print_json

        print_json(report.to_json())
        return
    render.mock_report(con, report)
