"""The check's child process: limits itself, runs the user's code, measures each property, reports JSON lines.

Started by run.py as `python -I -c BOOT DIR`; DIR holds spec.json and answer.py. Never imported by the quiz.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

from cnnquiz.checks.failures import ANSWER, CheckTimeout, UserExit, describe

PRINT_CAP = 4000  # characters of the user's output kept; the rest is counted and dropped


class CappedWriter:
    """A stdout/stderr stand-in that keeps the first PRINT_CAP characters and counts the rest."""

    def __init__(self, real) -> None:
        self.real, self.kept, self.total = real, 0, 0

    def write(self, text: str) -> int:
        self.total += len(text)
        room = PRINT_CAP - self.kept
        if room > 0:
            self.real.write(text[:room])
            self.real.flush()
            self.kept += min(room, len(text))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def set_limits(memory_mb: int) -> None:
    """Cap address space (above what torch already mapped), file size and core dumps."""
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as f:
            vm = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        vm = 4 << 30
    limits = ((resource.RLIMIT_AS, vm + (memory_mb << 20)), (resource.RLIMIT_FSIZE, 16 << 20),
              (resource.RLIMIT_CORE, 0))
    for kind, value in limits:
        try:
            resource.setrlimit(kind, (value, value))
        except (ValueError, OSError):
            pass
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a huge write fails with an error instead of killing us


def main(folder: str) -> None:
    """Run the checks described in FOLDER/spec.json on FOLDER/answer.py."""
    os.chdir(folder)
    with open("spec.json", encoding="utf-8") as f:
        spec = json.load(f)
    events = open(spec["events"], "a", encoding="utf-8")  # noqa: SIM115 - open until os._exit
    real_exit = os._exit

    def emit(**event) -> None:
        events.write(json.dumps(event) + "\n")
        events.flush()

    import torch

    torch.set_num_threads(1)
    from cnnquiz.bank.schema import Check
    from cnnquiz.checks import properties

    check = Check.from_dict(spec["check"])
    timeout = float(spec["timeout"])
    emit(event="ready", at=time.time())
    set_limits(int(spec["memory_mb"]))
    sys.stdout, sys.stderr = CappedWriter(sys.stdout), CappedWriter(sys.stderr)

    def on_alarm(signum, frame):
        raise CheckTimeout

    def fake_exit(code=0):
        raise UserExit(code)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    os._exit = fake_exit
    try:
        with open(ANSWER, encoding="utf-8") as f:
            source = f.read()
        import torch.nn as nn
        import torch.nn.functional as F

        # torch, nn and F are there already, as in most interview answers that skip the imports
        namespace: dict = {"__name__": "answer", "__file__": ANSWER, "torch": torch, "nn": nn, "F": F}
        try:
            exec(compile(source, ANSWER, "exec"), namespace)  # noqa: S102 - sandboxed child process
        except BaseException as exc:  # noqa: BLE001 - the user's code may raise anything
            emit(event="load_error", message=describe(exc, timeout))
            return
        try:
            target, note = properties.find_definition(check, namespace)
        except LookupError as exc:
            emit(event="load_error", message=str(exc))
            return
        emit(event="defined", name=target.__name__, note=note)
        for name in check.properties:
            try:
                passed, observed, expected = properties.measure(name, check, target)
            except CheckTimeout as exc:
                emit(event="check", name=name, passed=False, observed=describe(exc, timeout), expected="")
                emit(event="stopped", message=describe(exc, timeout))
                return
            except BaseException as exc:  # noqa: BLE001
                observed = describe(exc, timeout)
                emit(event="check", name=name, passed=False, observed=observed, expected="")
                continue
            emit(event="check", name=name, passed=bool(passed), observed=observed, expected=expected)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        emit(event="done")
        events.close()
        real_exit(0)
