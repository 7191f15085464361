"""Every registered model builds weightless on the meta device, torchvision's with their published parameter count."""

from __future__ import annotations

import pytest

from cnnquiz import models
from cnnquiz.models.published import default_resolution, published


@pytest.mark.slow
def test_every_registered_model_builds_on_meta_with_the_published_parameter_count():
    mismatched = {}
    for name in models.list_models():
        model = models.build(name)
        assert all(p.device.type == "meta" for p in model.parameters()), name
        params = sum(p.numel() for p in model.parameters())
        counts = {w.num_params for w in published(name)} if not models.is_paper(name) else set()
        if counts and params not in counts:
            mismatched[name] = (params, sorted(counts))
    assert not mismatched, mismatched


def test_regnet_builds_on_meta_despite_build_time_arithmetic():
    model = models.build("regnet_y_400mf")
    assert next(model.parameters()).device.type == "meta"
    assert sum(p.numel() for p in model.parameters()) == published("regnet_y_400mf")[0].num_params


def test_weightless_vit_resolution_is_its_build_size():
    assert default_resolution("vit_h_14") == 224
    assert default_resolution("efficientnet_b7") == 600


def test_size_kwargs_only_for_architectures_built_for_one_input_size():
    assert models.size_kwargs("vit_b_16", 384) == {"image_size": 384}
    assert models.size_kwargs("maxvit_t", 256) == {"input_size": (256, 256)}
    assert models.size_kwargs("resnet50", 384) == {} and models.size_kwargs("vit_b_16", None) == {}


def test_published_weights_name_their_crop_and_display_names_resolve():
    assert {(w.name, w.crop) for w in published("efficientnet_b1")} == {("IMAGENET1K_V1", 240),
                                                                            ("IMAGENET1K_V2", 240)}
    assert models.resolve("ResNeXt-50 (32x4d)") == "resnext50_32x4d"
