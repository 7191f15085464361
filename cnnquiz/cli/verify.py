"""The `verify` command: check every number the bank teaches against real models, metadata and formulas."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from cnnquiz.cli.common import console, print_json, state


def verify(
    ctx: typer.Context,
    question: Annotated[
        Optional[list[str]],
        typer.Option("--question", "-q", metavar="ID", help="Check only this question's claims (repeatable)."),
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option("--all", help="List held claims too, not only the ones to look at."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Measure every model again instead of reading the cache."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Check every numeric claim of the bank: measured params/MACs, torchvision accuracies, formulas.

    Each claim is held (agrees within its tolerance), off (wrong, unexplained: exit code 1), disputed
    (it matches the value measured under the convention it declares: ResNet v1, MACs vs FLOPs, the
    paper's resolution or weights) or unchecked (a paper-only figure nothing can measure, with its
    cited source). Results go to the cache the quiz reads.
    """
    from cnnquiz.verify.report import verify as run

    bank = state(ctx).bank()
    questions = [bank.get(q) for q in question] if question else list(bank.questions)
    out = console()
    err = console(stderr=True)
    if err.is_terminal and not as_json:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("verifying"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}"), console=err, transient=True) as bar:
            task = bar.add_task("", total=sum(len(q.claims) for q in questions))
            report = run(questions, use_cache=not no_cache,
                         progress=lambda done, total, what: bar.update(task, completed=done, description=what))
    else:
        report = run(questions, use_cache=not no_cache)
    if as_json:
        print_json(report.to_dict())
    else:
        from cnnquiz.render.verify import render_report

        render_report(out, report, show_all=show_all)
    if report.summary["off"]:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `verify` to the root app."""
    app.command("verify")(verify)
