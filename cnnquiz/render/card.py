"""Rich rendering of `card show`: the card's schedule and flags, then its review history."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cnnquiz.progress.cards import CardDetail
from cnnquiz.progress.scheduler import format_interval, utcnow

ANSWER_WIDTH = 60


def card_detail(console: Console, d: CardDetail) -> None:
    head = Table(show_header=False, box=None, padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("card", Text(d.id))
    if d.question:
        head.add_row("question", Text(d.question))
    flags = [f for f, on in (("leech", d.leech), ("suspended", d.flags.suspended)) if on]
    if d.flags.buried_until and d.flags.buried_until > utcnow():
        flags.append(f"buried until {d.flags.buried_until.astimezone():%Y-%m-%d %H:%M}")
    head.add_row("state", d.state + (f" ({', '.join(flags)})" if flags else ""))
    if d.due is not None:
        delta = d.due - utcnow()
        when = f"in {format_interval(delta)}" if delta.total_seconds() > 0 else "now"
        head.add_row("due", f"{d.due.astimezone():%Y-%m-%d %H:%M} ({when})")
    if d.stability is not None:
        head.add_row("stability", f"{d.stability:.2f} days · difficulty {d.difficulty:.2f} / 10")
        head.add_row("recall now", f"{d.retrievability:.0%}")
    head.add_row("reviews", f"{len(d.reviews)} ({d.reps} scheduled, {d.lapses} lapses)")
    console.print(head)
    if not d.reviews:
        return
    table = Table(title="reviews", title_justify="left")
    table.add_column("when", no_wrap=True)
    table.add_column("rating")
    table.add_column("score", justify="right")
    table.add_column("mode")
    table.add_column("answer", ratio=1)
    for r in d.reviews:
        score = "–" if r.score is None else str(round(r.score * 100))
        answer = " ".join(r.answer.split())
        if len(answer) > ANSWER_WIDTH * 3:
            answer = answer[: ANSWER_WIDTH * 3 - 1] + "…"
        table.add_row(f"{r.reviewed_at.astimezone():%Y-%m-%d %H:%M}", r.rating.label, score,
                      r.mode + ("" if r.scheduled else "*"), Text(answer))
    console.print(table)
    if any(not r.scheduled for r in d.reviews):
        console.print(Text("* logged only: the schedule was not moved (cram, mock, or an extra drill)", style="dim"))
