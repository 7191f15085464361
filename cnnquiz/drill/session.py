"""Drill progress in the quiz store: one FSRS card per kind (`drill:<kind>`), reviews, due drills, accuracy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cnnquiz.drill.problem import Problem
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.scheduler import utcnow

if TYPE_CHECKING:
    from cnnquiz.drill.grading import Verdict
    from cnnquiz.progress.scheduler import Srs
    from cnnquiz.progress.store import Store

DRILL_MODE = "drill"


@dataclass(frozen=True)
class Recorded:
    """What one drill answer did to its card: the rating, whether it moved the schedule, the next due time."""

    rating: Rating
    scheduled: bool
    due_after: datetime | None


def record(store: Store, problem: Problem, verdict: Verdict | None, answer: str, seconds: float, *,
           mode: str = DRILL_MODE, srs: Srs | None = None, now: datetime | None = None) -> Recorded:
    """Log one answer (verdict None = gave up) on the kind's card: Good if right, Again if not.

    The schedule moves only when the card is new or due, as in any spaced-repetition review; extra
    problems of a kind in the same sitting are logged (they count for accuracy) without rescheduling.
    """
    now = now or utcnow()
    cid = problem.card_id
    before = store.get_card(cid)
    scheduled = before is None or before.due <= now
    rating = Rating.GOOD if verdict is not None and verdict.correct else Rating.AGAIN
    store.record_review(cid, rating, verdict.score if verdict else 0.0, answer, round(seconds, 2), mode=mode,
                        schedule=scheduled, srs=srs, now=now)
    after = store.get_card(cid)
    return Recorded(rating, scheduled, after.due if after else None)


@dataclass
class Result:
    """One problem as the user met it: the answer typed, its verdict (None if given up or skipped)."""

    problem: Problem
    answer: str = ""
    verdict: Verdict | None = None
    seconds: float = 0.0
    skipped: bool = False
    recorded: Recorded | None = None


@dataclass
class DrillSummary:
    """Per-kind correct/answered counts of one sitting."""

    results: list[Result] = field(default_factory=list)

    @property
    def answered(self) -> list[Result]:
        return [r for r in self.results if not r.skipped]

    @property
    def correct(self) -> int:
        return sum(1 for r in self.answered if r.verdict is not None and r.verdict.correct)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """kind -> (correct, answered), in the order first met."""
        out: dict[str, tuple[int, int]] = {}
        for r in self.answered:
            ok, n = out.get(r.problem.kind, (0, 0))
            out[r.problem.kind] = (ok + int(r.verdict is not None and r.verdict.correct), n + 1)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"answered": len(self.answered), "correct": self.correct,
                "skipped": sum(r.skipped for r in self.results),
                "by_kind": {k: {"correct": c, "answered": n} for k, (c, n) in self.by_kind().items()}}
