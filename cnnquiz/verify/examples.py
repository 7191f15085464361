"""Worked-example claims (bottleneck, depthwise, scaling, width, rf ...) checked with the calculator's formulas."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from cnnquiz import models
from cnnquiz.bank.schema import Claim, ClaimKind
from cnnquiz.calc import formulas as F
from cnnquiz.errors import CnnquizError, UnknownNameError
from cnnquiz.models import EFFICIENTNET_PAPER
from cnnquiz.verify.types import Alternative, Measured, Unmeasurable

# Spellings bank writers use for the same example kind.
KIND_ALIASES = {
    "depthwise-separable": "depthwise", "separable": "depthwise", "dw": "depthwise",
    "separable-ratio": "depthwise-ratio", "compound-scaling": "scaling", "width-multiplier": "width",
    "receptive-field": "rf", "basic-block": "basic", "bottleneck-block": "bottleneck",
}


def normalise_kind(kind: Any) -> str:
    k = str(kind).strip().lower().replace("_", "-").replace(" ", "-")
    return KIND_ALIASES.get(k, k)


def _unmeasurable(subject: str, reason: str, broken: bool = False) -> Exception:
    return Unmeasurable(subject, reason, broken)


def _int(ex: dict[str, Any], key: str, default: int | None = None) -> int:
    value = ex.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _unmeasurable(f"example {ex}", f"the example needs a positive integer '{key}'", broken=True)
    return value


def _measured(value: float, subject: str, how: str, alts: tuple[tuple[float, str, str], ...] = ()) -> Measured:
    """A formula's value; alts are (value, description, convention name) under other conventions."""
    return Measured(value, subject, how, "calc.formulas", tuple(Alternative(v, d, c) for v, d, c in alts))


def _bottleneck(claim: Claim, ex: dict[str, Any]) -> Measured:
    c, m, k = _int(ex, "channels"), _int(ex, "mid"), _int(ex, "k", 3)
    name = f"bottleneck {c}→{m}→{c}"
    block = F.bottleneck_params(c, m, k)
    single = F.conv_params(c, c, k, bias=False)
    if claim.what is ClaimKind.PARAMS:
        return _measured(block, f"{name} conv weights", f"C·m + k²·m² + m·C = {c * m:,} + {k * k * m * m:,} + "
                         f"{m * c:,}", ((block + 2 * (2 * m + c), "the same with BatchNorm γ, β", "bn-affine"),))
    if claim.what is ClaimKind.MACS and "size" in ex:
        size = _int(ex, "size")
        return _measured(block * size * size, f"{name} MACs at {size}×{size}", "conv weights × H × W (stride 1)")
    if claim.what is ClaimKind.RATIO and str(claim.part or "").replace("×", "x") == f"{k}x{k}":
        return _measured(single / F.conv_params(m, m, k, bias=False), f"{k}×{k} conv on {c} vs {m} channels",
                         f"{single:,} / {k * k * m * m:,} weights = (C/m)²")
    if claim.what is ClaimKind.RATIO:
        return _measured(single / block, f"one {k}×{k} {c}→{c} conv / {name}", f"{single:,} / {block:,} weights",
                         ((2 * single / block, f"two {k}×{k} {c}→{c} convs (a basic block) / the bottleneck",
                           "basic-block"),))
    raise _unmeasurable(name, f"a bottleneck example checks params or ratio, not {claim.what.value}")


def _basic(claim: Claim, ex: dict[str, Any]) -> Measured:
    c, k = _int(ex, "channels"), _int(ex, "k", 3)
    block = 2 * F.conv_params(c, c, k, bias=False)
    if claim.what is ClaimKind.PARAMS:
        return _measured(block, f"basic block {c}→{c} conv weights", f"2 × k²·C² = 2 × {block // 2:,}")
    if claim.what is ClaimKind.RATIO and "mid" in ex:
        return _measured(block / F.bottleneck_params(c, _int(ex, "mid"), k), "basic block / bottleneck",
                         "conv weights of two 3×3 convs over a 1×1-3×3-1×1 bottleneck")
    raise _unmeasurable(f"basic block {c}", f"a basic-block example checks params, not {claim.what.value}")


def _depthwise(claim: Claim, ex: dict[str, Any]) -> Measured:
    cin, cout, k = _int(ex, "cin"), _int(ex, "cout"), _int(ex, "k", 3)
    size, stride = _int(ex, "size", 112), _int(ex, "stride", 1)
    s = F.depthwise_separable(cin, cout, k, size, stride)
    name = f"{k}×{k} conv {cin}→{cout} on {size}×{size}"
    if claim.what is ClaimKind.RATIO:
        if claim.part == "params":
            return _measured(s.params_reduction, f"{name}: standard / separable params",
                             f"{s.standard.params:,} / {s.separable.params:,}")
        return _measured(s.reduction, f"{name}: standard / separable MACs",
                         f"{s.standard.macs:,} / {s.separable.macs:,} = 1 / (1/C_out + 1/k²)")
    parts = {"standard": s.standard, "separable": s.separable, "depthwise": s.depthwise, "pointwise": s.pointwise}
    if claim.part not in parts:
        raise _unmeasurable(name, "a depthwise example's macs/params need part: standard|separable")
    cost = parts[claim.part]
    what = claim.what.value
    if what == "params":
        return _measured(cost.params, f"{name}, {claim.part} params", "conv weights without bias")
    value = cost.flops if what == "flops" else cost.macs
    how = (f"depthwise {s.depthwise.macs:,} + pointwise {s.pointwise.macs:,}" if claim.part == "separable"
           else f"H·W·C_out·C_in·k² ({claim.part})")
    alts = (((cost.flops, "FLOPs = 2 × MACs", "macs-vs-flops"),) if what == "macs"
            else ((cost.macs, "MACs", "macs-vs-flops"),))
    return _measured(value, f"{name}, {claim.part} {what}", how, alts)


