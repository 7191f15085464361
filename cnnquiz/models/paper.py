"""Models the bank cites that torchvision lacks, built from their papers: MobileNet v1, SE-ResNet-50, WRN-28-10.

Imports torch: only cnnquiz.models.build loads this module, through the builder strings of the registry
(models.registry.PAPER_MODELS), which also holds each build's family, input resolution and citation.
"""

from __future__ import annotations

import torch
from torch import nn

# MobileNet v1 (Howard et al. 2017, Table 1): after a 3x3/2 stem of 32 channels, 13 depthwise
# separable blocks (depthwise 3x3 with this stride, then pointwise 1x1 to this width).
MOBILENET_V1_BLOCKS: tuple[tuple[int, int], ...] = (
    (1, 64), (2, 128), (1, 128), (2, 256), (1, 256), (2, 512),
    (1, 512), (1, 512), (1, 512), (1, 512), (1, 512), (2, 1024), (1, 1024),
)


def _conv_bn(cin: int, cout: int, k: int, stride: int, groups: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class MobileNetV1(nn.Module):
    """MobileNet v1 with width multiplier alpha (channels int(c * alpha), as in the paper's Table 6)."""

    def __init__(self, width_mult: float = 1.0, num_classes: int = 1000) -> None:
        super().__init__()
        if width_mult <= 0:
            raise ValueError("width_mult must be positive")
        cin = max(1, int(32 * width_mult))
        layers: list[nn.Module] = [_conv_bn(3, cin, 3, 2)]
        for stride, width in MOBILENET_V1_BLOCKS:
            cout = max(1, int(width * width_mult))
            layers += [_conv_bn(cin, cin, 3, stride, groups=cin), _conv_bn(cin, cout, 1, 1)]
            cin = cout
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(cin, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))


class SqueezeExcite(nn.Module):
    """Squeeze-and-excitation (Hu et al. 2018): global pool, C -> C/r -> C with biases, sigmoid gate."""

    def __init__(self, channels: int, reduction: int = 16) -> None:
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, channels // reduction, 1)
        self.relu = nn.ReLU(inplace=True)
        self.fc2 = nn.Conv2d(channels // reduction, channels, 1)
        self.gate = nn.Sigmoid()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.gate(self.fc2(self.relu(self.fc1(self.pool(x)))))


def se_resnet50(num_classes: int = 1000) -> nn.Module:
    """SE-ResNet-50: torchvision's ResNet-50 with an SE block (r = 16) on each bottleneck's residual branch."""
    from torchvision.models import resnet50

    model = resnet50(weights=None, num_classes=num_classes)
    for stage in (model.layer1, model.layer2, model.layer3, model.layer4):
        for block in stage:
            channels = block.bn3.num_features
            block.bn3 = nn.Sequential(block.bn3, SqueezeExcite(channels))
    return model


class _WideBlock(nn.Module):
    """Pre-activation basic block of a wide ResNet (BN-ReLU-conv3x3 twice, 1x1 projection on change)."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.bn1, self.relu1 = nn.BatchNorm2d(cin), nn.ReLU(inplace=True)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2, self.relu2 = nn.BatchNorm2d(cout), nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.shortcut = (nn.Conv2d(cin, cout, 1, stride, bias=False)
                         if cin != cout or stride != 1 else None)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu1(self.bn1(x))
        skip = x if self.shortcut is None else self.shortcut(out)
        out = self.conv2(self.relu2(self.bn2(self.conv1(out))))
        return out + skip


class WideResNet(nn.Module):
    """CIFAR wide ResNet WRN-d-k (Zagoruyko & Komodakis 2016): (d - 4) / 6 blocks per group, widths 16k, 32k, 64k."""

    def __init__(self, depth: int = 28, k: int = 10, num_classes: int = 10) -> None:
        super().__init__()
        if (depth - 4) % 6:
            raise ValueError("WRN depth must be 6n + 4")
        n = (depth - 4) // 6
        widths = (16, 16 * k, 32 * k, 64 * k)
        layers: list[nn.Module] = [nn.Conv2d(3, widths[0], 3, 1, 1, bias=False)]
        cin = widths[0]
        for group, width in enumerate(widths[1:]):
            for i in range(n):
                layers.append(_WideBlock(cin, width, 2 if group and i == 0 else 1))
                cin = width
        layers += [nn.BatchNorm2d(cin), nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.features(x))
