"""Numbers an answer teaches about a named model (params, MACs/FLOPs, top-1, resolutions, ratios) that no claim states."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cnnquiz.bank.schema import Claim, Question

# A model named in prose: ResNet-50, VGG-16, EfficientNet-B0, MobileNetV2, SE-ResNet-50, WRN-28-10 ...
MODEL = re.compile(r"\b(?:SE-)?(?:ResNeXt|ResNet|VGG|DenseNet|EfficientNet|MobileNet|ShuffleNet|AlexNet|ConvNeXt|"
                   r"GoogLeNet|Inception|SENet|WRN|Wide ResNet|RegNet|ViT|MnasNet|MNASNet|NASNet|GPipe|SqueezeNet|"
                   r"Xception)(?:[-‑ ]?(?:v?\d[\w.×-]*|[A-Z]\d?\b|V\d|Large|Small|Tiny|T\b|S\b|B\b))*")
SCALE = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12}
# 25.6M params, 4.1 GFLOPs, 0.39B FLOPs, 15.5 GMACs, 390M multiply-adds, 138M (a count)
COUNT = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)\s?(?:([MBGT])\s?(?:FLOPs|MACs|multiply-adds|mult-adds|params|"
                   r"parameters|weights)?|([kK])\s?(?:FLOPs|MACs|params|parameters|weights))(?![\w])")
# 3.8/7.6/11.3 G, 1.9 / 2.8 / 4.6 G: a list of counts sharing one suffix
COUNT_LIST = re.compile(r"(?<![\w.,/])((?:\d+(?:\.\d+)?\s?/\s?)+\d+(?:\.\d+)?)\s?([MBGT])(?![a-zA-Z])")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
PERCENT = re.compile(r"(?<![\w.])(\d{1,2}\.\d)\s?%")  # 76.1% — one decimal: an accuracy or error, not "~10%"
# 5.4× fewer params, ~3× the MACs: a ratio of counts (not "4× wider", "10× faster", "512 × 4096")
RATIO = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)\s?[×x](?![\w×])(?!\s?\d)"
                   r"(?=[^.;:()]{0,30}\b(?:params|parameters|MACs|FLOPs|compute|weights|cost)\b)")
# 600 px, 260×260: an input resolution (224, every ImageNet model's default input, is context, not a fact taught)
RESOLUTION = re.compile(r"(?<![\w.])(?!224)(1[5-9]\d|[2-9]\d\d)\s?(?:[×x]\s?\1(?![\d×])|px\b)")
WINDOW = 80  # characters around a model name in which a number counts as "about" that model


@dataclass(frozen=True)
class Taught:
    """A number an answer states near a model name."""

    question: str
    text: str  # as written: "25.6M params"
    value: float
    kind: str  # count | percent | ratio | resolution
    context: str
    approximate: bool = False  # "~3×", "about 10%", a range "2-4×": 10% either way


def _numbers(text: str) -> list[tuple[int, str, float, str]]:
    out = []
    for m in COUNT.finditer(text):
        out.append((m.start(), m.group(0), float(m.group(1)) * SCALE[m.group(2) or m.group(3)], "count"))
    for m in COUNT_LIST.finditer(text):
        for n in NUMBER.finditer(m.group(1)):
            if not any(pos == m.start(1) + n.start() for pos, *_ in out):
                out.append((m.start(1) + n.start(), f"{n.group(0)} {m.group(2)}", float(n.group(0)) * SCALE[m.group(2)],
                            "count"))
    for m in PERCENT.finditer(text):
        out.append((m.start(), m.group(0), float(m.group(1)), "percent"))
    for m in RESOLUTION.finditer(text):
        out.append((m.start(), m.group(0), float(m.group(1)), "resolution"))
    for m in RATIO.finditer(text):
        if not RESOLUTION.match(text, m.start()) and float(m.group(1)) > 1:
            out.append((m.start(), m.group(0), float(m.group(1)), "ratio"))
    return out


APPROX = re.compile(r"(?:~|≈|about |roughly |nearly |\d[-–])\s?$")


def taught_numbers(question: Question) -> list[Taught]:
    """Every number of the answer within WINDOW characters of a model name, in order."""
    text = question.answer
    models = [m.start() for m in MODEL.finditer(text)] + [m.end() for m in MODEL.finditer(text)]
    out = []
    for pos, raw, value, kind in sorted(_numbers(text)):
        if any(abs(pos - p) <= WINDOW for p in models):
            context = " ".join(text[max(0, pos - 50):pos + 30].split())
            out.append(Taught(question.id, raw, value, kind, context, bool(APPROX.search(text[max(0, pos - 9):pos]))))
    return out


def _close(a: float, b: float, rel: float = 0.03) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b)) + 1e-9


def _in_quote(t: Taught, claim: Claim) -> bool:
    return bool(claim.said) and re.sub(r"\s", "", t.text).lower() in re.sub(r"\s", "", claim.said).lower()


def _candidates(claim: Claim, t: Taught) -> list[float]:
    """The values a claim vouches for in the unit of the taught number."""
    alt = claim.convention.alt if claim.convention and claim.convention.alt else None
    kind, unit = claim.what.value, claim.unit.value
    if t.kind == "count" and unit in ("count", "MACs", "FLOPs"):
        return [claim.value, *((2 * claim.value, claim.value / 2) if kind in ("macs", "flops") else ()),
                *((alt,) if alt else ())]
    if t.kind == "percent" and unit == "percent":
        return [claim.value, *((alt,) if alt else ())]
    if t.kind == "percent" and unit == "x":  # +0.3% is a ratio of 1.003
        return [(claim.value - 1) * 100]
    if t.kind == "resolution" and unit == "px":  # an input size, or a receptive field written in px
        return [claim.value, *((alt,) if alt else ())]
    if t.kind == "ratio" and unit == "x":
        return [claim.value]
    return []


def covers(claim: Claim, t: Taught) -> bool:
    """Whether a claim states the number (a FLOPs figure may be 2 × a MACs claim) or quotes it."""
    if _in_quote(t, claim):
        return True
    if t.kind == "percent":
        allowed = (0.5 if t.value >= 10 else 0.15 * t.value) if t.approximate else 0.051
        return any(abs(c - t.value) <= allowed for c in _candidates(claim, t))
    rel = 0.1 if t.approximate else 0 if t.kind == "resolution" else 0.03
    return any(_close(c, t.value, rel) for c in _candidates(claim, t))


def _derived(question: Question, t: Taught) -> bool:
    """A count that is the difference or sum of two claimed counts of the answer (28.1M − 25.6M = 2.5M)."""
    counts = [c.value for c in question.claims if c.unit.value == "count" and not c.example]
    return t.kind == "count" and any(_close(abs(a - b), t.value) or _close(a + b, t.value)
                                     for i, a in enumerate(counts) for b in counts[i + 1:])


def uncovered(question: Question) -> list[Taught]:
    """The numbers an answer teaches about a named model that none of its claims states."""
    return [t for t in taught_numbers(question)
            if not any(covers(c, t) for c in question.claims) and not _derived(question, t)]
