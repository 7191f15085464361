"""Rich rendering of bank listings, search results and one question in full."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cnnquiz.bank.schema import Difficulty, Question
from cnnquiz.render.safe import clean, plain

DIFFICULTY_STYLE = {Difficulty.EASY: "green", Difficulty.MEDIUM: "yellow", Difficulty.HARD: "red"}


def source_label(q: Question) -> str:
    """`004 #12`: the document's numeric prefix (or stem) and the question number."""
    stem = q.source.document.split("_", 1)[0].removesuffix(".txt")
    return clean(f"{stem} #{q.source.number}")


def question_table(console: Console, questions: Sequence[Question], total: int) -> None:
    table = Table(title=f"{len(questions)} of {total} questions", title_justify="left", expand=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("source", no_wrap=True)
    table.add_column("diff.", no_wrap=True)
    table.add_column("topics", style="magenta")
    table.add_column("question", ratio=1)
    for q in questions:
        table.add_row(plain(q.id), plain(source_label(q)),
                      Text(q.difficulty.value, style=DIFFICULTY_STYLE[q.difficulty]),
                      plain(", ".join(q.topics)), plain(" ".join(q.question.split())))
    console.print(table)


def search_table(console: Console, text: str, hits: Sequence[tuple[Question, float]]) -> None:
    if not hits:
        console.print(plain(f"No question matches '{text}'."))
        return
    table = Table(title=plain(f"Questions matching '{text}'"), title_justify="left")
    table.add_column("score", justify="right")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("question", ratio=1)
    for q, score in hits:
        table.add_row(f"{score:.1f}", plain(q.id), plain(" ".join(q.question.split())))
    console.print(table)


def question_header(q: Question) -> Text:
    """The one-line header of a question panel: source, difficulty, topics."""
    head = Text()
    head.append(source_label(q), style="bold")
    head.append("  ")
    head.append(q.difficulty.value, style=DIFFICULTY_STYLE[q.difficulty])
    head.append(clean("  " + " · ".join(q.topics)), style="magenta")
    return head


def question_detail(console: Console, q: Question) -> None:
    from rich.markdown import Markdown  # ~25 ms: kept off the listing and first-question paths

    console.print(Panel(plain(q.question, style="bold"), title=plain(q.id), subtitle=question_header(q), expand=True))
    console.print(Panel(Markdown(clean(q.answer)), title="model answer", border_style="green"))
    rubric = Table(show_header=True, title="rubric", title_justify="left")
    rubric.add_column("key point", style="bold")
    rubric.add_column("phrases that count", ratio=1)
    for kp in q.key_points:
        rubric.add_row(plain(kp.label), plain(" · ".join(kp.phrases)))
    parts: list = [rubric]
    if q.claims:
        claims = Table(title="numeric claims", title_justify="left")
        for col in ("what", "subject", "value", "unit", "document said"):
            claims.add_column(col)
        for c in q.claims:
            subject = c.model or ", ".join(f"{k}={v}" for k, v in (c.example or {}).items())
            claims.add_row(c.what.value, plain(subject), f"{c.value:,.6g}", c.unit.value, plain(c.said))
        parts.append(claims)
    if q.related:
        parts.append(plain("related: " + ", ".join(q.related), style="dim"))
    console.print(Group(*parts))
