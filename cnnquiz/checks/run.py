"""Run a question's checks on the user's code in a separate, limited Python process (the quiz never imports torch)."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from cnnquiz.bank.checkspec import LABELS, PROPERTIES
from cnnquiz.bank.schema import Check

MEMORY_MB = 2048      # address space the user's code may add on top of torch
STARTUP_S = 60.0      # the child's time to import torch before the user's budget starts
OUTPUT_CHARS = 2000   # of the user's stdout/stderr kept in the report
BOOT = ("import sys; sys.path.insert(0, sys.argv[2]); from cnnquiz.checks.child import main; "
        "main(sys.argv[1])")


@dataclass(frozen=True)
class CheckOutcome:
    """One property of the answer: passed or not, what was observed and what the reference gives."""

    name: str
    passed: bool
    observed: str
    expected: str

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name.replace("_", " "))

    def to_json(self) -> dict:
        return {"name": self.name, "passed": self.passed, "observed": self.observed, "expected": self.expected}


@dataclass(frozen=True)
class CheckReport:
    """All outcomes of one run, the name checked, why it stopped early (if it did) and the code's output."""

    outcomes: tuple[CheckOutcome, ...]
    defined: str | None = None
    note: str = ""
    error: str | None = None
    output: str = ""
    seconds: float = field(default=0.0, compare=False)

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def fraction(self) -> float:
        return self.passed / len(self.outcomes) if self.outcomes else 0.0


def _read_events(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    events = []
    for line in text.splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            continue
    return events


def _head(path: Path) -> str:
    try:
        with path.open("rb") as f:
            data = f.read(OUTPUT_CHARS + 1)
    except OSError:
        return ""
    text = data[:OUTPUT_CHARS].decode("utf-8", errors="replace")
    return text + ("\n… (truncated)" if len(data) > OUTPUT_CHARS else "")


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _ready_at(events: Path) -> float | None:
    """The wall-clock time (time.time) at which the child had imported torch, once it has."""
    return next((float(e["at"]) for e in _read_events(events) if e.get("event") == "ready"), None)


def _wait(proc: subprocess.Popen, events: Path, timeout: float, started: float) -> str | None:
    """Wait for the child: STARTUP_S to import torch, then `timeout` (+1 s grace); why it was killed, or None."""
    ready_at: float | None = None
    while True:
        try:
            proc.wait(timeout=0.05)
            return None
        except subprocess.TimeoutExpired:
            pass
        now = time.time()
        if ready_at is None:
            ready_at = _ready_at(events)
        if ready_at is None and now - started > STARTUP_S:
            _kill(proc)
            return f"the check process did not start within {STARTUP_S:g} s"
        if ready_at is not None and now - ready_at > timeout + 1.0:
            _kill(proc)
            return f"timed out after {timeout:g} s (an endless loop?)"


class CheckRun:
    """Checks running in the background: start them, do something else (grade the prose), then report()."""

    def __init__(self, check: Check, code: str, *, timeout: float | None = None, memory_mb: int = MEMORY_MB) -> None:
        self.check, self.timeout = check, float(timeout or check.timeout)
        self.started, self.wall_started = time.monotonic(), time.time()
        self._tmp = tempfile.TemporaryDirectory(prefix="cnnquiz-check-")
        folder = self.folder = Path(self._tmp.name)
        self.events = folder / f"events-{secrets.token_hex(8)}.jsonl"
        (folder / "answer.py").write_text(code, encoding="utf-8")
        spec = {"check": check.to_dict(), "timeout": self.timeout, "memory_mb": memory_mb,
                "events": self.events.name}
        (folder / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        package_root = str(Path(__file__).resolve().parent.parent.parent)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(folder), "LANG": "C.UTF-8",
               "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        self.proc: subprocess.Popen | None = None
        self.failed: str | None = None
        with (folder / "stdout.txt").open("wb") as out, (folder / "stderr.txt").open("wb") as err:
            try:
                self.proc = subprocess.Popen([sys.executable, "-I", "-c", BOOT, str(folder), package_root],
                                             cwd=folder, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                             start_new_session=True)
            except OSError as exc:
                self.failed = f"cannot start Python for the checks: {exc}"

    def report(self) -> CheckReport:
        """Wait for the child (killing it at the time limit), read its results, clean up."""
        try:
            if self.proc is None:
                return _report(self.check, [], self.failed, "", self.started)
            try:
                killed = _wait(self.proc, self.events, self.timeout, self.wall_started)
            except BaseException:
                _kill(self.proc)
                raise
            output = "".join(_head(self.folder / name) for name in ("stdout.txt", "stderr.txt")).strip()
            evs = _read_events(self.events)
            why = killed
            if why is None and not any(e.get("event") == "done" for e in evs):
                rc = self.proc.returncode
                why = (f"the process was killed by signal {-rc}" if rc < 0
                       else f"the process exited with code {rc}") + " before the checks finished"
            return _report(self.check, evs, why, output, self.started)
        finally:
            self._tmp.cleanup()


def run_checks(check: Check, code: str, *, timeout: float | None = None,
               memory_mb: int = MEMORY_MB) -> CheckReport:
    """Run every property of `check` on `code`; never raises for anything the code does."""
    return CheckRun(check, code, timeout=timeout, memory_mb=memory_mb).report()


def _report(check: Check, evs: list[dict], why: str | None, output: str, started: float) -> CheckReport:
    seen = {e["name"]: e for e in evs if e.get("event") == "check" and e.get("name") in check.properties}
    load = next((e["message"] for e in evs if e.get("event") in ("load_error", "stopped")), None)
    defined = next((e for e in evs if e.get("event") == "defined"), {})
    error = load or why
    outcomes = []
    for name in check.properties:
        e = seen.get(name)
        if e is not None:
            outcomes.append(CheckOutcome(name, bool(e["passed"]), str(e["observed"]),
                                         str(e["expected"]) or PROPERTIES[name]))
        else:
            outcomes.append(CheckOutcome(name, False, f"not run: {error or 'no result'}", PROPERTIES[name]))
    return CheckReport(tuple(outcomes), defined.get("name"), defined.get("note", ""), error, output,
                       time.monotonic() - started)
