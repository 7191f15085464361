"""Card management: resolve card ids, one card's full record, and suspend / unsuspend / bury / reset."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from cnnquiz.errors import UnknownNameError, close_matches
from cnnquiz.progress.drillcards import DRILL_KINDS, card_id
from cnnquiz.progress.records import Flags, ReviewRecord, iso
from cnnquiz.progress.scheduler import Srs, as_utc, state_name

if TYPE_CHECKING:
    from cnnquiz.bank import Bank
    from cnnquiz.progress.store import Store

ACTIONS = ("suspend", "unsuspend", "bury", "reset")


def resolve(bank: Bank, store: Store, ids: list[str]) -> list[str]:
    """The ids, each a question of the bank or a card of the store (`drill:<kind>`); else UnknownNameError."""
    known = {q.id for q in bank.questions} | set(store.cards()) | set(store.flags()) | {card_id(k) for k in DRILL_KINDS}
    for cid in ids:
        if cid not in known:
            raise UnknownNameError("card", cid, close_matches(cid, sorted(known)))
    return list(dict.fromkeys(ids))


def tomorrow(now: datetime) -> datetime:
    """Local midnight at the end of `now`'s day (a buried card comes back then)."""
    local = now.astimezone()
    return as_utc(local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1))


def apply(store: Store, action: str, ids: list[str], now: datetime | None = None) -> list[str]:
    """Suspend, unsuspend, bury (until tomorrow) or reset (new again, history kept) the cards; the ids done."""
    now = as_utc(now)
    if action == "suspend":
        store.set_suspended(ids, True)
    elif action == "unsuspend":
        store.set_suspended(ids, False)
    elif action == "bury":
        store.bury(ids, tomorrow(now))
    elif action == "reset":
        store.reset(ids)
    else:
        raise ValueError(action)
    return ids


@dataclass
class CardDetail:
    """Everything `card show` prints; to_json() is its --json shape."""

    id: str
    question: str | None
    state: str
    due: datetime | None
    stability: float | None
    difficulty: float | None
    retrievability: float
    lapses: int
    reps: int
    leech: bool
    flags: Flags
    reviews: list[ReviewRecord] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "question": self.question, "state": self.state,
            "due": iso(self.due) if self.due else None,
            "stability": None if self.stability is None else round(self.stability, 4),
            "difficulty": None if self.difficulty is None else round(self.difficulty, 4),
            "retrievability": round(self.retrievability, 4), "lapses": self.lapses, "reps": self.reps,
            "leech": self.leech, "suspended": self.flags.suspended,
            "buried_until": iso(self.flags.buried_until) if self.flags.buried_until else None,
            "reviews": [{"reviewed_at": iso(r.reviewed_at), "rating": r.rating.label.lower(),
                         "score": None if r.score is None else round(r.score, 4), "answer": r.answer,
                         "seconds": r.seconds, "mode": r.mode, "scheduled": r.scheduled} for r in self.reviews],
        }


def detail(bank: Bank, store: Store, cid: str, now: datetime | None = None) -> CardDetail:
    """One card's state, schedule, flags and every review (oldest first)."""
    now = as_utc(now)
    rec = store.get_card(cid)
    question = bank.get(cid).question if cid in bank else None
    flags = store.flags().get(cid, Flags())
    reviews = sorted(store.reviews(cid), key=lambda r: (r.reviewed_at, r.id))
    card = rec.card if rec else None
    return CardDetail(cid, question, state_name(rec.state if rec else None), rec.due if rec else None,
                      card.stability if card else None, card.difficulty if card else None,
                      Srs(store.retention()).retrievability(card, now), rec.lapses if rec else 0,
                      rec.reps if rec else 0, bool(rec and rec.is_leech), flags, reviews)
