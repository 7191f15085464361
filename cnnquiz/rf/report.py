"""Receptive-field reports: stages, final feature map and notes for a model, a module or a layer spec."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from cnnquiz import models
from cnnquiz.errors import CnnquizError, ShapeError, UsageError
from cnnquiz.models import user
from cnnquiz.models.published import default_resolution
from cnnquiz.rf import layout as L
from cnnquiz.rf import ops as R
from cnnquiz.rf.spec import AxisField, RFResult, Stage, looks_like_spec, spec_result
from cnnquiz.rf.walk import walk

MAX_RESOLUTION = 16384


def target_result(target: str, resolution: int | None = None, args: dict[str, Any] | None = None) -> RFResult:
    """A layer spec (c7s2,p3s2,...), a torchvision model name / alias, or a user's FILE:NAME built with args."""
    if resolution is not None and not 1 <= resolution <= MAX_RESOLUTION:
        raise UsageError(f"--resolution must be between 1 and {MAX_RESOLUTION}, got {resolution}")
    user.check_args_used([target], args or {})
    if models.is_user_model(target):
        return user_result(models.user_model(target, args), resolution)
    if looks_like_spec(target):
        return spec_result(target, resolution)
    return model_result(target, resolution)


def model_result(name: str, resolution: int | None = None) -> RFResult:
    """The receptive field of a torchvision model's final feature map, walked on its real graph."""
    real = models.resolve(name, paper=False)
    try:
        model = models.build(real, resolution=resolution)
    except (ValueError, AssertionError, RuntimeError) as exc:
        raise ShapeError(f"{real} cannot be built for a {resolution} px input: {_first_line(exc)}") from None
    built_for = getattr(model, "image_size", None)  # a weightless ViT is built for 224 whatever its weights use
    res = resolution or (built_for if isinstance(built_for, int) else default_resolution(real))
    result = module_result(model, res, target=name, model_name=real)
    result.notes.extend(_family_notes(real, model, result))
    _resnet_v1(real, res, result)
    return result


def user_result(ref: models.UserModel, resolution: int | None = None) -> RFResult:
    """The receptive field of a user's model (FILE:NAME), walked like a zoo model's; errors name file:line."""
    res = resolution or user.DEFAULT_RESOLUTION
    model = ref.build("meta")
    with ref.quiet():
        return _user_walk(ref, model, res)


def _user_walk(ref: models.UserModel, model: Any, res: int) -> RFResult:
    """Run the forward once (meta, else the CPU) so its errors are the user's, then walk it with torch.fx."""
    import torch

    doing = f"the forward pass on a 1×3×{res}×{res} input"
    try:
        with torch.no_grad():
            model(torch.empty(1, 3, res, res, device="meta"))
    except Exception:  # noqa: BLE001 - code that reads values cannot run on meta: the CPU reports real errors
        model = ref.build("cpu")
        with ref.blaming(doing, "fix forward, or give a --resolution it accepts"), torch.no_grad():
            model(torch.randn(1, 3, res, res))
    fix = "the receptive-field walk needs a forward torch.fx can trace (no Python if/for on tensor values)"
    with ref.blaming(f"tracing {ref.name}.forward with torch.fx", fix):
        try:
            return module_result(model, res, target=ref.label, model_name=ref.label)
        except ShapeError as exc:
            if exc.__context__ is None:
                raise
            raise exc.__context__ from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    return re.sub(r"\s*but got Proxy\([^)]*\)!?", "", first)  # fx asserts format a trace-time proxy


def _stage_prefixes(model: Any) -> list[str]:
    """Top-level children; a container holding most of the convolutions (features, trunk) is opened one level."""
    from torch import nn

    def convs(m: nn.Module) -> int:
        return sum(isinstance(x, nn.Conv2d) for x in m.modules())

    total = convs(model) or 1
    out: list[str] = []
    for name, child in model.named_children():
        if isinstance(child, (nn.Sequential, nn.ModuleList, nn.ModuleDict)) and len(child) > 1 \
                and 2 * convs(child) > total:
            out.extend(f"{name}.{n}" for n, _ in child.named_children())
        else:
            out.append(name)
    return out


def _stage_of(path: str, prefixes: list[str]) -> str | None:
    hits = [p for p in prefixes if path == p or path.startswith(p + ".")]
    return max(hits, key=len) if hits else None


