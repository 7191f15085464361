"""Verified numbers the quiz shows after a verdict, read from the results cache only (never torch, torchvision, sympy)."""

from __future__ import annotations

from typing import Any

from cnnquiz import cache
from cnnquiz.bank.schema import Question
from cnnquiz.models.catalog import CACHE_KEY
from cnnquiz.models.names import display_name
from cnnquiz.verify.numbers import count, fmt_value, gmacs

HINT = "run `cnnquiz verify` to measure the numbers this answer quotes"
STATUS_WORDS = {"held": "checked", "off": "OFF — the bank is wrong here", "disputed": "disputed",
                "unchecked": "not measurable"}


def _catalog() -> dict[str, dict[str, Any]]:
    data = cache.read(CACHE_KEY)
    return {e["name"]: e for e in data if isinstance(e, dict) and "name" in e} if isinstance(data, list) else {}


def _profile(name: str, entries: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The cached profile at the model's own resolution, else at any resolution."""
    entry = entries.get(name)
    if entry:
        found = cache.read_profile(name, int(entry["resolution"]))
        if found:
            return found
    return next((p for p in cache.cached_profiles() if p.get("name") == name), None)


def model_line(name: str, entries: dict[str, dict[str, Any]]) -> str | None:
    """'ResNet-50: 25,557,032 params, 4.09 GMACs at 224 px — measured; top-1 76.13% (IMAGENET1K_V1) ...'."""
    p = _profile(name, entries)
    if p is None:
        return None
    line = f"{display_name(name)}: {count(p['params'])} params, {gmacs(p['macs'])} at {p['resolution']} px — measured"
    weights = (entries.get(name) or {}).get("weights") or []
    if weights:
        tops = ", ".join(f"{w['top1']:.2f}% ({w['name']})" for w in weights[:2])
        line += f"; top-1 {tops} — torchvision"
    return line


def _check_line(result: dict[str, Any]) -> str:
    unit = result["claim"].get("unit", "")
    word = STATUS_WORDS.get(result["status"], result["status"])
    if result.get("measured") is None:
        return f"{result['subject']}: {fmt_value(result['expected'], unit)} — {word}"
    alt = result.get("alternative")
    under = f" ({alt['convention']}: {fmt_value(alt['measured'], unit)})" if alt and result["status"] == "disputed" else ""
    return f"{result['subject']}: {fmt_value(result['measured'], unit)} — {word}{under}"


def facts_for(question: Question) -> list[str] | None:
    """Lines of verified numbers for a question's claims; [] without claims, None when nothing is cached yet."""
    if not question.claims:
        return []
    entries = _catalog()
    lines: list[str] = []
    shown: set[str] = set()
    for name in dict.fromkeys(c.model for c in question.claims if c.model and "/" not in c.model):
        line = model_line(str(name), entries)
        if line:
            lines.append(line)
            shown.add(str(name))
    for r in cache.verify_results(question.id) or []:
        claim = r["claim"]
        summarised = claim.get("what") in ("params", "macs", "flops", "top1", "top5") and not claim.get("part")
        if r["status"] == "held" and summarised and claim.get("model") in shown:
            continue  # the model's line already says it
        line = _check_line(r)
        if line not in lines:
            lines.append(line)
    return lines or None
