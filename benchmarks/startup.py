"""Start-up time of cnnquiz commands: median of N fresh processes each, in a throwaway CNNQUIZ_HOME.

Run: .venv/bin/python benchmarks/startup.py [--runs 10] [--only NAME ...]

Interactive commands are timed in a real pty (pexpect) until a pattern appears on screen (for
`practice`, the first question); the others until the process exits. To add a command, append a
Bench to benches().
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
CNNQUIZ = [str(BIN / "cnnquiz")] if (BIN / "cnnquiz").exists() else [sys.executable, "-m", "cnnquiz"]


@dataclass(frozen=True)
class Bench:
    """One command to time: argv after `cnnquiz` (or a full argv when raw), and for pty runs a pattern."""

    name: str
    argv: tuple[str, ...]
    until: str | None = None  # regex to wait for in a pty; None: run to completion
    raw: bool = False  # argv is a whole command line, not cnnquiz arguments
    budget: float | None = None  # seconds the README promises, shown beside the result


CODE_DIR = Path(tempfile.mkdtemp(prefix="cnnquiz-bench-code-"))
HSWISH_FILE, BLOCK_FILE = CODE_DIR / "hswish.py", CODE_DIR / "block.py"
HSWISH_FILE.write_text("def hswish(x):\n    return x * F.relu6(x + 3) / 6\n")
BLOCK_FILE.write_text("""class BasicBlock(nn.Module):
    def __init__(self, c_in, c_out, stride=1):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False), nn.BatchNorm2d(c_out)
        self.conv2, self.bn2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False), nn.BatchNorm2d(c_out)
        self.shortcut = nn.Identity()
        if stride != 1 or c_in != c_out:
            self.shortcut = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out))
    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(out + self.shortcut(x))
""")


def benches(first_id: str) -> list[Bench]:
    return [
        Bench("floor: python -c 'import typer, rich'", (sys.executable, "-c", "import typer, rich"), raw=True),
        Bench("cnnquiz bank list", ("bank", "list")),
        Bench("cnnquiz practice (first question)", ("practice", "-n", "1"), until=r"1/1 · \S+ · ", budget=0.3),
        Bench(f"cnnquiz grade {first_id} --answer ...",
              ("grade", first_id, "--answer", "residual shortcut keeps the gradient flowing")),
        Bench("cnnquiz stats", ("stats",)),
        Bench("cnnquiz stats --json", ("stats", "--json")),
        Bench("cnnquiz drill (first problem)", ("drill", "-n", "1", "--seed", "1"), until=r"1/1 · drill:"),
        Bench("cnnquiz drill --json -n 5", ("drill", "--json", "-n", "5", "--seed", "1")),
        Bench("floor: python -c 'import torch'", (sys.executable, "-c", "import torch"), raw=True),
        Bench("cnnquiz calc depthwise", ("calc", "depthwise")),
        Bench("cnnquiz calc scaling (no torch)", ("calc", "scaling")),
        Bench("cnnquiz grade hard-swish-implement --code FILE (runs the checks)",
              ("grade", "hard-swish-implement", "--code", str(HSWISH_FILE)), budget=None),
        Bench("cnnquiz grade resnet-implement-block --code FILE (runs the checks)",
              ("grade", "resnet-implement-block", "--code", str(BLOCK_FILE)), budget=None),
        Bench("floor: python -c 'import torch, torchvision'", (sys.executable, "-c", "import torch, torchvision"),
              raw=True),
        Bench("cnnquiz compare resnet50 efficientnet-b0 --no-cache",
              ("compare", "resnet50", "efficientnet-b0", "--no-cache")),
        Bench("cnnquiz compare resnet50 efficientnet-b0 (cached)", ("compare", "resnet50", "efficientnet-b0"),
              budget=0.5),
    ]


def seed_home(home: Path) -> str:
    """A progress database with 20 cards reviewed 3 days ago (some now due), for practice and stats."""
    from datetime import timedelta

    from cnnquiz.bank import load_bank
    from cnnquiz.progress.rating import Rating
    from cnnquiz.progress.scheduler import utcnow
    from cnnquiz.progress.store import Store

    bank = load_bank()
    then = utcnow() - timedelta(days=3)
    with Store.open(home / "progress.db") as store:
        for i, q in enumerate(bank.questions[:20]):
            store.record_review(q.id, Rating((i % 4) + 1), score=(i % 5) / 4, answer="seed", seconds=30, now=then)
    return bank.questions[0].id


def proc_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) a live process has used so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_once(bench: Bench, env: dict[str, str]) -> tuple[float, float | None]:
    """(wall seconds, CPU seconds) of one fresh process; CPU time does not grow when the machine is busy."""
    argv = list(bench.argv) if bench.raw else [*CNNQUIZ, *bench.argv]
    if bench.until is None:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{bench.name}: exit code {proc.returncode}")
        return elapsed, usage.ru_utime + usage.ru_stime
    import pexpect

    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], env=env, encoding="utf-8", dimensions=(50, 100), timeout=30)
    child.expect(bench.until)
    elapsed = time.perf_counter() - start
    cpu = proc_cpu(child.pid)
    child.expect("› ")  # Ctrl-D only once the prompt is up (readline drops a key typed before it)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--only", nargs="*", default=None, help="substrings of bench names to run")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="cnnquiz-bench-"))
    try:
        env = {**os.environ, "CNNQUIZ_HOME": str(home), "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
        env.pop("CNNQUIZ_BANK", None)
        os.environ["CNNQUIZ_HOME"] = str(home)
        first_id = seed_home(home)
        rows = []
        for bench in benches(first_id):
            if args.only and not any(s in bench.name for s in args.only):
                continue
            run_once(bench, env)  # warm the OS file cache; not counted
            runs = [run_once(bench, env) for _ in range(args.runs)]
            wall = [w for w, _ in runs]
            cpu = [c for _, c in runs if c is not None]
            rows.append((bench, statistics.median(wall), min(wall), statistics.median(cpu) if cpu else None))
        print_table(rows, args.runs)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def print_table(rows: list[tuple[Bench, float, float, float | None]], runs: int) -> None:
    from rich.console import Console
    from rich.table import Table

    load = f", load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    table = Table(title=f"start-up time, {runs} fresh processes each (seconds{load})", title_justify="left",
                  caption="wall: until exit (or the pattern in a pty); cpu: user+system time used by then",
                  caption_justify="left")
    for col in ("command", "wall median", "wall min", "cpu median", "budget"):
        table.add_column(col, justify="left" if col == "command" else "right")
    for bench, med, lo, cpu in rows:
        budget = "" if bench.budget is None else f"{bench.budget:.2f} {'ok' if med <= bench.budget else 'over'}"
        table.add_row(bench.name, f"{med:.3f}", f"{lo:.3f}", "" if cpu is None else f"{cpu:.3f}", budget)
    Console(width=110).print(table)


if __name__ == "__main__":
    main()
