"""Which cards a session asks, in which order: the modes, the options, and the plan built from the store."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from cnnquiz.progress.drillcards import due_drills
from cnnquiz.progress.rating import Rating
from cnnquiz.quiz.modes import Mode
from cnnquiz.progress.scheduler import Srs, card_kind, local_day_start

if TYPE_CHECKING:
    from cnnquiz.bank import Bank, Question
    from cnnquiz.progress.records import CardRecord, ReviewRecord
    from cnnquiz.progress.store import Store

DEFAULT_COUNT = 10
DEFAULT_NEW_LIMIT = 10
DEFAULT_MINUTES = 20.0
NEW_LIMIT_KEY, RETENTION_KEY = "new_limit", "retention"


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
