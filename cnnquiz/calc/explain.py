"""Derivations for --explain: each formula in sympy symbols, then with the numbers in, then sympy's value.

Only imported when --explain is given (sympy costs ~0.3 s). Numbers are substituted as symbols named
after the values (Dummies), so the substituted line keeps the formula's structure instead of being evaluated.
Tests check every value here against formulas.py and the torch measurement.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from cnnquiz.calc import formulas as F


class _Printer(StrPrinter):
    """sympy's str printer, with numbers-as-symbols printed bare and x**(-2) printed as 1/x**2."""

    def _print_Dummy(self, expr: sp.Dummy) -> str:
        return expr.name

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        if expr.exp.is_Integer and expr.exp < -1:
            return f"1/{self.parenthesize(expr.base, PRECEDENCE['Pow'])}**{-expr.exp}"
        return super()._print_Pow(expr, rational)


@dataclass(frozen=True)
class Step:
    """One line of a derivation: what it is, the formula, the formula with numbers, the value."""

    label: str
    symbolic: str
    substituted: str
    value: int | float


def _sym(name: str) -> sp.Symbol:
    return sp.Symbol(name, positive=True)


def _fmt(expr: sp.Expr) -> str:
    return _Printer().doprint(expr).replace("**", "^").replace("*", "·")


def _number(value: float | int) -> sp.Expr:
    return sp.Integer(value) if isinstance(value, int) else sp.Rational(str(value))


def step(label: str, expr: sp.Expr, values: dict[sp.Symbol, float | int], simplified: sp.Expr | None = None) -> Step:
    """Render expr symbolically and with values substituted, and evaluate it exactly."""
    # Dummies: two symbols with equal values (t = s = 6) must stay two factors, not become 6^2.
    shown = expr.xreplace({s: sp.Dummy(str(v), positive=True) for s, v in values.items()})
    value = sp.nsimplify(expr.xreplace({s: _number(v) for s, v in values.items()}))
    symbolic = _fmt(expr) + (f" = {_fmt(simplified)}" if simplified is not None else "")
    out: int | float = int(value) if value.is_integer else float(value)
    return Step(label, symbolic, _fmt(shown), out)


def conv_steps(cin: int, cout: int, k: int, height: int, width: int, stride: int = 1, padding: int = 0,
               dilation: int = 1, groups: int = 1, bias: bool = True) -> list[Step]:
    """Output size, params, MACs and FLOPs of one Conv2d."""
    c = F.conv(cin, cout, k, height, width, stride, padding, dilation, groups, bias)
    H, W, p, d, s, kk = (_sym(n) for n in ("H", "W", "p", "d", "s", "k"))
    Ci, Co, g, Ho, Wo = (_sym(n) for n in ("C_in", "C_out", "g", "H_out", "W_out"))
    size = {p: padding, d: dilation, s: stride, kk: k}
    params = Co * Ci / g * kk**2 + (Co if bias else 0)
    macs = Ho * Wo * Co * Ci / g * kk**2
    shape = {Ci: cin, Co: cout, g: groups, kk: k, Ho: c.out_height, Wo: c.out_width}
    return [
        step("H_out", sp.floor((H + 2 * p - d * (kk - 1) - 1) / s) + 1, {H: height, **size}),
        step("W_out", sp.floor((W + 2 * p - d * (kk - 1) - 1) / s) + 1, {W: width, **size}),
        step("params" + (" (weights + bias)" if bias else " (weights)"), params, shape),
        step("MACs", macs, shape),
        step("FLOPs", 2 * macs, shape),
    ]


