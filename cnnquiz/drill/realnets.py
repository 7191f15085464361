"""Real layer shapes of torchvision models, for realistic drill shapes and "where it appears" hints.

Plain data (no torch): tests/test_drill_realnets.py builds each model on the meta device and checks
every entry — channels, kernel, stride, padding, groups, bias and the input size seen in a forward pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnquiz.models import display_name

# Channel counts that occur in the models of the tables below, and spatial sizes of their feature maps.
SIZES = (7, 14, 28, 56, 112, 224)
CHANNELS_AT = {  # channel counts these models use at each feature-map size (224 input)
    224: (3, 16, 32, 64),
    112: (16, 32, 64, 96, 128),
    56: (24, 64, 128, 144, 256),
    28: (32, 40, 128, 192, 256, 512),
    14: (64, 80, 96, 112, 256, 384, 512, 576, 1024),
    7: (160, 192, 320, 512, 960, 1024, 2048),
}


@dataclass(frozen=True)
class RealConv:
    """One nn.Conv2d of a torchvision model and the input size it sees at the model's default resolution."""

    model: str
    path: str
    cin: int
    cout: int
    k: int
    stride: int
    padding: int
    size: int
    groups: int = 1
    bias: bool = False
    dilation: int = 1

    @property
    def where(self) -> str:
        return f"{display_name(self.model)} {self.path}"


@dataclass(frozen=True)
class RealSeparable:
    """A depthwise k×k conv followed by a 1×1 pointwise conv (MobileNetV2's inverted-residual tail)."""

    model: str
    depthwise: str
    pointwise: str
    cin: int
    cout: int
    k: int
    stride: int
    size: int

    @property
    def where(self) -> str:
        return f"{display_name(self.model)} {self.depthwise} + {self.pointwise}"


@dataclass(frozen=True)
class RealBottleneck:
    """A bottleneck block without a shortcut projection: 1×1 C→m, 3×3 m→m, 1×1 m→C."""

    model: str
    path: str
    channels: int
    mid: int
    size: int

    @property
    def where(self) -> str:
        return f"{display_name(self.model)} {self.path}"


@dataclass(frozen=True)
class RealMBConv:
    """An inverted-residual block (EfficientNet MBConv with SE, or MobileNetV2's without)."""

    model: str
    path: str
    cin: int
    cout: int
    expand: int
    k: int
    stride: int
    se: float
    size: int

    @property
    def where(self) -> str:
        return f"{display_name(self.model)} {self.path}"


@dataclass(frozen=True)
class RealStack:
    """A run of consecutive conv/pool layers of a model, written as a receptive-field layer spec (cnnquiz.rf)."""

    model: str
    paths: tuple[str, ...]
    spec: str
    label: str

    @property
    def where(self) -> str:
        return f"{display_name(self.model)} {self.label} ({', '.join(self.paths)})"


@dataclass(frozen=True)
class RealEfficientNet:
    """torchvision's efficientnet_b{phi}: its builder's width and depth multipliers, and its weights' crop size."""

    phi: int
    width_mult: float
    depth_mult: float
    resolution: int


