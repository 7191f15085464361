"""`cnnquiz practice` in a real terminal (pexpect): a full round, then `stats --json`; kill -9 mid-answer."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
from pathlib import Path

import pexpect
import pytest

from tests.conftest import cnnquiz_cmd, fresh_env
from tests.quizbank import write_bank

from cnnquiz.quiz.scoring import Tuning, calibrate

TWO_THIRDS = calibrate(2 / 3, Tuning().calibration)  # two points of three, through the calibration

pytestmark = pytest.mark.slow

ANSWER = "an identity shortcut so gradients flow"


def spawn(home: Path, bank: Path, *args: str) -> pexpect.spawn:
    cmd = cnnquiz_cmd()
    return pexpect.spawn(cmd[0], [*cmd[1:], "--bank", str(bank), "--only", *args], env=fresh_env(home),
                         encoding="utf-8", dimensions=(50, 100), timeout=20)


def answer_first_question(child: pexpect.spawn) -> None:
    child.expect("1/2 · resnet-skip · new")
    child.expect("Why do residual connections")
    child.expect("› ")
    child.send(ANSWER + "\r")
    child.expect("… ")
    child.send("\r")
    child.expect("✓")
    child.expect(f"score {round(TWO_THIRDS * 100)}/100")
    child.expect("1 Again 1m  2 Hard 6m  3 Good 10m  4 Easy")
    child.expect("Enter = Good")
    child.send("\r")
    child.expect("rated Good · next in 10m")
    child.expect("2/2 · depthwise-cost")
    child.expect("› ")


def test_practice_round_in_a_terminal_then_stats(tmp_path: Path):
    home, bank = tmp_path / "home", write_bank(tmp_path / "bank")
    child = spawn(home, bank, "practice", "-n", "2")
    answer_first_question(child)
    child.sendcontrol("d")
    child.expect("session summary")
    child.expect("Good 1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = subprocess.run([*cnnquiz_cmd(), "--bank", str(bank), "--only", "stats", "--json"], env=fresh_env(home),
                         capture_output=True, text=True, timeout=30, check=True).stdout
    data = json.loads(out)
    assert data["reviews"] == 1 and data["reviews_today"] == 1
    assert [(c["id"], c["state"], c["reviews"]) for c in data["cards"]] == [("resnet-skip", "learning", 1)]
    assert data["hardest"] == [{"id": "resnet-skip", "mean_score": round(TWO_THIRDS, 4), "reviews": 1}]


def test_ctrl_c_ends_the_session_cleanly(tmp_path: Path):
    home, bank = tmp_path / "home", write_bank(tmp_path / "bank")
    child = spawn(home, bank, "practice", "-n", "2")
    answer_first_question(child)
    child.send("half an ans")
    child.expect("half an ans")  # typed and echoed: a Ctrl-C in the same burst can be missed by readline
    child.sendintr()
    child.expect("session summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in child.before


def test_kill_9_mid_answer_keeps_committed_reviews(tmp_path: Path):
    home, bank = tmp_path / "home", write_bank(tmp_path / "bank")
    child = spawn(home, bank, "practice", "-n", "2")
    answer_first_question(child)
    child.send("half an answer, still typ")
    child.expect("still typ")
    child.kill(signal.SIGKILL)
    child.close(force=True)
    assert child.signalstatus == signal.SIGKILL
    db = home / "progress.db"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("SELECT card_id, rating, answer FROM reviews").fetchall()
    assert rows == [("resnet-skip", 3, ANSWER)]
    assert conn.execute("SELECT id, reps FROM cards").fetchall() == [("resnet-skip", 1)]
    conn.close()
    # and the next session picks up from there
    child = spawn(home, bank, "practice", "-n", "2")
    child.expect("1/2 · depthwise-cost · new")
    child.expect("› ")  # type nothing before the prompt: readline would swallow an early Ctrl-D
    child.sendcontrol("d")
    child.expect("session summary")
    child.expect(pexpect.EOF)


def test_mock_prompt_counts_down_live_and_stops_at_the_limit(tmp_path: Path):
    # Issue 13 item 5: the time left in the mock prompt ticks every second while the user waits or types
    # (rewritten in place), and the alarm ends the answer at the limit.
    home, bank = tmp_path / "home", write_bank(tmp_path / "bank")
    child = spawn(home, bank, "practice", "--mode", "mock", "--minutes", "0.1")
    child.expect(r"\[0:0(\d) left\] › ")
    first = int(child.match.group(1))
    child.send("squeeze")
    child.expect(r"\x1b7\r\[0:0(\d) left\] \x1b8")  # redrawn with the cursor saved and restored
    assert int(child.match.group(1)) < first
    child.expect("Time is up: this answer came after the limit and is not graded")
    child.expect("late")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
