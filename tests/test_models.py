"""The model registry and catalogue: names, aliases, families, resolutions, published metadata, paper builds, variants."""

from __future__ import annotations

import pytest

import re
from pathlib import Path

from cnnquiz import models
from cnnquiz.errors import UnknownNameError, UsageError
from cnnquiz.models import catalog
from cnnquiz.models.published import default_resolution, published


@pytest.mark.parametrize("spelling, name", [
    ("resnet50", "resnet50"), ("ResNet-50", "resnet50"), ("resnet-50", "resnet50"), ("RESNET_50", "resnet50"),
    ("efficientnet-b0", "efficientnet_b0"), ("efficientnet_b0", "efficientnet_b0"),
    ("EfficientNet-B0", "efficientnet_b0"), ("mobilenet-v3-large", "mobilenet_v3_large"),
    ("vgg16", "vgg16"), ("ViT-B/16", "vit_b_16"), ("convnext tiny", "convnext_tiny"),
])
def test_resolve_accepts_common_spellings(spelling: str, name: str) -> None:
    assert models.resolve(spelling) == name


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(UnknownNameError) as err:
        models.resolve("resnet5O")
    assert err.value.suggestions[0] == "resnet50"
    assert err.value.exit_code == 2
    assert "did you mean resnet50" in str(err.value)


def test_model_names_are_torchvision_classifiers() -> None:
    names = models.torchvision_names()
    assert {"resnet50", "efficientnet_b7", "vgg16", "mobilenet_v2", "vit_b_16", "regnet_y_400mf"} <= set(names)
    assert not any(n.startswith(("fasterrcnn", "deeplab", "r3d", "raft")) for n in names)


@pytest.mark.parametrize("name, fam", [
    ("resnet50", "resnet"), ("wide_resnet50_2", "wide-resnet"), ("resnext50_32x4d", "resnext"),
    ("efficientnet_v2_s", "efficientnet-v2"), ("efficientnet_b3", "efficientnet"), ("mobilenet_v3_small", "mobilenet-v3"),
])
def test_family(name: str, fam: str) -> None:
    assert models.family(name) == fam


@pytest.mark.parametrize("name, res", [("resnet50", 224), ("efficientnet_b1", 240), ("efficientnet_b7", 600),
                                       ("inception_v3", 299)])
def test_default_resolution_is_the_weights_crop(name: str, res: int) -> None:
    assert default_resolution(name) == res
    assert catalog.entry(name).resolution == res


def test_published_weights_best_first_and_named() -> None:
    rows = published("resnet50")
    assert [r.name for r in rows] == ["IMAGENET1K_V2", "IMAGENET1K_V1"]
    assert rows[1].top1 == pytest.approx(76.13)
    assert rows[0].num_params == 25_557_032
    # vgg16's features-only checkpoint has no ImageNet accuracy and is left out
    assert [r.name for r in published("vgg16")] == ["IMAGENET1K_V1"]


@pytest.mark.parametrize("name", ["resnet18", "mobilenet_v2", "googlenet", "squeezenet1_1"])
def test_meta_build_matches_published_param_count(name: str) -> None:
    model = models.build(name)
    assert next(model.parameters()).device.type == "meta"
    assert sum(p.numel() for p in model.parameters()) == published(name)[0].num_params


@pytest.mark.parametrize("name, shown", [
    ("resnet50", "ResNet-50"), ("efficientnet_b0", "EfficientNet-B0"), ("vit_b_16", "ViT-B/16"),
    ("regnet_y_1_6gf", "RegNetY-1.6GF"), ("mobilenet_v3_large", "MobileNetV3-Large"),
    ("inception_v3", "Inception-v3"), ("shufflenet_v2_x0_5", "ShuffleNetV2 x0.5"),
    ("resnext50_32x4d", "ResNeXt-50 (32x4d)"), ("wide_resnet50_2", "Wide ResNet-50-2"), ("mobilenet_v1", "MobileNetV1"),
])
def test_display_name(name: str, shown: str) -> None:
    assert models.display_name(name) == shown


def test_catalog_lists_display_name_as_alias_and_resolves_paper_models() -> None:
    entry = catalog.entry("resnet50")
    assert "ResNet-50" in entry.aliases and "resnet-50" in entry.aliases
    assert entry.weights_at(224).name == "IMAGENET1K_V2"
    assert models.resolve("MobileNet-v1") == "mobilenet_v1"
    assert models.resolve("WRN-28-10") == "wrn_28_10"
    assert catalog.entry("se_resnet50").weights == ()
    with pytest.raises(UnknownNameError):
        models.resolve("mobilenet_v9")