CONVS: tuple[RealConv, ...] = (
    RealConv("resnet50", "conv1", 3, 64, 7, 2, 3, 224),
    RealConv("resnet50", "layer1.0.conv1", 64, 64, 1, 1, 0, 56),
    RealConv("resnet50", "layer1.0.conv2", 64, 64, 3, 1, 1, 56),
    RealConv("resnet50", "layer1.0.conv3", 64, 256, 1, 1, 0, 56),
    RealConv("resnet50", "layer1.1.conv1", 256, 64, 1, 1, 0, 56),
    RealConv("resnet50", "layer2.0.conv2", 128, 128, 3, 2, 1, 56),
    RealConv("resnet50", "layer2.0.downsample.0", 256, 512, 1, 2, 0, 56),
    RealConv("resnet50", "layer2.1.conv2", 128, 128, 3, 1, 1, 28),
    RealConv("resnet50", "layer3.0.conv2", 256, 256, 3, 2, 1, 28),
    RealConv("resnet50", "layer3.1.conv1", 1024, 256, 1, 1, 0, 14),
    RealConv("resnet50", "layer3.1.conv2", 256, 256, 3, 1, 1, 14),
    RealConv("resnet50", "layer4.0.conv2", 512, 512, 3, 2, 1, 14),
    RealConv("resnet50", "layer4.1.conv2", 512, 512, 3, 1, 1, 7),
    RealConv("resnet18", "layer2.0.conv1", 64, 128, 3, 2, 1, 56),
    RealConv("resnet18", "layer3.0.conv1", 128, 256, 3, 2, 1, 28),
    RealConv("resnet18", "layer4.0.conv1", 256, 512, 3, 2, 1, 14),
    RealConv("resnext50_32x4d", "layer1.0.conv2", 128, 128, 3, 1, 1, 56, groups=32),
    RealConv("resnext50_32x4d", "layer3.1.conv2", 512, 512, 3, 1, 1, 14, groups=32),
    RealConv("vgg16", "features.0", 3, 64, 3, 1, 1, 224, bias=True),
    RealConv("vgg16", "features.2", 64, 64, 3, 1, 1, 224, bias=True),
    RealConv("vgg16", "features.5", 64, 128, 3, 1, 1, 112, bias=True),
    RealConv("vgg16", "features.10", 128, 256, 3, 1, 1, 56, bias=True),
    RealConv("vgg16", "features.12", 256, 256, 3, 1, 1, 56, bias=True),
    RealConv("vgg16", "features.17", 256, 512, 3, 1, 1, 28, bias=True),
    RealConv("vgg16", "features.24", 512, 512, 3, 1, 1, 14, bias=True),
    RealConv("alexnet", "features.3", 64, 192, 5, 1, 2, 27, bias=True),
    RealConv("alexnet", "features.6", 192, 384, 3, 1, 1, 13, bias=True),
    RealConv("alexnet", "features.8", 384, 256, 3, 1, 1, 13, bias=True),
    RealConv("mobilenet_v2", "features.0.0", 3, 32, 3, 2, 1, 224),
    RealConv("mobilenet_v2", "features.2.conv.0.0", 16, 96, 1, 1, 0, 112),
    RealConv("mobilenet_v2", "features.2.conv.1.0", 96, 96, 3, 2, 1, 112, groups=96),
    RealConv("mobilenet_v2", "features.4.conv.1.0", 144, 144, 3, 2, 1, 56, groups=144),
    RealConv("mobilenet_v2", "features.7.conv.2", 192, 64, 1, 1, 0, 14),
    RealConv("mobilenet_v2", "features.14.conv.1.0", 576, 576, 3, 2, 1, 14, groups=576),
    RealConv("mobilenet_v2", "features.18.0", 320, 1280, 1, 1, 0, 7),
    RealConv("efficientnet_b0", "features.3.0.block.1.0", 144, 144, 5, 2, 2, 56, groups=144),
    RealConv("efficientnet_b0", "features.5.0.block.1.0", 480, 480, 5, 1, 2, 14, groups=480),
)

SEPARABLES: tuple[RealSeparable, ...] = (
    RealSeparable("mobilenet_v2", "features.1.conv.0.0", "features.1.conv.1", 32, 16, 3, 1, 112),
    RealSeparable("mobilenet_v2", "features.2.conv.1.0", "features.2.conv.2", 96, 24, 3, 2, 112),
    RealSeparable("mobilenet_v2", "features.3.conv.1.0", "features.3.conv.2", 144, 24, 3, 1, 56),
    RealSeparable("mobilenet_v2", "features.4.conv.1.0", "features.4.conv.2", 144, 32, 3, 2, 56),
    RealSeparable("mobilenet_v2", "features.7.conv.1.0", "features.7.conv.2", 192, 64, 3, 2, 28),
    RealSeparable("mobilenet_v2", "features.11.conv.1.0", "features.11.conv.2", 384, 96, 3, 1, 14),
    RealSeparable("mobilenet_v2", "features.14.conv.1.0", "features.14.conv.2", 576, 160, 3, 2, 14),
    RealSeparable("mobilenet_v2", "features.17.conv.1.0", "features.17.conv.2", 960, 320, 3, 1, 7),
)

