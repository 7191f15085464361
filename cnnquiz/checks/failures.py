"""How a failure inside the user's code is told: the answer's file name, the exceptions the child raises, one line each."""

from __future__ import annotations

import traceback

ANSWER = "answer.py"


class CheckTimeout(BaseException):
    """The wall-clock budget ran out (raised by SIGALRM inside the user's code)."""


class UserExit(BaseException):
    """The user's code called os._exit (patched so that it reports instead of killing the check)."""

    def __init__(self, code: object) -> None:
        super().__init__(code)
        self.code = code


def user_line(exc: BaseException) -> int | None:
    """The line of the user's code where an exception was raised (the innermost frame in answer.py)."""
    if isinstance(exc, SyntaxError) and exc.filename == ANSWER:
        return exc.lineno
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == ANSWER:
            line = frame.lineno
    return line


def describe(exc: BaseException, timeout: float) -> str:
    """`line 7: ZeroDivisionError: division by zero`, `line 3: timed out after 10 s`, `line 2: os._exit(3)`."""
    line = user_line(exc)
    where = f"line {line}: " if line else ""
    if isinstance(exc, CheckTimeout):
        what = f"timed out after {timeout:g} s (an endless loop?)"
    elif isinstance(exc, UserExit):
        what = f"os._exit({exc.code}) ends the process"
    elif isinstance(exc, SystemExit):
        what = f"sys.exit({exc.code if exc.code is not None else ''}) ends the process"
    elif isinstance(exc, MemoryError) or "can't allocate memory" in str(exc) or "not enough memory" in str(exc):
        what = "ran out of memory (the check allows a limited amount)"
    elif isinstance(exc, SyntaxError):
        what = f"{type(exc).__name__}: {exc.msg}"
    else:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        what = f"{type(exc).__name__}: {msg[:160]}" if msg else type(exc).__name__
    return where + what
