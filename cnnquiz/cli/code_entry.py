"""Typing code at the practice prompt: blank lines stay in (a class has them between methods); a line holding only `.` ends it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

END = "."
HINT = "a line with only . ends the answer; blank lines are kept"


def read_code_answer(con: Console, commands: tuple[str, ...],
                     read_line: Callable[[Console, str], str]) -> tuple[str, str | None]:
    """The answer to a question with a code check, ended by a line holding only `.`, or a one-letter command
    typed as its first line. Blank lines inside are kept; the first one prints a reminder of the terminator."""
    lines: list[str] = []
    reminded = False
    con.print(f"Code: {HINT}.", style="dim", markup=False)
    while True:
        line = read_line(con, "› " if not lines else "… ")
        text = line.strip()
        if not lines:
            if text.lower() in commands:
                return "", text.lower()
            if not text or text == END:
                con.print(f"Type your answer ({HINT}), or " + ", ".join(commands) + ".", style="dim", markup=False)
                continue
        elif text == END:
            return "\n".join(lines).rstrip() + "\n", None
        elif not text and not reminded:
            con.print(f"({HINT})", style="dim", markup=False)
            reminded = True
        lines.append(line)
