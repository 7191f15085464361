"""A practice session over a plan (quiz.selection): grading, previews, ratings, undo and the summaries."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cnnquiz.errors import UsageError
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.scheduler import Preview, Srs, card_kind, utcnow
from cnnquiz.quiz.selection import (  # noqa: F401
    DEFAULT_MINUTES,
    NEW_LIMIT_KEY,
    RETENTION_KEY,
    Mode,
    Plan,
    SessionOptions,
    build_plan,
    saved_new_limit,
)

if TYPE_CHECKING:
    from cnnquiz.bank import Bank, Question
    from cnnquiz.progress.records import CardRecord
    from cnnquiz.progress.store import Store
    from cnnquiz.quiz.grader import Grader, GradeResult

WEAKEST_TOPICS = 3


@dataclass
class Attempt:
    """One question as the user met it: their answer, its grade (None if revealed unanswered), time taken."""

    question: Question
    answer: str = ""
    grade: GradeResult | None = None
    seconds: float = 0.0
    revealed: bool = False
    late: bool = False  # a mock answer finished after the time limit: not graded

    @property
    def suggested(self) -> Rating | None:
        return self.grade.suggested if self.grade else None


@dataclass
class Outcome:
    """What became of an attempt: rated (with its review id) or skipped."""

    attempt: Attempt
    rating: Rating | None
    review_id: int | None
    due_after: datetime | None = None
    reviewed_at: datetime | None = None

    @property
    def skipped(self) -> bool:
        return self.rating is None


class Session:
    """Runs one practice session over a store: grading, previews, ratings (committed at once) and undo."""

    def __init__(self, bank: Bank, store: Store, opts: SessionOptions, now: datetime | None = None,
                 rng: random.Random | None = None) -> None:
        if opts.count < 1:
            raise UsageError("--count must be at least 1")
        if opts.new_limit is not None and opts.new_limit < 0:
            raise UsageError("--new-limit must be 0 or more")
        if opts.minutes <= 0:
            raise UsageError("--minutes must be more than 0")
        self.bank, self.store, self.opts = bank, store, opts
        self.srs = Srs(opts.retention if opts.retention is not None else store.retention(),
                       cap=opts.cap if opts.mode.schedules else None)
        if opts.retention is not None:
            store.set_setting(RETENTION_KEY, opts.retention)
        if opts.new_limit is not None:
            store.set_setting(NEW_LIMIT_KEY, opts.new_limit)
        self.started = now or utcnow()
        self.plan = build_plan(bank, store, opts, self.started, rng)
        self.outcomes: list[Outcome] = []
        self._undone: list[Outcome] = []  # outcomes whose rating is being redone after undo()
        self._grader: Grader | None = None

    @property
    def questions(self) -> list[Question]:
        return [self.bank.get(qid) for qid in self.plan.ids if card_kind(qid) == "question"]

    def card(self, qid: str) -> CardRecord | None:
        return self.store.get_card(qid)

    def grade(self, question: Question, answer: str) -> GradeResult:
        if self._grader is None:
            from cnnquiz.quiz.grader import Grader

            self._grader = Grader(self.bank)
        return self._grader.grade(question, answer)

    def previews(self, qid: str, now: datetime | None = None) -> list[Preview]:
        """The interval each rating would give this card now (a copy is reviewed; nothing is stored).

        While a rating is being redone after `u`, the card is previewed as it was before that rating.
        """
        now = now or utcnow()
        pending = next((o for o in reversed(self._undone) if o.attempt.question.id == qid), None)
        if pending is not None:
            rec = self.store.card_before(pending.review_id)
        else:
            rec = self.store.get_card(qid)
        return self.srs.preview(rec.card if rec else Srs.new_card(qid, now), now)

    def rate(self, attempt: Attempt, rating: Rating) -> Outcome:
        """Record the rating now (one commit); in cram and mock the attempt is logged, the schedule kept.

        After undo(), rating that attempt replaces its earlier review in the same transaction.
        """
        args = (attempt.question.id, rating, attempt.grade.score if attempt.grade else None, attempt.answer,
                round(attempt.seconds, 2))
        kwargs = {"mode": self.opts.mode.value, "schedule": self.opts.mode.schedules, "srs": self.srs}
        pending = next((o for o in self._undone if o.attempt is attempt), None)
        if pending is not None:
            review = self.store.rerate(pending.review_id, *args[1:], **kwargs)
            self._undone.remove(pending)
            self.outcomes.remove(pending)
        else:
            review = self.store.record_review(*args, **kwargs)
        rec = self.store.get_card(attempt.question.id) if self.opts.mode.schedules else None
        outcome = Outcome(attempt, rating, review.id, rec.due if rec else None, review.reviewed_at)
        self.outcomes.append(outcome)
        return outcome

    def skip(self, attempt: Attempt) -> Outcome:
        outcome = Outcome(attempt, None, None)
        self.outcomes.append(outcome)
        return outcome

    def undo(self) -> Attempt | None:
        """Take back this session's last rating: its attempt, to be rated again.

        Nothing changes in the store until the new rating is given (Store.rerate swaps the two in one
        transaction), so quitting or a crash before then keeps the original rating.
        """
        for outcome in reversed(self.outcomes):
            if outcome.review_id is not None and all(o is not outcome for o in self._undone):
                self.store.check_undo(outcome.review_id)
                self._undone.append(outcome)
                return outcome.attempt
        return None

    def cancel_undo(self, attempt: Attempt) -> None:
        """Keep the original rating of an attempt taken back by undo() (the user did not rate it again)."""
        self._undone = [o for o in self._undone if o.attempt is not attempt]

    def summary(self, now: datetime | None = None) -> Summary:
        rated = [o for o in self.outcomes if not o.skipped]
        scores = [o.attempt.grade.score for o in rated if o.attempt.grade]
        due = [rec.due for rec in self.store.cards().values() if card_kind(rec.id) == "question"]
        return Summary(
            mode=self.opts.mode, rated=len(rated), skipped=sum(o.skipped for o in self.outcomes),
            ratings=Counter(o.rating for o in rated),
            mean_score=sum(scores) / len(scores) if scores else None,
            seconds=sum(o.attempt.seconds for o in self.outcomes),
            elapsed=((now or utcnow()) - self.started).total_seconds(),
            next_due=min(due) if due else None)

    def mock_report(self, now: datetime | None = None) -> MockReport:
        """Every mock question's score (a skip scores 0) and the topics with the lowest mean score."""
        rows = [MockRow(o.attempt.question, o.attempt.grade.score if o.attempt.grade else 0.0, o.skipped,
                        o.attempt.seconds, o.attempt.grade.missed if o.attempt.grade else
                        [kp.label for kp in o.attempt.question.key_points], o.attempt.late) for o in self.outcomes]
        by_topic: dict[str, list[float]] = defaultdict(list)
        for row in rows:
            for topic in row.question.topics:
                by_topic[topic].append(row.score)
        topics = sorted(((t, sum(s) / len(s), len(s)) for t, s in by_topic.items()), key=lambda x: (x[1], x[0]))
        elapsed = ((now or utcnow()) - self.started).total_seconds()
        return MockReport(rows, topics[:WEAKEST_TOPICS], elapsed, self.opts.minutes * 60, len(self.plan.ids))


