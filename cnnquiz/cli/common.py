"""Shared CLI plumbing: the global State, consoles, JSON output and the bank in use."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from cnnquiz import paths

if TYPE_CHECKING:
    from rich.console import Console

    from cnnquiz.bank import Bank
    from cnnquiz.progress.store import Store

# --db PATH, the same on every command that reads or writes progress (main.py checks that its folder exists).
DbOption = Annotated[
    Optional[Path], typer.Option("--db", metavar="PATH", help="Progress database (default: in the data dir)."),
]

# --arg KEY=VALUE, the constructor arguments of a FILE:NAME model (calc rf, compare, summary; models.parse_args).
ModelArgsOption = Annotated[
    Optional[list[str]],
    typer.Option("--arg", metavar="KEY=VALUE", help="A constructor argument for a FILE:NAME model (repeatable)."),
]


def open_store(db: Optional[Path], write: bool = True) -> Store:
    """The progress store that --db names, else the one in the data dir (write=False: no write probe)."""
    from cnnquiz.progress.store import Store

    return Store.open(db or paths.default_db_path(), write=write)


@dataclass
class State:
    """Options of the root command, shared by every subcommand through ctx.obj."""

    bank_dirs: list[Path] = field(default_factory=list)
    only: bool = False
    _bank: Bank | None = None

    def folders(self) -> list[Path]:
        """--bank folders then $CNNQUIZ_BANK's; a folder named by both is read once."""
        unique: dict[Path, Path] = {}
        from cnnquiz.errors import UsageError

        for d in [*self.bank_dirs, *paths.extra_bank_dirs()]:
            try:
                unique.setdefault(d.expanduser().resolve(), d)
            except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError on a symlink loop
                raise UsageError(f"{d}: the bank folder is a symlink loop") from None
        return list(unique.values())

    def bank(self) -> Bank:
        """The bank in use: built-in plus --bank folders and $CNNQUIZ_BANK (loaded once)."""
        if self._bank is None:
            from cnnquiz.bank import load_bank

            self._bank = load_bank(self.folders(), only_extra=self.only)
        return self._bank


def state(ctx: typer.Context) -> State:
    """The root State, whichever subcommand ctx belongs to."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def console(stderr: bool = False) -> Console:
    """A Rich console for command output (width from the terminal or $COLUMNS)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def print_json(data: Any) -> None:
    """Write data as indented JSON on stdout (no Rich wrapping, stable key order as given)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def color_allowed(stream=None) -> bool:
    """Colour only on a terminal and only when NO_COLOR is unset or empty (https://no-color.org)."""
    import os

    stream = stream or sys.stderr
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def error_line(message: str) -> None:
    """One line on stderr: `error: ...`, red on a terminal, control characters stripped, extra lines cut."""
    import re

    text = re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", str(message))
    lines = [ln for ln in text.splitlines() if ln.strip()] or [""]
    line = lines[0] + (" …" if len(lines) > 1 else "")
    out = f"error: {line}"
    if color_allowed(sys.stderr):
        out = f"\x1b[31m{out}\x1b[0m"
    sys.stderr.write(out + "\n")
    sys.stderr.flush()
