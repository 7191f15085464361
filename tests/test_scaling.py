"""Compound scaling: the rule, FLOPs ∝ d·w²·r² on measured toy nets, and torchvision's B0–B7."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from cnnquiz.calc import counting, scaling
from cnnquiz.calc import formulas as F
from cnnquiz.cli.calc import parse_phis
from cnnquiz.errors import ParseError, ShapeError


def test_parse_phis():
    assert parse_phis("0..7") == list(range(8))
    assert parse_phis("3") == [3]
    assert parse_phis("0..2, 7,1") == [0, 1, 2, 7]
    for bad in ("", "a", "1-3", "3..1", "0..99", "1.5"):
        with pytest.raises(ParseError):
            parse_phis(bad)


def test_scaling_table_rule_and_constraint():
    t = scaling.scaling_table(range(8))
    assert [r.phi for r in t.rows] == list(range(8))
    assert t.constraint == pytest.approx(1.92027) and t.constraint_error == pytest.approx(0.039865)
    assert t.rows[7].resolution == 596 and t.rows[7].doubling == 128
    custom = scaling.scaling_table([2], 1.0, 2**0.5, 1.0, 100)
    assert custom.constraint == pytest.approx(2) and custom.rows[0].flops_factor == pytest.approx(4)
    with pytest.raises(ShapeError):
        scaling.scaling_table([])


def _toy(layers: int, channels: int) -> nn.Module:
    with torch.device("meta"):
        return nn.Sequential(*[nn.Conv2d(channels, channels, 3, padding=1, bias=False) for _ in range(layers)])


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 3), c=st.integers(1, 8), h=st.integers(2, 8), d=st.integers(1, 3), w=st.integers(1, 3),
       r=st.integers(1, 3))
def test_flops_scale_by_depth_width_squared_resolution_squared(n, c, h, d, w, r):
    """The premise of compound scaling, measured: MACs(d·n layers, w·C, r·H) = d·w²·r² · MACs(n, C, H)."""
    base = counting.count(_toy(n, c), (c, h, h)).macs
    scaled = counting.count(_toy(d * n, w * c), (w * c, r * h, r * h)).macs
    assert scaled == d * w**2 * r**2 * base


def test_coefficients_read_from_builder_rebuild_the_same_model():
    """The width/depth values we read, fed back to torchvision's own config, give the builder's model."""
    from torchvision.models.efficientnet import EfficientNet, _efficientnet_conf

    for phi in (1, 7):
        model, width, depth = scaling.build_efficientnet(phi)
        assert width is not None and depth is not None
        assert width == pytest.approx(F.compound_scaling(phi).width, rel=0.1)
        setting, last = _efficientnet_conf(f"efficientnet_b{phi}", width_mult=width, depth_mult=depth)
        with torch.device("meta"):
            rebuilt = EfficientNet(setting, 0.2, last_channel=last)
        assert counting.param_count(rebuilt) == counting.param_count(model)


def test_real_rejects_phi_outside_torchvision():
    with pytest.raises(ShapeError):
        scaling.real_table([8])


@pytest.mark.slow
def test_real_table_matches_published_b0_to_b7():
    from cnnquiz.models.published import published as published_weights

    rows = scaling.real_table(range(8))
    assert [r.name for r in rows] == [f"efficientnet_b{i}" for i in range(8)]
    assert [r.resolution for r in rows] == [224, 240, 288, 300, 380, 456, 528, 600]
    for r in rows:
        published = published_weights(r.name)[-1]
        assert r.params == published.num_params
        assert round(r.macs / 1e9, 3) == published.gmacs
    assert rows[0].macs_ratio == 1 and rows[7].macs_ratio == pytest.approx(rows[7].macs / rows[0].macs)
    assert [r.width_mult for r in rows][:2] == [1.0, 1.0] and rows[7].depth_mult == 3.1
