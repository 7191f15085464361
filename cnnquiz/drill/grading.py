"""Grading a typed answer against a drill problem: unit checks, relative tolerance, common-mistake hints."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from cnnquiz.drill.answer import UNIT_NAMES, Answer, parse_answer
from cnnquiz.drill.problem import Problem
from cnnquiz.errors import ParseError

DEFAULT_TOLERANCE = 0.02
ACCEPTS = {  # problem unit -> units a typed answer may carry (None: a bare number)
    "px": {None, "px"},
    "params": {None, "params"},
    "macs": {None, "macs"},
    "flops": {None, "flops"},
    "ratio": {None, "ratio"},
    "fraction": {None, "percent", "ratio"},
}
ASKS = {"px": "a size in pixels", "params": "a number of parameters", "macs": "a number of MACs",
        "flops": "a number of FLOPs", "ratio": "a factor such as 8.4×", "fraction": "a fraction such as 0.12 or 12%"}


@dataclass(frozen=True)
class Verdict:
    """The grade of one answer: correct or not, the value read, its relative error and a hint for a miss."""

    correct: bool
    given: Fraction
    expected: Fraction
    error: float
    tolerance: float
    exact: bool
    hint: str | None = None

    @property
    def score(self) -> float:
        return 1.0 if self.correct else 0.0


def read(problem: Problem, text: str) -> Answer:
    """Parse an answer and check its unit fits the question; ParseError carries the retry message."""
    answer = parse_answer(text)
    if answer.unit not in ACCEPTS[problem.unit]:
        if problem.unit == "macs" and answer.unit == "flops":
            raise ParseError("this asks for MACs, not FLOPs (FLOPs = 2 × MACs); type the MAC count, e.g. 115.6M")
        if problem.unit == "flops" and answer.unit == "macs":
            raise ParseError("this asks for FLOPs, not MACs (FLOPs = 2 × MACs); type the FLOP count")
        raise ParseError(f"this asks for {ASKS[problem.unit]}, but that answer is {UNIT_NAMES[answer.unit]}")
    return answer


def _mistake(problem: Problem, given: Fraction, expected: Fraction) -> str | None:
    if given == 0 or expected == 0:
        return None
    ratio = given / expected
    if problem.unit == "macs" and abs(ratio - 2) < Fraction(1, 50):
        return "that is 2 × the answer: FLOPs = 2 × MACs, and this asks for MACs"
    if problem.unit == "flops" and abs(ratio - Fraction(1, 2)) < Fraction(1, 200):
        return "that is the MAC count; FLOPs are 2 × MACs"
    if problem.unit in ("ratio", "fraction") and abs(given * expected - 1) < Fraction(1, 50):
        return "that is the inverse: check which cost is divided by which"
    if problem.exact and abs(given - expected) == 1:
        return "off by one: check the '− 1' and '+ 1' of the formula"
    return None


def grade(problem: Problem, text: str, tolerance: float = DEFAULT_TOLERANCE) -> Verdict:
    """Grade typed text: exact problems need the exact integer, others a relative error within tolerance."""
    given = read(problem, text).value
    expected = Fraction(problem.answer)
    error = float(abs(given - expected) / abs(expected)) if expected else float(abs(given))
    correct = given == expected if problem.exact else error <= tolerance + 1e-12
    return Verdict(correct, given, expected, error, tolerance, problem.exact,
                   None if correct else _mistake(problem, given, expected))
