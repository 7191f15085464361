"""Check one numeric claim of the bank against a real computation: a measured model, torchvision metadata, a formula."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from cnnquiz.bank.schema import Claim, ClaimKind
from cnnquiz.verify import measure as M
from cnnquiz.verify.numbers import fmt_value
from cnnquiz.verify.types import Measured, Unmeasurable

# Accuracies are percentage points: within 0.3 points torchvision's and a paper's figure count as the
# same (the bank's rule), and a value rounded to one decimal may be 0.05 off.
ACCURACY_POINTS = 0.3
ROUNDING_POINTS = 0.05
PAPER_WORDS = re.compile(r"\b(paper|papers|published|convention|v1\.5|v1)\b", re.I)


class Status(str, Enum):
    """The verdict on a claim."""

    HELD = "held"  # the computation agrees within the claim's tolerance
    OFF = "off"  # it does not, and nothing explains why: the bank is wrong
    DISPUTED = "disputed"  # it does not, because sources or conventions differ (explained)
    UNCHECKED = "unchecked"  # nothing to measure: a paper-only model or a latency figure (explained)


@dataclass(frozen=True)
class Check:
    """The verdict on one claim of one question, with the measured value and why."""

    question: str
    claim: Claim
    subject: str
    expected: float
    measured: float | None
    status: Status
    explanation: str
    source: str = ""

    @property
    def difference(self) -> float | None:
        """measured - expected relative to measured (percentage points for accuracies)."""
        if self.measured is None:
            return None
        if _is_accuracy(self.claim):
            return self.expected - self.measured
        return (self.expected - self.measured) / self.measured if self.measured else math.inf

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "claim": self.claim.to_dict(), "subject": self.subject,
                "expected": self.expected, "measured": self.measured, "status": self.status.value,
                "difference": self.difference, "explanation": self.explanation, "source": self.source}


def _is_accuracy(claim: Claim) -> bool:
    return claim.what in (ClaimKind.TOP1, ClaimKind.TOP5) or (
        claim.what is ClaimKind.VALUE and claim.unit.value == "percent")


def within(claim: Claim, measured: float) -> bool:
    """Whether the claim's value agrees with a measured one within its tolerance."""
    expected = claim.value
    if _is_accuracy(claim):
        allowed = max(ROUNDING_POINTS, min(claim.tolerance * abs(measured), ACCURACY_POINTS))
        return abs(expected - measured) <= allowed + 1e-9
    if claim.tolerance == 0:
        return math.isclose(expected, measured, rel_tol=1e-9, abs_tol=1e-9)
    return abs(expected - measured) <= claim.tolerance * abs(measured) + 1e-9


def _difference_text(claim: Claim, measured: float) -> str:
    if _is_accuracy(claim):
        return f"{claim.value - measured:+.2f} points"
    return f"{(claim.value - measured) / measured * 100:+.1f}%" if measured else "n/a"


def _note_explains(claim: Claim) -> bool:
    """The writer recorded why the number differs (a paper figure, another convention)."""
    return bool(PAPER_WORDS.search(claim.note))


def verdict(question: str, claim: Claim, m: Measured) -> Check:
    """Compare a claim with its measurement; conventions the checker or the note name make it disputed."""
    unit = claim.unit.value
    if within(claim, m.value):
        return Check(question, claim, m.subject, claim.value, m.value, Status.HELD,
                     f"{m.how}: {fmt_value(m.value, unit)}", m.source)
    diff = _difference_text(claim, m.value)
    base = f"{m.how}: {fmt_value(m.value, unit)}; the claim says {fmt_value(claim.value, unit)} ({diff})"
    for alt in m.alternatives:
        if within(claim, alt.value):
            return Check(question, claim, m.subject, claim.value, m.value, Status.DISPUTED,
                         f"{base}. It matches {alt.description} ({fmt_value(alt.value, unit)})"
                         + (f". Note: {claim.note}" if claim.note else ""), m.source)
    if _note_explains(claim):
        return Check(question, claim, m.subject, claim.value, m.value, Status.DISPUTED,
                     f"{base}. Note: {claim.note}", m.source)
    return Check(question, claim, m.subject, claim.value, m.value, Status.OFF, base, m.source)


def check_claim(question: str, claim: Claim, lab: M.Lab) -> Check:
    """Measure what the claim states and judge it; a claim with nothing to measure is 'unchecked'."""
    try:
        m = lab.measure(claim)
    except Unmeasurable as exc:
        reason = str(exc) + (f". Note: {claim.note}" if claim.note else "")
        status = Status.OFF if exc.broken else Status.UNCHECKED
        return Check(question, claim, exc.subject, claim.value, None, status, reason, "")
    return verdict(question, claim, m)
