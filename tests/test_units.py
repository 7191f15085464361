"""units.si: the one SI formatter, in each style the tables use."""

from __future__ import annotations

import pytest

from cnnquiz import units


@pytest.mark.parametrize("args, kwargs, expected", [
    ((924844032, 4), {"sep": " "}, "924.8 M"),
    ((1849688064, 3), {}, "1.85G"),
    ((999,), {}, "999"),
    ((25557032, 3), {"kilo": "k"}, "25.6M"),
    ((1234, 3), {"kilo": "k", "small_digits": 3}, "1.23k"),
    ((9999, 4), {"sep": " ", "floor": 10_000, "small_digits": 4}, "9999"),
    ((115605504, 4), {"sep": " ", "floor": 10_000}, "115.6 M"),
    ((2.5e12, 3), {}, "2.5T"),
    ((-3_400_000, 2), {}, "-3.4M"),
    ((12.3456, 3), {"small_digits": 3}, "12.3"),
])
def test_si_styles(args, kwargs, expected):
    assert units.si(*args, **kwargs) == expected
