"""`cnnquiz drill` in a real terminal (pexpect): answer, retry after garbage, Ctrl-D ends with a summary."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

from cnnquiz.drill.generator import generate
from tests.conftest import cnnquiz_cmd, fresh_env

pytestmark = pytest.mark.slow


def spawn(home: Path, *args: str) -> pexpect.spawn:
    cmd = cnnquiz_cmd()
    return pexpect.spawn(cmd[0], [*cmd[1:], *args], env=fresh_env(home), encoding="utf-8", dimensions=(50, 100),
                         timeout=30)


def test_drill_in_a_terminal_then_stats(tmp_path: Path):
    home = tmp_path / "home"
    first, second, _third = generate(("conv-output",), 3, 5)
    child = spawn(home, "drill", "-k", "conv-output", "-n", "3", "--seed", "5")
    child.expect("1/3 · drill:conv-output · new")
    child.expect("› ")
    child.send(f"{first.answer}\r")
    child.expect("✓ correct")
    child.expect("worked solution")
    child.expect("rated Good")
    child.expect("2/3 · drill:conv-output")
    child.expect("› ")
    child.send("(1+2\r")
    child.expect("missing '\\)' — try again")
    child.expect("› ")
    child.send(f"({second.answer} - 1) + 1 px\r")
    child.expect("✓ correct")
    child.expect("3/3")
    child.expect("› ")
    child.sendcontrol("d")
    child.expect("drill summary: 2/2 correct")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = subprocess.run([*cnnquiz_cmd(), "stats", "--json"], env=fresh_env(home), capture_output=True, text=True,
                         timeout=60, check=True).stdout
    [row] = json.loads(out)["drills"]
    assert (row["kind"], row["attempts"], row["correct"]) == ("conv-output", 2, 2)


def test_ctrl_c_at_the_prompt_ends_cleanly(tmp_path: Path):
    child = spawn(tmp_path / "home", "drill", "-n", "2", "--seed", "1")
    child.expect("› ")
    time.sleep(0.5)  # the prompt is drawn before readline sets up the terminal: a Ctrl-C in between can be lost
    child.sendintr()
    child.expect("No problem answered.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")


def test_long_lines_and_nul_reach_the_answer_whole(tmp_path: Path):
    # Reliability L13: drill read answers without readline, so the terminal's line discipline cut a pasted
    # line at 4095 characters and a NUL (Ctrl-@) made input() wait for a second Enter and drop what followed.
    first, _second = generate(("conv-output",), 2, 5)
    child = spawn(tmp_path / "home", "drill", "-k", "conv-output", "-n", "2", "--seed", "5")
    child.expect("1/2 · drill:conv-output · new")
    child.expect("› ")
    time.sleep(0.3)  # let readline take the terminal (raw mode) before the paste
    for _ in range(5):  # readline (TERM=dumb) echoes a scrolled window of the line, not all of it
        child.send("1" * 1000)
    child.send("\r")
    child.expect(r"answer too long \((\d+) characters, at most 200\)")
    assert child.match.group(1) == "5000"
    child.expect("› ")
    text = str(first.answer)
    child.send(text[:1] + "\x00" + text[1:] + "\r")  # Ctrl-@ inside the number
    child.expect("✓ correct")
    child.expect("2/2")
    child.expect("› ")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
