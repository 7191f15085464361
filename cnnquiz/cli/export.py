"""The `export` command group: the bank (or part of it) as an Anki package, CSV, JSON or Markdown."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from cnnquiz.bank.schema import Difficulty
from cnnquiz.cli.common import print_json, state
from cnnquiz.cli.complete import complete_topic
from cnnquiz.errors import UsageError

app = typer.Typer(help="Export questions to Anki, CSV, JSON or Markdown.", no_args_is_help=True)

TOPIC_HELP = "Only questions with this topic (repeatable)."
SOURCE_HELP = "Only one source document: short name (day12-resnet), file or prefix."
DIFFICULTY_HELP = "Only easy, medium or hard questions."
# The filters, the same on every export command.
TopicOption = Annotated[
    Optional[list[str]], typer.Option("--topic", "-t", help=TOPIC_HELP, autocompletion=complete_topic),
]
SourceOption = Annotated[Optional[str], typer.Option("--source", "-s", help=SOURCE_HELP)]
DifficultyOption = Annotated[
    Optional[Difficulty], typer.Option("--difficulty", "-d", case_sensitive=False, help=DIFFICULTY_HELP),
]


def register(root: typer.Typer) -> None:
    """Add the export group to the root app."""
    root.add_typer(app, name="export")


def _selected(ctx: typer.Context, topic: Optional[list[str]], source: Optional[str], difficulty: Optional[str]):
    questions = state(ctx).bank().filter(topic or (), source, difficulty)
    if not questions:
        raise UsageError("no questions match these filters")
    return questions


@app.command("anki")
def anki(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", help="The .apkg to write."),
    ] = Path("cnnquiz.apkg"),
    topic: TopicOption = None,
    source: SourceOption = None,
    difficulty: DifficultyOption = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print {\"path\", \"notes\", \"decks\": {deck: notes}}."),
    ] = False,
) -> None:
    """Write an Anki package: a note per question, a deck per topic (cnnquiz::resnet, ...).

    Notes keep their identity across exports, so importing a newer export updates them in place.
    """
    if str(output) == "-" or str(output).startswith("/dev/std"):
        raise UsageError("an .apkg is a binary file; give a file name with -o")
    from cnnquiz.export.anki import write_apkg

    summary = write_apkg(_selected(ctx, topic, source, difficulty), output)
    if as_json:
        print_json({"path": str(summary.path), "notes": summary.notes, "decks": summary.decks})
        return
    typer.echo(f"wrote {summary.notes} notes in {len(summary.decks)} decks to {summary.path}")
    typer.echo("import it in Anki with File > Import; importing a newer export updates the same notes")


def _write_text(fmt: str, ctx: typer.Context, output: str, topic, source, difficulty) -> None:
    from cnnquiz.export.formats import FORMATS

    questions = _selected(ctx, topic, source, difficulty)
    text = FORMATS[fmt](questions)
    if output == "-":
        sys.stdout.write(text)
        return
    from cnnquiz.paths import write_output

    path = Path(output)
    write_output(path, text)  # temp file beside it, fsync, replace: a failed write keeps the old file
    typer.echo(f"wrote {len(questions)} questions to {path}")


def _text_command(fmt: str, summary: str) -> None:
    def command(
        ctx: typer.Context,
        output: Annotated[
            str,
            typer.Option("--output", "-o", metavar="FILE", help="File to write; - for stdout."),
        ] = "-",
        topic: TopicOption = None,
        source: SourceOption = None,
        difficulty: DifficultyOption = None,
    ) -> None:
        _write_text(fmt, ctx, output, topic, source, difficulty)

    command.__doc__ = summary
    app.command(fmt)(command)


_text_command("csv", "Write CSV: id, document, number, difficulty, topics, question, answer, key_points, related.")
_text_command("json", 'Write JSON {"questions": [...]} with the bank-file fields (a full export loads as a --bank file).')
_text_command("markdown", "Write a Markdown study sheet: a section per topic, each question with its answer.")
