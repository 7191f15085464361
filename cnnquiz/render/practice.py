"""Rich rendering for `practice`: question panel, leech hint, rating previews, summary and mock report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cnnquiz.bank.schema import Question
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.scheduler import Preview, format_interval, utcnow
from cnnquiz.quiz.selection import Plan
from cnnquiz.quiz.session import MockReport, Outcome, Summary
from cnnquiz.render.bank import question_header

RATING_STYLE = {Rating.AGAIN: "red", Rating.HARD: "yellow", Rating.GOOD: "green", Rating.EASY: "cyan"}


def question_panel(console: Console, q: Question, index: int, total: int, status: str,
                   remaining: float | None = None) -> None:
    """The question, titled `index/total · id · status`, with source, difficulty and topics beneath."""
    title = f"{index}/{total} · {q.id} · {status}"
    if remaining is not None:
        title += f" · {_clock(remaining)} left"
    console.print()
    console.print(Panel(Text(q.question, style="bold"), title=title, title_align="left",
                        subtitle=question_header(q), subtitle_align="left", border_style="blue"))


def answer_help(console: Console, flashcards: bool, mock: bool) -> None:
    if flashcards:
        text = "Enter reveals the answer · s skip · u undo · Ctrl-D quit"
    elif mock:
        text = "Answer, then an empty line · s skip · Ctrl-D end the interview"
    else:
        text = "Answer, then an empty line · ? reveal · s skip · u undo · Ctrl-D quit"
    console.print(Text(text, style="dim"))


def leech_hint(console: Console, q: Question, lapses: int) -> None:
    """Before asking a leech: say so and show the model answer to re-learn it."""
    from rich.markdown import Markdown

    console.print(Panel(Markdown(q.answer), border_style="yellow", title_align="left",
                        title=f"leech: forgotten {lapses} times — read the model answer, then answer from memory"))


def reveal(console: Console, q: Question) -> None:
    """The model answer and the rubric's key points, shown without grading."""
    from rich.markdown import Markdown

    console.print(Panel(Markdown(q.answer), title="model answer", title_align="left", border_style="green"))
    console.print(Text("key points: " + " · ".join(kp.label for kp in q.key_points), style="dim"))


def previews_line(console: Console, previews: Sequence[Preview], suggested: Rating | None) -> None:
    """`1 Again 10m  2 Hard 2d  3 Good 4d  4 Easy 9d`, the suggested rating highlighted."""
    line = Text()
    for p in previews:
        style = RATING_STYLE[p.rating] + (" bold reverse" if p.rating == suggested else "")
        line.append(f"{int(p.rating)} {p.rating.label} {p.label}", style=style)
        line.append("  ")
    console.print(line)


def rating_prompt(suggested: Rating | None, undo: bool = True) -> str:
    accept = f"Enter = {suggested.label} · " if suggested else ""
    return f"{accept}1-4 rate{' · u undo' if undo else ''} › "


def rated(console: Console, outcome: Outcome) -> None:
    """One line after a rating: what was recorded and when the card comes back."""
    assert outcome.rating is not None
    text = Text("rated ")
    text.append(outcome.rating.label, style=RATING_STYLE[outcome.rating])
    if outcome.due_after is not None:
        interval = outcome.due_after - (outcome.reviewed_at or utcnow())
        text.append(f" · next in {format_interval(interval)}")
    else:
        text.append(" · schedule unchanged", style="dim")
    console.print(text)