@dataclass
class Summary:
    """The end-of-session numbers."""

    mode: Mode
    rated: int
    skipped: int
    ratings: Counter = field(default_factory=Counter)
    mean_score: float | None = None
    seconds: float = 0.0
    elapsed: float = 0.0
    next_due: datetime | None = None


@dataclass(frozen=True)
class MockRow:
    question: Question
    score: float
    skipped: bool
    seconds: float
    missed: list[str]
    late: bool = False

    @property
    def status(self) -> str:
        return "late" if self.late else "skipped" if self.skipped else "graded"


@dataclass
class MockReport:
    """The mock interview's report: per-question scores, weakest topics (topic, mean score, questions)."""

    rows: list[MockRow]
    weakest: list[tuple[str, float, int]]
    elapsed: float
    limit: float
    planned: int

    @property
    def mean_score(self) -> float | None:
        return sum(r.score for r in self.rows) / len(self.rows) if self.rows else None

    @property
    def timed_out(self) -> bool:
        return self.elapsed >= self.limit or any(r.late for r in self.rows)

    def to_json(self) -> dict:
        """The --json shape of a mock interview's report."""
        mean = self.mean_score
        return {
            "planned": self.planned, "answered": sum(r.status == "graded" for r in self.rows),
            "elapsed_seconds": round(self.elapsed, 1), "limit_seconds": round(self.limit, 1),
            "timed_out": self.timed_out, "mean_score": None if mean is None else round(mean, 4),
            "questions": [{"id": r.question.id, "status": r.status, "score": round(r.score, 4),
                           "seconds": round(r.seconds, 1), "missed": r.missed} for r in self.rows],
            "weakest": [{"topic": t, "mean_score": round(m, 4), "questions": n} for t, m, n in self.weakest],
        }


def deadline(session: Session) -> datetime:
    """When a mock interview's time is up."""
    return session.started + timedelta(minutes=session.opts.minutes)
