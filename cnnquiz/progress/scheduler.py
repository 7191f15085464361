"""FSRS scheduling (the `fsrs` package): review a card, preview each rating's interval, retrievability."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from fsrs import Card, Scheduler, State
from fsrs import Rating as FsrsRating

from cnnquiz.errors import UsageError
from cnnquiz.progress.rating import Rating

DEFAULT_RETENTION = 0.9
MIN_RETENTION, MAX_RETENTION = 0.70, 0.99
LEECH_LAPSES = 6
DRILL_PREFIX = "drill:"
MASTERY_DAYS = 7  # topic mastery is the recall probability this many days ahead


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (fsrs refuses anything else)."""
    return datetime.now(timezone.utc)


def as_utc(moment: datetime | None) -> datetime:
    """`moment` (default: now) in UTC; an aware time in any zone is converted, a naive one taken as local."""
    return utcnow() if moment is None else moment.astimezone(timezone.utc)


def local_day_start(now: datetime) -> datetime:
    """Midnight of `now`'s day in the local time zone (the user's day, for limits and streaks)."""
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def card_kind(card_id: str) -> str:
    """`question` for a bank question id, else the prefix before `:` (e.g. `drill` for `drill:depthwise`)."""
    return card_id.split(":", 1)[0] if ":" in card_id else "question"


def state_name(state: State | int | None) -> str:
    """`new`, `learning`, `review` or `relearning` (None is a card never reviewed)."""
    return "new" if state is None else State(int(state)).name.lower()


def format_interval(delta: timedelta) -> str:
    """A short human interval: `<1m`, `10m`, `5h`, `4d`, `3.2mo`, `1.5y`."""
    seconds = max(0.0, delta.total_seconds())
    minutes, days = seconds / 60, seconds / 86400
    if minutes < 1:
        return "<1m"
    if minutes < 60:
        return f"{round(minutes)}m"
    if days < 1:
        return f"{round(minutes / 60)}h"
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30.4:.1f}mo"
    return f"{days / 365.25:.1f}y"


@dataclass(frozen=True)
class Preview:
    """What one rating would do to a card: its next due time and the interval to it."""

    rating: Rating
    due: datetime
    interval: timedelta

    @property
    def label(self) -> str:
        return format_interval(self.interval)


class Srs:
    """An FSRS scheduler at one desired retention; fuzzing is off so previews equal what is applied.

    With a `cap` (the eve of an interview) no interval reaches past it: a card that FSRS would send
    beyond the cap comes back at the cap instead, so it is seen once more before the day.
    """

    def __init__(self, retention: float = DEFAULT_RETENTION, cap: datetime | None = None) -> None:
        if not MIN_RETENTION <= retention <= MAX_RETENTION:
            raise UsageError(f"retention {retention} must be between {MIN_RETENTION} and {MAX_RETENTION}")
        self.retention = retention
        self.cap = cap
        self._fsrs = Scheduler(desired_retention=retention, enable_fuzzing=False)

    @staticmethod
    def new_card(card_id: str, now: datetime | None = None) -> Card:
        """A never-reviewed card, due now (fsrs's int id is a stable hash of our string id)."""
        return Card(card_id=zlib.crc32(card_id.encode()), due=as_utc(now))

    def review(self, card: Card, rating: Rating, now: datetime | None = None) -> Card:
        """The card after a review with this rating at `now` (the input card is not changed)."""
        now = as_utc(now)
        reviewed, _log = self._fsrs.review_card(card, FsrsRating(int(rating)), review_datetime=now)
        if self.cap is not None and now < self.cap < reviewed.due:
            reviewed.due = self.cap
        return reviewed

    def preview(self, card: Card, now: datetime | None = None) -> list[Preview]:
        """For each rating, Again..Easy, the due time and interval a review now would give."""
        now = as_utc(now)
        out = []
        for rating in Rating:
            due = self.review(card, rating, now).due
            out.append(Preview(rating, due, due - now))
        return out

    def retrievability(self, card: Card | None, now: datetime | None = None) -> float:
        """FSRS's probability of recalling the card now; 0 for a card never reviewed."""
        if card is None:
            return 0.0
        return float(self._fsrs.get_card_retrievability(card, current_datetime=as_utc(now)))


def mastery(srs: Srs, card: Card | None, last_rating: Rating | None, now: datetime) -> float:
    """How well a card is known: its recall probability MASTERY_DAYS ahead; 0 if unseen or last rated Again.

    A card whose latest rating was Again counts 0 until it is recalled again, so an Again can only
    lower a topic's mastery (FSRS alone would give a just-failed card a high recall probability).
    """
    if card is None or last_rating is None or last_rating == Rating.AGAIN:
        return 0.0
    return srs.retrievability(card, as_utc(now) + timedelta(days=MASTERY_DAYS))


def is_lapse(card_before: Card | None, rating: Rating) -> bool:
    """A lapse is an Again on a card in the Review state (forgotten after it had been learnt)."""
    return card_before is not None and card_before.state == State.Review and rating == Rating.AGAIN
