"""The SQLite progress store: FSRS cards, the review log and settings; every rating is committed at once."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from fsrs import Card, State

from cnnquiz.errors import StoreError
from cnnquiz.quiz.migrations import APPLICATION_ID, LATEST, migrate
from cnnquiz.quiz.rating import Rating
from cnnquiz.quiz.scheduler import LEECH_LAPSES, Srs, as_utc, card_kind, is_lapse, utcnow

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
MOVE_ASIDE = "move it aside (or pass --db PATH) and cnnquiz will start a new one"


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
        data = json.loads(text)
        return cls(card_id, Card.from_dict(data["fsrs"]), int(data["lapses"]), int(data["reps"]))


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


class Store:
    """A checked, migrated connection to one progress database (use Store.open)."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    # -- opening -----------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating if needed) a progress database; a foreign or corrupt file raises StoreError."""
        path = Path(path).expanduser()
        _check_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open the progress database: {exc}") from None
        try:
            _check_schema(conn, path)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn)
        except StoreError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _db_error(path, exc) from None
        return cls(path, conn)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: reads inside it see the latest state, other writers wait."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _db_error(self.path, exc) from None
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise _db_error(self.path, exc) from None
            raise

    def _query(self, sql: str, args: Iterable[object] = ()) -> list[sqlite3.Row]:
        try:
            cur = self._conn.execute(sql, tuple(args))
            return cur.fetchall()
        except sqlite3.DatabaseError as exc:
            raise _db_error(self.path, exc) from None

    # -- cards -------------------------------------------------------------------------------------
    def get_card(self, card_id: str) -> CardRecord | None:
        rows = self._query("SELECT id, lapses, reps, fsrs FROM cards WHERE id = ?", (card_id,))
        return _card(rows[0]) if rows else None

    def cards(self) -> dict[str, CardRecord]:
        """Every card that has been reviewed, by id."""
        return {r[0]: _card(r) for r in self._query("SELECT id, lapses, reps, fsrs FROM cards ORDER BY id")}

    def due_card_ids(self, now: datetime | None = None) -> list[str]:
        """Ids of cards due at `now` (any kind: question ids and `drill:...` ids), most overdue first."""
        rows = self._query("SELECT id FROM cards WHERE due <= ? ORDER BY due, id", (iso(now or utcnow()),))
        return [r[0] for r in rows]

    # -- reviews -----------------------------------------------------------------------------------
    def record_review(self, card_id: str, rating: Rating, score: float | None = None, answer: str = "",
                      seconds: float = 0.0, *, mode: str = "review", schedule: bool = True,
                      srs: Srs | None = None, now: datetime | None = None) -> ReviewRecord:
        """Log a review and (unless schedule=False, as in cram) move the card's FSRS state; one commit.

        The card is read inside the write transaction, so a review made meanwhile by another session is
        built upon, not overwritten.
        """
        rating = Rating(int(rating))
        now = as_utc(now)
        with self._write() as conn:
            rows = conn.execute("SELECT id, lapses, reps, fsrs FROM cards WHERE id = ?", (card_id,)).fetchall()
            before = _card(rows[0]) if rows else None
            if schedule:
                srs = srs or Srs(self.retention())
                card = srs.review(before.card if before else Srs.new_card(card_id, now), rating, now)
                lapses = (before.lapses if before else 0) + int(is_lapse(before.card if before else None, rating))
                reps = (before.reps if before else 0) + 1
                _put_card(conn, CardRecord(card_id, card, lapses, reps))
            cur = conn.execute(
                "INSERT INTO reviews (card_id, reviewed_at, rating, score, answer, seconds, mode, scheduled,"
                " state_before, card_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, iso(now), int(rating), score, answer, float(seconds), mode, int(schedule),
                 int(before.state) if before else None, before.snapshot() if before and schedule else None))
            review_id = cur.lastrowid
        return ReviewRecord(int(review_id), card_id, now, rating, score, answer, float(seconds), mode, schedule,
                            int(before.state) if before else None)

    def undo(self, review_id: int | None = None) -> ReviewRecord | None:
        """Delete a review (default: the newest) and restore the card to its state before it.

        Refuses (StoreError) when the card has had a later scheduled review, which the undo would erase.
        """
        with self._write() as conn:
            if review_id is None:
                rows = conn.execute(f"SELECT {_REVIEW_COLS}, card_before FROM reviews ORDER BY id DESC LIMIT 1")
            else:
                rows = conn.execute(f"SELECT {_REVIEW_COLS}, card_before FROM reviews WHERE id = ?", (review_id,))
            row = rows.fetchone()
            if row is None:
                return None
            review = _review(row)
            if review.scheduled:
                later = conn.execute("SELECT 1 FROM reviews WHERE card_id = ? AND id > ? AND scheduled = 1",
                                     (review.card_id, review.id)).fetchone()
                if later:
                    raise StoreError(f"cannot undo the review of '{review.card_id}': it has been reviewed since")
                if row[-1] is None:
                    conn.execute("DELETE FROM cards WHERE id = ?", (review.card_id,))
                else:
                    _put_card(conn, CardRecord.from_snapshot(review.card_id, row[-1]))
            conn.execute("DELETE FROM reviews WHERE id = ?", (review.id,))
        return review

    def reviews(self, card_id: str | None = None, since: datetime | None = None) -> list[ReviewRecord]:
        """Reviews in time order, optionally of one card and/or from `since` on."""
        where, args = [], []
        if card_id is not None:
            where.append("card_id = ?")
            args.append(card_id)
        if since is not None:
            where.append("reviewed_at >= ?")
            args.append(iso(since))
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return [_review(r) for r in self._query(f"SELECT {_REVIEW_COLS} FROM reviews {clause} ORDER BY id", args)]

    def new_cards_since(self, since: datetime) -> int:
        """How many question cards got their first scheduled review at or after `since` (the daily new limit).

        Drill cards (`drill:<kind>`) have their own schedule and do not use up the new-question limit.
        """
        rows = self._query("SELECT COUNT(DISTINCT card_id) FROM reviews WHERE scheduled = 1 AND state_before IS NULL"
                           " AND reviewed_at >= ? AND card_id NOT LIKE 'drill:%'", (iso(since),))
        return int(rows[0][0])

    # -- settings ----------------------------------------------------------------------------------
    def get_setting(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_setting(self, key: str, value: object) -> None:
        with self._write() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                         " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, str(value)))

    def retention(self) -> float:
        """The saved desired retention (default 0.9)."""
        from cnnquiz.quiz.scheduler import DEFAULT_RETENTION

        saved = self.get_setting("retention")
        return float(saved) if saved else DEFAULT_RETENTION


_REVIEW_COLS = "id, card_id, reviewed_at, rating, score, answer, seconds, mode, scheduled, state_before"


def _card(row: sqlite3.Row | tuple) -> CardRecord:
    return CardRecord(row[0], Card.from_json(row[3]), int(row[1]), int(row[2]))


def _review(row: sqlite3.Row | tuple) -> ReviewRecord:
    return ReviewRecord(int(row[0]), row[1], from_iso(row[2]), Rating(int(row[3])), row[4], row[5], float(row[6]),
                        row[7], bool(row[8]), row[9])


def _put_card(conn: sqlite3.Connection, rec: CardRecord) -> None:
    conn.execute(
        "INSERT INTO cards (id, kind, state, due, lapses, reps, fsrs) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET state = excluded.state, due = excluded.due, lapses = excluded.lapses,"
        " reps = excluded.reps, fsrs = excluded.fsrs",
        (rec.id, card_kind(rec.id), int(rec.card.state), iso(rec.card.due), rec.lapses, rec.reps, rec.card.to_json()))


def _check_file(path: Path) -> None:
    """Refuse a directory or a file that is not SQLite, before sqlite3 gets to touch it."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a progress database; pass --db FILE")
    if not path.exists():
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the progress database: {exc.strerror}") from None
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not a cnnquiz database (not SQLite); {MOVE_ASIDE}")


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Accept an empty file or one marked with our application_id at a version we know; check integrity."""
    conn.execute("BEGIN")  # one read snapshot: another process may be migrating a fresh file right now
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        objects = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    finally:
        conn.execute("COMMIT")
    if app_id != APPLICATION_ID and not (app_id == 0 and version == 0 and objects == 0):
        raise StoreError(f"{path} is a SQLite file but not a cnnquiz database; {MOVE_ASIDE}")
    if version > LATEST:
        raise StoreError(f"{path} was written by a newer cnnquiz (schema {version} > {LATEST}); upgrade cnnquiz")
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise StoreError(f"{path} is corrupt ({result}); {MOVE_ASIDE}")


def _db_error(path: Path, exc: sqlite3.Error) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(f"{path} is locked by another cnnquiz process; try again in a moment")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(f"{path} is corrupt ({text}); {MOVE_ASIDE}")
    return StoreError(f"{path}: database error: {text}")
