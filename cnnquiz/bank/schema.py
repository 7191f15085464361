"""The question schema: questions, rubric key points, numeric claims, and the topic vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Difficulty(str, Enum):
    """How hard a question is for an ML-engineer interview."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


TOPICS: dict[str, str] = {
    "resnet": "ResNet, residual learning, basic and bottleneck blocks",
    "vgg": "VGG and plain deep networks",
    "densenet": "DenseNet and dense connectivity",
    "resnext": "ResNeXt, cardinality, grouped and wide variants",
    "mobilenet": "MobileNet v1-v3, depthwise separable and inverted residual blocks",
    "efficientnet": "EfficientNet, MBConv, B0-B7",
    "convnext": "ConvNeXt and modernised ConvNets",
    "shufflenet": "ShuffleNet and channel shuffle",
    "alexnet": "AlexNet and early CNNs",
    "inception": "GoogLeNet / Inception modules",
    "attention": "squeeze-and-excitation and other attention in CNNs",
    "normalization": "batch, layer and group normalization",
    "activation": "ReLU, SiLU/Swish, hard-swish and other activations",
    "receptive-field": "receptive fields and how layers grow them",
    "flops": "parameter and FLOP/MAC counting",
    "memory": "activation and weight memory",
    "scaling": "depth, width and resolution scaling",
    "nas": "neural architecture search",
    "training": "training recipes and schedules",
    "transfer-learning": "pretrained backbones and fine-tuning",
    "initialization": "weight initialization",
    "regularization": "dropout, stochastic depth and other regularizers",
    "optimization": "optimizers and learning-rate schedules",
    "gradients": "vanishing/exploding gradients and gradient flow",
    "deployment": "edge and production deployment",
    "compression": "model compression in general",
    "quantization": "int8 and lower-precision inference",
    "distillation": "knowledge distillation",
    "pruning": "pruning weights, channels and layers",
    "hardware": "GPUs, TPUs, accelerators and latency",
    "detection": "detection backbones, FPN, multi-scale features",
    "segmentation": "segmentation, pyramid pooling, dense prediction",
    "design": "architecture design principles and choosing a model",
    "implementation": "writing the block in PyTorch",
    "robustness": "adversarial and distribution-shift robustness",
    "interpretability": "saliency, CAM and understanding CNNs",
    "pytorch": "PyTorch and torchvision APIs",
}


class ClaimKind(str, Enum):
    """What a numeric claim states."""

    PARAMS = "params"
    MACS = "macs"
    FLOPS = "flops"
    TOP1 = "top1"
    TOP5 = "top5"
    RECEPTIVE_FIELD = "receptive_field"
    RATIO = "ratio"
    RESOLUTION = "resolution"
    TOP1_ERROR = "top1_error"  # ImageNet top-1 error, 100 − top-1
    VALUE = "value"


class ClaimUnit(str, Enum):
    """The unit a claim's value is written in (always base units: 25.6e6, not 25.6)."""

    COUNT = "count"
    MACS = "MACs"
    FLOPS = "FLOPs"
    PERCENT = "percent"
    X = "x"
    PX = "px"


@dataclass(frozen=True)
class Document:
    """A source document of the bank: its file name (the key questions cite), its title and a short name."""

    file: str
    title: str
    short: str


@dataclass(frozen=True)
class Source:
    """Where a question comes from: a source document and the question's number in it (titled by `documents:`)."""

    document: str
    number: int
    title: str = ""
    short: str = ""

    @property
    def label(self) -> str:
        """What people see for the document: its short name, else the file's stem (`004` for `004_f553ad97….txt`)."""
        if self.short:
            return self.short
        stem = self.document.rsplit(".", 1)[0]
        prefix, _, digest = stem.partition("_")
        return prefix if digest and len(digest) >= 8 and all(c in "0123456789abcdef" for c in digest) else stem

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"document": self.document, "number": self.number}
        if self.title:
            out["title"] = self.title
        if self.short:
            out["short"] = self.short
        return out


@dataclass(frozen=True)
class KeyPoint:
    """One rubric point: a label to show, a sentence that states it, its weight, and phrasings that match it."""

    label: str
    phrases: tuple[str, ...]
    statement: str = ""
    core: bool = False
    weight: float = 1.0

    @property
    def meaning(self) -> str:
        """The sentence the grader compares an answer's clauses with (the label where no statement is given)."""
        return self.statement or self.label

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "statement": self.statement, "core": self.core, "weight": self.weight,
                "phrases": list(self.phrases)}


@dataclass(frozen=True)
class Misconception:
    """A confident wrong answer interviewers hear: the claim, phrases that signal it, and the correction."""

    claim: str
    correction: str
    phrases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "phrases": list(self.phrases), "correction": self.correction}


@dataclass(frozen=True)
class ConventionSpec:
    """A known convention a claim may declare: what its `alt` is and which claims it applies to."""

    name: str
    meaning: str
    alt: str  # "" (no alt), "px" (a resolution to measure at or a published one), "number" (a published value)
    kinds: tuple[str, ...]  # ClaimKind values it applies to
    needs_source: bool = False  # a published value is cited: the claim must carry `source`


