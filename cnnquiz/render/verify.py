"""Rich output of `cnnquiz verify` and of the verified facts the quiz shows after a verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cnnquiz.render.safe import clean, escape
from cnnquiz.verify.numbers import fmt_value

if TYPE_CHECKING:
    from rich.console import Console

    from cnnquiz.bank.schema import Question
    from cnnquiz.verify.claims import Check
    from cnnquiz.verify.report import Report

STYLES = {"held": "green", "off": "bold red", "disputed": "yellow", "unchecked": "dim"}
MARKS = {"held": "✓ held", "off": "✗ off", "disputed": "≈ disputed", "unchecked": "– unchecked"}


def _numbers(check: Check) -> str:
    """Claimed and measured values, and the value under the claim's convention when it is not plainly held."""
    unit = check.claim.unit.value
    lines = [f"[dim]claimed[/dim]\n{fmt_value(check.expected, unit)}",
             "[dim]measured[/dim]\n" + ("—" if check.measured is None else fmt_value(check.measured, unit))]
    if check.alternative is not None and check.status.value != "held":
        lines.append(f"[dim]{check.alternative.convention}[/dim]\n{fmt_value(check.alternative.value, unit)}")
    return "\n".join(lines)


def _row(check: Check) -> tuple[Text, str, str]:
    status = check.status.value
    what = Text(MARKS[status], style=STYLES[status])
    what.append_text(Text.from_markup(f"\n[bold]{escape(check.question)}[/bold]\n{escape(check.subject)}"))
    why = escape(check.explanation)
    if check.claim.source:
        why += f"\n[bold]Source:[/bold] {escape(check.claim.source)}"
    if check.claim.said:
        why += f'\n[dim]The document said: "{escape(check.claim.said)}"[/dim]'
    return what, _numbers(check), why


def render_report(console: Console, report: Report, show_all: bool = False) -> None:
    """The claims that need attention (or all of them) and a one-line summary.

    Three columns (claim, numbers, why) so a disputed claim's two measured values fit at 80 columns.
    """
    rows = [c for c in report.checks if show_all or c.status.value != "held"]
    if rows:
        table = Table(show_lines=True, expand=True, title="Claims" if show_all else "Claims that are not plainly held")
        table.add_column("Verdict / question / what", ratio=2, overflow="fold")
        table.add_column("Numbers", no_wrap=True)
        table.add_column("Why", ratio=4, overflow="fold")  # long model ids break, never cut
        for check in rows:
            table.add_row(*_row(check))
        console.print(table)
    render_summary(console, report)


def render_summary(console: Console, report: Report) -> None:
    """'394 claims in 100 questions: 367 held, 0 off, 3 disputed, 24 unchecked'."""
    s = report.summary
    parts = [Text(f"{s[k]} {k}", style=STYLES[k] if s[k] else "dim") for k in ("held", "off", "disputed", "unchecked")]
    line = Text(f"{len(report.checks)} claims in {report.questions} questions: ")
    line.append_text(Text(", ").join(parts))
    console.print(line)
    if s["off"]:
        console.print(Text("Off claims are wrong in the bank: fix the value (and the answer that teaches it), "
                           "or declare the convention it follows (convention: {name: ...}).", style="red"))


def render_facts(console: Console, lines: list[str] | None) -> None:
    """After a verdict: the verified numbers of the question's claims, or how to get them."""
    if lines is None:
        console.print(Text("Numbers in this answer are not measured yet: run `cnnquiz verify`.", style="dim"))
        return
    if not lines:
        return
    body = Text("\n").join(Text("• " + clean(line)) for line in lines)
    console.print(Panel(body, title="Verified numbers", title_align="left", border_style="dim", expand=True))


def show_facts(console: Console, question: Question) -> None:
    """The practice hook: after a verdict, the question's verified numbers from the cache (never imports torch)."""
    from cnnquiz.verify.facts import facts_for

    render_facts(console, facts_for(question))
