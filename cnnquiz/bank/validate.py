"""Turn parsed YAML into Question objects, raising BankError with file:line for every mistake."""

from __future__ import annotations

import re
from typing import Any

from cnnquiz.bank.claims import claim_from_yaml
from cnnquiz.bank.schema import (
    TOPICS,
    Check,
    CheckCase,
    Difficulty,
    KeyPoint,
    Misconception,
    Question,
    Source,
)
from cnnquiz.bank.yamlread import LineDict
from cnnquiz.errors import BankError

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
REQUIRED = ("id", "source", "question", "answer", "key_points", "topics", "difficulty")
OPTIONAL = ("related", "claims", "misconceptions", "check")
KEY_POINT_FIELDS = {"label", "statement", "core", "weight", "phrases"}
MISCONCEPTION_FIELDS = {"claim", "phrases", "correction"}
CHECK_FIELDS = {"reference", "define", "cases", "properties", "optional", "timeout", "weight"}
CASE_FIELDS = {"input", "args", "kwargs"}
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MIN_KEY_POINTS, MAX_KEY_POINTS = 3, 6
# Sane bounds on bank text (the built-in bank's longest: question 96, answer 1,670, label 52, phrase 41,
# statement 150 characters): far longer text is a mistake or an attack, and slows rendering and grading.
MAX_CHARS = {"question": 1_000, "answer": 10_000, "label": 200, "phrase": 200, "statement": 500,
             "claim": 500, "correction": 500, "document": 200}
MAX_PHRASES = 50


def _bounded(text: str, what: str, path: str, line: int, qid: str) -> str:
    """The text, or a file:line BankError when it is longer than MAX_CHARS[what]."""
    limit = MAX_CHARS[what]
    if len(text) > limit:
        raise BankError(path, line, f"question '{qid}': the {what} has {len(text):,} characters; "
                                    f"at most {limit:,}")
    return text


def _line(node: Any, key: str | None = None) -> int:
    if isinstance(node, LineDict):
        return node.line_of(key) if key else node.line
    return 0


def _text(q: LineDict, key: str, path: str, qid: str) -> str:
    value = q.get(key)
    if not isinstance(value, str) or not value.strip():
        raise BankError(path, _line(q, key), f"question '{qid}' has an empty or non-text {key}")
    return _bounded(value.strip(), key, path, _line(q, key), qid)


def _str_list(q: LineDict, key: str, path: str, qid: str, *, allow_empty: bool = False) -> tuple[str, ...]:
    value = q.get(key, [] if allow_empty else None)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise BankError(path, _line(q, key), f"question '{qid}': {key} must be a list of non-empty strings")
    if not value and not allow_empty:
        raise BankError(path, _line(q, key), f"question '{qid}' has no {key}")
    return tuple(v.strip() for v in value)


def _source(q: LineDict, path: str, qid: str) -> Source:
    src = q["source"]
    if not isinstance(src, dict) or not {"document", "number"} <= set(src) <= {"document", "number", "title", "short"}:
        raise BankError(path, _line(q, "source"),
                        f"question '{qid}': source must be {{document: FILE, number: N}}")
    doc, num = src["document"], src["number"]
    title, short = src.get("title", ""), src.get("short", "")
    if not isinstance(title, str) or not isinstance(short, str):
        raise BankError(path, _line(q, "source"), f"question '{qid}': source title and short are text")
    if not isinstance(doc, str) or not doc.strip() or not isinstance(num, int) or isinstance(num, bool) or num < 1:
        raise BankError(path, _line(q, "source"),
                        f"question '{qid}': source needs a document name and a positive question number")
    return Source(_bounded(doc.strip(), "document", path, _line(q, "source"), qid), num, title.strip(), short.strip())


def _key_points(q: LineDict, path: str, qid: str) -> tuple[KeyPoint, ...]:
    raw = q["key_points"]
    if not isinstance(raw, list) or not raw:
        raise BankError(path, _line(q, "key_points"), f"question '{qid}' has no key_points")
    if not MIN_KEY_POINTS <= len(raw) <= MAX_KEY_POINTS:
        raise BankError(path, _line(q, "key_points"),
                        f"question '{qid}' has {len(raw)} key_points; write {MIN_KEY_POINTS} to {MAX_KEY_POINTS}")
    points = [_key_point(item, path, qid, _line(q, "key_points")) for item in raw]
    return tuple(points)


