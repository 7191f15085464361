"""Drill progress in the quiz store: one FSRS card per kind (`drill:<kind>`), reviews, due drills, accuracy."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cnnquiz.drill.problem import KINDS, Problem
from cnnquiz.quiz.rating import Rating
from cnnquiz.quiz.scheduler import DRILL_PREFIX, state_name, utcnow

if TYPE_CHECKING:
    from cnnquiz.drill.grading import Verdict
    from cnnquiz.quiz.scheduler import Srs
    from cnnquiz.quiz.store import Store

DRILL_MODE = "drill"


def card_id(kind: str) -> str:
    return DRILL_PREFIX + kind


def kind_of(cid: str) -> str | None:
    """The drill kind of a card id (`drill:rf` -> `rf`), None for questions and unknown kinds."""
    kind = cid[len(DRILL_PREFIX):] if cid.startswith(DRILL_PREFIX) else None
    return kind if kind in KINDS else None


def due_drills(store: Store, now: datetime | None = None) -> list[str]:
    """Card ids of the drill kinds due at `now`, most overdue first (for practice's mixed mode)."""
    return [cid for cid in store.due_card_ids(now or utcnow()) if kind_of(cid)]


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


@dataclass(frozen=True)
class DrillStat:
    """Accuracy of one drill kind over every logged answer, and its card's schedule."""

    kind: str
    attempts: int
    correct: int
    last: datetime | None
    due: datetime | None
    state: str

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None

    def to_json(self) -> dict[str, Any]:
        from cnnquiz.quiz.store import iso

        return {"kind": self.kind, "attempts": self.attempts, "correct": self.correct,
                "accuracy": None if self.accuracy is None else round(self.accuracy, 4),
                "last": iso(self.last) if self.last else None, "due": iso(self.due) if self.due else None,
                "state": self.state}


def drill_stats(store: Store) -> list[DrillStat]:
    """One row per drill kind that has been answered, in KINDS order."""
    attempts: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    last: dict[str, datetime] = {}
    for review in store.reviews():
        kind = kind_of(review.card_id)
        if kind is None or review.score is None:
            continue
        attempts[kind] += 1
        correct[kind] += review.score >= 1
        last[kind] = review.reviewed_at
    cards = store.cards()
    rows = []
    for kind in KINDS:
        rec = cards.get(card_id(kind))
        if not attempts[kind] and rec is None:
            continue
        rows.append(DrillStat(kind, attempts[kind], correct[kind], last.get(kind), rec.due if rec else None,
                              state_name(rec.state if rec else None)))
    return rows


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
