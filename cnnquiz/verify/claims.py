"""Check one numeric claim of the bank against a real computation: a measured model, torchvision metadata, a formula."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import Any

from cnnquiz.bank.schema import Claim, ClaimKind
from cnnquiz.verify import measure as M
from cnnquiz.verify.numbers import fmt_value
from cnnquiz.verify.types import Alternative, Measured, Unmeasurable

# Accuracies are percentage points: within 0.3 points torchvision's and a paper's figure count as the
# same (the bank's rule), and a value rounded to one decimal may be 0.05 off.
ACCURACY_POINTS = 0.3
ROUNDING_POINTS = 0.05


class Status(str, Enum):
    """The verdict on a claim."""

    HELD = "held"  # the computation agrees within the claim's tolerance
    OFF = "off"  # it does not, and no declared convention explains it: the bank is wrong
    DISPUTED = "disputed"  # it does not, but it matches the value under the claim's declared convention
    UNCHECKED = "unchecked"  # nothing to measure (a paper-only figure); the claim cites its source


@dataclass(frozen=True)
class Check:
    """The verdict on one claim of one question, with the measured value(s) and why."""

    question: str
    claim: Claim
    subject: str
    expected: float
    measured: float | None
    status: Status
    explanation: str
    source: str = ""
    alternative: Alternative | None = None  # the value under the claim's declared convention

    @property
    def difference(self) -> float | None:
        """measured - expected relative to measured (percentage points for accuracies)."""
        if self.measured is None:
            return None
        if _is_accuracy(self.claim):
            return self.expected - self.measured
        return (self.expected - self.measured) / self.measured if self.measured else math.inf

    def to_dict(self) -> dict[str, Any]:
        alt = None if self.alternative is None else {
            "convention": self.alternative.convention, "measured": self.alternative.value,
            "how": self.alternative.description}
        return {"question": self.question, "claim": self.claim.to_dict(), "subject": self.subject,
                "expected": self.expected, "measured": self.measured, "status": self.status.value,
                "difference": self.difference, "explanation": self.explanation, "source": self.source,
                "alternative": alt, "citation": self.claim.source or None}


def _is_accuracy(claim: Claim) -> bool:
    return claim.what in (ClaimKind.TOP1, ClaimKind.TOP5, ClaimKind.TOP1_ERROR) or (
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


def _with_note(text: str, claim: Claim) -> str:
    return text + (f". Note: {claim.note}" if claim.note else "")


def verdict(question: str, claim: Claim, m: Measured) -> Check:
    """Compare a claim with its measurement; only the convention the claim declares can make it disputed."""
    unit = claim.unit.value
    declared = claim.convention.name if claim.convention else None
    alt = next((a for a in m.alternatives if a.convention == declared), None) if declared else None

    def check(status: Status, text: str) -> Check:
        return Check(question, claim, m.subject, claim.value, m.value, status, text, m.source, alt)

    if within(claim, m.value):
        return check(Status.HELD, f"{m.how}: {fmt_value(m.value, unit)}")
    diff = _difference_text(claim, m.value)
    base = f"{m.how}: {fmt_value(m.value, unit)}; the claim says {fmt_value(claim.value, unit)} ({diff})"
    if declared and alt is None:
        return check(Status.OFF, f"{base}. Its convention {declared} does not apply to {m.subject}: "
                                 "cnnquiz has nothing to measure under it")
    if alt is not None:
        under = f"under its convention {declared} ({alt.description}): {fmt_value(alt.value, unit)}"
        if within(claim, alt.value):
            return check(Status.DISPUTED, _with_note(f"{base}; {under}, which the claim matches", claim))
        return check(Status.OFF, f"{base}; {under}, which the claim does not match either")
    hints = [a for a in m.alternatives if within(claim, a.value)]
    if hints:
        h = hints[0]
        return check(Status.OFF, f"{base}. It matches {h.description} ({fmt_value(h.value, unit)}): if that "
                                 f"is what the claim means, declare convention: {{name: {h.convention}}}")
    return check(Status.OFF, base)


def check_claim(question: str, claim: Claim, lab: M.Lab) -> Check:
    """Measure what the claim states and judge it; a claim with nothing to measure is unchecked if it cites a source."""
    try:
        m = lab.measure(claim)
    except Unmeasurable as exc:
        if exc.broken or not claim.source:
            why = "" if exc.broken else " and the claim cites no source (add source: \"Author et al. YEAR, Table N\")"
            return Check(question, claim, exc.subject, claim.value, None, Status.OFF, f"{exc}{why}", "")
        reason = _with_note(str(exc), claim)  # the citation is the claim's source (JSON: citation)
        return Check(question, claim, exc.subject, claim.value, None, Status.UNCHECKED, reason, "")
    return verdict(question, claim, m)
