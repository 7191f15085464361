"""Rich rendering of `stats`: headline numbers, topic mastery bars, a plotext due forecast, leeches, hardest."""

from __future__ import annotations

from datetime import timedelta

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cnnquiz.progress.interview import Forecast
from cnnquiz.progress.scheduler import utcnow
from cnnquiz.quiz.stats import Stats
from cnnquiz.render.safe import plain

BAR_WIDTH = 20
CHART_HEIGHT = 10


def bar(fraction: float, width: int = BAR_WIDTH) -> Text:
    """A horizontal bar of eighth-blocks for a fraction 0..1."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    text = "█" * full + ("" if rest == 0 else " ▏▎▍▌▋▊▉"[rest])
    style = "green" if fraction >= 0.8 else "yellow" if fraction >= 0.5 else "red"
    return Text(text.ljust(width, "·"), style=style)


def duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60}h {minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def forecast_chart(counts: list[int], width: int) -> str:
    """A plotext bar chart of cards due per day (plotext's global figure, cleared first; ANSI text)."""
    from cnnquiz.render.plotting import plotext

    plt = plotext()

    today = utcnow().astimezone().date()
    labels = ["today"] + [(today + timedelta(days=i)).strftime("%a")[:2] for i in range(1, len(counts))]
    fig = plt.figure
    fig.clear()
    fig.draw(fig.bar(labels, counts, labeled=[str(c) if c else "" for c in counts]))
    step = max(1, -(-max(counts) // 4))
    top = 4 * step  # the top of the axis is a tick
    fig.ruler("y").ticks(list(range(0, top + 1, step)))
    fig.ruler("y").lim(0, top)
    fig.plot_size(width, CHART_HEIGHT)
    fig.theme("default")
    fig.title(f"cards due in the next {len(counts)} days")
    return str(fig.build())


def render_stats(console: Console, stats: Stats) -> None:
    head = Table(show_header=False, box=None, padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("reviews", f"{stats.reviews} ({stats.reviews_today} today)")
    head.add_row("streak", f"{stats.streak_days} day{'s' if stats.streak_days != 1 else ''}")
    retention = "–" if stats.retention_30d is None else f"{stats.retention_30d:.0%}"
    head.add_row("retention (30 days)", f"{retention}  (reviews of learnt cards not rated Again)")
    head.add_row("time spent", duration(stats.time_spent_seconds))
    head.add_row("due", f"{stats.due_now} now, {stats.forecast[0]} by the end of today")
    if stats.suspended or stats.buried:
        head.add_row("set aside", f"{len(stats.suspended)} suspended, {len(stats.buried)} buried until tomorrow")
    console.print(head)
    if stats.reviews == 0:
        console.print(Text("No reviews yet: run `cnnquiz practice`.", style="dim"))

    started = [t for t in stats.topics if t.seen]
    if started:
        console.print(Text("topic mastery, weakest first (mean FSRS recall 7 days ahead; unseen or last "
                           "rated Again = 0)"))
        topics = Table()
        topics.add_column("topic", style="magenta")
        topics.add_column("seen", justify="right")
        topics.add_column("mastery", justify="right")
        topics.add_column("", no_wrap=True)
        for t in sorted(started, key=lambda t: (t.mastery, t.topic)):
            topics.add_row(plain(t.topic), f"{t.seen}/{t.cards}", f"{t.mastery:.0%}", bar(t.mastery))
        console.print(topics)
    unseen = sorted(t.topic for t in stats.topics if not t.seen)
    if unseen:
        console.print(plain(f"topics not started ({len(unseen)}): " + ", ".join(unseen), style="dim"))

    width = max(40, min(console.width, 100))
    console.print(Text.from_ansi(forecast_chart(stats.forecast, width)))

    if stats.leeches:
        console.print(plain("leeches (6+ lapses; practice shows their answer first): " + ", ".join(stats.leeches),
                           style="yellow"))
    if stats.interview:
        interview(console, stats.interview)
    if stats.drills:
        from cnnquiz.render.drill import drill_stats

        drill_stats(console, stats.drills)
    if stats.hardest:
        hard = Table(title="hardest questions (lowest mean score)", title_justify="left")
        hard.add_column("question", style="cyan")
        hard.add_column("mean score", justify="right")
        hard.add_column("reviews", justify="right")
        for h in stats.hardest:
            hard.add_row(plain(h.id), f"{round(h.mean_score * 100)}/100", str(h.reviews))
        console.print(hard)


def interview(console: Console, f: Forecast) -> None:
    """Predicted recall on the interview day, overall and for the weakest topics, and the cards most at risk."""
    console.print(Text(f"interview on {f.day.isoformat()} (in {(f.day - f.today).days} days): predicted recall "
                       f"{f.predicted_recall:.0%} if you stop now", style="bold"))
    if f.topics:
        weak = ", ".join(f"{t} {r:.0%}" for t, r in f.topics[:5])
        console.print(Text(f"  weakest topics on the day: {weak}"))
    if f.at_risk:
        console.print(Text("  most at risk: " + ", ".join(f.at_risk)))
