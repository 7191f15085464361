"""Numbered schema migrations of the progress database; PRAGMA user_version holds the last one applied."""

from __future__ import annotations

import sqlite3

# "CNNQ": marks a SQLite file as a cnnquiz database (PRAGMA application_id).
APPLICATION_ID = 0x434E4E51

# Migration N is MIGRATIONS[N - 1]; never edit a released one, append a new one instead.
MIGRATIONS: tuple[str, ...] = (
    # 1: cards (one per card id, FSRS state as fsrs's own JSON), the review log, and settings.
    f"""
    PRAGMA application_id = {APPLICATION_ID};
    CREATE TABLE cards (
        id      TEXT PRIMARY KEY,          -- a question id, or `drill:<kind>`
        kind    TEXT NOT NULL,             -- question | drill | ...
        state   INTEGER NOT NULL,          -- fsrs State: 1 learning, 2 review, 3 relearning
        due     TEXT NOT NULL,             -- ISO 8601, UTC
        lapses  INTEGER NOT NULL DEFAULT 0,
        reps    INTEGER NOT NULL DEFAULT 0,
        fsrs    TEXT NOT NULL              -- fsrs Card.to_json(): the source of truth for scheduling
    );
    CREATE TABLE reviews (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        card_id      TEXT NOT NULL,
        reviewed_at  TEXT NOT NULL,        -- ISO 8601, UTC
        rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        score        REAL,                 -- grader score 0..1; NULL when not graded
        answer       TEXT NOT NULL DEFAULT '',
        seconds      REAL NOT NULL DEFAULT 0,
        mode         TEXT NOT NULL,
        scheduled    INTEGER NOT NULL,     -- 1 if the review moved the card's schedule (not cram/mock)
        state_before INTEGER,              -- the card's state before; NULL when it was new
        card_before  TEXT                  -- JSON of the cards row before (for undo); NULL when new
    );
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2: indexes for the due queue, per-card history and per-day statistics.
    """
    CREATE INDEX cards_by_due ON cards (due);
    CREATE INDEX reviews_by_card ON reviews (card_id, id);
    CREATE INDEX reviews_by_time ON reviews (reviewed_at);
    """,
    # 3: card flags, kept apart from cards so that a never-reviewed question can be suspended too.
    """
    CREATE TABLE card_flags (
        id           TEXT PRIMARY KEY,     -- a question id, or `drill:<kind>`
        suspended    INTEGER NOT NULL DEFAULT 0,
        buried_until TEXT                  -- ISO 8601, UTC: not asked before then; NULL when not buried
    );
    """,
)

LATEST = len(MIGRATIONS)


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (sqlite3's own completeness test, so `;` in text is safe)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> int:
    """Apply the missing migrations up to `target` in one write transaction; returns the version reached.

    The connection must be in autocommit mode (isolation_level=None). The version is re-read inside the
    transaction, so two processes opening a fresh file at once migrate it exactly once.
    """
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current >= target:
        return current  # up to date: no write transaction (and no fsync) on every open
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version + 1, target + 1):
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            version = number
        conn.execute(f"PRAGMA user_version = {int(version)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return version
