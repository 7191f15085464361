"""Session planning (mixed, due, new, cram, mock; filters; daily new limit), rating, undo and reports."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cnnquiz.errors import StoreError, UsageError
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.scheduler import Srs, local_day_start
from cnnquiz.progress.store import Store
from cnnquiz.quiz.session import Attempt, Mode, Session, SessionOptions, build_plan
from tests.quizbank import IDS, load_test_bank

NOW = datetime(2025, 3, 5, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def bank(tmp_path: Path):
    return load_test_bank(tmp_path / "bank")


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "p.db") as s:
        yield s


def plan(bank, store, **kw):
    return build_plan(bank, store, SessionOptions(**kw), NOW, random.Random(1))


def test_a_fresh_store_plans_new_cards_in_bank_order(bank, store):
    p = plan(bank, store)
    assert p.ids == tuple(IDS) and p.new == 4 and p.due == 0
    assert plan(bank, store, count=2).ids == tuple(IDS[:2])


def test_mixed_puts_due_cards_first(bank, store):
    store.record_review("se-block", Rating.AGAIN, now=NOW - timedelta(days=2))
    store.record_review("resnet-skip", Rating.EASY, now=NOW - timedelta(days=1))  # due in days: not yet
    p = plan(bank, store)
    assert p.ids == ("se-block", "depthwise-cost", "batchnorm-inference")
    assert (p.due, p.new) == (1, 2)
    assert plan(bank, store, mode=Mode.DUE).ids == ("se-block",)
    assert plan(bank, store, mode=Mode.NEW).ids == ("depthwise-cost", "batchnorm-inference")


def test_the_daily_new_limit_counts_cards_started_today(bank, store):
    assert plan(bank, store, new_limit=2).ids == tuple(IDS[:2])
    store.record_review("resnet-skip", Rating.EASY, now=NOW - timedelta(minutes=5))
    p = plan(bank, store, new_limit=2)
    assert p.ids == ("depthwise-cost",) and p.new_today == 1
    store.record_review("depthwise-cost", Rating.EASY, now=NOW - timedelta(minutes=4))
    assert plan(bank, store, new_limit=2).ids == ()
    yesterday = NOW + timedelta(days=1)
    assert build_plan(bank, store, SessionOptions(new_limit=2), yesterday).new == 2


def test_cram_takes_everything_weakest_first_and_mock_samples(bank, store):
    store.record_review("resnet-skip", Rating.EASY, now=NOW - timedelta(days=30))
    store.record_review("depthwise-cost", Rating.EASY, now=NOW - timedelta(days=1))
    p = plan(bank, store, mode=Mode.CRAM)
    assert p.ids == ("batchnorm-inference", "se-block", "resnet-skip", "depthwise-cost")
    mock = plan(bank, store, mode=Mode.MOCK, count=3)
    assert len(mock.ids) == 3 and set(mock.ids) <= set(IDS)


def test_filters_apply_to_every_mode(bank, store):
    assert plan(bank, store, topics=("mobilenet",)).ids == ("depthwise-cost", "se-block")
    assert plan(bank, store, difficulty="easy", mode=Mode.CRAM).ids == ("resnet-skip", "batchnorm-inference")
    assert plan(bank, store, source="003").ids == ("batchnorm-inference",)
    with pytest.raises(UsageError):
        plan(bank, store, difficulty="brutal")


def test_due_drill_cards_are_counted_but_not_asked(bank, store):
    store.record_review("drill:depthwise", Rating.AGAIN, now=NOW - timedelta(days=1))
    p = plan(bank, store, mode=Mode.DUE)
    assert p.ids == () and p.skipped_kinds == 1


def test_session_saves_new_limit_and_retention(bank, store):
    Session(bank, store, SessionOptions(new_limit=3, retention=0.85), now=NOW)
    assert store.get_setting("new_limit") == "3" and store.retention() == 0.85
    s = Session(bank, store, SessionOptions(), now=NOW)
    assert s.plan.new_limit == 3 and s.srs.retention == 0.85


@pytest.mark.parametrize("kw", [{"count": 0}, {"new_limit": -1}, {"minutes": 0}, {"retention": 0.3}])
def test_bad_options_are_usage_errors(bank, store, kw):
    with pytest.raises(UsageError):
        Session(bank, store, SessionOptions(**kw), now=NOW)


def test_rate_and_undo(bank, store):
    s = Session(bank, store, SessionOptions(), now=NOW)
    q = bank.get("resnet-skip")
    attempt = Attempt(q, "identity shortcut lets gradients flow", seconds=5.0)
    attempt.grade = s.grade(q, attempt.answer)
    assert 0 < attempt.grade.score <= 1
    outcome = s.rate(attempt, Rating.GOOD)
    assert outcome.due_after == store.get_card(q.id).due
    assert [p.rating for p in s.previews(q.id)] == list(Rating)
    s.skip(Attempt(bank.get("se-block")))
    assert s.undo() is attempt
    assert s.undo() is None
    # previews show the card as it was before the rating being redone: here, a new card
    assert [p.label for p in s.previews(q.id)] == [p.label for p in Srs().preview(Srs.new_card(q.id))]
    again = s.rate(attempt, Rating.AGAIN)
    [review] = store.reviews()  # the Good was replaced, not added to
    assert review.rating is Rating.AGAIN and review.id == again.review_id
    assert store.get_card(q.id).reps == 1
    assert s.summary().skipped == 1 and s.summary().rated == 1


def test_undo_then_quitting_keeps_the_original_rating(bank, store):
    # Reliability "undo / re-rate": undo deleted the review at once, so a crash or Ctrl-D before the new
    # rating lost the original. Now nothing changes until the new rating, which replaces it atomically.
    s = Session(bank, store, SessionOptions(), now=NOW)
    attempt = Attempt(bank.get("resnet-skip"), "identity shortcut", seconds=3.0)
    s.rate(attempt, Rating.GOOD)
    card = store.get_card("resnet-skip")
    assert s.undo() is attempt
    # the process dies here, before a new rating is given
    with Store.open(store.path) as other:
        assert [r.rating for r in other.reviews()] == [Rating.GOOD]
        assert other.get_card("resnet-skip") == card


def test_rerate_is_one_transaction(store):
    first = store.record_review("q", Rating.GOOD, now=NOW)
    store.rerate(first.id, Rating.HARD, now=NOW + timedelta(seconds=5))
    [review] = store.reviews()
    assert review.rating is Rating.HARD and store.get_card("q").reps == 1
    second = store.record_review("q", Rating.GOOD, now=NOW + timedelta(days=1))
    with pytest.raises(StoreError, match="reviewed since"):
        store.rerate(review.id, Rating.EASY)
    assert [r.id for r in store.reviews()] == [review.id, second.id]  # the failed re-rate changed nothing


def test_cram_ratings_are_logged_without_scheduling(bank, store):
    store.record_review("resnet-skip", Rating.EASY, now=NOW - timedelta(days=3))
    before = store.get_card("resnet-skip")
    s = Session(bank, store, SessionOptions(mode=Mode.CRAM))
    outcome = s.rate(Attempt(bank.get("resnet-skip"), "no idea"), Rating.AGAIN)
    assert outcome.due_after is None and store.get_card("resnet-skip") == before
    assert [(r.mode, r.scheduled) for r in store.reviews()] == [("review", True), ("cram", False)]


def test_mock_report_scores_and_weakest_topics(bank, store):
    s = Session(bank, store, SessionOptions(mode=Mode.MOCK, count=4), rng=random.Random(0))
    answers = {"resnet-skip": "an identity shortcut, gradients flow, it learns a residual",
               "batchnorm-inference": "running mean and variance instead of batch statistics, folded as an affine"}
    for q in s.questions:
        attempt = Attempt(q, answers.get(q.id, ""), seconds=10)
        if q.id == "se-block":
            s.skip(attempt)
            continue
        attempt.grade = s.grade(q, attempt.answer)
        s.rate(attempt, attempt.grade.suggested)
    report = s.mock_report()
    scores = {r.question.id: r.score for r in report.rows}
    assert scores["resnet-skip"] == 1.0 and scores["se-block"] == 0.0 and scores["depthwise-cost"] == 0.0
    weakest = [t for t, _, _ in report.weakest]
    assert weakest[0] in ("attention", "flops", "mobilenet") and "resnet" not in weakest
    assert store.cards() == {}  # a mock interview never moves the schedule
    assert len(store.reviews()) == 3


def test_local_day_start_is_local_midnight():
    start = local_day_start(NOW)
    assert start <= NOW < start + timedelta(days=1)
    assert (start.hour, start.minute) == (0, 0) and start.tzinfo is not None


def test_new_questions_interleave_topics_and_keep_related_questions_apart(tmp_path):
    from cnnquiz.bank import load_bank
    from cnnquiz.quiz.selection import new_cards_in_order

    bank = load_bank()
    order = new_cards_in_order(list(bank.questions), seen=set())
    assert sorted(order) == sorted(bank.ids)
    first = [bank.get(qid) for qid in order[:15]]
    assert len({q.origin for q in first}) == 15  # fifteen topic files, one question from each
    ids = {q.id for q in first}
    assert not any(ids.intersection(q.related) for q in first)
    studied = {"resnet-key-innovation"}
    later = new_cards_in_order([q for q in bank.questions if q.id not in studied], seen=studied)
    siblings = set(bank.get("resnet-key-innovation").related)
    positions = [later.index(s) for s in siblings]
    assert min(positions) >= len(later) - 40  # siblings of a studied question come last
