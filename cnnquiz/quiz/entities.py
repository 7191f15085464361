"""What a clause is about: the named things a question contrasts (Basic vs Bottleneck block) and its quantities."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cnnquiz.quiz.numbers import numbers_close
from cnnquiz.quiz.phrases import NUMBER_TOLERANCE
from cnnquiz.quiz.textnorm import Kind, Token, content_tokens

if TYPE_CHECKING:
    from cnnquiz.bank import Question


GENERIC = frozenset("block blocks network networks model models layer layers conv convolution convolutions use used "
                    "why what how does do compare difference differ explain describe between work works main key "
                    "cnn cnns architecture architectures design".split())


def entity_words(text: str) -> set[str]:
    """Word keys and model names (`resnet50`, `b0`) of a text, the vocabulary entities are compared in."""

    names = {re.sub(r"[-_ ]", "", m.group()).lower() for m in re.finditer(r"[A-Za-z]+[-_ ]?\d+[A-Za-z]?\d*", text)}
    return {t.key for t in content_tokens(text) if t.kind is Kind.WORD} | names


def named(text: str) -> set[str]:
    """The keys of a question's capitalised words (not the first of a sentence) and model names."""

    names = {re.sub(r"[-_ ]", "", m.group()).lower() for m in re.finditer(r"[A-Za-z]+[-_ ]?\d+[A-Za-z]?\d*", text)}
    toks = [t for t in content_tokens(text) if t.kind is Kind.WORD]
    caps = {t.key for t in toks if text[t.start].isupper() and t.start > 0 and text[:t.start].rstrip()[-1:] not in ".?!"}
    return names | caps


def entities(q: Question) -> tuple[list[set[str]], list[set[str]]]:
    """Per point, the question's entities its statement names (own) and the ones it does not (other).

    Entities are the names the question contrasts (capitalised words and model names: Basic Block, ResNet-50)
    that some statement repeats, but for generic words and those every statement names."""

    statements = [entity_words(kp.meaning) for kp in q.key_points]
    if not re.search(r"\bvs\b|\bversus\b|\bbetween\b|\bcompare\b|\bdifference", q.question, re.IGNORECASE):
        return [set() for _ in q.key_points], [set() for _ in q.key_points]  # nothing is contrasted
    entities = {w for w in named(q.question) if w not in GENERIC and any(w in s for s in statements)}
    common = {w for w in entities if all(w in s for s in statements)}
    # `resnet` says nothing where the question contrasts ResNet-18 with ResNet-50
    common |= {w for w in entities if any(n != w and n.startswith(w) and n[len(w):].isdigit() for n in entities)}
    entities -= common
    own = [entities & s for s in statements]
    return own, [entities - o for o in own]


def quantities(text: str) -> list[Token]:
    """The numbers of a text that state a quantity: not the sides of a kernel size such as 3x3."""
    toks = content_tokens(text)
    dims = set()
    for i in range(len(toks) - 2):
        if toks[i].kind is Kind.NUM and toks[i + 1].key == "x" and toks[i + 2].kind is Kind.NUM:
            dims.update((i, i + 2))
    # nor a model's number (ResNet-50, VGG16, EfficientNet-B0)
    named = {i for i, t in enumerate(toks) if t.kind is Kind.NUM and t.start > 0
             and (text[t.start - 1].isalpha() or (text[t.start - 1] == "-" and t.start > 1
                                                   and text[t.start - 2].isalpha()))}
    return [t for i, t in enumerate(toks) if t.kind is Kind.NUM and i not in dims and i not in named]


def numbers_agree(got: list[Token], want: list[Token]) -> bool:
    """A clause with numbers of its own earns a numeric point by meaning only if one of them is the point's."""
    if not got or not want:
        return True
    return any(numbers_close(w, g, NUMBER_TOLERANCE) for w in want for g in got)
