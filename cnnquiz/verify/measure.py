"""What a claim is checked against: measured models (meta device), torchvision metadata, the calculator's formulas."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from cnnquiz import models
from cnnquiz.bank.schema import CONVENTIONS, Claim, ClaimKind
from cnnquiz.errors import UnknownNameError
from cnnquiz.models import catalog
from cnnquiz.verify import examples
from cnnquiz.verify.types import Alternative, Measured, Unmeasurable


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
        """The real value for the claim, with its values under other conventions (Unmeasurable when there is none).

        Only the claim's structured fields decide what is measured: what, model, part, example, convention.
        """
        m = self._measure(claim)
        conv = claim.convention
        if conv is not None and conv.alt is not None and CONVENTIONS[conv.name].alt == "number":
            cited = f", {claim.source}" if claim.source else ""
            m = replace(m, alternatives=(*m.alternatives,
                                         Alternative(conv.alt, f"the published figure{cited}", conv.name)))
        return m

    def _measure(self, claim: Claim) -> Measured:
        if claim.example is not None:
            return examples.measure_example(claim)
        model = claim.model or ""
        if "/" in model:
            a, b = model.split("/", 1)
            return self._ratio(claim, self.resolve(a.strip()), self.resolve(b.strip()))
        name = self.resolve(model)
        if claim.what in (ClaimKind.PARAMS, ClaimKind.MACS, ClaimKind.FLOPS):
            return self._count(claim, name)
        if claim.what in (ClaimKind.TOP1, ClaimKind.TOP5, ClaimKind.TOP1_ERROR):
            return self._accuracy(claim, name)
        if claim.what is ClaimKind.RESOLUTION:
            return self._resolution(claim, name)
        if claim.what is ClaimKind.RECEPTIVE_FIELD:
            p = self.profile(name)
            if p.receptive_field is None:
                raise Unmeasurable(self.label(name), "no conv-path receptive field (not a ConvNet)")
            return Measured(p.receptive_field, f"{self.label(name)} receptive field",
                            f"conv-path receptive field {self._where(name)}", "rf.walk")
        if claim.what is ClaimKind.RATIO:
            raise Unmeasurable(self.label(name), "a ratio of one model is a paper's experiment (pruning, "
                                                 "compression, latency); a ratio of two models is model: a/b")
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
            alts.append(Alternative(2 * value, "FLOPs = 2 × MACs (the claim counts each multiply and add)",
                                    "macs-vs-flops"))
        if what == "flops":
            alts.append(Alternative(value / 2, "MACs, which papers and torchvision call FLOPs", "macs-vs-flops"))
        if what != "params" and not claim.part:
            conv = claim.convention
            res = int(conv.alt) if conv and conv.name == "paper-resolution" and conv.alt else 224
            if p.resolution != res:
                alts.append(Alternative(at_resolution(name, res, what), f"{noun} at {res} px instead of "
                                                                        f"the model's {p.resolution} px",
                                        "paper-resolution"))
            if models.has_variant(name, models.RESNET_V1):
                alts.append(Alternative(resnet_v1_count(name, what), "the paper's ResNet v1 (stride 2 in the "
                                        "first 1×1 conv); torchvision builds v1.5 (stride in the 3×3)", "resnet-v1"))
        return Measured(value, subject, f"{self._where(name)}", "calc.counting", tuple(alts))

    def _accuracy(self, claim: Claim, name: str) -> Measured:
        """top-1/top-5 of torchvision's published weights closest to the claim (top1_error: 100 − top-1)."""
        entry = catalog.catalog()[name]
        error = claim.what is ClaimKind.TOP1_ERROR
        key = "top5" if claim.what is ClaimKind.TOP5 else "top1"
        rows = [(w.name, w.top5 if key == "top5" else w.top1) for w in entry.weights]
        rows = [(n, 100 - v if error else v) for n, v in rows if v is not None]
        if not rows:
            raise Unmeasurable(self.label(name), f"{name} has no published ImageNet-1K weights in torchvision "
                                                 "(cnnquiz builds it from the paper), so its accuracy is the paper's")
        best_name, best = min(rows, key=lambda r: abs(r[1] - claim.value))
        listing = ", ".join(f"{n} {v:.3f}%" for n, v in rows)
        noun = "top-1 error" if error else key
        return Measured(best, f"{self.label(name)} {noun}", f"torchvision's published weights, {noun} "
                        f"({listing}); closest: {best_name}", f"torchvision Weights.meta {best_name}")

    def _resolution(self, claim: Claim, name: str) -> Measured:
        entry = catalog.catalog()[name]
        conv = claim.convention
        alts = ((Alternative(conv.alt, "the resolution the paper states", conv.name),)
                if conv and conv.name == "paper-resolution" and conv.alt else ())
        if not entry.weights:
            return Measured(entry.resolution, f"{self.label(name)} resolution",
                            "the input size of the paper's model", "models.paper", alts)
        return Measured(entry.resolution, f"{self.label(name)} resolution",
                        "the eval crop of torchvision's first published weights", "torchvision transforms", alts)

    def _ratio(self, claim: Claim, a: str, b: str) -> Measured:
        what = claim.part
        if what not in ("params", "macs", "flops"):
            raise Unmeasurable(f"{a}/{b}", "the claim does not say which quantity the ratio divides "
                                           "(write part: params or part: macs)", broken=True)
        qa, qb = self._quantity(a, what), self._quantity(b, what)
        noun = {"params": "params", "macs": "MACs", "flops": "FLOPs"}[what]
        return Measured(qa / qb, f"{noun} {a} / {b}",
                        f"{noun} measured on the meta device: {a} {qa:,} / {b} {qb:,}", "calc.counting")

    def _value(self, claim: Claim, name: str) -> Measured:
        if claim.part and claim.unit.value == "count":
            res = self.profile(name).resolution
            return Measured(output_values(name, claim.part, res), f"{self.label(name)} {claim.part} output values",
                            f"numel of {name}.{claim.part}'s output for one {res}×{res} image (meta device)",
                            "forward hook")
        raise Unmeasurable(self.label(name), "nothing cnnquiz measures states this value (a paper's figure; for "
                                             "a submodule's output values give part: <path>)")


@lru_cache(maxsize=64)
def submodule_count(name: str, part: str, what: str, resolution: int) -> int:
    """Params, MACs or FLOPs of one submodule (dotted path such as 'classifier' or 'fc') of a model.

    'a+b+c' sums several submodules (ResNet-50's convolutional body: conv1+bn1+layer1+layer2+layer3+layer4).
    """
    from cnnquiz.calc.counting import param_count, trace

    model = models.build(name, resolution=resolution)
    parts = [p.strip() for p in part.split("+")]
    try:
        subs = [model.get_submodule(p) for p in parts]
    except AttributeError:
        raise Unmeasurable(f"{name}.{part}", f"{name} has no submodule '{part}'") from None
    if what == "params":
        return sum(param_count(sub) for sub in subs)
    traced = trace(model, (3, resolution, resolution)).flops
    flops = sum(traced.get(p, 0) for p in parts)
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
