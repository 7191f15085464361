"""The `progress` command group: back up your progress to a JSON file and merge such a file back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cnnquiz.cli.common import DbOption, console, open_store, print_json

app = typer.Typer(help="Back up and restore progress: cards, the review log and settings.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add the progress group to the root app."""
    root.add_typer(app, name="progress")


@app.command("export")
def export(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The JSON file to write (- for stdout).")],
    db: DbOption = None,
) -> None:
    """Write every card, review and setting to FILE (JSON, schema-versioned)."""
    from cnnquiz.progress.backup import dump, write_file

    with open_store(db, write=False) as store:
        data = dump(store)
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if str(file) == "-":
        typer.echo(text, nl=False)
        return
    write_file(file, text)
    console(stderr=True).print(f"exported {len(data['cards'])} cards and {len(data['reviews'])} reviews to {file}",
                               markup=False, highlight=False)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file written by `cnnquiz progress export`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print what was merged as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Merge FILE into the progress database: no review is added twice; the later card state wins."""
    from cnnquiz.progress.backup import merge, read_file

    data = read_file(file)
    with open_store(db) as store:
        merged = merge(store, data, str(file))
    if as_json:
        print_json(merged.to_json())
        return
    console().print(f"imported {file}: {merged.reviews_added} reviews added ({merged.reviews_present} already "
                    f"there), {merged.cards_added} cards added, {merged.cards_updated} updated, "
                    f"{merged.settings_added} settings added", markup=False, highlight=False)
