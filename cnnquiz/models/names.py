"""How models are named: families, the spellings people type (aliases) and the names papers print (display names).

Pure string rules over a model's registry name; no torch, no torchvision.
"""

from __future__ import annotations

import re

# Registry name pattern -> family, first match wins (wide_resnet before resnet, efficientnet_v2 before efficientnet).
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

# (pattern on the registry name, replacement) giving the name papers use: resnet50 -> ResNet-50.
DISPLAY_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^wide_resnet(\d+)_(\d+)$", r"Wide ResNet-\1-\2"),
    (r"^wrn_(\d+)_(\d+)$", r"WRN-\1-\2"),
    (r"^se_resnet(\d+)$", r"SE-ResNet-\1"),
    (r"^resnext(\d+)_(\w+)$", r"ResNeXt-\1 (\2)"),
    (r"^resnet(\d+)$", r"ResNet-\1"),
    (r"^vgg(\d+)_bn$", r"VGG-\1-BN"),
    (r"^vgg(\d+)$", r"VGG-\1"),
    (r"^densenet(\d+)$", r"DenseNet-\1"),
    (r"^efficientnet_v2_(\w)$", r"EfficientNetV2-\1"),
    (r"^efficientnet_(b\d)$", r"EfficientNet-\1"),
    (r"^mobilenet_v(\d)_(\w+)$", r"MobileNetV\1-\2"),
    (r"^mobilenet_v(\d)$", r"MobileNetV\1"),
    (r"^convnext_(\w+)$", r"ConvNeXt-\1"),
    (r"^regnet_(\w)_(\d+)_(\d+)(\w+)$", r"RegNet\1-\2.\3\4"),
    (r"^regnet_(\w)_(\d+)(\w+)$", r"RegNet\1-\2\3"),
    (r"^shufflenet_v2_x(\d)_(\d)$", r"ShuffleNetV2 x\1.\2"),
    (r"^squeezenet(\d)_(\d)$", r"SqueezeNet \1.\2"),
    (r"^mnasnet(\d)_(\d+)$", r"MNASNet \1.\2"),
    (r"^vit_(\w)_(\d+)$", r"ViT-\1/\2"),
    (r"^swin_v2_(\w)$", r"Swin-V2-\1"),
    (r"^swin_(\w)$", r"Swin-\1"),
    (r"^maxvit_(\w)$", r"MaxViT-\1"),
    (r"^alexnet$", "AlexNet"),
    (r"^googlenet$", "GoogLeNet"),
    (r"^inception_v3$", "Inception-v3"),
)


def family(name: str) -> str:
    """The architecture family of a registry name (resnet, efficientnet, ...)."""
    for pattern, fam in FAMILY_PATTERNS:
        if re.match(pattern, name):
            return fam
    return name.split("_")[0]


def alias_key(name: str) -> str:
    """Alias key: lowercase with separators removed (ResNet-50, resnet_50 and resnet50 agree)."""
    return re.sub(r"[\s_\-/.()]+", "", name.lower())


def aliases(name: str) -> list[str]:
    """Common spellings accepted for a model name (e.g. resnet50: ResNet-50, resnet-50)."""
    out = {name, name.replace("_", "-")}
    pretty = re.sub(r"^([a-z]+?)(net|next)?(\d)", lambda m: f"{m.group(1)}{m.group(2) or ''}-{m.group(3)}", name)
    out.add(pretty.replace("_", "-"))
    return sorted(out - {name})


def display_name(name: str) -> str:
    """The name papers and people use for a model: ResNet-50, EfficientNet-B0, ViT-B/16, RegNetY-1.6GF."""
    for pattern, repl in DISPLAY_PATTERNS:
        if re.match(pattern, name):
            out = re.sub(pattern, repl, name)
            # Size letters read upper-case (B0, S, 400MF), size words title-case (Large); not v3 or x1.0.
            out = re.sub(r"(?<=[-/ ])([a-uwyz])(?=\d|$|/)", lambda m: m.group(1).upper(), out)
            out = re.sub(r"(?<=-)(large|small|tiny|base)$", lambda m: m.group(1).title(), out)
            return re.sub(r"(\d)(mf|gf)$", lambda m: m.group(1) + m.group(2).upper(), re.sub(
                r"RegNet(\w)", lambda m: "RegNet" + m.group(1).upper(), out))
    return name


def label(name: str) -> str:
    """'ResNet-50 (resnet50)' when the display name differs from the registry name, else the name."""
    shown = display_name(name)
    return f"{shown} ({name})" if shown != name else name