def _windowed(model: Any, prefix: str) -> tuple[bool, bool]:
    """(has a convolution, has a pooling layer) inside a stage."""
    from torch import nn

    mods = list(model.get_submodule(prefix).modules())
    return (any(isinstance(m, nn.Conv2d) for m in mods),
            any(isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)) for m in mods))


def _stage(name: str, info: R.Spatial, prev: tuple[AxisField, AxisField]) -> Stage:
    a = 0 if info.axes[0].r >= info.axes[1].r else 1
    f, p = info.axes[a], prev[a]
    kernel = Fraction(f.r - p.r, p.j) + 1
    size = (L.axis_length(info.layout, 0), L.axis_length(info.layout, 1))
    hw = (info.axes[0].r, info.axes[1].r)
    return Stage(name, int(kernel) if kernel.denominator == 1 else round(kernel), f.j // p.j if f.j % p.j == 0 else 0,
                 f.r, f.j, f.start, size, _global(info.context), hw if hw[0] != hw[1] else None)


def _global(kinds: frozenset[str]) -> bool:
    return any(not k.startswith("layout:") for k in kinds)


def module_result(module: Any, resolution: int, target: str = "module", model_name: str | None = None) -> RFResult:
    """Walk any traceable module on a 1×3×R×R input and report per-stage and final fields."""
    try:
        log, out = walk(module, (1, 3, resolution, resolution))
    except (RuntimeError, ValueError, AssertionError, IndexError) as exc:
        raise ShapeError(f"{target} cannot run on a {resolution}×{resolution} input: {_first_line(exc)}") from None
    infos = [i for i in (out if isinstance(out, (tuple, list)) else [out]) if isinstance(i, (R.Spatial, R.Collapsed))]
    if not infos:
        raise CnnquizError(f"{target}: no output depends on the image positions")
    final = infos[0]
    source = final.source if isinstance(final, R.Collapsed) else final
    kinds = source.context | (final.context if isinstance(final, R.Collapsed) else frozenset())

    prefixes = _stage_prefixes(module)
    index = {name: (i, path) for i, (name, path, _) in enumerate(log.nodes)}
    last: dict[str, tuple[int, Any]] = {}
    for i, (_, path, info) in enumerate(log.nodes):
        stage = _stage_of(path, prefixes)
        if stage is not None:
            last[stage] = (i, info)
    mixing = {_stage_of(site, prefixes) for k, sites in log.sites.items() if not k.startswith("layout:")
              for site in sites}
    stages: list[Stage] = []
    at: list[int] = []
    prev = (AxisField(), AxisField())
    prev_global = False
    for name, (i, info) in last.items():
        if not isinstance(info, R.Spatial):
            continue
        if any(_windowed(module, name)) or name in mixing or info.axes != prev or \
                _global(info.context) != prev_global:
            stages.append(_stage(name, info, prev))
            at.append(i)
            prev, prev_global = info.axes, _global(info.context)
    if not stages:
        stages.append(_stage("output", source, (AxisField(), AxisField())))
        at.append(len(log.nodes) - 1)

    a = 0 if source.axes[0].r >= source.axes[1].r else 1
    f = source.axes[a]
    src_i, src_path = index.get(source.at, (len(log.nodes) - 1, ""))
    stage = _stage_of(src_path, prefixes)
    names = [s.name for s in stages]
    if stage is not None and stage not in names and _windowed(module, stage)[0]:
        stages.append(_stage(stage, source, prev))
        at.append(src_i)
        names.append(stage)
    final_layer = stage if stage in names else next(
        (s.name for s, i in zip(reversed(stages), reversed(at)) if i <= src_i), src_path or stages[-1].name)
    result = RFResult(target, "model", f.r, f.j, f.start, _global(kinds), stages, model=model_name,
                      resolution=resolution, final_layer=final_layer)
    result.notes.extend(_notes(module, result, source, kinds, log, final_layer, names))
    return result


