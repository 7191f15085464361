"""The import contracts: packages in layers that import only downwards, and no import cycle between modules.

Every import counts, at any depth of the code: module level, inside functions and under TYPE_CHECKING.
The layers, top to bottom (the README's Development section draws the same picture):

    cli
    render
    quiz  drill  verify  export
    calc  checks
    progress  rf
    bank  models
    cache
    paths
    errors  units  (and the package root, which holds __version__)

A package may import its own modules and any package of a lower layer; never one of its own layer or above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cnnquiz"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("__main__",),
    ("cli",),
    ("render",),
    ("quiz", "drill", "verify", "export"),
    ("calc", "checks"),
    ("progress", "rf"),
    ("bank", "models"),
    ("cache",),
    ("paths",),
    ("errors", "units", ""),
)
LEVEL = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.with_suffix("").relative_to(PACKAGE.parent).parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = modules()


def imported(path: Path) -> set[str]:
    """The cnnquiz modules a file imports (a `from pkg import name` counts as pkg.name when that is a module)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "cnnquiz":
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in MODULES else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "cnnquiz")
    return out


GRAPH = {name: imported(path) - {name} for name, path in MODULES.items()}


def package_of(module: str) -> str:
    """`cnnquiz.quiz.grader` -> `quiz`; the package root and `cnnquiz.errors` -> `` and `errors`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_package_has_a_layer() -> None:
    assert {package_of(m) for m in MODULES} <= set(LEVEL)


@pytest.mark.parametrize("package", sorted(LEVEL))
def test_a_package_imports_only_lower_layers(package: str) -> None:
    bad = sorted(f"{src} -> {dst}" for src, dsts in GRAPH.items() if package_of(src) == package
                 for dst in dsts if package_of(dst) != package and LEVEL[package_of(dst)] <= LEVEL[package])
    assert not bad


def test_render_never_reads_a_cache() -> None:
    bad = sorted(f"{src} -> {dst}" for src, dsts in GRAPH.items() if package_of(src) == "render"
                 for dst in dsts if package_of(dst) == "cache" or dst.endswith(".cache"))
    assert not bad


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c in graph), None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_no_import_cycle_between_modules() -> None:
    assert cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
