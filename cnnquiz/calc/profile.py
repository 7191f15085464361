"""Per-model profile for compare and verify: params, MACs, FLOPs, activation memory, weight size, depth, receptive field.

Everything is measured in one forward pass on the meta device (nothing is allocated):
- MACs/FLOPs from calc.counting (FlopCounterMode: conv, linear, matmul, attention; FLOPs = 2 × MACs);
- activation memory: the sum of the outputs of every leaf module for batch 1 in fp32. An output that is
  its input or a view of it (in-place ReLU, Identity, eval-mode Dropout, Flatten) allocates nothing and
  is not counted; ops in a non-leaf forward (a residual add, torch.flatten in forward) are left out;
- weights: params × 4 bytes (fp32) and × 1 byte (int8, ignoring the few per-channel scales), in MiB
  (2^20 bytes, the unit of torchvision's published file sizes);
- depth: how many Conv and Linear layers the model has (modules, so a layer reused twice counts once).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from cnnquiz import cache, models
from cnnquiz.errors import CnnquizError, ShapeError
from cnnquiz.models import catalog

if TYPE_CHECKING:
    from torch import nn

MIB = 2**20
FP32_BYTES = 4


@dataclass(frozen=True)
class ModelProfile:
    """Measured numbers of one model at one input resolution (batch 1, 3 channels)."""

    name: str
    family: str
    resolution: int
    params: int
    macs: int
    flops: int
    activation_bytes: int
    depth: int
    receptive_field: int | None
    global_context: bool
    seconds: float = 0.0  # how long measuring took (not part of the result; shown by benchmarks)

    @property
    def weights_mb_fp32(self) -> float:
        return self.params * FP32_BYTES / MIB

    @property
    def weights_mb_int8(self) -> float:
        return self.params / MIB

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "weights_mb_fp32": round(self.weights_mb_fp32, 3),
                "weights_mb_int8": round(self.weights_mb_int8, 3)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelProfile:
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


def _cheap_batchnorm(model: nn.Module) -> None:
    """Eval-mode BatchNorm is a per-channel affine map (no MACs, same shape out): on meta tensors let it return
    a new tensor of its input's shape instead of running torch's slow batch-norm decomposition."""
    import torch
    from torch import nn

    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm) and not m.training:
            m.forward = torch.empty_like  # type: ignore[method-assign]


def _track_activations(model: nn.Module, by_leaf: dict[str, int] | None = None) -> tuple[list[int], list[Any]]:
    """Forward hooks on every leaf module adding the bytes of each new output tensor to a total (and, when
    by_leaf is given, to that leaf's entry under its qualified name)."""
    import torch

    total = [0]

    def shares(out: torch.Tensor, inp: Any) -> bool:
        if not isinstance(inp, torch.Tensor):
            return False
        return out is inp or out._base is inp or (inp._base is not None and out._base is inp._base)

    def hook_for(name: str) -> Any:
        def hook(_module: Any, inputs: tuple[Any, ...], output: Any) -> None:
            outs = output if isinstance(output, (tuple, list)) else (output,)
            for out in outs:
                if isinstance(out, torch.Tensor) and not any(shares(out, i) for i in inputs):
                    total[0] += out.numel() * FP32_BYTES
                    if by_leaf is not None:
                        by_leaf[name] = by_leaf.get(name, 0) + out.numel() * FP32_BYTES
        return hook

    leaves = [(n, m) for n, m in model.named_modules() if next(m.children(), None) is None]
    return total, [m.register_forward_hook(hook_for(n)) for n, m in leaves]


def depth(model: nn.Module) -> int:
    """How many Conv (1d/2d/3d, grouped or not) and Linear layers the model holds."""
    from torch import nn

    return sum(isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.Linear)) for m in model.modules())


def measure_module(model: nn.Module, name: str, family: str, resolution: int) -> ModelProfile:
    """Measure a meta-device module on a 1×3×R×R input in one forward pass: the receptive-field walk
    (cnnquiz.rf) runs the real graph, and FlopCounterMode and the activation hooks watch that same pass.
    A graph the walk cannot trace is counted by calc.counting.count instead, without a receptive field."""
    from torch.utils.flop_counter import FlopCounterMode

    from cnnquiz.calc import counting
    from cnnquiz.rf import module_result

    start = time.perf_counter()
    counting.speed_up_flop_counter()  # skips importing torch._dynamo
    total, handles = _track_activations(model)
    try:
        counter = FlopCounterMode(display=False)
        with counter:
            walked = module_result(model, resolution, target=name, model_name=name)
        flops, rf_size, global_context = counter.get_total_flops(), walked.receptive_field, walked.global_context
    except CnnquizError:
        total[0] = 0
        try:
            flops, rf_size, global_context = counting.count(model, (3, resolution, resolution)).flops, None, False
        except (RuntimeError, AssertionError, ValueError) as exc:  # an input size the model refuses
            raise ShapeError(f"{name} cannot run at {resolution}×{resolution}: {str(exc).splitlines()[0]}") from None
    finally:
        for h in handles:
            h.remove()
    return ModelProfile(name, family, resolution, counting.param_count(model), flops // 2, flops, total[0],
                        depth(model), rf_size, global_context, round(time.perf_counter() - start, 4))


def measure(name: str, resolution: int) -> ModelProfile:
    """Build a zoo or paper model on the meta device and measure it."""
    start = time.perf_counter()
    with _gc_paused():
        try:
            model = models.build(name, resolution=resolution)
        except (AssertionError, ValueError) as exc:  # ViT: the size must be a multiple of the patch
            raise ShapeError(f"{name} cannot run at {resolution}×{resolution}: {exc}") from None
        _cheap_batchnorm(model)
        result = measure_module(model, name, catalog.catalog()[name].family, resolution)
    return replace(result, seconds=round(time.perf_counter() - start, 4))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while measuring: building and tracing a model allocates enough objects to
    trigger full collections that re-scan torch's whole heap (a third of the time for EfficientNet-B7)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def profile(name: str, resolution: int | None = None, use_cache: bool = True) -> ModelProfile:
    """The profile of a model name or alias at a resolution (default: the model's own), cached (see cnnquiz.cache)."""
    real = models.resolve(name)
    res = catalog.catalog()[real].resolution if resolution is None else int(resolution)
    if res <= 0:
        raise ShapeError(f"resolution must be a positive integer, got {res}")
    if use_cache:
        data = cache.read_profile(real, res)
        if data is not None:
            try:
                return ModelProfile.from_dict(data)
            except TypeError:
                pass
    result = measure(real, res)
    cache.write_profile(result.to_dict())
    return result


def cached(name: str, resolution: int) -> ModelProfile | None:
    """A cached profile of an exact torchvision/paper name, or None (never measures, never imports torch)."""
    data = cache.read_profile(name, resolution)
    try:
        return ModelProfile.from_dict(data) if data else None
    except TypeError:
        return None
