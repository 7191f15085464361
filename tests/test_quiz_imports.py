"""The quiz path (practice, grade, stats, bank list) never imports torch, torchvision or sympy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import fresh_env
from tests.quizbank import write_bank

FORBIDDEN = ("torch", "torchvision", "sympy")

# Runs one command in-process in a fresh interpreter, then reports which forbidden modules got imported.
PROBE = """
import json, sys
from typer.testing import CliRunner
from cnnquiz.cli.main import app
args, script = json.loads(sys.argv[1]), sys.argv[2]
result = CliRunner().invoke(app, args, input=script, catch_exceptions=False)
bad = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[3].split(",")))
print(json.dumps({"exit": result.exit_code, "bad": bad, "output": result.output}))
"""

ANSWER = "an identity shortcut so gradients flow\n\n\n"
COMMANDS = {
    "practice": (["practice", "-n", "2"], ANSWER + "?\n\n3\n"),
    "practice-mock": (["practice", "--mode", "mock", "-n", "1"], ANSWER),
    "grade": (["grade", "resnet-skip", "--answer", "identity shortcut"], ""),
    "stats": (["stats"], ""),
    "stats-json": (["stats", "--json"], ""),
    "bank list": (["bank", "list"], ""),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(COMMANDS))
def test_quiz_commands_do_not_import_heavy_packages(name: str, tmp_path: Path):
    bank = write_bank(tmp_path / "bank")
    args, script = COMMANDS[name]
    home = tmp_path / "home"
    if name.startswith("stats"):  # give stats something to chart
        run_probe(home, ["--bank", str(bank), "--only", *COMMANDS["practice"][0]], COMMANDS["practice"][1])
    report = run_probe(home, ["--bank", str(bank), "--only", *args], script)
    assert report["exit"] == 0, report["output"]
    assert report["bad"] == [], f"{name} imported {report['bad']}"
    if name == "practice":
        assert "rated Good" in report["output"]  # the grader and the scheduler really ran


def run_probe(home: Path, args: list[str], script: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args), script, ",".join(FORBIDDEN)],
                          env=fresh_env(home), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])
