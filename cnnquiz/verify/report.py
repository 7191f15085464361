"""Verify a bank's claims: check each one, count verdicts, and cache the results the quiz shows as facts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cnnquiz import cache
from cnnquiz.bank.schema import Question
from cnnquiz.verify.claims import Check, Status, check_claim
from cnnquiz.verify.measure import Lab


@dataclass(frozen=True)
class Report:
    """Every checked claim in bank order, and how many got each verdict."""

    checks: tuple[Check, ...]
    questions: int

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(c.status for c in self.checks)
        return {s.value: counts.get(s, 0) for s in Status}

    def to_dict(self) -> dict[str, Any]:
        return {"claims": [c.to_dict() for c in self.checks],
                "summary": {**self.summary, "claims": len(self.checks), "questions": self.questions}}


def verify(questions: Sequence[Question], use_cache: bool = True,
           progress: Callable[[int, int, str], None] | None = None) -> Report:
    """Check every claim of the questions; progress(done, total, subject) is called after each claim."""
    lab = Lab(use_cache=use_cache)
    pairs = [(q, c) for q in questions for c in q.claims]
    checks = []
    for i, (q, claim) in enumerate(pairs, 1):
        check = check_claim(q.id, claim, lab)
        checks.append(check)
        if progress:
            progress(i, len(pairs), check.subject)
    report = Report(tuple(checks), len(questions))
    store(report)
    return report


def store(report: Report) -> None:
    """Merge this run's verdicts into the cached results, one list per question (others are kept)."""
    data = cache.read(cache.RESULTS_KEY)
    results: dict[str, list[dict[str, Any]]] = data if isinstance(data, dict) else {}
    fresh: dict[str, list[dict[str, Any]]] = {}
    for c in report.checks:
        fresh.setdefault(c.question, []).append(c.to_dict())
    results.update(fresh)
    cache.write(cache.RESULTS_KEY, results)

