"""The `card` command group: show one card's schedule and history; suspend, unsuspend, bury or reset cards."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from cnnquiz.cli.common import DbOption, console, open_store, print_json, state
from cnnquiz.cli.complete import complete_card_id

app = typer.Typer(help="Look at and manage cards: show, suspend, unsuspend, bury, reset.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add the card group to the root app."""
    root.add_typer(app, name="card")


@app.command("show")
def show(
    ctx: typer.Context,
    card_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="A question id or drill:<kind>.", autocompletion=complete_card_id),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (shape in the README).")] = False,
    db: DbOption = None,
) -> None:
    """One card: state, due, stability, flags and every review with its score and answer."""
    from cnnquiz.progress.cards import detail, resolve

    bank = state(ctx).bank()
    with open_store(db, write=False) as store:
        [cid] = resolve(bank, store, [card_id])
        result = detail(bank, store, cid)
    if as_json:
        print_json(result.to_json())
        return
    from cnnquiz.render.card import card_detail

    card_detail(console(), result)


def _action(ctx: typer.Context, action: str, ids: list[str], db: Optional[Path]) -> None:
    from cnnquiz.progress.cards import apply, resolve

    bank = state(ctx).bank()
    with open_store(db) as store:
        done = apply(store, action, resolve(bank, store, ids))
    past = {"suspend": "suspended", "unsuspend": "unsuspended", "bury": "buried until tomorrow",
            "reset": "reset to new (review history kept)"}[action]
    console().print(f"{past}: {', '.join(done)}", markup=False, highlight=False)


IDS = typer.Argument(metavar="ID...", help="Question ids or drill:<kind>.", autocompletion=complete_card_id)


@app.command("suspend")
def suspend(ctx: typer.Context, ids: Annotated[list[str], IDS], db: DbOption = None) -> None:
    """Never ask these cards (until unsuspended)."""
    _action(ctx, "suspend", ids, db)


@app.command("unsuspend")
def unsuspend(ctx: typer.Context, ids: Annotated[list[str], IDS], db: DbOption = None) -> None:
    """Ask these cards again, on their old schedule."""
    _action(ctx, "unsuspend", ids, db)


@app.command("bury")
def bury(ctx: typer.Context, ids: Annotated[list[str], IDS], db: DbOption = None) -> None:
    """Skip these cards until tomorrow."""
    _action(ctx, "bury", ids, db)


@app.command("reset")
def reset(ctx: typer.Context, ids: Annotated[list[str], IDS], db: DbOption = None) -> None:
    """Make these cards new again; their review history is kept."""
    _action(ctx, "reset", ids, db)
