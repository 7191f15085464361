"""The `calc` command group (under construction)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Calculators on real torch modules, with the closed-form formula beside every number.",
                  no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add the calc group to the root app."""
    root.add_typer(app, name="calc")
