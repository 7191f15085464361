"""Rich rendering of drills: problem panel, verdict, worked solution, summary, and drill accuracy in stats."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cnnquiz.drill.grading import Verdict
from cnnquiz.drill.problem import Problem, json_number
from cnnquiz.drill.problem import fmt as _fmt


def fmt(value, unit=None) -> str:
    """problem.fmt, except that a value too large for a float (a typed 2^1024-1) is shown by its size (L4)."""
    try:
        return _fmt(value, unit) if unit is not None else _fmt(value)
    except OverflowError:
        digits = len(str(abs(int(value)))) if getattr(value, "denominator", 1) == 1 else None
        return f"a number of {digits} digits" if digits else "a number too large to show"
from cnnquiz.drill.session import DrillSummary, Recorded
from cnnquiz.progress.drillcards import DrillStat
from cnnquiz.progress.rating import Rating
from cnnquiz.progress.scheduler import format_interval, utcnow

EXAMPLES = {
    "px": "28, (56-3+2)/1+1, floor((56+2-3)/2)+1",
    "params": "2.36M, 2,359,296, 3*3*512*512",
    "macs": "115.6M, 1.156e8, 28*28*128*128*9",
    "flops": "231.2M, 2.312e8, 2*28*28*128*128*9",
    "ratio": "8.4x, 1/(1/256 + 1/9), 1.92^2",
    "fraction": "0.115, 11.5%, 1/256 + 1/9",
}


def header(console: Console, count: int, kinds: Sequence[str], seed: int, tolerance: float) -> None:
    from cnnquiz.drill.generator import KINDS

    kinds_text = "mixed" if set(kinds) >= set(KINDS) else ", ".join(kinds)
    console.print(Text(f"drill · {count} problem{'s' if count != 1 else ''} · {kinds_text} · tolerance "
                       f"{tolerance * 100:g}% · seed {seed} (--seed {seed} repeats this set)", style="dim"))


def problem_panel(console: Console, problem: Problem, index: int, total: int, status: str) -> None:
    grading = "exact integer" if problem.exact else "within tolerance"
    console.print()
    console.print(Panel(Text(problem.question, style="bold"), title=f"{index}/{total} · {problem.card_id} · {status}",
                        title_align="left", subtitle=grading, subtitle_align="left", border_style="blue"))
    console.print(Text(f"Type a number or expression (e.g. {EXAMPLES[problem.unit]}) · ? show the solution · "
                       "s skip · Ctrl-D quit", style="dim"))


def retry(console: Console, message: str) -> None:
    console.print(Text(f"{message} — try again", style="yellow"))


def verdict(console: Console, problem: Problem, v: Verdict) -> None:
    line = Text()
    if v.correct:
        line.append("✓ correct", style="bold green")
    else:
        line.append("✗ wrong", style="bold red")
    line.append(f" — answer {fmt(problem.answer, problem.unit)}")
    if not (v.correct and v.error == 0):
        off = "<0.01% off" if v.error < 1e-4 else f"{v.error:.2%} off" if v.error < 10 else "more than 10× off"
        line.append(f"; you typed {fmt(v.given)}, {off}")
    if not v.correct and not v.exact:
        line.append(f"; tolerance {v.tolerance * 100:g}%", style="dim")
    console.print(line)
    if v.hint:
        console.print(Text(f"hint: {v.hint}", style="yellow"))


def gave_up(console: Console, problem: Problem) -> None:
    console.print(Text(f"answer {fmt(problem.answer, problem.unit)}", style="bold"))


def solution(console: Console, problem: Problem) -> None:
    """The worked solution: each step's formula, the numbers substituted, the value; then where it appears."""
    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(style="cyan", no_wrap=True)
    table.add_column()
    for step in problem.steps:
        text = Text(step.formula, style="dim")
        value = fmt(step.value)
        if step.expr.strip() != str(json_number(step.value)):
            text.append(f" = {step.substituted}")
        text.append(" = ")
        text.append(value, style="bold")
        table.add_row(step.label, text)
    body: list[Table | Text] = [table]
    if problem.where:
        body.append(Text(f"where: {problem.where}", style="magenta"))
    for note in problem.notes:
        body.append(Text(f"note: {note}", style="dim"))
    console.print(Panel(Group(*body), title="worked solution", title_align="left", border_style="green"))


def recorded(console: Console, problem: Problem, rec: Recorded, now: datetime | None = None) -> None:
    text = Text("rated ")
    text.append(rec.rating.label, style="green" if rec.rating is Rating.GOOD else "red")
    text.append(f" · {problem.card_id}")
    if rec.scheduled and rec.due_after is not None:
        text.append(f" next in {format_interval(rec.due_after - (now or utcnow()))}")
    elif not rec.scheduled:
        text.append(" (not due yet: logged for accuracy, schedule unchanged)", style="dim")
    console.print(text)


def summary(console: Console, s: DrillSummary) -> None:
    console.print()
    answered = s.answered
    if not answered:
        console.print("No problem answered.")
        return
    console.print(Text(f"drill summary: {s.correct}/{len(answered)} correct", style="bold"))
    table = Table()
    table.add_column("kind", style="cyan")
    table.add_column("correct", justify="right")
    for kind, (ok, n) in s.by_kind().items():
        table.add_row(kind, f"{ok}/{n}")
    skipped = sum(r.skipped for r in s.results)
    console.print(table)
    if skipped:
        console.print(Text(f"skipped {skipped}", style="dim"))


def drill_stats(console: Console, rows: Sequence[DrillStat], now: datetime | None = None) -> None:
    """The stats command's drill table: accuracy per kind and when each kind is due."""
    now = now or utcnow()
    table = Table(title="drills: accuracy per kind (`cnnquiz drill`)", title_justify="left")
    table.add_column("kind", style="cyan")
    table.add_column("answers", justify="right")
    table.add_column("accuracy", justify="right")
    table.add_column("state")
    table.add_column("due", justify="right")
    for r in rows:
        acc = "–" if r.accuracy is None else f"{r.correct}/{r.attempts} {r.accuracy:.0%}"
        due = "–" if r.due is None else ("now" if r.due <= now else f"in {format_interval(r.due - now)}")
        table.add_row(r.kind, str(r.attempts), acc, r.state, due)
    console.print(table)
