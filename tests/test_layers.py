"""The layers import one way: cache, models and rf sit below calc, and calc below verify (function-level imports too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cnnquiz"

# layer -> the cnnquiz packages and modules it must never import, even inside a function
FORBIDDEN = {
    "cache": ("calc", "verify", "models", "rf", "cli", "render"),
    "models": ("calc", "verify", "rf", "cli", "render", "quiz", "drill"),
    "rf": ("calc", "verify", "cli", "render", "quiz", "drill"),
    "calc": ("verify", "cli", "render", "quiz", "drill"),
}


def imported(path: Path) -> set[str]:
    """Every cnnquiz module a file imports, at any depth of its code."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cnnquiz"):
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("cnnquiz"))
    return out


def files(layer: str) -> list[Path]:
    target = PACKAGE / layer
    return sorted(target.rglob("*.py")) if target.is_dir() else [target.with_suffix(".py")]


@pytest.mark.parametrize("layer", list(FORBIDDEN))
def test_layer_never_imports_upwards(layer: str) -> None:
    bad = {}
    for path in files(layer):
        hits = sorted(m for m in imported(path) for up in FORBIDDEN[layer]
                      if m == f"cnnquiz.{up}" or m.startswith(f"cnnquiz.{up}."))
        if hits:
            bad[str(path.relative_to(PACKAGE))] = hits
    assert not bad


def test_verify_examples_does_not_import_measure() -> None:
    assert not {m for m in imported(PACKAGE / "verify" / "examples.py") if m.startswith("cnnquiz.verify.measure")}
