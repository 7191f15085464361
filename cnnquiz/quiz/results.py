"""What grading returns: each point's status and evidence, misconceptions asserted, the score and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from cnnquiz.progress.rating import Rating


class Status(str, Enum):
    """What the answer did with a key point."""

    MATCHED = "matched"
    MISSED = "missed"
    NEGATED = "negated"


@dataclass(frozen=True)
class PointResult:
    """One rubric point: its status, the credit earned (0..1), how it was found and the user's words."""

    label: str
    status: Status
    phrase: str | None = None
    evidence: str | None = None
    weight: float = 1.0
    core: bool = False
    credit: float = 0.0
    via: str | None = None  # "phrase" or "meaning"

    @property
    def matched(self) -> bool:
        return self.status is Status.MATCHED

    def to_json(self) -> dict:
        return {"label": self.label, "status": self.status.value, "evidence": self.evidence,
                "weight": self.weight, "core": self.core}


@dataclass(frozen=True)
class MisconceptionHit:
    """A misconception the answer asserts: the claim, the user's words and the correction."""

    claim: str
    evidence: str
    correction: str

    def to_json(self) -> dict:
        return {"claim": self.claim, "evidence": self.evidence, "correction": self.correction}


@dataclass(frozen=True)
class GradeResult:
    """The grade of one answer: score 0..1, per-point results, misconceptions, caps and a suggested rating."""

    question_id: str
    score: float
    points: tuple[PointResult, ...]
    off_topic: bool
    closer_to: str | None
    suggested: Rating
    misconceptions: tuple[MisconceptionHit, ...] = ()
    term_list: bool = False
    why: str = ""
    truncated: bool = field(default=False, compare=False)
    checked: bool = False      # the question has executed checks (cnnquiz/checks): JSON adds "checks"
    checks: tuple = ()         # cnnquiz.checks.run.CheckOutcome, one per property, when code was run
    check_error: str | None = None
    check_note: str = ""
    check_output: str = ""

    @property
    def matched(self) -> list[str]:
        return [p.label for p in self.points if p.matched]

    @property
    def missed(self) -> list[str]:
        return [p.label for p in self.points if not p.matched]

    @property
    def negated(self) -> list[str]:
        return [p.label for p in self.points if p.status is Status.NEGATED]

    def to_json(self) -> dict:
        """{"id", "score", "matched", "missed", "suggested_rating", "off_topic", "points", "misconceptions",
        "term_list", "why"}, and "checks": [{"name", "passed", "observed", "expected"}] for a question with a check."""
        return {"id": self.question_id, "score": round(self.score, 3), "matched": self.matched,
                "missed": self.missed, "suggested_rating": self.suggested.key, "off_topic": self.off_topic,
                "points": [p.to_json() for p in self.points],
                "misconceptions": [m.to_json() for m in self.misconceptions],
                "term_list": self.term_list, "why": self.why,
                **({"checks": [c.to_json() for c in self.checks]} if self.checked else {})}