def _key_point(item: Any, path: str, qid: str, fallback_line: int) -> KeyPoint:
    line = _line(item) or fallback_line
    if not isinstance(item, dict) or set(item) - KEY_POINT_FIELDS:
        extra = sorted(set(item) - KEY_POINT_FIELDS) if isinstance(item, dict) else []
        hint = f" (unknown field '{extra[0]}')" if extra else ""
        raise BankError(path, line, f"question '{qid}': a key point is {{label, statement, core, weight, "
                                    f"phrases}}{hint}")
    label, phrases = item.get("label"), item.get("phrases")
    if not isinstance(label, str) or not label.strip():
        raise BankError(path, line, f"question '{qid}': a key point has no label")
    if (not isinstance(phrases, list) or not phrases
            or not all(isinstance(p, (str, int, float)) and str(p).strip() for p in phrases)):
        raise BankError(path, _line(item, "phrases") or line,
                        f"question '{qid}': key point '{label}' needs a list of phrases")
    _bounded(label, "label", path, line, qid)
    if len(phrases) > MAX_PHRASES:
        raise BankError(path, _line(item, "phrases") or line,
                        f"question '{qid}': key point has {len(phrases)} phrases; at most {MAX_PHRASES}")
    for p in phrases:
        _bounded(str(p), "phrase", path, _line(item, "phrases") or line, qid)
    statement = item.get("statement", "")
    if not isinstance(statement, str):
        raise BankError(path, _line(item, "statement") or line,
                        f"question '{qid}': key point '{label}': statement must be one sentence of text")
    core = item.get("core", False)
    if not isinstance(core, bool):
        raise BankError(path, _line(item, "core") or line,
                        f"question '{qid}': key point '{label}': core must be true or false")
    weight = item.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 10:
        raise BankError(path, _line(item, "weight") or line,
                        f"question '{qid}': key point '{label}': weight must be a number above 0 and at most 10")
    _bounded(statement, "statement", path, _line(item, "statement") or line, qid)
    return KeyPoint(label.strip(), tuple(str(p).strip() for p in phrases), statement.strip(), core, float(weight))


def _misconceptions(q: LineDict, path: str, qid: str) -> tuple[Misconception, ...]:
    raw = q.get("misconceptions") or []
    if not isinstance(raw, list):
        raise BankError(path, _line(q, "misconceptions"), f"question '{qid}': misconceptions must be a list")
    out = []
    for item in raw:
        line = _line(item) or _line(q, "misconceptions")
        if not isinstance(item, dict) or set(item) - MISCONCEPTION_FIELDS:
            raise BankError(path, line, f"question '{qid}': a misconception is {{claim, phrases, correction}}")
        claim, correction, phrases = item.get("claim"), item.get("correction"), item.get("phrases", [])
        for name, value in (("claim", claim), ("correction", correction)):
            if not isinstance(value, str) or not value.strip():
                raise BankError(path, _line(item, name) or line,
                                f"question '{qid}': a misconception needs a {name} (one sentence)")
            _bounded(value, name, path, _line(item, name) or line, qid)
        if not isinstance(phrases, list) or not all(isinstance(p, (str, int, float)) and str(p).strip()
                                                    for p in phrases):
            raise BankError(path, _line(item, "phrases") or line,
                            f"question '{qid}': misconception phrases must be a list of text")
        out.append(Misconception(claim.strip(), correction.strip(), tuple(str(p).strip() for p in phrases)))
    return tuple(out)


def _check(q: LineDict, path: str, qid: str) -> Check | None:
    """The optional `check:` mapping: a known reference, names to define, cases, properties (see bank/checkspec.py)."""
    from cnnquiz.bank.checkspec import PROPERTIES, REFERENCES

    raw = q.get("check")
    if raw is None:
        return None
    line = _line(q, "check")
    where = f"question '{qid}': check"
    if not isinstance(raw, dict):
        raise BankError(path, line, f"{where} is a mapping with reference, define, cases, properties")
    line = _line(raw) or line
    unknown = set(raw) - CHECK_FIELDS
    if unknown:
        key = sorted(unknown)[0]
        raise BankError(path, _line(raw, key) or line,
                        f"{where} has an unknown field '{key}' (fields: {', '.join(sorted(CHECK_FIELDS))})")
    ref = REFERENCES.get(raw.get("reference"))
    if ref is None:
        raise BankError(path, _line(raw, "reference") or line,
                        f"{where}: reference must be one of {', '.join(REFERENCES)}")
    define = raw.get("define")
    if isinstance(define, str):
        define = [define]
    if not isinstance(define, list) or not define or not all(isinstance(d, str) and IDENTIFIER.match(d)
                                                             for d in define):
        raise BankError(path, _line(raw, "define") or line,
                        f"{where}: define is a list of Python names the answer may define (e.g. [BasicBlock])")
    props = raw.get("properties", list(ref.properties))
    if not isinstance(props, list) or not props:
        raise BankError(path, _line(raw, "properties") or line, f"{where}: properties is a non-empty list")
    for prop in props:
        if prop not in ref.properties:
            known = ", ".join(ref.properties)
            hint = "" if prop in PROPERTIES else " (not a property at all)"
            raise BankError(path, _line(raw, "properties") or line,
                            f"{where}: reference {ref.name} cannot measure '{prop}'{hint}; use {known}")
    cases_raw = raw.get("cases")
    if not isinstance(cases_raw, list) or not cases_raw:
        raise BankError(path, _line(raw, "cases") or line,
                        f"{where}: cases is a list of {{input: [N, C, H, W], args: [...]}}")
    cases = tuple(_check_case(c, path, where, _line(raw, "cases") or line, ref) for c in cases_raw)
    optional, timeout, weight = raw.get("optional", False), raw.get("timeout", 10), raw.get("weight", 0.6)
    if not isinstance(optional, bool):
        raise BankError(path, _line(raw, "optional") or line, f"{where}: optional must be true or false")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 1 <= timeout <= 120:
        raise BankError(path, _line(raw, "timeout") or line, f"{where}: timeout is seconds, from 1 to 120")
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 1:
        raise BankError(path, _line(raw, "weight") or line,
                        f"{where}: weight is the checks' share of the score, above 0 and at most 1")
    return Check(ref.name, tuple(define), cases, tuple(props), optional, float(timeout), float(weight), line)


