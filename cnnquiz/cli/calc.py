"""The `calc` command group: calculators on real torch modules, with the closed-form formula beside every number."""

from __future__ import annotations

import re
from typing import Annotated, Callable, Optional

import typer
from typer.core import TyperGroup

from cnnquiz.cli import calc_rf
from cnnquiz.cli.common import console, print_json
from cnnquiz.errors import ParseError, UsageError
from cnnquiz.models import EFFICIENTNET_PAPER

class CalcGroup(TyperGroup):
    """Inputs inside every option's bounds can still overflow torch or Python: a usage error, not a traceback (L5)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except OverflowError as exc:
            raise UsageError(f"the numbers are too large to compute ({exc}); use smaller values") from None
        except (RuntimeError, ValueError) as exc:
            text = str(exc)
            if "overflow" in text.lower() or "Exceeds the limit" in text or "too large" in text.lower():
                first = text.splitlines()[0] if text else type(exc).__name__
                raise UsageError(f"the numbers are too large to compute ({first}); use smaller values") from None
            raise


app = typer.Typer(help="Calculators on real torch modules, with the closed-form formula beside every number.",
                  no_args_is_help=True, cls=CalcGroup)
calc_rf.register(app)

JSON = typer.Option("--json", help="Print JSON instead of a table.")
EXPLAIN = typer.Option("--explain", help="Show the derivation: the formula in symbols, then with numbers.")


def _output(as_json: bool, data: Callable[[], dict], table: Callable[[object], None],
            steps: Callable[[], list] | None, explain: bool, title: str) -> None:
    """Print JSON (with an "explain" list when asked) or the table followed by the derivation panel."""
    from cnnquiz.calc import shapes
    from cnnquiz.render import calc as render

    derivation = steps() if explain and steps else None
    if as_json:
        out = data()
        if derivation is not None:
            out["explain"] = shapes.steps_json(derivation)
        print_json(out)
        return
    con = console()
    table(con)
    if derivation is not None:
        render.explain_panel(con, title, derivation)


def _padding(text: str, kernel: int, dilation: int) -> int:
    if text.strip().lower() == "same":
        from cnnquiz.calc.formulas import same_padding

        return same_padding(kernel, dilation)
    if not re.fullmatch(r"\s*\d+\s*", text):
        raise ParseError(f"--padding must be a non-negative integer or 'same', got '{text}'")
    return int(text)


def _spatial(size: Optional[int], height: Optional[int], width: Optional[int], default: int) -> tuple[int, int]:
    if size is not None and (height is not None or width is not None):
        raise UsageError("give either --size or --height/--width, not both")
    if height is None and width is None:
        side = default if size is None else size
        return side, side
    return (height if height is not None else width), (width if width is not None else height)  # type: ignore


@app.command("conv")
def conv(
    cin: Annotated[int, typer.Option("--cin", help="Input channels.")],
    cout: Annotated[int, typer.Option("--cout", help="Output channels.")],
    kernel: Annotated[int, typer.Option("-k", "--kernel", help="Kernel size k (k×k).")],
    stride: Annotated[int, typer.Option("--stride")] = 1,
    padding: Annotated[str, typer.Option("--padding", help="Zero padding per side, or 'same' for d·(k−1)/2.")] = "0",
    dilation: Annotated[int, typer.Option("--dilation")] = 1,
    groups: Annotated[int, typer.Option("--groups", help="Groups (must divide both channel counts).")] = 1,
    size: Annotated[Optional[int], typer.Option("--size", help="Square input H = W (default 224).")] = None,
    height: Annotated[Optional[int], typer.Option("--height", help="Input height (instead of --size).")] = None,
    width: Annotated[Optional[int], typer.Option("--width", help="Input width (instead of --size).")] = None,
    bias: Annotated[
        bool,
        typer.Option("--bias/--no-bias", help="Count a bias per output channel (nn.Conv2d default)."),
    ] = True,
    as_json: Annotated[bool, JSON] = False,
    explain: Annotated[bool, EXPLAIN] = False,
) -> None:
    """One nn.Conv2d: output shape, params, MACs and FLOPs, measured and by formula."""
    from cnnquiz.calc import layers

    h, w = _spatial(size, height, width, 224)
    pad = _padding(padding, kernel, dilation)
    report = layers.conv_report(cin, cout, kernel, h, w, stride, pad, dilation, groups, bias)
    from cnnquiz.calc import shapes
    from cnnquiz.render import calc as render

    def steps() -> list:
        from cnnquiz.calc import explain as ex

        return ex.conv_steps(cin, cout, kernel, h, w, stride, pad, dilation, groups, bias)

    _output(as_json, lambda: shapes.conv_json(report), lambda con: render.conv_table(con, report), steps, explain,
            "conv")


@app.command("depthwise")
def depthwise(
    cin: Annotated[int, typer.Option("--cin", help="Input channels.")] = 64,
    cout: Annotated[int, typer.Option("--cout", help="Output channels.")] = 128,
    kernel: Annotated[int, typer.Option("-k", "--kernel", help="Kernel size k.")] = 3,
    size: Annotated[int, typer.Option("--size", help="Square input H = W.")] = 112,
    stride: Annotated[int, typer.Option("--stride")] = 1,
    padding: Annotated[str, typer.Option("--padding", help="Padding per side, or 'same' for k//2.")] = "same",
    as_json: Annotated[bool, JSON] = False,
    explain: Annotated[bool, EXPLAIN] = False,
) -> None:
    """Standard k×k conv vs depthwise (groups=C_in) + pointwise 1×1; defaults are the documents' example."""
    from cnnquiz.calc import layers

    pad = _padding(padding, kernel, 1)
    report = layers.depthwise_report(cin, cout, kernel, size, stride, pad)
    from cnnquiz.calc import shapes
    from cnnquiz.render import calc as render

    def steps() -> list:
        from cnnquiz.calc import explain as ex

        return ex.depthwise_steps(cin, cout, kernel, size, stride, pad)

    _output(as_json, lambda: shapes.depthwise_json(report), lambda con: render.depthwise_table(con, report),
            steps, explain, "depthwise separable")


