"""The root `cnnquiz` Typer app: global options, command registration, and error-to-exit-code mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from cnnquiz import __version__
from cnnquiz.cli import bank, calc, card, compare, drill, export, grade, plan, practice, progress, stats, verify
from cnnquiz.cli.common import State
from cnnquiz.errors import CnnquizError


class CnnquizGroup(TyperGroup):
    """Runs commands and turns a CnnquizError into one red line on stderr and its exit code."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except CnnquizError as exc:
            typer.secho(f"error: {exc}", fg="red", err=True)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    name="cnnquiz",
    cls=CnnquizGroup,
    help="Interview prep for CNN architectures: a graded quiz with spaced repetition, and a calculator "
    "that measures real torch models.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cnnquiz {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    bank_dirs: Optional[list[Path]] = typer.Option(
        None, "--bank", metavar="DIR", help="Add a folder of your own YAML questions (repeatable; also $CNNQUIZ_BANK)."
    ),
    only: bool = typer.Option(False, "--only", help="Use only the --bank folders, not the built-in bank."),
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """cnnquiz: practise CNN-architecture interview questions and check the numbers on real models."""
    ctx.obj = State(bank_dirs=list(bank_dirs or []), only=only)


for module in (practice, grade, stats, card, plan, progress, bank, calc, compare, verify, drill, export):
    module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
