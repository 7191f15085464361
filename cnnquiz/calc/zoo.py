"""The model zoo: torchvision classification models, their aliases, families, resolutions and published metadata."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import TYPE_CHECKING, Any

from cnnquiz import paths
from cnnquiz.errors import UnknownNameError

if TYPE_CHECKING:
    from torch import nn

# Builder arguments that make a weightless model match its published architecture:
# torchvision drops GoogLeNet's auxiliary heads when it loads weights, and its published
# num_params excludes them; init_weights=False skips a slow scipy-based initialisation.
BUILD_KWARGS: dict[str, dict[str, Any]] = {
    "googlenet": {"aux_logits": False, "init_weights": False},
    "inception_v3": {"init_weights": False},
}

FAMILY_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^wide_resnet", "wide-resnet"),
    (r"^resnext", "resnext"),
    (r"^resnet", "resnet"),
    (r"^vgg", "vgg"),
    (r"^densenet", "densenet"),
    (r"^mobilenet_v2", "mobilenet-v2"),
    (r"^mobilenet_v3", "mobilenet-v3"),
    (r"^efficientnet_v2", "efficientnet-v2"),
    (r"^efficientnet", "efficientnet"),
    (r"^convnext", "convnext"),
    (r"^regnet", "regnet"),
    (r"^shufflenet", "shufflenet"),
    (r"^squeezenet", "squeezenet"),
    (r"^mnasnet", "mnasnet"),
    (r"^vit", "vit"),
    (r"^swin", "swin"),
    (r"^maxvit", "maxvit"),
    (r"^alexnet", "alexnet"),
    (r"^googlenet", "googlenet"),
    (r"^inception", "inception"),
)


def family(name: str) -> str:
    """The architecture family of a torchvision model name (resnet, efficientnet, ...)."""
    for pattern, fam in FAMILY_PATTERNS:
        if re.match(pattern, name):
            return fam
    return name.split("_")[0]


def torchvision_version() -> str:
    """The installed torchvision version, read without importing it."""
    try:
        return metadata.version("torchvision")
    except metadata.PackageNotFoundError:  # pragma: no cover - torchvision is a dependency
        return "unknown"


@lru_cache(maxsize=1)
def model_names() -> tuple[str, ...]:
    """Every torchvision classification model name (cached on disk per torchvision version)."""
    cache = paths.cache_dir() / f"zoo-names-{torchvision_version()}.json"
    try:
        return tuple(json.loads(cache.read_text()))
    except (OSError, ValueError):
        pass
    import torchvision.models

    names = tuple(sorted(torchvision.models.list_models(module=torchvision.models)))
    paths.write_atomically(cache, json.dumps(names))
    return names


def alias_key(name: str) -> str:
    """Alias key: lowercase with separators removed (ResNet-50, resnet_50 and resnet50 agree)."""
    return re.sub(r"[\s_\-/.()]+", "", name.lower())


def resolve(name: str) -> str:
    """The torchvision name for a name or alias; unknown names raise with did-you-mean suggestions."""
    names = model_names()
    if name in names:
        return name
    by_key = {alias_key(n): n for n in names}
    key = alias_key(name)
    if key in by_key:
        return by_key[key]
    prefixed = [n for k, n in by_key.items() if k.startswith(key)] if len(key) >= 4 else []
    if len(prefixed) == 1:
        return prefixed[0]
    from rapidfuzz import fuzz, process

    hits = process.extract(key, list(by_key), scorer=fuzz.ratio, limit=3, score_cutoff=70)
    suggestions = [by_key[h[0]] for h in hits] or sorted(prefixed)[:3]
    raise UnknownNameError("model", name, suggestions)


def aliases(name: str) -> list[str]:
    """Common spellings accepted for a model name (e.g. resnet50: ResNet-50, resnet-50)."""
    out = {name, name.replace("_", "-")}
    pretty = re.sub(r"^([a-z]+?)(net|next)?(\d)", lambda m: f"{m.group(1)}{m.group(2) or ''}-{m.group(3)}", name)
    out.add(pretty.replace("_", "-"))
    return sorted(out - {name})


@dataclass(frozen=True)
class PublishedWeights:
    """One torchvision weights entry's metadata (no download): accuracy, params, GMACs ("GFLOPS")."""

    name: str
    top1: float | None
    top5: float | None
    num_params: int
    gmacs: float | None
    file_size_mb: float | None
    recipe: str
    crop: int  # the evaluation crop size those numbers were measured at