@app.command("bottleneck")
def bottleneck(
    channels: Annotated[int, typer.Option("--channels", help="Block input = output channels C.")] = 256,
    mid: Annotated[int, typer.Option("--mid", help="Bottleneck width m (ResNet: C/4).")] = 64,
    size: Annotated[int, typer.Option("--size", help="Square input H = W.")] = 56,
    as_json: Annotated[bool, JSON] = False,
    explain: Annotated[bool, EXPLAIN] = False,
) -> None:
    """ResNet bottleneck (1×1 reduce, 3×3, 1×1 expand) vs one 3×3 conv and a basic block, with and without BN."""
    from cnnquiz.calc import layers

    report = layers.bottleneck_report(channels, mid, size)
    from cnnquiz.calc import shapes
    from cnnquiz.render import calc as render

    def steps() -> list:
        from cnnquiz.calc import explain as ex

        return ex.bottleneck_steps(channels, mid, size)

    title = "ResNet bottleneck vs 3×3 conv vs basic block"
    _output(as_json, lambda: shapes.comparison_json(report), lambda con: render.comparison_table(con, report, title),
            steps, explain, "bottleneck")


@app.command("mbconv")
def mbconv(
    cin: Annotated[int, typer.Option("--cin", help="Input channels.")],
    cout: Annotated[int, typer.Option("--cout", help="Output channels.")],
    expand: Annotated[
        int,
        typer.Option("--expand", help="Expansion ratio t (hidden = t·C_in; 1 skips the 1×1 expand)."),
    ] = 6,
    kernel: Annotated[int, typer.Option("-k", "--kernel", help="Depthwise kernel size.")] = 3,
    stride: Annotated[int, typer.Option("--stride")] = 1,
    se: Annotated[float, typer.Option("--se", help="SE ratio of the input channels (0 = no SE).")] = 0.25,
    size: Annotated[int, typer.Option("--size", help="Square input H = W.")] = 56,
    as_json: Annotated[bool, JSON] = False,
    explain: Annotated[bool, EXPLAIN] = False,
) -> None:
    """MBConv (inverted residual + SE) per part, against a ResNet bottleneck with the same input and output."""
    from cnnquiz.calc import layers

    report = layers.mbconv_report(cin, cout, expand, kernel, stride, se, size)
    from cnnquiz.calc import shapes
    from cnnquiz.render import calc as render

    def steps() -> list:
        from cnnquiz.calc import explain as ex

        return ex.mbconv_steps(cin, cout, expand, kernel, stride, se, size)

    title = "MBConv vs ResNet bottleneck"
    _output(as_json, lambda: shapes.comparison_json(report), lambda con: render.comparison_table(con, report, title),
            steps, explain, "MBConv")


