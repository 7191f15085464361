"""Rich rendering of `plan`: the interview date, new cards a day, the daily load and the recall predicted."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cnnquiz.progress.interview import LEAD_DAYS, Forecast


def render_plan(console: Console, f: Forecast) -> None:
    left = (f.day - f.today).days
    console.print(Text(f"interview on {f.day.isoformat()}: {left} day{'s' if left != 1 else ''} from today",
                       style="bold"))
    if f.unseen:
        console.print(Text(f"{f.unseen} questions not started: {f.new_per_day} new a day until {LEAD_DAYS} days "
                           "before the interview, so each is reviewed at least twice"))
    else:
        console.print(Text("every question has been started"))
    console.print(Text("no interval reaches past the eve: every card comes back before the day", style="dim"))
    table = Table(title="daily load", title_justify="left")
    table.add_column("day", no_wrap=True)
    table.add_column("reviews due", justify="right")
    table.add_column("new", justify="right")
    for d, reviews, new in f.load:
        table.add_row(f"{d:%a %Y-%m-%d}", str(reviews), str(new))
    console.print(table)
    console.print(Text(f"predicted recall on the day if you stop now: {f.predicted_recall:.0%}"))
