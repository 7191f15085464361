"""Shared CLI plumbing: the global State, consoles, JSON output and the bank in use."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from cnnquiz import paths

if TYPE_CHECKING:
    from rich.console import Console

    from cnnquiz.bank import Bank


@dataclass
class State:
    """Options of the root command, shared by every subcommand through ctx.obj."""

    bank_dirs: list[Path] = field(default_factory=list)
    only: bool = False
    _bank: Bank | None = None

    def folders(self) -> list[Path]:
        """--bank folders then $CNNQUIZ_BANK's; a folder named by both is read once."""
        unique: dict[Path, Path] = {}
        for d in [*self.bank_dirs, *paths.extra_bank_dirs()]:
            unique.setdefault(d.expanduser().resolve(), d)
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
