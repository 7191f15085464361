"""Grade many answers from JSON Lines: one {"id", "answer"} per line in, one grade per line out, in order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from cnnquiz.errors import CnnquizError, UsageError

if TYPE_CHECKING:
    from cnnquiz.bank import Bank
    from cnnquiz.quiz.grader import GradeResult, Grader


def _entry(bank: Bank, name: str, n: int, line: str) -> tuple[str, str]:
    where = f"{name}:{n}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{where}: not JSON ({exc.msg}); each line is {{\"id\": ID, \"answer\": TEXT}}") from None
    if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not isinstance(row.get("answer"), str):
        raise UsageError(f"{where}: each line is an object {{\"id\": ID, \"answer\": TEXT}} with text values")
    try:
        bank.get(row["id"])
    except CnnquizError as exc:
        raise UsageError(f"{where}: {exc}") from None
    return row["id"], row["answer"]


def grade_lines(bank: Bank, grader: Grader, name: str, lines: Iterable[str]) -> Iterator[GradeResult]:
    """Each line's grade as soon as it is read; a bad line raises UsageError naming `name:line`."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        qid, answer = _entry(bank, name, n, line)
        yield grader.grade(bank.get(qid), answer)
