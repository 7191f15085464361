"""Rich output of `cnnquiz models` and `cnnquiz compare`, and the accuracy-vs-MACs frontier plot."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from cnnquiz.verify.numbers import mib, si

if TYPE_CHECKING:
    from rich.console import Console

    from cnnquiz.calc.comparison import Compared
    from cnnquiz.calc.frontier import Point
    from cnnquiz.models.catalog import Entry

Fmt = Callable[["Compared"], str]


def _rf(c: Compared) -> str:
    rf = c.profile.receptive_field
    text = "—" if rf is None else f"{rf} px"
    return text + (" + global (SE)" if c.profile.global_context else "")


def _acc(key: str) -> Fmt:
    def fmt(c: Compared) -> str:
        v = c.value(key)
        return "—" if v is None else f"{v:.2f}%"
    return fmt


# (row key, label, formatter) in display order.
ROWS: tuple[tuple[str, str, Fmt], ...] = (
    ("params", "Params", lambda c: si(c.profile.params)),
    ("macs", "MACs (mult-adds)", lambda c: si(c.profile.macs)),
    ("flops", "FLOPs (2 × MACs)", lambda c: si(c.profile.flops)),
    ("activation_bytes", "Activations, batch 1 fp32", lambda c: mib(c.profile.activation_bytes)),
    ("weights_mb_fp32", "Weights fp32", lambda c: f"{c.profile.weights_mb_fp32:.1f} MB"),
    ("weights_mb_int8", "Weights int8", lambda c: f"{c.profile.weights_mb_int8:.1f} MB"),
    ("depth", "Depth (conv + linear)", lambda c: str(c.profile.depth)),
    ("receptive_field", "Receptive field (conv)", _rf),
    ("top1", "ImageNet top-1", _acc("top1")),
    ("top5", "ImageNet top-5", _acc("top5")),
    ("top1_per_gmac", "Top-1 per GMAC", lambda c: "—" if c.top1_per_gmac is None else f"{c.top1_per_gmac:.1f}"),
    ("latency_ms", "CPU latency (median)", lambda c: "—" if c.latency_ms is None else f"{_ms(c.latency_ms)} ms"),
    ("latency_spread", "CPU latency p10–p90", lambda c: "—" if c.latency is None else
     f"{_ms(c.latency.p10_ms)}–{_ms(c.latency.p90_ms)}"),
)


def _ms(v: float) -> str:
    """Milliseconds with one decimal below 100 ms, whole above (so a p10–p90 cell stays narrow)."""
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def latency_warnings(columns: Sequence[Compared]) -> list[str]:
    """One line per timed model whose p10–p90 spread exceeds 20% of its median."""
    from cnnquiz.calc.comparison import SPREAD_WARNING

    return [f"warning: {c.name}'s latency is noisy: p10–p90 {_ms(c.latency.p10_ms)}–{_ms(c.latency.p90_ms)} ms "
            f"is more than {SPREAD_WARNING:.0%} of its median {_ms(c.latency.median_ms)} ms (a busy machine?); "
            "try more --runs or --threads 1"
            for c in columns if c.latency is not None and c.latency.noisy]


def _weights(c: Compared) -> str:
    if not c.weights:
        return "none published"
    other = c.weights_resolution != c.profile.resolution
    return c.weights + (f" @ {c.weights_resolution} px" if other else "")


def _ratio(r: float | None) -> str:
    if r is None:
        return ""
    return f" ×{r:.2f}" if r < 10 else f" ×{r:.0f}"


def _min_width(c: Compared) -> int:
    """The narrowest a model's column can be: its names and the longest word of its cells."""
    return max(len(c.display), len(c.name), 9, *(len(w) for w in _weights(c).split()))


def label_width(console: Console) -> int:
    """The metric-name column: whole labels from 100 columns up, wrapped at 16 below."""
    return 26 if console.width >= 100 else 16


