"""Per-module summary of a model (`cnnquiz summary`): output, params, MACs, shares, activations, receptive field and jump.

One plain forward pass on a 1×3×R×R input counts everything the way compare's profile does: MACs from
FlopCounterMode per module path (calc.counting), activation bytes from the same leaf hooks as
calc.profile, parameters by numel; a torch.fx walk (cnnquiz.rf) gives the receptive field and jump at
each module's output. Zoo models are built on the meta device and cached (cnnquiz.cache) with every
module of the tree, so any --depth reads the same entry; users' own models (FILE:NAME) are measured
every time, never cached (their file can change, and so can whatever it imports).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from itertools import chain
from typing import TYPE_CHECKING, Any

from cnnquiz import cache, models
from cnnquiz.calc import counting
from cnnquiz.calc import profile as P
from cnnquiz.errors import ShapeError
from cnnquiz.models import catalog, user

if TYPE_CHECKING:
    from torch import nn

CACHE_PREFIX = "summary-"


@dataclass(frozen=True)
class Row:
    """One module of the tree: its output and what it holds and costs (shares are of the model's totals)."""

    name: str  # dotted path, e.g. layer3.0.conv2
    type: str
    output: tuple[int, ...] | None  # None: not called, or no tensor out
    params: int
    macs: int
    activation_bytes: int
    receptive_field: int | None  # None: positions pooled away (pooled) or no field known
    jump: int | None
    pooled: bool = False  # the output has no image positions left (after global pooling / flatten)

    @property
    def depth(self) -> int:
        return self.name.count(".") + 1


@dataclass(frozen=True)
class Totals:
    """The whole model's numbers, equal to compare's profile of it."""

    params: int
    macs: int
    flops: int
    activation_bytes: int
    receptive_field: int | None
    jump: int | None
    global_context: bool
    depth: int  # conv + linear layers


@dataclass(frozen=True)
class ModelSummary:
    """Every module of a model (tree order) with the default rows (its stages) and the totals."""

    model: str
    display: str
    family: str
    resolution: int
    rows: tuple[Row, ...]
    stages: tuple[str, ...]
    totals: Totals
    notes: tuple[str, ...] = ()

    def select(self, depth: int | None = None) -> list[Row]:
        """The rows to depth N (1 = the model's children), or by default the stages/blocks and their parents."""
        if depth is not None:
            return [r for r in self.rows if r.depth <= depth]
        keep = {".".join(s.split(".")[:i]) for s in self.stages for i in range(1, s.count(".") + 2)}
        return [r for r in self.rows if r.name in keep]

    def share(self, row: Row, key: str) -> float:
        total = getattr(self.totals, key)
        return getattr(row, key) / total if total else 0.0

    def to_json(self, depth: int | None = None) -> dict[str, Any]:
        rows = [{"name": r.name, "type": r.type, "output": list(r.output) if r.output else None,
                 "params": r.params, "macs": r.macs, "params_share": round(self.share(r, "params"), 6),
                 "macs_share": round(self.share(r, "macs"), 6), "activation_bytes": r.activation_bytes,
                 "receptive_field": r.receptive_field, "jump": r.jump} for r in self.select(depth)]
        t = self.totals
        return {"model": self.model, "resolution": self.resolution, "rows": rows,
                "totals": {"params": t.params, "macs": t.macs, "flops": t.flops,
                           "activation_bytes": t.activation_bytes, "receptive_field": t.receptive_field,
                           "jump": t.jump, "global_context": t.global_context}}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelSummary:
        rows = tuple(Row(**{**r, "output": tuple(r["output"]) if r["output"] else None}) for r in data["rows"])
        return cls(data["model"], data["display"], data["family"], int(data["resolution"]), rows,
                   tuple(data["stages"]), Totals(**data["totals"]), tuple(data["notes"]))

    def profile(self) -> P.ModelProfile:
        """compare's profile of the same model (the totals)."""
        t = self.totals
        return P.ModelProfile(self.model, self.family, self.resolution, t.params, t.macs, t.flops,
                              t.activation_bytes, t.depth, t.receptive_field, t.global_context)


def _shape(out: Any) -> tuple[int, ...] | None:
    import torch

    for t in (out if isinstance(out, (tuple, list)) else (out,)):
        if isinstance(t, torch.Tensor):
            return tuple(int(n) for n in t.shape)
    return None


def _input(model: nn.Module, resolution: int) -> Any:
    """The 1×3×R×R input on the model's device: empty on meta, seeded noise on the CPU (code may read values)."""
    import torch

    device = next((t.device for t in chain(model.parameters(), model.buffers())), torch.device("meta"))
    if device.type == "meta":
        return torch.empty(1, 3, resolution, resolution, device="meta")
    return torch.randn(1, 3, resolution, resolution, generator=torch.Generator().manual_seed(0))


def forward_pass(model: nn.Module, resolution: int) -> tuple[dict[str, Any], dict[str, int], dict[str, int], int]:
    """One eval-mode forward: output shape per module path, FLOPs per path, activation bytes per leaf, total FLOPs."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    counting.speed_up_flop_counter()
    shapes: dict[str, Any] = {}
    by_leaf: dict[str, int] = {}

    def hook_for(name: str) -> Any:
        return lambda _m, _i, out: shapes.__setitem__(name, _shape(out))

    handles = [m.register_forward_hook(hook_for(n)) for n, m in model.named_modules() if n]
    _, leaf_handles = P._track_activations(model, by_leaf)
    counter = FlopCounterMode(display=False)
    try:
        with torch.no_grad(), counter:
            model(_input(model, resolution))
    finally:
        for h in [*handles, *leaf_handles]:
            h.remove()
    root = type(model).__name__ + "."
    flops = {k[len(root):]: sum(v.values()) for k, v in counter.get_flop_counts().items() if k.startswith(root)}
    return shapes, flops, by_leaf, counter.get_total_flops()


def _field(info: Any) -> tuple[int, int] | None:
    """(receptive field, jump) of a walk info: the larger axis of a tensor that still has positions."""
    from cnnquiz.rf.info import Spatial

    if isinstance(info, (tuple, list)):
        info = next((i for i in info if isinstance(i, Spatial)), None)
    if not isinstance(info, Spatial):
        return None
    f = info.axes[0] if info.axes[0].r >= info.axes[1].r else info.axes[1]
    return f.r, f.j


def fields(model: nn.Module, resolution: int) -> tuple[dict[str, tuple[int, int] | None], tuple[Any, ...], str]:
    """Receptive field and jump at every module's output, the final map's (rf, jump, global context) and a note
    (empty unless torch.fx could not trace the model, when no field is known)."""
    from cnnquiz.rf.info import Collapsed, Spatial
    from cnnquiz.rf.walk import walk

    try:
        log, out = walk(model, (1, 3, resolution, resolution))
    except Exception as exc:  # noqa: BLE001 - an untraceable forward still gets every other column
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return {}, (None, None, False), f"no receptive fields: torch.fx cannot trace this forward ({first[:120]})"
    last: dict[str, Any] = {}
    for _, path, info in log.nodes:
        parts = path.split(".") if path else []
        for i in range(1, len(parts) + 1):
            last[".".join(parts[:i])] = info
    found = {p: _field(info) for p, info in last.items()}
    infos = [i for i in (out if isinstance(out, (tuple, list)) else [out]) if isinstance(i, (Spatial, Collapsed))]
    if not infos:
        return found, (None, None, False), ""
    source = infos[0].source if isinstance(infos[0], Collapsed) else infos[0]
    kinds = source.context | (infos[0].context if isinstance(infos[0], Collapsed) else frozenset())
    rf, jump = _field(source) or (None, None)
    return found, (rf, jump, any(not k.startswith("layout:") for k in kinds)), ""


def measure(model: nn.Module, name: str, display: str, family: str, resolution: int) -> ModelSummary:
    """Summarise a built model (meta or CPU) at one resolution."""
    from cnnquiz.rf.report import _stage_prefixes

    shapes, flops, by_leaf, total_flops = forward_pass(model, resolution)
    found, (rf, jump, global_context), note = fields(model, resolution)
    rows = []
    for path, m in model.named_modules():
        if not path:
            continue
        inside = [n for n in by_leaf if n == path or n.startswith(path + ".")]
        field = found.get(path)
        rows.append(Row(path, type(m).__name__, shapes.get(path), counting.param_count(m), flops.get(path, 0) // 2,
                        sum(by_leaf[n] for n in inside), field[0] if field else None, field[1] if field else None,
                        pooled=path in found and field is None))
    totals = Totals(counting.param_count(model), total_flops // 2, total_flops, sum(by_leaf.values()), rf, jump,
                    global_context, P.depth(model))
    return ModelSummary(name, display, family, resolution, tuple(rows), tuple(_stage_prefixes(model)), totals,
                        (note,) if note else ())


def zoo_summary(name: str, resolution: int | None = None, use_cache: bool = True) -> ModelSummary:
    """A registered model's summary (name or alias; default resolution: its own), cached like compare's profiles."""
    real = models.resolve(name)
    res = catalog.catalog()[real].resolution if resolution is None else int(resolution)
    if res <= 0:
        raise ShapeError(f"resolution must be a positive integer, got {res}")
    key = f"{CACHE_PREFIX}{real}@{res}"
    if use_cache:
        data = cache.read(key)
        if isinstance(data, dict) and data.get("model") == real:
            try:
                return ModelSummary.from_dict(data)
            except (KeyError, TypeError, ValueError):
                pass
    with P._gc_paused():
        try:
            model = models.build(real, resolution=res)
        except (AssertionError, ValueError) as exc:
            raise ShapeError(f"{real} cannot run at {res}×{res}: {exc}") from None
        P._cheap_batchnorm(model)
        try:
            result = measure(model, real, models.display_name(real), catalog.catalog()[real].family, res)
        except (RuntimeError, AssertionError, ValueError) as exc:
            raise ShapeError(f"{real} cannot run at {res}×{res}: {str(exc).splitlines()[0]}") from None
    cache.write(key, result.to_dict())
    return result


def user_summary(ref: user.UserModel, resolution: int | None = None) -> ModelSummary:
    """A user's model: built and run on the meta device, or, when its code needs real values, on the CPU."""
    res = user.DEFAULT_RESOLUTION if resolution is None else int(resolution)
    if res <= 0:
        raise ShapeError(f"resolution must be a positive integer, got {res}")
    model = ref.build("meta")
    P._cheap_batchnorm(model)
    try:
        with ref.quiet():
            return measure(model, ref.label, ref.label, user.FAMILY, res)
    except Exception:  # noqa: BLE001 - e.g. `if x.sum() > 0` needs values: the CPU run reports real errors
        pass
    model = ref.build("cpu")
    with ref.blaming(f"the forward pass on a 1×3×{res}×{res} input",
                     "fix forward, or give a --resolution it accepts"), ref.quiet():
        return measure(model, ref.label, ref.label, user.FAMILY, res)


def summarize(name: str, resolution: int | None = None, args: dict[str, Any] | None = None,
              use_cache: bool = True) -> ModelSummary:
    """The summary of a registered model or of a user's FILE:NAME (built with args)."""
    user.check_args_used([name], args or {})
    if models.is_user_model(name):
        return user_summary(models.user_model(name, args), resolution)
    return zoo_summary(name, resolution, use_cache)


def user_profile(ref: user.UserModel, resolution: int | None = None) -> P.ModelProfile:
    """compare's profile of a user's model: the totals of its summary (never cached)."""
    return replace(user_summary(ref, resolution).profile(), name=ref.label)
