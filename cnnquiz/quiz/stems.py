"""A small English suffix stemmer for matching answers to rubrics: plurals, -ing/-ed/-er/-ly, -ation, British -ise."""

from __future__ import annotations

import re
from functools import lru_cache

BRITISH = ((re.compile(r"(?<=[a-z]{3})(?<!w)is(ation|e|ed|es|ing|er)$"), r"iz\1"),
           (re.compile(r"(?<=[a-z]{3})our$"), "or"))
SUFFIXES = (("ational", "ate"), ("ization", "ize"), ("ations", "ate"), ("ation", "ate"), ("iveness", "ive"),
            ("fulness", "ful"), ("ousness", "ous"), ("ities", "ity"), ("ness", ""), ("ments", "ment"),
            ("iest", "y"), ("ies", "y"), ("sses", "ss"), ("ings", ""), ("ing", ""), ("edly", ""), ("ed", ""),
            ("ers", ""), ("er", ""), ("ly", ""), ("es", ""), ("est", ""), ("s", ""))
KEEP_S = ("ss", "is")  # and -us in longer words (corpus); short ones are plurals (ReLUs, GPUs)
# Words ending in -est that are not superlatives (`interest`, `suggest`): never stripped.
KEEP_EST = frozenset("interest suggest request conquest forest honest modest digest ingest protest contest "
                     "attest detest arrest invest harvest manifest earnest unrest pretest retest backtest "
                     "priest".split())
VOWELS = frozenset("aeiou")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A small suffix stemmer (plurals, -ing/-ed/-er/-ly, -ation, British -ise): enough to fold word forms."""
    if len(word) <= 3:
        return word
    for pattern, repl in BRITISH:
        word = pattern.sub(repl, word)
    for suffix, repl in SUFFIXES:
        if word.endswith(suffix):
            if suffix == "s" and (word.endswith(KEEP_S) or (word.endswith("us") and len(word) > 5)):
                break
            if suffix == "est" and word in KEEP_EST:
                break
            base = word[: -len(suffix)] + repl
            if len(base) >= 3:
                word = base
            elif (suffix in ("ed", "es", "ing") and len(base) == 2 and base[1] not in VOWELS
                  and base[0] in VOWELS):
                word = base + "e"  # used, uses, using -> use; aged -> age (not need -> nee, sing -> se)
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz" and word[-1] not in "aeiou":
        word = word[:-1]
    if len(word) > 3 and word.endswith("i"):
        word = word[:-1] + "y"  # easier, easily (easi) -> easy
    return word
