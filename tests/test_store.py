"""The SQLite store: migrations, foreign/corrupt files, reviews, undo, lapses, settings, concurrent writers."""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import State

from cnnquiz.errors import StoreError
from cnnquiz.progress import migrations
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.scheduler import Srs
from cnnquiz.progress.store import Store

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "p.db") as s:
        yield s


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fresh_database_is_migrated_in_wal_mode(tmp_path: Path):
    path = tmp_path / "sub" / "p.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"cards", "reviews", "settings"} <= tables


def test_old_database_is_migrated_and_keeps_its_data(tmp_path: Path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(conn, target=1) == 1
    conn.execute("INSERT INTO settings (key, value) VALUES ('new_limit', '7')")
    conn.execute("INSERT INTO reviews (card_id, reviewed_at, rating, score, answer, seconds, mode, scheduled)"
                 " VALUES ('resnet-skip', '2025-03-01T09:00:00.000000+00:00', 3, 0.9, 'skip', 4, 'mixed', 0)")
    conn.close()
    with Store.open(path) as s:
        assert s.get_setting("new_limit") == "7"
        [review] = s.reviews()
        assert review.card_id == "resnet-skip" and review.rating is Rating.GOOD and review.score == 0.9
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"cards_by_due", "reviews_by_card", "reviews_by_time"} <= indexes


def test_migrate_is_idempotent(tmp_path: Path):
    conn = sqlite3.connect(tmp_path / "p.db", isolation_level=None)
    assert migrations.migrate(conn) == migrations.LATEST
    assert migrations.migrate(conn) == migrations.LATEST


def test_a_failing_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "p.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, target=1)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS[:1], "CREATE INDEX x ON nope (y);"))
    with pytest.raises(sqlite3.OperationalError):
        migrations.migrate(conn, target=2)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


@pytest.mark.parametrize("content,words", [
    (b"name,score\nresnet,1\n", "not SQLite"),
    (b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 100, "corrupt"),
])
def test_non_database_files_are_refused_and_left_untouched(tmp_path: Path, content: bytes, words: str):
    path = tmp_path / "p.db"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(StoreError) as err:
        Store.open(path)
    message = str(err.value)
    assert "\n" not in message and str(path) in message and words in message and "move it aside" in message
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.db"]


def test_a_foreign_sqlite_database_is_refused_and_left_untouched(tmp_path: Path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="not a cnnquiz database"):
        Store.open(path)
    assert digest(path) == before


def test_a_newer_schema_is_refused(tmp_path: Path):
    path = tmp_path / "p.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer cnnquiz"):
        Store.open(path)


def test_a_folder_is_refused(tmp_path: Path):
    with pytest.raises(StoreError, match="folder"):
        Store.open(tmp_path)


def test_record_review_creates_and_advances_a_card(store: Store):
    review = store.record_review("resnet-skip", Rating.GOOD, 0.8, "identity shortcut", 12.5, mode="mixed", now=T0)
    assert review.state_before is None and review.scheduled
    card = store.get_card("resnet-skip")
    assert card.reps == 1 and card.state == State.Learning and card.due > T0
    expected = Srs().review(Srs.new_card("resnet-skip", T0), Rating.GOOD, T0)
    assert card.card.to_dict() == expected.to_dict()
    [logged] = store.reviews()
    assert (logged.answer, logged.seconds, logged.mode, logged.score) == ("identity shortcut", 12.5, "mixed", 0.8)
    assert logged.reviewed_at == T0


def test_record_review_uses_the_saved_retention(store: Store):
    card = Srs(0.9).review(Srs.new_card("q", T0), Rating.EASY, T0)
    store.set_setting("retention", 0.97)
    store.record_review("q", Rating.EASY, now=T0)
    store.record_review("q", Rating.GOOD, now=card.due)
    shorter = store.get_card("q").due - card.due
    assert shorter < Srs(0.9).review(card, Rating.GOOD, card.due).due - card.due


def test_unscheduled_reviews_leave_the_card_alone(store: Store):
    store.record_review("q", Rating.EASY, now=T0)
    before = store.get_card("q")
    store.record_review("q", Rating.AGAIN, 0.1, "no idea", mode="cram", schedule=False, now=T0 + timedelta(days=9))
    assert store.get_card("q") == before
    assert store.get_card("never-seen") is None
    store.record_review("never-seen", Rating.GOOD, schedule=False, mode="mock", now=T0)
    assert store.get_card("never-seen") is None
    assert [r.mode for r in store.reviews()] == ["review", "cram", "mock"]


