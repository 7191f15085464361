"""A JSON cache of the parsed, validated bank, keyed by the digest of every bank file's text."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cnnquiz import __version__, paths
from cnnquiz.bank.schema import (
    Check,
    Claim,
    Difficulty,
    KeyPoint,
    Misconception,
    Question,
    Source,
)

PREFIX = "bank-"
FORMAT = "5"  # bumped whenever the cached question layout changes


def digest(files: Sequence[tuple[str, str]]) -> str:
    """A key that changes with any file's path or text, and with the cnnquiz version."""
    h = hashlib.blake2b(f"{__version__}/{FORMAT}".encode(), digest_size=16)
    for path, text in files:
        h.update(b"\0" + path.encode() + b"\0" + text.encode())
    return h.hexdigest()


def _file(key: str) -> Path:
    return paths.cache_dir() / f"{PREFIX}{key}.json"


def load(key: str) -> list[Question] | None:
    """The cached questions for this key, or None (missing, unreadable or stale cache)."""
    try:
        rows = json.loads(_file(key).read_text(encoding="utf-8"))
        return [_question(row) for row in rows]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(key: str, questions: Sequence[Question]) -> None:
    """Write the cache atomically and drop older bank caches; failures are ignored (it is a cache)."""
    target = _file(key)
    if not paths.write_atomically(target, json.dumps([q.to_dict() for q in questions], ensure_ascii=False)):
        return
    try:
        for old in target.parent.glob(f"{PREFIX}*.json"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def _question(row: dict[str, Any]) -> Question:
    return Question(
        id=row["id"],
        source=Source(row["source"]["document"], int(row["source"]["number"]), row["source"].get("title", ""),
                      row["source"].get("short", "")),
        question=row["question"],
        answer=row["answer"],
        key_points=tuple(KeyPoint(k["label"], tuple(k["phrases"]), k.get("statement", ""), bool(k.get("core")),
                                  float(k.get("weight", 1.0))) for k in row["key_points"]),
        misconceptions=tuple(Misconception(m["claim"], m["correction"], tuple(m["phrases"]))
                             for m in row.get("misconceptions", ())),
        topics=tuple(row["topics"]),
        difficulty=Difficulty(row["difficulty"]),
        related=tuple(row["related"]),
        claims=tuple(Claim.from_dict(c) for c in row["claims"]),
        check=Check.from_dict(row["check"]) if row.get("check") else None,
        origin=row["file"],
        line=int(row["line"]),
    )
