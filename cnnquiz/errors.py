"""The exceptions core modules raise; the CLI turns each into one red line and an exit code."""

from __future__ import annotations


class CnnquizError(Exception):
    """Base of every error cnnquiz reports to a user; exit code 1 (a runtime failure)."""

    exit_code = 1


class UsageError(CnnquizError):
    """The user's input is wrong (an option, a name, a shape, a file they wrote); exit code 2."""

    exit_code = 2


class BankError(UsageError):
    """A question bank file is malformed; the message starts with `file:line:`."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.detail = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


def close_matches(name: str, choices: list[str] | tuple[str, ...], limit: int = 3) -> list[str]:
    """Choices to suggest for a mistyped name: those starting with it, then those spelt nearly like it."""
    from rapidfuzz import fuzz, process

    prefixed = [c for c in choices if c.startswith(name)] if len(name) >= 3 else []
    similar = [m[0] for m in process.extract(name, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=70)]
    return list(dict.fromkeys(prefixed + similar))[:limit]


class UnknownNameError(UsageError):
    """A model or question id that does not exist, with close matches to suggest."""

    def __init__(self, kind: str, name: str, suggestions: list[str] | tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.name = name
        self.suggestions = list(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {kind} '{name}'{hint}")


class ShapeError(UsageError):
    """Impossible layer shapes or hyper-parameters (zero sizes, groups that do not divide...)."""


class ParseError(UsageError):
    """A typed number or expression that the restricted parser cannot read."""


class StoreError(CnnquizError):
    """The progress database cannot be used (not a cnnquiz database, corrupt, locked)."""
