"""Single layers and blocks measured on the meta device beside their closed forms (calc conv/depthwise/bottleneck/mbconv).

Each report validates its input with the pure formulas first (ShapeError before any torch import),
then builds the torch module, runs it once under FlopCounterMode and keeps both numbers, so the
renderer can show the measurement and a check mark where the formula agrees.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnquiz.calc import formulas as F
from cnnquiz.calc.counting import Counts

# The documents' worked example (003 Q6, 004): 112×112×64 input, 128 outputs, 3×3.
DOCUMENTS_DEPTHWISE = (64, 128, 3, 112, 1)
DOCUMENTS_DEPTHWISE_NOTE = ('the documents give this example as "≈ 924 MFLOPs" vs "109.2 MFLOPs (~8.5x reduction)": '
                            'their MFLOPs are MACs, 109.2 adds the rounded 7.2 M and 102 M, and ~8.5× rounds up '
                            'the exact ratio shown above')
# The documents' bottleneck example (000 Q2/Q3, 004): 256 channels, 64 wide.
DOCUMENTS_BOTTLENECK = (256, 64)
DOCUMENTS_BOTTLENECK_NOTE = ("the documents' numbers: 256·64 + 64·64·3·3 + 64·256 = 69,632 vs 256·256·3·3 = 589,824 "
                             "conv weights (\"8.5×\"; exactly 8.47×), basic block 2·(3·3·256·256) = 1,179,648")


@dataclass(frozen=True)
class PartCounts:
    """One measured part: conv params, params with BN, MACs; formula is its closed form."""

    key: str
    label: str
    params: int
    params_with_bn: int
    macs: int
    formula: F.Part

    @property
    def flops(self) -> int:
        return 2 * self.macs

    @property
    def matches(self) -> bool:
        f = self.formula
        return (self.params, self.params_with_bn, self.macs) == (f.cost.params, f.cost.params + f.bn_params,
                                                                 f.cost.macs)


@dataclass(frozen=True)
class BlockCounts:
    """A measured block: its parts, totals of the whole module, output shape (C, H, W) and closed form."""

    name: str
    label: str
    parts: tuple[PartCounts, ...]
    params: int
    params_with_bn: int
    macs: int
    out_shape: tuple[int, int, int]
    formula: F.Block

    @property
    def flops(self) -> int:
        return 2 * self.macs

    @property
    def matches(self) -> bool:
        f = self.formula
        return all(p.matches for p in self.parts) and (self.params, self.params_with_bn, self.macs) == (
            f.params, f.params_with_bn, f.macs) and self.out_shape[1:] == (f.out_size, f.out_size)


def measure_block(module, formula: F.Block, input_shape: tuple[int, int, int], label: str) -> BlockCounts:
    """Run module once and pair each child named after a formula part with that part."""
    from cnnquiz.calc.counting import param_count, trace

    t = trace(module, input_shape)
    parts = []
    for part in formula.parts:
        sub = module.get_submodule(part.key)
        parts.append(PartCounts(part.key, part.label, param_count(sub, conv_only=True), param_count(sub),
                                t.flops.get(part.key, 0) // 2, part))
    return BlockCounts(formula.name, label, tuple(parts), param_count(module, conv_only=True), param_count(module),
                       t.flops[""] // 2, tuple(t.output_shape[1:]), formula)  # type: ignore[arg-type]


def _meta():
    import torch

    return torch.device("meta")


@dataclass(frozen=True)
class ConvReport:
    """One nn.Conv2d: its settings, the measured output shape and counts, and the closed form."""

    cin: int
    cout: int
    kernel: int
    stride: int
    padding: int
    dilation: int
    groups: int
    bias: bool
    height: int
    width: int
    out_shape: tuple[int, int, int]
    counts: Counts
    formula: F.ConvCost

    @property
    def matches(self) -> bool:
        f = self.formula
        return (self.counts.params, self.counts.macs, self.out_shape) == (
            f.params, f.macs, (self.cout, f.out_height, f.out_width))


def conv_report(cin: int, cout: int, kernel: int, height: int, width: int, stride: int = 1, padding: int = 0,
                dilation: int = 1, groups: int = 1, bias: bool = True) -> ConvReport:
    """Measure nn.Conv2d(cin, cout, kernel, ...) on a cin × height × width meta input."""
    formula = F.conv(cin, cout, kernel, height, width, stride, padding, dilation, groups, bias)
    from torch import nn

    from cnnquiz.calc.counting import param_count, trace

    with _meta():
        layer = nn.Conv2d(cin, cout, kernel, stride, padding, dilation, groups, bias)
    t = trace(layer, (cin, height, width))
    counts = Counts(param_count(layer), t.flops[""] // 2, t.flops[""])
    return ConvReport(cin, cout, kernel, stride, padding, dilation, groups, bias, height, width,
                      tuple(t.output_shape[1:]), counts, formula)  # type: ignore[arg-type]


@dataclass(frozen=True)
class DepthwiseReport:
    """Standard conv against depthwise + pointwise, measured, with the 1/C_out + 1/k² rule."""

    cin: int
    cout: int
    kernel: int
    stride: int
    padding: int
    size: int
    out_shape: tuple[int, int, int]
    standard: Counts
    depthwise: Counts
    pointwise: Counts
    formula: F.Separable

    @property
    def separable(self) -> Counts:
        return Counts(self.depthwise.params + self.pointwise.params, self.depthwise.macs + self.pointwise.macs,
                      self.depthwise.flops + self.pointwise.flops)

    @property
    def reduction(self) -> float:
        return self.standard.macs / self.separable.macs

    @property
    def params_reduction(self) -> float:
        return self.standard.params / self.separable.params

    @property
    def ratio_formula(self) -> float:
        return F.separable_ratio(self.cout, self.kernel)

    @property
    def documents_note(self) -> str | None:
        key = (self.cin, self.cout, self.kernel, self.size, self.stride)
        return DOCUMENTS_DEPTHWISE_NOTE if key == DOCUMENTS_DEPTHWISE else None

    @property
    def matches(self) -> bool:
        f = self.formula
        return all((m.params, m.macs) == (c.params, c.macs) for m, c in
                   ((self.standard, f.standard), (self.depthwise, f.depthwise), (self.pointwise, f.pointwise)))


def depthwise_report(cin: int, cout: int, kernel: int = 3, size: int = 112, stride: int = 1,
                     padding: int | None = None) -> DepthwiseReport:
    """Measure a bias-free standard k×k conv and a depthwise-separable pair on cin × size × size."""
    padding = F.same_padding(kernel) if padding is None else padding
    formula = F.depthwise_separable(cin, cout, kernel, size, stride, padding)
    from torch import nn

    from cnnquiz.calc.blocks import DepthwiseSeparable
    from cnnquiz.calc.counting import count, count_parts

    with _meta():
        standard = nn.Conv2d(cin, cout, kernel, stride, padding, bias=False)
        separable = DepthwiseSeparable(cin, cout, kernel, stride, padding)
    shape = (cin, size, size)
    parts = count_parts(separable, shape, ["depthwise", "pointwise"])
    out = (cout, formula.pointwise.out_height, formula.pointwise.out_width)
    return DepthwiseReport(cin, cout, kernel, stride, padding, size, out, count(standard, shape),
                           parts["depthwise"], parts["pointwise"], formula)


@dataclass(frozen=True)
class BlockComparison:
    """Blocks measured on the same input, the first being the subject of the comparison."""

    input_shape: tuple[int, int, int]
    blocks: tuple[BlockCounts, ...]
    notes: tuple[str, ...] = ()

    @property
    def subject(self) -> BlockCounts:
        return self.blocks[0]


def bottleneck_report(channels: int, mid: int, size: int = 56) -> BlockComparison:
    """ResNet bottleneck C→m→m→C against one plain 3×3 C→C conv and a basic block of two 3×3 convs."""
    formulas = (F.bottleneck(channels, mid, size=size), F.plain_conv(channels, channels, size),
                F.basic_block(channels, channels, size))
    from cnnquiz.calc import blocks

    with _meta():
        modules = (blocks.Bottleneck(channels, mid), blocks.PlainConv(channels, channels),
                   blocks.BasicBlock(channels, channels))
    labels = (f"bottleneck {channels}→{mid}→{mid}→{channels}", f"plain 3×3 conv {channels}→{channels}",
              "basic block (two 3×3)")
    shape = (channels, size, size)
    measured = tuple(measure_block(m, f, shape, lab) for m, f, lab in zip(modules, formulas, labels))
    notes = (DOCUMENTS_BOTTLENECK_NOTE,) if (channels, mid) == DOCUMENTS_BOTTLENECK else ()
    return BlockComparison(shape, measured, notes)


def mbconv_report(cin: int, cout: int, expand: int = 6, kernel: int = 3, stride: int = 1, se: float = 0.25,
                  size: int = 56) -> BlockComparison:
    """MBConv (inverted residual with SE) against a ResNet bottleneck with the same input and output."""
    mid = max(1, cout // 4)
    formulas = (F.mbconv(cin, cout, expand, kernel, stride, se, size), F.bottleneck(cin, mid, cout, size, stride))
    from cnnquiz.calc import blocks

    with _meta():
        modules = (blocks.MBConv(cin, cout, expand, kernel, stride, se), blocks.Bottleneck(cin, mid, cout, stride))
    hidden = cin * expand
    labels = (f"MBConv{expand} {kernel}×{kernel} {cin}→{hidden}→{cout}", f"ResNet bottleneck {cin}→{mid}→{mid}→{cout}")
    shape = (cin, size, size)
    measured = tuple(measure_block(m, f, shape, lab) for m, f, lab in zip(modules, formulas, labels))
    notes = [f"the ResNet bottleneck is {mid} wide (C_out/4, as in ResNet-50) with a 3×3 conv",
             "residual add: " + ("yes (stride 1, C_in = C_out)" if stride == 1 and cin == cout else
                                 "no (shape changes)")]
    if se > 0:
        notes.append("SE's MACs are its two 1×1 convs on the pooled 1×1 vector; the pooling and the channel "
                     "scaling x·s (H·W·C multiplies) are not counted by FlopCounterMode")
    return BlockComparison(shape, measured, tuple(notes))