def test_undo_restores_the_previous_state(store: Store):
    store.record_review("q", Rating.GOOD, now=T0)
    after_first = store.get_card("q")
    second = store.record_review("q", Rating.AGAIN, now=T0 + timedelta(minutes=20))
    assert store.get_card("q") != after_first
    undone = store.undo()
    assert undone.id == second.id and undone.rating is Rating.AGAIN
    assert store.get_card("q") == after_first
    assert len(store.reviews()) == 1
    store.undo()
    assert store.get_card("q") is None and store.reviews() == []
    assert store.undo() is None


def test_undo_a_given_review_refuses_when_the_card_moved_on(store: Store):
    first = store.record_review("q", Rating.GOOD, now=T0)
    store.record_review("q", Rating.GOOD, now=T0 + timedelta(hours=1))
    with pytest.raises(StoreError, match="reviewed since"):
        store.undo(first.id)
    assert len(store.reviews()) == 2


def test_lapses_count_again_on_review_cards_and_flag_leeches(store: Store):
    now = T0
    store.record_review("q", Rating.EASY, now=now)
    for _ in range(6):
        card = store.get_card("q")
        assert card.state == State.Review
        now = card.due
        store.record_review("q", Rating.AGAIN, now=now)  # a lapse: Review -> Relearning
        now = store.get_card("q").due
        store.record_review("q", Rating.GOOD, now=now)  # relearnt: back to Review
    card = store.get_card("q")
    assert card.lapses == 6 and card.is_leech and card.reps == 13
    store.undo()
    store.undo()
    assert store.get_card("q").lapses == 5 and not store.get_card("q").is_leech


def test_due_card_ids_include_drill_cards_in_due_order(store: Store):
    store.record_review("b", Rating.AGAIN, now=T0)
    store.record_review("drill:depthwise", Rating.AGAIN, now=T0 - timedelta(minutes=5))
    store.record_review("c", Rating.EASY, now=T0)
    assert store.get_card("drill:depthwise") is not None
    assert store.due_card_ids(T0 + timedelta(hours=1)) == ["drill:depthwise", "b"]
    assert store.due_card_ids(T0 - timedelta(days=1)) == []
    kinds = dict(sqlite3.connect(store.path).execute("SELECT id, kind FROM cards").fetchall())
    assert kinds == {"b": "question", "c": "question", "drill:depthwise": "drill"}


def test_new_cards_since_counts_first_scheduled_reviews(store: Store):
    store.record_review("a", Rating.GOOD, now=T0)
    store.record_review("a", Rating.GOOD, now=T0 + timedelta(hours=1))
    store.record_review("b", Rating.GOOD, now=T0 + timedelta(hours=2))
    store.record_review("c", Rating.GOOD, schedule=False, mode="cram", now=T0 + timedelta(hours=2))
    store.record_review("drill:rf", Rating.GOOD, now=T0 + timedelta(hours=2))  # drills have their own schedule
    assert store.new_cards_since(T0) == 2
    assert store.new_cards_since(T0 + timedelta(minutes=90)) == 1


def test_settings_round_trip(store: Store):
    assert store.get_setting("new_limit") is None and store.retention() == 0.9
    store.set_setting("new_limit", 15)
    store.set_setting("new_limit", 20)
    assert store.get_setting("new_limit") == "20"


def _writer(path: str, prefix: str, n: int) -> None:
    with Store.open(path) as s:
        for i in range(n):
            s.record_review(f"{prefix}{i % 5}", Rating((i % 4) + 1), 0.5, "x" * 50, 1.0)


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path):
    path = str(tmp_path / "p.db")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, prefix, 60)) for prefix in ("a", "a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with Store.open(path) as s:
        assert len(s.reviews()) == 180
        cards = s.cards()
        assert sum(c.reps for c in cards.values()) == 180  # every review built on the one before it
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _open_and_review(path: str) -> None:
    with Store.open(path) as s:
        s.record_review("q", Rating.GOOD)


@pytest.mark.slow
def test_processes_racing_to_create_a_fresh_database_all_succeed(tmp_path: Path):
    # Regression: the schema check read application_id and user_version in separate snapshots, so a
    # process could see a half-created (by another process) file as "not a cnnquiz database".
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    for i in range(15):
        path = str(tmp_path / f"p{i}.db")
        procs = [ctx.Process(target=_open_and_review, args=(path,)) for _ in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0, 0, 0, 0]
        with Store.open(path) as s:
            assert len(s.reviews()) == 4 and s.get_card("q").reps == 4