def _check_case(item: Any, path: str, where: str, fallback: int, ref) -> CheckCase:
    line = _line(item) or fallback
    if not isinstance(item, dict) or set(item) - CASE_FIELDS or "input" not in item:
        raise BankError(path, line, f"{where}: a case is {{input: [N, C, H, W], args: [...], kwargs: {{...}}}}")
    shape, args, kwargs = item["input"], item.get("args", []), item.get("kwargs", {})
    if (not isinstance(shape, list) or not 1 <= len(shape) <= 5
            or not all(isinstance(d, int) and not isinstance(d, bool) and 0 < d <= 4096 for d in shape)):
        raise BankError(path, _line(item, "input") or line, f"{where}: input is a shape of 1-5 positive integers")
    if not isinstance(args, list) or not isinstance(kwargs, dict):
        raise BankError(path, line, f"{where}: args is a list and kwargs a mapping")
    problem = ref.validate_case(tuple(args), tuple(shape))
    if problem:
        raise BankError(path, line, f"{where}: a case cannot be satisfied: {problem}")
    return CheckCase(tuple(shape), tuple(args), tuple(sorted(kwargs.items())))


def question_from_yaml(q: Any, path: str) -> Question:
    """Validate one question mapping and build its Question."""
    if not isinstance(q, dict):
        raise BankError(path, _line(q), "each entry under questions: must be a mapping starting with id:")
    qid = q.get("id")
    if not isinstance(qid, str) or not ID_PATTERN.match(qid):
        raise BankError(path, _line(q, "id"),
                        f"question id {qid!r} must be a slug of lowercase letters, digits and dashes")
    for key in REQUIRED:
        if key not in q:
            raise BankError(path, _line(q), f"question '{qid}' has no {key}")
    unknown = set(q) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        key = sorted(unknown)[0]
        raise BankError(path, _line(q, key), f"question '{qid}' has an unknown field '{key}'")
    topics = _str_list(q, "topics", path, qid)
    for topic in topics:
        if topic not in TOPICS:
            raise BankError(path, _line(q, "topics"),
                            f"question '{qid}' has unknown topic '{topic}' (see README: topics)")
    try:
        difficulty = Difficulty(q["difficulty"])
    except ValueError:
        raise BankError(path, _line(q, "difficulty"),
                        f"question '{qid}': difficulty must be easy, medium or hard") from None
    claims_raw = q.get("claims") or []
    if not isinstance(claims_raw, list):
        raise BankError(path, _line(q, "claims"), f"question '{qid}': claims must be a list")
    return Question(
        id=qid,
        source=_source(q, path, qid),
        question=_text(q, "question", path, qid),
        answer=_text(q, "answer", path, qid),
        key_points=_key_points(q, path, qid),
        topics=topics,
        difficulty=difficulty,
        related=_str_list(q, "related", path, qid, allow_empty=True),
        claims=tuple(claim_from_yaml(c, path, qid, _line(q, "claims")) for c in claims_raw),
        misconceptions=_misconceptions(q, path, qid),
        check=_check(q, path, qid),
        origin=path,
        line=_line(q),
    )


def questions_from_document(doc: Any, path: str) -> list[Question]:
    """Validate a whole bank file (a mapping with a `questions:` list)."""
    if doc is None:
        raise BankError(path, 1, "the file is empty; a bank file holds `questions:` and a list")
    if not isinstance(doc, dict) or not {"questions", "documents"} & set(doc):
        raise BankError(path, _line(doc) or 1, "a bank file is a mapping with a `questions:` list")
    extra = set(doc) - {"questions", "deck", "documents"}
    if extra:
        key = sorted(extra)[0]
        raise BankError(path, _line(doc, key), f"unknown top-level key '{key}' (expected questions:)")
    items = doc.get("questions", [])
    if not isinstance(items, list):
        raise BankError(path, _line(doc, "questions"), "`questions:` must be a list of questions")
    return [question_from_yaml(item, path) for item in items]
