"""Prepare answer text for the meaning model: expand interview shorthand (dw, bn, r50) and fix typos.

The phrase matcher has its own typo tolerance; the embedding model has none (a typo becomes other subwords),
so before a clause is embedded its words are spelt as the bank spells them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Shorthand candidates type in a hurry, written out as the rubric statements write them. Not the shorthand
# that is also an English word (`gap`, `se`, `res`): the phrase matcher reads those as acronyms with care.
SHORTHAND = {
    "dw": "depthwise", "pw": "pointwise", "bn": "batch norm", "gn": "group norm", "ln": "layer norm",
    "conv": "convolution", "convs": "convolutions", "fc": "fully connected", "rf": "receptive field",
    "lr": "learning rate", "acc": "accuracy", "params": "parameters", "param": "parameter", "w/": "with",
    "w/o": "without", "b/c": "because", "ur": "your", "thru": "through", "tho": "though", "esp": "especially",
    "approx": "approximately", "mem": "memory", "perf": "performance",
    "r18": "ResNet-18", "r34": "ResNet-34", "r50": "ResNet-50", "r101": "ResNet-101", "r152": "ResNet-152",
    "rn50": "ResNet-50", "mbv1": "MobileNetV1", "mbv2": "MobileNetV2", "mbv3": "MobileNetV3",
    "effnet": "EfficientNet", "effnets": "EfficientNets", "imgs": "images", "img": "image",
    "dims": "dimensions", "chans": "channels", "grads": "gradients", "nonlin": "nonlinearity",
    "arch": "architecture", "archs": "architectures", "alot": "a lot", "dont": "don't", "doesnt": "doesn't",
    "isnt": "isn't", "cant": "can't", "wont": "won't", "thats": "that's",
    "theyre": "they're", "arent": "aren't", "wasnt": "wasn't", "didnt": "didn't", "youre": "you're",
    "bc": "because", "cuz": "because", "ppl": "people", "orig": "original", "info": "information",
    "concat": "concatenate", "concats": "concatenates", "concatted": "concatenated", "avg": "average",
    "sep": "separable", "seg": "segmentation", "det": "detection", "quant": "quantization",
    "quantised": "quantized", "hw": "hardware", "diff": "difference", "val": "validation", "ft": "fine-tune",
    "finetune": "fine-tune", "finetuning": "fine-tuning", "preact": "pre-activation", "top1": "top-1",
    "top5": "top-5", "maxpool": "max pool", "avgpool": "average pool", "multiscale": "multi-scale",
    "vec": "vector", "coeff": "coefficient", "coeffs": "coefficients", "prev": "previous",
    "impl": "implementation", "incl": "including", "probs": "probabilities", "prob": "probability",
    "tradeoff": "trade-off", "tradeoffs": "trade-offs", "config": "configuration", "configs": "configurations",
    "kinda": "kind of", "eg": "for example", "ie": "that is", "sota": "state of the art", "resid": "residual",
    "nonlinear": "non-linear", "nonlinearities": "non-linearities", "dim": "dimension",
    "ch": "channels", "chan": "channel", "chs": "channels", "feat": "feature", "feats": "features",
    "activ": "activation", "activs": "activations", "init": "initialization", "inits": "initializations",
    "ds": "downsample", "bnorm": "batch norm", "batchnorm": "BatchNorm", "layernorm": "LayerNorm",
    "groupnorm": "GroupNorm", "effnetv2": "EfficientNetV2", "mobilenets": "MobileNets",
    "var": "variance", "vars": "variances", "std": "standard deviation", "stats": "statistics",
    "stat": "statistic", "bs": "batch size", "mnv1": "MobileNetV1", "mnv2": "MobileNetV2", "mnv3": "MobileNetV3",
    "mbnv2": "MobileNetV2", "mobilenetv1": "MobileNetV1", "mobilenetv2": "MobileNetV2",
    "mobilenetv3": "MobileNetV3", "wrt": "with respect to", "b/w": "between", "fwd": "forward",
    "bwd": "backward", "ops": "operations", "op": "operation", "proj": "projection", "lin": "linear",
    "mult": "multiply", "mults": "multiplies", "reg": "regularization", "aug": "augmentation",
    "augs": "augmentations", "hparams": "hyperparameters", "hyperparams": "hyperparameters",
    "resnets": "ResNets", "nets": "networks", "net": "network", "dwconv": "depthwise convolution",
    "pwconv": "pointwise convolution", "bnrelu": "BN-ReLU",
}
# Model names typed together and in lowercase (`resnet50`, `vgg16`, `densenet121`), written as the bank does.
MODEL_NAME = re.compile(r"^(resnet|vgg|densenet|wrn|resnext|efficientnet)-?(\d+|b\d)$", re.IGNORECASE)
MODEL_SPELLING = {"resnet": "ResNet", "vgg": "VGG", "densenet": "DenseNet", "wrn": "WRN", "resnext": "ResNeXt",
                  "efficientnet": "EfficientNet"}
# Words that name the same thing, written one way on both sides before embedding: a static embedding model
# does not know that a skip connection is a shortcut, or that untouched means unchanged.
SYNONYMS = [(re.compile(p, re.IGNORECASE), r) for p, r in (
    (r"\bskip(?:[- ]connection)?s\b|\bresidual connections\b", "shortcuts"),
    (r"\bskip(?:[- ]connection)?\b|\bresidual connection\b", "shortcut"),
    (r"\b(?:untouched|unmodified|unaltered|intact)\b", "unchanged"),
)]
WORD = re.compile(r"[A-Za-z][A-Za-z0-9/']*")
MIN_TYPO_LENGTH = 5
TYPO_CUTOFF = 85.0


def canonical(text: str) -> str:
    """The text with synonyms written as the one word both answers and statements are embedded with."""
    for pattern, repl in SYNONYMS:
        text = pattern.sub(repl, text)
    return text


class Speller:
    """Spell an answer's words as a vocabulary (the bank's statements, phrases and answers) spells them."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.vocab: set[str] = set()
        for text in texts:
            self.vocab.update(w.lower() for w in WORD.findall(text))
        self.by_initial: dict[str, list[str]] = {}
        for w in sorted(self.vocab):
            if len(w) >= MIN_TYPO_LENGTH - 1 and w.isalpha():
                self.by_initial.setdefault(w[0], []).append(w)
        self._fixed: dict[str, str] = {}

    def word(self, w: str) -> str:
        low = w.lower()
        if low in SHORTHAND:
            return SHORTHAND[low]
        if "/" in low.strip("/"):  # `mobilenet/effnet`, `stride/chans`: each side on its own
            return "/".join(self.word(part) if part else part for part in w.split("/"))
        named = MODEL_NAME.match(low)
        if named:
            return f"{MODEL_SPELLING[named.group(1)]}-{named.group(2).upper()}"
        if low in self.vocab or len(low) < MIN_TYPO_LENGTH or not low.isalpha() or not w[1:].islower():
            return w  # a name (EfficentNet, VGGNet) is never "corrected" into another name
        if low not in self._fixed:
            from rapidfuzz import fuzz, process

            best = process.extractOne(low, self.by_initial.get(low[0], []), scorer=fuzz.ratio,
                                      score_cutoff=TYPO_CUTOFF)
            self._fixed[low] = best[0] if best and abs(len(best[0]) - len(low)) <= 2 else w
        return self._fixed[low]

    def __call__(self, text: str) -> str:
        return WORD.sub(lambda m: self.word(m.group()), text)
