"""How point credits, negations, misconceptions and a term-list cap become one score, with the reason in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cnnquiz.quiz.results import MisconceptionHit, PointResult, Status


@dataclass(frozen=True)
class Tuning:
    """The grader's thresholds and weights; the defaults were set on the dev half of benchmarks/grader_eval."""

    sim_lo: float = 0.55               # clause-statement cosine where meaning credit starts
    sim_hi: float = 0.75               # ... and where it is full
    label_weight: float = 0.9          # a clause's cosine to the point's label, times this, also counts
    min_clause_words: int = 3          # shorter clauses are not compared by meaning
    core_share: float = 0.65           # the share of the score carried by the core points
    detail_saturation: float = 0.7     # the share of the details' weight that earns all of the details' share
    breadth: float = 0.9               # the most an answer with a core point earns by breadth (all points alike) ...
    breadth_saturation: float = 0.8    # ... reached at this share of the points' weight
    misconception_sim: float = 0.95    # cosine a clause needs to a misconception's claim
    misconception_margin: float = 0.03  # ... above its best key-point statement
    misconception_gap: int = 1         # content words allowed between two words of a misconception phrase
    subject_gap: int = 6               # words allowed between a misconception phrase's subject and the rest (0: off)
    misconception_penalty: float = 0.6  # score lost per misconception asserted
    misconception_cap: float = 0.5     # the most an answer asserting a misconception scores
    anchored: int = 1                  # meaning credit needs a word of the point that the question does not use
    negated_penalty: float = 0.5       # a negated point costs this times what it would have earned
    list_share: float = 0.2            # a term list has fewer function words than this share
    list_min_words: int = 3
    list_cap: float = 0.2              # the most a bare list of terms scores
    # raw coverage -> the score an interviewer gives it (piecewise linear), fitted on the dev half
    calibration: tuple[tuple[float, float], ...] = ((0.0, 0.0), (0.1, 0.05), (0.25, 0.17), (0.35, 0.43),
                                                    (0.5, 0.6), (0.65, 0.73), (0.85, 0.84), (1.0, 1.0))


def ramp(x: float, lo: float, hi: float) -> float:
    """0 below lo, 1 above hi, linear between."""
    if x <= lo:
        return 0.0
    if x >= hi:
        return 1.0
    return (x - lo) / (hi - lo)


def calibrate(x: float, knots: tuple[tuple[float, float], ...]) -> float:
    """Piecewise-linear interpolation through the (raw, calibrated) knots."""
    for (x0, y0), (x1, y1) in zip(knots, knots[1:]):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y1
    return knots[-1][1]


def _coverage(points: Sequence[PointResult]) -> float:
    total = sum(p.weight for p in points)
    return sum(p.weight * p.credit for p in points) / total if total else 0.0


def _share(points: Sequence[PointResult], t: Tuning) -> dict[int, float]:
    """Each point's share of a full score."""
    core = [i for i, p in enumerate(points) if p.core]
    detail = [i for i, p in enumerate(points) if not p.core]
    if not core or not detail:
        total = sum(p.weight for p in points) or 1.0
        return {i: p.weight / total for i, p in enumerate(points)}
    core_w = sum(points[i].weight for i in core)
    detail_w = sum(points[i].weight for i in detail)
    out = {i: t.core_share * points[i].weight / core_w for i in core}
    out.update({i: (1 - t.core_share) * points[i].weight / detail_w for i in detail})
    return out


def combine(points: Sequence[PointResult], hits: Sequence[MisconceptionHit], term_list: bool,
            t: Tuning) -> tuple[float, str]:
    """(score 0..1, one line saying why)."""
    share = _share(points, t)
    core_part = sum(share[i] * p.credit for i, p in enumerate(points) if p.core or not any(q.core for q in points))
    detail_total = sum(share[i] for i, p in enumerate(points) if not p.core and any(q.core for q in points))
    detail_part = sum(share[i] * p.credit for i, p in enumerate(points) if not p.core and any(q.core for q in points))
    if detail_total:  # an interviewer does not need every detail: most of them earn the details' whole share
        detail_part = min(detail_total, detail_part / t.detail_saturation)
    earned = core_part + detail_part
    # a broad answer that has a core point and misses another by its words has most likely said it otherwise
    if t.breadth and any(p.matched for p in points if p.core):
        earned = max(earned, min(1.0, _coverage(points) / t.breadth_saturation) * t.breadth)
    negated = [i for i, p in enumerate(points) if p.status is Status.NEGATED]
    loss = sum(share[i] for i in negated) * t.negated_penalty + len(hits) * t.misconception_penalty
    score = calibrate(max(0.0, min(1.0, earned - loss)), t.calibration)
    if hits:
        score = min(score, t.misconception_cap)
    reasons = [_covered(points)]
    if negated:
        reasons.append(f"{len(negated)} negated")
    if hits:
        reasons.append(f"{len(hits)} misconception{'s' if len(hits) > 1 else ''}")
    if term_list and score > t.list_cap:
        reasons.append(f"capped at {round(t.list_cap * 100)}: a list of terms — say what happens and why, "
                       "not just which terms")
        score = t.list_cap
    return score, "; ".join(reasons)


def _covered(points: Sequence[PointResult]) -> str:
    core = [p for p in points if p.core]
    detail = [p for p in points if not p.core]
    if not core or not detail:
        return f"{sum(p.matched for p in points)} of {len(points)} key points"
    return (f"{sum(p.matched for p in core)} of {len(core)} core points, "
            f"{sum(p.matched for p in detail)} of {len(detail)} details")
