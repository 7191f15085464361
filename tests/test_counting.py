"""Measurement on meta modules: formulas == FlopCounterMode/numel for random shapes, blocks == torchvision's."""

from __future__ import annotations

import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from torch import nn

from cnnquiz.calc import blocks, counting, layers
from cnnquiz.calc import formulas as F


def meta(build):
    with torch.device("meta"):
        return build()


@settings(max_examples=80, deadline=None)
@given(cin_g=st.integers(1, 4), cout_g=st.integers(1, 4), groups=st.integers(1, 4), kh=st.integers(1, 5),
       kw=st.integers(1, 5), stride=st.integers(1, 3), padding=st.integers(0, 3), dilation=st.integers(1, 3),
       height=st.integers(1, 24), width=st.integers(1, 24), bias=st.booleans())
def test_conv_formula_equals_measurement(cin_g, cout_g, groups, kh, kw, stride, padding, dilation, height, width,
                                         bias):
    assume(dilation * (kh - 1) + 1 <= height + 2 * padding and dilation * (kw - 1) + 1 <= width + 2 * padding)
    cin, cout = cin_g * groups, cout_g * groups
    layer = meta(lambda: nn.Conv2d(cin, cout, (kh, kw), stride, padding, dilation, groups, bias))
    t = counting.trace(layer, (cin, height, width))
    formula = F.conv(cin, cout, (kh, kw), height, width, stride, padding, dilation, groups, bias)
    assert t.output_shape == (1, cout, formula.out_height, formula.out_width)
    assert counting.param_count(layer) == formula.params
    assert t.flops[""] == 2 * formula.macs


@settings(max_examples=50, deadline=None)
@given(cin=st.integers(1, 48), cout=st.integers(1, 48), k=st.sampled_from([1, 3, 5, 7]), stride=st.integers(1, 2),
       size=st.integers(4, 20))
def test_depthwise_separable_formula_equals_measurement(cin, cout, k, stride, size):
    assume(k <= size + 2 * F.same_padding(k))
    report = layers.depthwise_report(cin, cout, k, size, stride)
    assert report.matches
    assert report.reduction == pytest.approx(report.formula.reduction)


@settings(max_examples=30, deadline=None)
@given(cin=st.integers(1, 64), mid=st.integers(1, 32), cout=st.integers(1, 64), stride=st.integers(1, 2),
       size=st.integers(1, 16))
def test_bottleneck_and_basic_formulas_equal_measurement(cin, mid, cout, stride, size):
    shape = (cin, size, size)
    b = layers.measure_block(meta(lambda: blocks.Bottleneck(cin, mid, cout, stride)),
                             F.bottleneck(cin, mid, cout, size, stride), shape, "b")
    assert b.matches, b
    basic = layers.measure_block(meta(lambda: blocks.BasicBlock(cin, cout, stride)),
                                 F.basic_block(cin, cout, size, stride), shape, "basic")
    assert basic.matches


@settings(max_examples=50, deadline=None)
@given(cin=st.integers(1, 40), cout=st.integers(1, 40), expand=st.integers(1, 6), k=st.sampled_from([3, 5]),
       stride=st.integers(1, 2), se=st.sampled_from([0.0, 0.25, 0.5]), size=st.integers(1, 16))
def test_mbconv_formula_equals_measurement(cin, cout, expand, k, stride, se, size):
    m = layers.measure_block(meta(lambda: blocks.MBConv(cin, cout, expand, k, stride, se)),
                             F.mbconv(cin, cout, expand, k, stride, se, size), (cin, size, size), "m")
    assert m.matches, m


def test_documents_examples_measured():
    d = layers.depthwise_report(64, 128, 3, 112)
    assert (d.standard.macs, d.separable.macs) == (924_844_032, 109_985_792)
    assert f"{d.reduction:.2f}" == "8.41" and d.documents_note and "8.5" in d.documents_note
    b = layers.bottleneck_report(256, 64, 56)
    assert [x.params for x in b.blocks] == [69_632, 589_824, 1_179_648]
    assert all(x.matches for x in b.blocks)


