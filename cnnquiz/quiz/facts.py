"""Parameter counts an answer states for zoo models, checked against the counts of the real torchvision models."""

from __future__ import annotations

import re

from cnnquiz.models.names import alias_key
from cnnquiz.quiz.clauses import CLAUSE_CUES
from cnnquiz.quiz.results import MisconceptionHit

# Trainable parameters of each torchvision model as built by torchvision.models.get_model (no weights);
# tests/test_grader_facts.py builds every one on the meta device and checks the count.
PARAMS = {
    "alexnet": 61_100_840, "vgg11": 132_863_336, "vgg13": 133_047_848, "vgg16": 138_357_544,
    "vgg19": 143_667_240, "resnet18": 11_689_512, "resnet34": 21_797_672, "resnet50": 25_557_032,
    "resnet101": 44_549_160, "resnet152": 60_192_808, "resnext50_32x4d": 25_028_904,
    "resnext101_32x8d": 88_791_336, "wide_resnet50_2": 68_883_240, "densenet121": 7_978_856,
    "densenet169": 14_149_480, "densenet201": 20_013_928, "mobilenet_v2": 3_504_872,
    "mobilenet_v3_large": 5_483_032, "mobilenet_v3_small": 2_542_856, "efficientnet_b0": 5_288_548,
    "efficientnet_b1": 7_794_184, "efficientnet_b2": 9_109_994, "efficientnet_b3": 12_233_232,
    "efficientnet_b4": 19_341_616, "efficientnet_b5": 30_389_784, "efficientnet_b6": 43_040_704,
    "efficientnet_b7": 66_347_960, "convnext_tiny": 28_589_128, "convnext_small": 50_223_688,
    "convnext_base": 88_591_464, "convnext_large": 197_767_336, "inception_v3": 27_161_264,
    "googlenet": 13_004_888,
}
TOLERANCE = 0.35  # a stated count this far from the real one (relative) is a wrong fact, not rounding
# How candidates write the models' names (`_model` turns a mention into the torchvision name).
MENTION = re.compile(
    r"\b(?:(?:resnet|rn|r)[- ]?(?:18|34|50|101|152)|vgg[- ]?(?:11|13|16|19)|(?:alexnet)|"
    r"densenet[- ]?(?:121|169|201)|resnext[- ]?(?:50|101)|wrn[- ]?50|wide[- ]resnet[- ]?50|"
    r"(?:mobilenet[- ]?v?|mnv|mbv|mbnv)(?:2|3)(?:[- ]?(?:large|small|l|s)\b)?|"
    r"(?:efficientnet[- ]?|effnet[- ]?|(?<![\w-]))b(?:[0-7])|convnext[- ]?(?:tiny|small|base|large|t|s|b|l)\b|"
    r"inception[- ]?v3|(?:googlenet))(?!\w)(?!\.\d)",
    re.IGNORECASE)
COUNT = re.compile(r"(?<![\w.])(\d{1,4}(?:\.\d{1,2})?)\s?(?:m\b|million\b)(?!\s*(?:[-\w]*\s*)?(?:macs?|flops?|mult|"
                   r"multiply|adds|ops|operations|px|pixels|images|samples|examples)\b)", re.IGNORECASE)
# A model family named without its size ends what the previous name's numbers are about ("AlexNet ..., VGG 138M").
FAMILY = re.compile(r"\b(?:alexnet|vgg|resnet|resnext|densenet|mobilenet|efficientnet|effnet|convnext|inception|"
                    r"googlenet|shufflenet|squeezenet|regnet|vit|senet|nasnet|mnasnet)", re.IGNORECASE)
# A difference, not a total: "SE adds ~2.5M to ResNet-50", "2.5M more parameters", "saves 20M".
DELTA = re.compile(r"\b(?:adds?|added|adding|extra|more|additional|increases?|overhead|saves?|saving|fewer|less|cuts?|"
                   r"reduces?|drops?|removes?|difference|gap|delta|per|each)\b|\+|(?<!\w)[-−]\s?\d", re.IGNORECASE)
