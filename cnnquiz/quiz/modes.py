"""The practice modes, import-free so that the CLI can offer them as --mode choices at start-up."""

from __future__ import annotations

from enum import Enum


class Mode(str, Enum):
    """mixed: due then new; due; new; cram: anything, schedule untouched; mock: timed, feedback at the end."""

    MIXED = "mixed"
    DUE = "due"
    NEW = "new"
    CRAM = "cram"
    MOCK = "mock"

    @property
    def schedules(self) -> bool:
        """Whether ratings in this mode move cards' FSRS schedule (cram and mock only log the attempt)."""
        return self in (Mode.MIXED, Mode.DUE, Mode.NEW)