# The conventions a claim may declare (README: Writing your own questions). cnnquiz.verify measures each.
CONVENTIONS: dict[str, ConventionSpec] = {c.name: c for c in (
    ConventionSpec("macs-vs-flops", "the number counts FLOPs where the claim says MACs, or MACs where it says "
                   "FLOPs (FLOPs = 2 × MACs)", "", ("macs", "flops")),
    ConventionSpec("resnet-v1", "the paper's ResNet v1, stride 2 on the bottleneck's first 1×1 (torchvision "
                   "builds v1.5, stride in the 3×3)", "", ("macs", "flops")),
    ConventionSpec("paper-resolution", "the figure is at another input resolution (alt: that resolution in px)",
                   "px", ("macs", "flops", "resolution")),
    ConventionSpec("paper-weights", "the figure is the paper's published one, not torchvision's weights "
                   "(alt: the published value)", "number", ("top1", "top5", "top1_error", "params"), True),
    ConventionSpec("bn-affine", "a block's parameters counted with BatchNorm's γ and β", "", ("params",)),
    ConventionSpec("basic-block", "a bottleneck compared with a two-conv basic block instead of one 3×3 conv",
                   "", ("ratio",)),
    ConventionSpec("scaling-target", "compound scaling's target 2^φ instead of the computed (α·β²·γ²)^φ", "",
                   ("value", "ratio")),
    ConventionSpec("width-rule", "the ideal 1/α² width rule instead of the measured model", "", ("ratio",)),
)}


@dataclass(frozen=True)
class Convention:
    """A claim's declared convention: its name (a CONVENTIONS key) and its alt, when it takes one."""

    name: str
    alt: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name} if self.alt is None else {"name": self.name, "alt": self.alt}


@dataclass(frozen=True)
class Claim:
    """A numeric statement an answer makes, to be checked against a real computation."""

    what: ClaimKind
    value: float
    unit: ClaimUnit
    tolerance: float = 0.02
    model: str | None = None
    example: dict[str, Any] | None = None
    part: str | None = None
    said: str = ""
    note: str = ""  # prose for people: nothing reads it to decide a status or what is measured
    convention: Convention | None = None
    source: str = ""  # a citation: "He et al. 2016, Table 2"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"what": self.what.value, "value": self.value, "unit": self.unit.value,
                               "tolerance": self.tolerance}
        for key in ("model", "example", "part", "said", "note", "source"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.convention is not None:
            out["convention"] = self.convention.to_dict()
        return out

    @staticmethod
    def from_dict(row: dict[str, Any]) -> Claim:
        """The inverse of to_dict (the bank cache reads it)."""
        conv = row.get("convention")
        return Claim(what=ClaimKind(row["what"]), value=float(row["value"]), unit=ClaimUnit(row["unit"]),
                     tolerance=float(row["tolerance"]), model=row.get("model"), example=row.get("example"),
                     part=row.get("part"), said=row.get("said", ""), note=row.get("note", ""),
                     convention=Convention(conv["name"], conv.get("alt")) if conv else None,
                     source=row.get("source", ""))


@dataclass(frozen=True)
class CheckCase:
    """One way to try an answer's definition: constructor (or extra call) arguments and an input shape."""

    input: tuple[int, ...]
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"input": list(self.input), "args": list(self.args)}
        if self.kwargs:
            out["kwargs"] = dict(self.kwargs)
        return out


@dataclass(frozen=True)
class Check:
    """An executed check of a code answer: what it must define, how to call it, what to measure."""

    reference: str
    define: tuple[str, ...]
    cases: tuple[CheckCase, ...]
    properties: tuple[str, ...]
    optional: bool = False
    timeout: float = 10.0
    weight: float = 0.6
    line: int = field(default=0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"reference": self.reference, "define": list(self.define), "cases": [c.to_dict() for c in self.cases],
                "properties": list(self.properties), "optional": self.optional, "timeout": self.timeout,
                "weight": self.weight, "line": self.line}

    @staticmethod
    def from_dict(row: dict[str, Any]) -> Check:
        """The inverse of to_dict (the bank cache and the check runner read it)."""
        cases = tuple(CheckCase(tuple(c["input"]), tuple(c.get("args", ())),
                                tuple(sorted(c.get("kwargs", {}).items()))) for c in row["cases"])
        return Check(row["reference"], tuple(row["define"]), cases, tuple(row["properties"]),
                     bool(row.get("optional", False)), float(row.get("timeout", 10.0)),
                     float(row.get("weight", 0.6)), int(row.get("line", 0)))


@dataclass(frozen=True)
class Question:
    """One bank question with its model answer and rubric."""

    id: str
    source: Source
    question: str
    answer: str
    key_points: tuple[KeyPoint, ...]
    topics: tuple[str, ...]
    difficulty: Difficulty
    related: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    check: Check | None = None
    origin: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    def to_dict(self, full: bool = True) -> dict[str, Any]:
        """A JSON-ready dict; `full=False` leaves out answer, rubric and claims."""
        out: dict[str, Any] = {
            "id": self.id,
            "source": self.source.to_dict(),
            "question": self.question,
            "topics": list(self.topics),
            "difficulty": self.difficulty.value,
            "related": list(self.related),
        }
        if full:
            out["answer"] = self.answer
            out["key_points"] = [k.to_dict() for k in self.key_points]
            out["misconceptions"] = [m.to_dict() for m in self.misconceptions]
            out["claims"] = [c.to_dict() for c in self.claims]
            if self.check is not None:
                out["check"] = self.check.to_dict()
            out["file"] = self.origin
            out["line"] = self.line
        return out
