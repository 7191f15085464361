"""The `summary` command: a model's module tree with params, MACs, shares, activations, receptive field and jump."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from cnnquiz.cli.common import ModelArgsOption, console, print_json
from cnnquiz.cli.complete import complete_model

HELP = """Where a model's parameters and MACs live: its module tree, row by row.

MODEL is a registered name or alias (resnet50, VGG-16, efficientnet_b0 ...) or your own model as
FILE:NAME, an nn.Module subclass or a function returning one (./net.py:MyNet, ./net.py:build), with
constructor arguments from --arg KEY=VALUE (int, float, true/false, none or text; never evaluated).

Each row: output shape, params, MACs and their share of the whole model, activation memory (batch 1,
fp32), and the receptive field and jump at that module's output. By default the rows are the model's
stages or blocks (the level `calc rf` reports); --depth N shows the tree to depth N. The totals are
compare's. Registered models are cached, so a repeated summary does not import torch; your own
models are measured every time.
"""


def summary(
    model: Annotated[str, typer.Argument(metavar="MODEL", autocompletion=complete_model,
                                         help="Model name/alias, or FILE:NAME for your own model.")],
    depth: Annotated[Optional[int], typer.Option(
        "--depth", "-d", min=1, max=32, help="Show the module tree to this depth (default: the stages/blocks).")] = None,
    resolution: Annotated[Optional[int], typer.Option(
        "--resolution", "-r", min=16, max=2048, help="Input size in pixels (default: the model's own; 224 for yours).")] = None,
    arg: ModelArgsOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Measure again instead of reading the cache.")] = False,
) -> None:
    from cnnquiz.calc.summary import summarize
    from cnnquiz.models import parse_args

    result = summarize(model, resolution, parse_args(arg), use_cache=not no_cache)
    if as_json:
        print_json(result.to_json(depth))
        return
    from cnnquiz.render.summary import render_summary

    render_summary(console(), result, depth)


def register(app: typer.Typer) -> None:
    """Add `summary` to the root app."""
    app.command("summary", help=HELP)(summary)
