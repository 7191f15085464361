"""`card`, `plan` and `progress` commands, cram's weakest-first order, the skip counter, interview scheduling."""

from __future__ import annotations

import json
import random
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from cnnquiz import paths
from cnnquiz.progress import interview
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.scheduler import Srs, utcnow
from cnnquiz.progress.store import Store
from cnnquiz.quiz.selection import Mode, SessionOptions, build_plan
from tests.quizbank import load_test_bank, write_bank

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    return write_bank(tmp_path / "bank")


@pytest.fixture
def run(cli, bank_dir):
    def go(*args: str, input: str = ""):
        return cli("--bank", str(bank_dir), "--only", *args, input=input)

    return go


def db() -> Store:
    return Store.open(paths.default_db_path())


def test_card_show_lists_state_and_every_review(run):
    with db() as s:
        s.record_review("resnet-skip", Rating.GOOD, 0.8, "identity shortcut", 12, mode="mixed")
        s.record_review("resnet-skip", Rating.AGAIN, 0.1, "no idea", 3, mode="cram", schedule=False)
    data = json.loads(run("card", "show", "resnet-skip", "--json").output)
    assert data["state"] == "learning" and data["stability"] > 0 and data["reps"] == 1
    assert [(r["rating"], r["score"], r["answer"], r["scheduled"]) for r in data["reviews"]] == [
        ("good", 0.8, "identity shortcut", True), ("again", 0.1, "no idea", False)]
    out = run("card", "show", "resnet-skip").output
    assert "stability" in out and "identity shortcut" in out and "cram*" in out
    bad = run("card", "show", "resnet-skp")
    assert bad.exit_code == 2 and "did you mean resnet-skip" in bad.output


def test_suspended_cards_are_never_asked_and_stats_counts_them(run):
    with db() as s:
        s.record_review("resnet-skip", Rating.AGAIN, now=utcnow() - timedelta(days=2))  # due
    assert run("card", "suspend", "resnet-skip", "se-block").exit_code == 0
    assert run("card", "bury", "depthwise-cost").exit_code == 0
    for mode in ("mixed", "cram", "mock", "new"):
        out = run("practice", "-m", mode, "-n", "4", input="").output
        assert "resnet-skip" not in out and "se-block" not in out and "depthwise-cost" not in out, mode
    stats = json.loads(run("stats", "--json").output)
    assert stats["suspended"] == ["resnet-skip", "se-block"] and stats["buried"] == ["depthwise-cost"]
    assert stats["due"]["now"] == 0
    run("card", "unsuspend", "resnet-skip")
    assert "resnet-skip" in run("practice", "-m", "due", input="").output


def test_reset_makes_a_card_new_and_keeps_its_history(run):
    with db() as s:
        s.record_review("resnet-skip", Rating.EASY, 0.9, "x")
    assert run("card", "reset", "resnet-skip").exit_code == 0
    data = json.loads(run("card", "show", "resnet-skip", "--json").output)
    assert data["state"] == "new" and len(data["reviews"]) == 1
    assert "1/1 · resnet-skip · new" in run("practice", "-m", "new", "-n", "1", input="").output


def test_cram_puts_failed_cards_before_unseen_ones(tmp_path):
    # UX review: "weakest first" served unseen cards before the ones just failed (retrievability ~1 right after).
    bank = load_test_bank(tmp_path / "b")
    with Store.open(tmp_path / "p.db") as s:
        s.record_review("se-block", Rating.AGAIN, 0.33, now=NOW - timedelta(minutes=5))
        s.record_review("resnet-skip", Rating.EASY, 1.0, now=NOW - timedelta(days=1))
        s.record_review("depthwise-cost", Rating.AGAIN, 0.1, mode="cram", schedule=False, now=NOW)
        plan = build_plan(bank, s, SessionOptions(mode=Mode.CRAM), NOW, random.Random(0))
    assert plan.ids == ("depthwise-cost", "se-block", "batchnorm-inference", "resnet-skip")


def test_the_skip_counter_counts_drill_skips_too(run):
    # UX review: skipping all 3 items of a mixed session ending on a drill printed `skipped 2` and
    # "No problem answered."
    with db() as s:
        s.record_review("drill:conv-output", Rating.AGAIN, 0.0, now=utcnow() - timedelta(days=2))
    out = run("practice", "-n", "3", input="s\ns\ns\n").output
    assert re.search(r"skipped\s+3\b", out), out
    assert "No problem answered" not in out


