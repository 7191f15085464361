"""The torch modules the calculators measure: plain conv, depthwise separable, basic, bottleneck and MBConv blocks.

Each block's children are named after the `key` of the matching formulas.Part, so a per-child count
lines up with its closed form. Build them under `torch.device("meta")`: no weight is allocated.
The layouts follow torchvision (ResNet v1.5 puts the stride on the 3×3; EfficientNet's MBConv squeezes
SE to a quarter of the block's *input* channels), and tests check the parameter counts against it.
"""

from __future__ import annotations

import torch
from torch import nn

from cnnquiz.calc.formulas import same_padding, se_channels


def conv_bn(cin: int, cout: int, k: int, stride: int = 1, groups: int = 1,
            act: type[nn.Module] | None = nn.ReLU) -> nn.Sequential:
    """Bias-free k×k conv with 'same' padding, BatchNorm, then an optional activation."""
    layers: list[nn.Module] = [nn.Conv2d(cin, cout, k, stride, same_padding(k), groups=groups, bias=False),
                               nn.BatchNorm2d(cout)]
    if act is not None:
        layers.append(act())
    return nn.Sequential(*layers)


class DepthwiseSeparable(nn.Module):
    """Depthwise k×k (groups = C_in) then pointwise 1×1, bias-free, without BN (the textbook comparison)."""

    def __init__(self, cin: int, cout: int, k: int = 3, stride: int = 1, padding: int | None = None) -> None:
        super().__init__()
        padding = same_padding(k) if padding is None else padding
        self.depthwise = nn.Conv2d(cin, cin, k, stride, padding, groups=cin, bias=False)
        self.pointwise = nn.Conv2d(cin, cout, 1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pointwise(self.depthwise(x))


def _shortcut(cin: int, cout: int, stride: int) -> nn.Module | None:
    return None if stride == 1 and cin == cout else conv_bn(cin, cout, 1, stride, act=None)


class PlainConv(nn.Module):
    """One k×k conv + BN + ReLU: the baseline a bottleneck replaces."""

    def __init__(self, cin: int, cout: int, k: int = 3, stride: int = 1) -> None:
        super().__init__()
        self.conv = conv_bn(cin, cout, k, stride)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


class BasicBlock(nn.Module):
    """ResNet-18/34 block: 3×3 conv-BN-ReLU, 3×3 conv-BN, add the (projected) input, ReLU."""

    def __init__(self, cin: int, cout: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = conv_bn(cin, cout, 3, stride)
        self.conv2 = conv_bn(cout, cout, 3, act=None)
        self.shortcut = _shortcut(cin, cout, stride)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.shortcut is None else self.shortcut(x)
        return torch.relu(self.conv2(self.conv1(x)) + identity)


class Bottleneck(nn.Module):
    """ResNet-50 block: 1×1 reduce, k×k (with the stride), 1×1 expand, add the (projected) input, ReLU."""

    def __init__(self, cin: int, mid: int, cout: int | None = None, stride: int = 1, k: int = 3) -> None:
        super().__init__()
        cout = cin if cout is None else cout
        self.reduce = conv_bn(cin, mid, 1)
        self.spatial = conv_bn(mid, mid, k, stride)
        self.expand = conv_bn(mid, cout, 1, act=None)
        self.shortcut = _shortcut(cin, cout, stride)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.shortcut is None else self.shortcut(x)
        return torch.relu(self.expand(self.spatial(self.reduce(x))) + identity)


class SqueezeExcite(nn.Module):
    """Global average pool, 1×1 conv down, SiLU, 1×1 conv up, sigmoid, scale the channels."""

    def __init__(self, channels: int, squeeze: int) -> None:
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, squeeze, 1)
        self.fc2 = nn.Conv2d(squeeze, channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        scale = torch.sigmoid(self.fc2(nn.functional.silu(self.fc1(self.pool(x)))))
        return x * scale


class MBConv(nn.Module):
    """Inverted residual: 1×1 expand (skipped at ratio 1), k×k depthwise, SE, 1×1 linear project."""

    def __init__(self, cin: int, cout: int, expand: int = 6, k: int = 3, stride: int = 1,
                 se: float = 0.25) -> None:
        super().__init__()
        hidden = cin * expand
        self.expand = conv_bn(cin, hidden, 1, act=nn.SiLU) if expand != 1 else None
        self.depthwise = conv_bn(hidden, hidden, k, stride, groups=hidden, act=nn.SiLU)
        self.se = SqueezeExcite(hidden, se_channels(cin, se)) if se > 0 else None
        self.project = conv_bn(hidden, cout, 1, act=None)
        self.residual = stride == 1 and cin == cout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = x if self.expand is None else self.expand(x)
        out = self.depthwise(out)
        if self.se is not None:
            out = self.se(out)
        out = self.project(out)
        return out + x if self.residual else out
