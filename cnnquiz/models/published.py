"""What torchvision publishes about a model, read from its weights' metadata (Weights.meta): nothing is downloaded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cnnquiz.models.names import family


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
    """Every published ImageNet-1K weights entry of a torchvision model, best first by top-1."""
    from torchvision.models import get_model_weights

    out = []
    for w in get_model_weights(name):
        metrics = w.meta.get("_metrics", {}).get("ImageNet-1K", {})
        top1, top5 = metrics.get("acc@1"), metrics.get("acc@5")
        if top1 is None or top1 != top1:  # NaN: a features-only checkpoint (vgg16 IMAGENET1K_FEATURES)
            continue
        out.append(PublishedWeights(w.name, top1, top5, int(w.meta["num_params"]), w.meta.get("_ops"),
                                    w.meta.get("_file_size"), w.meta.get("recipe", ""), crop(w)))
    return sorted(out, key=lambda p: -(p.top1 or 0))


def default_resolution(name: str) -> int:
    """The evaluation crop size of the model's first (V1) published weights, else 224.

    A weightless ViT is built for 224 px whatever resolution its weights were fine-tuned at.
    """
    from torchvision.models import get_model_weights

    if family(name) == "vit":
        return 224
    weights = list(get_model_weights(name))
    return crop(weights[0]) if weights else 224


def crop(weights: Any) -> int:
    """The crop size of a weights entry's evaluation transforms (224 when it names none)."""
    transforms = getattr(weights, "transforms", None)
    return int(getattr(transforms, "keywords", {}).get("crop_size", 224))
