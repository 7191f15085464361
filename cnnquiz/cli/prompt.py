"""The line reader and answer loops shared by `practice` and `drill`: readline in a terminal, commands, countdowns."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

clock = time.monotonic  # the mock interview's clock (tests replace it)


class Ended(Exception):
    """End of input (Ctrl-D) or Ctrl-C: finish the session with its summary."""


class TimeUp(Exception):
    """A deadline (the mock interview's time limit) passed while an answer was being typed."""


def enable_line_editing() -> None:
    """Arrow keys, history and lines of any length in a terminal: loading readline makes input() use it.

    Without it the terminal's own line discipline cuts a pasted line at 4095 characters, and a NUL
    (Ctrl-@) makes input() wait for a second Enter and drop what follows it (reliability L13).
    """
    if sys.stdin.isatty():
        try:
            import readline  # noqa: F401
        except ImportError:  # not built on this platform (Windows without pyreadline)
            pass


def read_line(con: Console, prompt: str) -> str:
    """One line from stdin with plain input(), so it works in a terminal and with piped input alike.

    The prompt goes to input() itself (not printed before it) so that readline, when loaded, knows its
    width and line editing does not erase it. NUL characters (piped input) are dropped.
    """
    try:
        return input(prompt).replace("\x00", "")
    except (EOFError, KeyboardInterrupt):
        con.print()
        raise Ended from None


CODE_END = "."
CODE_HINT = "a line with only . ends the answer; blank lines are kept"


def read_answer(con: Console, commands: tuple[str, ...], deadline: float | None = None,
                prompt_to_console: bool = False, code: bool = False) -> tuple[str, str | None]:
    """A multi-line answer ended by an empty line, or a one-letter command typed as its first line.

    With `code` (a question with a code check) blank lines stay in, as between a class's methods, and a
    line holding only `.` ends the answer; the first blank line prints a reminder of that.
    With a `deadline` (a `clock()` time) every prompt shows the time left, ticking each second in a
    terminal, and an answer not finished by then raises TimeUp (see `Countdown`).
    `prompt_to_console` prints the prompt on `con` instead (when stdout is not the terminal).
    """
    lines: list[str] = []
    reminded = False
    ending = CODE_HINT if code else "an empty line ends it"
    if code:
        con.print(f"Code: {CODE_HINT}.", style="dim", markup=False)
    with Countdown(con, deadline) as countdown:
        while True:
            prompt = countdown.prefix() + ("› " if not lines else "… ")
            if prompt_to_console:
                con.print(prompt, end="", markup=False)
                prompt = ""
            countdown.prompt = prompt
            line = read_line(con, prompt)
            text = line.strip()
            if not lines and text.lower() in commands:
                return "", text.lower()
            if not lines and (not text or (code and text == CODE_END)):
                if deadline is None:
                    con.print(f"Type your answer ({ending}), or " + ", ".join(commands) + ".",
                              style="dim", markup=False)
                continue
            if lines and (text == CODE_END if code else not text):
                countdown.check()
                body = "\n".join(lines)
                return (body.rstrip() + "\n" if code else body), None
            if code and not text and not reminded:
                con.print(f"({CODE_HINT})", style="dim", markup=False)
                reminded = True
            lines.append(line)


class Countdown:
    """The time left before a deadline, shown in the prompt and redrawn every second while the user types.

    In a terminal a SIGALRM each second rewrites the `[m:ss left]` at the start of the prompt line (the
    same width, so readline's idea of the line stays right) and raises TimeUp once the time is over.
    With piped input the deadline is only checked as lines arrive. Without a deadline it does nothing.
    """

    def __init__(self, con: Console, deadline: float | None) -> None:
        import signal

        self.con, self.deadline, self.prompt = con, deadline, ""
        self.ticking = deadline is not None and sys.stdin.isatty() and hasattr(signal, "setitimer")
        self.previous = None
        self.digits = 0  # the clock keeps its first width (` 9:59` after `10:00`), so the prompt never moves

    def left(self) -> float:
        assert self.deadline is not None
        return self.deadline - clock()

    def prefix(self) -> str:
        """`[4:12 left] ` (nothing without a deadline); raises TimeUp once the time is over."""
        if self.deadline is None:
            return ""
        self.check()
        from cnnquiz.render.practice import clock_text

        text = clock_text(self.left())
        self.digits = self.digits or len(text)
        return f"[{text:>{self.digits}} left] "

    def check(self) -> None:
        if self.deadline is not None and self.left() <= 0:
            raise TimeUp

    def __enter__(self) -> Countdown:
        if self.ticking:
            import signal

            self.previous = signal.signal(signal.SIGALRM, self._tick)
            self._schedule()
        return self

    def _schedule(self) -> None:
        """The next alarm: just after the shown m:ss changes (it rounds), or at the deadline if sooner."""
        import signal

        left = self.left()
        signal.setitimer(signal.ITIMER_REAL, max(0.01, min(left, (left - 0.5) % 1.0 + 0.02)))

    def __exit__(self, *exc: object) -> None:
        if self.ticking:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)

    def _tick(self, _signum, _frame) -> None:
        left = self.left()
        if left <= 0.05:
            raise TimeUp
        if self.prompt.startswith("["):
            self._redraw(self.prefix())
        self._schedule()

    def _redraw(self, prefix: str) -> None:
        """Overwrite the prompt's clock in place: save the cursor, go to the prompt's row, write, restore."""
        try:
            import readline

            typed = len(readline.get_line_buffer())
        except ImportError:
            typed = 0
        width = max(1, self.con.width)
        up = (len(self.prompt) + typed) // width
        out = self.con.file
        out.write("\x1b7" + (f"\x1b[{up}A" if up else "") + "\r" + prefix + "\x1b8")
        out.flush()


def read_until_parsed(con: Console, parse, retry, commands: tuple[str, ...] = ("s", "?"), prompt: str = "› "):
    """Read one-line answers until `parse(line)` accepts one (returning (line, parsed, None)) or a command
    is typed (returning (line, None, command)); a ParseError goes to `retry(con, message)` and we ask again."""
    from cnnquiz.errors import ParseError

    while True:
        line = read_line(con, prompt).strip()
        if line.lower() in commands:
            return line, None, line.lower()
        if not line:
            continue
        try:
            return line, parse(line), None
        except ParseError as exc:
            retry(con, str(exc))
