"""`cnnquiz grade`: verdict table, --json shape, stdin, unknown ids, and that the schedule is untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnnquiz.quiz.scoring import Tuning, calibrate

ONE_THIRD = calibrate(1 / 3, Tuning().calibration)  # one point of three, through the calibration

BANK_YAML = """\
questions:
  - id: t-resnet
    source: {document: 900_test.txt, number: 1}
    question: Explain the key innovation of ResNet and why it works.
    topics: [resnet, gradients]
    difficulty: medium
    answer: |
      Plain deep networks **degrade**. ResNet blocks learn a residual, `y = F(x) + x`.
      - the identity shortcut carries the gradient
    key_points:
      - label: residual learning y = F(x) + x
        phrases: ["F(x) + x", residual learning, skip connection]
      - label: identity gradient path
        phrases: [gradient flows directly, identity path]
      - label: degradation of deep plain nets
        phrases: [degradation, training error increases]

  - id: t-bn
    source: {document: 900_test.txt, number: 2}
    question: What does batch normalization do and why does it help training?
    topics: [normalization]
    difficulty: easy
    answer: |
      It standardises each channel with the batch mean and variance, then scales and shifts.
    key_points:
      - label: batch mean and variance
        phrases: [batch mean and variance, mini-batch statistics]
      - label: learnable scale and shift
        phrases: [gamma and beta, learnable scale and shift]
      - label: higher learning rates
        phrases: [higher learning rates, faster convergence]
"""

STRONG = ("Each block learns a residual F(x)+x via a skip connection, the gradient flows directly through the "
          "identity path, and that cures the degradation of deep plain nets.")
PARTIAL = "It adds a skip connection around every block."
BN_ANSWER = ("Batch norm uses the batch mean and variance to normalize, has a learnable scale and shift, "
             "and allows higher learning rates.")


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    d = tmp_path / "bank"
    d.mkdir()
    (d / "test.yaml").write_text(BANK_YAML, encoding="utf-8")
    return d


def run(cli, bank_dir: Path, *args: str, input: str | None = None):
    return cli("--only", "--bank", str(bank_dir), "grade", *args, input=input)


def test_table_shows_points_score_rating_and_model_answer(cli, bank_dir: Path) -> None:
    res = run(cli, bank_dir, "t-resnet", "--answer", PARTIAL)
    assert res.exit_code == 0, res.output
    out = res.output
    assert "✓" in out and "✗" in out
    assert "residual learning y = F(x) + x" in out and "skip connection" in out
    assert "missing" in out
    assert f"score {round(ONE_THIRD * 100)}/100" in out and "1 of 3 key points" in out and "suggested rating: Hard" in out
    assert "model answer" in out and "identity shortcut carries the gradient" in out


def test_strong_answer_scores_full(cli, bank_dir: Path) -> None:
    res = run(cli, bank_dir, "t-resnet", "-a", STRONG)
    assert res.exit_code == 0
    assert "score 100/100" in res.output and "suggested rating: Easy" in res.output
    assert "✗" not in res.output


def test_hide_answer(cli, bank_dir: Path) -> None:
    res = run(cli, bank_dir, "t-resnet", "--answer", PARTIAL, "--hide-answer")
    assert res.exit_code == 0 and "model answer" not in res.output


def test_json_shape(cli, bank_dir: Path) -> None:
    res = run(cli, bank_dir, "t-resnet", "--answer", PARTIAL, "--json")
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert list(data) == ["id", "score", "matched", "missed", "suggested_rating", "off_topic", "points",
                          "misconceptions", "term_list", "why"]
    assert {k: data[k] for k in ("id", "score", "matched", "missed", "suggested_rating", "off_topic")} == {
        "id": "t-resnet", "score": round(ONE_THIRD, 3), "matched": ["residual learning y = F(x) + x"],
        "missed": ["identity gradient path", "degradation of deep plain nets"],
        "suggested_rating": "hard", "off_topic": False}
    assert [p["status"] for p in data["points"]] == ["matched", "missed", "missed"]
    assert data["misconceptions"] == [] and data["term_list"] is False


def test_answer_from_stdin(cli, bank_dir: Path) -> None:
    res = run(cli, bank_dir, "t-resnet", "--answer", "-", "--json", input=STRONG + "\n")
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert data["score"] == 1.0 and data["suggested_rating"] == "easy" and data["missed"] == []


def test_piped_stdin_without_answer_option(cli, bank_dir: Path) -> None:
    res = run(cli, bank_dir, "t-resnet", "--json", input=PARTIAL)
    assert res.exit_code == 0 and json.loads(res.output)["score"] == round(ONE_THIRD, 3)


def test_no_answer_at_all_is_a_usage_error(cli, bank_dir: Path) -> None:
    res = run(cli, bank_dir, "t-resnet", input="")
    assert res.exit_code == 2
    assert "--answer" in res.output


def test_empty_answer_scores_zero(cli, bank_dir: Path) -> None:
    res = run(cli, bank_dir, "t-resnet", "--answer", "", "--json")
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert data["score"] == 0 and data["matched"] == [] and data["suggested_rating"] == "again"


def test_off_topic_answer(cli, bank_dir: Path) -> None:
    res = run(cli, bank_dir, "t-resnet", "--answer", BN_ANSWER, "--json")
    data = json.loads(res.output)
    assert data["off_topic"] is True and data["score"] <= 0.2
    table = run(cli, bank_dir, "t-resnet", "--answer", BN_ANSWER)
    assert "off topic: this reads like an answer to 't-bn'" in table.output


def test_unknown_id_exits_2_with_suggestion(cli, bank_dir: Path) -> None:
    res = run(cli, bank_dir, "t-resnt", "--answer", "anything")
    assert res.exit_code == 2
    assert "unknown question id 't-resnt'" in res.output and "did you mean t-resnet" in res.output
    assert "Traceback" not in res.output


def test_grading_does_not_create_a_progress_database(cli, bank_dir: Path, isolated_home: Path) -> None:
    res = run(cli, bank_dir, "t-resnet", "--answer", STRONG)
    assert res.exit_code == 0
    assert not list(isolated_home.rglob("*.db")) and not list(isolated_home.rglob("*.sqlite*"))


def test_grade_does_not_import_torch_or_sympy(bank_dir: Path, isolated_home: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import fresh_env

    code = ("import sys; from cnnquiz.cli.main import app\n"
            "try:\n    app(['--only', '--bank', sys.argv[1], 'grade', 't-resnet', '--answer', 'F(x)+x', '--json'])\n"
            "except SystemExit:\n    pass\n"
            "bad = [m for m in ('torch', 'torchvision', 'sympy') if m in sys.modules]\n"
            "print('IMPORTED', bad)\n")
    out = subprocess.run([sys.executable, "-c", code, str(bank_dir)], capture_output=True, text=True,
                         env=fresh_env(isolated_home), timeout=60)
    assert "IMPORTED []" in out.stdout, out.stdout + out.stderr
