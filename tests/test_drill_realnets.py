"""The drill's table of real layer shapes matches torchvision's models, built on the meta device."""

from __future__ import annotations

from functools import lru_cache

import pytest
import torch
from torch import nn

from cnnquiz import models
from cnnquiz.calc import formulas as F
from cnnquiz.calc.counting import count, param_count
from cnnquiz.drill import realnets as R
from cnnquiz.models.published import default_resolution
from cnnquiz.rf import parse_spec

pytestmark = pytest.mark.slow


@lru_cache(maxsize=None)
def model(name: str) -> nn.Module:
    return models.build(name, device="meta")


@lru_cache(maxsize=None)
def input_sizes(name: str) -> dict[str, int]:
    """Input height seen by every submodule in one forward pass at the model's default resolution."""
    m = model(name)
    seen: dict[str, int] = {}
    hooks = []
    for path, sub in m.named_modules():
        def hook(_mod, args, _out, path=path):
            if args and isinstance(args[0], torch.Tensor) and args[0].dim() == 4:
                seen.setdefault(path, int(args[0].shape[2]))
        hooks.append(sub.register_forward_hook(hook))
    res = default_resolution(name)
    with torch.no_grad():
        m(torch.empty(1, 3, res, res, device="meta"))
    for h in hooks:
        h.remove()
    return seen


def conv_shape(conv: nn.Conv2d) -> tuple:
    return (conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride, conv.padding, conv.groups,
            conv.bias is not None, conv.dilation)


@pytest.mark.parametrize("c", R.CONVS, ids=lambda c: f"{c.model}:{c.path}")
def test_convs(c: R.RealConv):
    conv = model(c.model).get_submodule(c.path)
    assert isinstance(conv, nn.Conv2d)
    assert conv_shape(conv) == (c.cin, c.cout, (c.k, c.k), (c.stride,) * 2, (c.padding,) * 2, c.groups, c.bias,
                                (c.dilation,) * 2)
    assert input_sizes(c.model)[c.path] == c.size


@pytest.mark.parametrize("s", R.SEPARABLES, ids=lambda s: f"{s.model}:{s.depthwise}")
def test_separable_pairs(s: R.RealSeparable):
    dw, pw = model(s.model).get_submodule(s.depthwise), model(s.model).get_submodule(s.pointwise)
    assert conv_shape(dw)[:6] == (s.cin, s.cin, (s.k, s.k), (s.stride,) * 2, (s.k // 2,) * 2, s.cin)
    assert conv_shape(pw)[:6] == (s.cin, s.cout, (1, 1), (1, 1), (0, 0), 1)
    assert input_sizes(s.model)[s.depthwise] == s.size


@pytest.mark.parametrize("b", R.BOTTLENECKS, ids=lambda b: f"{b.model}:{b.path}")
def test_bottlenecks(b: R.RealBottleneck):
    block = model(b.model).get_submodule(b.path)
    assert block.downsample is None
    assert [conv_shape(block.get_submodule(n))[:3] for n in ("conv1", "conv2", "conv3")] == [
        (b.channels, b.mid, (1, 1)), (b.mid, b.mid, (3, 3)), (b.mid, b.channels, (1, 1))]
    assert param_count(block, conv_only=True) == F.bottleneck_params(b.channels, b.mid)
    assert input_sizes(b.model)[b.path] == b.size


@pytest.mark.parametrize("b", R.MBCONVS, ids=lambda b: f"{b.model}:{b.path}")
def test_mbconv_blocks_match_the_formula(b: R.RealMBConv):
    block = model(b.model).get_submodule(b.path)
    formula = F.mbconv(b.cin, b.cout, b.expand, b.k, b.stride, b.se, b.size)
    measured = count(block, (b.cin, b.size, b.size))
    assert (measured.params, measured.macs) == (formula.params_with_bn, formula.macs)
    assert input_sizes(b.model)[b.path] == b.size


@pytest.mark.parametrize("s", R.STACKS, ids=lambda s: f"{s.model}:{s.spec}")
def test_layer_stacks_match_the_spec(s: R.RealStack):
    layers = parse_spec(s.spec)
    assert len(layers) == len(s.paths)
    for layer, path in zip(layers, s.paths):
        mod = model(s.model).get_submodule(path)
        if layer.op == "conv":
            assert isinstance(mod, nn.Conv2d), path
            got = (mod.kernel_size[0], mod.stride[0], mod.padding[0], mod.dilation[0])
        else:
            assert isinstance(mod, nn.MaxPool2d), path
            got = (mod.kernel_size, mod.stride, mod.padding, mod.dilation)
        assert got == (layer.kernel, layer.stride, layer.pad, layer.dilation), path


@pytest.mark.parametrize("e", R.EFFICIENTNETS, ids=lambda e: f"b{e.phi}")
def test_efficientnet_multipliers(e: R.RealEfficientNet):
    from cnnquiz.calc.scaling import build_efficientnet

    _model, width, depth = build_efficientnet(e.phi)
    assert (width, depth) == (e.width_mult, e.depth_mult)
    assert default_resolution(f"efficientnet_b{e.phi}") == e.resolution


def test_channel_table_covers_the_models_it_names():
    real = {c for conv in R.CONVS for c in (conv.cin, conv.cout)}
    table = {c for cs in R.CHANNELS_AT.values() for c in cs}
    assert len(real & table) >= 10 and set(R.CHANNELS_AT) == set(R.SIZES)
