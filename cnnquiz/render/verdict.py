"""Rich rendering of a graded answer: points ✓ matched / ✗ missed / ⊘ negated, misconceptions, score, why."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cnnquiz.bank.schema import Question
from cnnquiz.progress.rating import Rating
from cnnquiz.quiz.results import GradeResult, Status
from cnnquiz.render.safe import clean, plain

RATING_STYLE = {Rating.AGAIN: "red", Rating.HARD: "yellow", Rating.GOOD: "green", Rating.EASY: "bold green"}
STATUS_MARK = {Status.MATCHED: ("✓", "green"), Status.MISSED: ("✗", "red"), Status.NEGATED: ("⊘", "magenta")}


def score_line(result: GradeResult) -> Text:
    """`score 67/100 · 2 of 3 key points · suggested rating: Good`."""
    line = Text()
    line.append(f"score {round(result.score * 100)}/100", style="bold")
    line.append(f" · {len(result.matched)} of {len(result.points)} key points · suggested rating: ")
    line.append(result.suggested.label, style=RATING_STYLE[result.suggested])
    return line


def _said(p) -> Text:
    if p.status is Status.MATCHED:
        return plain(p.evidence or "", style="green")
    if p.status is Status.NEGATED:
        return plain(f"negated: {p.evidence}", style="magenta")
    return Text("missing", style="red")


def check_hint(console: Console, question: Question) -> None:
    """Under a question with a check: the code runs; what to define; `e` opens the editor."""
    check = question.check
    if check is None:
        return
    need = "code optional: prose is graded too; code" if check.optional else "your code"
    console.print(plain(f"▶ {need} runs against checks: define {' or '.join(check.define[:2])} "
                        "· e writes it in $EDITOR", style="cyan"))


def render_checks(console: Console, question: Question, result: GradeResult) -> None:
    """The executed checks: ✓/✗, the property, what the code did and what the reference does."""
    if not result.checked:
        return
    if not result.checks:
        console.print(Text("code checks: none run (no code in the answer; code is optional here)", style="dim"))
        return
    table = Table(show_header=True, title=f"code checks · {question.id}", title_justify="left", expand=False)
    table.add_column("", no_wrap=True)
    table.add_column("check", style="bold", no_wrap=True)
    table.add_column("your code", ratio=3)
    table.add_column("reference", ratio=2)
    for c in result.checks:
        mark, style = ("✓", "green") if c.passed else ("✗", "red")
        table.add_row(Text(mark, style=style), plain(c.label), plain(c.observed, style=style), plain(c.expected))
    console.print(table)
    passed = sum(c.passed for c in result.checks)
    line = Text(f"checks {passed}/{len(result.checks)} passed", style="bold green" if passed == len(result.checks)
                else "bold red")
    if result.check_error:
        line.append(clean(f" · {result.check_error}"), style="red")
    if result.check_note:
        line.append(clean(f" · {result.check_note}"), style="dim")
    console.print(line)
    if result.check_output:
        shown = result.check_output.splitlines()[:5]
        console.print(plain("your code printed:\n" + "\n".join(s[:200] for s in shown), style="dim"))


def render_verdict(console: Console, question: Question, result: GradeResult, *, show_answer: bool = True) -> None:
    """Each rubric point with its mark and the user's words, misconceptions with corrections, score, why."""
    table = Table(show_header=True, title=f"rubric · {question.id}", title_justify="left", expand=False)
    table.add_column("", no_wrap=True)
    table.add_column("key point", style="bold", ratio=2)
    table.add_column("you wrote", ratio=3)
    for p in result.points:
        mark, style = STATUS_MARK[p.status]
        label = plain(p.label + (" (core)" if p.core else ""))
        table.add_row(Text(mark, style=style), label, _said(p))
    console.print(table)
    render_checks(console, question, result)
    for m in result.misconceptions:
        line = Text("✗ ", style="red")
        line.append(clean(f"You said “{m.evidence}”; "), style="red")
        line.append(clean(f"in fact {m.correction}"))
        console.print(line)
    if result.negated:
        console.print(Text("⊘ negated: your answer asserts the opposite of these points, so they earn nothing.",
                           style="magenta"))
    if result.off_topic:
        from cnnquiz.quiz.grader import OFF_TOPIC_CAP

        hint = f": this reads like an answer to '{result.closer_to}'" if result.closer_to else ""
        console.print(plain(f"off topic{hint}; the score is capped at {round(OFF_TOPIC_CAP * 100)}.", style="yellow"))
    if result.truncated:
        console.print(Text("only the first 20,000 characters of the answer were graded.", style="yellow"))
    console.print(score_line(result))
    if result.why:
        console.print(plain(f"why: {result.why}", style="dim"))
    if show_answer:
        from rich.markdown import Markdown  # 40 ms to import: not before the first question of practice

        console.print(Panel(Markdown(clean(question.answer)), title="model answer", border_style="green"))
