"""Side-by-side model comparison: measured profiles, published accuracy, CPU latency, the accuracy/MACs frontier."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cnnquiz import models
from cnnquiz.calc.frontier import Frontier, Point, frontier, zoo_points  # noqa: F401  (the plot's data)
from cnnquiz.calc.profile import ModelProfile, profile
from cnnquiz.errors import UsageError
from cnnquiz.models import catalog, user

# Row keys of the comparison, whether smaller (-1) or larger (+1) is better; 0: no better value.
DIRECTIONS: dict[str, int] = {
    "params": -1, "macs": -1, "flops": -1, "activation_bytes": -1, "weights_mb_fp32": -1,
    "weights_mb_int8": -1, "depth": 0, "receptive_field": 0, "top1": 1, "top5": 1, "top1_per_gmac": 1,
    "latency_ms": -1,
}
MAX_RUNS = 1000
MAX_THREADS = 256


@dataclass(frozen=True)
class Compared:
    """One model's column: its measured profile and the published accuracy at that resolution."""

    profile: ModelProfile
    display: str
    top1: float | None
    top5: float | None
    weights: str | None
    weights_resolution: int | None
    latency: Latency | None = None

    @property
    def latency_ms(self) -> float | None:
        """The median of the timed runs (None when not timed)."""
        return None if self.latency is None else round(self.latency.median_ms, 3)

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def same_resolution(self) -> bool:
        """Whether the accuracy was measured at the resolution the MACs were counted at."""
        return self.weights_resolution == self.profile.resolution

    @property
    def top1_per_gmac(self) -> float | None:
        """Top-1 per GMAC; None when accuracy and MACs belong to different input sizes."""
        if self.top1 is None or not self.profile.macs or not self.same_resolution:
            return None
        return self.top1 / (self.profile.macs / 1e9)

    def value(self, key: str) -> float | None:
        if hasattr(self.profile, key):
            return getattr(self.profile, key)
        return getattr(self, key)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {**self.profile.to_dict(), "display_name": self.display, "top1": self.top1,
                                  "top5": self.top5, "weights": self.weights,
                                  "weights_resolution": self.weights_resolution,
                                  "top1_per_gmac": None if self.top1_per_gmac is None else round(self.top1_per_gmac, 3),
                                  "latency_ms": self.latency_ms,
                                  "latency": None if self.latency is None else self.latency.to_dict()}
        out.pop("seconds", None)
        return out


def compared(name: str | user.UserModel, resolution: int | None = None, use_cache: bool = True) -> Compared:
    """A model's column: profile (measured or cached) and its published weights' accuracy; a user's model
    (FILE:NAME) is measured afresh, through its summary, and has no accuracy."""
    if isinstance(name, user.UserModel):
        from cnnquiz.calc.summary import user_profile

        return Compared(user_profile(name, resolution), name.label, None, None, None, None)
    p = profile(name, resolution, use_cache=use_cache)
    entry = catalog.catalog()[p.name]
    w = entry.weights_at(p.resolution)
    return Compared(p, models.display_name(p.name), w.top1 if w else None, w.top5 if w else None,
                    w.name if w else None, w.crop if w else None)


def user_models(names: Sequence[str], args: dict[str, Any] | None = None) -> list[str | user.UserModel]:
    """FILE:NAME names as the user's models, built with args (the same for each); other names unchanged."""
    user.check_args_used(names, args or {})
    return [models.user_model(n, args) if models.is_user_model(n) else n for n in names]


def compare(names: Sequence[str | user.UserModel], resolution: int | None = None,
            use_cache: bool = True) -> list[Compared]:
    """Columns for each model, in the order given (duplicates after resolving are an error); a UserModel
    (or a FILE:NAME name) is a user's own model (see user_models)."""
    if len(names) < 1:
        raise UsageError("compare needs at least one model name")
    real = [n if isinstance(n, user.UserModel) else models.user_model(n) if models.is_user_model(n)
            else models.resolve(n) for n in names]
    keys = [r.label if isinstance(r, user.UserModel) else r for r in real]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise UsageError(f"the same model is named twice: {', '.join(sorted(dupes))}")
    return [compared(n, resolution, use_cache) for n in real]


def ratios(columns: Sequence[Compared]) -> list[dict[str, float | None]]:
    """For each column, value / the first column's value for every numeric row."""
    base = columns[0]
    out = []
    for col in columns:
        row: dict[str, float | None] = {}
        for key in DIRECTIONS:
            a, b = col.value(key), base.value(key)
            row[key] = a / b if a is not None and b else None
        out.append(row)
    return out


