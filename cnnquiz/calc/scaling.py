"""EfficientNet compound scaling: the α/β/γ rule per φ, and torchvision's B0–B7 measured on the meta device."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cnnquiz.calc import formulas as F
from cnnquiz.errors import ShapeError
from cnnquiz.models import EFFICIENTNET_PAPER as PAPER
REAL_PHIS = range(8)  # torchvision ships efficientnet_b0 … efficientnet_b7


@dataclass(frozen=True)
class ScalingTable:
    """The rule's multipliers for each φ, and how far α·β²·γ² is from the paper's target of 2."""

    alpha: float
    beta: float
    gamma: float
    base_resolution: int
    rows: tuple[F.ScalingRow, ...]

    @property
    def constraint(self) -> float:
        return F.scaling_constraint(self.alpha, self.beta, self.gamma)

    @property
    def constraint_error(self) -> float:
        """Relative distance of α·β²·γ² from 2."""
        return abs(self.constraint - 2) / 2


def scaling_table(phis: Sequence[int], alpha: float = PAPER.alpha, beta: float = PAPER.beta,
                  gamma: float = PAPER.gamma, base_resolution: int = PAPER.base_resolution) -> ScalingTable:
    """The compound-scaling rule evaluated at each φ (pure arithmetic, no model)."""
    if not phis:
        raise ShapeError("give at least one phi")
    rows = tuple(F.compound_scaling(phi, alpha, beta, gamma, base_resolution) for phi in phis)
    return ScalingTable(alpha, beta, gamma, base_resolution, rows)


@dataclass(frozen=True)
class RealRow:
    """One torchvision EfficientNet-B{φ} measured at its own resolution, beside the rule's prediction."""

    name: str
    phi: int
    resolution: int
    params: int
    macs: int
    width_mult: float | None
    depth_mult: float | None
    params_ratio: float
    macs_ratio: float
    rule: F.ScalingRow

    @property
    def flops(self) -> int:
        return 2 * self.macs


def build_efficientnet(phi: int):
    """Build efficientnet_b{phi} on meta and read the width/depth multipliers its builder passes.

    torchvision's efficientnet_bN builders call _efficientnet_conf(arch, width_mult=…, depth_mult=…);
    wrapping that function while the builder runs records the values torchvision really uses.
    """
    from unittest import mock

    import torchvision.models.efficientnet as tv_efficientnet

    from cnnquiz import models

    seen: dict[str, float] = {}
    original = tv_efficientnet._efficientnet_conf

    def recording_conf(arch, **kwargs):
        seen.update({k: kwargs[k] for k in ("width_mult", "depth_mult") if k in kwargs})
        return original(arch, **kwargs)

    with mock.patch.object(tv_efficientnet, "_efficientnet_conf", recording_conf):
        model = models.build(f"efficientnet_b{phi}", device="meta")
    return model, seen.get("width_mult"), seen.get("depth_mult")


def real_table(phis: Sequence[int], alpha: float = PAPER.alpha, beta: float = PAPER.beta,
               gamma: float = PAPER.gamma, base_resolution: int = PAPER.base_resolution) -> tuple[RealRow, ...]:
    """EfficientNet-B{φ} for each φ in 0…7 measured on meta at torchvision's crop size; ratios are to B0."""
    bad = [p for p in phis if p not in REAL_PHIS]
    if bad:
        raise ShapeError(f"--real needs phi in 0..7 (torchvision ships efficientnet_b0…b7), got {bad[0]}")
    from cnnquiz.calc.counting import count
    from cnnquiz.models.published import default_resolution

    measured = {}
    for phi in sorted({0, *phis}):
        model, width, depth = build_efficientnet(phi)
        name = f"efficientnet_b{phi}"
        resolution = default_resolution(name)
        measured[phi] = (name, resolution, count(model, (3, resolution, resolution)), width, depth)
    base = measured[0][2]
    rows = []
    for phi in phis:
        name, resolution, c, width, depth = measured[phi]
        rule = F.compound_scaling(phi, alpha, beta, gamma, base_resolution)
        rows.append(RealRow(name, phi, resolution, c.params, c.macs, width, depth, c.params / base.params,
                            c.macs / base.macs, rule))
    return tuple(rows)