def published(name: str) -> list[PublishedWeights]:
    """Every published ImageNet-1K weights entry of a model, best first by top-1."""
    from torchvision.models import get_model_weights

    out = []
    for w in get_model_weights(name):
        metrics = w.meta.get("_metrics", {}).get("ImageNet-1K", {})
        top1, top5 = metrics.get("acc@1"), metrics.get("acc@5")
        if top1 is None or top1 != top1:  # NaN: a features-only checkpoint (vgg16 IMAGENET1K_FEATURES)
            continue
        out.append(PublishedWeights(w.name, top1, top5, int(w.meta["num_params"]), w.meta.get("_ops"),
                                    w.meta.get("_file_size"), w.meta.get("recipe", ""), _crop(w)))
    return sorted(out, key=lambda p: -(p.top1 or 0))


def default_resolution(name: str) -> int:
    """The evaluation crop size of the model's first (V1) published weights, else 224.

    A weightless ViT is built for 224 px whatever resolution its weights were fine-tuned at.
    """
    from torchvision.models import get_model_weights

    if family(name) == "vit":
        return 224
    weights = list(get_model_weights(name))
    return _crop(weights[0]) if weights else 224


def _crop(weights: Any) -> int:
    """The crop size of a weights entry's evaluation transforms (224 when it names none)."""
    transforms = getattr(weights, "transforms", None)
    return int(getattr(transforms, "keywords", {}).get("crop_size", 224))


def size_kwargs(name: str, resolution: int | None) -> dict[str, Any]:
    """Builder arguments that fix the input size where the architecture depends on it (ViT, MaxViT)."""
    fam = family(name)
    if fam == "vit" and resolution:
        return {"image_size": resolution}
    if fam == "maxvit" and resolution:
        return {"input_size": (resolution, resolution)}
    return {}


@contextmanager
def _meta_parameters() -> Iterator[None]:
    """Build on the CPU but register every parameter and buffer on the meta device (no memory, no init)."""
    from torch import nn

    register_parameter, register_buffer = nn.Module.register_parameter, nn.Module.register_buffer

    def parameter(self: nn.Module, name: str, param: Any) -> None:
        if param is not None:
            param = nn.Parameter(param.to("meta"), requires_grad=param.requires_grad)
        register_parameter(self, name, param)

    def buffer(self: nn.Module, name: str, tensor: Any, persistent: bool = True) -> None:
        register_buffer(self, name, tensor.to("meta") if tensor is not None else None, persistent)

    nn.Module.register_parameter, nn.Module.register_buffer = parameter, buffer  # type: ignore[method-assign]
    try:
        yield
    finally:
        nn.Module.register_parameter, nn.Module.register_buffer = register_parameter, register_buffer  # type: ignore[method-assign]


def build(name: str, device: str = "meta", **overrides: Any) -> nn.Module:
    """A weightless torchvision model in eval mode, on the meta device unless told otherwise.

    Builders that compute with torch while building (RegNet's width quantisation) cannot run under
    the meta device; they are built on the CPU with every parameter and buffer registered on meta.
    """
    import torch
    from torchvision.models import get_model

    real = resolve(name)
    kwargs = {**BUILD_KWARGS.get(real, {}), **overrides}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        try:
            with torch.device(device):
                model = get_model(real, weights=None, **kwargs)
        except NotImplementedError:
            if device != "meta":
                raise
            with _meta_parameters():
                model = get_model(real, weights=None, **kwargs)
    return model.eval()
