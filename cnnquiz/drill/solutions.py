"""Each drill kind's question text, exact answer and worked solution, from its parameters (pure Python).

Answers come from cnnquiz.calc.formulas and cnnquiz.rf; tests check them against torch modules
measured on the meta device. build(kind, params) is deterministic, so a problem can be rebuilt from its
--json parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from cnnquiz.calc import formulas as F
from cnnquiz.drill import hints
from cnnquiz.drill.problem import Problem, Step
from cnnquiz.rf import Layer, parse_spec, spec_result

ASK_MACS = "MACs (multiply-accumulates)"
ASK_FLOPS = "FLOPs (2 per multiply-accumulate, i.e. 2 × MACs)"


def _out_step(n: int, k: int, s: int, p: int, d: int = 1) -> Step:
    out = F.conv_output_size(n, k, s, p, d)
    return Step("output size", "⌊(n + 2p − d·(k−1) − 1) / s⌋ + 1",
                f"floor(({n} + 2*{p} - {d}*({k}-1) - 1)/{s}) + 1", out)


def conv_output(p: dict[str, Any]) -> Problem:
    n, k, s, pad, d = p["size"], p["kernel"], p["stride"], p["padding"], p["dilation"]
    dil = f", dilation {d}" if d > 1 else " (no dilation)"
    question = (f"A {k}×{k} convolution with stride {s} and padding {pad}{dil} slides over a {n}×{n} input. "
                f"PyTorch rounds the division down: what is the output size (height = width), in pixels?")
    steps = []
    if d > 1:
        steps.append(Step("effective kernel", "d·(k−1) + 1", f"{d}*({k}-1) + 1", d * (k - 1) + 1))
    steps.append(_out_step(n, k, s, pad, d))
    return Problem("conv-output", p, question, steps[-1].value, "px", True, tuple(steps), hints.conv_output(p))


def conv_params(p: dict[str, Any]) -> Problem:
    cin, cout, k, g, bias = p["cin"], p["cout"], p["kernel"], p["groups"], p["bias"]
    groups = f", groups={g}" if g > 1 else ""
    question = (f"How many learnable parameters does nn.Conv2d({cin}, {cout}, kernel_size={k}{groups}, "
                f"bias={bias}) have?")
    weights = F.conv_params(cin, cout, k, g, bias=False)
    steps = [Step("weights", "C_out · (C_in / g) · k²" if g > 1 else "C_out · C_in · k²",
                  f"{cout}*({cin}/{g})*{k}^2" if g > 1 else f"{cout}*{cin}*{k}^2", weights)]
    if bias:
        steps.append(Step("biases", "C_out", f"{cout}", cout))
        steps.append(Step("total", "weights + biases", f"{weights} + {cout}", F.conv_params(cin, cout, k, g, True)))
    return Problem("conv-params", p, question, steps[-1].value, "params", False, tuple(steps), hints.conv_params(p))


def conv_macs(p: dict[str, Any]) -> Problem:
    cin, cout, k, n, s, pad, g = (p[x] for x in ("cin", "cout", "kernel", "size", "stride", "padding", "groups"))
    flops = p["quantity"] == "FLOPs"
    groups = f", groups={g}" if g > 1 else ""
    question = (f"nn.Conv2d({cin}, {cout}, kernel_size={k}, stride={s}, padding={pad}{groups}, bias=False) runs on "
                f"one {cin}×{n}×{n} input. How many {ASK_FLOPS if flops else ASK_MACS} does it take?")
    cost = F.conv(cin, cout, k, n, stride=s, padding=pad, groups=g, bias=False)
    out = cost.out_height
    steps = [_out_step(n, k, s, pad),
             Step("MACs", "H_out · W_out · C_out · " + ("(C_in / g)" if g > 1 else "C_in") + " · k²",
                  f"{out}*{out}*{cout}*" + (f"({cin}/{g})" if g > 1 else f"{cin}") + f"*{k}^2", cost.macs)]
    if flops:
        steps.append(Step("FLOPs", "2 · MACs", f"2*{cost.macs}", cost.flops))
    return Problem("conv-macs", p, question, steps[-1].value, "flops" if flops else "macs", False, tuple(steps),
                   hints.conv_macs(p))


def depthwise(p: dict[str, Any]) -> Problem:
    cin, cout, k, n, s, ask = p["cin"], p["cout"], p["kernel"], p["size"], p["stride"], p["ask"]
    pad = F.same_padding(k)
    sep = F.depthwise_separable(cin, cout, k, n, s)
    out = sep.standard.out_height
    question = (f"A standard nn.Conv2d({cin}, {cout}, {k}, stride={s}, padding={pad}, bias=False) on a "
                f"{cin}×{n}×{n} input is replaced by a depthwise-separable pair: a {k}×{k} depthwise conv "
                f"(groups={cin}, same stride and padding) then a 1×1 pointwise conv {cin}→{cout}, no biases. ")
    question += {
        "reduction": "By what factor does the pair cut the MACs (standard ÷ separable)?",
        "fraction": "What fraction of the standard conv's MACs does the pair cost (separable ÷ standard)?",
        "separable_macs": "How many MACs does the pair cost in all (depthwise + pointwise)?",
    }[ask]
    steps = [_out_step(n, k, s, pad),
             Step("standard MACs", "H·W · C_out · C_in · k²", f"{out}*{out}*{cout}*{cin}*{k}^2",
                  sep.standard.macs),
             Step("depthwise MACs", "H·W · C_in · k²", f"{out}*{out}*{cin}*{k}^2", sep.depthwise.macs),
             Step("pointwise MACs", "H·W · C_in · C_out", f"{out}*{out}*{cin}*{cout}", sep.pointwise.macs),
             Step("separable MACs", "depthwise + pointwise", f"{sep.depthwise.macs} + {sep.pointwise.macs}",
                  sep.separable.macs)]
    fraction = Fraction(sep.separable.macs, sep.standard.macs)
    if ask == "fraction":
        steps.append(Step("separable ÷ standard", "1/C_out + 1/k²", f"1/{cout} + 1/{k}^2", fraction))
    elif ask == "reduction":
        steps.append(Step("standard ÷ separable", "1 / (1/C_out + 1/k²)",
                          f"{sep.standard.macs}/{sep.separable.macs}", 1 / fraction))
    unit = {"reduction": "ratio", "fraction": "fraction", "separable_macs": "macs"}[ask]
    return Problem("depthwise", p, question, steps[-1].value, unit, False, tuple(steps), hints.depthwise(p))


def bottleneck(p: dict[str, Any]) -> Problem:
    c, m, n = p["channels"], p["mid"], p["size"]
    question = (f"A ResNet bottleneck (1×1 conv {c}→{m}, 3×3 conv {m}→{m}, 1×1 conv {m}→{c}) replaces "
                f"a single 3×3 conv {c}→{c} on a {c}×{n}×{n} feature map. Counting conv weights only (no biases, "
                f"BatchNorm left out), how many parameters does the bottleneck save?")
    plain = F.plain_conv(c, c, n).params
    block = F.bottleneck_params(c, m)
    steps = (Step("plain 3×3 conv", "9 · C²", f"9*{c}^2", plain),
             Step("bottleneck", "C·m + 9·m² + m·C", f"{c}*{m} + 9*{m}^2 + {m}*{c}", block),
             Step("saved", "plain − bottleneck", f"{plain} - {block}", plain - block))
    return Problem("bottleneck", p, question, plain - block, "params", False, steps, hints.bottleneck(p))


def mbconv(p: dict[str, Any]) -> Problem:
    cin, cout, t, k, s, se, n, ask = (p[x] for x in ("cin", "cout", "expand", "kernel", "stride", "se", "size", "ask"))
    block = F.mbconv(cin, cout, t, k, s, se, n)
    hidden, sq, out = cin * t, F.se_channels(cin, se), block.out_size
    parts = [f"1×1 expand conv {cin}→{hidden} (×{t})"] if t != 1 else ["no expansion (ratio 1)"]
    parts.append(f"{k}×{k} depthwise conv on {hidden} channels, stride {s}")
    if se:
        parts.append(f"squeeze-and-excitation (global average pool, 1×1 conv {hidden}→{sq} and 1×1 conv "
                     f"{sq}→{hidden}, both with bias)")
    parts.append(f"1×1 project conv {hidden}→{cout}")
    question = (f"An inverted-residual block{' (EfficientNet MBConv)' if se else ' (MobileNetV2)'} on a "
                f"{cin}×{n}×{n} input: " + ", ".join(parts) + ". Every conv except SE's is bias-free, uses "
                "'same' padding and is followed by BatchNorm. ")
    if ask == "params":
        question += "How many learnable parameters does it have in all (conv weights, SE biases, BatchNorm γ and β)?"
    else:
        question += ("How many MACs does it take? Count the convs (SE's 1×1 convs run on the pooled 1×1 map); "
                     "BatchNorm, activations and the SE scaling are free.")
    steps = [Step("hidden channels", "C_in · t", f"{cin}*{t}", hidden)]
    if se:
        steps.append(Step("SE width", "⌊C_in · ratio⌋", f"floor({cin}*{se})", sq))
    if s > 1:
        steps.append(_out_step(n, k, s, F.same_padding(k)))
    by_key = {part.key: part for part in block.parts}
    if ask == "params":
        rows = {"expand": ("C_in·h + 2h", f"{cin}*{hidden} + 2*{hidden}"),
                "depthwise": ("k²·h + 2h", f"{k}^2*{hidden} + 2*{hidden}"),
                "se": ("h·q + q + q·h + h", f"{hidden}*{sq} + {sq} + {sq}*{hidden} + {hidden}"),
                "project": ("h·C_out + 2·C_out", f"{hidden}*{cout} + 2*{cout}")}
        values = {key: part.cost.params + part.bn_params for key, part in by_key.items()}
    else:
        rows = {"expand": ("H·W·C_in·h", f"{n}*{n}*{cin}*{hidden}"),
                "depthwise": ("H'·W'·h·k²", f"{out}*{out}*{hidden}*{k}^2"),
                "se": ("h·q + q·h", f"{hidden}*{sq} + {sq}*{hidden}"),
                "project": ("H'·W'·h·C_out", f"{out}*{out}*{hidden}*{cout}")}
        values = {key: part.cost.macs for key, part in by_key.items()}
    for key in by_key:
        formula, expr = rows[key]
        steps.append(Step(key, formula, expr, values[key]))
    total = block.params_with_bn if ask == "params" else block.macs
    steps.append(Step("total", "sum of the parts", " + ".join(str(values[key]) for key in by_key), total))
    return Problem("mbconv", p, question, total, "params" if ask == "params" else "macs", False, tuple(steps),
                   hints.mbconv(p))


def describe_layer(layer: Layer) -> str:
    what = "conv" if layer.op == "conv" else "max-pool"
    text = f"{what} {layer.kernel}×{layer.kernel}"
    if layer.stride > 1:
        text += f" stride {layer.stride}"
    if layer.dilation > 1:
        text += f" dilation {layer.dilation}"
    return text


def rf(p: dict[str, Any]) -> Problem:
    layers = parse_spec(p["spec"])
    result = spec_result(p["spec"])
    question = (f"A stack of {len(layers)} layers: " + " → ".join(describe_layer(x) for x in layers) +
                ". Padding does not matter here: how many input pixels (along one axis) does one unit of the "
                "last layer see — what is its receptive field?")
    steps, r, j = [], 1, 1
    for i, (layer, stage) in enumerate(zip(layers, result.stages)):
        d = f"*{layer.dilation}" if layer.dilation > 1 else ""
        steps.append(Step(describe_layer(layer), "r + (k−1)·d·j" if layer.dilation > 1 else "r + (k−1)·j",
                          f"{r} + ({layer.kernel}-1){d}*{j}", stage.receptive_field))
        if layer.stride > 1 and i < len(layers) - 1:  # the last layer's jump does not change its field
            steps.append(Step("  jump", "j · s", f"{j}*{layer.stride}", stage.jump))
        r, j = stage.receptive_field, stage.jump
    return Problem("rf", p, question, result.receptive_field, "px", True, tuple(steps), hints.rf(p))


def scaled(p: dict[str, Any]) -> tuple[int, int, int]:
    """The width drill's (C_in, C_out, groups) at α: the image's 3 channels never scale."""
    a, cin, cout = Fraction(str(p["alpha"])), p["cin"], p["cout"]
    if p["layer"] == "depthwise":
        c = int(a * cin)
        return c, c, c
    return (cin if p["layer"] == "stem" else int(a * cin)), int(a * cout), 1


def width(p: dict[str, Any]) -> Problem:
    layer, cin, cout, k = p["layer"], p["cin"], p["cout"], p["kernel"]
    n, s, a, ask = p["size"], p["stride"], p["alpha"], p["ask"]
    pad = F.same_padding(k)
    out = F.conv_output_size(n, k, s, pad)
    groups = cin if layer == "depthwise" else 1
    base = F.conv_macs(cin, cout, k, out, groups=groups)
    desc = {"pointwise": f"a 1×1 conv {cin}→{cout} on a {n}×{n} map",
            "depthwise": f"a {k}×{k} depthwise conv on {cin} channels, stride {s}, on a {n}×{n} map",
            "stem": f"the first conv, {k}×{k} 3→{cout} stride {s}, on a 3×{n}×{n} image"}[layer]
    question = (f"MobileNet's width multiplier α scales every layer's channel count (the 3 channels of the image "
                f"stay 3). At α = 1, {desc} takes {base:,} MACs. ")
    question += (f"How many MACs does it take at α = {a}?" if ask == "macs" else
                 f"At α = {a}, what fraction of its α = 1 MACs does it take?")
    ci, co, g = scaled(p)
    macs = F.conv_macs(ci, co, k, out, groups=g)
    steps = [Step("input channels at α", "α · C_in", f"{a}*{cin}", ci)] if layer == "pointwise" else []
    steps.append(Step("channels at α", "α · C_out" if layer != "depthwise" else "α · C", f"{a}*{cout}", co))
    if layer == "depthwise":
        steps.append(Step("MACs at α", "H·W · αC · k²", f"{out}*{out}*{co}*{k}^2", macs))
        rule = ("α", f"{a}")
    else:
        formula = "H·W · αC_out · αC_in · k²" if layer == "pointwise" else "H·W · αC_out · 3 · k²"
        steps.append(Step("MACs at α", formula, f"{out}*{out}*{co}*{ci}*{k}^2", macs))
        rule = ("α²", f"{a}^2") if layer == "pointwise" else ("α", f"{a}")
    if ask == "fraction":
        steps.append(Step("fraction", rule[0], rule[1], Fraction(macs, base)))
    note = ("pointwise (C_in·C_out) layers scale by α², depthwise convs and the stem by α; real MobileNets also "
            "round channels to multiples of 8")
    return Problem("width", p, question, steps[-1].value, "macs" if ask == "macs" else "fraction", False,
                   tuple(steps), hints.width(p), (note,))


def scaling(p: dict[str, Any]) -> Problem:
    phi, ask, a, b, g, res = (p[x] for x in ("phi", "ask", "alpha", "beta", "gamma", "base_resolution"))
    row = F.compound_scaling(phi, a, b, g, res)
    question = (f"EfficientNet's compound scaling sets depth d = α^φ, width w = β^φ and resolution r = γ^φ, with "
                f"α = {a}, β = {b}, γ = {g}; FLOPs grow as d·w²·r². For φ = {phi}, ")
    question += {"flops": "by what factor do the FLOPs grow over the baseline?",
                 "depth": "what is the depth multiplier d?",
                 "width": "what is the width multiplier w?",
                 "resolution": f"what input resolution does the rule give for a {res} px baseline (rounded)?"}[ask]
    if ask == "flops":
        steps = (Step("per unit of φ", "α·β²·γ²", f"{a}*{b}^2*{g}^2", F.scaling_constraint(a, b, g)),
                 Step("FLOPs factor", "(α·β²·γ²)^φ", f"({a}*{b}^2*{g}^2)^{phi}", row.flops_factor))
        answer, unit = row.flops_factor, "ratio"
    elif ask == "resolution":
        steps = (Step("resolution", "r₀ · γ^φ", f"{res}*{g}^{phi}", res * row.resolution_mult),
                 Step("rounded", "nearest pixel", f"{row.resolution}", row.resolution))
        answer, unit = row.resolution, "px"
    else:
        symbol, value = ("α", row.depth) if ask == "depth" else ("β", row.width)
        steps = (Step(f"{ask} multiplier", f"{symbol}^φ", f"{a if ask == 'depth' else b}^{phi}", value),)
        answer, unit = value, "ratio"
    return Problem("scaling", p, question, answer, unit, False, steps, hints.scaling(p))


BUILDERS: dict[str, Callable[[dict[str, Any]], Problem]] = {
    "conv-output": conv_output, "conv-params": conv_params, "conv-macs": conv_macs, "depthwise": depthwise,
    "bottleneck": bottleneck, "mbconv": mbconv, "rf": rf, "width": width, "scaling": scaling,
}


def build(kind: str, params: dict[str, Any]) -> Problem:
    """The problem of a kind for given parameters (ShapeError/ParseError if they are impossible)."""
    return BUILDERS[kind](dict(params))
