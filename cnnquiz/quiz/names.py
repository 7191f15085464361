"""Tell model names and acronyms (matched only exactly, acronyms only in capitals) from plain words."""

from __future__ import annotations

import re

from cnnquiz.quiz.textnorm import Token, word_key

# Architecture families (by word key) that a typo must not reach: `RegNet` is not a misspelt `ResNet`.
FAMILIES = frozenset(word_key(w) for w in (
    "alexnet vgg googlenet inception xception resnet resnext densenet senet sknet resnest mobilenet mobileone "
    "shufflenet squeezenet efficientnet regnet convnext mnasnet ghostnet repvgg darknet lenet unet hrnet nfnet "
    "mixnet fbnet coatnet mobilevit deit swin yolo").split())
CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")
CAPS_PREFIX = "^"            # key prefix of an acronym that must be written in capitals
ACRONYM_LENGTH = (2, 4)      # an all-caps rubric word this long is an acronym (`SE`, `GAP`, `FLOP`)
SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\-*•(\"'])\s*$")


def is_acronym(surface: str) -> bool:
    """An all-caps rubric word of 2-4 letters (`SE`, `GAP`): matched only where the answer writes capitals."""
    return surface.isalpha() and surface.isupper() and ACRONYM_LENGTH[0] <= len(surface) <= ACRONYM_LENGTH[1]


def typed_in_lowercase(text: str) -> bool:
    """Whether the answer uses no capitals but sentence-initial ones and `I`: then case tells nothing."""
    for i, ch in enumerate(text):
        if not ch.isupper():
            continue
        prev, nxt = text[i - 1: i], text[i + 1: i + 2]
        if ch == "I" and not prev.isalpha() and not nxt.isalpha():
            continue
        if not nxt.isupper() and not prev.isalpha() and SENTENCE_START.search(text, 0, i):
            continue
        return False
    return True


def caps_keys(surface: str) -> list[str]:
    """Acronym keys of an answer word written in capitals (`GAP`, `GAPs`)."""
    if surface.isupper():
        return [CAPS_PREFIX + surface.lower()]
    if len(surface) > 2 and surface.endswith("s") and surface[:-1].isupper():
        return [CAPS_PREFIX + surface[:-1].lower()]
    return []


def is_name(tok: Token, surface: str, after: str) -> bool:
    """A model or architecture name: CamelCase (`RegNet`), glued to a digit (`lite0`), a capitalised compound
    part (`ResNet-D`), a Greek-letter symbol (`αM`) or a known family (`densenet`, `...net`, `...next`)."""
    if CAMEL.search(surface) or after.isdigit() or not surface.isascii():
        return True
    if tok.parts and any(p[:1].isupper() and (p.isupper() or len(p) <= 2)
                         for p in re.split(r"[^A-Za-z]+", surface)[1:]):
        return True
    return any(k in FAMILIES or (len(k) >= 6 and k.endswith(("net", "next")))
               for k in (tok.key, *(word_key(p) for p in tok.parts)))


def versioned(text: str, tok: Token) -> bool:
    """A name with a one-letter version glued to its digits: `MobileNetV2`, `EfficientNetB3`, `inceptionv3`."""
    if len(tok.word) < 5 or not text[tok.end: tok.end + 1].isdigit():
        return False
    surface = text[tok.start: tok.end]
    return surface[-1] in "vV" or (surface[-1].isupper() and surface[-2].islower())
