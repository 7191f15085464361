"""Compare numbers read from answers and rubrics: relative tolerance, SI scales, percentage points."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cnnquiz.quiz.textnorm import Token

SCALES = (1e3, 1e6, 1e9)
SCALED_TOLERANCE = 0.01     # a bare number stands for a scaled one only when written nearly alike (16 is not 15.5B)
PERCENT_POINTS = 0.5        # tolerance of a percentage in points (78.5% is not 79.2%), never looser than `rel`


def _small_int_vs_fraction(got: float, want: float) -> bool:
    """`4` is not `4.1`: an integer below 10 in the answer does not match a fractional rubric number."""
    return got == int(got) and abs(got) < 10 and want != int(want)


def _mantissa(tok: Token) -> bool:
    """A bare number that may stand for a scaled one: a single value from 10 to 999 or a fraction below 10.

    Not `2048` or `2017` (a count, a year) for 2.05M, not a small integer (`top-1`, `3 layers`), not a range.
    """
    return tok.lo == tok.hi and abs(tok.lo) < 1000 and (abs(tok.lo) >= 10 or tok.lo != int(tok.lo))


def _same_precision(a: float, b: float) -> bool:
    """Both written as integers or both with decimals: a bare `60` does not stand for `60.2M`."""
    return (a == int(a)) == (abs(b - round(b)) < 1e-9)


def _overlap(w_lo: float, w_hi: float, g_lo: float, g_hi: float, rel: float) -> bool:
    return w_lo - abs(w_lo) * rel <= g_hi and g_lo <= w_hi + abs(w_hi) * rel


def numbers_close(want: Token, got: Token, rel: float) -> bool:
    """Whether an answer's number (or range) `got` agrees with a rubric number (or range) `want`.

    Percentages agree within 0.5 points (within `rel` when that is tighter: 1% is not 0.6%); other numbers
    within `rel`, relative.
    A bare number also matches a scaled one at x1e3, x1e6 or x1e9 (`15.5 vs 4.1` ~ `4.1 GMACs`), both ways.
    """
    if want.pct or got.pct:
        tol = min(PERCENT_POINTS, rel * max(abs(want.lo), abs(want.hi)))
        return want.lo - tol <= got.hi and got.lo <= want.hi + tol
    if got.lo == got.hi and _small_int_vs_fraction(got.lo, want.lo):
        return False
    if _overlap(want.lo, want.hi, got.lo, got.hi, rel):
        return True
    if want.bare and got.scale != 1.0 and _mantissa(want) and _same_precision(want.lo, got.lo / got.scale):
        return any(_overlap(want.lo * f, want.hi * f, got.lo, got.hi, SCALED_TOLERANCE) for f in SCALES)
    if got.bare and want.scale != 1.0 and _mantissa(got) and _same_precision(got.lo, want.lo / want.scale):
        return any(_overlap(want.lo, want.hi, got.lo * f, got.hi * f, SCALED_TOLERANCE) for f in SCALES)
    return False