def depthwise_steps(cin: int, cout: int, k: int, size: int, stride: int = 1, padding: int | None = None) -> list[Step]:
    """Standard vs depthwise + pointwise MACs and the 1/C_out + 1/k² ratio."""
    sep = F.depthwise_separable(cin, cout, k, size, stride, padding)
    Ci, Co, kk, Ho, Wo = (_sym(n) for n in ("C_in", "C_out", "k", "H_out", "W_out"))
    standard, depthwise, pointwise = Ho * Wo * Co * Ci * kk**2, Ho * Wo * Ci * kk**2, Ho * Wo * Ci * Co
    ratio = (depthwise + pointwise) / standard
    values = {Ci: cin, Co: cout, kk: k, Ho: sep.standard.out_height, Wo: sep.standard.out_width}
    return [
        step("standard MACs", standard, values),
        step("depthwise MACs", depthwise, values),
        step("pointwise MACs", pointwise, values),
        step("separable / standard", ratio, values, simplified=sp.expand(sp.cancel(ratio))),
        step("reduction", 1 / sp.expand(sp.cancel(ratio)), values),
    ]


def bottleneck_steps(channels: int, mid: int, size: int) -> list[Step]:
    """Bottleneck, plain 3×3 and basic-block conv weights, their ratio, and MACs at stride 1."""
    C, m, H, W = _sym("C"), _sym("m"), _sym("H"), _sym("W")
    bottleneck = C * m + 9 * m**2 + m * C
    plain, basic = 9 * C**2, 2 * 9 * C**2
    values = {C: channels, m: mid, H: size, W: size}
    return [
        step("bottleneck params", bottleneck, values),
        step("plain 3×3 params", plain, values),
        step("basic block params", basic, values),
        step("plain / bottleneck", plain / bottleneck, values),
        step("bottleneck MACs (stride 1)", H * W * bottleneck, values),
        step("bottleneck params with BN", bottleneck + 2 * (m + m + C), values),
    ]


def mbconv_steps(cin: int, cout: int, expand: int = 6, k: int = 3, stride: int = 1, se: float = 0.25,
                 size: int = 56) -> list[Step]:
    """Params and MACs of each MBConv part (expansion t, squeeze width s)."""
    Ci, Co, t, kk, s, H, Ho = (_sym(n) for n in ("C_in", "C_out", "t", "k", "s", "H", "H_out"))
    out = F.conv_output_size(size, k, stride, F.same_padding(k))
    values = {Ci: cin, Co: cout, t: expand, kk: k, s: F.se_channels(cin, se), H: size, Ho: out}
    steps = []
    if expand != 1:
        steps += [step("expand params", Ci * t * Ci, values), step("expand MACs", H**2 * Ci * t * Ci, values)]
    steps += [step("depthwise params", t * Ci * kk**2, values), step("depthwise MACs", Ho**2 * t * Ci * kk**2, values)]
    if se > 0:
        steps += [step("SE params (with biases)", 2 * t * Ci * s + s + t * Ci, values),
                  step("SE MACs", 2 * t * Ci * s, values)]
    steps += [step("project params", t * Ci * Co, values), step("project MACs", Ho**2 * t * Ci * Co, values)]
    return steps


def scaling_steps(phi: int, alpha: float, beta: float, gamma: float, base_resolution: int) -> list[Step]:
    """FLOPs ∝ d·w²·r², so one φ step multiplies FLOPs by α·β²·γ²."""
    a, b, g, f, r0 = _sym("α"), _sym("β"), _sym("γ"), sp.Symbol("φ", nonnegative=True), _sym("r_0")
    values = {a: alpha, b: beta, g: gamma, f: phi, r0: base_resolution}
    return [
        step("depth d", a**f, values),
        step("width w", b**f, values),
        step("resolution", r0 * g**f, values),
        step("constraint α·β²·γ²", a * b**2 * g**2, values),
        step("FLOPs factor d·w²·r²", a**f * (b**f) ** 2 * (g**f) ** 2, values),
    ]


def width_steps(alpha: float) -> list[Step]:
    """Why α² for C_in·C_out layers but only α for depthwise convs and the 3-channel stem."""
    a, Ci, Co, kk = _sym("α"), _sym("C_in"), _sym("C_out"), _sym("k")
    values = {a: alpha}
    return [
        step("conv factor (α·C_in)(α·C_out)k² / (C_in·C_out·k²)", (a * Ci) * (a * Co) * kk**2 / (Ci * Co * kk**2),
             values),
        step("depthwise factor (α·C)k² / (C·k²)", (a * Ci) * kk**2 / (Ci * kk**2), values),
    ]
