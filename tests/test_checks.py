"""Executed checks: every reference answer passes, each wrong implementation fails exactly the right checks."""

from __future__ import annotations

import re

import pytest

from cnnquiz.bank import load_bank
from cnnquiz.checks.run import run_checks
from tests.check_answers import RIGHT_BLOCK, WRONG, block

pytestmark = pytest.mark.slow

CHECKED = ("hard-swish-implement", "resnet-implement-block", "resnet-implement-downsampling-block",
           "se-block-what", "se-block-describe", "channel-shuffle")


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def model_code(question) -> str:
    return "\n".join(re.findall(r"```python\n(.*?)```", question.answer, re.S))


def test_the_six_questions_carry_checks(bank):
    assert {q.id for q in bank.questions if q.check is not None} == set(CHECKED)
    assert [bank.get(i).check.optional for i in CHECKED] == [False, False, False, True, True, True]


@pytest.mark.parametrize("qid", CHECKED)
def test_the_model_answer_passes_every_check(bank, qid: str):
    q = bank.get(qid)
    report = run_checks(q.check, model_code(q))
    assert report.error is None
    assert [(o.name, o.passed) for o in report.outcomes] == [(p, True) for p in q.check.properties], report


CASES = [(qid, name) for qid, wrongs in WRONG.items() for name in wrongs]


@pytest.mark.parametrize(("qid", "mistake"), CASES, ids=[f"{q}:{m}" for q, m in CASES])
def test_a_wrong_implementation_fails_the_right_checks(bank, qid: str, mistake: str):
    code, must_fail = WRONG[qid][mistake]
    report = run_checks(bank.get(qid).check, code)
    failed = {o.name for o in report.outcomes if not o.passed}
    assert failed == must_fail, [(o.name, o.observed) for o in report.outcomes]


def test_each_question_has_three_wrong_implementations():
    assert all(len(WRONG[qid]) >= 3 for qid in CHECKED)


def test_the_verdict_names_what_was_found(bank):
    q = bank.get("resnet-implement-downsampling-block")
    report = run_checks(q.check, block("ResBlock", branch="F.relu(self.bn2(self.conv2(out)))"))
    by_name = {o.name: o for o in report.outcomes}
    assert by_name["shortcut"].passed and "1×1 conv stride 2 (shortcut.0)" in by_name["shortcut"].observed
    assert "found before the add" in by_name["relu_after_add"].observed
    assert by_name["params"].observed == by_name["params"].expected


def test_a_name_outside_the_list_is_still_checked(bank):
    report = run_checks(bank.get("resnet-implement-block").check, block("MyResidual"))
    assert report.passed == len(report.outcomes) and "MyResidual is checked" in report.note


def test_nothing_defined_fails_every_check_with_the_reason(bank):
    report = run_checks(bank.get("resnet-implement-block").check, "x = 1\n")
    assert report.passed == 0 and "defines none of BasicBlock" in report.error


def test_the_prose_right_block_keeps_passing_with_out_plus_equals(bank):
    code = block(ret="F.relu(out.add_(self.shortcut(x)))")
    report = run_checks(bank.get("resnet-implement-block").check, code)
    assert report.passed == len(report.outcomes), RIGHT_BLOCK