def best(columns: Sequence[Compared], key: str) -> set[str]:
    """Names of the columns with the better value in a row (none for neutral rows or a single column)."""
    direction = DIRECTIONS.get(key, 0)
    if direction == 0:
        return set()
    values = {c.name: c.value(key) for c in columns if c.value(key) is not None}
    if direction == 0 or len(values) < 2 or len(set(values.values())) < 2:
        return set()
    target = max(values.values()) if direction > 0 else min(values.values())
    return {n for n, v in values.items() if v == target}


SPREAD_WARNING = 0.2  # p10-p90 wider than this fraction of the median: the timing is not trustworthy


@dataclass(frozen=True)
class Latency:
    """Every timed run of one model (ms, after the warm-up runs) and the torch thread count they used."""

    runs_ms: tuple[float, ...]
    threads: int
    warmup: int = 0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms)

    def _decile(self, i: int) -> float:
        if len(self.runs_ms) < 2:
            return self.runs_ms[0]
        return statistics.quantiles(self.runs_ms, n=10, method="inclusive")[i]

    @property
    def p10_ms(self) -> float:
        return self._decile(0)

    @property
    def p90_ms(self) -> float:
        return self._decile(8)

    @property
    def noisy(self) -> bool:
        """Whether the p10-p90 spread exceeds 20% of the median (the machine was busy, or too few runs)."""
        return self.p90_ms - self.p10_ms > SPREAD_WARNING * self.median_ms

    def to_dict(self) -> dict[str, object]:
        return {"median_ms": round(self.median_ms, 3), "p10_ms": round(self.p10_ms, 3),
                "p90_ms": round(self.p90_ms, 3), "runs": len(self.runs_ms), "threads": self.threads}


def latency(name: str, resolution: int, runs: int = 10, warmup: int = 3, threads: int | None = None,
            tick: Callable[[], None] | None = None) -> Latency:
    """CPU forward latency of batch 1 over `runs` timed runs after `warmup` untimed ones, with real (random,
    untrained) weights and no autograd, on `threads` torch threads (default: torch's own count)."""
    import torch

    if not 1 <= runs <= MAX_RUNS:
        raise UsageError(f"--runs must be between 1 and {MAX_RUNS}, got {runs}")
    if threads is not None and not 1 <= threads <= MAX_THREADS:
        raise UsageError(f"--threads must be between 1 and {MAX_THREADS}, got {threads}")
    model = models.build(name, device="cpu", resolution=resolution)
    x = torch.randn(1, 3, resolution, resolution)
    before = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        used = torch.get_num_threads()
        times = []
        with torch.inference_mode():
            for i in range(warmup + runs):
                start = time.perf_counter()
                model(x)
                if i >= warmup:
                    times.append((time.perf_counter() - start) * 1000)
                if tick:
                    tick()
    finally:
        torch.set_num_threads(before)
    return Latency(tuple(times), used, warmup)


def with_latency(col: Compared, measured: Latency) -> Compared:
    return replace(col, latency=measured)


def point(col: Compared) -> Point | None:
    """A compared model on the plot: measured MACs when its accuracy is for the same input size."""
    if col.top1 is None:
        return None
    if col.same_resolution:
        return Point(col.name, col.profile.macs / 1e9, col.top1, col.weights or "", True)
    w = catalog.catalog()[col.name].weights_at(col.weights_resolution or 0)
    return Point(col.name, w.gmacs, col.top1, w.name, False) if w and w.gmacs else None


@dataclass(frozen=True)
class Comparison:
    """What `compare` shows: the columns, each one's ratios to the first, and (for --plot) the frontier."""

    columns: tuple[Compared, ...]
    resolution: int | None = None
    frontier: Frontier | None = None
    ratios: tuple[dict[str, float | None], ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ratios", tuple(ratios(self.columns)))

    @classmethod
    def of(cls, columns: Sequence[Compared], resolution: int | None = None, plot: bool = False) -> Comparison:
        """The comparison of measured columns; the frontier over the whole zoo only when it is plotted."""
        chosen = [p for p in map(point, columns) if p is not None]
        return cls(tuple(columns), resolution, Frontier.of(chosen) if plot else None)

    def best(self, key: str) -> set[str]:
        return best(self.columns, key)

    def to_json(self) -> dict[str, Any]:
        """The stable --json shape: models (each with ratio_to_first), baseline, resolution, frontier with --plot."""
        data: dict[str, Any] = {
            "models": [{**c.to_dict(), "ratio_to_first": {k: None if v is None else round(v, 4) for k, v in r.items()}}
                       for c, r in zip(self.columns, self.ratios)],
            "baseline": self.columns[0].name,
            "resolution": self.resolution,
        }
        if self.frontier is not None:
            data["frontier"] = self.frontier.to_json()
        return data
