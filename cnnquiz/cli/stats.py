"""The `stats` command: progress, retention, topic mastery, due forecast, leeches and hardest questions."""

from __future__ import annotations

from typing import Annotated

import typer

from cnnquiz.cli.common import DbOption, console, open_store, print_json, state


def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (shape in the README).")] = False,
    db: DbOption = None,
) -> None:
    """Show your progress: reviews, streak, retention, topic mastery, what is due, leeches."""
    from cnnquiz.quiz.stats import compute_stats

    bank = state(ctx).bank()
    with open_store(db, write=False) as store:
        result = compute_stats(bank, store)
    if as_json:
        print_json(result.to_json())
        return
    from cnnquiz.render.stats import render_stats

    render_stats(console(), result)


def register(app: typer.Typer) -> None:
    """Add the stats command to the root app."""
    app.command("stats")(stats)
