"""Rubric grading of a typed answer: key-point coverage, with an off-topic check against the whole bank."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnnquiz.quiz.rating import Rating, suggest

if TYPE_CHECKING:
    from cnnquiz.bank import Bank, Question


@dataclass(frozen=True)
class PointResult:
    """One rubric point: whether the answer covers it, the rubric phrase that matched and the user's words."""

    label: str
    matched: bool
    phrase: str | None
    evidence: str | None


@dataclass(frozen=True)
class GradeResult:
    """The grade of one answer: score 0..1, per-point results, off-topic flag and a suggested rating."""

    question_id: str
    score: float
    points: tuple[PointResult, ...]
    off_topic: bool
    closer_to: str | None
    suggested: Rating

    @property
    def matched(self) -> list[str]:
        return [p.label for p in self.points if p.matched]

    @property
    def missed(self) -> list[str]:
        return [p.label for p in self.points if not p.matched]

    def to_json(self) -> dict:
        return {"id": self.question_id, "score": round(self.score, 3), "matched": self.matched,
                "missed": self.missed, "suggested_rating": self.suggested.key, "off_topic": self.off_topic}


class Grader:
    """Grades answers to the questions of one bank (crude first version: exact substring matching)."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank

    def grade(self, question: Question, answer: str) -> GradeResult:
        text = answer.lower()
        points = []
        for kp in question.key_points:
            hit = next((p for p in kp.phrases if p.lower() in text), None) if text.strip() else None
            points.append(PointResult(kp.label, hit is not None, hit, hit))
        score = sum(p.matched for p in points) / len(points) if points else 0.0
        return GradeResult(question.id, score, tuple(points), False, None, suggest(score))
