"""The `plan` command: set (or clear) an interview date and show the plan toward it."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from cnnquiz.cli.common import DbOption, console, open_store, print_json, state
from cnnquiz.errors import UsageError


def plan(
    ctx: typer.Context,
    interview: Annotated[
        Optional[str],
        typer.Option(
            "--interview", metavar="YYYY-MM-DD", help="The interview date (saved; practice schedules toward it).",
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget the interview date.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (shape in the README).")] = False,
    db: DbOption = None,
) -> None:
    """Prepare for a day: intervals end before it, new cards come early enough, the daily load is shown."""
    from cnnquiz.progress.interview import INTERVIEW_KEY, forecast, parse_day, saved_day
    from cnnquiz.progress.scheduler import utcnow

    if interview and clear:
        raise UsageError("--interview and --clear do not go together")
    now = utcnow()
    today = now.astimezone().date()
    bank = state(ctx).bank()
    with open_store(db, write=bool(interview or clear)) as store:
        if clear:
            store.delete_setting(INTERVIEW_KEY)
            if as_json:
                print_json({"interview": None})
            else:
                console().print("interview date cleared; practice schedules as usual")
            return
        if interview:
            day = parse_day(interview)
            if day <= today:
                raise UsageError(f"--interview {day.isoformat()} is not in the future (today is {today.isoformat()})")
            store.set_setting(INTERVIEW_KEY, day.isoformat())
        day = saved_day(store)
        if day is None or day <= today:
            if as_json:
                print_json({"interview": None})
                return
            raise UsageError("no interview date set: cnnquiz plan --interview YYYY-MM-DD")
        result = forecast(bank, store, day, now)
    if as_json:
        print_json({"interview": result.plan_json()})
        return
    from cnnquiz.render.plan import render_plan

    render_plan(console(), result)


def register(app: typer.Typer) -> None:
    """Add the plan command to the root app."""
    app.command("plan")(plan)