def chunks(console: Console, columns: Sequence[Compared]) -> list[list[int]]:
    """Indices of the models each table shows: as many as fit whole; later tables repeat the first model."""
    room = console.width - label_width(console) - 4  # borders and padding of the label column
    groups: list[list[int]] = [[]]
    used = 0
    for i, c in enumerate(columns):
        need = _min_width(c) + 3
        if groups[-1] and used + need > room and len(groups[-1]) > (1 if len(groups) > 1 else 0):
            groups.append([0])
            used = _min_width(columns[0]) + 3
        groups[-1].append(i)
        used += need
    return groups


def render_compare(console: Console, columns: Sequence[Compared], ratios: Sequence[dict[str, float | None]],
                   best: Callable[[str], set[str]], runs: int | None = None, wide: bool = False) -> None:
    """Metrics as rows, models as columns; ratios to the first model; the better value in bold green.

    Model names are never cut: when the models do not fit the terminal they are split over several
    tables, each repeating the first model (the reference of the ratios); --wide keeps one table.
    """
    groups = [list(range(len(columns)))] if wide else chunks(console, columns)
    for n, group in enumerate(groups):
        _table(console, [columns[i] for i in group], [ratios[i] for i in group], best, runs,
               part=f" ({n + 1}/{len(groups)})" if len(groups) > 1 else "")
    _notes(console, columns)


