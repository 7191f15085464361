"""Drill cards in the store: one FSRS card per drill kind (`drill:<kind>`), the due ones and each kind's accuracy."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cnnquiz.progress.records import iso
from cnnquiz.progress.scheduler import DRILL_PREFIX, state_name, utcnow

if TYPE_CHECKING:
    from cnnquiz.progress.store import Store

# The drill kinds, in the order drill offers and stats lists them; each is a card `drill:<kind>`.
DRILL_KINDS = ("conv-output", "conv-params", "conv-macs", "depthwise", "bottleneck", "mbconv", "rf", "width", "scaling")


def card_id(kind: str) -> str:
    return DRILL_PREFIX + kind


def kind_of(cid: str) -> str | None:
    """The drill kind of a card id (`drill:rf` -> `rf`), None for questions and unknown kinds."""
    kind = cid[len(DRILL_PREFIX):] if cid.startswith(DRILL_PREFIX) else None
    return kind if kind in DRILL_KINDS else None


def due_drills(store: Store, now: datetime | None = None) -> list[str]:
    """Card ids of the drill kinds due at `now`, most overdue first (for practice's mixed mode)."""
    return [cid for cid in store.due_card_ids(now or utcnow()) if kind_of(cid)]


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
        return {"kind": self.kind, "attempts": self.attempts, "correct": self.correct,
                "accuracy": None if self.accuracy is None else round(self.accuracy, 4),
                "last": iso(self.last) if self.last else None, "due": iso(self.due) if self.due else None,
                "state": self.state}


def drill_stats(store: Store) -> list[DrillStat]:
    """One row per drill kind that has been answered, in DRILL_KINDS order."""
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
    for kind in DRILL_KINDS:
        rec = cards.get(card_id(kind))
        if not attempts[kind] and rec is None:
            continue
        rows.append(DrillStat(kind, attempts[kind], correct[kind], last.get(kind), rec.due if rec else None,
                              state_name(rec.state if rec else None)))
    return rows
