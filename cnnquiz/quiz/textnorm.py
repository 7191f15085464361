"""Tokenise answers and rubric phrases alike: notation folding, numbers with units, word keys (stems.py stems)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from enum import Enum

from cnnquiz.quiz.stems import stem


class Kind(Enum):
    """What a token is: a word (compared by stem), a number (compared with a tolerance) or a symbol."""

    WORD = "word"
    NUM = "num"
    SYM = "sym"


@dataclass(frozen=True)
class Token:
    """One token: its matching key (a stem, a symbol), numeric bounds for numbers, and its span in the raw text."""

    kind: Kind
    key: str
    start: int
    end: int
    lo: float = 0.0
    hi: float = 0.0
    word: str = ""               # a word's folded lowercase form before stemming (`x` for ×, * and times)
    parts: tuple[str, ...] = ()  # the words of a hyphenated compound (`se`, `block` of `SE-block`)
    exact: bool = False          # a rubric word that matches only exactly: no typo tolerance
    scale: float = 1.0           # a number's multiplier as written (1e9 for `4.1 GMACs`, 1 for `4.1`)
    bare: bool = False           # a number with no multiplier, unit, ratio or % after it (`15.5 vs 4.1`)
    pct: bool = False            # a percentage: `%` after it, or an accuracy (`top-1 78.5`)


# Characters folded before tokenising (NFKC already turns ² into 2 and full-width forms into ASCII).
CHAR_MAP = {
    "×": " x ", "✕": " x ", "⨯": " x ", "÷": "/", "ρ": "rho", "·": "*", "⋅": "*", "∙": "*", "•": " ",
    "−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "∂": "d", "∇": "grad ", "√": "sqrt ",
    "≈": " ", "~": " ", "∼": " ", "→": " ", "←": " ", "⇒": " ", "≤": "<", "≥": ">",
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "λ": "lambda", "μ": "mu",
    "σ": "sigma", "φ": "phi", "ϕ": "phi", "θ": "theta", "η": "eta", "π": "pi", "τ": "tau",
}

STOPWORDS = frozenset(
    "a an the of to in on at for and or is are was were be been being by with as it its this that these those "
    "from than so which who can will would into onto via per we you i they their our your also just then "
    "very has have had do does did there here such each any".split()
)

# Multipliers written after a number ("25.6M", "4.1 billion"); and unit words that carry one ("GFLOPs").
MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "millions": 1e6,
               "b": 1e9, "bn": 1e9, "g": 1e9, "billion": 1e9, "billions": 1e9, "t": 1e12, "trillion": 1e12}
PREFIXED_UNIT = re.compile(r"^([kmgbt])(flops?|macs?|params?|parameters?)$")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "twelve": 12, "sixteen": 16, "hundred": 100}
TIMES_WORDS = frozenset({"times", "fold"})
# Words or symbols after a number that make it a count, a ratio or a percentage rather than a bare number.
UNIT_WORDS = frozenset("x % percent times fold flop flops mac macs madds param params parameter parameters "
                       "weights ops".split())
PERCENT = frozenset({"%", "percent"})
ACCURACY_REACH = 6          # tokens between an accuracy cue and its number
ONE_DECIMAL = re.compile(r"\d+\.\d")
SYMBOL_WORDS = {"percent": "%", "plus": "+", "equals": "="}
# Words folded to one spelling before anything else (`versus`, `vs.` and `vs` are one token).
SPELLINGS = {"versus": "vs"}
# Abbreviations folded to one spelling before stemming.
ABBREVIATIONS = {"params": "parameter", "param": "parameter", "convolution": "conv", "convolutions": "conv",
                 "convolutional": "conv", "convs": "conv", "acc": "accuracy", "imgs": "image", "img": "image",
                 "nonlinearity": "activation", "nonlinearities": "activation", "gpus": "gpu"}
# Symbols that count when matching; other punctuation only separates tokens.
CONTENT_SYMBOLS = frozenset("+=/%<>")

TOKEN_RE = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"|(?P<word>[a-z]+)"
    r"|(?P<sym>[-+=/%<>*])"
)

def word_key(word: str) -> str:
    """The key a lowercase word is matched by: abbreviations folded, then stemmed."""
    return stem(ABBREVIATIONS.get(word, word))


ACCURACY_WORDS = frozenset({word_key("accuracy"), word_key("accuracies"), "top1"})  # `acc` folds to accuracy

NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> tuple[str, list[int]]:
    """Lowercased, NFKC-folded text with notation symbols mapped, and each output char's index in `text`."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    where: list[int] = []
    done = 0
    for m in NON_ASCII.finditer(text):
        i = m.start()
        out.append(text[done:i].lower())
        where.extend(range(done, i))
        ch = text[i]
        mapped = CHAR_MAP.get(ch)
        if mapped is None:
            mapped = unicodedata.normalize("NFKC", ch).lower()
        out.append(mapped)
        where.extend([i] * len(mapped))
        done = i + 1
    out.append(text[done:].lower())
    where.extend(range(done, len(text)))
    return "".join(out), where