def parse_phis(text: str) -> list[int]:
    """'0..7', '3', '0,2,4' or '0..3,7' -> sorted distinct φ values (0 ≤ φ ≤ 30)."""
    phis: set[int] = set()
    for item in text.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?", item)
        if not m:
            raise ParseError(f"--phi takes N, A..B or a comma list like 0,2,4; got '{text}'")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if lo > hi or hi > 30:
            raise ParseError(f"--phi range '{item.strip()}' must be increasing and at most 30")
        phis.update(range(lo, hi + 1))
    return sorted(phis)


@app.command("scaling")
def scaling(
    phi: Annotated[str, typer.Option("--phi", help="φ values: N, A..B or a comma list.")] = "0..7",
    alpha: Annotated[float, typer.Option("--alpha", help="Depth base α.")] = EFFICIENTNET_PAPER.alpha,
    beta: Annotated[float, typer.Option("--beta", help="Width base β.")] = EFFICIENTNET_PAPER.beta,
    gamma: Annotated[float, typer.Option("--gamma", help="Resolution base γ.")] = EFFICIENTNET_PAPER.gamma,
    base_resolution: Annotated[
        int,
        typer.Option("--base-resolution", help="B0's input size."),
    ] = EFFICIENTNET_PAPER.base_resolution,
    real: Annotated[
        bool,
        typer.Option("--real", help="Also build torchvision efficientnet_b0…b7 and measure them."),
    ] = False,
    as_json: Annotated[bool, JSON] = False,
    explain: Annotated[bool, EXPLAIN] = False,
) -> None:
    """EfficientNet compound scaling per φ; --real measures torchvision's B0–B7 at their own resolutions."""
    from cnnquiz.calc import scaling as sc

    phis = parse_phis(phi)
    table = sc.scaling_table(phis, alpha, beta, gamma, base_resolution)
    rows = sc.real_table(phis, alpha, beta, gamma, base_resolution) if real else None
    from cnnquiz.calc import shapes
    from cnnquiz.render import calc as render

    def steps() -> list:
        from cnnquiz.calc import explain as ex

        return ex.scaling_steps(max(phis), alpha, beta, gamma, base_resolution)

    def show(con) -> None:
        render.real_table(con, table, rows) if rows is not None else render.scaling_table(con, table)

    _output(as_json, lambda: shapes.scaling_json(table, rows), show, steps, explain, f"compound scaling, φ={max(phis)}")


@app.command("width", context_settings={"allow_interspersed_args": True})
def width(
    more: Annotated[
        Optional[list[float]],
        typer.Argument(metavar="ALPHA", show_default=False, help="More α values: `--alpha 0.5 0.75 1.4` works."),
    ] = None,
    model: Annotated[
        str,
        typer.Option("--model", help="mobilenet_v2 (width_mult) or mnasnet (alpha)."),
    ] = "mobilenet_v2",
    alphas: Annotated[
        Optional[list[float]],
        typer.Option(
            "--alpha", help="Width multiplier α (repeatable; default 0.35 0.5 0.75 1 1.4; 1 is always added).",
        ),
    ] = None,
    size: Annotated[int, typer.Option("--size", help="Input resolution.")] = 224,
    as_json: Annotated[bool, JSON] = False,
    explain: Annotated[bool, EXPLAIN] = False,
) -> None:
    """The width multiplier measured on the real model against the α² rule, and why it is not exact."""
    from cnnquiz.calc import width as wd

    values = [*(alphas or []), *(more or [])] or [0.35, 0.5, 0.75, 1.0, 1.4]
    report = wd.width_report(model, values, size)
    from cnnquiz.calc import shapes
    from cnnquiz.render import calc as render

    def steps() -> list:
        from cnnquiz.calc import explain as ex

        return ex.width_steps(min(values))

    _output(as_json, lambda: shapes.width_json(report), lambda con: render.width_table(con, report), steps, explain,
            f"width multiplier, α={min(values):g}")


def register(root: typer.Typer) -> None:
    """Add the calc group to the root app."""
    root.add_typer(app, name="calc")
