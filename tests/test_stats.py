"""`stats`: counts, streak, true retention, due forecast, topic mastery, leeches, hardest; JSON shape and table."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cnnquiz import paths
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.scheduler import Srs
from cnnquiz.progress.store import Store
from cnnquiz.progress.scheduler import local_day_start
from cnnquiz.quiz.stats import compute_stats, streak
from tests.quizbank import load_test_bank, write_bank

NOW = datetime(2025, 3, 20, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def bank(tmp_path: Path):
    return load_test_bank(tmp_path / "bank")


@pytest.fixture
def store():
    with Store.open(paths.default_db_path()) as s:
        yield s


def test_empty_store(bank, store):
    s = compute_stats(bank, store, NOW)
    data = s.to_json()
    assert (data["reviews"], data["reviews_today"], data["streak_days"], data["retention_30d"]) == (0, 0, 0, None)
    assert data["due"] == {"now": 0, "today": 0, "next_14_days": [0] * 14}
    assert [t["topic"] for t in data["topics"]] == ["resnet", "mobilenet", "attention", "normalization", "flops",
                                                    "gradients"]  # the order of bank.schema.TOPICS
    assert all(t["mastery"] == 0 and t["seen"] == 0 for t in data["topics"])
    assert data["leeches"] == [] and data["hardest"] == [] and data["cards"] == []


def test_streak_counts_back_from_today_or_yesterday():
    d = NOW.date()
    days = {d - timedelta(days=i) for i in (1, 2, 3, 5)}
    assert streak(days, d) == 3
    assert streak(days | {d}, d) == 4
    assert streak(days, d + timedelta(days=1)) == 0


def test_counts_retention_time_and_hardest(bank, store):
    day = timedelta(days=1)
    store.record_review("batchnorm-inference", Rating.EASY, None, "", 4, now=NOW - 60 * day)
    store.record_review("batchnorm-inference", Rating.AGAIN, None, "", 4, now=NOW - 45 * day)  # lapse, too old
    store.record_review("resnet-skip", Rating.EASY, 0.9, "a", 30, now=NOW - 25 * day)
    lapse_at = store.get_card("resnet-skip").due
    assert NOW - 30 * day < lapse_at < NOW - 2 * day
    store.record_review("resnet-skip", Rating.AGAIN, 0.2, "b", 20, now=lapse_at)          # lapse: counted
    store.record_review("resnet-skip", Rating.GOOD, 0.7, "c", 10, now=NOW - 2 * day)      # relearning: not counted
    store.record_review("depthwise-cost", Rating.EASY, 1.0, "d", 15, now=NOW - 20 * day)  # learning: not counted
    store.record_review("depthwise-cost", Rating.GOOD, 0.8, "e", 25, now=NOW - day)       # recalled: counted
    store.record_review("se-block", Rating.HARD, 0.5, "f", 5, mode="cram", schedule=False, now=NOW - day)
    store.record_review("se-block", Rating.GOOD, None, "", 4, now=local_day_start(NOW) + timedelta(minutes=1))
    s = compute_stats(bank, store, NOW)
    assert s.reviews == 9 and s.reviews_today == 1
    assert s.time_spent_seconds == 117
    assert s.streak_days == 3  # today, yesterday, two days ago
    assert s.retention_30d == 0.5
    hardest = [(h.id, round(h.mean_score, 3), h.reviews) for h in s.hardest]
    assert hardest == [("se-block", 0.5, 1), ("resnet-skip", 0.6, 3), ("depthwise-cost", 0.9, 2)]


def test_due_forecast_and_topic_mastery(bank, store):
    store.record_review("resnet-skip", Rating.AGAIN, now=NOW - timedelta(days=3))    # due 1 minute later: overdue
    store.record_review("depthwise-cost", Rating.EASY, now=NOW)                      # due in some days
    s = compute_stats(bank, store, NOW)
    due_days = (store.get_card("depthwise-cost").due.astimezone().date() - local_day_start(NOW).date()).days
    assert s.due_now == 1
    expected = [0] * 14
    expected[0] += 1
    expected[due_days] += 1
    assert s.forecast == expected
    topics = {t.topic: t for t in s.topics}
    assert topics["resnet"].seen == 1 and topics["resnet"].mastery == 0  # last rated Again: not known
    assert topics["mobilenet"].cards == 2 and topics["mobilenet"].seen == 1
    week = Srs().retrievability(store.get_card("depthwise-cost").card, NOW + timedelta(days=7))
    assert 0.5 < week < 1  # recall 7 days ahead, not the ~1.0 of right after the review
    assert topics["mobilenet"].mastery == pytest.approx(week / 2)  # se-block unseen counts 0
    assert topics["normalization"].mastery == 0
    assert [c.id for c in s.cards] == ["resnet-skip", "depthwise-cost"]


def test_leeches_and_drill_cards(bank, store):
    now = NOW - timedelta(days=500)
    store.record_review("se-block", Rating.EASY, now=now)
    for _ in range(6):
        store.record_review("se-block", Rating.AGAIN, now=store.get_card("se-block").due)
        store.record_review("se-block", Rating.GOOD, now=store.get_card("se-block").due)
    store.record_review("drill:depthwise", Rating.GOOD, now=NOW)
    store.record_review("gone-from-bank", Rating.GOOD, now=NOW)
    s = compute_stats(bank, store, NOW)
    assert s.leeches == ["se-block"]
    assert {c.id for c in s.cards} == {"se-block", "drill:depthwise"}  # cards of removed questions are left out
    assert s.reviews == 15


def test_stats_json_shape(cli, tmp_path):
    bank_dir = write_bank(tmp_path / "b")
    with Store.open(paths.default_db_path()) as store:
        store.record_review("resnet-skip", Rating.GOOD, 0.75, "x", 12.5)
    result = cli("--bank", str(bank_dir), "--only", "stats", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data) == ["reviews", "reviews_today", "streak_days", "retention_30d", "time_spent_seconds", "due",
                          "topics", "leeches", "hardest", "cards", "drills", "suspended", "buried", "interview"]
    assert data["reviews"] == 1 and data["reviews_today"] == 1 and data["streak_days"] == 1
    assert data["time_spent_seconds"] == 12.5 and data["retention_30d"] is None
    assert set(data["due"]) == {"now", "today", "next_14_days"} and len(data["due"]["next_14_days"]) == 14
    assert data["due"]["today"] == data["due"]["next_14_days"][0] == 1
    assert set(data["topics"][0]) == {"topic", "cards", "seen", "mastery"}
    assert data["hardest"] == [{"id": "resnet-skip", "mean_score": 0.75, "reviews": 1}]
    [card] = data["cards"]
    assert set(card) == {"id", "due", "state", "reviews"} and card["state"] == "learning" and card["reviews"] == 1
    assert datetime.fromisoformat(card["due"]).utcoffset() == timedelta(0)


def test_stats_table(cli, tmp_path):
    bank_dir = write_bank(tmp_path / "b")
    empty = cli("--bank", str(bank_dir), "--only", "stats")
    assert "No reviews yet" in empty.output
    with Store.open(paths.default_db_path()) as store:
        store.record_review("resnet-skip", Rating.GOOD, 0.25, "x", 70)
    out = cli("--bank", str(bank_dir), "--only", "stats").output
    assert "1 (1 today)" in out and "1 day" in out and "1m" in out
    assert "topic mastery" in out and "resnet" in out and "1/1" in out and "█" in out
    assert "topics not started (4): attention, flops, mobilenet, normalization" in out
    assert "cards due in the next 14 days" in out and "today" in out
    assert "hardest questions" in out and "25/100" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_an_again_never_raises_mastery(bank, store):
    # UX review, problem 4: after a 0/100 Again the topic read 33%, the highest. Mastery must not rise on
    # an Again, whatever the card's history (new, learnt, or long overdue).
    def resnet() -> float:
        return {t.topic: t for t in compute_stats(bank, store, at).topics}["resnet"].mastery

    at = NOW - timedelta(days=200)
    store.record_review("resnet-skip", Rating.AGAIN, now=at)
    assert resnet() == 0  # an Again on a new card leaves it at 0, like an unseen card
    for _ in range(3):
        at = store.get_card("resnet-skip").due
        store.record_review("resnet-skip", Rating.GOOD, now=at)
    before = resnet()
    assert before > 0
    for gap in (timedelta(0), timedelta(days=90)):  # due now, and long overdue
        at = store.get_card("resnet-skip").due + gap
        base = resnet()
        store.record_review("resnet-skip", Rating.AGAIN, now=at)
        assert resnet() <= base
        store.record_review("resnet-skip", Rating.GOOD, now=store.get_card("resnet-skip").due)
        at = store.get_card("resnet-skip").due
