"""The `models` and `compare` commands: the zoo's names, and measured side-by-side comparisons."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from cnnquiz.cli.common import ModelArgsOption, console, print_json
from cnnquiz.cli.complete import complete_model


def models(
    family: Annotated[
        Optional[str],
        typer.Option("--family", "-f", help="Only this family (resnet, efficientnet, ...)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List every model compare and calc accept: all torchvision classifiers and the paper builds."""
    from cnnquiz import models
    from cnnquiz.models import catalog

    entries = catalog.by_family(family) if family else list(catalog.catalog().values())
    entries.sort(key=lambda e: (models.is_paper(e.name), _natural(e.name)))
    if as_json:
        print_json({"models": [{"name": e.name, "display_name": models.display_name(e.name),
                                "aliases": list(e.aliases), "family": e.family, "resolution": e.resolution,
                                "top1": e.best.top1 if e.best else None, "top5": e.best.top5 if e.best else None,
                                "weights": e.best.name if e.best else None,
                                "gmacs": e.best.gmacs if e.best else None,
                                "torchvision": not models.is_paper(e.name)}
                               for e in entries]})
        return
    from cnnquiz.render.compare import render_models

    render_models(console(), entries)


def _natural(name: str) -> list[object]:
    """Sort key reading digit runs as numbers: resnet18 < resnet50 < resnet101."""
    import re

    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def compare(
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="MODEL...", autocompletion=complete_model,
            help="Models to compare (names, aliases or FILE:NAME); the first is the baseline for ratios.",
        ),
    ],
    resolution: Annotated[
        Optional[int],
        typer.Option(
            "--resolution", "-r", min=16, max=2048, help="Input size for all models (default: each model's own).",
        ),
    ] = None,
    latency: Annotated[
        bool,
        typer.Option("--latency", help="Also time CPU forward passes with random weights."),
    ] = False,
    runs: Annotated[
        int,
        typer.Option("--runs", min=1, max=1000, help="Timed runs per model for --latency (median)."),
    ] = 10,
    threads: Annotated[
        Optional[int],
        typer.Option(
            "--threads", min=1, max=256, metavar="N",
            help="torch CPU threads for --latency (default: torch's own count).",
        ),
    ] = None,
    plot: Annotated[
        bool,
        typer.Option("--plot", help="Plot top-1 against MACs over the whole zoo, with the frontier."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
    wide: Annotated[
        bool,
        typer.Option("--wide", help="One table for all models, however wide (for a pager or file)."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Measure again instead of reading cached results."),
    ] = False,
    arg: ModelArgsOption = None,
) -> None:
    """Compare models side by side: params, MACs/FLOPs, activations, weights, depth, RF, accuracy.

    Models are built on the meta device (no memory, no download); results are cached per model and
    resolution, keyed by the versions and the measuring code, so a repeated comparison does not import torch.
    A MODEL may be your own, FILE:NAME (./net.py:MyNet, an nn.Module subclass or a function returning one),
    built with --arg KEY=VALUE constructor arguments and measured every time.
    """
    from cnnquiz.calc import comparison as C
    from cnnquiz.models import parse_args

    names = C.user_models(names, parse_args(arg))  # FILE:NAME: the user's own model, with the --arg values
    columns = C.compare(names, resolution, use_cache=not no_cache)
    if latency:
        columns = _timed(columns, runs, threads, quiet=as_json)
    result = C.Comparison.of(columns, resolution, plot=plot)
    if as_json:
        print_json(result.to_json())
        _warn_noisy(result.columns)
        return
    from cnnquiz.render import compare as R

    out = console()
    R.render_compare(out, result.columns, result.ratios, result.best, runs if latency else None, wide=wide)
    if result.frontier is not None:
        from rich.text import Text

        width = max(60, min(out.width, 120))
        plot_data = result.frontier
        out.print(Text.from_ansi(R.frontier_chart(plot_data.points, plot_data.chosen, plot_data.front, width)))
        out.print(Text(R.frontier_note(plot_data.front, plot_data.chosen), style="dim"))


def _warn_noisy(columns) -> None:
    """With --json: one warning line on stderr per model whose timing spread exceeds 20% of its median."""
    from cnnquiz.render.compare import latency_warnings

    err = console(stderr=True)
    for line in latency_warnings(columns):
        err.print(line, style="yellow", markup=False, highlight=False)


def _timed(columns, runs: int, threads: int | None, quiet: bool):
    """Columns with CPU latency measured, a Rich progress bar on stderr meanwhile."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from cnnquiz.calc import comparison as C

    warmup = 3
    err = console(stderr=True)
    out = []
    with Progress(TextColumn("timing {task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True, disable=quiet or not err.is_terminal) as bar:
        for c in columns:
            task = bar.add_task(c.name, total=warmup + runs)
            measured = C.latency(c.name, c.profile.resolution, runs, warmup, threads,
                                 tick=lambda t=task: bar.advance(t))
            out.append(C.with_latency(c, measured))
    return out


def register(app: typer.Typer) -> None:
    """Add `models` and `compare` to the root app."""
    app.command("models")(models)
    app.command("compare")(compare)
