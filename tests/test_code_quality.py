"""The code's own checks: no function above complexity 15, no unused names or undefined ones (ruff)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ruff() -> list[str]:
    exe = Path(sys.executable).parent / "ruff"
    return [str(exe)] if exe.exists() else [shutil.which("ruff") or "ruff"]


def test_no_function_above_complexity_15_and_no_pyflakes_errors() -> None:
    out = subprocess.run([*_ruff(), "check", "--no-cache", "--select", "C901,F", "--config",
                          "lint.mccabe.max-complexity=15", "cnnquiz", "benchmarks"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