def _depthwise_ratio(claim: Claim, ex: dict[str, Any]) -> Measured:
    cout, k = _int(ex, "cout"), _int(ex, "k", 3)
    return _measured(1 / F.separable_ratio(cout, k), f"separable reduction, C_out={cout}, k={k}",
                     f"1 / (1/{cout} + 1/{k * k})")


def _scaling(claim: Claim, ex: dict[str, Any]) -> Measured:
    phi = ex.get("phi", 1)
    alpha, beta, gamma = (float(ex.get(key, getattr(EFFICIENTNET_PAPER, key))) for key in ("alpha", "beta", "gamma"))
    row = F.compound_scaling(int(phi), alpha, beta, gamma)
    part = claim.part or "flops"
    values = {"flops": row.flops_factor, "depth": row.depth, "width": row.width, "resolution": row.resolution_mult}
    if part not in values:
        raise _unmeasurable("compound scaling", "part must be flops, depth, width or resolution")
    return _measured(values[part], f"compound scaling φ={phi} ({part})",
                     f"(α·β²·γ²)^φ with α={alpha}, β={beta}, γ={gamma}" if part == "flops" else f"{part} multiplier",
                     ((2.0 ** int(phi), "the 2^φ the constraint α·β²·γ² ≈ 2 aims at", "scaling-target"),)
                     if part == "flops" else ())


@lru_cache(maxsize=16)
def width_counts(model: str, alpha: float) -> tuple[int, int]:
    """(params, MACs) of a width-multiplied model or family on the meta device at 224 px."""
    from cnnquiz.calc.counting import count

    c = count(models.build_width(model, alpha), (3, 224, 224))
    return c.params, c.macs


def _width(claim: Claim, ex: dict[str, Any]) -> Measured:
    alpha = float(ex.get("alpha", 0))
    rule = 1 / F.width_cost(alpha)
    model = str(ex.get("model", ""))
    try:
        variant = models.width_variant(model)
    except UnknownNameError:
        variant = None
    if variant is not None and claim.what in (ClaimKind.PARAMS, ClaimKind.MACS):
        i = 0 if claim.what is ClaimKind.PARAMS else 1
        value = width_counts(variant.base, alpha)[i]
        return _measured(value, f"{variant.label} α={alpha} {claim.what.value}",
                         f"measured on the meta device at 224 px: {value:,}")
    if variant is not None:
        i = 0 if claim.part == "params" else 1
        full, thin = width_counts(variant.base, 1.0)[i], width_counts(variant.base, alpha)[i]
        noun = "params" if i == 0 else "MACs"
        return _measured(full / thin, f"{variant.label} α=1 / α={alpha} {noun}",
                         f"measured on the meta device: {full:,} / {thin:,}", ((rule, "the ideal 1/α² rule", "width-rule"),))
    return _measured(rule, f"width multiplier α={alpha}", "1/α² (formulas.width_cost)")


def _rf(claim: Claim, ex: dict[str, Any]) -> Measured:
    from cnnquiz.rf import spec_result

    spec = str(ex.get("spec", ""))
    return _measured(spec_result(spec).receptive_field, f"receptive field of {spec}",
                     "r_out = r_in + (k − 1)·d·j_in over the layers (cnnquiz.rf)")


HANDLERS: dict[str, Callable[[Claim, dict[str, Any]], Measured]] = {
    "bottleneck": _bottleneck, "basic": _basic, "depthwise": _depthwise, "depthwise-ratio": _depthwise_ratio,
    "scaling": _scaling, "width": _width, "rf": _rf,
}


def measure_example(claim: Claim) -> Measured:
    """The formula's value for a worked-example claim (Unmeasurable for kinds nobody can compute)."""
    ex = dict(claim.example or {})
    kind = normalise_kind(ex.get("kind"))
    handler = HANDLERS.get(kind)
    if handler is None:
        raise _unmeasurable(f"example {kind}", f"unknown example kind '{kind}' (known: {', '.join(HANDLERS)})")
    try:
        return handler(claim, ex)
    except CnnquizError as exc:  # ShapeError / ParseError from the formulas: the example itself is broken
        raise _unmeasurable(f"example {kind}", f"the example is not computable: {exc}", broken=True) from None