def _is_product_star(s: str, i: int) -> bool:
    """A `*` between two operands (`3*3`, `a * b`), not markdown emphasis (`*word*`, `**bold**`)."""
    before, after = s[i - 1: i], s[i + 1: i + 2]
    if before.isalnum() or before == ")":
        return after.isalnum() or after == "("
    if before == " " and after == " ":
        b2, a2 = s[i - 2: i - 1], s[i + 2: i + 3]
        return (b2.isalnum() or b2 == ")") and (a2.isalnum() or a2 == "(")
    return False


# `HxWxC`, `kxk`: single letters joined by x are a product of dimensions, not a word (`axe` is a word).
DIMS = re.compile(r"[a-z](?:x[a-z])+")


def _dims(s: str, where: list[int], text: str, a: int, b: int) -> bool:
    """Whether the folded word s[a:b] is a product of single-letter dimensions (`HxWxC`, `kxk`)."""
    if b - a < 3 or not DIMS.fullmatch(s, a, b):
        return False
    letters = [text[where[j]] for j in range(a, b, 2)]
    return all(c.isupper() for c in letters) or not any(c in "aeiou" for c in letters)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _raw_tokens(s: str, where: list[int], text: str) -> list[list]:
    """[kind, text, start, end] of each regex token of the folded text: products as x, dims split, number words."""
    raw: list[list] = []
    for m in TOKEN_RE.finditer(s):
        kind = m.lastgroup
        val = m.group()
        if kind == "sym" and val == "*":
            if not _is_product_star(s, m.start()):
                continue
            kind, val = "word", "x"
        if kind == "word" and "x" in val and _dims(s, where, text, m.start(), m.end()):
            raw.extend(["word", ch, j, j + 1] for j, ch in enumerate(val, m.start()))
            continue
        raw.append([kind, val, m.start(), m.end()])
    for item in raw:
        if item[0] == "word" and item[1] in NUMBER_WORDS:
            item[0], item[1] = "num", str(NUMBER_WORDS[item[1]])
    return raw


def _tight_hyphen(raw: list[list], i: int, end: int, kind: str) -> bool:
    """Whether raw[i+1] is a hyphen glued to `end` and to a following token of `kind`."""
    return (i + 2 < len(raw) and raw[i + 1][1] == "-" and raw[i + 2][0] == kind and raw[i + 1][2] == end
            and raw[i + 2][2] == raw[i + 1][3])


def _compound(raw: list[list], i: int, where: list[int]) -> tuple[Token, int]:
    """depth-wise -> depthwise: words glued by hyphens join into one token; its parts are kept too."""
    _, val, a, b = raw[i]
    parts = [val]
    while _tight_hyphen(raw, i, b, "word"):
        parts.append(raw[i + 2][1])
        b = raw[i + 2][3]
        i += 2
    joined = "".join(parts)
    return Token(Kind.WORD, word_key(joined), where[a], where[b - 1] + 1, word=joined, parts=tuple(parts)), i + 1


def _number_tokens(raw: list[list], i: int, s: str, where: list[int], prev_is_x: bool) -> tuple[list[Token], int]:
    """A number with its range (8-9), `-fold`, multiplier (25.6M) or prefixed unit (GFLOPs) folded in."""
    n = len(raw)
    _, val, a, b = raw[i]
    lo = hi = _number(val)
    mult = None
    # a tight range 8-9 (not inside 1x1-3x3)
    if (_tight_hyphen(raw, i, b, "num") and not prev_is_x
            and not (i + 4 < n and raw[i + 3][1] == "x" and raw[i + 4][0] == "num")):
        hi = _number(raw[i + 2][1])
        b = raw[i + 2][3]
        i += 2
        lo, hi = min(lo, hi), max(lo, hi)
    nxt = raw[i + 1] if i + 1 < n else None
    if (nxt is not None and nxt[1] == "-" and i + 2 < n and raw[i + 2][1] in TIMES_WORDS
            and nxt[2] == b and raw[i + 2][2] == nxt[3]):
        i += 1  # 3-fold
        nxt = raw[i + 1]
    # a multiplier or unit belongs to the number only when nothing but spaces separates them
    after = nxt[1] if nxt is not None and (s[b: nxt[2]] in ("", "-") or s[b: nxt[2]].isspace()) else ""
    span = (where[a], where[b - 1] + 1)
    if after and nxt[0] == "word":
        mult = MULTIPLIERS.get(after)
        if mult is not None and len(after) == 1 and i + 2 < n and raw[i + 2][1] == "x":
            mult = None  # `1 k×k conv`: k is a kernel size here, not a thousand
        unit = PREFIXED_UNIT.match(after)
        if mult is not None:
            lo, hi, b = lo * mult, hi * mult, nxt[3]
            span = (where[a], where[b - 1] + 1)
            i += 1
        elif unit is not None:
            mult = MULTIPLIERS[unit.group(1)]
            return [Token(Kind.NUM, "#", *span, lo * mult, hi * mult, scale=mult),
                    Token(Kind.WORD, stem(unit.group(2)), where[nxt[2]], where[nxt[3] - 1] + 1,
                          word=unit.group(2))], i + 2
        elif after in TIMES_WORDS:
            return [Token(Kind.NUM, "#", *span, lo, hi),
                    Token(Kind.WORD, "x", where[nxt[2]], where[nxt[3] - 1] + 1, word="x")], i + 2
    return [Token(Kind.NUM, "#", *span, lo, hi, scale=mult or 1.0,
                  bare=not (mult or prev_is_x or after in UNIT_WORDS), pct=after in PERCENT)], i + 1