def test_progress_round_trip_and_merge_never_duplicates(run, cli, tmp_path):
    with db() as s:
        s.record_review("resnet-skip", Rating.GOOD, 0.7, "a", 5, now=NOW - timedelta(days=3))
        s.record_review("resnet-skip", Rating.GOOD, 0.9, "b", 5, now=NOW - timedelta(days=1))
        s.record_review("drill:rf", Rating.AGAIN, 0.0, "12", 9, now=NOW)
        s.set_setting("new_limit", 4)
        s.set_suspended(["se-block"], True)
        before = (s.raw_reviews(), {k: v.card.to_dict() for k, v in s.cards().items()}, s.flags())
    backup = tmp_path / "backup.json"
    assert run("progress", "export", str(backup)).exit_code == 0
    data = json.loads(backup.read_text())
    assert data["format"] == "cnnquiz-progress" and data["schema"] == 1 and len(data["reviews"]) == 3
    other = tmp_path / "other.db"
    first = json.loads(run("progress", "import", str(backup), "--json", "--db", str(other)).output)
    assert first == {"cards_added": 2, "cards_updated": 0, "reviews_added": 3, "reviews_present": 0,
                     "settings_added": 1}
    again = json.loads(run("progress", "import", str(backup), "--json", "--db", str(other)).output)
    assert again["reviews_added"] == 0 and again["reviews_present"] == 3 and again["cards_added"] == 0
    with Store.open(other) as s:
        after = (s.raw_reviews(), {k: v.card.to_dict() for k, v in s.cards().items()}, s.flags())
        assert s.get_setting("new_limit") == "4"
    assert after == before
    # an existing database: a newer local review is kept, the file's older card state does not overwrite it
    with Store.open(other) as s:
        s.record_review("resnet-skip", Rating.AGAIN, now=NOW + timedelta(days=1))
        newer = s.get_card("resnet-skip")
    merged = json.loads(run("progress", "import", str(backup), "--json", "--db", str(other)).output)
    assert merged["cards_updated"] == 0 and merged["reviews_added"] == 0
    with Store.open(other) as s:
        assert s.get_card("resnet-skip") == newer and len(s.reviews()) == 4


@pytest.mark.parametrize("content,words", [
    ("{not json", "not JSON"), ('{"format": "other"}', "not a cnnquiz progress export"),
    ('{"format": "cnnquiz-progress", "schema": 99}', "schema 99"),
    ('{"format": "cnnquiz-progress", "schema": 1, "reviews": [{"card_id": "q"}]}', "not valid progress data"),
])
def test_bad_progress_files_give_one_line(run, tmp_path, content, words):
    path = tmp_path / "p.json"
    path.write_text(content)
    result = run("progress", "import", str(path))
    assert result.exit_code == 2 and words in result.output and result.output.count("\n") == 1


def test_interview_caps_intervals_and_paces_new_cards():
    day = date(2026, 12, 20)
    eve = interview.cap(day)
    srs = Srs(cap=eve)
    card = Srs.new_card("q", NOW)
    capped = 0
    while card.due < eve:
        free = Srs().review(card, Rating.EASY, card.due)
        card = srs.review(card, Rating.EASY, card.due)
        assert card.due <= eve
        capped += free.due > eve
    assert card.due == eve and capped == 1  # FSRS alone would have sent it past the interview
    today = date(2026, 12, 1)
    assert interview.new_per_day(54, day, today) == 3  # 18 days of introductions: the last on Dec 18
    assert interview.new_per_day(5, date(2026, 12, 2), today) == 5  # too late: all at once
    assert interview.new_per_day(0, day, today) == 0


def test_plan_and_stats_predict_recall_on_the_interview_day(run, tmp_path):
    with db() as s:
        s.record_review("resnet-skip", Rating.EASY, now=utcnow())
        s.record_review("se-block", Rating.AGAIN, now=utcnow())
    day = (utcnow().astimezone().date() + timedelta(days=20)).isoformat()
    assert run("plan", "--interview", day).exit_code == 0
    data = json.loads(run("stats", "--json").output)["interview"]
    assert list(data) == ["date", "predicted_recall", "topics", "at_risk"] and data["date"] == day
    topics = {t["topic"]: t["predicted_recall"] for t in data["topics"]}
    assert 0 < topics["resnet"] < 1 and topics["normalization"] == 0
    assert data["at_risk"][0] == "se-block" and 0 < data["predicted_recall"] < 0.5
    plan = json.loads(run("plan", "--json").output)["interview"]
    assert plan["unseen"] == 2 and plan["new_per_day"] == 1 and plan["days_left"] == 20
    assert sum(d["new"] for d in plan["load"]) == 2
    out = run("practice", "-n", "1", input="").output
    assert f"interview on {day}" in out
    assert run("plan", "--interview", "2020-01-01").exit_code == 2
    assert run("plan", "--interview", "next week").exit_code == 2
    assert run("plan", "--clear").exit_code == 0
    assert json.loads(run("stats", "--json").output)["interview"] is None


def test_practice_toward_an_interview_caps_the_next_due(run):
    day = utcnow().astimezone().date() + timedelta(days=3)
    run("plan", "--interview", day.isoformat())
    with db() as s:
        s.record_review("resnet-skip", Rating.EASY, now=utcnow() - timedelta(days=30))
        s.record_review("resnet-skip", Rating.EASY, now=utcnow() - timedelta(days=1))
        s.record_review("resnet-skip", Rating.EASY, now=utcnow() - timedelta(minutes=1))
    # resnet-skip is not due; a new card rated Easy in practice must come back by the eve
    out = run("practice", "-m", "new", "-n", "1", input="x\n\n4\n").output
    assert "rated Easy" in out
    with db() as s:
        [(cid, rec)] = [(c, r) for c, r in s.cards().items() if c != "resnet-skip"]
        assert rec.due <= interview.cap(day)
