"""The root app's sub-commands, each module imported and built by typer only when that command is used."""

# Importing every cli module and letting typer build all 32 click commands cost ~120 ms of each start-up;
# `practice` needs one. `LazyCommands` is the root group's `commands` mapping: it knows every name (and so
# help order, typo suggestions and completion of names) up front, and imports a command's module and builds
# its click command on first lookup. `cnnquiz --help` and completion of `cnnquiz <TAB>` look them all up.

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, MutableMapping

import typer
from typer import _click as click

# name -> the cli module whose register() adds it, in the order the root help lists them (typer lists
# commands first, then groups, each in registration order).
COMMANDS: dict[str, str] = {
    "practice": "practice", "grade": "grade", "stats": "stats", "plan": "plan", "models": "compare",
    "compare": "compare", "summary": "summary", "verify": "verify", "drill": "drill",
    "card": "card", "progress": "progress", "bank": "bank", "calc": "calc", "export": "export",
}
MODULES = tuple(dict.fromkeys(COMMANDS.values()))  # the registration order of the modules


def module(name: str):
    """The cnnquiz.cli module named `name` (imported now if it was not)."""
    return importlib.import_module(f"cnnquiz.cli.{name}")


def build(name: str, root: typer.Typer) -> dict[str, click.Command]:
    """The click commands that module `name` registers, built with the root app's settings."""
    holder = typer.Typer()
    module(name).register(holder)
    group = typer.main.get_group_from_info(
        typer.models.TyperInfo(holder), pretty_exceptions_short=root.pretty_exceptions_short,
        rich_markup_mode=root.rich_markup_mode, suggest_commands=root.suggest_commands,
    )
    return dict(group.commands)


class LazyCommands(MutableMapping):
    """name -> click command, every name known at once, each command built on its first lookup."""

    def __init__(self, build: Callable[[str], dict[str, click.Command]], table: dict[str, str] = COMMANDS) -> None:
        self._table: dict[str, str | None] = dict(table)
        self._build = build
        self._built: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._built:
            source = self._table[name]  # KeyError: no such command
            if source is None:
                raise KeyError(name)
            for key, command in self._build(source).items():
                self._built.setdefault(key, command)
                self._table.setdefault(key, source)
        return self._built[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._built[name] = command
        self._table.setdefault(name, None)

    def __delitem__(self, name: str) -> None:
        del self._table[name]
        self._built.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._table))

    def __len__(self) -> int:
        return len(self._table)

    def loaded(self) -> list[str]:
        """The names whose command has been built so far."""
        return list(self._built)