def test_catalog_is_cached_per_home_and_read_back(isolated_home) -> None:
    first = catalog.catalog()
    files = list((isolated_home / "cache").rglob("catalog.json"))
    assert len(files) == 1
    catalog._MEMO.clear()
    assert catalog.catalog() == first


@pytest.mark.parametrize("name", list(models.PAPER_MODELS))
def test_paper_builds_come_from_the_registry(name: str) -> None:
    spec = models.spec(name)
    assert spec.source == "paper" and spec.paper and models.is_paper(name)
    model = models.build(name)
    assert not model.training and next(model.parameters()).device.type == "meta"
    entry = catalog.entry(name)
    assert (entry.family, entry.resolution, entry.weights) == (spec.family, spec.resolution, ())
    with pytest.raises(UnknownNameError):
        models.resolve(name, paper=False)  # calc rf and counting walk torchvision's models only


def test_torchvision_specs_build_through_their_own_builder() -> None:
    spec = models.spec("GoogLeNet")
    assert (spec.name, spec.source, spec.builder) == ("googlenet", "torchvision", "torchvision.models:googlenet")
    assert spec.kwargs == {"aux_logits": False, "init_weights": False}
    assert models.spec("resnet50").variants == (models.RESNET_V1,)
    assert models.spec("mobilenet_v2").variants == (models.WIDTH_MULT,)


@pytest.mark.slow
def test_resnet_v1_variant_is_exactly_the_bottleneck_resnets_that_downsample_in_the_3x3() -> None:
    from torchvision.models.resnet import Bottleneck

    for name in models.torchvision_names():
        if models.family(name) not in ("resnet", "resnext", "wide-resnet"):
            continue
        model = models.build(name)
        v15 = any(isinstance(m, Bottleneck) and m.conv2.stride == (2, 2) for m in model.modules())
        assert models.has_variant(name, models.RESNET_V1) == v15, name
    assert models.to_resnet_v1(models.build("resnet50")) == 3  # the first block of layer2, layer3 and layer4
    with pytest.raises(UsageError):
        models.build("resnet18", resnet_v1=True)


def test_width_variants_by_model_or_family_name() -> None:
    assert models.width_variant("mnasnet").base == "mnasnet1_0"
    assert models.width_variant("MNASNet 0.5").label == "mnasnet"
    assert models.width_variant("MobileNet-V1").option == "width_mult"
    assert models.width_variant("resnet50") is None
    with pytest.raises(UnknownNameError):
        models.width_variant("mobilenet_v1", paper=False)
    with pytest.raises(UnknownNameError):
        models.width_variant("resnett5O")


def test_efficientnet_coefficients_are_the_papers_and_typed_once() -> None:
    paper = models.EFFICIENTNET_PAPER
    assert (paper.alpha, paper.beta, paper.gamma, paper.base_resolution) == (1.2, 1.1, 1.15, 224)
    assert paper.alpha * paper.beta**2 * paper.gamma**2 == pytest.approx(1.92, abs=0.01)
    package = Path(models.__file__).parent.parent
    typed = {str(f.relative_to(package)) for f in package.rglob("*.py")
             if re.search(r"(?<![\d.])1\.15(?![\d^])", f.read_text(encoding="utf-8"))}
    assert typed == {"models/registry.py"}  # the drill parser's message may still say "1.15^2"


# MobileNet v1 paper, Table 6 (width multiplier at 224 px): MACs and params in millions.
MOBILENET_V1_TABLE = [(1.0, 569, 4.2), (0.75, 325, 2.6), (0.5, 149, 1.3), (0.25, 41, 0.5)]


@pytest.mark.parametrize("alpha, macs_m, params_m", MOBILENET_V1_TABLE)
def test_mobilenet_v1_matches_the_paper_table(alpha: float, macs_m: int, params_m: float) -> None:
    from cnnquiz.calc.counting import count

    c = count(models.build_width("mobilenet_v1", alpha), (3, 224, 224))
    assert c.macs / 1e6 == pytest.approx(macs_m, abs=1)
    assert c.params / 1e6 == pytest.approx(params_m, abs=0.05)


def test_se_resnet50_and_wrn_match_their_papers() -> None:
    se = models.build("se_resnet50")
    # ResNet-50 plus 2·C²/16 + C/16 + C per bottleneck: 25,557,032 + 2,530,992
    assert sum(p.numel() for p in se.parameters()) == 28_088_024
    wrn = models.build("wrn_28_10")
    assert sum(p.numel() for p in wrn.parameters()) / 1e6 == pytest.approx(36.5, abs=0.05)