def tokenize(text: str) -> list[Token]:
    """Tokens of `text` with spans into it; numbers absorb multipliers, `8-9` becomes a range, `×`/`*`/`times` -> x."""
    s, where = fold(text)
    raw = _raw_tokens(s, where, text)
    toks: list[Token] = []
    i = 0
    while i < len(raw):
        kind, val, a, b = raw[i]
        if kind == "word" and _tight_hyphen(raw, i, b, "word"):
            tok, i = _compound(raw, i, where)
            toks.append(tok)
            continue
        if kind == "num":
            more, i = _number_tokens(raw, i, s, where, bool(toks) and toks[-1].key == "x")
            toks.extend(more)
            continue
        if kind == "word":
            val = SPELLINGS.get(val, val)
            sym = SYMBOL_WORDS.get(val)
            if sym is not None:
                toks.append(Token(Kind.SYM, sym, where[a], where[b - 1] + 1))
            else:
                toks.append(Token(Kind.WORD, word_key(val), where[a], where[b - 1] + 1, word=val))
        elif val in CONTENT_SYMBOLS:
            toks.append(Token(Kind.SYM, val, where[a], where[b - 1] + 1))
        i += 1
    return _mark_accuracies(toks, text)


def _mark_accuracies(toks: list[Token], text: str) -> list[Token]:
    """Numbers like `78.5` (40-100, one decimal) near `top-1`, `top1`, `accuracy` or `acc` are percentages."""
    cues = [n for n, t in enumerate(toks) if t.kind is Kind.WORD and (
        t.key in ACCURACY_WORDS or (t.key == "top" and n + 1 < len(toks) and toks[n + 1].kind is Kind.NUM
                                    and toks[n + 1].lo in (1, 5)))]
    if not cues:
        return toks
    for n, t in enumerate(toks):
        if (t.kind is Kind.NUM and t.bare and 40 <= t.lo <= t.hi <= 100 and ONE_DECIMAL.fullmatch(text, t.start, t.end)
                and any(abs(c - n) <= ACCURACY_REACH for c in cues)):
            toks[n] = replace(t, bare=False, pct=True)
    return toks


FORMULA_NEIGHBOURS = frozenset("+-=*/()[]^|·×∂")


def _in_formula(text: str, start: int, end: int) -> bool:
    """Whether the nearest non-space character on either side of text[start:end] is a formula operator."""
    before, after = text[:start].rstrip()[-1:], text[end:].lstrip()[:1]
    return before in FORMULA_NEIGHBOURS and before != "" or after in FORMULA_NEIGHBOURS and after != ""


def _caps_stopword(text: str, tok: Token | None) -> bool:
    surface = text[tok.start: tok.end] if tok is not None and tok.kind is Kind.WORD else ""
    return len(surface) >= 2 and surface.isupper() and surface.lower() in STOPWORDS


def content_tokens(text: str) -> list[Token]:
    """tokenize() without English function words (by raw text), which matching skips.

    Kept: an all-caps stopword that is an acronym (`IN` for InstanceNorm; not in shouted all-caps text) and a
    single capital letter inside a formula (`I` in `I + dF/dx`).
    """
    toks = tokenize(text)
    out = []
    for n, t in enumerate(toks):
        surface = text[t.start: t.end]
        if t.kind is Kind.WORD and surface.lower() in STOPWORDS:
            if surface.isupper() and len(surface) >= 2:
                prev, nxt = toks[n - 1] if n else None, toks[n + 1] if n + 1 < len(toks) else None
                if _caps_stopword(text, prev) or _caps_stopword(text, nxt):
                    continue
            elif not (len(surface) == 1 and surface.isupper() and _in_formula(text, t.start, t.end)):
                continue
        out.append(t)
    return out
