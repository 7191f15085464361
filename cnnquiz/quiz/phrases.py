"""Rubric phrases compiled to tokens, and an answer index that finds them with typo, notation and number tolerance."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from cnnquiz.quiz.names import (ACRONYM_LENGTH, CAPS_PREFIX, caps_keys, is_acronym, is_name, typed_in_lowercase,
                                 versioned)
from cnnquiz.quiz.numbers import numbers_close
from cnnquiz.quiz.textnorm import Kind, Token, content_tokens, word_key

NUMBER_TOLERANCE = 0.05      # relative: 8.4x ~ 8.5x, 25.6M ~ 25,557,032
MAX_GAP = 2                  # content words allowed between two words of a phrase
MAX_LENGTH_DIFF = 2          # a typo changes a word's length by at most this much
MIN_FUZZY_LENGTH = 5         # a rubric word key this long or longer may match a typo of it
FUZZY_CUTOFF = 80.0          # the rapidfuzz ratio a typo needs
PHRASE_MIN = 0.8             # mean token similarity for a phrase to count
EVIDENCE_MAX = 80
# A phrase written with any of these is a formula: its tokens must appear in order (`alpha^phi`).
FORMULA_CHARS = frozenset("^=+/*()_<>%×·²³∝→←⇒")


@dataclass(frozen=True)
class Phrase:
    """A rubric phrase compiled to content tokens; phrases with numbers or symbols must match in order."""

    text: str
    tokens: tuple[Token, ...]
    ordered: bool
    negative: bool = False  # the phrase asserts a negation of its own ("not overfitting"); set by the rubric


@dataclass(frozen=True)
class Span:
    """Where a phrase token matched in the answer: content-token positions [start, end) and similarity."""

    start: int
    end: int
    sim: float


def exact_keys(word: str) -> list[str]:
    """Keys a short answer word is found by when a rubric acronym must match it whole (`GAP`, `GAPs`)."""
    if len(word) > 2 and word.endswith("s"):
        return ["=" + word, "=" + word[:-1]]
    return ["=" + word]


def _rubric_key(tok: Token, text: str) -> Token:
    """A short or all-caps rubric word (`SE`, `GAP`) matches only that whole word, not a stem (`gaping`), and an
    acronym only in capitals; a name matches only exactly (no typo tolerance)."""
    if tok.kind is not Kind.WORD or tok.word == "x":
        return tok
    surface = text[tok.start: tok.end]
    # a whole plain word: not a unit folded out of `GMAC`, not the letters of `INT8`
    alone = surface.lower() == tok.word and not text[tok.end: tok.end + 1].isalnum()
    if not tok.parts and alone and is_acronym(surface):
        return Token(Kind.WORD, CAPS_PREFIX + tok.word, tok.start, tok.end, word=tok.word)
    if not tok.parts and surface.isalpha() and (len(tok.word) <= 3 or (surface.isupper() and len(tok.word) <= 5)):
        return Token(Kind.WORD, "=" + tok.word, tok.start, tok.end, word=tok.word)
    if is_name(tok, surface, text[tok.end: tok.end + 1]):
        return replace(tok, exact=True)
    if len(tok.parts) >= 3:  # `narrow-wide-narrow` is one letter-swap from `wide-narrow-wide`: no typo tolerance
        return replace(tok, exact=True)
    return tok


def compile_phrase(text: str, ordered: bool = False) -> list[Phrase]:
    """The phrase, plus a joined variant for two or three words (`depth wise` also matches `depthwise`).

    Phrases with numbers or symbols, and any phrase compiled with `ordered`, match only in their own order."""
    toks = tuple(_rubric_key(t, text) for t in content_tokens(text))
    if not toks:
        return []
    ordered = (ordered or any(t.kind is not Kind.WORD or t.key == "x" for t in toks)
               or any(c in FORMULA_CHARS for c in text)
               or len({t.key for t in toks}) < len(toks))  # `narrow wide narrow` is not `wide narrow wide`
    out = [Phrase(text, toks, ordered)]
    swapped = _swap_dimension(toks)
    if swapped is not None:
        out.append(Phrase(text, swapped, True))
    if not ordered and 2 <= len(toks) <= 3:
        joined = "".join(t.word for t in toks)
        # exact only: a typo'd joined form (`seswish`) would match a longer word of its own (`swish`)
        out.append(Phrase(text, (Token(Kind.WORD, word_key(joined), toks[0].start, toks[-1].end, word=joined,
                                       exact=True),), False))
    return out


def _is_dimension(toks: tuple[Token, ...]) -> bool:
    """`3x3`, `1x1x1`, `kxk`: numbers or single letters joined by x."""
    if len(toks) not in (3, 5):
        return False
    return all(t.key == "x" if n % 2 else (t.kind is Kind.NUM or (t.kind is Kind.WORD and len(t.word) == 1
                                                                  and t.word != "x"))
               for n, t in enumerate(toks))


def _swap_dimension(toks: tuple[Token, ...]) -> tuple[Token, ...] | None:
    """A word and a dimension (`depthwise 3x3`) in the other order (`3x3 depthwise`); None for other phrases."""
    if len(toks) not in (4, 6):
        return None
    if toks[0].kind is Kind.WORD and toks[0].key != "x" and _is_dimension(toks[1:]):
        return (*toks[1:], toks[0])
    if toks[-1].kind is Kind.WORD and toks[-1].key != "x" and _is_dimension(toks[:-1]):
        return (toks[-1], *toks[:-1])
    return None


def fuzzy_cutoff(tok: Token) -> float | None:
    """Similarity (0-100) a word needs to count as a typo of `tok`; None: it matches only exactly.

    Only long plain words get typo tolerance: one letter off a four-letter key is another word (head, hard).
    """
    if tok.exact or len(tok.key) < MIN_FUZZY_LENGTH or tok.key.startswith("="):
        return None
    return FUZZY_CUTOFF


class AnswerIndex:
    """An answer's content tokens with lookups by word key (exact, joined pairs, fuzzy), numbers and symbols.

    Two adjacent words also match joined (`depth wise` ~ `depthwise`), but only exactly: a pair is never the
    target of a typo match.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = content_tokens(text)
        self.words: dict[str, list[Span]] = defaultdict(list)
        single: set[str] = set()
        self.symbols: dict[str, list[int]] = defaultdict(list)
        self.numbers: list[int] = []
        lowercase = typed_in_lowercase(text)
        for i, t in enumerate(self.tokens):
            if t.kind is Kind.WORD:
                here = Span(i, i + 1, 1.0)
                self.words[t.key].append(here)
                single.add(t.key)
                if versioned(text, t):  # MobileNetV2, EfficientNetB3 are also a MobileNet, an EfficientNet
                    self.words[word_key(t.word[:-1])].append(here)
                    single.add(word_key(t.word[:-1]))
                for part in t.parts:
                    self.words[word_key(part)].append(here)
                    single.add(word_key(part))
                for word in t.parts or (t.word,):
                    if len(word) <= 6:
                        for key in exact_keys(word):
                            self.words[key].append(here)
                for key in self._caps_keys(t, lowercase):
                    self.words[key].append(here)
            elif t.kind is Kind.SYM:
                self.symbols[t.key].append(i)
            else:
                self.numbers.append(i)
        for i in range(len(self.tokens) - 1):
            a, b = self.tokens[i], self.tokens[i + 1]
            if a.kind is Kind.WORD and b.kind is Kind.WORD and a.key != "x" and b.key != "x":
                self.words[word_key(a.word + b.word)].append(Span(i, i + 2, 1.0))
        self.by_initial: dict[str, list[str]] = defaultdict(list)
        for key in sorted(single):
            if len(key) >= MIN_FUZZY_LENGTH - 1:  # a shorter word is never within FUZZY_CUTOFF of a 5-letter one
                self.by_initial[key[0]].append(key)
        self._cache: dict[tuple, list[Span]] = {}

    def _caps_keys(self, tok: Token, lowercase: bool) -> list[str]:
        """Acronym keys of a word (or of each part of `SE-block`) written in capitals, or of any short word
        when the whole answer is typed in lowercase."""
        words = tok.parts or (tok.word,)
        if lowercase:
            return [CAPS_PREFIX + form for w in words if len(w) <= ACRONYM_LENGTH[1] + 1 and w.isalpha()
                    for form in (w, w[:-1] if len(w) > 2 and w.endswith("s") else "") if form]
        surfaces = [w for w in re.split(r"[^A-Za-z]+", self.text[tok.start: tok.end]) if w]
        if len(surfaces) != len(words):
            return []
        return [key for w in surfaces if len(w) <= ACRONYM_LENGTH[1] + 1 for key in caps_keys(w)]

    def candidates(self, tok: Token) -> list[Span]:
        """Every place in the answer the phrase token may match, with its similarity."""
        if tok.kind is Kind.NUM:
            cache_key: tuple = ("#", tok.lo, tok.hi, tok.scale, tok.bare, tok.pct)
        else:
            cache_key = (tok.kind, tok.key, tok.exact)
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        if tok.kind is Kind.NUM:
            out = [Span(i, i + 1, 1.0) for i in self.numbers
                   if numbers_close(tok, self.tokens[i], NUMBER_TOLERANCE)]
        elif tok.kind is Kind.SYM:
            out = [Span(i, i + 1, 1.0) for i in self.symbols.get(tok.key, ())]
        else:
            out = list(self.words.get(tok.key, ()))
            cutoff = fuzzy_cutoff(tok)
            if cutoff is not None and self.by_initial.get(tok.key[0]):
                from rapidfuzz import fuzz, process

                for key, score, _ in process.extract(tok.key, self.by_initial[tok.key[0]], scorer=fuzz.ratio,
                                                     score_cutoff=cutoff, limit=None):
                    if key != tok.key and abs(len(key) - len(tok.key)) <= MAX_LENGTH_DIFF:
                        out.extend(Span(s.start, s.end, score / 100.0) for s in self.words[key]
                                   if s.end - s.start == 1)
        self._cache[cache_key] = out
        return out

    def match(self, phrase: Phrase, allow: Callable[[int, int], bool] | None = None,
              gap: int = MAX_GAP) -> tuple[float, int, int]:
        """(mean similarity, first, last token position) of the phrase's best occurrence; (0, -1, -1) if none.

        `allow(first, last)` may veto an occurrence (one inside a negated clause, say)."""
        cands = [self.candidates(t) for t in phrase.tokens]
        if any(not c for c in cands):
            return 0.0, -1, -1
        best = (0.0, -1, -1)
        for anchor in cands[0]:
            chosen = [anchor]
            if phrase.ordered:
                prev_end = anchor.end
                for options in cands[1:]:
                    pick = max((s for s in options if prev_end <= s.start <= prev_end + gap),
                               key=lambda s: (s.sim, -s.start), default=None)
                    if pick is None:
                        break
                    chosen.append(pick)
                    prev_end = pick.end
            else:
                reach = len(phrase.tokens) + gap
                for options in cands[1:]:
                    pick = max((s for s in options if abs(s.start - anchor.start) <= reach),
                               key=lambda s: (s.sim, -abs(s.start - anchor.start)), default=None)
                    if pick is None:
                        break
                    chosen.append(pick)
            if len(chosen) < len(cands):
                continue
            sim = sum(s.sim for s in chosen) / len(chosen)
            first, last = min(s.start for s in chosen), max(s.end for s in chosen) - 1
            if allow is not None and not allow(first, last):
                continue
            if sim > best[0] or (sim == best[0] and last - first < best[2] - best[1]):
                best = (sim, first, last)
        return best

    def chars(self, first: int, last: int) -> tuple[int, int]:
        """The character range of tokens `first` to `last`."""
        return self.tokens[first].start, self.tokens[last].end

    def evidence(self, first: int, last: int) -> str:
        """The user's own words from token `first` to token `last`, trimmed to a readable length."""
        snippet = " ".join(self.text[self.tokens[first].start: self.tokens[last].end].split())
        return snippet if len(snippet) <= EVIDENCE_MAX else snippet[: EVIDENCE_MAX - 1] + "…"
