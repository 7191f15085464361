"""Drill problems: the kinds, the Problem and Step records, and how their numbers are written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from cnnquiz import units
from cnnquiz.progress.drillcards import DRILL_KINDS, card_id

KINDS = DRILL_KINDS  # each kind is one card in the progress store
MIXED = "mixed"
KIND_HELP = {
    "conv-output": "output size from size, kernel, stride, padding, dilation",
    "conv-params": "parameters of one nn.Conv2d (with or without bias, grouped)",
    "conv-macs": "MACs or FLOPs of one conv layer",
    "depthwise": "depthwise-separable vs standard conv: reduction, cost fraction or separable MACs",
    "bottleneck": "parameters a ResNet bottleneck saves over a plain 3×3 conv",
    "mbconv": "parameters or MACs of an inverted-residual (MBConv) block",
    "rf": "receptive field of a short conv/pool stack",
    "width": "cost of a layer under MobileNet's width multiplier α",
    "scaling": "EfficientNet compound scaling: FLOPs factor or multipliers for a φ",
}

Number = int | Fraction | float


@dataclass(frozen=True)
class Step:
    """One line of a worked solution: a label, the symbolic formula, the same with numbers, the value.

    `expr` is the substituted formula in the answer parser's syntax, so tests can check that the
    printed arithmetic really gives the printed value.
    """

    label: str
    formula: str
    expr: str
    value: Number

    @property
    def substituted(self) -> str:
        return pretty(self.expr)


@dataclass(frozen=True)
class Problem:
    """A generated drill problem with its exact answer, unit, worked solution and real-network hint.

    unit: px, params, macs, flops, ratio (a factor such as 8.4×) or fraction (0.115 or 11.5%).
    exact: the answer is an integer that must be typed exactly (sizes); otherwise the tolerance applies.
    """

    kind: str
    params: dict[str, Any]
    question: str
    answer: Number
    unit: str
    exact: bool
    steps: tuple[Step, ...]
    where: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def card_id(self) -> str:
        return card_id(self.kind)

    def to_json(self) -> dict[str, Any]:
        """The stable --json shape of one problem."""
        return {
            "kind": self.kind,
            "params": dict(self.params),
            "question": self.question,
            "answer": json_number(self.answer),
            "unit": self.unit,
            "exact": self.exact,
            "solution": [{"label": s.label, "formula": s.formula, "substituted": s.substituted,
                          "value": json_number(s.value)} for s in self.steps],
            "where": self.where,
        }


def json_number(value: Number) -> int | float:
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    return value if isinstance(value, int) else float(value)


UNIT_SUFFIX = {"px": " px", "params": " parameters", "macs": " MACs", "flops": " FLOPs", "ratio": "×"}


def si(value: Number) -> str:
    """115605504 -> '115.6 M' (plain digits below 10,000)."""
    return units.si(value, 4, sep=" ", floor=10_000, small_digits=4)


def fmt(value: Number, unit: str | None = None) -> str:
    """An answer as shown to the user: exact integers with separators (and SI), other values to 5 digits."""
    if isinstance(value, int) or (isinstance(value, Fraction) and value.denominator == 1):
        n = int(value)
        text = f"{n:,}"
        if abs(n) >= 10_000:
            text += f" ({si(n)})"
    else:
        text = f"{float(value):.5g}"
    return text + UNIT_SUFFIX.get(unit or "", "")


_FLOOR = re.compile(r"floor\(")


def pretty(expr: str) -> str:
    """An ASCII expression in typographic form: a·b, a − b, ⌊x⌋, 3² for 3^2."""
    out, stack, i = [], [], 0
    while i < len(expr):
        m = _FLOOR.match(expr, i)
        if m:
            out.append("⌊")
            stack.append("⌋")
            i = m.end()
            continue
        ch = expr[i]
        if ch == "(":
            stack.append(")")
            out.append("(")
        elif ch == ")":
            out.append(stack.pop() if stack else ")")
        elif ch == "*":
            out.append("·")
        elif ch == "-":
            out.append("−")
        elif ch == "^" and expr[i + 1:i + 2] in ("2", "3") and not expr[i + 2:i + 3].isdigit():
            out.append("²" if expr[i + 1] == "2" else "³")
            i += 1
        else:
            out.append(ch)
        i += 1
    return "".join(out)
