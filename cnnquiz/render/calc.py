"""Rich tables and JSON shapes for the calc commands (conv, depthwise, bottleneck, mbconv, scaling, width)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cnnquiz import units
from cnnquiz.calc.layers import (
    BlockComparison,
    ConvReport,
    DepthwiseReport,
)
from cnnquiz.calc.scaling import RealRow, ScalingTable
from cnnquiz.calc.width import KIND_NOTES, KINDS, WidthReport

if TYPE_CHECKING:
    from cnnquiz.calc.explain import Step  # sympy: only imported for --explain

MACS_NOTE = ("MACs = multiply-accumulates, measured with torch FlopCounterMode on meta tensors (its FLOPs / 2); "
             "FLOPs = 2 × MACs. Papers and torchvision call MACs \"FLOPs\".")
COUNTED_NOTE = "FlopCounterMode counts conv/linear ops only: BN, activations, pooling and additions are free."
CHECK_NOTE = "✓ = the closed-form formula gives the same number."


def num(n: int) -> str:
    return f"{n:,}"


def si(n: float) -> str:
    """924844032 -> 924.8 M."""
    return units.si(n, 4, sep=" ")


def macs_cell(n: int) -> str:
    return f"{num(n)} ({si(n)})"


def check(ok: bool) -> Text:
    return Text("✓", style="green") if ok else Text("✗ formula differs", style="red")


def value(v: float | int) -> str:
    return num(v) if isinstance(v, int) else f"{v:.6g}"


def explain_panel(console: Console, title: str, steps: Sequence[Step]) -> None:
    """Each step: label, the formula in symbols, the same with numbers, and the value."""
    body = Text()
    for i, s in enumerate(steps):
        body.append(("\n" if i else "") + s.label + "\n", style="bold")
        body.append(f"  {s.symbolic}\n", style="cyan")
        body.append(f"  = {s.substituted}\n")
        body.append(f"  = {value(s.value)}", style="bold green")
    console.print(Panel(body, title=f"derivation · {title}", title_align="left"))


def _table(title: str, caption: str) -> Table:
    return Table(title=title, title_justify="left", caption=caption, caption_justify="left", box=box.SIMPLE_HEAD)


# conv ---------------------------------------------------------------------------------------------------------


def conv_table(console: Console, r: ConvReport) -> None:
    settings = f"k={r.kernel} stride={r.stride} padding={r.padding} dilation={r.dilation} groups={r.groups}"
    bias_note = " The bias add is not a MAC (FlopCounterMode skips it too)." if r.bias else ""
    table = _table(f"Conv2d({r.cin}, {r.cout}) {settings} bias={r.bias}", f"{MACS_NOTE}{bias_note} {CHECK_NOTE}")
    table.add_column("quantity")
    table.add_column("measured", justify="right")
    table.add_column("formula", justify="right")
    table.add_column("✓")
    f = r.formula
    c, h, w = r.out_shape
    table.add_row("input C×H×W", f"{r.cin} × {r.height} × {r.width}", "", "")
    table.add_row("output C×H×W", f"{c} × {h} × {w}", f"{r.cout} × {f.out_height} × {f.out_width}",
                  check((c, h, w) == (r.cout, f.out_height, f.out_width)))
    table.add_row("params" + (" (weights + bias)" if r.bias else ""), num(r.counts.params), num(f.params),
                  check(r.counts.params == f.params))
    table.add_row("MACs", macs_cell(r.counts.macs), num(f.macs), check(r.counts.macs == f.macs))
    table.add_row("FLOPs (2 × MACs)", macs_cell(r.counts.flops), num(f.flops), check(r.counts.flops == f.flops))
    console.print(table)


# depthwise ----------------------------------------------------------------------------------------------------


def depthwise_table(console: Console, r: DepthwiseReport) -> None:
    c, h, w = r.out_shape
    title = (f"{r.kernel}×{r.kernel} conv {r.cin}→{r.cout} on {r.cin}×{r.size}×{r.size} (stride {r.stride}, "
             f"padding {r.padding}, no bias) → {c}×{h}×{w}")
    table = _table(title, f"{MACS_NOTE} {CHECK_NOTE}")
    for col in ("layer", "params", "MACs", "FLOPs", "✓"):
        table.add_column(col, justify="left" if col == "layer" else "right")
    f = r.formula
    rows = (("standard conv", r.standard, f.standard), (f"depthwise {r.kernel}×{r.kernel} (groups={r.cin})",
            r.depthwise, f.depthwise), (f"pointwise 1×1 {r.cin}→{r.cout}", r.pointwise, f.pointwise),
            ("separable = depthwise + pointwise", r.separable, f.separable))
    for name, m, closed in rows:
        table.add_row(name, num(m.params), macs_cell(m.macs), num(m.flops),
                      check((m.params, m.macs) == (closed.params, closed.macs)))
    console.print(table)
    console.print(f"reduction (standard / separable MACs): [bold]{r.reduction:.2f}×[/bold]  "
                  f"(params: {r.params_reduction:.2f}×)")
    console.print(f"rule: separable/standard = 1/C_out + 1/k² = 1/{r.cout} + 1/{r.kernel ** 2} = "
                  f"{r.ratio_formula:.4f} → {1 / r.ratio_formula:.2f}×; as C_out grows it tends to k² = "
                  f"{r.kernel ** 2}×")
    if r.documents_note:
        console.print(f"note: {r.documents_note}")


# bottleneck / mbconv -----------------------------------------------------------------------------------------


def short(n: float) -> str:
    """SI with three significant digits and no space, for narrow tables: 1849688064 -> 1.85G."""
    return units.si(n, 3)


def table_width(console: Console, table: Table) -> int:
    """The width a table needs to show every cell unwrapped."""
    from rich.measure import Measurement

    return Measurement.get(console, console.options.update_width(10_000), table).maximum


def _comparison(cmp: BlockComparison, title: str, compact: bool, with_bn: bool) -> Table:
    c, h, w = cmp.subject.out_shape
    ci, hi, wi = cmp.input_shape
    fmt = short if compact else num
    table = _table(f"{title}, {ci}×{hi}×{wi} → {c}×{h}×{w}", f"{MACS_NOTE} {COUNTED_NOTE} {CHECK_NOTE}"
                   + (" Counts in SI units (K, M, G); --json has every digit." if compact else ""))
    table.add_column("block / part", no_wrap=not compact, min_width=12)
    cols = ("params", "+ BN", "MACs", "×params", "×MACs", "✓") if with_bn else \
        ("params", "MACs", "×params", "×MACs", "✓")
    for col in cols:
        table.add_column(col, justify="right", no_wrap=True)
    subject = cmp.subject
    for b in cmp.blocks:
        bn = [fmt(b.params_with_bn)] if with_bn else []
        table.add_row(Text(b.label, style="bold"), fmt(b.params), *bn, fmt(b.macs),
                      f"{b.params / subject.params:.2f}", f"{b.macs / subject.macs:.2f}", check(b.matches))
        if len(b.parts) > 1:
            for p in b.parts:
                pbn = [fmt(p.params_with_bn)] if with_bn else []
                table.add_row(f"  └ {p.label}", fmt(p.params), *pbn, fmt(p.macs), "", "", check(p.matches))
        table.add_section()
    return table


def comparison_table(console: Console, cmp: BlockComparison, title: str) -> None:
    """One row per block (bold) and one per part, with ratios to the first block.

    Numbers are never cut: when the full digits do not fit the terminal, counts switch to SI units
    (1.85G), then the + BN column goes, and only the block labels wrap.
    """
    table = _comparison(cmp, title, compact=False, with_bn=True)
    if table_width(console, table) > console.width:
        table = _comparison(cmp, title, compact=True, with_bn=True)
        if table_width(console, table) > console.width:
            table = _comparison(cmp, title, compact=True, with_bn=False)
    console.print(table)
    for note in cmp.notes:
        console.print(f"note: {note}")


# scaling ------------------------------------------------------------------------------------------------------


def constraint_line(t: ScalingTable) -> str:
    return (f"α·β²·γ² = {t.alpha:g}·{t.beta:g}²·{t.gamma:g}² = {t.constraint:.4f} (the paper asks for ≈ 2: "
            f"{t.constraint_error:.1%} off, so FLOPs grow by {t.constraint:.3f}^φ rather than 2^φ)")


def scaling_table(console: Console, t: ScalingTable) -> None:
    table = _table(f"Compound scaling α={t.alpha:g} β={t.beta:g} γ={t.gamma:g}, base {t.base_resolution} px",
                   "depth d = α^φ (layers), width w = β^φ (channels), resolution r = γ^φ; FLOPs ∝ d·w²·r². "
                   "These are the rule's multipliers, not a model; add --real to measure torchvision's B0–B7.")
    for col in ("φ", "depth α^φ", "width β^φ", "resolution γ^φ", "px", "FLOPs (αβ²γ²)^φ", "2^φ"):
        table.add_column(col, justify="right")
    for r in t.rows:
        table.add_row(str(r.phi), f"{r.depth:.3f}", f"{r.width:.3f}", f"{r.resolution_mult:.3f}",
                      str(r.resolution), f"{r.flops_factor:.2f}", str(r.doubling))
    console.print(table)
    console.print(constraint_line(t))


def _real(t: ScalingTable, rows: Sequence[RealRow], compact: bool, rules: bool, extra: bool,
          mults: bool = True) -> Table:
    fmt = short if compact else si
    caption = (f"(rule) = the {t.base_resolution}·γ^φ / β^φ / α^φ of the table without --real. width/depth "
               "are the multipliers torchvision's builders pass: the official EfficientNet values, not α^φ "
               f"and β^φ. ×B0 = measured ratio to B0; rule = (αβ²γ²)^φ. {MACS_NOTE}")
    if not rules:
        caption += " Narrow terminal: the (rule) values are in --json or a wider terminal."
    table = _table("torchvision EfficientNet-B0…B7 measured on meta tensors at their own resolution", caption)
    cols = ["", "res\n(rule)" if rules else "res"]
    cols += ["width\n(rule)" if rules else "width", "depth\n(rule)" if rules else "depth"] if mults else []
    cols += ["params", "MACs", "×B0\nparams", "×B0\nMACs"]
    if extra:
        cols += ["rule\n(αβ²γ²)^φ", "2^φ"]
    for col in cols:
        table.add_column(col, justify="right" if col else "left", no_wrap=True)
    for r in rows:
        w = "?" if r.width_mult is None else f"{r.width_mult:.1f}"
        d = "?" if r.depth_mult is None else f"{r.depth_mult:.1f}"
        cells = [r.name.replace("efficientnet_", "").upper(),
                 f"{r.resolution} ({r.rule.resolution})" if rules else str(r.resolution)]
        if mults:
            cells += [f"{w} ({r.rule.width:.2f})" if rules else w, f"{d} ({r.rule.depth:.2f})" if rules else d]
        cells += [fmt(r.params), fmt(r.macs), f"{r.params_ratio:.2f}", f"{r.macs_ratio:.2f}"]
        if extra:
            cells += [f"{r.rule.flops_factor:.2f}", str(r.rule.doubling)]
        table.add_row(*cells)
    return table


def real_table(console: Console, t: ScalingTable, rows: Sequence[RealRow]) -> None:
    """B0-B7 measured; when it does not fit: SI units, then the (rule) values, the rule columns, width/depth go."""
    for level in ((False, True, True), (True, True, True), (True, False, True), (True, False, False),
                  (True, False, False, False)):
        table = _real(t, rows, *level)
        if table_width(console, table) <= console.width:
            break
    console.print(table)
    console.print(constraint_line(t))


# width --------------------------------------------------------------------------------------------------------


def width_table(console: Console, r: WidthReport) -> None:
    table = _table(f"{r.model}({r.option}=α) measured on meta tensors at {r.resolution}×{r.resolution}",
                   f"×α=1 = measured ratio to the α = 1 model; the rule says α². {MACS_NOTE}")
    for col in ("α", "params", "×α=1", "MACs", "×α=1", "rule α²"):
        table.add_column(col, justify="right")
    for row in r.rows:
        table.add_row(f"{row.alpha:g}", num(row.params), f"{row.params_ratio:.3f}", si(row.macs),
                      f"{row.macs_ratio:.3f}", f"{row.rule:.3f}")
    console.print(table)
    others = [row for row in r.rows if row.alpha != 1.0]
    kinds = _table("Why not α²: MACs per kind of layer, and the measured p in MACs(α) = α^p · MACs(1)",
                   "p = 2 where the rule holds; depthwise, stem and head scale ~α, the classifier not at all; "
                   "rounding channels to multiples of 8 bends the rest.")
    kinds.add_column("layers")
    kinds.add_column("params\nat α=1", justify="right")
    kinds.add_column("MACs\nat α=1", justify="right")
    for row in others:
        kinds.add_column(f"p at\nα={row.alpha:g}", justify="right")
    kinds.add_column("why", ratio=1)
    for kind in KINDS:
        exps = [row.exponent(kind, r.base) for row in others]
        kinds.add_row(kind, si(r.base.by_kind[kind].params), si(r.base.by_kind[kind].macs),
                      *["–" if e is None else f"{e + 0.0:.2f}".replace("-0.00", "0.00") for e in exps],
                      KIND_NOTES[kind])
    console.print(kinds)
    for row in others:
        shown = [f"{x.base}·{row.alpha:g} = {x.scaled:.3g} → {x.actual} ({x.rule})" for x in row.rounding[:4]]
        if shown:
            console.print(f"α={row.alpha:g} channels: " + "; ".join(shown))

