"""What measuring a claim gives: a Measured value with other conventions' Alternatives, or Unmeasurable."""

from __future__ import annotations

from dataclasses import dataclass, field


class Unmeasurable(Exception):
    """Nothing cnnquiz can compute states this claim (a paper-only model, a latency, a training result)."""

    def __init__(self, subject: str, reason: str, broken: bool = False) -> None:
        self.subject = subject
        self.broken = broken  # the claim itself is malformed (an impossible example): report it as off
        super().__init__(reason)


@dataclass(frozen=True)
class Alternative:
    """The value under another convention (a cnnquiz.bank.schema.CONVENTIONS name): FLOPs vs MACs, ResNet v1, 224 px."""

    value: float
    description: str
    convention: str


@dataclass(frozen=True)
class Measured:
    """The real value of what a claim states, how it was obtained, and the values under other conventions."""

    value: float
    subject: str
    how: str
    source: str
    alternatives: tuple[Alternative, ...] = field(default=())
