"""The registry of every model cnnquiz builds: torchvision's classifiers and the paper builds, with their variants.

torchvision.models-style (list_models / get_model_builder), but torch-free: a ModelSpec holds a model's
family, source, builder (a "module:function" string imported only when a model is built), input
resolution for the paper builds, builder arguments and variants. torchvision's own names come from
an on-disk list per torchvision version, so torchvision is imported once, to fill it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from cnnquiz import paths
from cnnquiz.errors import UnknownNameError, UsageError
from cnnquiz.models.names import alias_key, family
from cnnquiz.models.user import is_user_model

TORCHVISION = "torchvision"
PAPER = "paper"

RESNET_V1 = "resnet_v1"  # variant: the paper's ResNet v1, stride 2 on a bottleneck's first 1×1 (torchvision is v1.5)
WIDTH_MULT = "width_mult"  # variant: a width multiplier α on every layer's channels


@dataclass(frozen=True)
class CompoundScaling:
    """EfficientNet's compound coefficients: depth α^φ, width β^φ, resolution γ^φ from a base resolution."""

    alpha: float
    beta: float
    gamma: float
    base_resolution: int


# Tan & Le 2019, EfficientNet, section 3.3: the grid search on B0 at φ = 1 (α·β²·γ² ≈ 2).
EFFICIENTNET_PAPER = CompoundScaling(alpha=1.2, beta=1.1, gamma=1.15, base_resolution=224)


@dataclass(frozen=True)
class ModelSpec:
    """One registered model: where it comes from, how to build it, and which variants it has."""

    name: str
    family: str
    source: str  # TORCHVISION or PAPER
    builder: str  # "module:function", imported lazily by cnnquiz.models.build
    resolution: int | None = None  # the input size; None: read from torchvision's weights (models.published)
    paper: str = ""
    kwargs: dict[str, Any] = field(default_factory=dict)  # builder arguments for the published architecture
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class WidthVariant:
    """A family built at any width multiplier: the builder that takes α and the name of that argument."""

    family: str
    base: str  # the registry name of the α = 1 model
    builder: str
    option: str  # the builder's argument name (torchvision: width_mult for MobileNetV2, alpha for MNASNet)

    @property
    def label(self) -> str:
        return self.family.replace("-", "_")


PAPER_MODELS: dict[str, ModelSpec] = {spec.name: spec for spec in (
    ModelSpec("mobilenet_v1", "mobilenet-v1", PAPER, "cnnquiz.models.paper:MobileNetV1", 224,
              "Howard et al. 2017, MobileNets, Table 1", variants=(WIDTH_MULT,)),
    ModelSpec("se_resnet50", "se-resnet", PAPER, "cnnquiz.models.paper:se_resnet50", 224,
              "Hu et al. 2018, Squeeze-and-Excitation Networks"),
    ModelSpec("wrn_28_10", "wide-resnet", PAPER, "cnnquiz.models.paper:WideResNet", 32,
              "Zagoruyko & Komodakis 2016, Wide Residual Networks (CIFAR)"),
)}

# Builder arguments that make a weightless model match its published architecture:
# torchvision drops GoogLeNet's auxiliary heads when it loads weights, and its published
# num_params excludes them; init_weights=False skips a slow scipy-based initialisation.
BUILD_KWARGS: dict[str, dict[str, Any]] = {
    "googlenet": {"aux_logits": False, "init_weights": False},
    "inception_v3": {"init_weights": False},
}

# torchvision's bottleneck ResNets are v1.5 (stride 2 in the 3×3); the paper's v1 strides the first 1×1.
V15_RESNETS = re.compile(r"^(resnet(50|101|152)|resnext\d+_\w+|wide_resnet\d+_2)$")

WIDTH_VARIANTS: tuple[WidthVariant, ...] = (
    WidthVariant("mobilenet-v2", "mobilenet_v2", "torchvision.models:mobilenet_v2", "width_mult"),
    WidthVariant("mnasnet", "mnasnet1_0", "torchvision.models:MNASNet", "alpha"),
    WidthVariant("mobilenet-v1", "mobilenet_v1", "cnnquiz.models.paper:MobileNetV1", "width_mult"),
)


def torchvision_version() -> str:
    """The installed torchvision version, read without importing it."""
    return paths.installed_version("torchvision") or "unknown"  # "unknown": not installed (it is a dependency)


@lru_cache(maxsize=1)
def torchvision_names() -> tuple[str, ...]:
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


def list_models(paper: bool = True) -> list[str]:
    """Every registered name: torchvision's classifiers, then (unless paper=False) the paper builds."""
    return [*torchvision_names(), *(PAPER_MODELS if paper else ())]


def is_paper(name: str) -> bool:
    """Whether a registry name is one of cnnquiz's paper builds rather than a torchvision model."""
    return name in PAPER_MODELS


def spec(name: str) -> ModelSpec:
    """The ModelSpec of a name or alias (unknown names raise with did-you-mean suggestions)."""
    real = resolve(name)
    if real in PAPER_MODELS:
        return PAPER_MODELS[real]
    variants = ((RESNET_V1,) if V15_RESNETS.match(real) else ()) + (
        (WIDTH_MULT,) if any(v.base == real for v in WIDTH_VARIANTS) else ())
    return ModelSpec(real, family(real), TORCHVISION, f"torchvision.models:{real}",
                     kwargs=dict(BUILD_KWARGS.get(real, {})), variants=variants)


def has_variant(name: str, variant: str) -> bool:
    """Whether a registry name has a variant (RESNET_V1, WIDTH_MULT)."""
    return variant in spec(name).variants


def resolve(name: str, paper: bool = True) -> str:
    """The registry name for a name or alias; unknown names raise with did-you-mean suggestions.

    FILE:NAME (a user's model, cnnquiz.models.user) is refused here: callers that accept one check
    is_user_model first. Exact names first, then alias keys (ResNet-50, resnet-50), then a unique prefix of four or more
    characters. paper=False accepts torchvision's names only (what `calc rf` walks).
    """
    if is_user_model(name):
        raise UsageError(f"'{name}': your own models (FILE:NAME) are accepted by calc rf, compare and summary; "
                         f"here name a registered model (cnnquiz models lists them)")
    names = list_models(paper)
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


def width_variant(name: str, paper: bool = True) -> WidthVariant | None:
    """The width-multiplied build of a model or family name (mnasnet, mobilenet_v2); None if it has none.

    Unknown names raise UnknownNameError, like resolve.
    """
    key = alias_key(name)
    for v in WIDTH_VARIANTS:
        if key in (alias_key(v.family), alias_key(v.base)) and (paper or v.base not in PAPER_MODELS):
            return v
    fam = family(resolve(name, paper))
    return next((v for v in WIDTH_VARIANTS if v.family == fam), None)


def size_kwargs(name: str, resolution: int | None) -> dict[str, Any]:
    """Builder arguments that fix the input size where the architecture depends on it (ViT, MaxViT)."""
    fam = family(name)
    if fam == "vit" and resolution:
        return {"image_size": resolution}
    if fam == "maxvit" and resolution:
        return {"input_size": (resolution, resolution)}
    return {}
