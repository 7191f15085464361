"""The `stats` command: progress, retention, topic mastery, due forecast, leeches and hardest questions."""

from __future__ import annotations

from typing import Annotated

import typer

from cnnquiz.cli.common import DbOption, console, print_json, state


def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (shape in the README).")] = False,
    db: DbOption = None,
) -> None:
    """Show your progress: reviews, streak, retention, topic mastery, what is due, leeches."""
    from cnnquiz import paths
    from cnnquiz.progress.store import Store
    from cnnquiz.quiz.stats import compute_stats

    bank = state(ctx).bank()
    with Store.open(db or paths.default_db_path(), write=False) as store:
        result = compute_stats(bank, store)
    if as_json:
        print_json(result.to_json())
        return
    from cnnquiz.render.stats import render_stats

    render_stats(console(), result)


def register(app: typer.Typer) -> None:
    """Add the stats command to the root app."""
    app.command("stats")(stats)
