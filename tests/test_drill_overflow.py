"""A typed answer just below 2^1024 passes the parser's bounds; the verdict must still render (L4)."""

from __future__ import annotations

from cnnquiz.render.drill import fmt


def test_fmt_of_a_number_too_large_for_a_float():
    huge = 2**1024 - 1
    assert fmt(huge) == "a number of 309 digits"
    assert fmt(1234) == "1,234"


def test_drill_session_survives_the_answer(cli):
    result = cli("drill", "--seed", "1", "-n", "1", input="((2^32)^16-1)*((2^32)^16+1)\n")
    assert result.exit_code == 0, result.output
    assert "a number of 309 digits" in result.output
