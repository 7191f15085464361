"""`cnnquiz drill` in-process with scripted input: JSON, grading, retries, give-up, skip, EOF, stats, practice."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from cnnquiz import paths
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.scheduler import utcnow
from cnnquiz.progress.store import Store
from tests.conftest import fresh_env
from tests.quizbank import write_bank


def problems(cli, *args: str) -> list[dict]:
    result = cli("drill", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["problems"]


def typed(answer: int | float) -> str:
    """The exact answer as a user might type it: 115,605,504 or 8.0126."""
    return f"{answer:,}" if isinstance(answer, int) else f"{answer:.6g}"


def reviews() -> list[tuple]:
    with Store.open(paths.default_db_path()) as store:
        return [(r.card_id, r.rating, r.score, r.mode, r.scheduled) for r in store.reviews()]


def test_json_shape_and_seed(cli, isolated_home):
    data = json.loads(cli("drill", "--json", "-n", "9", "--seed", "4").output)
    assert set(data) == {"seed", "tolerance", "problems"} and data["seed"] == 4 and data["tolerance"] == 0.02
    assert {p["kind"] for p in data["problems"]} == {"conv-output", "conv-params", "conv-macs", "depthwise",
                                                     "bottleneck", "mbconv", "rf", "width", "scaling"}
    for p in data["problems"]:
        assert set(p) == {"kind", "params", "question", "answer", "unit", "exact", "solution", "where"}
        assert isinstance(p["answer"], (int, float)) and p["question"].endswith("?")
        assert all(set(s) == {"label", "formula", "substituted", "value"} for s in p["solution"])
    assert problems(cli, "-n", "9", "--seed", "4") == data["problems"]
    assert problems(cli, "-n", "9", "--seed", "5") != data["problems"]
    assert {p["kind"] for p in problems(cli, "-k", "rf", "-k", "width", "-n", "6")} == {"rf", "width"}
    assert not list(isolated_home.rglob("*.db"))  # --json asks nothing and records nothing


@pytest.mark.parametrize(("args", "message"), [
    (("-k", "depthwize"), "unknown drill kind 'depthwize'; did you mean depthwise"),
    (("--tolerance", "2"), "--tolerance: tolerance '2' must be between 0 and 50%"),
    (("--tolerance", "two"), "--tolerance: unknown word 'two'"),
])
def test_bad_options_are_usage_errors(cli, args, message):
    result = cli("drill", *args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_a_scripted_session(cli):
    ps = problems(cli, "-n", "4", "--seed", "11")
    script = ["banana", typed(ps[0]["answer"]), "1", "?", "s"]
    result = cli("drill", "-n", "4", "--seed", "11", input="\n".join(script) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "seed 11 (--seed 11 repeats this set)" in out
    assert f"1/4 · drill:{ps[0]['kind']} · new" in out and ps[0]["question"][:40] in out
    assert "unknown word 'banana'" in out and "try again" in out
    assert "✓ correct" in out and "✗ wrong" in out and "worked solution" in out
    assert out.count("worked solution") == 3  # graded, wrong, given up; not the skipped one
    assert "skipped" in out and "drill summary: 1/3 correct" in out
    assert [r[:4] for r in reviews()] == [(f"drill:{ps[0]['kind']}", Rating.GOOD, 1.0, "drill"),
                                         (f"drill:{ps[1]['kind']}", Rating.AGAIN, 0.0, "drill"),
                                         (f"drill:{ps[2]['kind']}", Rating.AGAIN, 0.0, "drill")]


def test_answers_in_every_written_form(cli):
    ps = problems(cli, "-k", "conv-macs", "-n", "3", "--seed", "2")
    forms = []
    for p in ps:
        a = p["answer"]
        forms.append({"macs": f"{a / 1e6:.4f}M", "flops": f"{a:.5e}"}[p["unit"]])
    result = cli("drill", "-k", "conv-macs", "-n", "3", "--seed", "2", input="\n".join(forms) + "\n")
    assert result.output.count("✓ correct") == 3, result.output
    i = next(i for i, p in enumerate(ps) if p["unit"] == "macs")
    arithmetic = [s["substituted"] for s in ps[i]["solution"] if s["label"] == "MACs"][0]  # e.g. 28·28·128·128·3²
    again = cli("drill", "-k", "conv-macs", "-n", str(i + 1), "--seed", "2", input="s\n" * i + arithmetic + "\n")
    assert "✓ correct" in again.output and "you typed" not in again.output


def test_wrong_units_and_tolerance(cli):
    ps = problems(cli, "-k", "conv-macs", "-n", "6", "--seed", "8")
    i = next(i for i, p in enumerate(ps) if p["unit"] == "macs")
    p = ps[i]
    near = p["answer"] * 1.04
    script = ["s"] * i + [f"{p['answer']} FLOPs", "8x", f"{near:.0f}"]
    out = cli("drill", "-k", "conv-macs", "-n", str(i + 1), "--seed", "8", input="\n".join(script) + "\n").output
    assert "this asks for MACs, not FLOPs" in out and "but that answer is a ratio" in out and "✗ wrong" in out
    assert "4.00% off" in out and "tolerance 2%" in out
    out = cli("drill", "-k", "conv-macs", "-n", str(i + 1), "--seed", "8", "--tolerance", "5%",
              input="\n".join(["s"] * i + [f"{near:.0f}"]) + "\n").output
    assert "✓ correct" in out and "tolerance 5%" in out


def test_exact_kinds_need_the_exact_integer(cli):
    p = problems(cli, "-k", "rf", "-n", "1", "--seed", "3")[0]
    out = cli("drill", "-k", "rf", "-n", "1", "--seed", "3", input=f"{p['answer'] + 1}\n").output
    assert "exact integer" in out and "✗ wrong" in out and "off by one" in out


def test_end_of_input_ends_with_a_summary(cli):
    p = problems(cli, "-n", "3", "--seed", "1")[0]
    result = cli("drill", "-n", "3", "--seed", "1", input=typed(p["answer"]) + "\n")
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "drill summary: 1/1 correct" in result.output and "2/3" in result.output
    assert cli("drill", "-n", "2", input="").output.strip().endswith("No problem answered.")


def test_stats_show_drill_accuracy_per_kind(cli):
    ps = problems(cli, "-k", "rf", "-k", "bottleneck", "-n", "4", "--seed", "6")
    script = [typed(ps[0]["answer"]), "1", typed(ps[2]["answer"]), "?"]
    cli("drill", "-k", "rf", "-k", "bottleneck", "-n", "4", "--seed", "6", input="\n".join(script) + "\n")
    data = json.loads(cli("stats", "--json").output)
    rows = {d["kind"]: d for d in data["drills"]}
    kinds = [p["kind"] for p in ps]
    expected: dict[str, list[int]] = {}
    for kind, ok in zip(kinds, (1, 0, 1, 0)):
        expected.setdefault(kind, []).append(ok)
    for kind, oks in expected.items():
        assert (rows[kind]["attempts"], rows[kind]["correct"]) == (len(oks), sum(oks))
        assert rows[kind]["state"] in ("learning", "relearning", "review") and rows[kind]["due"]
    text = cli("stats").output
    assert "drills: accuracy per kind" in text and "rf" in text and "bottleneck" in text


def test_second_problem_of_a_kind_is_logged_not_rescheduled(cli):
    ps = problems(cli, "-k", "scaling", "-n", "2", "--seed", "1")
    cli("drill", "-k", "scaling", "-n", "2", "--seed", "1",
        input="\n".join(typed(p["answer"]) for p in ps) + "\n")
    assert [(r[0], r[1], r[4]) for r in reviews()] == [("drill:scaling", Rating.GOOD, True),
                                                     ("drill:scaling", Rating.GOOD, False)]


def test_practice_mixed_asks_due_drills(cli, tmp_path):
    bank = write_bank(tmp_path / "bank")
    with Store.open(paths.default_db_path()) as store:
        store.record_review("drill:conv-output", Rating.AGAIN, 0.0, now=utcnow() - timedelta(days=2))
    result = cli("--bank", str(bank), "--only", "practice", "-n", "2", input="?\n")
    assert result.exit_code == 0, result.output
    assert "1/2 · drill:conv-output · learning · due" in result.output and "worked solution" in result.output
    assert "drill summary: 0/1 correct" in result.output
    assert reviews()[-1] == ("drill:conv-output", Rating.AGAIN, 0.0, "mixed", True)
    filtered = cli("--bank", str(bank), "--only", "practice", "-n", "2", "-t", "resnet", input="")
    assert "drill:" not in filtered.output


def test_drill_path_does_not_import_torch_or_sympy(isolated_home: Path):
    code = ("import sys; from cnnquiz.cli.main import app\n"
            "for args in (['drill', '-n', '9', '--seed', '1', '--json'], ['drill', '-n', '9', '--seed', '2'],"
            " ['stats', '--json']):\n"
            "    try:\n        app(args)\n    except SystemExit:\n        pass\n"
            "bad = [m for m in ('torch', 'torchvision', 'sympy') if m in sys.modules]\n"
            "print('IMPORTED', bad, file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", code], input="1\n?\ns\n" * 3, capture_output=True, text=True,
                         env=fresh_env(isolated_home), timeout=120)
    assert "IMPORTED []" in out.stderr, out.stdout[-2000:] + out.stderr[-2000:]
    assert "worked solution" in out.stdout


def test_answers_typed_as_fractions_grade_exactly(cli):
    p = next(p for p in problems(cli, "-k", "depthwise", "-n", "12", "--seed", "0") if p["unit"] == "fraction")
    cout, k = p["params"]["cout"], p["params"]["kernel"]
    assert Fraction(p["answer"]).limit_denominator(10**6) == Fraction(1, cout) + Fraction(1, k * k)
