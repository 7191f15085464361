"""A user's own deck: `bank new` writes a valid template, and its questions are quizzed and stored like built-in ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnnquiz import paths
from cnnquiz.bank import load_bank, load_dir
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.store import Store

# Covers the three key points of the template question (mixes channels, reduce/expand, cheaper).
TEMPLATE_ANSWER = "It mixes channels at every pixel; it reduces the channels so the 3x3 conv is cheaper.\n\n"


def stored() -> tuple[dict, list]:
    with Store.open(paths.default_db_path()) as store:
        return store.cards(), store.reviews()


@pytest.fixture
def deck(cli, tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    result = cli("bank", "new", str(folder / "practice.yaml"))
    assert result.exit_code == 0, result.output
    return folder


def test_bank_new_writes_a_commented_template_that_passes_check(cli, deck):
    path = deck / "practice.yaml"
    text = path.read_text()
    assert text.startswith("# A cnnquiz deck of your own")
    assert "# Topics:" in text and "receptive-field" in text and "# claims:" in text
    result = cli("bank", "check", str(deck))
    assert result.exit_code == 0 and result.stdout.strip() == f"ok: 1 questions in {deck}"
    [q] = load_dir(deck, known_ids=load_bank().ids)
    assert q.id == "practice-q1" and q.source.document == "practice.yaml" and len(q.key_points) == 3


def test_bank_new_refuses_to_overwrite_and_needs_a_yaml_name(cli, deck):
    path = deck / "practice.yaml"
    before = path.read_text()
    again = cli("bank", "new", str(path))
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert path.read_text() == before
    wrong = cli("bank", "new", str(deck / "notes.txt"))
    assert wrong.exit_code == 2 and ".yaml or .yml" in wrong.stderr and not (deck / "notes.txt").exists()


def test_two_templates_in_one_folder_do_not_clash(cli, deck):
    assert cli("bank", "new", str(deck / "Second Deck.yml")).exit_code == 0
    assert cli("bank", "check", str(deck)).stdout.startswith("ok: 2 questions")
    ids = [r["id"] for r in json.loads(cli("--bank", str(deck), "--only", "bank", "list", "--json").stdout)]
    assert sorted(ids) == ["practice-q1", "second-deck-q1"]


def test_own_deck_alone_is_quizzed_and_stored(cli, deck):
    result = cli("--bank", str(deck), "--only", "practice", "-n", "1", input=TEMPLATE_ANSWER + "\n")
    assert result.exit_code == 0, result.output
    assert "practice-q1" in result.output and "What does a 1x1 convolution do" in result.output
    assert "score 100/100" in result.output and "rated Easy" in result.output
    cards, reviews = stored()
    assert set(cards) == {"practice-q1"}
    [review] = reviews
    assert (review.card_id, review.rating, review.score, review.scheduled) == ("practice-q1", Rating.EASY, 1.0, True)


def test_own_deck_is_quizzed_alongside_the_builtin_bank(cli, deck, monkeypatch):
    bank = load_bank()
    listed = json.loads(cli("--bank", str(deck), "bank", "list", "--json").stdout)
    assert len(listed) == 101 and "practice-q1" in {r["id"] for r in listed}
    own = cli("--bank", str(deck), "practice", "--source", "practice.yaml", "-n", "1", input=TEMPLATE_ANSWER + "\n")
    assert own.exit_code == 0 and "practice-q1" in own.output, own.output
    builtin_id = bank.filter(source="004")[0].id
    # CNNQUIZ_BANK instead of --bank: the same bank in use; a built-in question, revealed and rated Good.
    monkeypatch.setenv("CNNQUIZ_BANK", str(deck))
    theirs = cli("practice", "--source", "004", "-n", "1", input="?\n3\n")
    assert theirs.exit_code == 0 and builtin_id in theirs.output, theirs.output
    cards, reviews = stored()
    assert set(cards) == {"practice-q1", builtin_id}
    assert [(r.card_id, r.rating, r.mode, r.scheduled) for r in reviews] == [
        ("practice-q1", Rating.EASY, "mixed", True), (builtin_id, Rating.GOOD, "mixed", True)]
    for r in reviews:
        assert cards[r.card_id].reps == 1 and cards[r.card_id].due > r.reviewed_at
    monkeypatch.delenv("CNNQUIZ_BANK")
    with_deck = json.loads(cli("--bank", str(deck), "stats", "--json").stdout)
    assert {c["id"]: c["reviews"] for c in with_deck["cards"]} == {"practice-q1": 1, builtin_id: 1}
    resnet = next(t for t in with_deck["topics"] if t["topic"] == "resnet")
    assert resnet["cards"] == len(bank.filter(["resnet"])) + 1
    builtin_only = json.loads(cli("stats", "--json").stdout)
    assert [c["id"] for c in builtin_only["cards"]] == [builtin_id]


def test_same_folder_in_bank_option_and_env_is_read_once(cli, deck):
    result = cli("--bank", str(deck), "--only", "bank", "list", "--json", env={"CNNQUIZ_BANK": str(deck)})
    assert result.exit_code == 0 and [r["id"] for r in json.loads(result.stdout)] == ["practice-q1"]


def test_a_broken_own_deck_stops_practice_with_file_and_line(cli, deck):
    path = deck / "practice.yaml"
    path.write_text(path.read_text().replace("difficulty: medium", "difficulty: brutal"))
    result = cli("--bank", str(deck), "practice", "-n", "1")
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "difficulty: brutal" in t)
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {path}:{line}: ")
