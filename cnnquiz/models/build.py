"""The lazy builders: a registry name to a weightless torch module in eval mode; torch is imported only when called.

Models are built on the meta device unless told otherwise (shapes only: no memory, no initialisation,
no weights). Variants are built here too: a width multiplier α, and the paper's ResNet v1.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from cnnquiz.errors import UsageError
from cnnquiz.models import registry, user
from cnnquiz.models.meta import meta_parameters, no_init

if TYPE_CHECKING:
    from torch import nn

def load(builder: str) -> Callable[..., Any]:
    """The callable a "module:function" builder string names (importing its module)."""
    module, _, attr = builder.partition(":")
    return getattr(importlib.import_module(module), attr)


def _construct(fn: Callable[..., Any], device: str, kwargs: dict[str, Any]) -> nn.Module:
    """fn(**kwargs) on `device`. Builders that compute with torch while building (RegNet's width
    quantisation) cannot run under the meta device: they run on the CPU with every parameter and
    buffer registered on meta."""
    import torch

    with warnings.catch_warnings(), no_init() if device == "meta" else nullcontext():
        warnings.simplefilter("ignore", FutureWarning)
        try:
            with torch.device(device):
                return fn(**kwargs).eval()
        except NotImplementedError:
            if device != "meta":
                raise
            with meta_parameters():
                return fn(**kwargs).eval()


def build(name: str, device: str = "meta", resolution: int | None = None, *, resnet_v1: bool = False,
          **overrides: Any) -> nn.Module:
    """A weightless model (a torchvision name, a paper build or an alias) in eval mode on `device`.

    resolution sizes the models whose architecture depends on it (ViT, MaxViT); resnet_v1 builds the
    paper's ResNet v1 of a torchvision v1.5 bottleneck ResNet; overrides go to the builder. A user's
    FILE:NAME (or the label of one, as compare's columns name it) is built by cnnquiz.models.user.
    """
    if user.is_user_model(name) and not (resnet_v1 or overrides):
        return user.user_model(name).build(device)
    spec = registry.spec(name)
    if resnet_v1 and registry.RESNET_V1 not in spec.variants:
        raise UsageError(f"{spec.name} has no ResNet v1 variant (only torchvision's bottleneck ResNets do)")
    kwargs = {**spec.kwargs, **registry.size_kwargs(spec.name, resolution), **overrides}
    if spec.source == registry.TORCHVISION:
        kwargs = {"weights": None, **kwargs}
    model = _construct(load(spec.builder), device, kwargs)
    if resnet_v1:
        to_resnet_v1(model)
    return model


def build_width(name: str, alpha: float, device: str = "meta") -> nn.Module:
    """A model or family (mobilenet_v2, mnasnet, mobilenet_v1) built with width multiplier α."""
    variant = registry.width_variant(name)
    if variant is None:
        raise UsageError(f"{name} has no width-multiplier variant "
                         f"({', '.join(v.label for v in registry.WIDTH_VARIANTS)} have one)")
    return _construct(load(variant.builder), device, {variant.option: alpha})


def to_resnet_v1(model: nn.Module) -> int:
    """Turn torchvision's ResNet v1.5 into the paper's v1 in place: in each bottleneck that downsamples,
    the stride moves from the 3×3 conv (conv2) to the first 1×1 (conv1). Returns how many blocks moved."""
    from torchvision.models.resnet import Bottleneck

    moved = 0
    for m in model.modules():
        if isinstance(m, Bottleneck) and tuple(m.conv2.stride) != (1, 1):
            m.conv1.stride, m.conv2.stride = m.conv2.stride, (1, 1)
            moved += 1
    return moved
