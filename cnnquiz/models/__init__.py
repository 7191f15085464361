"""The model registry: every model cnnquiz builds (torchvision's and the paper builds), its names, facts, variants and lazy builders, and users' own FILE:NAME models."""

from cnnquiz.models.build import build, build_width, to_resnet_v1
from cnnquiz.models.names import alias_key, aliases, display_name, family, label
from cnnquiz.models.registry import (
    EFFICIENTNET_PAPER,
    PAPER_MODELS,
    RESNET_V1,
    WIDTH_MULT,
    WIDTH_VARIANTS,
    CompoundScaling,
    ModelSpec,
    WidthVariant,
    has_variant,
    is_paper,
    list_models,
    resolve,
    size_kwargs,
    spec,
    torchvision_names,
    width_variant,
)
from cnnquiz.models.user import UserModel, is_user_model, parse_args, user_model

__all__ = [
    "EFFICIENTNET_PAPER", "PAPER_MODELS", "RESNET_V1", "WIDTH_MULT", "WIDTH_VARIANTS", "CompoundScaling",
    "ModelSpec", "WidthVariant", "alias_key", "aliases", "build", "build_width", "display_name", "family",
    "has_variant", "is_paper", "label", "list_models", "resolve", "size_kwargs", "spec", "to_resnet_v1",
    "torchvision_names", "width_variant", "UserModel", "is_user_model", "parse_args", "user_model",
]
