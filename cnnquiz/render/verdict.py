"""Rich rendering of a graded answer: rubric points ticked or crossed, score, suggested rating, model answer."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cnnquiz.bank.schema import Question
from cnnquiz.quiz.grader import OFF_TOPIC_CAP, GradeResult
from cnnquiz.quiz.rating import Rating

RATING_STYLE = {Rating.AGAIN: "red", Rating.HARD: "yellow", Rating.GOOD: "green", Rating.EASY: "bold green"}


def score_line(result: GradeResult) -> Text:
    """`score 67/100 · 2 of 3 key points · suggested rating: Good`."""
    line = Text()
    line.append(f"score {round(result.score * 100)}/100", style="bold")
    line.append(f" · {len(result.matched)} of {len(result.points)} key points · suggested rating: ")
    line.append(result.suggested.label, style=RATING_STYLE[result.suggested])
    return line


def render_verdict(console: Console, question: Question, result: GradeResult, *, show_answer: bool = True) -> None:
    """Each rubric point with ✓/✗ and the phrase that matched, the score and rating, then the model answer."""
    table = Table(show_header=True, title=f"rubric · {question.id}", title_justify="left", expand=False)
    table.add_column("", no_wrap=True)
    table.add_column("key point", style="bold")
    table.add_column("you wrote", ratio=1)
    table.add_column("matched phrase", style="dim")
    for p in result.points:
        if p.matched:
            table.add_row(Text("✓", style="green"), p.label, Text(p.evidence or "", style="green"), p.phrase or "")
        else:
            table.add_row(Text("✗", style="red"), p.label, Text("missing", style="red"), "")
    console.print(table)
    if result.off_topic:
        hint = f": this reads like an answer to '{result.closer_to}'" if result.closer_to else ""
        console.print(Text(f"off topic{hint}; the score is capped at {round(OFF_TOPIC_CAP * 100)}.", style="yellow"))
    console.print(score_line(result))
    if show_answer:
        console.print(Panel(Markdown(question.answer), title="model answer", border_style="green"))
