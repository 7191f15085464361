"""Checks from the command line: grade --code, practice with hostile code (the quiz survives), deck validation."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cnnquiz import paths
from cnnquiz.progress.store import Store
from tests.quizbank import QUESTIONS

pytestmark = pytest.mark.slow

HSWISH_Q = {
    "id": "t-hswish", "source": {"document": "t.md", "number": 1},
    "question": "Implement the Hard-Swish activation.", "topics": ["activation", "implementation"],
    "difficulty": "easy",
    "check": {"reference": "hard_swish", "define": ["hswish", "HSwish"], "cases": [{"input": [2, 3, 4, 4]}],
              "properties": ["output_shape", "equals_reference", "not_in_place", "gradient"], "timeout": 2},
    "answer": "h-swish(x) = x * relu6(x + 3) / 6, x times the hard sigmoid.",
    "key_points": [{"label": "x * relu6(x + 3) / 6", "phrases": ["relu6(x + 3) / 6"]},
                   {"label": "hard sigmoid", "phrases": ["hard sigmoid", "hardsigmoid"]},
                   {"label": "built in", "phrases": ["nn.Hardswish", "F.hardswish"]}],
}
RIGHT = "import torch.nn.functional as F\ndef hswish(x):\n    return x * F.relu6(x + 3) / 6\n"
HOSTILE = {  # code typed at the prompt -> what the verdict says
    "loops forever": ("def hswish(x):\n    while True:\n        pass\n", "timed out after 2 s (an endless loop?)"),
    "allocates 50 GB": ("def hswish(x):\n    return x\nbig = torch.ones(50 * 2**30, dtype=torch.uint8)\n",
                        "line 3: ran out of memory"),
    "calls os._exit(3)": ("import os\ndef hswish(x):\n    os._exit(3)\n", "line 3: os._exit(3) ends the process"),
    "prints 100 MB": ("def hswish(x):\n    print('x' * 100_000_000)\n    return x * F.relu6(x + 3) / 6\n",
                      "checks 4/4 passed"),
}


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "q.yaml").write_text(yaml.safe_dump({"questions": [QUESTIONS[0], HSWISH_Q]}, sort_keys=False))
    return folder


def test_grade_code_json_adds_checks(cli, deck: Path, tmp_path: Path):
    code = tmp_path / "hs.py"
    code.write_text(RIGHT)
    res = cli("--bank", str(deck), "--only", "grade", "t-hswish", "--code", str(code), "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert list(data)[-1] == "checks" and list(data)[:10] == ["id", "score", "matched", "missed",
                                                              "suggested_rating", "off_topic", "points",
                                                              "misconceptions", "term_list", "why"]
    assert [(c["name"], c["passed"]) for c in data["checks"]] == [(p, True) for p in HSWISH_Q["check"]["properties"]]
    assert set(data["checks"][0]) == {"name", "passed", "observed", "expected"}


def test_grade_code_wrong_constant_is_shown_and_capped(cli, deck: Path, tmp_path: Path):
    code = tmp_path / "hs.py"
    code.write_text(RIGHT.replace("/ 6", "/ 3") + "# hard sigmoid, like nn.Hardswish\n")
    res = cli("--bank", str(deck), "--only", "grade", "t-hswish", "--code", str(code))
    assert res.exit_code == 0, res.output
    assert "code checks · t-hswish" in res.output and "checks 3/4 passed" in res.output
    assert "✗ │ = reference" in res.output
    data = json.loads(cli("--bank", str(deck), "--only", "grade", "t-hswish", "--code", str(code), "--json").output)
    assert data["score"] <= 0.55 and data["suggested_rating"] in ("again", "hard")  # the rubric alone says 1.0


def test_grade_code_bad_input_is_one_line_exit_2(cli, deck: Path, tmp_path: Path):
    res = cli("--bank", str(deck), "--only", "grade", "t-hswish", "--code", str(tmp_path / "missing.py"))
    assert res.exit_code == 2 and "missing.py: cannot read it" in res.output and "Traceback" not in res.output
    (tmp_path / "x.py").write_text(RIGHT)
    res = cli("--bank", str(deck), "--only", "grade", "resnet-skip", "--code", str(tmp_path / "x.py"))
    assert res.exit_code == 2 and "has no code check" in res.output


@pytest.mark.parametrize("what", list(HOSTILE))
def test_practice_survives_hostile_code_and_keeps_the_ratings(cli, deck: Path, what: str):
    code, says = HOSTILE[what]
    script = "an identity shortcut so gradients flow; each block learns a residual\n\n\n" + code + "\n\n"
    res = cli("--bank", str(deck), "--only", "practice", "-n", "2", input=script)
    assert res.exit_code == 0, res.output
    out = res.output
    assert "your code runs against checks" in out and says in out
    assert len(re.findall(r"rated (?:Again|Hard|Good|Easy) · next in", out)) == 2 and "session summary" in out
    assert len(out) < 100_000  # the 100 MB print was truncated
    with Store.open(paths.default_db_path()) as store:
        assert [r.card_id for r in store.reviews()] == ["resnet-skip", "t-hswish"]
    with sqlite3.connect(paths.default_db_path()) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_practice_e_opens_the_editor_from_a_template(cli, deck: Path, tmp_path: Path):
    editor = tmp_path / "fake-editor.py"
    seen = tmp_path / "template-seen.py"
    editor.write_text("import shutil, sys\nshutil.copy(sys.argv[1], %r)\n"
                      "open(sys.argv[1], 'a').write(%r)\n" % (str(seen), RIGHT.split("\n", 1)[1]))
    script = "s\ne\n\n"
    res = cli("--bank", str(deck), "--only", "practice", "-n", "2", input=script,
              env={"EDITOR": f"{sys.executable} {editor}", "VISUAL": ""})
    assert res.exit_code == 0, res.output
    header = seen.read_text()
    assert "#: cnnquiz · t-hswish: Implement the Hard-Swish activation." in header and "import torch" in header
    assert "checks 4/4 passed" in res.output and "#: " not in res.output.split("code checks")[0].split("›")[-1]


@pytest.mark.parametrize(("change", "message"), [
    ({"reference": "hard_sigmoid"}, "reference must be one of hard_swish, basic_block"),
    ({"properties": ["shortcut"]}, "reference hard_swish cannot measure 'shortcut'"),
    ({"cases": [{"input": [2, 3], "args": [4]}]}, "a case cannot be satisfied: an activation takes no args"),
    ({"define": ["not a name"]}, "define is a list of Python names"),
    ({"timeout": 0}, "timeout is seconds, from 1 to 120"),
    ({"colour": 1}, "has an unknown field 'colour'"),
])
def test_bank_check_reports_a_bad_check_with_file_and_line(cli, deck: Path, change: dict, message: str):
    q = json.loads(json.dumps(HSWISH_Q))
    q["check"].update(change)
    (deck / "q.yaml").write_text(yaml.safe_dump({"questions": [QUESTIONS[0], q]}, sort_keys=False))
    res = cli("bank", "check", str(deck))
    assert res.exit_code == 2, res.output
    assert "q.yaml:" in res.output and message in res.output and "Traceback" not in res.output


def test_block_case_that_cannot_run_is_rejected(cli, deck: Path):
    q = json.loads(json.dumps(HSWISH_Q))
    q["check"] = {"reference": "basic_block", "define": ["Block"], "cases": [{"args": [64, 128, 2],
                                                                              "input": [1, 32, 8, 8]}]}
    (deck / "q.yaml").write_text(yaml.safe_dump({"questions": [q]}, sort_keys=False))
    res = cli("bank", "check", str(deck))
    assert res.exit_code == 2 and "input must be (N, 64, H, W) for c_in = 64" in res.output


def test_grade_code_does_not_import_torch_in_the_quiz_process(deck: Path, tmp_path: Path):
    from tests.conftest import fresh_env
    from tests.test_quiz_imports import FORBIDDEN, PROBE

    code = tmp_path / "hs.py"
    code.write_text(RIGHT)
    args = ["--bank", str(deck), "--only", "grade", "t-hswish", "--code", str(code)]
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args), "", ",".join(FORBIDDEN)],
                          env=fresh_env(tmp_path / "home"), capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["exit"] == 0 and "checks 4/4 passed" in report["output"]
    assert report["bad"] == []  # the child imported torch; the quiz did not
