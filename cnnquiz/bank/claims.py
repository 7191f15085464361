"""Validate one numeric claim of a bank question (what, value, unit, model or example, convention, source)."""

from __future__ import annotations

from typing import Any

from cnnquiz.bank.schema import CONVENTIONS, Claim, ClaimKind, ClaimUnit, Convention
from cnnquiz.bank.yamlread import LineDict
from cnnquiz.errors import BankError

CLAIM_FIELDS = {"what", "value", "unit", "tolerance", "model", "example", "part", "said", "note", "convention",
                "source"}
CONVENTION_FIELDS = {"name", "alt"}


def _line(node: Any, key: str | None = None) -> int:
    if isinstance(node, LineDict):
        return node.line_of(key) if key else node.line
    return 0


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _convention(item: Any, what: ClaimKind, path: str, where: str, fallback: int) -> Convention | None:
    raw = item.get("convention")
    if raw is None:
        return None
    line = _line(item, "convention") or fallback
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, dict) or set(raw) - CONVENTION_FIELDS or "name" not in raw:
        raise BankError(path, line, f"{where}: convention is {{name: NAME, alt: VALUE}} "
                                    f"(names: {', '.join(CONVENTIONS)})")
    spec = CONVENTIONS.get(str(raw["name"]))
    if spec is None:
        raise BankError(path, line, f"{where}: unknown convention '{raw['name']}' (known: {', '.join(CONVENTIONS)})")
    if what.value not in spec.kinds:
        raise BankError(path, line, f"{where}: convention {spec.name} applies to {'/'.join(spec.kinds)} claims, "
                                    f"not {what.value}")
    alt = raw.get("alt")
    if spec.alt and not (_number(alt) and alt > 0):
        unit = "a resolution in px" if spec.alt == "px" else "the published value"
        raise BankError(path, line, f"{where}: convention {spec.name} needs alt: {unit}")
    if not spec.alt and alt is not None:
        raise BankError(path, line, f"{where}: convention {spec.name} takes no alt (cnnquiz computes it)")
    quoted = spec.needs_source or (spec.name == "paper-resolution" and what is ClaimKind.RESOLUTION)
    if quoted and not str(item.get("source", "")).strip():
        raise BankError(path, line, f"{where}: convention {spec.name} quotes a published value; cite it with "
                                    "source: \"Author et al. YEAR, Table N\"")
    return Convention(spec.name, float(alt) if alt is not None else None)


def _text(item: Any, key: str, path: str, where: str, line: int) -> str:
    value = item.get(key, "")
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise BankError(path, _line(item, key) or line, f"{where}: claim {key} must be text")
    return str(value).strip()


def _needs_source(what: ClaimKind, model: Any, example: Any, part: Any) -> bool:
    """Claims no computation can reach by their shape: a bare value, or a ratio of one model (an experiment)."""
    if example is not None:
        return False
    if what is ClaimKind.VALUE:
        return not part
    return what is ClaimKind.RATIO and "/" not in str(model)


def claim_from_yaml(item: Any, path: str, qid: str, fallback_line: int) -> Claim:
    """Validate one claim mapping and build its Claim (BankError with file:line on any mistake)."""
    line = _line(item) or fallback_line
    where = f"question '{qid}'"
    if not isinstance(item, dict):
        raise BankError(path, line, f"{where}: a claim is a mapping with what, value, unit")
    unknown = set(item) - CLAIM_FIELDS
    if unknown:
        raise BankError(path, line, f"{where}: unknown claim field '{sorted(unknown)[0]}'")
    try:
        what = ClaimKind(item.get("what"))
    except ValueError:
        kinds = ", ".join(k.value for k in ClaimKind)
        raise BankError(path, line, f"{where}: claim 'what' must be one of {kinds}") from None
    try:
        unit = ClaimUnit(item.get("unit"))
    except ValueError:
        units = ", ".join(u.value for u in ClaimUnit)
        raise BankError(path, line, f"{where}: claim 'unit' must be one of {units}") from None
    value, tolerance = item.get("value"), item.get("tolerance", 0.02)
    if not _number(value):
        raise BankError(path, line, f"{where}: claim value must be a number")
    if not _number(tolerance) or not 0 <= tolerance < 1:
        raise BankError(path, line, f"{where}: claim tolerance must be a fraction such as 0.02")
    model, example, part = item.get("model"), item.get("example"), item.get("part")
    if (model is None) == (example is None):
        raise BankError(path, line, f"{where}: a claim names either a model or an example")
    if example is not None and (not isinstance(example, dict) or "kind" not in example):
        raise BankError(path, line, f"{where}: a claim example is a mapping with a kind")
    if what is ClaimKind.RATIO and model is not None and "/" in str(model) and part not in ("params", "macs",
                                                                                          "flops"):
        raise BankError(path, line, f"{where}: a ratio of two models (model: a/b) says what it divides: "
                                    "part: params, macs or flops")
    source = _text(item, "source", path, where, line)
    if not source and _needs_source(what, model, example, part):
        raise BankError(path, line, f"{where}: nothing cnnquiz computes states this claim (a {what.value} "
                                    f"of {model}); cite where it comes from: source: \"Author et al. YEAR, "
                                    "Table N\"")
    return Claim(what=what, value=float(value), unit=unit, tolerance=float(tolerance),
                 model=str(model) if model is not None else None,
                 example=dict(example) if example is not None else None,
                 part=str(part) if part is not None else None, said=_text(item, "said", path, where, line),
                 note=_text(item, "note", path, where, line),
                 convention=_convention(item, what, path, where, line), source=source)
