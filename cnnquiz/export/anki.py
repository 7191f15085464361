"""Anki export: one note per question in a deck per topic, with stable ids so re-imports update notes.

Stable identifiers (never change them, or re-imports will duplicate notes):
- note GUID  = genanki.guid_for("cnnquiz", question id)  -> editing a question updates its note;
- model id   = stable_id("cnnquiz note model v1")         -> the note type stays the same;
- deck id    = stable_id("cnnquiz deck " + deck name)     -> e.g. "cnnquiz::resnet" keeps its id.
stable_id maps a fixed string to [2**30, 2**31) (genanki's recommended id range) through SHA-256.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cnnquiz.bank.schema import TOPICS, Question
from cnnquiz.errors import CnnquizError, UsageError

if TYPE_CHECKING:
    import genanki
    from markdown_it import MarkdownIt

DECK_ROOT = "cnnquiz"
MODEL_NAME = "cnnquiz question"
MODEL_KEY = "cnnquiz note model v1"
GUID_NAMESPACE = "cnnquiz"
FIELDS = ("Question", "Answer", "Key points", "Source", "Id")

FRONT = '<div class="question">{{Question}}</div>'
BACK = """{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
<div class="keypoints"><b>Key points</b>{{Key points}}</div>
<div class="source">{{Source}} &middot; {{Id}}</div>"""
CSS = """.card { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; font-size: 18px;
  text-align: left; color: #222; background: #fff; max-width: 46em; margin: 0 auto; }
.question { font-weight: 600; }
.answer code, .question code { background: #f3f3f3; padding: 0 .2em; border-radius: 3px; }
.answer table { border-collapse: collapse; } .answer td, .answer th { border: 1px solid #ccc; padding: .2em .5em; }
.keypoints { margin-top: 1em; color: #1a5e20; }
.source { margin-top: 1em; font-size: 13px; color: #888; }
.nightMode .card, .card.nightMode { color: #ddd; background: #222; }
.nightMode .keypoints { color: #8bc34a; } .nightMode .answer code { background: #333; }"""


@dataclass(frozen=True)
class AnkiSummary:
    """What an export wrote: the file, the note count and notes per deck."""

    path: Path
    notes: int
    decks: dict[str, int]


def stable_id(key: str) -> int:
    """A deterministic Anki model/deck id in [2**30, 2**31) derived from a fixed string."""
    digest = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


def note_guid(question_id: str) -> str:
    """The note GUID of a question: depends on its id only, so edits update the same note."""
    import genanki

    return genanki.guid_for(GUID_NAMESPACE, question_id)


def deck_name(q: Question) -> str:
    """The deck a question goes to: cnnquiz::<its first topic>."""
    return f"{DECK_ROOT}::{q.topics[0]}"


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # markdown-it-py is already installed as Rich's Markdown parser; html=False escapes raw tags.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown_html(text: str) -> str:
    """Markdown (paragraphs, lists, emphasis, code, tables) to HTML; raw HTML in the text is escaped."""
    return _markdown().render(text).strip()


def note_fields(q: Question) -> list[str]:
    """The HTML field values of a question's note, in FIELDS order."""
    points = "<ul>" + "".join(f"<li>{html.escape(kp.label)}</li>" for kp in q.key_points) + "</ul>"
    doc = q.source.title or q.source.label
    source = html.escape(f"{doc} #{q.source.number} · {q.difficulty.value} · {', '.join(q.topics)}")
    return [markdown_html(q.question), markdown_html(q.answer), points, source, html.escape(q.id)]


def note_tags(q: Question) -> list[str]:
    """Anki tags: the question's topics and its difficulty (difficulty::easy|medium|hard)."""
    return [*q.topics, f"difficulty::{q.difficulty.value}"]


def _model() -> genanki.Model:
    import genanki

    return genanki.Model(
        stable_id(MODEL_KEY), MODEL_NAME, fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Question → answer", "qfmt": FRONT, "afmt": BACK}], css=CSS,
    )


def build_decks(questions: Sequence[Question]) -> list[genanki.Deck]:
    """One genanki deck per first topic (sorted by name), each holding its questions' notes."""
    import genanki

    if not questions:
        raise UsageError("no questions to export")
    model = _model()
    decks: dict[str, genanki.Deck] = {}
    for q in questions:
        name = deck_name(q)
        if name not in decks:
            decks[name] = genanki.Deck(stable_id(f"cnnquiz deck {name}"), name,
                                       description=html.escape(TOPICS.get(q.topics[0], q.topics[0])))
        decks[name].add_note(genanki.Note(model=model, fields=note_fields(q), sort_field=q.question,
                                             tags=note_tags(q), guid=note_guid(q.id)))
    return [decks[n] for n in sorted(decks)]


def write_apkg(questions: Sequence[Question], path: Path) -> AnkiSummary:
    """Write an .apkg (a zip holding collection.anki2) whole or not at all, only over a regular file."""
    import genanki

    from cnnquiz.paths import output_target, write_output

    decks = build_decks(questions)
    path = Path(path)
    output_target(path)  # refuse folders, devices, FIFOs and missing folders before any work
    # genanki.Package.write_to_file leaves its SQLite temp file behind; build the collection ourselves.
    try:
        with tempfile.TemporaryDirectory(prefix="cnnquiz-anki-") as work:
            db = Path(work) / "collection.anki2"
            conn = sqlite3.connect(db)
            try:
                now = time.time()
                genanki.Package(decks).write_to_db(conn.cursor(), now, itertools.count(int(now * 1000)))
                conn.commit()
            finally:
                conn.close()
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as apkg:
                apkg.write(db, "collection.anki2")
                apkg.writestr("media", "{}")
    except (OSError, sqlite3.Error) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        raise CnnquizError(f"cannot build the Anki package in the temporary folder "
                           f"({tempfile.gettempdir()}): {detail}") from None
    write_output(path, buf.getvalue())
    return AnkiSummary(path, sum(len(d.notes) for d in decks), {d.name: len(d.notes) for d in decks})
