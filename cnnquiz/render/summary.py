"""Rich output of `cnnquiz summary`: the module tree with params, MACs, their shares as bars, activations, RF and jump.

Numbers are never cut: when the table does not fit, secondary columns go first (type, activations, jump,
then the bars become bare percentages, then output shape, receptive field); module names wrap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from cnnquiz.render.safe import clean
from cnnquiz.units import si
from cnnquiz.verify.numbers import mib

if TYPE_CHECKING:
    from rich.console import Console

    from cnnquiz.calc.summary import ModelSummary, Row

BAR = 6
EIGHTHS = " ▏▎▍▌▋▊▉"
# Column sets from widest to narrowest: the first that fits the console is used.
LEVELS: tuple[frozenset[str], ...] = tuple(frozenset(s.split()) for s in (
    "type output bars act rf jump",
    "output bars act rf jump",
    "output bars rf jump",
    "output bars rf",
    "output act rf jump",
    "output rf",
    "rf",
    "",
))
NOTE = ("MACs: FlopCounterMode (conv, linear, matmul) on the meta device; activations: new leaf outputs, batch 1, "
        "fp32 (MB = 2^20 bytes); field and jump in input pixels at each module's output (global: after "
        "global pooling). Shares are of the whole model; --json has every digit.")


def table_width(console: Console, table: Table) -> int:
    """The width a table needs to show every cell unwrapped."""
    from rich.measure import Measurement

    return Measurement.get(console, console.options.update_width(10_000), table).maximum


def bar(share: float) -> str:
    """A share 0..1 as a bar of BAR cells in eighths."""
    eighths = round(max(0.0, min(share, 1.0)) * BAR * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(BAR)


def pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def num(n: int) -> str:
    """Exact below 100,000 (36,928), else four significant figures in SI units (123.6M, 15.47G)."""
    return f"{n:,}" if n < 100_000 else si(n, 4)


def _shape(out: tuple[int, ...] | None) -> str:
    if not out:
        return "—"
    dims = out[1:] if len(out) > 1 and out[0] == 1 else out
    return "×".join(map(str, dims))


def _field(r: Row) -> str:
    if r.receptive_field is None:
        return "global" if r.pooled else "—"
    return str(r.receptive_field)


def _share_cell(share: float, bars: bool) -> Text:
    text = Text()
    if bars:
        text.append(bar(share) + " ", style="cyan")
    text.append(pct(share).rjust(6))
    return text


def _table(s: ModelSummary, rows: Sequence[Row], cols: frozenset[str], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    top = min((r.depth for r in rows), default=1)
    table.add_column("module", overflow="fold", min_width=10, ratio=None)
    heads = [("type", "type"), ("output", "output"), ("", "params"), ("", "% params"), ("", "MACs"),
             ("", "% MACs"), ("act", "activations"), ("rf", "field"), ("jump", "jump")]
    for key, head in heads:
        if not key or key in cols:
            table.add_column(head, justify="left" if key == "type" else "right", no_wrap=True)
    bars = "bars" in cols
    parents = {r.name.rpartition(".")[0] for r in s.rows}

    def cells(r: Row | None) -> list[object]:
        t = s.totals
        name = Text("total", style="bold") if r is None else Text("  " * (r.depth - top) + clean(r.name),
                                                                    style="bold" if r.depth == top else "")
        if r is not None and "type" not in cols and r.name not in parents and r.name.rpartition(".")[2].isdigit():
            name.append(f" {clean(r.type)}", style="dim")  # a Sequential's index says nothing on its own
        out: list[object] = [name]
        if "type" in cols:
            out.append(Text("" if r is None else clean(r.type), style="dim"))
        if "output" in cols:
            out.append("" if r is None else _shape(r.output))
        params, macs = (t.params, t.macs) if r is None else (r.params, r.macs)
        out += [num(params), _share_cell(1.0 if r is None else s.share(r, "params"), bars and r is not None),
                num(macs), _share_cell(1.0 if r is None else s.share(r, "macs"), bars and r is not None)]
        if "act" in cols:
            out.append(mib(t.activation_bytes if r is None else r.activation_bytes))
        if "rf" in cols:
            out.append(("—" if t.receptive_field is None else str(t.receptive_field)) if r is None else _field(r))
        if "jump" in cols:
            jump = t.jump if r is None else r.jump
            out.append("" if jump is None else str(jump))
        return out

    for r in rows:
        table.add_row(*cells(r))
    table.add_section()
    table.add_row(*cells(None))
    return table


def _leaders(s: ModelSummary, rows: Sequence[Row]) -> Text:
    """Where the parameters and the MACs live, among the finest rows shown (those without a child shown)."""
    names = {r.name for r in rows}
    finest = [r for r in rows if not any(n.startswith(r.name + ".") for n in names)] or list(rows)
    text = Text()
    if not finest:
        return text
    for key, label in (("params", "most parameters"), ("macs", "most MACs")):
        r = max(finest, key=lambda x: getattr(x, key))
        if getattr(r, key):
            text.append(f"{label}: ", style="bold")
            text.append(f"{clean(r.name)} {num(getattr(r, key))} ({pct(s.share(r, key))})", style="bold green")
            text.append("   ")
    text.rstrip()
    return text


def render_summary(console: Console, s: ModelSummary, depth: int | None = None) -> None:
    """The module tree (to --depth, or the stages) with a total row, where the cost lives, and notes."""
    rows = s.select(depth)
    shown = f"depth {depth}" if depth is not None else "stages"
    name = s.display if s.display == s.model else f"{s.display} ({s.model})"
    title = f"{clean(name)}, {s.resolution}×{s.resolution} input, batch 1 · rows: {shown}"
    table = None
    for cols in LEVELS:
        table = _table(s, rows, cols, title)
        if table_width(console, table) <= console.width:
            break
    console.print(table)
    console.print(_leaders(s, rows))
    if s.totals.global_context:
        console.print(Text("squeeze-and-excitation or attention also sees the whole image: the fields are the "
                           "convolutional path (as calc rf reports).", style="dim"))
    for note in s.notes:
        console.print(Text(clean(note), style="yellow"))
    console.print(Text(NOTE, style="dim"))
