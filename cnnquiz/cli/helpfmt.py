"""How `--help` reads: flags show no type, lists end in `...`, types in capitals, paragraphs rewrap.

Typer 0.29's rich help prints `<bool>` beside every flag, `<list[str]>` beside `MODEL...` and `<int range>`
beside a bounded number, and keeps a docstring's line breaks after its first paragraph, so text wrapped
for the source breaks mid-sentence in the terminal. `install()` replaces the type column's text and joins
each later paragraph's lines (a paragraph starting with click's `\\b` keeps them), for every command.
"""

from __future__ import annotations

import re

from typer import core

_ORIGINAL_OPTION = core.TyperOption.display_type_rich
_LIST = re.compile(r"^list\[(.+)\]$")
_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "path": "PATH", "file": "FILE",
          "directory": "DIR", "datetime": "DATETIME"}


def readable(label: str) -> str:
    """`<int range>` -> INTEGER, `<list[str]>` -> TEXT..., `<path>` -> PATH, `<a|b>` -> a|b."""
    bare = label.strip("<>").removesuffix(" range")
    many = _LIST.match(bare)
    if many:
        return readable(many.group(1)) + "..."
    if "|" in bare:
        return bare
    return _NAMES.get(bare.lower(), bare.upper())


def option_type(self: core.TyperOption, ctx) -> str | None:
    """The type column of an option: nothing for a flag, the metavar if one is set, else a readable type."""
    if self.is_flag:
        return None
    if self.metavar is not None:
        return self.metavar
    shown = _ORIGINAL_OPTION(self, ctx)
    return readable(shown) if shown else shown


def argument_type(self: core.TyperArgument, ctx) -> str | None:
    """An argument's name column already shows its metavar (`MODEL...`); the type column shows nothing then."""
    if self.metavar is not None:
        return None
    return readable(self.display_type(ctx))


def paragraphs(parts: list[str], markup_mode=None) -> str:
    """The help's later paragraphs, each on one line that the terminal wraps; `\\b` paragraphs as written."""
    return "\n\n".join(p.replace("\b\n", "") if p.startswith("\b") else " ".join(p.split()) for p in parts)


def _rewrapping(format_help):
    """format_help that first points typer's rich help at `paragraphs` (typer.rich_utils costs 80 ms to
    import, so it is patched when a help is shown, never at start-up)."""
    def wrapped(self, ctx, formatter):
        from typer import rich_utils

        rich_utils._fix_linebreaks = paragraphs
        return format_help(self, ctx, formatter)

    wrapped.cnnquiz_rewraps = True
    return wrapped


def install() -> None:
    """Use the readable type column and rewrapped paragraphs in every command's help (idempotent)."""
    core.TyperOption.display_type_rich = option_type  # type: ignore[method-assign]
    core.TyperArgument.display_type_rich = argument_type  # type: ignore[method-assign]
    for cls in (core.TyperCommand, core.TyperGroup):
        if not getattr(cls.format_help, "cnnquiz_rewraps", False):
            cls.format_help = _rewrapping(cls.format_help)  # type: ignore[method-assign]
