"""Progress statistics from the store: reviews, streak, true retention, topic mastery, due forecast, leeches."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from fsrs import State

from cnnquiz.progress.drillcards import DrillStat, drill_stats
from cnnquiz.progress.interview import Forecast, forecast, saved_day
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.records import iso
from cnnquiz.progress.scheduler import (
    Srs,
    card_kind,
    local_day_start,
    mastery,
    state_name,
    utcnow,
)

if TYPE_CHECKING:
    from cnnquiz.bank import Bank
    from cnnquiz.progress.store import Store

FORECAST_DAYS = 14
RETENTION_DAYS = 30
HARDEST = 5


@dataclass(frozen=True)
class TopicMastery:
    topic: str
    cards: int
    seen: int
    mastery: float  # mean of scheduler.mastery over the topic's questions (recall 7 days ahead; unseen/Again 0)


@dataclass(frozen=True)
class Hardest:
    id: str
    mean_score: float
    reviews: int


@dataclass(frozen=True)
class CardStat:
    id: str
    due: datetime
    state: str
    reviews: int
    lapses: int


@dataclass
class Stats:
    """Everything `cnnquiz stats` shows; to_json() is the stable --json shape."""

    reviews: int
    reviews_today: int
    streak_days: int
    retention_30d: float | None
    time_spent_seconds: float
    due_now: int
    forecast: list[int]  # forecast[0]: due by the end of today (overdue included); [i]: due on day i
    topics: list[TopicMastery] = field(default_factory=list)
    leeches: list[str] = field(default_factory=list)
    hardest: list[Hardest] = field(default_factory=list)
    cards: list[CardStat] = field(default_factory=list)
    drills: list[DrillStat] = field(default_factory=list)  # accuracy per drill kind (cnnquiz.drill.session)
    suspended: list[str] = field(default_factory=list)
    buried: list[str] = field(default_factory=list)
    interview: Forecast | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "reviews": self.reviews,
            "reviews_today": self.reviews_today,
            "streak_days": self.streak_days,
            "retention_30d": None if self.retention_30d is None else round(self.retention_30d, 4),
            "time_spent_seconds": round(self.time_spent_seconds, 1),
            "due": {"now": self.due_now, "today": self.forecast[0], "next_14_days": self.forecast},
            "topics": [{"topic": t.topic, "cards": t.cards, "seen": t.seen, "mastery": round(t.mastery, 4)}
                       for t in self.topics],
            "leeches": self.leeches,
            "hardest": [{"id": h.id, "mean_score": round(h.mean_score, 4), "reviews": h.reviews}
                        for h in self.hardest],
            "cards": [{"id": c.id, "due": iso(c.due), "state": c.state, "reviews": c.reviews} for c in self.cards],
            "drills": [d.to_json() for d in self.drills],
            "suspended": self.suspended,
            "buried": self.buried,
            "interview": self.interview.to_json() if self.interview else None,
        }


def streak(days: set[date], today: date) -> int:
    """Consecutive days with a review, ending today (or yesterday, when today has none yet)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def compute_stats(bank: Bank, store: Store, now: datetime | None = None) -> Stats:
    """Statistics over the whole review log and the cards of this bank (plus drill cards)."""
    now = now or utcnow()
    srs = Srs(store.retention())
    today_start = local_day_start(now)
    reviews = store.reviews()
    cards = {cid: rec for cid, rec in store.cards().items() if cid in bank or card_kind(cid) != "question"}

    since = now - timedelta(days=RETENTION_DAYS)
    graded = [r for r in reviews if r.scheduled and r.state_before == State.Review and r.reviewed_at >= since]
    retention = sum(r.rating != Rating.AGAIN for r in graded) / len(graded) if graded else None

    flags = store.flags()
    due_days = [0] * FORECAST_DAYS
    for rec in cards.values():
        if rec.id in flags and flags[rec.id].suspended:
            continue
        day = (rec.due.astimezone().date() - today_start.date()).days if rec.due >= today_start else 0
        if 0 <= day < FORECAST_DAYS:
            due_days[day] += 1
    day = saved_day(store)

    per_card: dict[str, int] = defaultdict(int)
    scores: dict[str, list[float]] = defaultdict(list)
    last = {}
    for r in sorted(reviews, key=lambda r: (r.reviewed_at, r.id)):
        last[r.card_id] = r.rating
    for r in reviews:
        per_card[r.card_id] += 1
        if r.score is not None and r.card_id in bank:
            scores[r.card_id].append(r.score)

    topics = []
    by_topic: dict[str, list[str]] = defaultdict(list)
    for q in bank.questions:
        for t in q.topics:
            by_topic[t].append(q.id)
    for topic, ids in by_topic.items():
        recall = [mastery(srs, cards[i].card if i in cards else None, last.get(i), now) for i in ids]
        topics.append(TopicMastery(topic, len(ids), sum(i in cards for i in ids), sum(recall) / len(recall)))
    from cnnquiz.bank.schema import TOPICS

    order = {t: i for i, t in enumerate(TOPICS)}
    topics.sort(key=lambda t: (order.get(t.topic, len(order)), t.topic))

    hardest = sorted((Hardest(cid, sum(s) / len(s), len(s)) for cid, s in scores.items()),
                     key=lambda h: (h.mean_score, -h.reviews, h.id))[:HARDEST]
    leeches = [rec.id for rec in sorted(cards.values(), key=lambda c: (-c.lapses, c.id)) if rec.is_leech]
    card_stats = [CardStat(rec.id, rec.due, state_name(rec.state), per_card.get(rec.id, 0), rec.lapses)
                  for rec in sorted(cards.values(), key=lambda c: (c.due, c.id))]
    return Stats(
        reviews=len(reviews),
        reviews_today=sum(r.reviewed_at >= today_start for r in reviews),
        streak_days=streak({r.reviewed_at.astimezone().date() for r in reviews}, today_start.date()),
        retention_30d=retention,
        time_spent_seconds=sum(r.seconds for r in reviews),
        due_now=sum(rec.due <= now and not (rec.id in flags and flags[rec.id].hidden(now)) for rec in cards.values()),
        forecast=due_days, topics=topics, leeches=leeches, hardest=hardest, cards=card_stats,
        drills=drill_stats(store), suspended=sorted(cid for cid, f in flags.items() if f.suspended),
        buried=sorted(cid for cid, f in flags.items() if not f.suspended and f.hidden(now)),
        interview=forecast(bank, store, day, now) if day and day > today_start.date() else None)
