"""The model zoo and catalogue: names, aliases, families, resolutions, published metadata, paper builds."""

from __future__ import annotations

import pytest

from cnnquiz.calc import catalog, zoo
from cnnquiz.errors import UnknownNameError


@pytest.mark.parametrize("spelling, name", [
    ("resnet50", "resnet50"), ("ResNet-50", "resnet50"), ("resnet-50", "resnet50"), ("RESNET_50", "resnet50"),
    ("efficientnet-b0", "efficientnet_b0"), ("efficientnet_b0", "efficientnet_b0"),
    ("EfficientNet-B0", "efficientnet_b0"), ("mobilenet-v3-large", "mobilenet_v3_large"),
    ("vgg16", "vgg16"), ("ViT-B/16", "vit_b_16"), ("convnext tiny", "convnext_tiny"),
])
def test_resolve_accepts_common_spellings(spelling: str, name: str) -> None:
    assert zoo.resolve(spelling) == name


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(UnknownNameError) as err:
        zoo.resolve("resnet5O")
    assert err.value.suggestions[0] == "resnet50"
    assert err.value.exit_code == 2
    assert "did you mean resnet50" in str(err.value)


def test_model_names_are_torchvision_classifiers() -> None:
    names = zoo.model_names()
    assert {"resnet50", "efficientnet_b7", "vgg16", "mobilenet_v2", "vit_b_16", "regnet_y_400mf"} <= set(names)
    assert not any(n.startswith(("fasterrcnn", "deeplab", "r3d", "raft")) for n in names)


@pytest.mark.parametrize("name, fam", [
    ("resnet50", "resnet"), ("wide_resnet50_2", "wide-resnet"), ("resnext50_32x4d", "resnext"),
    ("efficientnet_v2_s", "efficientnet-v2"), ("efficientnet_b3", "efficientnet"), ("mobilenet_v3_small", "mobilenet-v3"),
])
def test_family(name: str, fam: str) -> None:
    assert zoo.family(name) == fam


@pytest.mark.parametrize("name, res", [("resnet50", 224), ("efficientnet_b1", 240), ("efficientnet_b7", 600),
                                       ("inception_v3", 299)])
def test_default_resolution_is_the_weights_crop(name: str, res: int) -> None:
    assert zoo.default_resolution(name) == res
    assert catalog.entry(name).resolution == res


def test_published_weights_best_first_and_named() -> None:
    rows = zoo.published("resnet50")
    assert [r.name for r in rows] == ["IMAGENET1K_V2", "IMAGENET1K_V1"]
    assert rows[1].top1 == pytest.approx(76.13)
    assert rows[0].num_params == 25_557_032
    # vgg16's features-only checkpoint has no ImageNet accuracy and is left out
    assert [r.name for r in zoo.published("vgg16")] == ["IMAGENET1K_V1"]


@pytest.mark.parametrize("name", ["resnet18", "mobilenet_v2", "googlenet", "squeezenet1_1"])
def test_meta_build_matches_published_param_count(name: str) -> None:
    model = zoo.build(name)
    assert next(model.parameters()).device.type == "meta"
    assert sum(p.numel() for p in model.parameters()) == zoo.published(name)[0].num_params


@pytest.mark.parametrize("name, shown", [
    ("resnet50", "ResNet-50"), ("efficientnet_b0", "EfficientNet-B0"), ("vit_b_16", "ViT-B/16"),
    ("regnet_y_1_6gf", "RegNetY-1.6GF"), ("mobilenet_v3_large", "MobileNetV3-Large"),
    ("inception_v3", "Inception-v3"), ("shufflenet_v2_x0_5", "ShuffleNetV2 x0.5"),
    ("resnext50_32x4d", "ResNeXt-50 (32x4d)"), ("wide_resnet50_2", "Wide ResNet-50-2"), ("mobilenet_v1", "MobileNetV1"),
])
def test_display_name(name: str, shown: str) -> None:
    assert catalog.display_name(name) == shown


def test_catalog_lists_display_name_as_alias_and_resolves_paper_models() -> None:
    entry = catalog.entry("resnet50")
    assert "ResNet-50" in entry.aliases and "resnet-50" in entry.aliases
    assert entry.weights_at(224).name == "IMAGENET1K_V2"
    assert catalog.resolve("MobileNet-v1") == "mobilenet_v1"
    assert catalog.resolve("WRN-28-10") == "wrn_28_10"
    assert catalog.entry("se_resnet50").weights == ()
    with pytest.raises(UnknownNameError):
        catalog.resolve("mobilenet_v9")


def test_catalog_is_cached_per_home_and_read_back(isolated_home) -> None:
    first = catalog.catalog()
    files = list((isolated_home / "cache").rglob("catalog.json"))
    assert len(files) == 1
    catalog._MEMO.clear()
    assert catalog.catalog() == first


def test_paper_entries_match_the_builders() -> None:
    from cnnquiz.calc.paper_models import PAPER_MODELS

    assert {n: r for n, (_, r) in catalog.PAPER_ENTRIES.items()} == {n: m.resolution for n, m in PAPER_MODELS.items()}


# MobileNet v1 paper, Table 6 (width multiplier at 224 px): MACs and params in millions.
MOBILENET_V1_TABLE = [(1.0, 569, 4.2), (0.75, 325, 2.6), (0.5, 149, 1.3), (0.25, 41, 0.5)]


@pytest.mark.parametrize("alpha, macs_m, params_m", MOBILENET_V1_TABLE)
def test_mobilenet_v1_matches_the_paper_table(alpha: float, macs_m: int, params_m: float) -> None:
    from cnnquiz.calc.counting import count
    from cnnquiz.calc.paper_models import build_paper_model

    c = count(build_paper_model("mobilenet_v1", width_mult=alpha), (3, 224, 224))
    assert c.macs / 1e6 == pytest.approx(macs_m, abs=1)
    assert c.params / 1e6 == pytest.approx(params_m, abs=0.05)


def test_se_resnet50_and_wrn_match_their_papers() -> None:
    from cnnquiz.calc.paper_models import build_paper_model

    se = build_paper_model("se_resnet50")
    # ResNet-50 plus 2·C²/16 + C/16 + C per bottleneck: 25,557,032 + 2,530,992
    assert sum(p.numel() for p in se.parameters()) == 28_088_024
    wrn = build_paper_model("wrn_28_10")
    assert sum(p.numel() for p in wrn.parameters()) / 1e6 == pytest.approx(36.5, abs=0.05)