def _table(console: Console, columns: Sequence[Compared], ratios: Sequence[dict[str, float | None]],
           best: Callable[[str], set[str]], runs: int | None, part: str) -> None:
    table = Table(title=f"Model comparison (ratios × to the first model){part}", title_justify="left")
    table.add_column("", style="bold", max_width=label_width(console))
    # Each model column gets at most its share of the width, so Rich never has to squeeze the table (its
    # last-resort squeeze re-grows columns to their longest word and the table overflows, cut at the edge).
    mins = [_min_width(c) for c in columns]
    spare = max(0, console.width - 1 - (label_width(console) + 3) - 3 * len(columns) - sum(mins))
    for c, least in zip(columns, mins):
        table.add_column(c.display, justify="right", min_width=least, max_width=least + spare // len(columns))
    table.add_row("Name", *[Text(c.name, style="dim") for c in columns])
    table.add_row("Family", *[c.profile.family for c in columns])
    table.add_row("Input resolution", *[f"{c.profile.resolution} px" for c in columns])
    for key, label, fmt in ROWS:
        if key.startswith("latency") and all(c.latency is None for c in columns):
            continue
        winners = best(key)
        cells = []
        for i, (c, r) in enumerate(zip(columns, ratios)):  # position 0 is always the reference model
            text = Text(fmt(c), style="bold green" if c.name in winners else "")
            if i and key not in ("receptive_field", "depth", "latency_spread"):
                text.append(_ratio(r.get(key)), style="dim")
            cells.append(text)
        if key == "latency_ms" and runs:
            label = f"{label} of {runs}"
        table.add_row(label, *cells)
    table.add_row("Accuracy from weights", *[Text(_weights(c), style="dim") for c in columns])
    console.print(table)


def _notes(console: Console, columns: Sequence[Compared]) -> None:
    notes = [
        "MACs/FLOPs counted by torch FlopCounterMode on the meta device (conv, linear, matmul); papers and "
        "torchvision call the MACs 'FLOPs'.",
        "Activations: sum of every leaf module's new output (in-place ops excluded). MB = 2^20 bytes.",
        "Accuracy: torchvision Weights.meta of the named weights (no download); '—' for paper-only builds.",
    ]
    timed = [c.latency for c in columns if c.latency is not None]
    if timed:
        threads = sorted({t.threads for t in timed})
        notes.append(f"Latency: random weights, torch.inference_mode, batch 1, {timed[0].warmup} warm-up runs, "
                     f"{'/'.join(map(str, threads))} CPU thread{'s' if threads != [1] else ''} (--threads).")
    for n in notes:
        console.print(Text(n, style="dim"))
    for line in latency_warnings(columns):
        console.print(Text(line, style="yellow"))


def render_models(console: Console, entries: Sequence[Entry]) -> None:
    """The zoo: name, accepted spellings, family, resolution, best published top-1.

    Below 110 columns the accepted spellings go under the name, below 80 the weights too, so no name
    or number is ever cut.
    """
    stacked, narrow = console.width < 110, console.width < 80
    table = Table(title=f"{len(entries)} models (any listed spelling works, case-insensitive)", title_justify="left")
    table.add_column("Name" + (" / also accepted" if stacked else ""), style="bold", overflow="fold", min_width=18)
    if not stacked:
        table.add_column("Also accepted", overflow="fold")
    table.add_column("Family", no_wrap=True)
    table.add_column("Res", justify="right", no_wrap=True)
    table.add_column("Best top-1", justify="right", no_wrap=True)
    if not narrow:
        table.add_column("Weights", style="dim", overflow="fold")
    for e in entries:
        b = e.best
        weights = "paper build, no weights" if b is None else b.name + (f" @ {b.crop} px" if b.crop != e.resolution else "")
        name = Text(e.name, style="bold")
        if stacked and e.aliases:
            name.append("\n" + ", ".join(e.aliases), style="dim")
        if narrow:
            name.append("\n" + weights, style="dim italic")
        cells = [name] + ([", ".join(e.aliases)] if not stacked else [])
        cells += [e.family, str(e.resolution), f"{b.top1:.2f}%" if b else "—"]
        table.add_row(*cells, *([] if narrow else [weights]))
    console.print(table)


def frontier_chart(zoo: Sequence[Point], chosen: Sequence[Point], front: Sequence[Point], width: int,
                   height: int = 24) -> str:
    """A plotext chart of top-1 against GMACs (log axis): the frontier line, the zoo, the compared models."""
    from cnnquiz.render.plotting import plotext

    plt = plotext()

    def lx(points: Sequence[Point]) -> list[float]:
        # log10 by hand on a linear axis: plotext's own log scale mis-places custom ticks
        return [math.log10(p.gmacs) for p in points]

    fig = plt.figure
    fig.clear()
    chosen_names = {p.name for p in chosen}
    rest = [p for p in zoo if p.name not in chosen_names]
    line = fig.signal(lx(front), [p.top1 for p in front], marker=plt.marker("hd", "cyan"))
    line.lines()
    line.label("efficient frontier")
    fig.draw(line)
    dots = fig.signal(lx(rest), [p.top1 for p in rest], marker=plt.marker("•", "gray"))
    dots.label("torchvision zoo (published)")
    fig.draw(dots)
    mine = fig.signal(lx(chosen), [p.top1 for p in chosen], marker=plt.marker("●", "red"))
    mine.label("compared (measured)")
    fig.draw(mine)
    for p in chosen:
        fig.draw(fig.text(math.log10(p.gmacs) + 0.06, p.top1, p.name, alignment="left"))
    xs = lx([*zoo, *chosen])
    ticks = [t for t in (0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000)
             if min(xs) - 0.5 <= math.log10(t) <= max(xs) + 0.5]
    fig.ruler("x").ticks([math.log10(t) for t in ticks], [f"{t:g}" for t in ticks])
    fig.plot_size(width, height)
    fig.legend(x=width - 7, y=height - 7, ha="right", va="bottom")  # lower right: cheap-and-accurate is empty
    fig.theme("simple")
    fig.title("ImageNet top-1 (%) against GMACs (log scale)")
    return str(fig.build())


def frontier_note(front: Sequence[Point], chosen: Sequence[Point]) -> str:
    """Which compared models sit on the frontier, in words."""
    on = [p.name for p in chosen if p.name in {f.name for f in front}]
    off = [p.name for p in chosen if p.name not in {f.name for f in front}]
    parts = []
    if on:
        parts.append(f"on the frontier: {', '.join(on)}")
    if off:
        parts.append(f"beaten by a cheaper, more accurate model: {', '.join(off)}")
    return "; ".join(parts) + ". Other models: torchvision's published _ops (GMACs) and top-1, nothing built."

