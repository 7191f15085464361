"""The layer-spec parser and the closed-form recurrence, checked against real torch layers by gradient."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from torch import nn

from cnnquiz.rf.spec import (
    AxisField,
    Layer,
    explain_steps,
    looks_like_spec,
    output_size,
    parse_spec,
    spec_result,
)
from cnnquiz.errors import ParseError, ShapeError


def torch_layer(layer: Layer) -> nn.Module:
    """The 1-D torch module a spec layer stands for (pooling as average pooling: same window, no argmax)."""
    if layer.op == "conv":
        return nn.Conv1d(1, 1, layer.kernel, layer.stride, layer.pad, layer.dilation)
    return nn.AvgPool1d(layer.kernel, layer.stride, layer.pad)


def measured_extent(layers: list[Layer], n: int, unit: int) -> tuple[int, int]:
    """Backprop from one output unit of the real stack (positive float64 weights) to the input."""
    net = nn.Sequential(*map(torch_layer, layers)).double()
    with torch.no_grad():
        for p in net.parameters():
            p.uniform_(0.5, 1.0)
    x = torch.rand(1, 1, n, dtype=torch.float64, requires_grad=True)
    y = net(x)
    y[0, 0, unit].backward()
    nz = torch.nonzero(x.grad[0, 0]).flatten()
    return int(nz.min()), int(nz.max())


def spec_text(layers: list[Layer]) -> str:
    parts = []
    for lay in layers:
        t = ("c" if lay.op == "conv" else "p") + str(lay.kernel)
        t += f"s{lay.stride}" if lay.stride != 1 else ""
        t += f"d{lay.dilation}" if lay.dilation != 1 else ""
        t += f"p{lay.padding}" if lay.padding is not None else ""
        parts.append(t)
    return ",".join(parts)


@st.composite
def layer_lists(draw) -> list[Layer]:
    out = []
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(["conv", "pool"]))
        k = draw(st.integers(1, 5))
        s = draw(st.integers(1, 3))
        d = draw(st.integers(1, 3)) if op == "conv" else 1
        span = (k - 1) * d + 1
        pad = draw(st.one_of(st.none(), st.integers(0, span // 2 if op == "pool" else span)))
        out.append(Layer(op, k, s, d, pad))
    return out


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layer_lists())
def test_recurrence_matches_torch_gradient(layers):
    result = spec_result(spec_text(layers))
    f = AxisField(result.receptive_field, result.jump, result.start)
    # an input long enough that some output unit's whole field lies inside it
    n = 2 * f.r + 4 * f.j + 8 * len(layers)
    sizes = [n]
    for lay in layers:
        sizes.append(output_size(sizes[-1], lay))
    assume(sizes[-1] >= 1)
    unit = next((u for u in range(sizes[-1]) if f.lo + u * f.j >= 0 and f.hi + u * f.j <= n - 1), None)
    assume(unit is not None)
    net_out = nn.Sequential(*map(torch_layer, layers))(torch.zeros(1, 1, n)).shape[-1]
    assert net_out == sizes[-1]
    lo, hi = measured_extent(layers, n, unit)
    assert (Fraction(lo), Fraction(hi)) == (f.lo + unit * f.j, f.hi + unit * f.j)


def test_known_values():
    assert spec_result("c3,c3,c3").receptive_field == 7
    r = spec_result("c7s2,p3s2")
    assert (r.receptive_field, r.jump, r.start) == (11, 4, 0)
    assert spec_result("c3d2").stages[0].kernel == 5
    assert spec_result("p2s2").start == Fraction(1, 2)
    assert spec_result("c3p0").start == 1


def test_grammar_details():
    layers = parse_spec(" C7S2 , p3s2p1; c3*3 c3d2 ")
    assert [(x.op, x.kernel, x.stride, x.dilation, x.pad) for x in layers] == [
        ("conv", 7, 2, 1, 3), ("pool", 3, 2, 1, 1), ("conv", 3, 1, 1, 1), ("conv", 3, 1, 1, 1),
        ("conv", 3, 1, 1, 1), ("conv", 3, 1, 2, 2)]
    names = [s.name for s in spec_result("c3*3").stages]
    assert names == ["c3", "c3#2", "c3#3"]


@pytest.mark.parametrize("text, bad", [
    ("c3,zz", "'zz'"), ("c3x", "'c3x'"), ("c0", "kernel"), ("c3s0", "stride"), ("c3d0", "dilation"),
    ("c3s2s2", "stride given twice"), ("p3p2", "padding 2"), ("", "empty"), (",,", "empty"),
    ("c3*0", "repeat"), ("c3*5000", "at most"), ("c9999999", "kernel"), ("x3", "'x3'"), ("c\u0663", "'c\u0663'"),
])
def test_garbage_is_a_parse_error_naming_the_token(text, bad):
    with pytest.raises(ParseError, match=bad):
        parse_spec(text)


def test_resolution_sizes_and_too_small():
    r = spec_result("c7s2,p3s2", 224)
    assert [s.size for s in r.stages] == [(112, 112), (56, 56)]
    with pytest.raises(ShapeError, match="needs at least"):
        spec_result("c7p0,c7p0", 8)


@given(st.text(max_size=40))
def test_any_text_parses_or_raises_parse_error(text):
    try:
        layers = parse_spec(text)
    except ParseError:
        return
    assert layers and all(x.kernel >= 1 and x.stride >= 1 for x in layers)


@given(st.text(alphabet="cpsd0123456789*,; xCP", max_size=30))
def test_spec_like_garbage_never_crashes(text):
    try:
        result = spec_result(text)
    except ParseError:
        return
    assert result.receptive_field >= 1 and result.jump >= 1


@given(layer_lists())
def test_written_specs_round_trip(layers):
    assert parse_spec(spec_text(layers)) == [Layer(x.op, x.kernel, x.stride, x.dilation, x.padding,
                                                   spec_text([x])) for x in layers]


def test_explain_steps_follow_the_recurrence():
    steps = explain_steps(spec_result("c7s2,p3s2,c3"))
    assert steps[1] == ("c7s2", "r = 1 + (7−1)·1 = 7;  j = 1·2 = 2;  start = 0")
    assert steps[-1][1].startswith("r = 11 + (3−1)·4 = 19")


def test_spec_detection():
    assert looks_like_spec("c3") and looks_like_spec("resnet,c3") and not looks_like_spec("convnext_tiny")


def test_spec_path_does_not_import_torch(tmp_path):
    code = ("import sys; from cnnquiz.rf import target_result; target_result('c7s2,p3s2,c3'); "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
