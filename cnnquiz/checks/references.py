"""Reference implementations the checks measure answers against (imported only in the check's child process)."""

from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F


def hard_swish(x: torch.Tensor) -> torch.Tensor:
    """h-swish(x) = x * ReLU6(x + 3) / 6 (Howard et al., MobileNetV3)."""
    return x * F.relu6(x + 3) / 6


def channel_shuffle(x: torch.Tensor, groups: int) -> torch.Tensor:
    """ShuffleNet's channel shuffle: reshape channels to (g, n), transpose to (n, g), flatten."""
    b, c, h, w = x.shape
    return x.reshape(b, groups, c // groups, h, w).transpose(1, 2).reshape(b, c, h, w)


class BasicBlock(nn.Module):
    """ResNet's basic block: conv3x3-BN-ReLU-conv3x3-BN, plus the shortcut (1x1 projection if shapes differ), ReLU."""

    def __init__(self, c_in: int, c_out: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.shortcut: nn.Module = nn.Identity()
        if stride != 1 or c_in != c_out:
            self.shortcut = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class SEBlock(nn.Module):
    """Squeeze-and-excitation (Hu et al.): x * sigmoid(FC(ReLU(FC(GAP(x))))), reduction r."""

    def __init__(self, channels: int, reduction: int = 16) -> None:
        super().__init__()
        mid = max(1, channels // reduction)
        self.fc = nn.Sequential(nn.Conv2d(channels, mid, 1), nn.ReLU(inplace=True), nn.Conv2d(mid, channels, 1),
                                nn.Sigmoid())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.fc(x.mean((2, 3), keepdim=True))


def build(name: str, args: tuple, kwargs: dict):
    """The reference for a check: a module built with the case's args, or a function of x."""
    if name == "hard_swish":
        return hard_swish
    if name == "channel_shuffle":
        return lambda x: channel_shuffle(x, *args, **kwargs)
    if name == "basic_block":
        return BasicBlock(*args, **kwargs)
    if name == "se_block":
        return SEBlock(*args, **kwargs)
    raise KeyError(name)
