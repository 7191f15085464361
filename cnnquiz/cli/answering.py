"""One answer's way to its verdict, shared by practice and the mock interview: $EDITOR for code, grading with a spinner."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from cnnquiz.bank.schema import Question
    from cnnquiz.quiz.session import Session


def edit_answer(con: Console, q: Question) -> str:
    """The code written in $EDITOR from the template; "" (with a note) when cancelled or the editor fails."""
    from cnnquiz.checks.editor import edit_code
    from cnnquiz.errors import CnnquizError
    from cnnquiz.render.safe import clean

    try:
        code = edit_code(q)
    except CnnquizError as exc:
        con.print(str(exc), style="yellow", markup=False)
        return ""
    if not code.strip():
        con.print("nothing written; answer at the prompt or press e again", style="dim")
        return ""
    con.print(clean(code.rstrip()), markup=False, highlight=False)
    return code


def grade_waiting(con: Console, session: Session, q: Question, answer: str):
    """Grade the answer (then run its code checks, if any); wait with a spinner while the model loads."""
    from cnnquiz.quiz.semantic import model_ready

    started = None
    if q.check is not None:
        from cnnquiz.quiz.codegrade import start_checks

        started = start_checks(q, answer)  # the code runs in its own process while the rubric grades
    if model_ready():
        result = session.grade(q, answer)
    else:
        with con.status("loading the grader's model…", spinner="dots"):
            result = session.grade(q, answer)
    if q.check is None:
        return result
    from cnnquiz.quiz.codegrade import finish_checks

    if started is None:
        return finish_checks(q, result, None)
    with con.status("running your code against the checks…", spinner="dots"):
        return finish_checks(q, result, started)
