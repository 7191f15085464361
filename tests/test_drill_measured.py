"""Every drill kind's answer (pure formulas) equals a measurement on real torch modules, over many seeds.

Counts come from FlopCounterMode and numel on the meta device; receptive fields from the gradient of
one output unit with respect to the input (all-positive weights, so the field is where it is non-zero).
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import torch
from torch import nn

from cnnquiz.calc import blocks
from cnnquiz.calc.counting import count, param_count
from cnnquiz.drill.generator import generate
from cnnquiz.drill.problem import KINDS, Problem
from cnnquiz.drill.solutions import scaled
from cnnquiz.rf import parse_spec, spec_result

SEEDS = range(4)
PER_SEED = 15
META = torch.device("meta")


def conv_macs(cin: int, cout: int, k: int, size: int, stride: int = 1, padding: int = 0, groups: int = 1,
              dilation: int = 1) -> int:
    with META:
        conv = nn.Conv2d(cin, cout, k, stride, padding, dilation, groups, bias=False)
    return count(conv, (cin, size, size)).macs


def measured_rf(spec: str) -> int:
    """Width of the input region whose gradient is non-zero for output unit (0, 0), padding 0."""
    layers = parse_spec(spec)
    mods: list[nn.Module] = []
    for layer in layers:
        if layer.op == "conv":
            conv = nn.Conv2d(1, 1, layer.kernel, layer.stride, 0, layer.dilation, bias=False)
            nn.init.ones_(conv.weight)
            mods.append(conv)
        else:  # the field of a pooling window does not depend on max vs average; average passes gradient everywhere
            mods.append(nn.AvgPool2d(layer.kernel, layer.stride))
    net = nn.Sequential(*mods).double()
    span = 1 + sum((x.span - 1) * math.prod(y.stride for y in layers[:i]) for i, x in enumerate(layers))
    size = span + 2 * math.prod(x.stride for x in layers)
    x = torch.zeros(1, 1, size, size, dtype=torch.float64, requires_grad=True)
    net(x)[0, 0, 0, 0].backward()
    cols = torch.nonzero(x.grad[0, 0].abs().sum(0)).flatten()
    return int(cols.max() - cols.min() + 1)


def toy_macs(layers: int, channels: int, resolution: int) -> int:
    """A plain stack of 1×1 convs C→C: MACs = L · R² · C² (the d·w²·r² of compound scaling)."""
    with META:
        net = nn.Sequential(*[nn.Conv2d(channels, channels, 1, bias=False) for _ in range(layers)])
    return count(net, (channels, resolution, resolution)).macs


def measure(p: Problem) -> int | Fraction | float:
    """The problem's answer measured on torch modules built from its parameters."""
    q = p.params
    if p.kind == "conv-output":
        with META:
            conv = nn.Conv2d(1, 1, q["kernel"], q["stride"], q["padding"], q["dilation"])
            return conv(torch.empty(1, 1, q["size"], q["size"])).shape[-1]
    if p.kind == "conv-params":
        with META:
            return param_count(nn.Conv2d(q["cin"], q["cout"], q["kernel"], groups=q["groups"], bias=q["bias"]))
    if p.kind == "conv-macs":
        macs = conv_macs(q["cin"], q["cout"], q["kernel"], q["size"], q["stride"], q["padding"], q["groups"])
        return 2 * macs if q["quantity"] == "FLOPs" else macs
    if p.kind == "depthwise":
        k, pad = q["kernel"], q["kernel"] // 2
        standard = conv_macs(q["cin"], q["cout"], k, q["size"], q["stride"], pad)
        with META:
            pair = blocks.DepthwiseSeparable(q["cin"], q["cout"], k, q["stride"])
        separable = count(pair, (q["cin"], q["size"], q["size"])).macs
        return {"reduction": Fraction(standard, separable), "fraction": Fraction(separable, standard),
                "separable_macs": separable}[q["ask"]]
    if p.kind == "bottleneck":
        with META:
            plain = blocks.PlainConv(q["channels"], q["channels"])
            block = blocks.Bottleneck(q["channels"], q["mid"])
        return param_count(plain, conv_only=True) - param_count(block, conv_only=True)
    if p.kind == "mbconv":
        with META:
            block = blocks.MBConv(q["cin"], q["cout"], q["expand"], q["kernel"], q["stride"], q["se"])
        c = count(block, (q["cin"], q["size"], q["size"]))
        return c.params if q["ask"] == "params" else c.macs
    if p.kind == "rf":
        return measured_rf(q["spec"])
    if p.kind == "width":
        ci, co, g = scaled(q)
        k, n, s = q["kernel"], q["size"], q["stride"]
        macs = conv_macs(ci, co, k, n, s, k // 2, g)
        base = conv_macs(q["cin"], q["cout"], k, n, s, k // 2, q["cin"] if q["layer"] == "depthwise" else 1)
        return macs if q["ask"] == "macs" else Fraction(macs, base)
    if p.kind == "scaling":
        phi = q["phi"]
        # α = 6/5, β = 11/10, γ = 23/20 exactly, so the scaled toy net has whole layers, channels and pixels
        assert (q["alpha"], q["beta"], q["gamma"]) == (1.2, 1.1, 1.15)
        base = (5**phi, 10**phi, 20**phi)
        scaled_to = (6**phi, 11**phi, 23**phi)
        m0 = toy_macs(*base)

        def only(i: int) -> Fraction:
            dims = list(base)
            dims[i] = scaled_to[i]
            return Fraction(toy_macs(*dims), m0)

        if q["ask"] == "flops":
            return Fraction(toy_macs(*scaled_to), m0)
        if q["ask"] == "depth":
            return only(0)
        if q["ask"] == "width":
            return math.sqrt(only(1))
        return round(q["base_resolution"] * math.sqrt(only(2)))
    raise AssertionError(p.kind)


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_formula_answers_equal_torch_measurements(kind):
    problems = [p for seed in SEEDS for p in generate((kind,), PER_SEED, seed)]
    assert len({repr(sorted(p.params.items())) for p in problems}) > 3  # the seeds really vary the shapes
    for p in problems:
        got = measure(p)
        if isinstance(p.answer, float) or isinstance(got, float):
            assert float(got) == pytest.approx(float(p.answer), rel=1e-12), p.params
        else:
            assert got == p.answer, p.params


def test_receptive_field_gradient_check_agrees_with_the_recurrence():
    for spec, rf in (("c3,c3", 5), ("c3,c3,c3", 7), ("c7s2,p3s2", 11), ("c3d2", 5), ("c3s2,c3d2,p2s2", 13)):
        assert measured_rf(spec) == rf == spec_result(spec).receptive_field
