"""The `calc rf` command: receptive field of a torchvision model or the user's own (walked on its real graph) or a layer spec."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from cnnquiz.cli.common import ModelArgsOption, console, print_json
from cnnquiz.cli.complete import complete_model

HELP = """Receptive field of a model's final feature map, stage by stage, or of a layer spec.

TARGET is a torchvision model name or alias (resnet50, ResNet-50, efficientnet_b0, vgg16 ...), your own model
as FILE:NAME (./net.py:MyNet: an nn.Module subclass or a function returning one, with constructor arguments
from --arg KEY=VALUE), or a layer spec: comma-separated layers c<k> (conv) or p<k> (pool) with optional
s<stride>, d<dilation>, p<padding> (default (k-1)*d//2) and *<repeat>, e.g. c7s2,p3s2,c3*4,c3d2.

For models the field is computed by running the real torch.fx graph on the meta device: residual adds
and concatenations take the union of their branches, dilation included. Squeeze-excitation, attention
and normalisation over positions are reported as global context on top of the convolutional field.
"""


def register(app: typer.Typer) -> None:
    """Add `rf` to the calc group."""

    @app.command("rf", help=HELP)
    def rf(
        target: Annotated[
            str,
            typer.Argument(
                metavar="TARGET", autocompletion=complete_model,
                help="Model name/alias, FILE:NAME, or a spec like c7s2,p3s2,c3,c3d2.",
            ),
        ],
        resolution: Annotated[
            Optional[int],
            typer.Option(
                "--resolution", "-r", help="Input size in pixels (default: the model's eval crop; none for a spec).",
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
        explain: Annotated[bool, typer.Option("--explain", help="Show the recurrence applied stage by stage.")] = False,
        arg: ModelArgsOption = None,
    ) -> None:
        from cnnquiz.models import parse_args
        from cnnquiz.rf import target_result

        result = target_result(target, resolution, parse_args(arg))
        if as_json:
            data = result.to_json()
            if explain:
                from cnnquiz.rf import explain_steps

                data["explain"] = [{"stage": name, "step": text} for name, text in explain_steps(result)]
            print_json(data)
            return
        from cnnquiz.render.rf import rf_explain, rf_table

        con = console()
        rf_table(con, result)
        if explain:
            rf_explain(con, result)
