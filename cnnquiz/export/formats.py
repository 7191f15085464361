"""Text exports of questions: CSV (one row each), JSON (a loadable bank file) and Markdown (a study sheet)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

from cnnquiz.bank.schema import TOPICS, Question

CSV_COLUMNS = ("id", "document", "number", "difficulty", "topics", "question", "answer", "key_points", "related")


def bank_document(questions: Sequence[Question]) -> dict[str, Any]:
    """{"questions": [...]} with each question's YAML fields: the same shape a bank file has."""
    out = []
    for q in questions:
        d = q.to_dict(full=True)
        d.pop("file", None)
        d.pop("line", None)
        if not d["related"]:
            d.pop("related")
        if not d["claims"]:
            d.pop("claims")
        out.append(d)
    return {"questions": out}


def to_json(questions: Sequence[Question]) -> str:
    """The questions as JSON; JSON is YAML, so the file is also a valid bank file (`--bank`)."""
    return json.dumps(bank_document(questions), indent=2, ensure_ascii=False) + "\n"


def to_csv(questions: Sequence[Question]) -> str:
    """One row per question; list fields are joined with '; ' (topics, key point labels, related ids)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for q in questions:
        writer.writerow([q.id, q.source.title or q.source.label, q.source.number, q.difficulty.value, "; ".join(q.topics),
                         q.question, q.answer, "; ".join(kp.label for kp in q.key_points), "; ".join(q.related)])
    return buf.getvalue()


def _anchor(text: str) -> str:
    return text.lower().replace(" ", "-")


def to_markdown(questions: Sequence[Question]) -> str:
    """A study sheet: a section per first topic (like the Anki decks), each question with its answer."""
    groups: dict[str, list[Question]] = {}
    for q in questions:
        groups.setdefault(q.topics[0], []).append(q)
    lines = ["# cnnquiz questions", "", f"{len(questions)} questions in {len(groups)} topics.", ""]
    for topic in sorted(groups):
        lines.append(f"- [{topic}](#{_anchor(topic)}) ({len(groups[topic])})")
    for topic in sorted(groups):
        lines += ["", f"## {topic}", ""]
        if topic in TOPICS:
            lines += [f"_{TOPICS[topic]}_", ""]
        for q in groups[topic]:
            lines += [f"### {' '.join(q.question.split())}", "",
                      f"`{q.id}` · {q.source.title or q.source.label} #{q.source.number} · {q.difficulty.value} · "
                      f"{', '.join(q.topics)}", "", q.answer.strip(), "", "**Key points**", ""]
            lines += [f"- {kp.label}" for kp in q.key_points]
            if q.related:
                lines += ["", "Related: " + ", ".join(f"`{r}`" for r in q.related)]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


FORMATS: dict[str, Callable[[Sequence[Question]], str]] = {
    "csv": to_csv,
    "json": to_json,
    "markdown": to_markdown,
}
