"""The `calc` command group: calculators on real torch modules, with the closed-form formula beside every number."""

from __future__ import annotations

import typer

from cnnquiz.cli import calc_rf

app = typer.Typer(help="Calculators on real torch modules, with the closed-form formula beside every number.",
                  no_args_is_help=True)
calc_rf.register(app)


def register(root: typer.Typer) -> None:
    """Add the calc group to the root app."""
    root.add_typer(app, name="calc")
