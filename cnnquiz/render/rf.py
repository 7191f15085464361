"""Rich rendering of a receptive-field report: the stage table, the final map, notes and the derivation."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cnnquiz.rf import RECURRENCE, RFResult, explain_steps


def _start(value: float) -> str:
    return f"{value:g}"


def _cells(s, result: RFResult) -> list[str]:
    """A stage's name, map size (when known), kernel, stride, field, jump and start as text."""
    row = [s.name]
    if any(x.size for x in result.stages):
        row.append(f"{s.size[0]}×{s.size[1]}" if s.size else "")
    field = str(s.receptive_field) if not s.receptive_field_hw else "×".join(map(str, s.receptive_field_hw))
    return row + [str(s.kernel), str(s.stride), field, str(s.jump), _start(float(s.start))]


def rf_table(console: Console, result: RFResult) -> None:
    """One row per stage (model) or layer (spec), then the final field, then the notes."""
    what = f"{result.model}, {result.resolution}×{result.resolution} input" if result.kind == "model" else \
        (f"layer spec, {result.resolution} px input" if result.resolution else "layer spec")
    narrow = console.width < 80  # one-letter headers, explained below the table, so no number is cut
    table = Table(title=f"Receptive field of {result.target} ({what})", title_justify="left")
    table.add_column("stage" if result.kind == "model" else "layer", style="cyan", overflow="fold")
    rows = [_cells(s, result) for s in result.stages]
    sized = any(s.size for s in result.stages)
    names = (["map"] if sized else []) + (["k", "s", "rf", "j", "start"] if narrow else
                                          ["kernel", "stride", "field", "jump", "start"])
    for i, col in enumerate(names, 1):  # numbers are never wrapped nor cut: the stage names fold instead
        table.add_column(col, justify="right", no_wrap=True,
                         min_width=max([len(col)] + [len(r[i]) for r in rows]))
    if result.kind == "model":
        table.add_column("gl" if narrow else "global", justify="center", no_wrap=True)
    for s, row in zip(result.stages, rows):
        cells = [Text(row[0], style="bold cyan" if s.name == result.final_layer else "cyan"), *row[1:]]
        if result.kind == "model":
            cells.append(Text("yes", style="yellow") if s.global_context else "")
        table.add_row(*cells)
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
        console.print(Text(f"• {note}"))
    short = "k = kernel, s = stride, rf = field, j = jump, gl = global; " if console.width < 80 else ""
    console.print(Text(short + "kernel = effective kernel of the stage in its input's units (dilation included); "
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
