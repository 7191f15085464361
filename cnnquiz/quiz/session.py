"""A practice session: which cards to ask (due, new, cram, mock), grading, rating, undo and the summaries."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from cnnquiz.errors import UsageError
from cnnquiz.progress.drillcards import due_drills
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.scheduler import Preview, Srs, card_kind, local_day_start, utcnow

if TYPE_CHECKING:
    from cnnquiz.bank import Bank, Question
    from cnnquiz.progress.records import CardRecord, ReviewRecord
    from cnnquiz.progress.store import Store
    from cnnquiz.quiz.grader import Grader, GradeResult

DEFAULT_COUNT = 10
DEFAULT_NEW_LIMIT = 10
DEFAULT_MINUTES = 20.0
NEW_LIMIT_KEY, RETENTION_KEY = "new_limit", "retention"
WEAKEST_TOPICS = 3


class Mode(str, Enum):
    """mixed: due then new; due; new; cram: anything, schedule untouched; mock: timed, feedback at the end."""

    MIXED = "mixed"
    DUE = "due"
    NEW = "new"
    CRAM = "cram"
    MOCK = "mock"

    @property
    def schedules(self) -> bool:
        """Whether ratings in this mode move cards' FSRS schedule (cram and mock only log the attempt)."""
        return self in (Mode.MIXED, Mode.DUE, Mode.NEW)


# Kinds of due card a practice session can ask. Due drill cards (`drill:<kind>`) are mixed in by
# build_plan in mixed mode without filters (cli.drill asks them); other modes count them as skipped.
PRACTICE_KINDS: frozenset[str] = frozenset({"question"})


@dataclass(frozen=True)
class SessionOptions:
    """What to practise and how; None for new_limit/retention means the saved setting (or the default)."""

    mode: Mode = Mode.MIXED
    count: int = DEFAULT_COUNT
    topics: tuple[str, ...] = ()
    source: str | None = None
    difficulty: str | None = None
    new_limit: int | None = None
    retention: float | None = None
    flashcards: bool = False
    minutes: float = DEFAULT_MINUTES
    new_per_day: int | None = None  # at least this many new cards a day (to be ready for an interview date)
    cap: datetime | None = None  # no interval reaches past this (the eve of an interview)


@dataclass(frozen=True)
class Plan:
    """The ordered question ids of a session and where they came from."""

    ids: tuple[str, ...]
    due: int = 0
    new: int = 0
    new_limit: int = DEFAULT_NEW_LIMIT
    new_today: int = 0
    skipped_kinds: int = 0  # due cards of kinds practice cannot ask yet (drill cards)
    pool: int = 0  # questions matching the filters
    new_waiting: int = 0  # unseen questions the daily new limit left out although the session had room
    hidden: int = 0  # matching questions left out because they are suspended or buried
    topic_pool: int = 0  # questions having the --topic topics, whatever the other filters


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


def build_plan(bank: Bank, store: Store, opts: SessionOptions, now: datetime,
               rng: random.Random | None = None) -> Plan:
    """The questions of a session, in order, for the options' mode and filters (never suspended or buried ones)."""
    matching = bank.filter(opts.topics, opts.source, opts.difficulty)
    hidden = store.hidden_ids(now)
    pool = [q for q in matching if q.id not in hidden]
    n_hidden = len(matching) - len(pool)
    if not matching:
        return Plan((), pool=0, topic_pool=len(bank.filter(opts.topics)))
    pool_ids = {q.id for q in pool}
    cards = store.cards()
    if opts.mode is Mode.CRAM:
        srs = Srs(opts.retention or store.retention())
        last = last_reviews(store)
        order = sorted(range(len(pool)), key=lambda i: (*weakness(srs, cards, last, pool[i].id, now), i))
        return Plan(tuple(pool[i].id for i in order[: opts.count]), pool=len(matching), hidden=n_hidden)
    if opts.mode is Mode.MOCK:
        picks = (rng or random.Random()).sample(pool, min(opts.count, len(pool)))
        return Plan(tuple(q.id for q in picks), pool=len(matching), hidden=n_hidden)
    due_ids = store.due_card_ids(now)
    filtered = bool(opts.topics or opts.source or opts.difficulty)
    drills = set(due_drills(store, now)) if opts.mode is Mode.MIXED and not filtered else set()  # asked by cli.drill
    other_kinds = sum(1 for cid in due_ids if card_kind(cid) not in PRACTICE_KINDS and cid not in drills)
    due = [cid for cid in due_ids if (card_kind(cid) == "question" and cid in pool_ids) or cid in drills]
    new_limit = opts.new_limit if opts.new_limit is not None else saved_new_limit(store)
    if opts.new_per_day is not None:
        new_limit = max(new_limit, opts.new_per_day)
    new_today = store.new_cards_since(local_day_start(now))
    new_left = max(0, new_limit - new_today)
    unseen = new_cards_in_order([q for q in pool if q.id not in cards], set(cards))
    new = unseen[:new_left]
    if opts.mode is Mode.DUE:
        new, unseen = [], []
    elif opts.mode is Mode.NEW:
        due = []
    ids = (due + new)[: opts.count]
    n_due = min(len(due), len(ids))
    room = opts.count - len(ids)
    waiting = min(room, len(unseen) - len(new)) if room > 0 else 0
    return Plan(tuple(ids), n_due, len(ids) - n_due, new_limit, new_today, other_kinds, len(matching),
                max(0, waiting), n_hidden)


def last_reviews(store: Store) -> dict[str, ReviewRecord]:
    """Each card's latest review (any mode), by card id."""
    return {r.card_id: r for r in sorted(store.reviews(), key=lambda r: (r.reviewed_at, r.id))}


def weakness(srs: Srs, cards: dict[str, CardRecord], last: dict[str, ReviewRecord], cid: str,
             now: datetime) -> tuple[int, float]:
    """Cram's sort key, weakest first: failed cards (last rated Again, lowest score first), then unseen
    cards, then the rest by recall probability now."""
    review = last.get(cid)
    if review is not None and review.rating == Rating.AGAIN:
        return 0, review.score if review.score is not None else 0.0
    if review is None or cid not in cards:
        return 1, 0.0
    return 2, srs.retrievability(cards[cid].card, now)


def new_cards_in_order(unseen: list[Question], seen: set[str]) -> list[str]:
    """Unseen questions interleaved across bank files (topics), siblings apart.

    A question whose related question (the same question asked in another document) is already in
    the list, or already studied, waits until every other new question has been introduced, so one
    session does not ask the same thing three times in a row.
    """
    by_file: dict[str, list[Question]] = {}
    for q in unseen:
        by_file.setdefault(q.origin, []).append(q)
    queues = list(by_file.values())
    interleaved = [queue[i] for i in range(max(map(len, queues), default=0)) for queue in queues if i < len(queue)]
    first: list[str] = []
    later: list[str] = []
    taken = set(seen)
    for q in interleaved:
        if taken.intersection(q.related):
            later.append(q.id)
        else:
            first.append(q.id)
            taken.add(q.id)
    return first + later


def saved_new_limit(store: Store) -> int:
    saved = store.get_setting(NEW_LIMIT_KEY)
    return int(saved) if saved else DEFAULT_NEW_LIMIT


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
