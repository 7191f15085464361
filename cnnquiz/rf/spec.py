"""Receptive-field algebra without torch: the per-axis recurrence, the layer-spec parser, and result types.

Conventions (Araujo et al., "Computing Receptive Fields of CNNs", Distill 2019): input pixel i has its
centre at coordinate i; every layer maps (r, j, start) of its input to

    r_out = r_in + (k - 1)·d·j_in          receptive field (pixels, bounding box)
    j_out = j_in·s                          jump: input pixels between neighbouring output units
    start_out = start_in + ((k - 1)·d/2 - p)·j_in   centre of output unit 0's field (p = left padding)

Spec grammar (case-insensitive, comma separated):  LAYER ::= ("c" | "p") K { "s" S | "d" D | "p" P } [ "*" N ]
c = convolution, p = pooling, K = kernel, S = stride (1), D = dilation (1), P = padding (default
(K-1)·D // 2, "same" for odd kernels), *N repeats the layer N times.  Example: c7s2,p3s2,c3*2,c3d2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from cnnquiz.errors import ParseError, ShapeError

MAX_VALUE = 100_000
MAX_LAYERS = 1_000


@dataclass(frozen=True)
class AxisField:
    """The receptive field of one spatial axis: size r, jump j and the centre `start` of unit 0."""

    r: int = 1
    j: int = 1
    start: Fraction = Fraction(0)

    @property
    def lo(self) -> Fraction:
        """First input coordinate seen by output unit 0."""
        return self.start - Fraction(self.r - 1, 2)

    @property
    def hi(self) -> Fraction:
        """Last input coordinate seen by output unit 0."""
        return self.start + Fraction(self.r - 1, 2)

    def layer(self, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> AxisField:
        """The field after a sliding-window layer (convolution or pooling)."""
        span = (kernel - 1) * dilation
        return AxisField(self.r + span * self.j, self.j * stride,
                         self.start + (Fraction(span, 2) - padding) * self.j)

    def shifted(self, positions: Fraction | int) -> AxisField:
        """The same grid with unit 0 moved by `positions` units (padding, cropping, strided slicing)."""
        return AxisField(self.r, self.j, self.start + positions * self.j)

    def strided(self, step: int) -> AxisField:
        """Every `step`-th unit (a strided slice starting at unit 0)."""
        return AxisField(self.r, self.j * step, self.start)

    @staticmethod
    def union(fields: list[AxisField]) -> AxisField:
        """Branches merged by add/concat: unit 0 sees the union (bounding box) of every branch's field."""
        lo = min(f.lo for f in fields)
        hi = max(f.hi for f in fields)
        return AxisField(int(hi - lo) + 1, max(f.j for f in fields), (lo + hi) / 2)


@dataclass(frozen=True)
class Layer:
    """One layer of a spec: op 'conv' or 'pool', kernel, stride, dilation, left padding, and its text."""

    op: str
    kernel: int
    stride: int = 1
    dilation: int = 1
    padding: int | None = None
    text: str = ""

    @property
    def pad(self) -> int:
        """The padding in use: as written, else (k-1)·d // 2."""
        return (self.kernel - 1) * self.dilation // 2 if self.padding is None else self.padding

    @property
    def span(self) -> int:
        """Effective kernel extent with dilation: (k-1)·d + 1."""
        return (self.kernel - 1) * self.dilation + 1


@dataclass(frozen=True)
class Stage:
    """The field after one stage of a model or one layer of a spec (kernel = effective extent in input units)."""

    name: str
    kernel: int
    stride: int
    receptive_field: int
    jump: int
    start: Fraction
    size: tuple[int, int] | None = None
    global_context: bool = False
    receptive_field_hw: tuple[int, int] | None = None


@dataclass
class RFResult:
    """A receptive-field report: the conv-path field of the final feature map and every stage."""

    target: str
    kind: str  # "model" or "spec"
    receptive_field: int
    jump: int
    start: Fraction
    global_context: bool
    stages: list[Stage]
    model: str | None = None
    resolution: int | None = None
    final_layer: str | None = None
    notes: list[str] = field(default_factory=list)
    variants: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        """The stable --json shape."""
        return {
            "target": self.target, "kind": self.kind, "model": self.model, "resolution": self.resolution,
            "receptive_field": self.receptive_field, "jump": self.jump, "start": float(self.start),
            "global_context": self.global_context, "final_layer": self.final_layer,
            "stages": [{"name": s.name, "kernel": s.kernel, "stride": s.stride,
                        "receptive_field": s.receptive_field, "jump": s.jump, "start": float(s.start),
                        "size": list(s.size) if s.size else None, "global_context": s.global_context}
                       for s in self.stages],
            "notes": list(self.notes),
            "variants": dict(self.variants),
        }


_TOKEN = re.compile(r"(?P<op>[cp])(?P<k>[0-9]+)(?P<opts>(?:[sdp][0-9]+)*)(?:\*(?P<rep>[0-9]+))?")
_OPTION = re.compile(r"([sdp])([0-9]+)")
_NAMES = {"s": "stride", "d": "dilation", "p": "padding"}


def looks_like_spec(text: str) -> bool:
    """Whether text is meant as a layer spec (has a comma, or starts like c3 / p2) rather than a model name."""
    t = text.strip().lower()
    return "," in t or bool(re.match(r"[cp][0-9]", t))


