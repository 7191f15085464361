"""An implementation question answered in a real terminal (pexpect): a right block goes green, ReLU-before-add red."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pexpect
import pytest
import yaml

from tests.check_answers import block
from tests.conftest import cnnquiz_cmd, fresh_env

pytestmark = pytest.mark.slow


def block_question(qid: str) -> dict:
    return {
        "id": qid, "source": {"document": "t.md", "number": 1},
        "question": "Implement a residual block with downsampling.", "topics": ["resnet", "implementation"],
        "difficulty": "medium",
        "check": {"reference": "basic_block", "define": ["BasicBlock"],
                  "cases": [{"args": [16, 32, 2], "input": [2, 16, 8, 8]},
                            {"args": [16, 16, 1], "input": [2, 16, 8, 8]}]},
        "answer": "conv3x3-BN-ReLU-conv3x3-BN, a 1x1 stride-2 projection shortcut, add, then ReLU.",
        "key_points": [{"label": "projection", "phrases": ["1x1 projection", "projection shortcut"]},
                       {"label": "ReLU after the add", "phrases": ["relu(out +"]},
                       {"label": "bias off", "phrases": ["bias=False"]}],
    }


def typed(code: str) -> list[str]:
    """The block as typed at the prompt, without its blank lines."""
    return [line for line in code.strip("\n").splitlines() if line.strip()]


def test_a_block_typed_in_the_terminal_is_run_and_checked(tmp_path: Path):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "q.yaml").write_text(yaml.safe_dump({"questions": [block_question("t-block-right"),
                                                               block_question("t-block-relu")]}, sort_keys=False))
    home = tmp_path / "home"
    cmd = cnnquiz_cmd()
    child = pexpect.spawn(cmd[0], [*cmd[1:], "--bank", str(deck), "--only", "practice", "-n", "2"],
                          env=fresh_env(home), encoding="utf-8", dimensions=(60, 100), timeout=60)
    for qid, code, verdict in (("t-block-right", block(), "checks 5/5 passed"),
                               ("t-block-relu", block(branch="F.relu(self.bn2(self.conv2(out)))"),
                                "found before the add")):
        child.expect(f"· {qid} · new")
        child.expect("your code runs against checks")
        child.expect("› ")
        for line in typed(code):
            child.send(line + "\r")
            child.expect("… ")
        child.send(".\r")  # a line holding only `.` ends a code answer
        child.expect("code checks")
        child.expect(verdict)
        child.expect("Enter = ")
        child.send("\r")
        child.expect("rated ")
    child.expect("session summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = subprocess.run([*cmd, "--bank", str(deck), "--only", "stats", "--json"], env=fresh_env(home),
                         capture_output=True, text=True, timeout=30, check=True).stdout
    assert '"reviews": 2' in out


def test_code_typed_with_blank_lines_between_methods_is_kept_whole(tmp_path: Path):
    """A class with a blank line between __init__ and forward: the blank line no longer ends the answer."""
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "q.yaml").write_text(yaml.safe_dump({"questions": [block_question("t-block-blank")]}, sort_keys=False))
    cmd = cnnquiz_cmd()
    child = pexpect.spawn(cmd[0], [*cmd[1:], "--bank", str(deck), "--only", "practice", "-n", "1"],
                          env=fresh_env(tmp_path / "home"), encoding="utf-8", dimensions=(60, 100), timeout=60)
    child.expect("a line with only . ends the answer")
    child.expect("› ")
    lines = block().strip("\n").splitlines()
    assert "" in lines  # the test types blank lines inside the code
    for i, line in enumerate(lines):
        child.send(line + "\r")
        if i == lines.index(""):  # the first blank line: a reminder of how the answer ends
            child.expect("blank lines are kept")
        child.expect("… ")
    child.send(".\r")
    child.expect("code checks")
    child.expect("checks 5/5 passed")  # forward (after the blank line) was part of what ran
    child.expect("Enter = ")
    child.send("\r")
    child.expect("session summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
