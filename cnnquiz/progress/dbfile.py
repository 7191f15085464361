"""Opening a progress database file safely: regular files only, read-only schema checks, a write probe."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from cnnquiz.errors import StoreError
from cnnquiz.progress.migrations import APPLICATION_ID, LATEST, migrate

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
MOVE_ASIDE = "move it aside (or pass --db PATH) and cnnquiz will start a new one"


class StoreLocked(StoreError):
    """Another program held the database's write lock for longer than the busy timeout."""


def check_file(path: Path) -> None:
    """Refuse a directory or a file that is not SQLite, before sqlite3 gets to touch it."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a progress database; pass --db FILE")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the progress database: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise StoreError(f"{path} is not a regular file (a device, FIFO or socket); pass --db FILE")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the progress database: {exc.strerror}") from None
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not a cnnquiz database (not SQLite); {MOVE_ASIDE}")


def check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Accept an empty file or one marked with our application_id at a version we know; check integrity."""
    conn.execute("BEGIN")  # one read snapshot: another process may be migrating a fresh file right now
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        objects = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    finally:
        conn.execute("COMMIT")
    if app_id != APPLICATION_ID and not (app_id == 0 and version == 0 and objects == 0 and half_created(conn)):
        raise StoreError(f"{path} is a SQLite file but not a cnnquiz database; {MOVE_ASIDE}")
    if version > LATEST:
        raise StoreError(f"{path} was written by a newer cnnquiz (schema {version} > {LATEST}); upgrade cnnquiz")
    result = str(conn.execute("PRAGMA quick_check").fetchone()[0])
    if result != "ok":
        first = result.splitlines()[0] if result.strip() else result
        raise StoreError(f"{path} is corrupt ({first.strip()}); {MOVE_ASIDE}")


def half_created(conn: sqlite3.Connection) -> bool:
    """An empty database as cnnquiz leaves it when stopped between creating it and migrating: no page yet,
    or switched to WAL (cnnquiz's first write). Another app's empty database (rollback journal) is refused.

    Asked through the connection, never by opening the file: closing a second descriptor of a SQLite file
    drops this process's POSIX locks on it, and another process may then reset a WAL with our reviews in it.
    """
    if conn.execute("PRAGMA page_count").fetchone()[0] == 0:
        return True
    return str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"


def connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """A sqlite3 connection in autocommit mode (read_only: SQLite's mode=ro, which never writes the file)."""
    if read_only:
        uri = f"file:{path.resolve().as_posix()}?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)


def check_read_only(path: Path) -> None:
    """Run the schema checks on a read-only connection: a refused file is not even checkpointed."""
    try:
        conn = connect(path, read_only=True)
    except sqlite3.Error:
        return  # e.g. no -shm can be made in a read-only folder: the read-write open below reports it
    try:
        check_schema(conn, path)
    except sqlite3.OperationalError:
        pass  # a read-only connection cannot recover a hot WAL; the read-write open checks again
    except sqlite3.DatabaseError as exc:
        raise db_error(path, exc) from None
    finally:
        conn.close()


def probe_write(conn: sqlite3.Connection, path: Path) -> None:
    """Fail now, not at the first rating, when the database or its folder cannot be written."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("INSERT INTO settings (key, value) VALUES ('.write-probe', '') ON CONFLICT(key)"
                         " DO UPDATE SET value = excluded.value")
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "readonly" in str(exc) or "read-only" in str(exc):
            where = path.parent
            folder = "" if os.access(where, os.W_OK) else (
                f" (its folder {where} is not writable, and SQLite must create {path.name}-wal and "
                f"{path.name}-shm beside it)")
            raise StoreError(f"{path} is read-only{folder}: progress cannot be saved; make it writable or "
                             f"pass --db PATH") from None
        raise


def db_error(path: Path, exc: sqlite3.Error) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreLocked(f"{path} is locked by another program; try again in a moment")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(f"{path} is corrupt ({text}); {MOVE_ASIDE}")
    return StoreError(f"{path}: database error: {text}")


def open_connection(path: Path, *, write: bool = True) -> sqlite3.Connection:
    """A checked, migrated WAL connection to the progress database at `path` (created if missing).

    An existing file is checked through a read-only connection first, so a refused file is left byte for
    byte as it was; with write=True write access is probed at once. A foreign or corrupt file: StoreError.
    """
    check_file(path)
    if path.exists() and path.stat().st_size > 0:
        check_read_only(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = connect(path)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{path}: cannot open the progress database: {exc}") from None
    try:
        check_schema(conn, path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn)
        if write:
            probe_write(conn, path)
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise db_error(path, exc) from None
    return conn
