"""The one SI formatter: 25557032 -> 25.6M, 4089184256 -> 4.09 G, with the digits and spacing each table wants."""

from __future__ import annotations

SCALES = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K"))


def si(value: float, digits: int = 3, *, sep: str = "", kilo: str = "K", floor: float = 1e3,
       small_digits: int = 6) -> str:
    """`value` with a T/G/M/K suffix and `digits` significant figures once |value| ≥ floor, else plain.

    sep goes between the number and the suffix; kilo is the thousands suffix (`k` in claims, `K` in tables).
    """
    v = float(value)
    for scale, suffix in SCALES:
        if abs(v) >= scale and abs(v) >= floor:
            return f"{v / scale:.{digits}g}{sep}{kilo if scale == 1e3 else suffix}"
    return f"{v:.{small_digits}g}"
