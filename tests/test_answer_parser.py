"""The drill answer parser: accepted forms, clear errors, and >10,000 fuzzed inputs that never crash or hang."""

from __future__ import annotations

import ast
import builtins
import signal
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnnquiz.drill import answer as A
from cnnquiz.drill.answer import parse_answer, parse_tolerance
from cnnquiz.errors import ParseError


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("115.6M", 115_600_000, None),
    ("1.156e8", 115_600_000, None),
    ("1.156E+8", 115_600_000, None),
    ("115,605,504", 115_605_504, None),
    ("115_605_504", 115_605_504, None),
    ("8.4x", Fraction(84, 10), "ratio"),
    ("8.4 ×", Fraction(84, 10), "ratio"),
    ("8.4 times", Fraction(84, 10), "ratio"),
    ("1/256 + 1/9", Fraction(1, 256) + Fraction(1, 9), None),
    ("2^3", 8, None),
    ("2**3", 8, None),
    ("2^3^2", 512, None),  # right-associative
    ("-2^2", -4, None),  # ^ binds tighter than unary minus
    ("2^-2", Fraction(1, 4), None),
    ("3²", 9, None),
    ("(56-3+2)/1+1", 56, None),
    ("floor((56+2-3)/2)+1", 28, None),
    ("ceil(7/2)", 4, None),
    ("(56+2-3)//2+1", 28, None),
    ("3x3x64", 576, None),
    ("3 × 3 · 64 ÷ 2 − 1", 287, None),
    ("28*28*128*128*9", 115_605_504, None),
    ("12.5%", Fraction(1, 8), "percent"),
    ("115.6M MACs", 115_600_000, "macs"),
    ("115.6 MMACs", 115_600_000, "macs"),
    ("0.23 GFLOPs", 230_000_000, "flops"),
    ("2.3M params", 2_300_000, "params"),
    ("28 px", 28, "px"),
    ("4k", 4000, None),
    ("1.5B", 1_500_000_000, None),
    (".5", Fraction(1, 2), None),
    ("  42  ", 42, None),
    ("(1+2)M", 3_000_000, None),
])
def test_accepted_forms(text, value, unit):
    a = parse_answer(text)
    assert a.value == Fraction(value) and a.unit == unit


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
    ("   ", "empty"),
    ("abc", "unknown word 'abc'"),
    ("5 furlongs", "unknown word"),
    ("1,5", "use '.' for decimals"),
    ("1,2345", "groups of three"),
    ("2 3", "two numbers in a row"),
    ("1/0", "division by zero"),
    ("0^-1", "division by zero"),
    ("(1+2", "missing ')'"),
    ("1+", "ends too early"),
    ("2^0.5", "whole-number powers"),
    ("9^9^9^9", "exponent too large"),
    ("10^65", "exponent too large"),
    ("123456789^60", "too large"),
    ("1e99", "too large"),
    ("__import__('os')", "unexpected character '_'"),
    ("١٢٣", "not an ASCII digit"),
    ("１２", "not an ASCII digit"),
    ("(" * 20 + "1" + ")" * 20, "nested too deeply"),
    ("-" * 30 + "1", "nested too deeply"),
    ("1" * 300, "too long"),
    ("1" * 50, "too many digits"),
    ("floor 3", "parentheses"),
    ("3 px px", "after the unit"),
    ("50% * 2", "after the unit"),
])
def test_rejected_with_a_clear_message(text, message):
    with pytest.raises(ParseError, match=None) as info:
        parse_answer(text)
    assert message in str(info.value)


def test_tolerance_forms():
    assert parse_tolerance("2%") == pytest.approx(0.02)
    assert parse_tolerance("0.02") == pytest.approx(0.02)
    assert parse_tolerance("0") == 0
    for bad in ("2", "60%", "-1%", "2x", "lots"):
        with pytest.raises(ParseError):
            parse_tolerance(bad)


