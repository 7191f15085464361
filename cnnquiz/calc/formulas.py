"""Closed-form output sizes, parameter and MAC counts of conv layers and CNN blocks (pure Python, no torch).

Counts are for one image (batch 1). MACs are multiply-accumulates; FLOPs = 2 × MACs. Only conv and
linear layers cost MACs here (the convention of papers and of torch's FlopCounterMode): BatchNorm,
activations, pooling and SE's channel scaling are free. Every function validates its input and raises
ShapeError for impossible shapes, so callers can build torch modules afterwards without surprises.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cnnquiz.errors import ShapeError
from cnnquiz.models import EFFICIENTNET_PAPER as PAPER

Kernel = int | tuple[int, int]


@dataclass(frozen=True)
class Cost:
    """Learnable parameters and multiply-accumulates of a layer or block; FLOPs = 2 × MACs."""

    params: int
    macs: int

    @property
    def flops(self) -> int:
        return 2 * self.macs

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.params + other.params, self.macs + other.macs)


@dataclass(frozen=True)
class ConvCost(Cost):
    """The cost of one conv layer and the spatial size of its output."""

    out_height: int = 0
    out_width: int = 0


def _positive(**values: int) -> None:
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ShapeError(f"{name} must be a positive integer, got {value}")


def _pair(k: Kernel) -> tuple[int, int]:
    kh, kw = (k, k) if isinstance(k, int) else k
    _positive(kernel=kh)
    _positive(kernel=kw)
    return kh, kw


def same_padding(k: int, dilation: int = 1) -> int:
    """The padding that keeps the size at stride 1 for an odd effective kernel: d·(k−1)/2."""
    return dilation * (k - 1) // 2


def conv_output_size(size: int, k: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """One spatial output size: ⌊(n + 2p − d·(k−1) − 1) / s⌋ + 1 (PyTorch's Conv2d rule)."""
    _positive(size=size, kernel=k, stride=stride, dilation=dilation)
    if isinstance(padding, bool) or not isinstance(padding, int) or padding < 0:
        raise ShapeError(f"padding must be a non-negative integer, got {padding}")
    effective = dilation * (k - 1) + 1
    if effective > size + 2 * padding:
        what = f"kernel {k}" + (f" (effective {effective} with dilation {dilation})" if dilation > 1 else "")
        raise ShapeError(f"{what} is bigger than the padded input {size} + 2×{padding} = {size + 2 * padding}")
    return (size + 2 * padding - effective) // stride + 1


def check_groups(cin: int, cout: int, groups: int) -> None:
    """Raise ShapeError unless groups divides both channel counts."""
    _positive(in_channels=cin, out_channels=cout, groups=groups)
    if cin % groups or cout % groups:
        raise ShapeError(f"groups={groups} must divide both in_channels={cin} and out_channels={cout}")


def conv_params(cin: int, cout: int, k: Kernel, groups: int = 1, bias: bool = True) -> int:
    """Conv weights + biases: C_out · (C_in/g) · k_h · k_w (+ C_out)."""
    kh, kw = _pair(k)
    check_groups(cin, cout, groups)
    return cout * (cin // groups) * kh * kw + (cout if bias else 0)


def conv_macs(cin: int, cout: int, k: Kernel, out_height: int, out_width: int | None = None,
              groups: int = 1) -> int:
    """Conv MACs: H_out · W_out · C_out · (C_in/g) · k_h · k_w (the bias add is not counted)."""
    kh, kw = _pair(k)
    check_groups(cin, cout, groups)
    out_width = out_height if out_width is None else out_width
    _positive(out_height=out_height, out_width=out_width)
    return out_height * out_width * cout * (cin // groups) * kh * kw


def conv(cin: int, cout: int, k: Kernel, height: int, width: int | None = None, stride: int = 1,
         padding: int = 0, dilation: int = 1, groups: int = 1, bias: bool = True) -> ConvCost:
    """Output size, params and MACs of one nn.Conv2d on a C_in × H × W input."""
    kh, kw = _pair(k)
    width = height if width is None else width
    check_groups(cin, cout, groups)
    oh = conv_output_size(height, kh, stride, padding, dilation)
    ow = conv_output_size(width, kw, stride, padding, dilation)
    return ConvCost(conv_params(cin, cout, (kh, kw), groups, bias), conv_macs(cin, cout, (kh, kw), oh, ow, groups),
                    oh, ow)


def bn_params(channels: int) -> int:
    """BatchNorm2d learnable parameters: γ and β per channel (running stats are buffers)."""
    _positive(channels=channels)
    return 2 * channels


def separable_ratio(cout: int, k: int) -> float:
    """Depthwise-separable cost over standard conv cost: 1/C_out + 1/k² (exact without bias)."""
    _positive(out_channels=cout, kernel=k)
    return 1 / cout + 1 / k**2


@dataclass(frozen=True)
class Separable:
    """Standard k×k conv against depthwise k×k (groups=C_in) + pointwise 1×1, all without bias."""

    standard: ConvCost
    depthwise: ConvCost
    pointwise: ConvCost

    @property
    def separable(self) -> Cost:
        return self.depthwise + self.pointwise

    @property
    def reduction(self) -> float:
        """Standard MACs / separable MACs."""
        return self.standard.macs / self.separable.macs

    @property
    def params_reduction(self) -> float:
        return self.standard.params / self.separable.params


def depthwise_separable(cin: int, cout: int, k: int = 3, size: int = 112, stride: int = 1,
                        padding: int | None = None, width: int | None = None) -> Separable:
    """The MobileNet comparison on a C_in × size × size input ('same' padding k//2 by default)."""
    padding = same_padding(k) if padding is None else padding
    standard = conv(cin, cout, k, size, width, stride, padding, bias=False)
    depthwise = conv(cin, cin, k, size, width, stride, padding, groups=cin, bias=False)
    pointwise = conv(cin, cout, 1, depthwise.out_height, depthwise.out_width, bias=False)
    return Separable(standard, depthwise, pointwise)


def bottleneck_params(channels: int, mid: int, k: int = 3) -> int:
    """ResNet bottleneck conv weights (no BN, no bias): C·m + k²·m² + m·C."""
    _positive(channels=channels, mid=mid, kernel=k)
    return channels * mid + k * k * mid * mid + mid * channels


@dataclass(frozen=True)
class ScalingRow:
    """Compound-scaling multipliers for one φ: depth α^φ, width β^φ, resolution γ^φ."""

    phi: int
    depth: float
    width: float
    resolution_mult: float
    resolution: int
    flops_factor: float

    @property
    def doubling(self) -> int:
        """2^φ, the FLOPs growth the constraint αβ²γ² ≈ 2 aims at."""
        return 2**self.phi


def scaling_constraint(alpha: float, beta: float, gamma: float) -> float:
    """α·β²·γ²: the FLOPs growth per unit of φ (FLOPs ∝ d·w²·r²); EfficientNet asks for ≈ 2."""
    for name, value in (("alpha", alpha), ("beta", beta), ("gamma", gamma)):
        if not value > 0 or math.isinf(value):
            raise ShapeError(f"{name} must be a positive number, got {value}")
    return alpha * beta**2 * gamma**2


def compound_scaling(phi: int, alpha: float = PAPER.alpha, beta: float = PAPER.beta, gamma: float = PAPER.gamma,
                     base_resolution: int = PAPER.base_resolution) -> ScalingRow:
    """EfficientNet's rule d = α^φ, w = β^φ, r = γ^φ; FLOPs grow by (αβ²γ²)^φ."""
    if isinstance(phi, bool) or not isinstance(phi, int) or phi < 0:
        raise ShapeError(f"phi must be a non-negative integer, got {phi}")
    _positive(base_resolution=base_resolution)
    factor = scaling_constraint(alpha, beta, gamma) ** phi
    return ScalingRow(phi, alpha**phi, beta**phi, gamma**phi, round(base_resolution * gamma**phi), factor)


def width_cost(alpha: float) -> float:
    """The width-multiplier rule: params and MACs of C_in·C_out layers scale by α²."""
    if not alpha > 0 or math.isinf(alpha):
        raise ShapeError(f"alpha must be a positive number, got {alpha}")
    return alpha**2


def make_divisible(value: float, divisor: int = 8, min_value: int | None = None) -> int:
    """Round a channel count to a multiple of divisor, never more than 10% down (MobileNet's rule)."""
    min_value = divisor if min_value is None else min_value
    rounded = max(min_value, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


@dataclass(frozen=True)
class Part:
    """One part of a block: the cost of its conv (or linear) layers and of the BatchNorm after them."""

    key: str
    label: str
    cost: Cost
    bn_params: int = 0


@dataclass(frozen=True)
class Block:
    """A block's parts in forward order; params count conv weights, params_with_bn adds BN γ/β."""

    name: str
    parts: tuple[Part, ...]
    out_channels: int
    out_size: int

    @property
    def cost(self) -> Cost:
        return sum((p.cost for p in self.parts), Cost(0, 0))

    @property
    def params(self) -> int:
        return self.cost.params

    @property
    def params_with_bn(self) -> int:
        return self.params + sum(p.bn_params for p in self.parts)

    @property
    def macs(self) -> int:
        return self.cost.macs

    @property
    def flops(self) -> int:
        return self.cost.flops


def _conv_bn(key: str, label: str, cin: int, cout: int, k: int, size: int, stride: int = 1,
             groups: int = 1) -> tuple[Part, int]:
    """A bias-free k×k conv with 'same' padding followed by BN, and its output size."""
    c = conv(cin, cout, k, size, stride=stride, padding=same_padding(k), groups=groups, bias=False)
    return Part(key, label, Cost(c.params, c.macs), bn_params(cout)), c.out_height


def _shortcut(cin: int, cout: int, size: int, stride: int) -> list[Part]:
    """ResNet's projection shortcut (1×1 conv + BN) when the shape changes, else nothing."""
    if stride == 1 and cin == cout:
        return []
    return [_conv_bn("shortcut", f"1×1 shortcut {cin}→{cout}" + (f", stride {stride}" if stride > 1 else ""), cin, cout, 1, size, stride)[0]]


def plain_conv(cin: int, cout: int, size: int, k: int = 3, stride: int = 1) -> Block:
    """A single k×k conv + BN: the baseline a bottleneck replaces."""
    part, out = _conv_bn("conv", f"{k}×{k} conv {cin}→{cout}", cin, cout, k, size, stride)
    return Block("plain", (part,), cout, out)


def basic_block(cin: int, cout: int, size: int, stride: int = 1) -> Block:
    """ResNet-18/34 basic block: two 3×3 convs with BN (+ projection shortcut when needed)."""
    first, out = _conv_bn("conv1", f"3×3 conv {cin}→{cout}", cin, cout, 3, size, stride)
    second, out = _conv_bn("conv2", f"3×3 conv {cout}→{cout}", cout, cout, 3, out)
    return Block("basic", (first, second, *_shortcut(cin, cout, size, stride)), cout, out)


def bottleneck(cin: int, mid: int, cout: int | None = None, size: int = 56, stride: int = 1, k: int = 3) -> Block:
    """ResNet-50 bottleneck: 1×1 reduce, k×k (carrying the stride), 1×1 expand, each with BN."""
    cout = cin if cout is None else cout
    _positive(channels=cin, mid=mid, out_channels=cout)
    reduce, out = _conv_bn("reduce", f"1×1 reduce {cin}→{mid}", cin, mid, 1, size)
    spatial, out = _conv_bn("spatial", f"{k}×{k} conv {mid}→{mid}" + (f", stride {stride}" if stride > 1 else ""), mid, mid, k, out, stride)
    expand, out = _conv_bn("expand", f"1×1 expand {mid}→{cout}", mid, cout, 1, out)
    return Block("bottleneck", (reduce, spatial, expand, *_shortcut(cin, cout, size, stride)), cout, out)


def se_channels(cin: int, se: float) -> int:
    """SE squeeze width in EfficientNet: max(1, ⌊C_in · ratio⌋) of the block's input channels."""
    return max(1, int(cin * se))


def mbconv(cin: int, cout: int, expand: int = 6, k: int = 3, stride: int = 1, se: float = 0.25,
           size: int = 56) -> Block:
    """Inverted residual (MBConv): 1×1 expand, k×k depthwise, SE (two 1×1 convs with bias), 1×1 project."""
    _positive(in_channels=cin, out_channels=cout, expand=expand, size=size)
    if not 0 <= se <= 1:
        raise ShapeError(f"se ratio must be between 0 and 1, got {se}")
    hidden = cin * expand
    parts: list[Part] = []
    out = size
    if expand != 1:
        part, out = _conv_bn("expand", f"1×1 expand {cin}→{hidden}", cin, hidden, 1, size)
        parts.append(part)
    part, out = _conv_bn("depthwise", f"{k}×{k} depthwise {hidden}" + (f", stride {stride}" if stride > 1 else ""), hidden, hidden, k, out,
                         stride, groups=hidden)
    parts.append(part)
    if se > 0:
        sq = se_channels(cin, se)
        params = conv_params(hidden, sq, 1) + conv_params(sq, hidden, 1)
        macs = conv_macs(hidden, sq, 1, 1) + conv_macs(sq, hidden, 1, 1)
        parts.append(Part("se", f"SE {hidden}→{sq}→{hidden}", Cost(params, macs)))
    part, out = _conv_bn("project", f"1×1 project {hidden}→{cout}", hidden, cout, 1, out)
    parts.append(part)
    return Block("mbconv", tuple(parts), cout, out)
