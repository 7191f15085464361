"""Format claim values for people: 25,557,032 params, 4.09 G MACs, 76.13%, 8.41×, 224 px (no torch)."""

from __future__ import annotations

from cnnquiz import units


def si(value: float, digits: int = 3) -> str:
    """A number with a k/M/G/T suffix and `digits` significant figures: 4.09G, 569M, 25.6M."""
    return units.si(value, digits, kilo="k", small_digits=digits)


def count(value: float) -> str:
    """An exact count with thousands separators when it is whole, else 3 significant figures."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.3g}"


def fmt_value(value: float, unit: str) -> str:
    """A claim value in its unit: count|MACs|FLOPs|percent|x|px."""
    if unit == "count":
        return count(value) if abs(value) < 1e5 or float(value).is_integer() else si(value)
    if unit in ("MACs", "FLOPs"):
        return f"{si(value)} {unit}"
    if unit == "percent":
        return f"{value:.2f}".rstrip("0").rstrip(".") + "%"
    if unit == "x":
        return f"{value:.3g}×"
    if unit == "px":
        return f"{value:g} px"
    return f"{value:g}"


def gmacs(macs: float) -> str:
    """MACs in G with two decimals below 100 G: 4.09 GMACs."""
    g = macs / 1e9
    return f"{g:.2f} GMACs" if g < 100 else f"{g:.0f} GMACs"


def mib(nbytes: float) -> str:
    """Bytes as MB (2^20 bytes) with one decimal, or GB above 1024 MB."""
    mb = nbytes / 2**20
    return f"{mb / 1024:.2f} GB" if mb >= 1024 else f"{mb:.1f} MB"
