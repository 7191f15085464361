"""Find the code in an answer, run the question's checks on it and fold them into the rubric's grade."""

from __future__ import annotations

import re
from dataclasses import replace

from cnnquiz.bank.checkspec import PROPERTIES
from cnnquiz.bank.schema import Question
from cnnquiz.checks.run import CheckOutcome, CheckReport, CheckRun
from cnnquiz.progress.rating import suggest
from cnnquiz.quiz.results import GradeResult

FAILED_CHECK_CAP = 0.55    # any check failed: Hard at best
NOTHING_PASSED_CAP = 0.30  # no check passed (the code does not run, or defines nothing): Again
FENCE = re.compile(r"```[ \t]*(?:python|py)?[ \t]*\n(.*?)```", re.S)
CODE_START = re.compile(r"^(?:import |from \S+ import |class |def |@)")
DEFINES = re.compile(r"^\s*(?:(?:class|def)\s+[A-Za-z_]\w*|[A-Za-z_]\w*\s*=\s*lambda\b)", re.M)


def _compiles(text: str) -> bool:
    try:
        compile(text, "answer.py", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def extract_code(answer: str) -> str:
    """The code of an answer: its ```python blocks; else all of it if it compiles; else from the first
    import/class/def line on (prose before the code is dropped); else all of it (to report the syntax error)."""
    blocks = FENCE.findall(answer)
    if blocks:
        return "\n".join(blocks)
    if _compiles(answer):
        return answer
    lines = answer.splitlines()
    for i, line in enumerate(lines):
        if CODE_START.match(line):
            tail = "\n".join(lines[i:])
            if _compiles(tail):
                return "\n" * i + tail  # keep the user's line numbers
            break
    return answer


def has_code(answer: str) -> bool:
    """Whether an answer contains a definition to run (for questions where code is optional)."""
    return bool(FENCE.search(answer) or DEFINES.search(answer))


def combine(result: GradeResult, report: CheckReport, weight: float) -> GradeResult:
    """The rubric's grade with the checks folded in: weight × checks passed + (1 − weight) × rubric score,
    capped at 55 when a check fails and at 30 when none passes."""
    score = weight * report.fraction + (1 - weight) * result.score
    if report.outcomes and report.passed == 0:
        score = min(score, NOTHING_PASSED_CAP)  # code that does not run (or does nothing right): Again
    elif report.passed < len(report.outcomes):
        score = min(score, FAILED_CHECK_CAP)    # code with a bug is not a Good answer, however well explained
    why = f"checks {report.passed} of {len(report.outcomes)} passed"
    if report.error:
        why += f" ({report.error})"
    return replace(result, score=score, suggested=suggest(score), checked=True, checks=report.outcomes,
                   check_error=report.error, check_note=report.note, check_output=report.output,
                   why=why + (f"; {result.why}" if result.why else ""))


def start_checks(question: Question, code: str | None, *, timeout: float | None = None):
    """Start the checks in the background (a CheckRun); a ready CheckReport when there is no code for a
    required check; None when nothing is to be run (no check, or optional code not given)."""
    check = question.check
    if check is None:
        return None
    if not code or not has_code(code):
        if check.optional:
            return None
        error = f"no code: define {' or '.join(check.define[:2])}"
        return CheckReport(tuple(CheckOutcome(name, False, error, PROPERTIES[name]) for name in check.properties),
                           error=error)
    return CheckRun(check, extract_code(code), timeout=timeout)


def finish_checks(question: Question, result: GradeResult, started) -> GradeResult:
    """Wait for what start_checks started and fold it into the rubric's grade."""
    if question.check is None:
        return result
    if started is None:
        return replace(result, checked=True)
    report = started.report() if isinstance(started, CheckRun) else started
    return combine(result, report, question.check.weight)


def grade_with_checks(question: Question, result: GradeResult, code: str | None, *,
                      timeout: float | None = None) -> GradeResult:
    """Run the checks when there is code (always for a required check) and combine; the text grade otherwise."""
    return finish_checks(question, result, start_checks(question, code, timeout=timeout))
