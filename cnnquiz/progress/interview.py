"""Preparing for an interview date: interval cap, new cards per day, daily load and predicted recall on the day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from cnnquiz.errors import UsageError
from cnnquiz.progress.scheduler import Srs, as_utc

if TYPE_CHECKING:
    from cnnquiz.bank import Bank
    from cnnquiz.progress.store import Store

INTERVIEW_KEY = "interview_date"
LEAD_DAYS = 2  # the last new card is introduced this many days before: seen that day and again on the eve
AT_RISK = 5
LOAD_DAYS = 14


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--interview '{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-20") from None


def saved_day(store: Store) -> date | None:
    """The interview date `cnnquiz plan --interview` saved, or None."""
    text = store.get_setting(INTERVIEW_KEY)
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def local_start(day: date) -> datetime:
    """Midnight at the start of `day` in the local time zone, as a UTC time."""
    return as_utc(datetime.combine(day, time()).astimezone())


def cap(day: date) -> datetime:
    """No interval may reach past the start of the eve: every card comes back at least once before the day."""
    return local_start(day - timedelta(days=1))


def days_left(day: date, today: date) -> int:
    return (day - today).days


def new_per_day(unseen: int, day: date, today: date) -> int:
    """New cards a day so that all unseen ones are introduced LEAD_DAYS before the day (all at once if late)."""
    intro_days = days_left(day, today) - LEAD_DAYS + 1
    if unseen <= 0:
        return 0
    return unseen if intro_days <= 1 else -(-unseen // intro_days)


@dataclass
class Forecast:
    """The plan toward an interview: cards per day until it and the recall predicted on the day."""

    day: date
    today: date
    new_per_day: int
    unseen: int
    load: list[tuple[date, int, int]] = field(default_factory=list)  # (day, reviews due, new cards)
    predicted_recall: float = 0.0
    topics: list[tuple[str, float]] = field(default_factory=list)
    at_risk: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "predicted_recall": round(self.predicted_recall, 4),
                "topics": [{"topic": t, "predicted_recall": round(r, 4)} for t, r in self.topics],
                "at_risk": self.at_risk}

    def plan_json(self) -> dict[str, Any]:
        return {**self.to_json(), "days_left": days_left(self.day, self.today), "unseen": self.unseen,
                "new_per_day": self.new_per_day,
                "load": [{"date": d.isoformat(), "reviews": r, "new": n} for d, r, n in self.load]}


def forecast(bank: Bank, store: Store, day: date, now: datetime) -> Forecast:
    """Predicted recall on the day (FSRS retrievability at its noon; unseen questions 0) and the daily load."""
    now = as_utc(now)
    today = now.astimezone().date()
    srs = Srs(store.retention())
    hidden = store.hidden_ids(now)
    cards = {cid: rec for cid, rec in store.cards().items() if cid in bank}
    questions = [q for q in bank.questions if q.id not in hidden]
    at = local_start(day) + timedelta(hours=12)
    recall = {q.id: srs.retrievability(cards[q.id].card, at) if q.id in cards else 0.0 for q in questions}
    by_topic: dict[str, list[float]] = defaultdict(list)
    for q in questions:
        for t in q.topics:
            by_topic[t].append(recall[q.id])
    unseen = sum(q.id not in cards for q in questions)
    per_day = new_per_day(unseen, day, today)
    last = min(day - timedelta(days=1), today + timedelta(days=LOAD_DAYS - 1))
    due: dict[date, int] = defaultdict(int)
    eve = cap(day)
    for cid, rec in cards.items():
        if cid in hidden:
            continue
        when = min(rec.due, eve) if now < eve else rec.due
        due[max(today, when.astimezone().date())] += 1
    load, left = [], unseen
    d = today
    while d <= last:
        new = min(left, per_day) if days_left(day, d) >= LEAD_DAYS else 0
        left -= new
        load.append((d, due.get(d, 0), new))
        d += timedelta(days=1)
    seen = sorted((r, cid) for cid, r in recall.items() if cid in cards)
    return Forecast(day, today, per_day, unseen, load,
                    sum(recall.values()) / len(recall) if recall else 0.0,
                    sorted(((t, sum(v) / len(v)) for t, v in by_topic.items()), key=lambda x: (x[1], x[0])),
                    [cid for _r, cid in seen[:AT_RISK]])
