"""The check: schema round-trips through the bank cache; code is found in typed answers; the score folds checks in."""

from __future__ import annotations

from dataclasses import replace

from cnnquiz.bank import load_bank
from cnnquiz.bank.checkspec import PROPERTIES, REFERENCES
from cnnquiz.bank.schema import Check
from cnnquiz.checks.run import CheckOutcome, CheckReport
from cnnquiz.progress.rating import Rating
from cnnquiz.quiz.codegrade import combine, extract_code, has_code, start_checks
from cnnquiz.quiz.grader import GradeResult


def test_checks_survive_the_parsed_bank_cache():
    fresh = {q.id: q.check for q in load_bank(use_cache=False).questions if q.check}
    load_bank()  # writes the cache
    cached = {q.id: q.check for q in load_bank().questions if q.check}
    assert cached == fresh and len(cached) == 6
    assert all(Check.from_dict(c.to_dict()) == c for c in cached.values())


def test_every_property_of_the_bank_is_known_to_its_reference():
    for q in load_bank().questions:
        if q.check:
            assert set(q.check.properties) <= set(REFERENCES[q.check.reference].properties) <= set(PROPERTIES)


def test_code_is_found_after_prose_and_inside_fences():
    prose = "The block adds the shortcut.\nclass B:\n    pass\n"
    assert extract_code(prose) == "\nclass B:\n    pass"  # the line numbers stay the user's
    fenced = "Here:\n```python\ndef f(x):\n    return x\n```\nand more words"
    assert extract_code(fenced) == "def f(x):\n    return x\n"
    assert has_code("hswish = lambda x: x") and has_code(prose) and not has_code("squeeze, excite, scale")


def grade(score: float) -> GradeResult:
    return GradeResult("q", score, (), False, None, Rating.GOOD, why="3 of 3 key points")


def report(passed: int, total: int) -> CheckReport:
    return CheckReport(tuple(CheckOutcome(f"c{i}", i < passed, "", "") for i in range(total)))


def test_the_score_blends_checks_and_rubric_and_caps_a_failure():
    assert combine(grade(0.5), report(4, 4), 0.6).score == 0.6 * 1 + 0.4 * 0.5
    failed = combine(grade(1.0), report(3, 4), 0.6)
    assert failed.score == 0.55 and failed.suggested is Rating.HARD and failed.why.startswith("checks 3 of 4")
    assert combine(grade(1.0), report(0, 4), 0.6).suggested is Rating.AGAIN
    assert combine(grade(1.0), report(4, 4), 0.6).to_json()["checks"][0] == {
        "name": "c0", "passed": True, "observed": "", "expected": ""}


def test_optional_code_not_given_runs_nothing_and_required_code_fails_without_a_process():
    bank = load_bank()
    assert start_checks(bank.get("se-block-what"), "squeeze with GAP, excite with two FCs, scale x") is None
    started = start_checks(bank.get("hard-swish-implement"), "x times relu6 of x plus 3 over 6")
    assert isinstance(started, CheckReport) and started.passed == 0 and "no code: define HSwish" in started.error
    assert replace(grade(1.0), checked=True).to_json()["checks"] == []
