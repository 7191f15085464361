"""The `documents:` table of a bank: each source file's title and short name, validated and put on its questions."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from cnnquiz.bank.schema import Document, Question
from cnnquiz.bank.yamlread import LineDict
from cnnquiz.errors import BankError

FIELDS = {"file", "title", "short"}
SHORT = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _line(node: Any, key: str | None = None) -> int:
    if isinstance(node, LineDict):
        return node.line_of(key) if key else node.line
    return 0


def documents_from_yaml(doc: Any, path: str) -> list[Document]:
    """The `documents:` list of one parsed bank file ([] when it has none); BankError with file:line."""
    if not isinstance(doc, dict) or "documents" not in doc:
        return []
    rows = doc["documents"]
    if not isinstance(rows, list):
        raise BankError(path, _line(doc, "documents"), "`documents:` is a list of {file, title, short}")
    out = []
    for row in rows:
        line = _line(row) or _line(doc, "documents")
        if not isinstance(row, dict) or set(row) != FIELDS:
            extra = sorted(set(row) - FIELDS) if isinstance(row, dict) else []
            hint = f" (unknown field '{extra[0]}')" if extra else ""
            raise BankError(path, line, f"a document is {{file, title, short}}{hint}")
        file, title, short = (row[k] for k in ("file", "title", "short"))
        if not all(isinstance(v, str) and v.strip() for v in (file, title, short)):
            raise BankError(path, line, "a document's file, title and short are non-empty text")
        if not SHORT.match(short):
            raise BankError(path, _line(row, "short") or line,
                            f"document short name '{short}' must be lowercase letters, digits and dashes")
        out.append(Document(file.strip(), " ".join(title.split()), short))
    return out


def check_documents(documents: Sequence[Document], path_of: dict[str, str]) -> dict[str, Document]:
    """file -> Document; a file or short name listed twice is an error."""
    by_file: dict[str, Document] = {}
    shorts: dict[str, str] = {}
    for d in documents:
        if d.file in by_file or d.short in shorts:
            twice = d.file if d.file in by_file else d.short
            raise BankError(path_of.get(d.file, "documents"), None, f"document '{twice}' is listed twice")
        by_file[d.file] = d
        shorts[d.short] = d.file
    return by_file


def titled(questions: Sequence[Question], documents: dict[str, Document]) -> list[Question]:
    """The questions with their source's title and short name from the table (a question's own kept otherwise)."""
    out = []
    for q in questions:
        d = documents.get(q.source.document)
        if d is not None and (q.source.title, q.source.short) != (d.title, d.short):
            q = dataclasses.replace(q, source=dataclasses.replace(q.source, title=d.title, short=d.short))
        out.append(q)
    return out