def test_blocks_match_torchvision_layouts():
    from torchvision.models.efficientnet import MBConv as TvMBConv
    from torchvision.models.efficientnet import MBConvConfig
    from torchvision.models.resnet import BasicBlock as TvBasic
    from torchvision.models.resnet import Bottleneck as TvBottleneck

    def same(ours, theirs, shape):
        assert counting.param_count(ours) == counting.param_count(theirs)
        assert counting.count(ours, shape).macs == counting.count(theirs, shape).macs

    down = meta(lambda: nn.Sequential(nn.Conv2d(256, 512, 1, 2, bias=False), nn.BatchNorm2d(512)))
    same(meta(lambda: blocks.Bottleneck(256, 64)), meta(lambda: TvBottleneck(256, 64)), (256, 14, 14))
    same(meta(lambda: blocks.Bottleneck(256, 128, 512, 2)), meta(lambda: TvBottleneck(256, 128, 2, down)),
         (256, 14, 14))
    same(meta(lambda: blocks.BasicBlock(64, 64)), meta(lambda: TvBasic(64, 64)), (64, 14, 14))
    for expand, k, stride, cin, cout in ((1, 3, 1, 32, 16), (6, 5, 2, 24, 40), (6, 3, 1, 80, 80)):
        cnf = MBConvConfig(expand, k, stride, cin, cout, 1, 1.0, 1.0)
        theirs = meta(lambda: TvMBConv(cnf, 0.0, nn.BatchNorm2d))
        same(meta(lambda: blocks.MBConv(cin, cout, expand, k, stride, 0.25)), theirs.eval(), (cin, 16, 16))


def test_count_accepts_chw_and_nchw_and_counts_linear():
    model = meta(lambda: nn.Sequential(nn.Conv2d(3, 8, 3), nn.Flatten(), nn.Linear(8 * 6 * 6, 10)))
    one = counting.count(model, (3, 8, 8))
    assert one == counting.count(model, (1, 3, 8, 8))
    assert one.params == 3 * 8 * 9 + 8 + 288 * 10 + 10
    assert one.macs == 36 * 8 * 27 + 288 * 10 and one.flops == 2 * one.macs
    assert counting.count(model, (2, 3, 8, 8)).macs == 2 * one.macs


def test_count_parts_and_conv_only_params():
    block = meta(lambda: blocks.Bottleneck(256, 64))
    parts = counting.count_parts(block, (256, 56, 56), ["reduce", "spatial", "expand"])
    assert [p.params for p in parts.values()] == [16_384, 36_864, 16_384]
    assert sum(p.macs for p in parts.values()) == counting.count(block, (256, 56, 56)).macs
    assert counting.param_count(block, conv_only=True) == 69_632
    assert counting.param_count(block) == 70_400


def test_model_counts_small_model_and_bad_input():
    from cnnquiz.errors import ShapeError, UnknownNameError

    c = counting.model_counts("alexnet")
    assert (c.name, c.resolution, c.params, round(c.macs / 1e9, 3)) == ("alexnet", 224, 61_100_840, 0.714)
    with pytest.raises(UnknownNameError):
        counting.model_counts("resnett50")
    with pytest.raises(ShapeError):
        counting.model_counts("alexnet", 0)


@pytest.mark.parametrize("name", ["resnet50", "efficientnet_b0", "mobilenet_v2", "vgg16", "googlenet"])
def test_published_params_and_gmacs_match_model_counts(name):
    from cnnquiz.models.published import published as published_weights

    c = counting.model_counts(name)
    published = published_weights(name)
    assert published
    for w in published:
        assert w.num_params == c.params, w.name
        assert w.gmacs == round(c.macs / 1e9, 3), w.name  # torchvision's "GFLOPS" (_ops) are GMACs
