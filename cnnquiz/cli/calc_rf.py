"""The `calc rf` command: receptive field of a torchvision model or a layer spec (under construction)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `rf` to the calc group."""