PARAM_WORD = re.compile(r"\bparam|\bweights\b", re.IGNORECASE)
SENTENCE = re.compile(r"[!?;\n]+|\.(?=\s|$)")
CONVNEXT = {"t": "tiny", "s": "small", "b": "base", "l": "large"}
# Shorthand candidates type for a family, as the alias key of its registry name begins (r50 -> resnet50).
SHORT_PREFIXES = (("rn", "resnet"), ("r", "resnet"), ("mbnv", "mobilenetv"), ("mbv", "mobilenetv"),
                  ("mnv", "mobilenetv"), ("mobilenet", "mobilenetv"), ("effnetb", "efficientnetb"),
                  ("effnet", "efficientnetb"), ("b", "efficientnetb"))
# Alias keys of the counted models (ResNet-50, resnet_50 and resnet50 agree), and the names people shorten.
KEYS = {alias_key(name): name for name in PARAMS} | {
    "resnext50": "resnext50_32x4d", "resnext101": "resnext101_32x8d", "wrn50": "wide_resnet50_2",
    "wideresnet50": "wide_resnet50_2"}


def _model(m: re.Match, answer: str) -> str | None:
    """The torchvision name a mention stands for; None where it is ambiguous (a bare `MobileNetV3`)."""
    key = alias_key(m.group())
    if key.startswith("b") and not re.search(r"efficientnet|effnet", answer, re.IGNORECASE):
        return None  # a bare `B0` names an EfficientNet only in an answer that speaks of EfficientNets
    for short, full in SHORT_PREFIXES:
        if key.startswith(short) and key[len(short):len(short) + 1].isdigit():
            key = full + key[len(short):]
            break
    key = re.sub(r"(?<=v3)(l|s)$", lambda s: {"l": "large", "s": "small"}[s.group()], key)
    key = re.sub(r"(?<=convnext)(t|s|b|l)$", lambda s: CONVNEXT[s.group()], key)
    return KEYS.get(key)


def wrong_counts(answer: str) -> tuple[MisconceptionHit, ...]:
    """`MobileNetV2 has roughly 35M parameters`: a count stated after a model's name, in a sentence about
    parameters, that is close to no model the sentence names."""
    hits: list[MisconceptionHit] = []
    start = 0
    for end in [m.start() for m in SENTENCE.finditer(answer)] + [len(answer)]:
        sentence, offset, start = answer[start:end], start, end + 1
        if not PARAM_WORD.search(sentence):
            continue
        mentions = [(m, _model(m, answer)) for m in MENTION.finditer(sentence)]
        named = [n for _, n in mentions if n]
        for i, (m, name) in enumerate(mentions):
            if name is None:
                continue
            stop = mentions[i + 1][0].start() if i + 1 < len(mentions) else len(sentence)
            other = FAMILY.search(sentence, m.end(), stop)
            stop = other.start() if other else stop
            count = COUNT.search(sentence, m.end(), stop)
            if count is None or CLAUSE_CUES.search(sentence, m.end(), count.start()):
                continue
            if DELTA.search(sentence[m.end(): count.start()]) or DELTA.search(sentence[count.end(): count.end() + 12]):
                continue
            said = float(count.group(1)) * 1e6
            if any(abs(said - PARAMS[n]) <= TOLERANCE * PARAMS[n] for n in named):
                continue
            evidence = " ".join(answer[offset + m.start(): offset + count.end()].split())
            hits.append(MisconceptionHit(
                f"{m.group()} has about {count.group(1)}M parameters", evidence[:80],
                f"{m.group()} has {PARAMS[name] / 1e6:.1f}M parameters (torchvision's {name}, counted)"))
            if len(hits) == 2:
                return tuple(hits)
    return tuple(hits)
