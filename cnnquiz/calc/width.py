"""The width multiplier measured on real torchvision models (MobileNetV2 width_mult, MNASNet alpha) against α².

The total does not shrink by exactly α²: channels are rounded to multiples of 8, depthwise convs and
the stem (3 input channels) scale by α only, the last 1×1 conv keeps 1280 outputs for α ≤ 1, and the
classifier does not scale at all. The report measures each kind of layer separately to show it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cnnquiz import models
from cnnquiz.calc import formulas as F
from cnnquiz.calc.counting import Counts
from cnnquiz.errors import ShapeError, UsageError

# The families this report explains (their head keeps 1280 outputs); the builds come from models.WIDTH_VARIANTS.
MEASURED = ("mobilenet-v2", "mnasnet")
KINDS = ("stem", "depthwise", "pointwise", "head", "classifier")
KIND_NOTES = {
    "stem": "3 input channels: ∝ α",
    "depthwise": "one k×k filter per channel: ∝ α",
    "pointwise": "1×1 C_in→C_out convs: ∝ α²",
    "head": "1×1 to 1280 outputs, kept for α ≤ 1: ∝ α",
    "classifier": "Linear(1280, 1000): fixed for α ≤ 1",
}


@dataclass(frozen=True)
class Rounding:
    """One layer's channels at α: exact α·C, the model's count, and the rule that explains it.

    rule "not scaled": the layer keeps C; "multiple of 8": actual = make_divisible(α·C, 8);
    "expansion ×t": actual = t · C_in(α), t times its already rounded input; "other": none of these.
    """

    base: int
    scaled: float
    actual: int
    rule: str


@dataclass(frozen=True)
class WidthRow:
    """One α measured: totals, ratios to α = 1, and params/MACs per kind of layer."""

    alpha: float
    params: int
    macs: int
    params_ratio: float
    macs_ratio: float
    by_kind: dict[str, Counts]
    rounding: tuple[Rounding, ...]

    @property
    def rule(self) -> float:
        return F.width_cost(self.alpha)

    def exponent(self, kind: str, base: WidthRow) -> float | None:
        """The measured p in MACs(α) = α^p · MACs(1) for one kind of layer (None at α = 1 or no MACs)."""
        now, then = self.by_kind[kind].macs, base.by_kind[kind].macs
        if self.alpha == 1 or not now or not then:
            return None
        return math.log(now / then) / math.log(self.alpha)


@dataclass(frozen=True)
class WidthReport:
    """A model family measured at several widths on meta tensors at one resolution."""

    model: str
    option: str
    resolution: int
    rows: tuple[WidthRow, ...]

    @property
    def base(self) -> WidthRow:
        return next(r for r in self.rows if r.alpha == 1.0)


def _classify(model) -> dict[str, str]:
    """Module path -> kind for every conv/linear layer of the model."""
    from torch import nn

    convs = [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Conv2d)]
    kinds = {}
    for i, (name, m) in enumerate(convs):
        if i == 0:
            kinds[name] = "stem"
        elif i == len(convs) - 1:
            kinds[name] = "head"
        elif m.groups > 1 and m.groups == m.in_channels:
            kinds[name] = "depthwise"
        else:
            kinds[name] = "pointwise"
    kinds.update({n: "classifier" for n, m in model.named_modules() if isinstance(m, nn.Linear)})
    return kinds


def _rounding(base_convs: list, convs: list, alpha: float) -> tuple[Rounding, ...]:
    """Distinct channel counts at α that differ from α·C, each with the rule that produced it."""
    out: dict[tuple[int, int], Rounding] = {}
    for m1, ma in zip(base_convs, convs):
        if m1.groups > 1 or ma.out_channels == alpha * m1.out_channels:
            continue
        if ma.out_channels == F.make_divisible(alpha * m1.out_channels):
            rule = "multiple of 8"
        elif m1.out_channels % m1.in_channels == 0 and ma.out_channels == ma.in_channels * (
                m1.out_channels // m1.in_channels):
            rule = f"expansion ×{m1.out_channels // m1.in_channels}"
        elif ma.out_channels == m1.out_channels:
            rule = "not scaled"
        else:
            rule = "other"
        out.setdefault((m1.out_channels, ma.out_channels),
                       Rounding(m1.out_channels, alpha * m1.out_channels, ma.out_channels, rule))
    return tuple(out.values())


def _measure(model, resolution: int) -> tuple[Counts, dict[str, Counts], list]:
    from cnnquiz.calc.counting import param_count, trace

    t = trace(model, (3, resolution, resolution))
    kinds = _classify(model)
    by_kind = {}
    for kind in KINDS:
        names = [n for n, k in kinds.items() if k == kind]
        flops = sum(t.flops.get(n, 0) for n in names)
        params = sum(param_count(model.get_submodule(n)) for n in names)
        by_kind[kind] = Counts(params, flops // 2, flops)
    convs = [model.get_submodule(n) for n, k in kinds.items() if k != "classifier"]
    return Counts(param_count(model), t.flops[""] // 2, t.flops[""]), by_kind, convs


def width_report(model: str, alphas: Sequence[float], resolution: int = 224) -> WidthReport:
    """Measure the model at each α (1.0 is always added as the baseline) on a 3 × res × res meta input."""
    for a in alphas:
        F.width_cost(a)
        if a > 4:
            raise ShapeError(f"alpha {a} is out of range (0 < α ≤ 4)")
    if resolution < 32:
        raise ShapeError(f"resolution must be at least 32 (five stride-2 stages), got {resolution}")
    variant = models.width_variant(model, paper=False)
    if variant is None or variant.family not in MEASURED:
        raise UsageError(f"the width multiplier is measured on mobilenet_v2 and mnasnet only, "
                         f"not {models.resolve(model, paper=False)}")
    values = sorted({1.0, *alphas})
    measured = {a: _measure(models.build_width(variant.base, a), resolution) for a in values}
    base_total, _, base_convs = measured[1.0]
    rows = []
    for a in values:
        total, by_kind, convs = measured[a]
        rows.append(WidthRow(a, total.params, total.macs, total.params / base_total.params,
                             total.macs / base_total.macs, by_kind, _rounding(base_convs, convs, a)))
    return WidthReport(variant.label, variant.option, resolution, tuple(rows))
