"""What a claim is checked against: measured models (meta device), torchvision metadata, the calculator's formulas."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from cnnquiz import models
from cnnquiz.bank.schema import Claim, ClaimKind
from cnnquiz.errors import UnknownNameError
from cnnquiz.models import catalog
from cnnquiz.verify import examples
from cnnquiz.verify.types import Alternative, Measured, Unmeasurable


def _name_pattern() -> re.Pattern[str]:
    names = sorted(catalog.catalog(), key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(map(re.escape, names)) + r")(?![\w])")


class Lab:
    """Measures claims, keeping each model's profile for the run (and in the results cache unless fresh)."""

    def __init__(self, use_cache: bool = True) -> None:
        self.use_cache = use_cache
        self._profiles: dict[str, Any] = {}

    # -- models -------------------------------------------------------------------------------
    def profile(self, name: str) -> Any:
        from cnnquiz.calc.profile import profile

        if name not in self._profiles:
            self._profiles[name] = profile(name, use_cache=self.use_cache)
        return self._profiles[name]

    @staticmethod
    def resolve(model: str) -> str:
        try:
            return models.resolve(model)
        except UnknownNameError:
            raise Unmeasurable(model, f"{model} is neither a torchvision model nor one cnnquiz builds from "
                                      "its paper, so its published figure cannot be measured") from None

    @staticmethod
    def label(name: str) -> str:
        return models.label(name)

    def _where(self, name: str) -> str:
        p = self.profile(name)
        kind = "cnnquiz's paper build of" if models.is_paper(name) else "torchvision"
        return f"measured on {kind} {name} at {p.resolution} px (meta device)"

    def measure(self, claim: Claim) -> Measured:
        """The real value for the claim (raises Unmeasurable when there is none)."""
        if claim.example is not None:
            return examples.measure_example(claim)
        model = claim.model or ""
        if "/" in model:
            a, b = model.split("/", 1)
            return self._ratio(claim, self.resolve(a.strip()), self.resolve(b.strip()))
        name = self.resolve(model)
        if claim.what in (ClaimKind.PARAMS, ClaimKind.MACS, ClaimKind.FLOPS):
            return self._count(claim, name)
        if claim.what in (ClaimKind.TOP1, ClaimKind.TOP5):
            return self._accuracy(claim, name)
        if claim.what is ClaimKind.RESOLUTION:
            return self._resolution(name)
        if claim.what is ClaimKind.RECEPTIVE_FIELD:
            p = self.profile(name)
            if p.receptive_field is None:
                raise Unmeasurable(self.label(name), "no conv-path receptive field (not a ConvNet)")
            return Measured(p.receptive_field, f"{self.label(name)} receptive field",
                            f"conv-path receptive field {self._where(name)}", "rf.walk")
        if claim.what is ClaimKind.RATIO:
            return self._ratio_from_note(claim, name)
        return self._value(claim, name)

    def _quantity(self, name: str, what: str, part: str | None = None) -> int:
        p = self.profile(name)
        if not part:
            return {"params": p.params, "macs": p.macs, "flops": p.flops}[what]
        return submodule_count(name, part, what, p.resolution)

    def _count(self, claim: Claim, name: str) -> Measured:
        what = claim.what.value
        value = self._quantity(name, what, claim.part)
        p = self.profile(name)
        noun = {"params": "params", "macs": "MACs", "flops": "FLOPs"}[what]
        subject = f"{self.label(name)}{' ' + claim.part if claim.part else ''} {noun}"
        alts: list[Alternative] = []
        if what == "macs":
            alts.append(Alternative(2 * value, "FLOPs = 2 × MACs (the claim counts each multiply and add)"))
        if what == "flops":
            alts.append(Alternative(value / 2, "MACs, which papers and torchvision call FLOPs"))
        if what != "params" and not claim.part:
            if p.resolution != 224:
                alts.append(Alternative(at_resolution(name, 224, what), f"{noun} at 224 px instead of "
                                                                          f"the model's {p.resolution} px"))
            if models.has_variant(name, models.RESNET_V1):
                alts.append(Alternative(resnet_v1_count(name, what), "the paper's ResNet v1 (stride 2 in the "
                                        "first 1×1 conv); torchvision builds v1.5 (stride in the 3×3)"))
        return Measured(value, subject, f"{self._where(name)}", "calc.counting", tuple(alts))

    def _accuracy(self, claim: Claim, name: str) -> Measured:
        entry = catalog.catalog()[name]
        key = claim.what.value
        rows = [(w.name, w.top1 if key == "top1" else w.top5) for w in entry.weights]
        rows = [(n, v) for n, v in rows if v is not None]
        if not rows:
            raise Unmeasurable(self.label(name), f"{name} has no published ImageNet-1K weights in torchvision "
                                                 "(cnnquiz builds it from the paper), so its accuracy is the paper's")
        best_name, best = min(rows, key=lambda r: abs(r[1] - claim.value))
        listing = ", ".join(f"{n} {v:.3f}%" for n, v in rows)
        return Measured(best, f"{self.label(name)} {key}", f"torchvision's published weights ({listing}); "
                        f"closest: {best_name}", f"torchvision Weights.meta {best_name}")

    def _resolution(self, name: str) -> Measured:
        entry = catalog.catalog()[name]
        if not entry.weights:
            return Measured(entry.resolution, f"{self.label(name)} resolution",
                            "the input size of the paper's model", "models.paper")
        alts = tuple(Alternative(w.crop, f"the crop size of torchvision's {w.name} weights")
                     for w in entry.weights if w.crop != entry.resolution)
        return Measured(entry.resolution, f"{self.label(name)} resolution",
                        "the eval crop of torchvision's first published weights", "torchvision transforms", alts)

    def _ratio(self, claim: Claim, a: str, b: str) -> Measured:
        what = ratio_quantity(claim)
        if what is None:
            raise Unmeasurable(f"{a}/{b}", "the claim does not say which quantity the ratio divides "
                                           "(write part: params or part: macs)")
        qa, qb = self._quantity(a, what), self._quantity(b, what)
        noun = {"params": "params", "macs": "MACs", "flops": "FLOPs"}[what]
        return Measured(qa / qb, f"{noun} {a} / {b}",
                        f"{noun} measured on the meta device: {a} {qa:,} / {b} {qb:,}", "calc.counting")

    def _ratio_from_note(self, claim: Claim, name: str) -> Measured:
        """A ratio between two models named in the note, e.g. 'params of resnet50 divided by efficientnet_b0'."""
        text = f"{claim.note} {claim.said}"
        names = list(dict.fromkeys(_name_pattern().findall(claim.note)))
        if len(names) != 2 or name not in names:
            raise Unmeasurable(self.label(name), "a ratio from a paper's experiment (pruning, compression, "
                                                 "latency), not between two models cnnquiz can measure")
        if ratio_quantity(claim) is None and re.search(r"latency|faster|speed", text, re.I):
            raise Unmeasurable(f"{names[0]}/{names[1]}", "a latency ratio reported by a paper, not a count")
        return self._ratio(claim, names[0], names[1])

    def _value(self, claim: Claim, name: str) -> Measured:
        text = f"{claim.note} {claim.said}".lower()
        if claim.part and claim.unit.value == "count":
            res = self.profile(name).resolution
            return Measured(output_values(name, claim.part, res), f"{self.label(name)} {claim.part} output values",
                            f"numel of {name}.{claim.part}'s output for one {res}×{res} image (meta device)",
                            "forward hook")
        if claim.unit.value == "percent" and "error" in text:
            if "cifar" in text or "batch" in text:
                raise Unmeasurable(self.label(name), "a training result reported by a paper (torchvision has "
                                                     "no such weights to compare)")
            entry = catalog.catalog()[name]
            if not entry.weights:
                raise Unmeasurable(self.label(name), "a paper's ImageNet error for a model without torchvision "
                                                     "weights")
            errors = [(w.name, 100 - w.top1) for w in entry.weights]
            wname, err = min(errors, key=lambda r: abs(r[1] - claim.value))
            return Measured(err, f"{self.label(name)} top-1 error", f"100 − top-1 of torchvision's {wname} "
                            "weights", f"torchvision Weights.meta {wname}")
        raise Unmeasurable(self.label(name), "a 'value' claim names no quantity cnnquiz measures (give part: "
                                             "<submodule> for its output values, or use what: params/macs)")


