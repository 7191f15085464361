"""The new progress commands (card, plan, progress) stay on the quiz path: no torch, torchvision or sympy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.quizbank import write_bank
from tests.test_quiz_imports import run_probe


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ["card", "show", "resnet-skip"], ["card", "suspend", "se-block"], ["plan", "--interview", "2099-01-01"],
    ["progress", "export", "-"],
])
def test_progress_commands_do_not_import_heavy_packages(args: list[str], tmp_path: Path):
    bank = write_bank(tmp_path / "bank")
    home = tmp_path / "home"
    run_probe(home, ["--bank", str(bank), "--only", "practice", "-n", "1"], "identity shortcut\n\n3\n")
    report = run_probe(home, ["--bank", str(bank), "--only", *args], "")
    assert report["exit"] == 0, report["output"]
    assert report["bad"] == [], f"{args} imported {report['bad']}"
