"""Calculator inputs inside the option bounds that overflow torch or Python: one line, exit 2 (L5)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("args", [
    ("conv", "--cin", "1000000000", "--cout", "1000000000", "-k", "3"),
    ("conv", "--cin", "64", "--cout", "128", "-k", "3", "--padding", "99999999"),
    ("rf", "c99999s99999d99999*1000"),
    ("scaling", "--alpha", "1e308", "--phi", "30"),
])
def test_overflowing_inputs_are_usage_errors(cli, args):
    result = cli("calc", *args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the numbers are too large to compute")
