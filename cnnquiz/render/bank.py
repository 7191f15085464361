"""Rich rendering of bank listings, search results and one question in full."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cnnquiz.bank.schema import Difficulty, Question
from cnnquiz.render.safe import clean, plain

DIFFICULTY_STYLE = {Difficulty.EASY: "green", Difficulty.MEDIUM: "yellow", Difficulty.HARD: "red"}


def source_label(q: Question) -> str:
    """`day12-resnet #6`: the document's short name (its file's stem without a table entry) and the question number."""
    return clean(f"{q.source.label} #{q.source.number}")


def question_table(console: Console, questions: Sequence[Question], total: int) -> None:
    """All columns from 110 columns up; narrower, source and difficulty go under the id and topics go,
    and under 70 each question is a block (id line, then its text), so question text always wraps readably."""
    from rich import box

    title = f"{len(questions)} of {total} questions"
    if console.width < 70:
        console.print(Text(title, style="italic"))
        for q in questions:
            head = Text(clean(q.id), style="cyan")
            head.append(f"  {source_label(q)}  ")
            head.append(q.difficulty.value, style=DIFFICULTY_STYLE[q.difficulty])
            head.append(clean("  " + ", ".join(q.topics)), style="magenta")
            console.print(head)
            console.print(Padding(plain(" ".join(q.question.split())), (0, 0, 0, 2)))
        return
    wide = console.width >= 110
    table = Table(title=title, title_justify="left", expand=False, box=box.SQUARE if wide else box.SIMPLE_HEAD)
    table.add_column("id", style="cyan", no_wrap=True)
    if wide:
        table.add_column("source", no_wrap=True)
        table.add_column("diff.", no_wrap=True)
        table.add_column("topics", style="magenta")
    table.add_column("question", ratio=1)
    for q in questions:
        diff = Text(q.difficulty.value, style=DIFFICULTY_STYLE[q.difficulty])
        if wide:
            table.add_row(plain(q.id), plain(source_label(q)), diff, plain(", ".join(q.topics)),
                          plain(" ".join(q.question.split())))
        else:
            cell = plain(q.id, style="cyan")
            cell.append(f"\n{source_label(q)} ", style="default")
            cell.append_text(diff)
            table.add_row(cell, plain(" ".join(q.question.split())))
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
    if q.check is not None:
        parts.append(check_table(q))
    if q.related:
        parts.append(plain("related: " + ", ".join(q.related), style="dim"))
    console.print(Group(*parts))


def check_table(q: Question) -> Table:
    """A question's code check: what the answer must define, how it is called, and each property measured."""
    from cnnquiz.bank.checkspec import LABELS, PROPERTIES, REFERENCES

    check = q.check
    assert check is not None
    ref = REFERENCES.get(check.reference)
    kind = "an nn.Module subclass" if ref is not None and ref.module else "a class or function"
    name = check.define[0]

    def call(c) -> str:
        args = ", ".join([repr(a) for a in c.args] + [f"{k}={v!r}" for k, v in c.kwargs])
        shape = "×".join(map(str, c.input))
        if ref is not None and ref.module:
            return f"{name}({args})(x), x {shape}"
        return f"{name}(x{', ' + args if args else ''}), x {shape}"

    calls = "; ".join(call(c) for c in check.cases)
    if ref is None or not ref.module:
        calls += " (a class is built with the same arguments, then called on x)"
    how = ("optional: an answer without code is graded by the rubric alone" if check.optional
           else "required: the answer is code")
    table = Table(title=f"code check ({how}; {check.timeout:g} s limit, {check.weight:.0%} of the score)",
                  title_justify="left", show_header=True)
    table.add_column("checked", style="bold")
    table.add_column("what passes", ratio=1)
    table.add_row("defines", plain(f"{' or '.join(check.define)} ({kind})"))
    table.add_row("called as", plain(calls))
    if ref is not None:
        table.add_row("reference", plain(ref.what))
    for prop in check.properties:
        table.add_row(plain(LABELS.get(prop, prop)), plain(PROPERTIES.get(prop, "")))
    return table
