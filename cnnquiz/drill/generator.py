"""Seeded generation of drill problems: realistic shapes, half of them taken from real torchvision layers."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import asdict
from fractions import Fraction
from typing import Any

from cnnquiz.drill import realnets as R
from cnnquiz.drill.problem import KINDS, MIXED, Problem
from cnnquiz.drill.solutions import build
from cnnquiz.errors import ShapeError, UnknownNameError, UsageError, close_matches
from cnnquiz.models import EFFICIENTNET_PAPER

REAL_SHARE = 0.5  # how often a shape is taken straight from the realnets table
OUTPUT_SIZES = (7, 13, 14, 15, 17, 27, 28, 29, 31, 35, 55, 56, 57, 63, 64, 71, 73, 112, 113, 127, 147, 149, 224)
RF_LAYERS = ("c3", "c3", "c1", "c3s2", "c5", "c3d2", "p2s2", "p3s2")
ALPHAS = (0.25, 0.5, 0.75, 1.4)
PAPER_SCALING = asdict(EFFICIENTNET_PAPER)  # alpha, beta, gamma, base_resolution
MAX_COUNT = 100
MAX_TRIES = 50

Params = dict[str, Any]


def _channels(rng: random.Random, size: int, *, stem: bool = True) -> int:
    options = [c for c in R.CHANNELS_AT[size] if stem or c != 3]
    return rng.choice(options)


def _conv_output(rng: random.Random) -> Params:
    if rng.random() < REAL_SHARE:
        c = rng.choice(R.CONVS)
        return {"size": c.size, "kernel": c.k, "stride": c.stride, "padding": c.padding, "dilation": c.dilation}
    k = rng.choice((1, 3, 3, 3, 5, 7))
    d = 2 if k == 3 and rng.random() < 0.25 else 1
    same = (k - 1) * d // 2
    return {"size": rng.choice(OUTPUT_SIZES), "kernel": k, "stride": rng.choice((1, 2, 2)),
            "padding": rng.choice((0, same, same, same + 1) if k > 1 else (0, 0, 1)), "dilation": d}


def _conv_params(rng: random.Random) -> Params:
    if rng.random() < REAL_SHARE:
        c = rng.choice(R.CONVS)
        return {"cin": c.cin, "cout": c.cout, "kernel": c.k, "groups": c.groups, "bias": c.bias}
    size = rng.choice(R.SIZES)
    cin, cout = _channels(rng, size), _channels(rng, size, stem=False)
    k = rng.choice((7, 3) if cin == 3 else (1, 1, 3, 3, 5))
    groups = 1
    roll = rng.random()
    if roll < 0.15 and cin >= 16:
        cout = groups = cin  # depthwise
    elif roll < 0.3 and cin % 32 == 0 and cout % 32 == 0 and cin >= 64:
        groups, k = 32, 3  # ResNeXt's grouped 3×3
    return {"cin": cin, "cout": cout, "kernel": k, "groups": groups, "bias": rng.random() < 0.4}


def _conv_macs(rng: random.Random) -> Params:
    quantity = "FLOPs" if rng.random() < 0.3 else "MACs"
    if rng.random() < REAL_SHARE:
        c = rng.choice(R.CONVS)
        return {"cin": c.cin, "cout": c.cout, "kernel": c.k, "size": c.size, "stride": c.stride, "padding": c.padding,
                "groups": c.groups, "quantity": quantity}
    size = rng.choice(R.SIZES)
    cin = _channels(rng, size)
    stride = 2 if size >= 14 and rng.random() < 0.3 else 1
    cout = _channels(rng, size // stride if size // stride in R.CHANNELS_AT else size, stem=False)
    k = rng.choice((7, 3) if cin == 3 else (1, 1, 3, 3, 5))
    groups = cin if cin >= 16 and cin == cout and rng.random() < 0.3 else 1
    return {"cin": cin, "cout": cout, "kernel": k, "size": size, "stride": stride, "padding": (k - 1) // 2,
            "groups": groups, "quantity": quantity}


def _depthwise(rng: random.Random) -> Params:
    ask = rng.choice(("reduction", "fraction", "separable_macs"))
    if rng.random() < REAL_SHARE:
        s = rng.choice(R.SEPARABLES)
        return {"cin": s.cin, "cout": s.cout, "kernel": s.k, "size": s.size, "stride": s.stride, "ask": ask}
    size = rng.choice(R.SIZES[:-1])
    stride = 2 if size >= 14 and rng.random() < 0.4 else 1
    return {"cin": _channels(rng, size, stem=False), "cout": _channels(rng, size // stride, stem=False),
            "kernel": 5 if rng.random() < 0.2 else 3, "size": size, "stride": stride, "ask": ask}


def _bottleneck(rng: random.Random) -> Params:
    if rng.random() < 0.6:
        b = rng.choice(R.BOTTLENECKS)
        return {"channels": b.channels, "mid": b.mid, "size": b.size}
    channels, size = rng.choice(((64, 56), (128, 56), (256, 56), (512, 28), (1024, 14), (2048, 7)))
    return {"channels": channels, "mid": channels // rng.choice((4, 4, 2)), "size": size}


def _mbconv(rng: random.Random) -> Params:
    ask = rng.choice(("params", "macs"))
    if rng.random() < 0.6:
        b = rng.choice(R.MBCONVS)
        return {"cin": b.cin, "cout": b.cout, "expand": b.expand, "kernel": b.k, "stride": b.stride, "se": b.se,
                "size": b.size, "ask": ask}
    stages = ((16, 112), (24, 56), (40, 28), (80, 14), (112, 14), (192, 7))
    i = rng.randrange(len(stages))
    cin, size = stages[i]
    cout = stages[min(i + rng.choice((0, 1)), len(stages) - 1)][0]
    stride = 2 if cout != cin and size >= 14 and rng.random() < 0.6 else 1
    return {"cin": cin, "cout": cout, "expand": rng.choice((4, 6, 6)), "kernel": rng.choice((3, 5)), "stride": stride,
            "se": rng.choice((0.25, 0.25, 0.0)), "size": size, "ask": ask}


def _rf(rng: random.Random) -> Params:
    if rng.random() < 0.4:
        return {"spec": rng.choice(R.STACKS).spec}
    layers = [rng.choice(("c3", "c3s2", "c5", "c7s2"))]
    for _ in range(rng.randint(1, 4)):
        options = [t for t in RF_LAYERS if "s2" not in t or sum("s2" in x for x in layers) < 3]
        layers.append(rng.choice(options))
    return {"spec": ",".join(layers)}


def _fits(alpha: float, *channels: int) -> bool:
    """α·C is a whole multiple of 8 for every C (so real MobileNets would not round it)."""
    return all((v := Fraction(str(alpha)) * c).denominator == 1 and v % 8 == 0 for c in channels)


def _width(rng: random.Random) -> Params:
    ask = rng.choice(("macs", "fraction"))
    for _ in range(MAX_TRIES):
        alpha = rng.choice(ALPHAS)
        layer = rng.choice(("pointwise", "pointwise", "depthwise", "stem"))
        if layer == "stem":
            p = {"layer": layer, "cin": 3, "cout": rng.choice((32, 32, 40)), "kernel": 3, "size": 224, "stride": 2}
        elif layer == "depthwise":
            size = rng.choice(R.SIZES[:-1])
            c = _channels(rng, size, stem=False)
            p = {"layer": layer, "cin": c, "cout": c, "kernel": 3, "size": size,
                 "stride": 2 if size >= 14 and rng.random() < 0.4 else 1}
        else:
            size = rng.choice(R.SIZES[:-1])
            p = {"layer": layer, "cin": _channels(rng, size, stem=False), "cout": _channels(rng, size, stem=False),
                 "kernel": 1, "size": size, "stride": 1}
        if _fits(alpha, *([p["cout"]] if layer == "stem" else [p["cin"], p["cout"]])):
            return {**p, "alpha": alpha, "ask": ask}
    return {"layer": "pointwise", "cin": 256, "cout": 256, "kernel": 1, "size": 28, "stride": 1, "alpha": 0.5,
            "ask": ask}


def _scaling(rng: random.Random) -> Params:
    return {"phi": rng.randint(1, 3), "ask": rng.choice(("flops", "flops", "depth", "width", "resolution")),
            **PAPER_SCALING}


SAMPLERS: dict[str, Callable[[random.Random], Params]] = {
    "conv-output": _conv_output, "conv-params": _conv_params, "conv-macs": _conv_macs, "depthwise": _depthwise,
    "bottleneck": _bottleneck, "mbconv": _mbconv, "rf": _rf, "width": _width, "scaling": _scaling,
}


def resolve_kinds(names: Sequence[str]) -> tuple[str, ...]:
    """Kind names as typed (repeatable --kind, `mixed` for all) -> the kinds to draw from, in KINDS order."""
    wanted: set[str] = set()
    for name in names or (MIXED,):
        key = name.strip().lower().replace("_", "-")
        if key == MIXED:
            wanted.update(KINDS)
        elif key in KINDS:
            wanted.add(key)
        else:
            raise UnknownNameError("drill kind", name, close_matches(key, [*KINDS, MIXED]))
    return tuple(k for k in KINDS if k in wanted)


def problem(kind: str, rng: random.Random) -> Problem:
    """One problem of a kind; shapes a formula refuses are drawn again."""
    for _ in range(MAX_TRIES):
        try:
            return build(kind, SAMPLERS[kind](rng))
        except ShapeError:
            continue
    raise RuntimeError(f"could not draw a valid {kind} problem")  # pragma: no cover - samplers are valid


def generate(kinds: Sequence[str], count: int, seed: int) -> list[Problem]:
    """`count` distinct problems cycling through `kinds` in a seeded shuffled order; same seed, same list."""
    if not 1 <= count <= MAX_COUNT:
        raise UsageError(f"-n must be between 1 and {MAX_COUNT}, got {count}")
    rng = random.Random(seed)
    order: list[str] = []
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    while len(problems) < count:
        if not order:
            order = list(kinds)
            rng.shuffle(order)
        kind = order.pop(0)
        for _ in range(MAX_TRIES):
            p = problem(kind, rng)
            key = (kind, repr(sorted(p.params.items())))
            if key not in seen:
                break
        seen.add(key)
        problems.append(p)
    return problems
