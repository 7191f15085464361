"""Count parameters (numel) and MACs/FLOPs (torch's FlopCounterMode) of modules on the meta device.

FlopCounterMode counts matmul-type ops only (convolution, mm/addmm/bmm, attention): 2 FLOPs per
multiply-accumulate, so MACs = FLOPs / 2. It does not count BatchNorm, activations, pooling, bias adds
or elementwise products such as SE's channel scaling — the convention papers and torchvision's
published "GFLOPS" (which are really GMACs) follow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch
    from torch import nn


@dataclass(frozen=True)
class Counts:
    """Learnable parameters, multiply-accumulates and FLOPs (= 2 × MACs) of one forward pass."""

    params: int
    macs: int
    flops: int


@dataclass(frozen=True)
class ModelCounts:
    """A zoo model's counts at one input resolution (batch 1, 3 channels)."""

    name: str
    resolution: int
    params: int
    macs: int
    flops: int


def speed_up_flop_counter() -> None:
    """Spare FlopCounterMode's first use an import of torch._dynamo (~1 s); safe to call repeatedly."""
    # TorchDispatchMode wraps __torch_dispatch__ so that the first call imports torch._dynamo (~1 s)
    # only to mark the function "do not compile". Nothing here is compiled, so pre-fill the cache
    # attribute that wrapper looks for (torch/_compile.py). If torch renames it, this is a no-op.
    from torch.utils import flop_counter

    wrapper = getattr(flop_counter, "_FlopCounterMode", object).__dict__.get("__torch_dispatch__")
    raw = getattr(wrapper, "__wrapped__", None)
    if raw is not None and not hasattr(raw, "__dynamo_disable"):
        setattr(raw, "__dynamo_disable", raw)


def _meta_input(input_shape: Sequence[int]) -> torch.Tensor:
    import torch

    shape = tuple(int(s) for s in input_shape)
    if len(shape) == 3:
        shape = (1, *shape)
    return torch.empty(shape, device="meta")


def param_count(module: nn.Module, conv_only: bool = False) -> int:
    """numel of the module's parameters; conv_only keeps Conv/Linear weights and biases (no norm layers)."""
    from torch import nn

    if not conv_only:
        return sum(p.numel() for p in module.parameters())
    layers = (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.Linear)
    return sum(p.numel() for m in module.modules() if isinstance(m, layers) for p in m.parameters(recurse=False))


@dataclass(frozen=True)
class Trace:
    """One forward pass on a meta tensor: the output shape and FLOPs per module path ("" = whole model)."""

    output_shape: tuple[int, ...]
    flops: dict[str, int]


def trace(model: nn.Module, input_shape: Sequence[int]) -> Trace:
    """Run model once in eval mode on a meta input of shape (C, H, W) or (N, C, H, W) under FlopCounterMode."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    speed_up_flop_counter()
    counter = FlopCounterMode(display=False)
    training = model.training
    model.eval()  # inference counts; also lets BatchNorm run on a batch of one 1×1 map
    try:
        with torch.no_grad(), counter:
            out = model(_meta_input(input_shape))
    finally:
        model.train(training)
    root = type(model).__name__
    flops = {"": counter.get_total_flops()}
    for path, ops in counter.get_flop_counts().items():
        if path.startswith(root + "."):
            flops[path[len(root) + 1:]] = sum(ops.values())
    return Trace(tuple(out.shape) if isinstance(out, torch.Tensor) else (), flops)


def count(model: nn.Module, input_shape: Sequence[int]) -> Counts:
    """Params (numel), MACs and FLOPs of model on an input of shape (C, H, W) or (N, C, H, W).

    Build the model on the meta device (``with torch.device("meta")``) so nothing is allocated; the
    input is created there too. MACs = FLOPs / 2 as FlopCounterMode counts 2 per multiply-accumulate.
    """
    flops = trace(model, input_shape).flops[""]
    return Counts(param_count(model), flops // 2, flops)


def count_parts(model: nn.Module, input_shape: Sequence[int], parts: Iterable[str]) -> dict[str, Counts]:
    """Counts of the named submodules (dotted paths) of model during one forward pass of the whole.

    Parameters here are conv/linear weights and biases only; use param_count for BN-inclusive totals.
    A part that is never called has 0 MACs.
    """
    flops = trace(model, input_shape).flops
    out = {}
    for name in parts:
        sub = model.get_submodule(name)
        f = flops.get(name, 0)
        out[name] = Counts(param_count(sub, conv_only=True), f // 2, f)
    return out


@lru_cache(maxsize=64)
def model_counts(name: str, resolution: int | None = None) -> ModelCounts:
    """Params, MACs and FLOPs of a torchvision model (a zoo name or alias) built on the meta device.

    resolution defaults to the crop size of the model's first published weights (224 for most,
    240…600 for EfficientNet-B1…B7, 299 for Inception-v3).
    """
    from cnnquiz import models
    from cnnquiz.errors import ShapeError
    from cnnquiz.models.published import default_resolution

    real = models.resolve(name, paper=False)
    resolution = default_resolution(real) if resolution is None else resolution
    if resolution <= 0:
        raise ShapeError(f"resolution must be a positive integer, got {resolution}")
    model = models.build(real, device="meta")
    try:
        c = count(model, (3, resolution, resolution))
    except RuntimeError as exc:  # a resolution too small for the model's downsampling
        raise ShapeError(f"{real} cannot run at {resolution}×{resolution}: {str(exc).splitlines()[0]}") from None
    return ModelCounts(real, resolution, c.params, c.macs, c.flops)
