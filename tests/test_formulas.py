"""Closed-form formulas: the documents' worked examples, validation errors, sympy derivations, no heavy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnquiz.calc import formulas as F
from cnnquiz.errors import ShapeError, UsageError


def test_conv_output_size_matches_pytorch_rule():
    assert F.conv_output_size(224, 7, 2, 3) == 112  # ResNet stem
    assert F.conv_output_size(112, 3, 2, 1) == 56
    assert F.conv_output_size(32, 3, 1, 2, dilation=2) == 32
    assert F.conv_output_size(5, 5) == 1
    assert F.conv_output_size(7, 2, 2) == 3  # floor


def test_documents_depthwise_example_is_exact():
    sep = F.depthwise_separable(64, 128, 3, 112)
    assert sep.standard.macs == 924_844_032
    assert sep.depthwise.macs == 7_225_344
    assert sep.pointwise.macs == 102_760_448
    assert sep.separable.macs == 109_985_792
    assert round(sep.reduction, 2) == 8.41
    assert sep.standard.flops == 2 * sep.standard.macs
    # Without bias the ratio is exactly 1/C_out + 1/k².
    assert sep.separable.macs / sep.standard.macs == pytest.approx(F.separable_ratio(128, 3), rel=1e-12)


def test_documents_bottleneck_example_is_exact():
    assert F.bottleneck_params(256, 64) == 69_632
    assert F.conv_params(256, 256, 3, bias=False) == 589_824
    block = F.bottleneck(256, 64, size=56)
    assert block.params == 69_632
    assert [p.cost.params for p in block.parts] == [16_384, 36_864, 16_384]
    assert block.params_with_bn == 69_632 + 2 * (64 + 64 + 256)
    assert F.basic_block(256, 256, 56).params == 1_179_648
    assert F.plain_conv(256, 256, 56).params == 589_824


def test_mbconv_parts_and_se_width():
    block = F.mbconv(24, 40, expand=6, k=5, stride=2, se=0.25, size=56)
    assert [p.key for p in block.parts] == ["expand", "depthwise", "se", "project"]
    assert block.out_size == 28 and block.out_channels == 40
    se = block.parts[2].cost
    assert se.params == 144 * 6 + 6 + 6 * 144 + 144  # two 1×1 convs with bias, squeeze = 24 // 4
    assert se.macs == 2 * 144 * 6
    assert [p.key for p in F.mbconv(16, 16, expand=1, se=0).parts] == ["depthwise", "project"]


@pytest.mark.parametrize("call", [
    lambda: F.conv_output_size(0, 3),
    lambda: F.conv_output_size(5, 0),
    lambda: F.conv_output_size(5, 3, stride=0),
    lambda: F.conv_output_size(5, 3, padding=-1),
    lambda: F.conv_output_size(4, 9),
    lambda: F.conv_output_size(8, 3, dilation=4),  # effective kernel 9 > 8
    lambda: F.conv_params(6, 8, 3, groups=4),
    lambda: F.conv_params(-1, 8, 3),
    lambda: F.conv(8, 8, 3, 10, groups=3),
    lambda: F.mbconv(8, 8, se=1.5),
    lambda: F.mbconv(8, 8, expand=0),
    lambda: F.compound_scaling(-1),
    lambda: F.scaling_constraint(0, 1.1, 1.15),
    lambda: F.width_cost(0),
    lambda: F.width_cost(float("nan")),
])
def test_bad_shapes_raise_shape_error(call):
    with pytest.raises(ShapeError) as exc:
        call()
    assert isinstance(exc.value, UsageError) and "\n" not in str(exc.value)


def test_compound_scaling_rule():
    row = F.compound_scaling(1)
    assert (row.depth, row.width, row.resolution_mult) == (1.2, 1.1, 1.15)
    assert row.resolution == 258 and row.doubling == 2
    assert F.scaling_constraint(1.2, 1.1, 1.15) == pytest.approx(1.92027)
    assert F.compound_scaling(7).flops_factor == pytest.approx(1.92027**7)
    assert F.compound_scaling(0).flops_factor == 1


def test_make_divisible_matches_torchvision():
    from torchvision.models._utils import _make_divisible

    for c in (3, 8, 12, 16, 24, 32, 44.8, 67.2, 96, 134.4, 160, 320, 1280):
        for a in (0.35, 0.5, 0.75, 1.0, 1.3, 1.4):
            assert F.make_divisible(c * a) == _make_divisible(c * a, 8)


def test_formulas_import_neither_torch_nor_sympy():
    code = "import sys, cnnquiz.calc.formulas; print(sorted(m for m in ('torch', 'sympy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


conv_args = st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(1, 5),
                      st.integers(1, 3), st.integers(0, 2), st.integers(1, 2), st.integers(6, 30), st.booleans())


@settings(max_examples=30, deadline=None)
@given(conv_args)
def test_explain_conv_values_equal_formulas(args):
    from cnnquiz.calc import explain

    cin_g, cout_g, groups, k, stride, padding, dilation, size, bias = args
    cin, cout = cin_g * groups, cout_g * groups
    if dilation * (k - 1) + 1 > size + 2 * padding:
        return
    c = F.conv(cin, cout, k, size, size + 1, stride, padding, dilation, groups, bias)
    steps = explain.conv_steps(cin, cout, k, size, size + 1, stride, padding, dilation, groups, bias)
    assert [s.value for s in steps] == [c.out_height, c.out_width, c.params, c.macs, c.flops]


def test_explain_blocks_and_scaling_equal_formulas():
    from cnnquiz.calc import explain

    sep = F.depthwise_separable(64, 128, 3, 112)
    d = {s.label: s.value for s in explain.depthwise_steps(64, 128, 3, 112)}
    assert (d["standard MACs"], d["depthwise MACs"], d["pointwise MACs"]) == (
        sep.standard.macs, sep.depthwise.macs, sep.pointwise.macs)
    assert d["reduction"] == pytest.approx(sep.reduction)
    step = next(s for s in explain.depthwise_steps(64, 128, 3, 112) if s.label == "separable / standard")
    assert step.symbolic.endswith("= 1/k^2 + 1/C_out")

    b = {s.label: s.value for s in explain.bottleneck_steps(256, 64, 56)}
    block = F.bottleneck(256, 64, size=56)
    assert (b["bottleneck params"], b["bottleneck MACs (stride 1)"], b["bottleneck params with BN"]) == (
        block.params, block.macs, block.params_with_bn)
    assert b["plain 3×3 params"] == 589_824 and b["basic block params"] == 1_179_648

    for args in ((24, 40, 6, 5, 2, 0.25, 56), (16, 16, 1, 3, 1, 0.0, 14), (40, 40, 4, 3, 1, 0.5, 9)):
        block = F.mbconv(*args)
        m = {s.label: s.value for s in explain.mbconv_steps(*args)}
        assert sum(v for k, v in m.items() if "params" in k) == block.params
        assert sum(v for k, v in m.items() if "MACs" in k) == block.macs
        assert m["depthwise MACs"] == block.parts[-2 if args[5] == 0 else -3].cost.macs

    s = {x.label: x.value for x in explain.scaling_steps(7, 1.2, 1.1, 1.15, 224)}
    row = F.compound_scaling(7)
    assert s["FLOPs factor d·w²·r²"] == pytest.approx(row.flops_factor)
    assert s["depth d"] == pytest.approx(row.depth) and s["constraint α·β²·γ²"] == pytest.approx(1.92027)
    w = [x.value for x in explain.width_steps(0.5)]
    assert w == [0.25, 0.5]