def nothing_to_do(console: Console, plan: Plan, next_due: datetime | None, mode: str,
                  topics: Sequence[str] = ()) -> None:
    """Why the session is empty and what to try instead."""
    if plan.pool == 0:
        if topics and plan.topic_pool == 0:
            named = " or ".join(f"'{t}'" for t in topics)
            console.print(Text(f"No question has the topic {named}; `cnnquiz bank list` shows the questions "
                               "and their topics."))
        else:
            console.print("No question matches these filters.")
        return
    if plan.hidden == plan.pool:
        console.print(f"Every matching question is suspended or buried ({plan.hidden}); see `cnnquiz stats`.")
        return
    if mode in ("cram", "mock"):
        console.print("No question matches these filters.")
        return
    parts = ["Nothing to practise now."]
    if next_due is not None:
        parts.append(f"Next card due in {format_interval(next_due - utcnow())}.")
    if mode != "due" and plan.new_today >= plan.new_limit:
        parts.append(f"New cards today: {plan.new_today}/{plan.new_limit} (raise with --new-limit).")
    if plan.skipped_kinds:
        parts.append(f"{plan.skipped_kinds} drill card(s) due: `cnnquiz drill`.")
    parts.append("Use --mode cram to practise anyway.")
    console.print(" ".join(parts))


def plan_notes(console: Console, plan: Plan, interview: date | None, opts) -> None:
    """Before the first question: the interview plan, and why the session is shorter than --count."""
    if interview is not None:
        console.print(Text(f"interview on {interview.isoformat()}: up to {plan.new_limit} new a day so every card is "
                           f"reviewed twice before it; no interval reaches past the eve", style="dim"))
    if plan.new_waiting:
        console.print(Text(f"{len(plan.ids)} of {opts.count} questions: the daily limit of {plan.new_limit} new cards "
                           f"({plan.new_today} done today) leaves {plan.new_waiting} more new for another day "
                           "(raise it with --new-limit N)", style="yellow"))


def summary(console: Console, s: Summary) -> None:
    table = Table(title="session summary", title_justify="left", show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("rated", str(s.rated))
    if s.ratings:
        table.add_row("ratings", "  ".join(f"{r.label} {s.ratings[r]}" for r in Rating if s.ratings[r]))
    if s.skipped:
        table.add_row("skipped", str(s.skipped))
    if s.mean_score is not None:
        table.add_row("mean score", f"{round(s.mean_score * 100)}/100")
    table.add_row("time", f"{_clock(s.seconds)} answering, {_clock(s.elapsed)} in all")
    if s.mode.schedules and s.next_due is not None:
        table.add_row("next due", format_interval(s.next_due - utcnow()))
    if not s.mode.schedules:
        table.add_row("schedule", f"unchanged ({s.mode.value})")
    console.print()
    console.print(table)


def mock_report(console: Console, report: MockReport) -> None:
    """Every question's score and missed points, the overall score and the weakest topics."""
    table = Table(title=f"mock interview: {len(report.rows)} of {report.planned} questions in "
                        f"{_clock(report.elapsed)} (limit {_clock(report.limit)})", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("question", style="cyan", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("time", justify="right")
    table.add_column("missed", ratio=1)
    for i, row in enumerate(report.rows, 1):
        score = "late" if row.late else "skipped" if row.skipped else f"{round(row.score * 100)}"
        table.add_row(str(i), row.question.id, score, _clock(row.seconds), ", ".join(row.missed))
    console.print()
    if report.rows:
        console.print(table)
    else:
        console.print(Text(table.title, style="italic"))
    if not report.rows:
        console.print(Text("No question was answered."))
    if any(r.late for r in report.rows):
        console.print(Text("late: finished after the time limit, so not graded (scored 0)", style="yellow"))
    if report.mean_score is not None:
        console.print(Text(f"overall {round(report.mean_score * 100)}/100", style="bold"))
    if report.weakest:
        weak = ", ".join(f"{t} {round(m * 100)}/100 ({n})" for t, m, n in report.weakest)
        console.print(f"weakest topics: {weak}")
    console.print(Text("Model answers: cnnquiz bank show ID · practise a topic: cnnquiz practice --topic T",
                       style="dim"))


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def clock_text(seconds: float) -> str:
    """`m:ss` for a countdown."""
    return _clock(seconds)
