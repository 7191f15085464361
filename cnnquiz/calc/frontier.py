"""The accuracy-vs-MACs plot's data: each model as a point, the zoo's published points, the efficient frontier."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cnnquiz.models import catalog


@dataclass(frozen=True)
class Point:
    """A model on the accuracy-vs-MACs plot."""

    name: str
    gmacs: float
    top1: float
    weights: str
    measured: bool  # MACs measured here (compared models) rather than torchvision's published _ops


def zoo_points() -> list[Point]:
    """Every catalogue model at its own resolution, from torchvision's published _ops and top-1 (no model built)."""
    out = []
    for entry in catalog.catalog().values():
        w = entry.weights_at(entry.resolution)
        if w is not None and w.gmacs:
            out.append(Point(entry.name, w.gmacs, w.top1, w.name, False))
    return out


def frontier(points: Sequence[Point]) -> list[Point]:
    """The efficient frontier: points no other point beats with fewer (or equal) MACs and higher top-1."""
    out: list[Point] = []
    for p in sorted(points, key=lambda p: (p.gmacs, -p.top1)):
        if not out or p.top1 > out[-1].top1:
            out.append(p)
    return out


@dataclass(frozen=True)
class Frontier:
    """The compared models as points among the zoo's, and the frontier over all of them."""

    points: tuple[Point, ...]
    chosen: tuple[Point, ...]
    front: tuple[Point, ...]

    @classmethod
    def of(cls, chosen: Sequence[Point]) -> Frontier:
        """The chosen models' points among the zoo's (a chosen model replaces its published point)."""
        names = {p.name for p in chosen}
        points = [p for p in zoo_points() if p.name not in names] + list(chosen)
        return cls(tuple(points), tuple(chosen), tuple(frontier(points)))

    def to_json(self) -> list[dict[str, Any]]:
        return [{"name": p.name, "gmacs": p.gmacs, "top1": p.top1, "measured": p.measured} for p in self.front]
