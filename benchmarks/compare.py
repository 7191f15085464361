"""Time `cnnquiz compare` in fresh processes: cold (measuring), warm (cached) and --no-cache, against the cost
of `import torch, torchvision`, with each process's peak memory. Prints a table; asserts nothing.

    .venv/bin/python benchmarks/compare.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXE = Path(sys.executable).with_name("cnnquiz")
CLI = [str(EXE)] if EXE.exists() else [sys.executable, "-m", "cnnquiz"]
TWO = ["resnet50", "efficientnet-b0"]
TEN = [f"efficientnet_b{i}" for i in range(8)] + ["resnet50", "vgg16"]


def run(argv: list[str], home: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one fresh process."""
    env = {**os.environ, "CNNQUIZ_HOME": str(home), "COLUMNS": "100", "NO_COLOR": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.read().decode()[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def measure(label: str, argv: list[str], repeat: int, home: Path | None = None) -> list:
    """A table row: median wall and CPU time and the largest peak memory of `repeat` runs.

    Without a home every run starts from its own empty CNNQUIZ_HOME (cold); with one they share it (warm).
    """
    rows = []
    for _ in range(repeat):
        if home is not None:
            rows.append(run(argv, home))
            continue
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(run(argv, Path(tmp)))
    return [label, statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows),
            max(r[2] for r in rows)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per row (median wall/CPU, max memory)")
    args = parser.parse_args()
    n = args.repeat
    table = [measure("python -c 'import torch, torchvision'",
                     [sys.executable, "-c", "import torch, torchvision"], n)]
    base_wall, base_cpu = table[0][1], table[0][2]
    for models, name in ((TWO, "2 models"), (TEN, "10 models")):
        argv = [*CLI, "compare", *models]
        table.append(measure(f"compare {name}, cold (fresh cache)", argv, n))
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp)
            run(argv, home)  # fill the cache
            table.append(measure(f"compare {name}, cached", argv, n, home))
            table.append(measure(f"compare {name} --plot, cached", [*argv, "--plot"], n, home))
            table.append(measure(f"compare {name} --no-cache", [*argv, "--no-cache"], n, home))
    width = max(len(r[0]) for r in table)
    print(f"{'':{width}}  {'wall s':>7}  {'CPU s':>6}  {'wall - import':>13}  {'CPU - import':>12}  {'peak MB':>7}")
    for label, wall, cpu, peak in table:
        extra = "" if label.startswith("python") else f"{wall - base_wall:+13.2f}  {cpu - base_cpu:+12.2f}"
        print(f"{label:{width}}  {wall:7.2f}  {cpu:6.2f}  {extra:>27}  {peak:7d}")
    print(f"\nmedian of {n} fresh processes per row; cold rows start from an empty CNNQUIZ_HOME. Budgets: cold "
          "2 models ≤ import + 1 s, cold 10 models ≤ import + 3 s, cached < 0.5 s and no torch import.")


if __name__ == "__main__":
    main()
