"""calc rf on models: the fx walk against an independent gradient measurement, real zoo models, and the CLI."""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from cnnquiz.models import build
from cnnquiz.rf import AxisField, model_result, module_result
from cnnquiz.rf import layout as L
from cnnquiz.rf import ops as R
from cnnquiz.rf.walk import walk


# --- the independent measurement -----------------------------------------------------------------

class DetachedPool(nn.Module):
    """A global pool whose output is a constant for autograd: squeeze-excitation scales stop depending on x."""

    def __init__(self, pool: nn.Module) -> None:
        super().__init__()
        self.pool = pool

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x).detach()


def linearised(model: nn.Module) -> nn.Module:
    """Max-pool -> avg-pool, activations -> identity, global pools detached, positive float64 weights."""
    model = copy.deepcopy(model)

    def swap(m: nn.Module) -> None:
        for name, child in list(m.named_children()):
            if isinstance(child, nn.MaxPool2d):
                assert child.dilation in (1, (1, 1))
                setattr(m, name, nn.AvgPool2d(child.kernel_size, child.stride, child.padding, child.ceil_mode))
            elif isinstance(child, (nn.ReLU, nn.ReLU6, nn.SiLU, nn.Hardswish, nn.GELU, nn.Sigmoid, nn.Hardsigmoid)):
                setattr(m, name, nn.Identity())
            elif isinstance(child, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
                setattr(m, name, DetachedPool(child))
            else:
                swap(child)

    swap(model)
    model = model.double().eval()
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for p in model.parameters():  # positive, scaled by fan-in so deep nets neither overflow nor underflow
            fan_in = p[0].numel() if p.dim() > 1 else 1
            p.copy_((torch.rand(p.shape, generator=gen, dtype=p.dtype) * 0.5 + 0.5) / fan_in)
    return model


def measured(model: nn.Module, h: int, w: int, unit: tuple[int, int] | None = None):
    """Backprop from one output unit (default: the centre) and return the nonzero extent of the input gradient."""
    lin = linearised(model)
    x = torch.rand(1, 3, h, w, dtype=torch.float64, requires_grad=True)
    y = lin(x)
    i, j = unit if unit is not None else (y.shape[2] // 2, y.shape[3] // 2)
    y[0, :, i, j].sum().backward()
    grad = x.grad[0].abs().sum(0)
    assert torch.isfinite(grad).all()
    rows = torch.nonzero(grad.sum(1)).flatten()
    cols = torch.nonzero(grad.sum(0)).flatten()
    return (i, j), (int(rows.min()), int(rows.max())), (int(cols.min()), int(cols.max())), tuple(y.shape[2:])


def predicted(field, unit: int, n: int) -> tuple[int, int]:
    """The walk's field of unit `unit`, clipped to the n input pixels."""
    centre = Fraction(field.start) + unit * field.j
    lo, hi = centre - Fraction(field.r - 1, 2), centre + Fraction(field.r - 1, 2)
    assert lo.denominator == 1 and hi.denominator == 1
    return max(0, int(lo)), min(n - 1, int(hi))


def walked(model: nn.Module, h: int, w: int) -> R.Spatial:
    _, out = walk(model.eval(), (1, 3, h, w))
    assert isinstance(out, R.Spatial), out
    return out


def check(model: nn.Module, h: int, w: int | None = None) -> R.Spatial:
    """The walk and the gradient agree on both axes for the centre unit (which must not be clipped)."""
    w = w or h
    info = walked(model, h, w)
    (i, j), rows, cols, size = measured(model, h, w)
    assert size == (L.axis_length(info.layout, 0), L.axis_length(info.layout, 1))
    assert rows == predicted(info.axes[0], i, h)
    assert cols == predicted(info.axes[1], j, w)
    assert 0 < rows[0] and rows[1] < h - 1 and 0 < cols[0] and cols[1] < w - 1, "field clipped: use a bigger input"
    return info


# --- small custom models -------------------------------------------------------------------------

def conv(cin: int, cout: int, k: int, s: int = 1, p: int | None = None, d: int = 1, groups: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, k, s, (k - 1) * d // 2 if p is None else p, d, groups=groups)


class Residual(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a, self.b, self.proj = conv(3, 4, 3, 2), conv(4, 4, 3), conv(3, 4, 1, 2)

    def forward(self, x):
        return F.relu(self.b(F.relu(self.a(x))) + self.proj(x))


class Concat(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.one, self.three = conv(3, 2, 1), nn.Sequential(conv(3, 2, 3), conv(2, 2, 3))
        self.pool, self.pool_proj = nn.AvgPool2d(3, 1, 1), conv(3, 2, 1)
        self.out = conv(6, 4, 5, 2)

    def forward(self, x):
        return self.out(torch.cat([self.one(x), self.three(x), self.pool_proj(self.pool(x))], 1))


class Misaligned(nn.Module):
    """Two branches whose fields are centred one pixel apart: the union is 4 wide, centred at 0.5."""

    def __init__(self) -> None:
        super().__init__()
        self.a, self.b = conv(3, 3, 3, p=1), conv(3, 3, 3, p=0)

    def forward(self, x):
        return self.a(x) + F.pad(self.b(x), (0, 2, 0, 2))


class SqueezeExcite(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.c1, self.c2 = conv(3, 8, 3, 2), conv(8, 4, 3)
        self.pool, self.fc1, self.fc2 = nn.AdaptiveAvgPool2d(1), conv(8, 2, 1), conv(2, 8, 1)

    def forward(self, x):
        x = self.c1(x)
        return self.c2(x * torch.sigmoid(self.fc2(F.relu(self.fc1(self.pool(x))))))


class Shuffle(nn.Module):
    """ShuffleNet-style: chunk, branch, concat, channel shuffle through view/transpose."""

    def __init__(self) -> None:
        super().__init__()
        self.stem, self.branch, self.out = conv(3, 4, 3, 2), conv(2, 2, 5, groups=2), conv(4, 4, 3)

    def forward(self, x):
        x = self.stem(x)
        a, b = x.chunk(2, dim=1)
        x = torch.cat([a, self.branch(b)], 1)
        n, c, h, w = x.size()
        x = x.view(n, 2, c // 2, h, w).transpose(1, 2).contiguous().view(n, c, h, w)
        return self.out(x)


class ChannelsLast(nn.Module):
    """ConvNeXt-style block: depthwise 7x7, NHWC Linear MLP, permute back, residual."""

    def __init__(self) -> None:
        super().__init__()
        self.stem, self.dw = conv(3, 4, 4, 4, 0), conv(4, 4, 7, groups=4)
        self.fc1, self.fc2 = nn.Linear(4, 8), nn.Linear(8, 4)

    def forward(self, x):
        x = self.stem(x)
        y = self.fc2(self.fc1(self.dw(x).permute(0, 2, 3, 1))).permute(0, 3, 1, 2)
        return x + y


class PatchMerge(nn.Module):
    """Swin-style patch merging by strided slicing, then a 3x3 conv."""

    def __init__(self) -> None:
        super().__init__()
        self.stem, self.out = conv(3, 2, 3), conv(8, 2, 3)

    def forward(self, x):
        x = self.stem(x)
        x = torch.cat([x[..., 0::2, 0::2], x[..., 1::2, 0::2], x[..., 0::2, 1::2], x[..., 1::2, 1::2]], 1)
        return self.out(x)


class Windows(nn.Module):
    """MaxViT-style window partition and back around a pointwise op: positions are only re-arranged."""

    def __init__(self, p: int = 4) -> None:
        super().__init__()
        self.p = p
        self.stem, self.out, self.mix = conv(3, 4, 3, 2), conv(4, 4, 3), nn.Linear(4, 4)

    def forward(self, x):
        x = self.stem(x)
        b, c, h, w = x.shape
        p = self.p
        t = x.view(b, c, h // p, p, w // p, p).permute(0, 2, 4, 3, 5, 1).reshape(b, h // p * (w // p), p * p, c)
        t = self.mix(t)
        x = t.view(b, h // p, w // p, p, p, c).permute(0, 5, 1, 3, 2, 4).reshape(b, c, h, w)
        return self.out(x)


class Attention(nn.Module):
    """Softmax attention over all positions: the field becomes global."""

    def __init__(self) -> None:
        super().__init__()
        self.stem, self.out = conv(3, 4, 3, 2), conv(4, 4, 3)

    def forward(self, x):
        x = self.stem(x)
        b, c, h, w = x.shape
        t = x.flatten(2).transpose(1, 2)
        attn = torch.softmax(t @ t.transpose(1, 2), dim=-1)
        return self.out((attn @ t).transpose(1, 2).reshape(b, c, h, w))


CUSTOM = {
    "plain": lambda: nn.Sequential(conv(3, 4, 3), nn.ReLU(), conv(4, 4, 5, 2), nn.MaxPool2d(3, 2, 1), conv(4, 4, 3)),
    "residual": Residual,
    "dilation": lambda: nn.Sequential(conv(3, 4, 3, d=2), nn.ReLU(), conv(4, 4, 3, d=4), conv(4, 4, 3, 2, d=3)),
    "concat": Concat,
    "strided-even": lambda: nn.Sequential(conv(3, 4, 4, 2, 1), nn.MaxPool2d(2, 2), conv(4, 4, 2, 1, 0),
                                          nn.AvgPool2d(3, 2, ceil_mode=True), conv(4, 4, 1, 2)),
    "misaligned": Misaligned,
    "squeeze-excite": SqueezeExcite,
    "shuffle": Shuffle,
    "channels-last": ChannelsLast,
    "patch-merge": PatchMerge,
    "windows": Windows,
}
EXPECTED_CONTEXT = {"squeeze-excite": {"se"}}


@pytest.mark.parametrize("name", list(CUSTOM))
def test_walk_matches_gradient_on_small_models(name):
    info = check(CUSTOM[name](), 64, 48)
    assert info.context == frozenset(EXPECTED_CONTEXT.get(name, set()))


def test_misaligned_branches_take_the_union():
    info = walked(Misaligned(), 32, 32)
    assert (info.axes[0].r, float(info.axes[0].start)) == (4, 0.5)


def test_window_partition_is_only_a_rearrangement():
    plain = walked(nn.Sequential(conv(3, 4, 3, 2), conv(4, 4, 3)), 32, 32)
    assert walked(Windows(), 32, 32).axes == plain.axes


def test_attention_is_global_and_the_gradient_agrees():
    info = walked(Attention(), 32, 32)
    assert "attention" in info.context
    _, rows, cols, _ = measured(Attention(), 32, 32)
    assert rows == (0, 31) and cols == (0, 31)


def test_report_of_a_plain_module_lists_every_layer_with_the_recurrence():
    result = module_result(CUSTOM["plain"](), 64)
    assert [s.name for s in result.stages] == ["0", "2", "3", "4"]
    r, j = 1, 1
    for s in result.stages:
        assert s.receptive_field == r + (s.kernel - 1) * j and s.jump == j * s.stride
        r, j = s.receptive_field, s.jump
    assert (result.receptive_field, result.jump, result.global_context) == (r, j, False)


# --- the op rules: named steps, and the fallback for ops no rule knows -----------------------------

def _blurred_sum(x):
    """A plain helper that fx keeps as one call (torch.fx.wrap below): the walk has to trace into it."""
    return x + F.avg_pool2d(x, 3, 1, 1)


torch.fx.wrap("_blurred_sum")


class Helper(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, x):
        return _blurred_sum(self.conv(x))


class Flipped(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, x):
        return self.conv(torch.flip(x, dims=[-1]))


def test_function_rules_name_distinct_ops_and_leave_the_rest_unruled():
    from cnnquiz.rf import rules

    assert not set(rules.FUNCTION_RULES) & R.POINTWISE_NAMES  # so the order of the steps cannot matter
    x = torch.empty(1, 3, 8, 8)
    info = R.Spatial(L.image(x.shape), (AxisField(), AxisField()))
    assert rules.function_rule(torch.flip, "flip", (x, [-1]), {}, (info, None), {}, x) is rules.UNRULED
    assert rules.function_rule(torch.relu, "relu", (x,), {}, (info,), {}, x).axes == info.axes


def test_a_python_helper_is_traced_into_and_an_unknown_op_mixes_positions():
    log, out = walk(Helper(), (1, 3, 16, 16))
    assert out.axes[0].r == 5 and not log.unknown  # conv 3, then the helper's 3×3 blur: 5
    log, out = walk(Flipped(), (1, 3, 16, 16))
    assert log.unknown["flip"] == 1 and "op:flip" in out.context


# --- torchvision models against the gradient (thin inputs: the H axis is measured, W stays small) -----

def tall(features: nn.Module, field: AxisField, h: int) -> None:
    """Measure the H axis on an h×32 input and compare with a reported field."""
    (i, _), rows, _, _ = measured(features, h, 32)
    assert rows == predicted(field, i, h)
    assert 0 < rows[0] and rows[1] < h - 1


def reported(name: str) -> AxisField:
    result = model_result(name)
    return AxisField(result.receptive_field, result.jump, result.start)


def resnet_features(model: nn.Module) -> nn.Module:
    return nn.Sequential(*list(model.children())[:-2])


def cpu_model(name: str) -> nn.Module:
    return build(name, device="cpu")


@pytest.mark.slow
def test_resnet18_against_gradient():
    tall(resnet_features(cpu_model("resnet18")), reported("resnet18"), 480)


@pytest.mark.slow
def test_mobilenet_v2_against_gradient():
    tall(cpu_model("mobilenet_v2").features, reported("mobilenet_v2"), 544)


@pytest.mark.slow
def test_resnet50_v15_and_v1_against_gradient():
    result = model_result("resnet50")
    tall(resnet_features(cpu_model("resnet50")), AxisField(result.receptive_field, result.jump, result.start), 480)
    v1 = result.variants["v1_stride_on_1x1"]
    paper_v1 = build("resnet50", device="cpu", resnet_v1=True)  # the registry's one definition of v1
    assert paper_v1.layer2[0].conv1.stride == (2, 2) and paper_v1.layer2[0].conv2.stride == (1, 1)
    tall(resnet_features(paper_v1), AxisField(v1, result.jump, result.start), 544)
    assert v1 > result.receptive_field


@pytest.mark.slow
def test_efficientnet_b0_conv_path_against_gradient_with_se_scales_held_constant():
    result = model_result("efficientnet_b0")
    assert result.global_context
    tall(cpu_model("efficientnet_b0").features, AxisField(result.receptive_field, result.jump, result.start), 928)


# --- zoo models on the meta device: structure of the report --------------------------------------

def test_resnet50_stages_and_v1_note():
    result = model_result("ResNet-50")
    assert [s.name for s in result.stages] == ["conv1", "maxpool", "layer1", "layer2", "layer3", "layer4"]
    assert result.final_layer == "layer4" and not result.global_context
    assert [s.size for s in result.stages][-1] == (7, 7)
    assert any("v1.5" in n and str(result.variants["v1_stride_on_1x1"]) in n for n in result.notes)


def test_basic_block_resnets_have_no_v1_variant():
    assert model_result("resnet18").variants == {}


def test_vgg16_final_map_is_pool5_and_the_note_names_conv5_3():
    result = model_result("vgg16")
    assert result.final_layer == "features.30"
    by_name = {s.name: s for s in result.stages}
    assert by_name["features.30"].receptive_field == result.receptive_field
    assert by_name["features.28"].receptive_field < result.receptive_field
    assert any("features.28" in n for n in result.notes)


@pytest.mark.parametrize("name", ["efficientnet_b0", "mobilenet_v3_small", "regnet_y_400mf"])
def test_squeeze_excitation_is_flagged(name):
    result = model_result(name)
    assert result.global_context
    assert any("squeeze-and-excitation" in n for n in result.notes)


@pytest.mark.parametrize("name", ["inception_v3", "densenet121", "googlenet", "shufflenet_v2_x1_0",
                                  "convnext_tiny", "squeezenet1_1", "mnasnet0_5", "alexnet", "regnet_x_400mf"])
def test_cnns_walk_without_unknown_ops(name):
    result = model_result(name)
    assert not result.global_context
    assert not any("not an op" in n or "dissolves" in n for n in result.notes)
    assert result.stages and result.stages[-1].receptive_field == result.receptive_field


@pytest.mark.parametrize("name", ["vit_b_16", "swin_t", "maxvit_t"])
def test_transformers_are_global(name):
    result = model_result(name)
    assert result.global_context
    assert any("attention" in n for n in result.notes)
    assert not any("not an op" in n for n in result.notes)


def test_swin_reports_every_stage_and_the_window_note():
    result = model_result("swin_t")
    assert result.final_layer == "features.7" and result.stages[-1].name == "features.7"
    assert any("7×7 tokens" in n and "covers the whole image" in n for n in result.notes)


def test_vit_and_maxvit_are_built_for_the_resolution_asked(cli):
    assert model_result("vit_b_16", 384).stages[0].size == (24, 24)
    assert model_result("vit_h_14").resolution == 224  # weightless ViT-H is built for 224, not its 518 weights
    res = cli("calc", "rf", "maxvit_t", "-r", "256")
    assert res.exit_code == 2 and "not divisible" in res.output and "\n" not in res.output.strip()


def test_vit_field_is_its_patch():
    result = model_result("vit_b_16")
    conv = build("vit_b_16").conv_proj
    assert result.receptive_field == conv.kernel_size[0] and result.final_layer == "conv_proj"


def test_resolution_too_small_is_a_shape_error(cli):
    res = cli("calc", "rf", "inception_v3", "--resolution", "32")
    assert res.exit_code == 2 and "cannot run on a 32×32 input" in res.output
    res = cli("calc", "rf", "vit_b_16", "--resolution", "100")
    assert res.exit_code == 2 and "indivisible by patch size" in res.output


# --- CLI ------------------------------------------------------------------------------------------

def test_cli_json_shape(cli):
    res = cli("calc", "rf", "resnet18", "--json")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert {"target", "receptive_field", "jump", "global_context", "stages"} <= set(data)
    assert data["target"] == "resnet18" and isinstance(data["receptive_field"], int)
    assert set(data["stages"][0]) >= {"name", "kernel", "stride", "receptive_field", "jump", "start"}
    assert data["stages"][-1]["receptive_field"] == data["receptive_field"]


def test_cli_table_and_explain(cli):
    res = cli("calc", "rf", "resnet50", "--explain")
    assert res.exit_code == 0
    assert "layer4" in res.output and "v1.5" in res.output and "r_out = r_in" in res.output


def test_cli_unknown_model_suggests(cli):
    res = cli("calc", "rf", "resnet5o")
    assert res.exit_code == 2
    assert "did you mean" in res.output and "resnet50" in res.output


def test_cli_bad_spec_names_the_token(cli):
    res = cli("calc", "rf", "c7s2,p3s2,c3x")
    assert res.exit_code == 2 and "'c3x'" in res.output


def test_cli_spec_json(cli):
    res = cli("calc", "rf", "c3*3", "--json")
    data = json.loads(res.stdout)
    assert data["kind"] == "spec" and [s["receptive_field"] for s in data["stages"]] == [3, 5, 7]


def test_bad_resolution(cli):
    assert cli("calc", "rf", "c3", "--resolution", "0").exit_code == 2
