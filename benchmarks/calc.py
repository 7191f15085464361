"""Time each `cnnquiz calc` command: median wall and CPU seconds of N fresh processes, beside `import torch`.

Run: .venv/bin/python benchmarks/calc.py [--runs 5] [--only NAME ...]

CPU time (user + system of the child, from getrusage) barely moves when the machine is busy, so it is
the column to compare across runs; wall time is what a user waits for.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

BIN = Path(sys.executable).parent
CNNQUIZ = [str(BIN / "cnnquiz")] if (BIN / "cnnquiz").exists() else [sys.executable, "-m", "cnnquiz"]

BENCHES: list[tuple[str, list[str]]] = [
    ("floor: python -c 'import torch'", [sys.executable, "-c", "import torch"]),
    ("calc conv", [*CNNQUIZ, "calc", "conv", "--cin", "64", "--cout", "128", "-k", "3", "--padding", "same"]),
    ("calc conv --explain", [*CNNQUIZ, "calc", "conv", "--cin", "64", "--cout", "128", "-k", "3", "--explain"]),
    ("calc depthwise", [*CNNQUIZ, "calc", "depthwise"]),
    ("calc bottleneck", [*CNNQUIZ, "calc", "bottleneck"]),
    ("calc mbconv", [*CNNQUIZ, "calc", "mbconv", "--cin", "24", "--cout", "40", "-k", "5", "--stride", "2"]),
    ("calc scaling", [*CNNQUIZ, "calc", "scaling"]),
    ("calc scaling --real", [*CNNQUIZ, "calc", "scaling", "--real"]),
    ("calc width", [*CNNQUIZ, "calc", "width", "--alpha", "0.5", "0.75", "1.4"]),
]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process run to completion; raises if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per command (median reported)")
    parser.add_argument("--only", nargs="*", help="substrings of the bench names to run")
    args = parser.parse_args()
    benches = [b for b in BENCHES if not args.only or any(s in b[0] for s in args.only)]
    console = Console()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "CNNQUIZ_HOME": home, "COLUMNS": "100", "NO_COLOR": "1"}
        run_once(BENCHES[3][1], env)  # warm the OS file cache and the zoo name cache
        results = []
        for name, argv in benches:
            runs = [run_once(argv, env) for _ in range(args.runs)]
            results.append((name, statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)))
    floor = next((cpu for name, _, cpu in results if name.startswith("floor")), None)
    table = Table(title=f"cnnquiz calc: median of {args.runs} fresh processes", title_justify="left")
    table.add_column("command")
    table.add_column("wall s", justify="right")
    table.add_column("CPU s", justify="right")
    table.add_column("CPU over import torch", justify="right")
    for name, wall, cpu in results:
        extra = "" if floor is None or name.startswith("floor") else f"{cpu - floor:+.2f}"
        table.add_row(name, f"{wall:.2f}", f"{cpu:.2f}", extra)
    console.print(table)


if __name__ == "__main__":
    main()
