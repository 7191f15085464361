"""The SQLite progress store: FSRS cards, the review log and settings; every rating is committed at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from cnnquiz.errors import StoreError
from cnnquiz.progress.dbfile import StoreLocked  # noqa: F401  (re-exported: callers catch store.StoreLocked)
from cnnquiz.progress.dbfile import MOVE_ASIDE, db_error, open_connection
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.records import (CardRecord, CorruptRow, Flags, Merged, ReviewRecord, card_row, flags_row, iso,
                                      last_review, review_row)
from cnnquiz.progress.scheduler import Srs, as_utc, card_kind, is_lapse, utcnow


class Store:
    """A checked, migrated connection to one progress database (use Store.open)."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    # -- opening -----------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, write: bool = True) -> Store:
        """Open (creating if needed) a progress database; a foreign or corrupt file raises StoreError.

        An existing file is checked through a read-only connection first, so a refused file is left
        byte for byte as it was. With write=True (commands that rate or change cards) write access is
        probed at once, so a read-only database is reported before the user types an answer.
        """
        path = Path(path).expanduser()
        return cls(path, open_connection(path, write=write))

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
            raise db_error(self.path, exc) from None
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise db_error(self.path, exc) from None
            raise

    def _query(self, sql: str, args: Iterable[object] = ()) -> list[sqlite3.Row]:
        try:
            cur = self._conn.execute(sql, tuple(args))
            return cur.fetchall()
        except sqlite3.DatabaseError as exc:
            raise db_error(self.path, exc) from None

    # -- cards -------------------------------------------------------------------------------------
    def get_card(self, card_id: str) -> CardRecord | None:
        rows = self._query("SELECT id, lapses, reps, fsrs FROM cards WHERE id = ?", (card_id,))
        return self._decode(card_row, rows[0]) if rows else None

    def cards(self) -> dict[str, CardRecord]:
        """Every card that has been reviewed, by id."""
        rows = self._query("SELECT id, lapses, reps, fsrs FROM cards ORDER BY id")
        return {r[0]: self._decode(card_row, r) for r in rows}

    def due_card_ids(self, now: datetime | None = None) -> list[str]:
        """Ids of cards due at `now` (any kind: question ids and `drill:...` ids), most overdue first.

        Suspended cards and cards buried until later are left out.
        """
        now_iso = iso(now or utcnow())
        rows = self._query("SELECT c.id FROM cards c LEFT JOIN card_flags f ON f.id = c.id WHERE c.due <= ?"
                           " AND COALESCE(f.suspended, 0) = 0 AND (f.buried_until IS NULL OR f.buried_until <= ?)"
                           " ORDER BY c.due, c.id", (now_iso, now_iso))
        return [r[0] for r in rows]

    # -- flags: suspend, bury, reset ----------------------------------------------------------------
    def flags(self) -> dict[str, Flags]:
        """The flags of every card that has any."""
        rows = self._query("SELECT id, suspended, buried_until FROM card_flags ORDER BY id")
        return {r[0]: self._decode(flags_row, r) for r in rows}

    def hidden_ids(self, now: datetime | None = None) -> set[str]:
        """Ids practice must not ask at `now`: suspended, or buried until later."""
        now = as_utc(now)
        return {cid for cid, f in self.flags().items() if f.hidden(now)}

    def set_suspended(self, card_ids: Iterable[str], suspended: bool) -> None:
        with self._write() as conn:
            for cid in card_ids:
                conn.execute("INSERT INTO card_flags (id, suspended) VALUES (?, ?) ON CONFLICT(id)"
                             " DO UPDATE SET suspended = excluded.suspended", (cid, int(suspended)))

    def bury(self, card_ids: Iterable[str], until: datetime) -> None:
        """Leave the cards out of practice until `until` (then they are due as before)."""
        with self._write() as conn:
            for cid in card_ids:
                conn.execute("INSERT INTO card_flags (id, buried_until) VALUES (?, ?) ON CONFLICT(id)"
                             " DO UPDATE SET buried_until = excluded.buried_until", (cid, iso(as_utc(until))))

    def reset(self, card_ids: Iterable[str]) -> int:
        """Make the cards new again (their FSRS state is dropped; the review log is kept); how many were reset."""
        with self._write() as conn:
            return sum(conn.execute("DELETE FROM cards WHERE id = ?", (cid,)).rowcount for cid in card_ids)

    # -- reviews -----------------------------------------------------------------------------------
    def record_review(self, card_id: str, rating: Rating, score: float | None = None, answer: str = "",
                      seconds: float = 0.0, *, mode: str = "review", schedule: bool = True,
                      srs: Srs | None = None, now: datetime | None = None) -> ReviewRecord:
        """Log a review and (unless schedule=False, as in cram) move the card's FSRS state; one commit.

        The card is read inside the write transaction, so a review made meanwhile by another session is
        built upon, not overwritten.
        """
        with self._write() as conn:
            return self._record(conn, card_id, Rating(int(rating)), score, answer, seconds, mode, schedule,
                                srs, as_utc(now))

    def rerate(self, review_id: int, rating: Rating, score: float | None = None, answer: str = "",
               seconds: float = 0.0, *, mode: str = "review", schedule: bool = True,
               srs: Srs | None = None, now: datetime | None = None) -> ReviewRecord:
        """Replace a review by a new rating in one transaction: undo it and record the new one, or neither.

        An interruption at any moment leaves either the original review or the new one, never none.
        """
        with self._write() as conn:
            review = self._undo(conn, review_id)
            if review is None:
                raise StoreError(f"review {review_id} no longer exists")
            return self._record(conn, review.card_id, Rating(int(rating)), score, answer, seconds, mode, schedule,
                                srs, as_utc(now))

    def _record(self, conn: sqlite3.Connection, card_id: str, rating: Rating, score: float | None, answer: str,
                seconds: float, mode: str, schedule: bool, srs: Srs | None, now: datetime) -> ReviewRecord:
        rows = conn.execute("SELECT id, lapses, reps, fsrs FROM cards WHERE id = ?", (card_id,)).fetchall()
        before = self._decode(card_row, rows[0]) if rows else None
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
        return ReviewRecord(int(cur.lastrowid), card_id, now, rating, score, answer, float(seconds), mode, schedule,
                            int(before.state) if before else None)

    def card_before(self, review_id: int) -> CardRecord | None:
        """The card as it was just before a review (None when the review was its first, or not scheduled)."""
        rows = self._query("SELECT card_id, card_before FROM reviews WHERE id = ?", (review_id,))
        if not rows or rows[0][1] is None:
            return None
        return CardRecord.from_snapshot(rows[0][0], rows[0][1])

    def check_undo(self, review_id: int) -> None:
        """Raise StoreError if undoing this review would erase a later scheduled review of its card."""
        rows = self._query("SELECT card_id, scheduled FROM reviews WHERE id = ?", (review_id,))
        if not rows:
            raise StoreError(f"review {review_id} no longer exists")
        card_id, scheduled = rows[0]
        if scheduled and self._query("SELECT 1 FROM reviews WHERE card_id = ? AND id > ? AND scheduled = 1",
                                     (card_id, review_id)):
            raise StoreError(f"cannot undo the review of '{card_id}': it has been reviewed since")

    def undo(self, review_id: int | None = None) -> ReviewRecord | None:
        """Delete a review (default: the newest) and restore the card to its state before it.

        Refuses (StoreError) when the card has had a later scheduled review, which the undo would erase.
        """
        with self._write() as conn:
            if review_id is None:
                row = conn.execute("SELECT id FROM reviews ORDER BY id DESC LIMIT 1").fetchone()
                if row is None:
                    return None
                review_id = int(row[0])
            return self._undo(conn, review_id)

    def _undo(self, conn: sqlite3.Connection, review_id: int) -> ReviewRecord | None:
        row = conn.execute(f"SELECT {_REVIEW_COLS}, card_before FROM reviews WHERE id = ?", (review_id,)).fetchone()
        if row is None:
            return None
        review = self._decode(review_row, row)
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
        """Reviews in log order (time order, except that imported reviews come last), optionally filtered."""
        where, args = [], []
        if card_id is not None:
            where.append("card_id = ?")
            args.append(card_id)
        if since is not None:
            where.append("reviewed_at >= ?")
            args.append(iso(since))
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._query(f"SELECT {_REVIEW_COLS} FROM reviews {clause} ORDER BY id", args)
        return [self._decode(review_row, r) for r in rows]

    def raw_reviews(self) -> list[tuple]:
        """Every review row as stored (for backups): card_id, reviewed_at, ..., state_before, card_before."""
        return [tuple(r) for r in self._query(
            "SELECT card_id, reviewed_at, rating, score, answer, seconds, mode, scheduled, state_before, card_before"
            " FROM reviews ORDER BY reviewed_at, id")]

    def merge(self, cards: list[CardRecord], reviews: list[tuple], flags: list[tuple[str, bool, str | None]],
              settings: dict[str, str]):
        """Merge backed-up progress in one transaction (see cnnquiz.progress.backup.merge); returns a Merged."""

        added = updated = new_reviews = present = new_settings = 0
        with self._write() as conn:
            for row in reviews:
                if conn.execute("SELECT 1 FROM reviews WHERE card_id = ? AND reviewed_at = ?", row[:2]).fetchone():
                    present += 1
                    continue
                conn.execute("INSERT INTO reviews (card_id, reviewed_at, rating, score, answer, seconds, mode,"
                             " scheduled, state_before, card_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
                new_reviews += 1
            for rec in cards:
                rows = conn.execute("SELECT id, lapses, reps, fsrs FROM cards WHERE id = ?", (rec.id,)).fetchall()
                mine = self._decode(card_row, rows[0]) if rows else None
                if mine is None:
                    added += 1
                elif last_review(rec) > last_review(mine):
                    updated += 1
                else:
                    continue
                _put_card(conn, rec)
            for cid, suspended, buried in flags:
                conn.execute("INSERT OR IGNORE INTO card_flags (id, suspended, buried_until) VALUES (?, ?, ?)",
                             (cid, int(suspended), buried))
            for key, value in settings.items():
                cur = conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (key, value))
                new_settings += cur.rowcount
        return Merged(added, updated, new_reviews, present, new_settings)

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

    def settings(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._query("SELECT key, value FROM settings ORDER BY key")}

    def delete_setting(self, key: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM settings WHERE key = ?", (key,))

    def set_setting(self, key: str, value: object) -> None:
        with self._write() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                         " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, str(value)))

    def retention(self) -> float:
        """The saved desired retention (default 0.9)."""
        from cnnquiz.progress.scheduler import DEFAULT_RETENTION

        saved = self.get_setting("retention")
        try:
            return float(saved) if saved else DEFAULT_RETENTION
        except ValueError:
            raise CorruptRow(f"{self.path}: the saved retention '{saved}' is not a number") from None

    def _decode(self, decode, row):
        """Decode a row; a row that is not valid cnnquiz data raises CorruptRow naming the file and the row."""
        try:
            return decode(row)
        except CorruptRow as exc:
            raise CorruptRow(f"{self.path}: corrupt row: {exc}; {MOVE_ASIDE}") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CorruptRow(f"{self.path}: corrupt row '{row[0]}' ({type(exc).__name__}: {exc}); "
                             f"{MOVE_ASIDE}") from None


_REVIEW_COLS = "id, card_id, reviewed_at, rating, score, answer, seconds, mode, scheduled, state_before"


def _put_card(conn: sqlite3.Connection, rec: CardRecord) -> None:
    conn.execute(
        "INSERT INTO cards (id, kind, state, due, lapses, reps, fsrs) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET state = excluded.state, due = excluded.due, lapses = excluded.lapses,"
        " reps = excluded.reps, fsrs = excluded.fsrs",
        (rec.id, card_kind(rec.id), int(rec.card.state), iso(rec.card.due), rec.lapses, rec.reps, rec.card.to_json()))
