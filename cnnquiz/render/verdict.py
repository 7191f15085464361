"""Rich rendering of a graded answer: rubric points ticked or crossed, score, suggested rating, model answer."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cnnquiz.bank.schema import Question
from cnnquiz.quiz.grader import GradeResult


def render_verdict(console: Console, question: Question, result: GradeResult, *, show_answer: bool = True) -> None:
    """Each rubric point with ✓/✗ and the phrase that matched, the score and rating, then the model answer."""
    table = Table(show_header=True, title_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column("key point", style="bold")
    table.add_column("matched", ratio=1)
    for p in result.points:
        mark = Text("✓", style="green") if p.matched else Text("✗", style="red")
        table.add_row(mark, p.label, p.phrase or "")
    console.print(table)
    console.print(f"score {round(result.score * 100)}/100 · suggested rating: {result.suggested.label}")
    if show_answer:
        console.print(Panel(Markdown(question.answer), title="model answer", border_style="green"))
