"""FSRS scheduling: review round trips through JSON, previews equal applied reviews, lapses, intervals."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Card, State

from cnnquiz.errors import UsageError
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.scheduler import (
    Srs,
    card_kind,
    format_interval,
    is_lapse,
    state_name,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def test_new_card_is_due_now_and_learning():
    card = Srs.new_card("resnet-skip", T0)
    assert card.due == T0 and card.state == State.Learning and card.last_review is None
    assert Srs.new_card("resnet-skip", T0).card_id == card.card_id  # stable int id from the string id


def test_review_round_trips_through_json():
    srs = Srs(0.9)
    card = Srs.new_card("q", T0)
    for i, rating in enumerate([Rating.GOOD, Rating.GOOD, Rating.HARD, Rating.AGAIN, Rating.EASY]):
        now = T0 + timedelta(days=3 * i)
        card = srs.review(card, rating, now)
        again = Card.from_json(card.to_json())
        assert again.to_dict() == card.to_dict()
        assert again.due.tzinfo is not None and again.due.utcoffset() == timedelta(0)
        assert card.last_review == now


def test_review_does_not_change_its_input():
    srs = Srs()
    card = Srs.new_card("q", T0)
    before = card.to_dict()
    srs.review(card, Rating.EASY, T0)
    assert card.to_dict() == before


def test_preview_matches_what_a_review_applies():
    srs = Srs(0.9)
    card = srs.review(srs.review(Srs.new_card("q", T0), Rating.GOOD, T0), Rating.GOOD, T0 + timedelta(minutes=10))
    assert card.state == State.Review
    now = card.due + timedelta(hours=1)
    previews = srs.preview(card, now)
    assert [p.rating for p in previews] == list(Rating)
    for p in previews:
        assert p.due == srs.review(card, p.rating, now).due
    intervals = [p.interval for p in previews]
    assert intervals == sorted(intervals) and intervals[0] < intervals[-1]
    assert intervals[0] < timedelta(days=1)  # Again relearns within minutes


def test_higher_retention_gives_shorter_intervals():
    def good_interval(retention: float) -> timedelta:
        srs = Srs(retention)
        card = srs.review(Srs.new_card("q", T0), Rating.EASY, T0)
        return srs.preview(card, card.due)[Rating.GOOD - 1].interval

    assert good_interval(0.95) < good_interval(0.9) < good_interval(0.8)


@pytest.mark.parametrize("retention", [0.5, 1.0, 0.995])
def test_retention_out_of_range_is_a_usage_error(retention):
    with pytest.raises(UsageError):
        Srs(retention)


def test_retrievability():
    srs = Srs()
    assert srs.retrievability(None, T0) == 0.0
    card = srs.review(Srs.new_card("q", T0), Rating.EASY, T0)
    fresh = srs.retrievability(card, T0)
    later = srs.retrievability(card, T0 + timedelta(days=60))
    assert fresh == pytest.approx(1.0) and 0 < later < fresh


def test_lapse_is_again_on_a_review_card_only():
    srs = Srs()
    learning = Srs.new_card("q", T0)
    review = srs.review(learning, Rating.EASY, T0)
    assert review.state == State.Review
    assert is_lapse(review, Rating.AGAIN)
    assert not is_lapse(review, Rating.HARD)
    assert not is_lapse(learning, Rating.AGAIN)
    assert not is_lapse(None, Rating.AGAIN)


@pytest.mark.parametrize("delta,text", [
    (timedelta(seconds=20), "<1m"), (timedelta(minutes=10), "10m"), (timedelta(hours=5), "5h"),
    (timedelta(days=4), "4d"), (timedelta(days=92), "3.0mo"), (timedelta(days=548), "1.5y"),
])
def test_format_interval(delta, text):
    assert format_interval(delta) == text


def test_card_kinds_and_state_names():
    assert card_kind("resnet-skip") == "question"
    assert card_kind("drill:depthwise") == "drill"
    assert state_name(None) == "new" and state_name(State.Relearning) == "relearning"


def test_times_in_other_zones_are_converted_to_utc():
    from zoneinfo import ZoneInfo

    srs = Srs()
    local = T0.astimezone(ZoneInfo("America/Los_Angeles"))
    card = srs.review(Srs.new_card("q", local), Rating.GOOD, local)
    assert card.to_dict() == srs.review(Srs.new_card("q", T0), Rating.GOOD, T0).to_dict()
    assert card.due.tzinfo is timezone.utc
    assert srs.preview(card, local)[0].due == srs.preview(card, T0)[0].due
