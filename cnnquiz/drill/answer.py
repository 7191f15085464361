"""A restricted parser for typed numeric answers: numbers, SI suffixes, units and + − × ÷ ^ // floor ceil.

No eval and no sympify: a token regex and a recursive-descent parser over exact Fractions. Every input
is bounded before any arithmetic (length, tokens, nesting, literal digits, exponent size and the bit
length of every intermediate value), so the worst case is a few microseconds of big-integer work.

Accepted: `115.6M`, `1.156e8`, `115,605,504`, `115_605_504`, `8.4x`, `8.4 ×`, `1/256 + 1/9`, `2^3`,
`2**3`, `3²`, `(56-3+2)/1+1`, `floor((56+2-3)/2)+1`, `(56+2-3)//2+1`, `3x3x64` (x between numbers is
×), `12.5%`, `115.6 MMACs`, `0.23 GFLOPs`, `2.3M params`, `28 px`. SI suffixes: K/k 10³, M/m 10⁶,
G/g and B/b 10⁹, T/t 10¹². `^` is right-associative and binds tighter than unary minus (−2^2 = −4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from cnnquiz.errors import ParseError

MAX_LENGTH = 200
MAX_TOKENS = 120
MAX_DEPTH = 16
MAX_LITERAL_DIGITS = 40
MAX_LITERAL_EXPONENT = 30
MAX_POWER = 64
MAX_BITS = 1024

SI = {"k": 10**3, "m": 10**6, "g": 10**9, "b": 10**9, "t": 10**12}
UNITS = {
    "mac": "macs", "macs": "macs", "madd": "macs", "madds": "macs",
    "flop": "flops", "flops": "flops",
    "param": "params", "params": "params", "parameters": "params", "parameter": "params", "weights": "params",
    "px": "px", "pixel": "px", "pixels": "px",
}
FUNCTIONS = ("floor", "ceil")
RATIO_WORDS = ("x", "times")
UNIT_NAMES = {"macs": "MACs", "flops": "FLOPs", "params": "parameters", "px": "pixels",
              "ratio": "a ratio (×)", "percent": "a percentage"}

_INTEGER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]{1,3}(?:_[0-9]{3})+(?![0-9])|[0-9]+)"
_NUMBER = rf"{_INTEGER}(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?"
_TOKEN = re.compile(rf"(?P<num>{_NUMBER})|(?P<word>[A-Za-z]+)|(?P<op>\*\*|//|[-+*/^()%×·⋅÷−²³])"
                    r"|(?P<ws>[\s\u00a0\u2009\u202f]+)", re.ASCII)
_OPS = {"×": "*", "·": "*", "⋅": "*", "÷": "/", "−": "-", "**": "^"}


@dataclass(frozen=True)
class Answer:
    """A parsed answer: its exact value and the unit typed after it (None when bare)."""

    value: Fraction
    unit: str | None = None

    def __float__(self) -> float:
        return float(self.value)


@dataclass(frozen=True)
class _Tok:
    kind: str  # num | word | op | end
    text: str
    pos: int


def tokenize(text: str) -> list[_Tok]:
    """Split text into number, word and operator tokens; anything else raises ParseError."""
    if len(text) > MAX_LENGTH:
        raise ParseError(f"answer too long ({len(text)} characters, at most {MAX_LENGTH})")
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ParseError(_bad_char(text, pos))
        kind = m.lastgroup or "ws"
        if kind != "ws":
            value = m.group()
            tokens.append(_Tok(kind, _OPS.get(value, value), pos))
            if len(tokens) > MAX_TOKENS:
                raise ParseError(f"answer too long (more than {MAX_TOKENS} numbers and operators)")
        pos = m.end()
    if not tokens:
        raise ParseError("empty answer")
    tokens.append(_Tok("end", "", len(text)))
    return tokens


def _bad_char(text: str, pos: int) -> str:
    ch = text[pos]
    if ch == ",":
        return ("',' only separates thousands in groups of three (115,605,504); use '.' for decimals")
    if ch.isdigit():
        return f"'{ch}' is not an ASCII digit; type digits 0-9"
    if ch == "." and pos + 1 < len(text) and not text[pos + 1].isdigit():
        return "a '.' must be followed by digits"
    return f"unexpected character {ch!r} at position {pos + 1}"


def _literal(text: str) -> Fraction:
    plain = text.replace(",", "").replace("_", "")
    mantissa, _, exponent = plain.lower().partition("e")
    digits = len(mantissa.replace(".", "").lstrip("0"))
    if digits > MAX_LITERAL_DIGITS:
        raise ParseError(f"number '{text[:20]}…' has too many digits (at most {MAX_LITERAL_DIGITS})")
    if exponent and abs(int(exponent)) > MAX_LITERAL_EXPONENT:
        raise ParseError(f"exponent in '{text}' is too large (at most e±{MAX_LITERAL_EXPONENT})")
    if mantissa.endswith("."):
        mantissa += "0"
    return Fraction(mantissa) * Fraction(10) ** int(exponent or 0)


def _check_size(value: Fraction) -> Fraction:
    if value.numerator.bit_length() > MAX_BITS or value.denominator.bit_length() > MAX_BITS:
        raise ParseError("number too large to grade")
    return value


def _power(base: Fraction, exponent: Fraction) -> Fraction:
    if exponent.denominator != 1:
        raise ParseError("only whole-number powers are supported (e.g. 1.15^2)")
    n = exponent.numerator
    if abs(n) > MAX_POWER:
        raise ParseError(f"exponent too large (at most {MAX_POWER})")
    if base == 0 and n < 0:
        raise ParseError("division by zero")
    bits = max(base.numerator.bit_length(), base.denominator.bit_length())
    if bits * abs(n) > MAX_BITS:
        raise ParseError("number too large to grade")
    return base**n


class _Parser:
    """Recursive descent: expr := term (± term)*; term := unary ((× | / | //) unary)*;
    unary := ± unary | power; power := postfix [^ unary]; postfix := primary [SI] (² | ³)*."""

    def __init__(self, tokens: list[_Tok]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> _Tok:
        return self.tokens[self.i]

    def next(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def is_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def is_times_word(self) -> bool:
        return self.tok.kind == "word" and self.tok.text.lower() == "x"

    def starts_operand(self, offset: int = 0) -> bool:
        tok = self.tokens[self.i + offset]
        return tok.kind == "num" or (tok.kind == "op" and tok.text in "(+-") or (
            tok.kind == "word" and tok.text.lower() in FUNCTIONS)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"expression nested too deeply (at most {MAX_DEPTH} levels)")

    def expr(self) -> Fraction:
        self.enter()
        value = self.term()
        while self.is_op("+", "-"):
            op = self.next().text
            rhs = self.term()
            value = _check_size(value + rhs if op == "+" else value - rhs)
        self.depth -= 1
        return value

    def term(self) -> Fraction:
        value = self.unary()
        while True:
            if self.is_op("*") and self.tokens[self.i + 1].kind == "end":
                return value  # a trailing × marks a ratio (8.4×); the trailer reads it
            if self.is_op("*", "/", "//"):
                op = self.next().text
            elif self.is_times_word() and self.starts_operand(1):
                self.next()
                op = "*"
            else:
                return value
            rhs = self.unary()
            if op == "*":
                value = value * rhs
            elif rhs == 0:
                raise ParseError("division by zero")
            elif op == "/":
                value = value / rhs
            else:
                value = Fraction(value // rhs)
            value = _check_size(value)

    def unary(self) -> Fraction:
        if self.is_op("+", "-"):
            self.enter()
            sign = -1 if self.next().text == "-" else 1
            value = sign * self.unary()
            self.depth -= 1
            return value
        return self.power()

    def power(self) -> Fraction:
        base = self.postfix()
        if self.is_op("^"):
            self.next()
            self.enter()
            exponent = self.unary()
            self.depth -= 1
            return _power(base, exponent)
        return base

    def postfix(self) -> Fraction:
        value = self.primary()
        if self.tok.kind == "word" and self.tok.text.lower() in SI:
            value = _check_size(value * SI[self.next().text.lower()])
        while self.is_op("²", "³"):
            value = _power(value, Fraction(2 if self.next().text == "²" else 3))
        return value

    def primary(self) -> Fraction:
        tok = self.next()
        if tok.kind == "num":
            return _literal(tok.text)
        if tok.kind == "op" and tok.text == "(":
            value = self.expr()
            self.expect_close()
            return value
        if tok.kind == "word" and tok.text.lower() in FUNCTIONS:
            if not self.is_op("("):
                raise ParseError(f"write {tok.text.lower()}(...) with parentheses")
            self.next()
            inner = self.expr()
            self.expect_close()
            return Fraction(inner.__floor__() if tok.text.lower() == "floor" else inner.__ceil__())
        if tok.kind == "end":
            raise ParseError("the answer ends too early: a number is missing")
        if tok.kind == "word":
            raise ParseError(f"unknown word '{tok.text}'")
        raise ParseError(f"expected a number, got '{tok.text}'")

    def expect_close(self) -> None:
        if not self.is_op(")"):
            raise ParseError("missing ')'" if self.tok.kind == "end" else f"expected ')', got '{self.tok.text}'")
        self.next()

    def trailer(self) -> str | None:
        """An optional unit after the whole expression: x/×/times, %, or an (SI-prefixed) unit word."""
        tok = self.tok
        if tok.kind == "end":
            return None
        self.next()
        word = tok.text.lower()
        if (tok.kind == "op" and tok.text == "*") or (tok.kind == "word" and word in RATIO_WORDS):
            return "ratio"
        if tok.kind == "op" and tok.text == "%":
            return "percent"
        if tok.kind == "word" and word in UNITS:
            return UNITS[word]
        if tok.kind == "word" and word[:1] in SI and word[1:] in UNITS:
            return "si:" + word[0] + ":" + UNITS[word[1:]]
        if tok.kind == "word":
            raise ParseError(f"unknown word '{tok.text}' (units: x, %, MACs, FLOPs, params, px; "
                             f"suffixes K, M, G, B)")
        if tok.kind == "num":
            raise ParseError(f"two numbers in a row ('{tok.text}'): missing an operator?")
        raise ParseError(f"unexpected '{tok.text}'")


def parse_answer(text: str) -> Answer:
    """Parse a typed answer into an exact value and optional unit; anything else raises ParseError."""
    if not isinstance(text, str):
        raise ParseError("the answer must be text")
    parser = _Parser(tokenize(text.strip()))
    value = parser.expr()
    unit = parser.trailer()
    if unit is not None and unit.startswith("si:"):
        _, prefix, unit = unit.split(":")
        value = _check_size(value * SI[prefix])
    if unit == "percent":
        value = value / 100
    if parser.tok.kind != "end":
        extra = parser.tok.text
        raise ParseError(f"unexpected '{extra}' after the unit" if unit else f"unexpected '{extra}'")
    return Answer(value, unit)


def parse_tolerance(text: str) -> float:
    """A relative tolerance written `2%` or `0.02` (0 to 50%)."""
    answer = parse_answer(text)
    if answer.unit not in (None, "percent"):
        raise ParseError(f"tolerance '{text}': write a percentage (2%) or a fraction (0.02)")
    value = answer.value
    if not 0 <= value <= Fraction(1, 2):
        raise ParseError(f"tolerance '{text}' must be between 0 and 50% (e.g. 2% or 0.02)")
    return float(value)