def test_parser_source_never_evaluates_code():
    tree = ast.parse(Path(A.__file__).read_text())
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    attrs = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert not ({"eval", "exec", "compile", "__import__", "getattr", "sympify"} & names)
    assert not ({"eval", "exec", "__import__", "sympify", "literal_eval"} & attrs)  # re.compile is fine
    imports = {a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any("sympy" in (m or "") for m in imports | modules)


# -- fuzzing -----------------------------------------------------------------------------------------

HARD_LIMIT_SECONDS = 2.0  # far above the real cost (microseconds); only turns a hang into a failure


@contextmanager
def hang_guard():
    """SIGALRM after HARD_LIMIT_SECONDS: a runaway parse fails the test instead of hanging the suite."""

    def alarm(signum, frame):
        raise TimeoutError("parse_answer took more than 2 s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, HARD_LIMIT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def no_code_evaluation(monkeypatch):
    """eval/exec/compile raise if anything calls them while the parser runs."""

    def refuse(*args, **kwargs):
        raise AssertionError("the answer parser evaluated code")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, refuse)


class Bounds:
    """The largest intermediate value (bits) and nesting depth seen while parsing, via the parser's own checks."""

    def __init__(self, monkeypatch):
        self.bits = 0
        self.depth = 0
        check, enter = A._check_size, A._Parser.enter

        def counting_check(value):
            self.bits = max(self.bits, value.numerator.bit_length(), value.denominator.bit_length())
            return check(value)

        def counting_enter(parser):
            self.depth = max(self.depth, parser.depth + 1)
            return enter(parser)

        monkeypatch.setattr(A, "_check_size", counting_check)
        monkeypatch.setattr(A._Parser, "enter", counting_enter)


def check_input(text: str) -> None:
    """parse_answer either returns an exact Fraction with a known unit or raises ParseError; nothing else."""
    with hang_guard():
        try:
            result = parse_answer(text)
        except ParseError as exc:
            assert str(exc)
            return
    assert isinstance(result.value, Fraction)
    assert result.unit in (None, "ratio", "percent", "macs", "flops", "params", "px")
    assert len(text.strip()) <= A.MAX_LENGTH
    assert max(result.value.numerator.bit_length(), result.value.denominator.bit_length()) <= A.MAX_BITS


GRAMMAR = list("0123456789") * 3 + list(".,_eE+-*/^()%x×·÷−²³ ") * 2 + [
    "k", "M", "G", "B", "MACs", "FLOPs", "px", "params", "floor(", "ceil(", "**", "//", "9^9^9", "1e30",
    "(" * 8, ")" * 8, "999999999", "__import__", "'os'", "١", "𝟗", "\u00a0", "\x00", "\n", "eval(", "lambda",
]
FUZZ = settings(max_examples=3500, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.mark.slow
@FUZZ
@given(st.text(max_size=260))
def test_fuzz_any_unicode_text(text):
    check_input(text)


@pytest.mark.slow
@FUZZ
@given(st.lists(st.sampled_from(GRAMMAR), max_size=80).map("".join))
def test_fuzz_grammar_fragments(text):
    check_input(text)


def _expressions():
    leaf = st.one_of(st.integers(-10**12, 10**12).map(str), st.sampled_from(["9", "99999", "1e30", "0", ".5", "7M"]))
    return st.recursive(leaf, lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "^", "//", "x", "**"]), inner).map(" ".join),
        inner.map(lambda s: f"({s})"),
        inner.map(lambda s: f"-{s}"),
        inner.map(lambda s: f"floor({s})"),
    ), max_leaves=40)


@pytest.mark.slow
@FUZZ
@given(_expressions())
def test_fuzz_adversarial_expressions(text):
    check_input(text)


ADVERSARIAL = [
    "9^9^9^9", "9**9**9**9", "2^2^2^2^2^2^2^2", "10^64^64", "(10^64)^64", "99999999999^64", "(1/3)^64^2",
    "(" * 1000 + "1" + ")" * 1000, "(" * 15 + "1" + ")" * 15, "-" * 100 + "1", "1" * 10_000, "9" * 199,
    "1e30^64", "1e30*1e30*1e30*1e30*1e30*1e30*1e30*1e30*1e30*1e30*1e30*1e30",
    "__import__('os').system('echo hi')", "eval('1+1')", "lambda: 0", "[1,2]", "{1}", "1 if 1 else 2", "a.b",
    "١٢٣", "𝟗𝟗", "Ⅻ", "½", "∞", "NaN", "inf", "1e", "e1", "--1", "+-+-1", "1..2", "1.2.3", "0x1F", "1_2",
    "\x00", "\u202e1", "1\n2", "🙂", "%", "x", "×", "()", ")(", "floor()", "ceil(((", "1/(2-2)", "0^0",
]


def test_adversarial_inputs_fail_fast_and_within_bounds(monkeypatch, no_code_evaluation):
    bounds = Bounds(monkeypatch)
    for text in ADVERSARIAL:
        check_input(text)
    # the limits are enforced before the work: no value beyond 2 × MAX_BITS (a product of two checked
    # values) and no nesting beyond MAX_DEPTH + 1 (the level that raises) was ever formed
    assert bounds.bits <= 2 * A.MAX_BITS + 64
    assert bounds.depth <= A.MAX_DEPTH + 1


def test_limits_are_checked_before_any_work(monkeypatch):
    class NoRegex:
        def match(self, *args):
            raise AssertionError("tokenizing started on an overlong input")

    monkeypatch.setattr(A, "_TOKEN", NoRegex())
    with pytest.raises(ParseError, match="too long"):
        parse_answer("1+" * 1000)
    monkeypatch.undo()
    with pytest.raises(ParseError, match="more than"):
        parse_answer("1+" * 99)

    def no_power(*args):
        raise AssertionError("a power was computed before its exponent was checked")

    monkeypatch.setattr(Fraction, "__pow__", no_power)
    for base, exponent in ((9, 9**9), (10, 65), (99999999999, 64), (Fraction(1, 3), 4096), (2, Fraction(1, 2))):
        with pytest.raises(ParseError):
            A._power(Fraction(base), Fraction(exponent))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.integers(1, 10**12))
def test_round_trip_of_written_numbers(n):
    assert parse_answer(f"{n:,}").value == n
    assert parse_answer(f"{n:_}").value == n
    assert parse_answer(f"{n:.6e}").value == Fraction(f"{n:.6e}")
    if n >= 10**6:
        assert abs(parse_answer(f"{n / 1e6:.4f}M").value - n) <= 50
