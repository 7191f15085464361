"""Rich rendering of a receptive-field report: the stage table, the final map, notes and the derivation."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cnnquiz.rf import RECURRENCE, RFResult, explain_steps


def _start(value: float) -> str:
    return f"{value:g}"


def rf_table(console: Console, result: RFResult) -> None:
    """One row per stage (model) or layer (spec), then the final field, then the notes."""
    what = f"{result.model}, {result.resolution}×{result.resolution} input" if result.kind == "model" else \
        (f"layer spec, {result.resolution} px input" if result.resolution else "layer spec")
    table = Table(title=f"Receptive field of {result.target} ({what})", title_justify="left")
    table.add_column("stage" if result.kind == "model" else "layer", style="cyan", no_wrap=True)
    if any(s.size for s in result.stages):
        table.add_column("map", justify="right", no_wrap=True)
    for col in ("kernel", "stride", "field", "jump", "start"):
        table.add_column(col, justify="right", no_wrap=True)
    if result.kind == "model":
        table.add_column("global", justify="center", no_wrap=True)
    for s in result.stages:
        row = [Text(s.name, style="bold cyan" if s.name == result.final_layer else "cyan")]
        if any(x.size for x in result.stages):
            row.append(f"{s.size[0]}×{s.size[1]}" if s.size else "")
        field = str(s.receptive_field) if not s.receptive_field_hw else "×".join(map(str, s.receptive_field_hw))
        row += [str(s.kernel), str(s.stride), field, str(s.jump), _start(float(s.start))]
        if result.kind == "model":
            row.append(Text("yes", style="yellow") if s.global_context else "")
        table.add_row(*row)
    console.print(table)
    summary = Text()
    summary.append(f"{result.final_layer}: ", style="bold")
    summary.append(f"receptive field {result.receptive_field} px", style="bold green")
    summary.append(f", jump {result.jump}, start {_start(float(result.start))}")
    if result.kind == "model":
        summary.append(", global context: ")
        summary.append("yes" if result.global_context else "no", style="yellow" if result.global_context else "")
    console.print(summary)
    for note in result.notes:
        console.print(f"• {note}")
    console.print(Text("kernel = effective kernel of the stage in its input's units (dilation included); "
                       "jump = input pixels between neighbouring units; start = centre of unit 0's field.",
                       style="dim"))


def rf_explain(console: Console, result: RFResult) -> None:
    """The recurrence, then every stage with numbers."""
    body = Text()
    body.append(RECURRENCE + "\n", style="cyan")
    for name, text in explain_steps(result):
        body.append(f"\n{name}: ", style="bold")
        body.append(text)
    if result.variants:
        body.append("\n")
        for name, value in result.variants.items():
            body.append(f"\nvariant {name}: receptive field {value} px", style="bold")
    console.print(Panel(body, title=f"derivation · {result.target}", title_align="left"))
