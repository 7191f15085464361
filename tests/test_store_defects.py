"""Reliability defects of the store: read-only DB found at open (M6), corrupt rows (L9), refused files left
byte-identical (L10), FIFOs and devices refused (L12), card flags (suspend, bury, reset)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cnnquiz.errors import StoreError
from cnnquiz.progress import dbfile
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.records import CorruptRow
from cnnquiz.progress.store import Store

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_only_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every read-write connection behave as on a file the user cannot write (root ignores chmod)."""
    original = dbfile.connect

    def connect(path: Path, read_only: bool = False):
        return original(path, read_only=True)

    monkeypatch.setattr(dbfile, "connect", connect)


def test_a_read_only_database_is_refused_at_open_not_at_the_first_rating(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record_review("q", Rating.GOOD, now=T0)
    read_only_connect(monkeypatch)
    with pytest.raises(StoreError, match="read-only") as err:
        Store.open(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)
    with Store.open(path, write=False) as s:  # commands that only read still work
        assert len(s.reviews()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_file_is_refused_at_open(tmp_path):
    path = tmp_path / "p.db"
    Store.open(path).close()
    path.chmod(0o444)
    with pytest.raises(StoreError, match="read-only"):
        Store.open(path)


def test_the_practice_command_stops_before_asking_on_a_read_only_db(cli, tmp_path, monkeypatch):
    from tests.quizbank import write_bank

    bank = write_bank(tmp_path / "bank")
    db = tmp_path / "p.db"
    Store.open(db).close()
    read_only_connect(monkeypatch)
    result = cli("--bank", str(bank), "--only", "practice", "--db", str(db), input="an answer\n\n3\n")
    assert result.exit_code == 1
    assert "read-only" in result.output and "Why do residual" not in result.output
    assert cli("--bank", str(bank), "--only", "stats", "--db", str(db)).exit_code == 0  # reading still works


@pytest.mark.parametrize("sql,words", [
    ("UPDATE cards SET fsrs = 'not json'", "corrupt row 'q'"),
    ("UPDATE reviews SET reviewed_at = 'yesterday'", "corrupt row"),
])
def test_rows_that_are_not_cnnquiz_data_give_one_line(tmp_path, sql, words):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record_review("q", Rating.GOOD, now=T0)
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()
    with Store.open(path) as s, pytest.raises(CorruptRow, match=words) as err:
        s.cards()
        s.reviews()
    assert "\n" not in str(err.value) and "move it aside" in str(err.value)


def test_stats_on_a_corrupt_row_is_one_line_not_a_traceback(cli, tmp_path):
    db = tmp_path / "p.db"
    with Store.open(db) as s:
        s.record_review("drill:rf", Rating.GOOD, now=T0)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE reviews SET reviewed_at = 'yesterday'")
    conn.commit()
    conn.close()
    result = cli("stats", "--db", str(db))
    assert result.exit_code == 1 and "corrupt row" in result.output


def test_a_refused_foreign_database_keeps_its_wal_untouched(tmp_path):
    live = tmp_path / "live.db"
    conn = sqlite3.connect(live)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE notes (x)")
    conn.execute("INSERT INTO notes VALUES ('kept in the wal')")
    conn.commit()
    copy = tmp_path / "copy" / "other.db"
    copy.parent.mkdir()
    shutil.copy(live, copy)
    shutil.copy(f"{live}-wal", f"{copy}-wal")  # a crashed app's database: its data still in the WAL
    conn.close()
    before = digest(copy), digest(Path(f"{copy}-wal"))
    with pytest.raises(StoreError, match="not a cnnquiz database"):
        Store.open(copy)
    assert (digest(copy), digest(Path(f"{copy}-wal"))) == before


def test_a_fifo_as_database_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "p.db"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="not a regular file"):
        Store.open(fifo)


def test_suspend_bury_and_reset(tmp_path):
    with Store.open(tmp_path / "p.db") as s:
        s.record_review("a", Rating.AGAIN, now=T0)
        s.record_review("b", Rating.AGAIN, now=T0)
        s.record_review("c", Rating.AGAIN, now=T0)
        later = T0 + timedelta(days=1)
        assert s.due_card_ids(later) == ["a", "b", "c"]
        s.set_suspended(["a", "never-seen"], True)
        s.bury(["b"], until=T0 + timedelta(days=2))
        assert s.due_card_ids(later) == ["c"]
        assert s.hidden_ids(later) == {"a", "b", "never-seen"}
        assert s.due_card_ids(T0 + timedelta(days=3)) == ["b", "c"]  # burial ends
        s.set_suspended(["a"], False)
        assert "a" in s.due_card_ids(later)
        assert s.reset(["c", "nope"]) == 1
        assert s.get_card("c") is None and len(s.reviews("c")) == 1  # new again, history kept


def test_another_apps_empty_database_is_refused_and_left_as_it_was(tmp_path):
    # L10: an empty SQLite file from another app (page size set, no tables) was silently turned into a
    # cnnquiz database. A file cnnquiz itself left half-created (0 bytes, or just switched to WAL) is adopted.
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("PRAGMA page_size = 8192")
    conn.execute("VACUUM")
    conn.close()
    before = digest(foreign)
    with pytest.raises(StoreError, match="not a cnnquiz database"):
        Store.open(foreign)
    assert digest(foreign) == before and sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    half = tmp_path / "half.db"
    conn = sqlite3.connect(half, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")  # where a kill during cnnquiz's first open leaves a new file
    conn.close()
    empty = tmp_path / "empty.db"
    empty.touch()
    for path in (half, empty):
        with Store.open(path) as store:
            store.record_review("q", Rating.GOOD)