def _number(token: str, what: str, value: str, low: int) -> int:
    n = int(value)
    if n < low or n > MAX_VALUE:
        raise ParseError(f"bad layer '{token}': {what} must be between {low} and {MAX_VALUE}, got {value}")
    return n


def parse_layer(token: str) -> list[Layer]:
    """One comma-separated token -> its layers (several with *N); garbage raises ParseError naming it."""
    t = token.strip().lower()
    m = _TOKEN.fullmatch(t)
    if not m:
        head = re.match(r"[cp][0-9]+(?:[sdp][0-9]+)*", t)
        where = f": unexpected '{t[head.end():]}'" if head else ""
        raise ParseError(f"bad layer '{token.strip()}' in spec{where}; expected e.g. c3, c7s2, p3s2, c3d2, "
                         f"c3s2p1, c3*4 (c=conv, p=pool, then kernel, s=stride, d=dilation, p=padding, *=repeat)")
    kernel = _number(token, "kernel", m["k"], 1)
    opts: dict[str, int] = {}
    for key, value in _OPTION.findall(m["opts"]):
        if key in opts:
            raise ParseError(f"bad layer '{token.strip()}': {_NAMES[key]} given twice")
        opts[key] = _number(token, _NAMES[key], value, 0 if key == "p" else 1)
    repeat = _number(token, "repeat count", m["rep"], 1) if m["rep"] else 1
    if repeat > MAX_LAYERS:
        raise ParseError(f"bad layer '{token.strip()}': at most {MAX_LAYERS} layers")
    layer = Layer("conv" if m["op"] == "c" else "pool", kernel, opts.get("s", 1), opts.get("d", 1),
                  opts.get("p"), t.split("*")[0])
    if layer.op == "pool" and layer.pad * 2 > layer.span:
        raise ParseError(f"bad layer '{token.strip()}': pooling padding {layer.pad} is more than half the "
                         f"kernel extent {layer.span} (PyTorch refuses it)")
    return [layer] * repeat


def parse_spec(text: str) -> list[Layer]:
    """A whole spec such as 'c7s2,p3s2,c3,c3,c3d2' -> layers; empty or malformed specs raise ParseError."""
    tokens = [t for t in re.split(r"[,;\s]+", text.strip()) if t]
    if not tokens:
        raise ParseError("empty layer spec; expected e.g. c7s2,p3s2,c3,c3")
    layers: list[Layer] = []
    for token in tokens:
        layers.extend(parse_layer(token))
        if len(layers) > MAX_LAYERS:
            raise ParseError(f"layer spec too long: at most {MAX_LAYERS} layers")
    return layers


def output_size(n: int, layer: Layer) -> int:
    """Output length of a layer on n input units (floor mode, PyTorch's formula)."""
    return (n + 2 * layer.pad - layer.span) // layer.stride + 1


def spec_result(text: str, resolution: int | None = None) -> RFResult:
    """Walk a spec with the recurrence; with a resolution, also track map sizes and refuse impossible ones."""
    layers = parse_spec(text)
    f, size, stages = AxisField(), resolution, []
    counts: dict[str, int] = {}
    for layer in layers:
        if size is not None:
            new = output_size(size, layer)
            if new < 1:
                raise ShapeError(f"layer '{layer.text}' needs at least {layer.span - 2 * layer.pad} input "
                                 f"units but gets {size} at resolution {resolution}")
            size = new
        f = f.layer(layer.kernel, layer.stride, layer.pad, layer.dilation)
        counts[layer.text] = counts.get(layer.text, 0) + 1
        name = layer.text if counts[layer.text] == 1 else f"{layer.text}#{counts[layer.text]}"
        stages.append(Stage(name, layer.span, layer.stride, f.r, f.j, f.start,
                            (size, size) if size is not None else None))
    notes = []
    if resolution is not None and f.r > resolution:
        notes.append(f"the field ({f.r} px) is larger than the {resolution} px input: units see the whole "
                     f"image plus padding")
    return RFResult(text.strip(), "spec", f.r, f.j, f.start, False, stages, resolution=resolution,
                    final_layer=stages[-1].name, notes=notes)


def explain_steps(result: RFResult) -> list[tuple[str, str]]:
    """The recurrence applied stage by stage: (stage, 'r = r_prev + (k-1)·j_prev = r; j = j_prev·s = j')."""
    steps = [("input", "r = 1, jump j = 1, start = 0 (pixel centres at 0, 1, 2, …)")]
    r, j = 1, 1
    for s in result.stages:
        steps.append((s.name, f"r = {r} + ({s.kernel}−1)·{j} = {s.receptive_field};  "
                              f"j = {j}·{s.stride} = {s.jump};  start = {float(s.start):g}"))
        r, j = s.receptive_field, s.jump
    return steps


RECURRENCE = ("r_out = r_in + (k − 1)·d·j_in    j_out = j_in·s    start_out = start_in + ((k − 1)·d/2 − p)·j_in\n"
              "k kernel, s stride, d dilation, p left padding; for a stage, k is its effective kernel "
              "(r_out − r_in)/j_in + 1. Branches (residual add, concat) take the union (bounding box) of their fields.")
