"""Progress backup: export cards, the review log, flags and settings as versioned JSON; merge such a file back."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fsrs import Card

from cnnquiz.errors import UsageError
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.records import CardRecord, Merged, from_iso, iso
from cnnquiz.progress.scheduler import utcnow

if TYPE_CHECKING:
    from cnnquiz.progress.store import Store

FORMAT = "cnnquiz-progress"
SCHEMA = 1
REVIEW_FIELDS = ("card_id", "reviewed_at", "rating", "score", "answer", "seconds", "mode", "scheduled",
                 "state_before", "card_before")


def dump(store: Store, now: datetime | None = None) -> dict[str, Any]:
    """Everything in the progress database, as one JSON-ready object."""
    flags = store.flags()
    cards = store.cards()
    return {
        "format": FORMAT, "schema": SCHEMA, "exported_at": iso(now or utcnow()),
        "cards": [{"id": cid, "lapses": rec.lapses, "reps": rec.reps, "fsrs": rec.card.to_dict()}
                  for cid, rec in cards.items()],
        "flags": [{"id": cid, "suspended": f.suspended, "buried_until": iso(f.buried_until) if f.buried_until else None}
                  for cid, f in flags.items()],
        "reviews": [dict(zip(REVIEW_FIELDS, row)) for row in store.raw_reviews()],
        "settings": store.settings(),
    }


def write_file(path: Path, text: str) -> None:
    """Write whole or not at all, only over a regular file (paths.replace_file); failures as one line."""
    from cnnquiz import paths

    try:
        paths.replace_file(path, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def read_file(path: Path) -> dict[str, Any]:
    """A progress export, checked: its format and schema, and every card and review it holds."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read it: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}: not JSON ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UsageError(f"{path} is not a cnnquiz progress export (write one with `cnnquiz progress export`)")
    if not isinstance(data.get("schema"), int) or data["schema"] > SCHEMA:
        raise UsageError(f"{path} has progress schema {data.get('schema')!r}; this cnnquiz reads up to {SCHEMA}")
    return data


def _card(entry: dict[str, Any]) -> CardRecord:
    return CardRecord(str(entry["id"]), Card.from_dict(entry["fsrs"]), int(entry["lapses"]), int(entry["reps"]))


def _review(entry: dict[str, Any]) -> tuple:
    row = tuple(entry.get(k) for k in REVIEW_FIELDS)
    from_iso(str(row[1]))
    Rating(int(row[2]))
    return (str(row[0]), iso(from_iso(str(row[1]))), int(row[2]), None if row[3] is None else float(row[3]),
            str(row[4] or ""), float(row[5] or 0), str(row[6] or "import"), int(bool(row[7])), row[8], row[9])


def merge(store: Store, data: dict[str, Any], source: str = "the file") -> Merged:
    """Merge an export into the store in one transaction.

    Reviews are matched by card id and review time, so none is ever added twice; a card's state is taken
    from the file when its last review there is later than the store's; settings and flags only fill gaps.
    """
    try:
        cards = [_card(e) for e in data.get("cards", [])]
        reviews = [_review(e) for e in data.get("reviews", [])]
        flags = [(str(e["id"]), bool(e.get("suspended")), e.get("buried_until")) for e in data.get("flags", [])]
        settings = {str(k): str(v) for k, v in dict(data.get("settings", {})).items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UsageError(f"{source}: an entry is not valid progress data ({type(exc).__name__}: {exc})") from None
    return store.merge(cards, reviews, flags, settings)
