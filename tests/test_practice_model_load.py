"""practice starts loading the grader's model once the first question is on screen, and grading waits for it."""

from __future__ import annotations

import io
import sys
from types import SimpleNamespace

import pytest
from rich.console import Console

from cnnquiz.cli.answering import grade_waiting
from cnnquiz.quiz import semantic
from tests.quizbank import write_bank


@pytest.mark.parametrize("args", [["-n", "1"], ["--mode", "mock", "-n", "1"]], ids=["practice", "mock"])
def test_the_model_starts_loading_only_after_the_first_question_is_shown(args, cli, tmp_path, monkeypatch):
    screens: list[str] = []

    def start_loading() -> None:  # what the user sees when the load begins
        sys.stdout.flush()
        screens.append(sys.stdout.buffer.getvalue().decode())

    monkeypatch.setattr(semantic, "start_loading", start_loading)
    result = cli("--bank", str(write_bank(tmp_path / "bank")), "--only", "practice", *args, input="")
    assert result.exit_code == 0, result.output
    assert len(screens) == 1 and "1/1 · " in screens[0] and "?" in screens[0].split("1/1 · ", 1)[1]


def test_flashcards_never_load_the_model(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(semantic, "start_loading", lambda: pytest.fail("flashcards loaded the grader's model"))
    result = cli("--bank", str(write_bank(tmp_path / "bank")), "--only", "practice", "--flashcards", "-n", "1",
                 input="")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("ready", [True, False])
def test_grading_waits_for_the_model_with_a_spinner_when_it_is_not_loaded_yet(ready, monkeypatch):
    monkeypatch.setattr(semantic, "model_ready", lambda: ready)
    con = Console(file=io.StringIO(), force_terminal=True, width=80)
    shown: list[str] = []
    status = con.status
    monkeypatch.setattr(con, "status", lambda text, **kw: shown.append(text) or status(text, **kw))
    session = SimpleNamespace(grade=lambda q, answer: ("graded", answer))  # the grader waits for the model itself
    assert grade_waiting(con, session, SimpleNamespace(check=None), "my answer") == ("graded", "my answer")
    assert shown == ([] if ready else ["loading the grader's model…"])