@lru_cache(maxsize=64)
def submodule_count(name: str, part: str, what: str, resolution: int) -> int:
    """Params, MACs or FLOPs of one submodule (dotted path such as 'classifier' or 'fc') of a model."""
    from cnnquiz.calc.counting import param_count, trace

    model = models.build(name, resolution=resolution)
    try:
        sub = model.get_submodule(part)
    except AttributeError:
        raise Unmeasurable(f"{name}.{part}", f"{name} has no submodule '{part}'") from None
    if what == "params":
        return param_count(sub)
    flops = trace(model, (3, resolution, resolution)).flops.get(part, 0)
    return flops if what == "flops" else flops // 2


@lru_cache(maxsize=32)
def output_values(name: str, part: str, resolution: int) -> int:
    """How many values one submodule outputs for a single image (a feature map's C·H·W)."""
    import torch

    model = models.build(name, resolution=resolution)
    try:
        sub = model.get_submodule(part)
    except AttributeError:
        raise Unmeasurable(f"{name}.{part}", f"{name} has no submodule '{part}'") from None
    seen: list[int] = []
    handle = sub.register_forward_hook(lambda _m, _i, out: seen.append(out.numel()))
    try:
        with torch.no_grad():
            model(torch.empty(1, 3, resolution, resolution, device="meta"))
    finally:
        handle.remove()
    return seen[0]


@lru_cache(maxsize=32)
def at_resolution(name: str, resolution: int, what: str) -> int:
    """MACs or FLOPs of a model at another input resolution."""
    from cnnquiz.calc.profile import profile

    p = profile(name, resolution)
    return p.flops if what == "flops" else p.macs


@lru_cache(maxsize=16)
def resnet_v1_count(name: str, what: str) -> int:
    """MACs or FLOPs of the paper's ResNet v1: torchvision's model with each stride-2 moved into the first 1×1."""
    from cnnquiz.calc.counting import count

    c = count(models.build(name, resnet_v1=True), (3, 224, 224))
    return c.flops if what == "flops" else c.macs


def ratio_quantity(claim: Claim) -> str | None:
    """Which count a ratio claim divides: its part, else the note's or the document's words."""
    if claim.part in ("params", "macs", "flops"):
        return claim.part
    text = f"{claim.note} {claim.said}".lower()
    found = [(m.start(), q) for q, pattern in (("params", r"param"), ("macs", r"\bmacs?\b|flop|computation"))
             for m in re.finditer(pattern, text)]
    return min(found)[1] if found else None

