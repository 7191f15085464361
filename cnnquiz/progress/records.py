"""Rows of the progress store as values: cards, reviews, flags, and the timestamps they are stored with."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from fsrs import Card, State

from cnnquiz.errors import StoreError
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.scheduler import LEECH_LAPSES


def iso(moment: datetime) -> str:
    """A fixed-width ISO 8601 UTC timestamp, so text order is time order."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


@dataclass(frozen=True)
class CardRecord:
    """A card's scheduling state: the fsrs Card plus lapses and the number of scheduled reviews."""

    id: str
    card: Card
    lapses: int = 0
    reps: int = 0

    @property
    def state(self) -> State:
        return self.card.state

    @property
    def due(self) -> datetime:
        return self.card.due

    @property
    def is_leech(self) -> bool:
        return self.lapses >= LEECH_LAPSES

    def snapshot(self) -> str:
        return json.dumps({"lapses": self.lapses, "reps": self.reps, "fsrs": self.card.to_dict()})

    @classmethod
    def from_snapshot(cls, card_id: str, text: str) -> CardRecord:
        try:
            data = json.loads(text)
            return cls(card_id, Card.from_dict(data["fsrs"]), int(data["lapses"]), int(data["reps"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise CorruptRow(f"the undo snapshot of card '{card_id}' is not valid ({exc})") from None


@dataclass(frozen=True)
class ReviewRecord:
    """One row of the review log."""

    id: int
    card_id: str
    reviewed_at: datetime
    rating: Rating
    score: float | None
    answer: str
    seconds: float
    mode: str
    scheduled: bool
    state_before: int | None


class CorruptRow(StoreError):
    """A row that is valid SQLite but not valid cnnquiz data (hand-edited or damaged)."""


@dataclass(frozen=True)
class Flags:
    """A card's suspension and burial (a question need not have been reviewed to carry them)."""

    suspended: bool = False
    buried_until: datetime | None = None

    def hidden(self, now: datetime) -> bool:
        """Whether practice should leave the card out at `now`."""
        return self.suspended or (self.buried_until is not None and self.buried_until > now)


def card_row(row: sqlite3.Row | tuple) -> CardRecord:
    return CardRecord(row[0], Card.from_json(row[3]), int(row[1]), int(row[2]))


def review_row(row: sqlite3.Row | tuple) -> ReviewRecord:
    return ReviewRecord(int(row[0]), row[1], from_iso(row[2]), Rating(int(row[3])), row[4], row[5], float(row[6]),
                        row[7], bool(row[8]), row[9])


def last_review(rec: CardRecord) -> datetime:
    return rec.card.last_review or datetime.min.replace(tzinfo=timezone.utc)


def flags_row(row: sqlite3.Row | tuple) -> Flags:
    return Flags(bool(row[1]), from_iso(row[2]) if row[2] else None)


@dataclass(frozen=True)
class Merged:
    """What merging a backup did: cards added and updated, reviews added and already present, settings added."""

    cards_added: int
    cards_updated: int
    reviews_added: int
    reviews_present: int
    settings_added: int

    def to_json(self) -> dict[str, int]:
        return dict(self.__dict__)