def _notes(module: Any, result: RFResult, source: R.Spatial, kinds: frozenset[str], log: R.WalkLog,
           final_layer: str, names: list[str]) -> list[str]:
    notes: list[str] = []
    for kind in sorted(kinds):
        sites = log.sites.get(kind, [])
        first, n = (sites[0] if sites else "?"), len(sites)
        if kind == "se":
            notes.append(f"{n} squeeze-and-excitation block{'s' * (n != 1)} (first: {first}) average the whole "
                         f"map and rescale its channels, so from there on every unit also sees the whole image; "
                         f"the field shown is the convolutional path only.")
        elif kind == "attention":
            notes.append(f"self-attention ({n} site{'s' * (n != 1)}, first: {first}) mixes positions directly, "
                         f"so outputs see far beyond the convolutional field shown (global_context).")
        elif kind == "norm":
            notes.append(f"normalisation statistics over all positions (first: {first}) add global context.")
        elif kind.startswith("op:"):
            notes.append(f"'{kind[3:]}' (first: {first}) is not an op this walk understands; it is assumed to mix "
                         f"all positions.")
        elif kind.startswith("layout:"):
            notes.append(f"the spatial layout dissolves at {first} ({kind[7:]}); the field is that of the last "
                         f"map before it.")
    if final_layer in names:
        conv, pool = _windowed(module, final_layer) if final_layer in dict(module.named_modules()) else (True, False)
        if pool and not conv:
            last_conv = next((s for s in reversed(result.stages[:names.index(final_layer)])
                              if _windowed(module, s.name)[0]), None)
            if last_conv:
                notes.append(f"{final_layer} is a pooling layer; the last convolution before it ({last_conv.name}) "
                             f"has a {last_conv.receptive_field} px field.")
    if result.resolution and result.receptive_field > result.resolution:
        notes.append(f"the field ({result.receptive_field} px) is larger than the {result.resolution} px input: "
                     f"every final unit sees the whole image plus zero padding (the effective field is much "
                     f"smaller and roughly Gaussian).")
    h, w = L.axis_length(source.layout, 0), L.axis_length(source.layout, 1)
    notes.append(f"unit i of the final {h}×{w} map is centred on input pixel {float(result.start):g} + "
                 f"{result.jump}·i (pixel centres at 0, 1, …).")
    if source.axes[0] != source.axes[1]:
        notes.append(f"the axes differ: height {source.axes[0].r} px, width {source.axes[1].r} px.")
    return notes


def _family_notes(real: str, model: Any, result: RFResult) -> list[str]:
    fam = models.family(real)
    if fam == "vit":
        return [f"ViT cuts the image into {result.receptive_field}×{result.receptive_field} patches (conv_proj) "
                f"and its first self-attention layer mixes all tokens: every output sees the whole image."]
    if fam == "swin":
        window = next((list(m.window_size) for m in model.modules() if hasattr(m, "window_size")), None)
        last = result.stages[-1].size if result.stages else None
        shown = "×".join(map(str, window)) if window else "?"
        note = f"Swin attends inside shifted windows of {shown} tokens; patch merging doubles the token size " \
               f"every stage ({result.receptive_field} px tokens at the end)"
        if window and last and last[0] <= window[0] and last[1] <= window[1]:
            note += f", and at the last stage ({last[0]}×{last[1]} tokens) one window covers the whole image"
        return [note + "."]
    if fam == "maxvit":
        return ["MaxViT's grid attention mixes positions across the whole map in every block, so it is global "
                "from the first block; the field shown is the MBConv/convolution path."]
    return []


def _resnet_v1(real: str, res: int, result: RFResult) -> None:
    """torchvision ResNets are v1.5; rebuild with the stride on the first 1x1 (v1) and compare the fields."""
    if not models.has_variant(real, models.RESNET_V1):
        return
    v1 = module_result(models.build(real, resnet_v1=True), res, target=f"{real} (v1)")
    result.variants["v1_stride_on_1x1"] = v1.receptive_field
    ours = {s.name: s.receptive_field for s in result.stages}
    diffs = ", ".join(f"{s.name} {ours[s.name]} vs {s.receptive_field}" for s in v1.stages
                      if ours.get(s.name) not in (None, s.receptive_field))
    result.notes.append(
        f"torchvision's {real} is ResNet v1.5: the stride 2 of the first bottleneck in layer2–4 sits on its 3×3 "
        f"conv, which therefore still works on the finer grid. ResNet v1 (Caffe, TF-Slim tables) strides the first "
        f"1×1 conv instead, so that 3×3 already runs on the coarser grid and adds twice as much: "
        f"{v1.receptive_field} px instead of {result.receptive_field} px ({diffs}).")