BOTTLENECKS: tuple[RealBottleneck, ...] = (
    RealBottleneck("resnet50", "layer1.1", 256, 64, 56),
    RealBottleneck("resnet50", "layer2.1", 512, 128, 28),
    RealBottleneck("resnet50", "layer3.1", 1024, 256, 14),
    RealBottleneck("resnet50", "layer4.1", 2048, 512, 7),
    RealBottleneck("wide_resnet50_2", "layer1.1", 256, 128, 56),
    RealBottleneck("wide_resnet50_2", "layer3.1", 1024, 512, 14),
)

MBCONVS: tuple[RealMBConv, ...] = (
    RealMBConv("efficientnet_b0", "features.1.0", 32, 16, 1, 3, 1, 0.25, 112),
    RealMBConv("efficientnet_b0", "features.2.0", 16, 24, 6, 3, 2, 0.25, 112),
    RealMBConv("efficientnet_b0", "features.2.1", 24, 24, 6, 3, 1, 0.25, 56),
    RealMBConv("efficientnet_b0", "features.3.0", 24, 40, 6, 5, 2, 0.25, 56),
    RealMBConv("efficientnet_b0", "features.4.0", 40, 80, 6, 3, 2, 0.25, 28),
    RealMBConv("efficientnet_b0", "features.5.0", 80, 112, 6, 5, 1, 0.25, 14),
    RealMBConv("efficientnet_b0", "features.6.0", 112, 192, 6, 5, 2, 0.25, 14),
    RealMBConv("efficientnet_b0", "features.7.0", 192, 320, 6, 3, 1, 0.25, 7),
    RealMBConv("mobilenet_v2", "features.2", 16, 24, 6, 3, 2, 0.0, 112),
    RealMBConv("mobilenet_v2", "features.5", 32, 32, 6, 3, 1, 0.0, 28),
    RealMBConv("mobilenet_v2", "features.14", 96, 160, 6, 3, 2, 0.0, 14),
)

STACKS: tuple[RealStack, ...] = (
    RealStack("resnet50", ("conv1", "maxpool"), "c7s2,p3s2", "stem"),
    RealStack("resnet18", ("conv1", "maxpool", "layer1.0.conv1", "layer1.0.conv2"), "c7s2,p3s2,c3,c3",
              "stem and first basic block"),
    RealStack("resnet50", ("conv1", "maxpool", "layer1.0.conv1", "layer1.0.conv2", "layer1.0.conv3"),
              "c7s2,p3s2,c1,c3,c1", "stem and first bottleneck"),
    RealStack("vgg16", ("features.0", "features.2"), "c3,c3", "first two convs"),
    RealStack("vgg16", ("features.10", "features.12", "features.14"), "c3,c3,c3", "block 3 convs"),
    RealStack("vgg16", ("features.0", "features.2", "features.4", "features.5", "features.7", "features.9"),
              "c3,c3,p2s2,c3,c3,p2s2", "blocks 1-2"),
    RealStack("inception_v3", ("Conv2d_1a_3x3.conv", "Conv2d_2a_3x3.conv", "Conv2d_2b_3x3.conv", "maxpool1"),
              "c3s2p0,c3p0,c3,p3s2p0", "stem"),
    RealStack("mobilenet_v2", ("features.0.0", "features.1.conv.0.0", "features.1.conv.1", "features.2.conv.0.0",
                               "features.2.conv.1.0"), "c3s2,c3,c1,c1,c3s2", "stem to features.2"),
)

EFFICIENTNETS: tuple[RealEfficientNet, ...] = (
    RealEfficientNet(1, 1.0, 1.1, 240),
    RealEfficientNet(2, 1.1, 1.2, 288),
    RealEfficientNet(3, 1.2, 1.4, 300),
)


def conv_matches(cin: int | None = None, cout: int | None = None, k: int | None = None, stride: int | None = None,
                 padding: int | None = None, size: int | None = None, groups: int | None = None,
                 bias: bool | None = None, dilation: int | None = None) -> list[RealConv]:
    """Table convs agreeing with every given (non-None) field."""
    want = {"cin": cin, "cout": cout, "k": k, "stride": stride, "padding": padding, "size": size,
            "groups": groups, "bias": bias, "dilation": dilation}
    return [c for c in CONVS if all(v is None or getattr(c, f) == v for f, v in want.items())]
