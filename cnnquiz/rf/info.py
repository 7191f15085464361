"""What the receptive-field walk carries per tensor (Spatial, Collapsed), how operands merge, and its log.

A tensor's info is a Spatial (layout atoms + per-axis AxisField + the kinds of global context mixed in),
a Collapsed (the spatial layout was pooled away or dissolved; remembers the last Spatial it came from),
None (constants, shapes, parameters), or a tuple of infos.  Branches merge by the union of their fields.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from cnnquiz.rf import layout as L
from cnnquiz.rf.spec import AxisField


@dataclass(frozen=True)
class Spatial:
    """A tensor that still has image positions: where they live, their fields, and global context seen."""

    layout: L.Layout
    axes: tuple[AxisField, AxisField]
    context: frozenset[str] = frozenset()
    at: str = ""
    fresh: frozenset[str] = frozenset()  # context kinds this very op added (logged as sites, then cleared)


@dataclass(frozen=True)
class Collapsed:
    """A tensor whose positions were pooled away (how='pool') or dissolved (how='mixed')."""

    source: Spatial
    how: str
    context: frozenset[str] = frozenset()
    fresh: frozenset[str] = frozenset()


@dataclass
class WalkLog:
    """What a walk saw: each top-level node's info and module path, context sites, ops it did not know."""

    nodes: list[tuple[str, str, Any]] = field(default_factory=list)
    sites: dict[str, list[str]] = field(default_factory=dict)
    unknown: Counter = field(default_factory=Counter)

    def site(self, kind: str, where: str) -> str:
        places = self.sites.setdefault(kind, [])
        if where not in places:
            places.append(where)
        return kind


def merge(infos: list[Any], extra: frozenset[str] = frozenset()) -> Any:
    """Combine operands: Spatials unite their fields, Collapsed ones add context, or stay Collapsed."""
    spatial = [i for i in infos if isinstance(i, Spatial)]
    collapsed = [i for i in infos if isinstance(i, Collapsed)]
    ctx = frozenset(extra).union(*(i.context for i in spatial), *(i.context for i in collapsed))
    if spatial:
        fed_back = frozenset("se" if c.how == "pool" else "attention" for c in collapsed)
        ctx = ctx.union(fed_back, *(c.source.context for c in collapsed))
        axes = tuple(AxisField.union([s.axes[a] for s in spatial]) for a in (0, 1))
        return Spatial(spatial[0].layout, axes, ctx, spatial[0].at, fed_back | extra)  # type: ignore[arg-type]
    if collapsed:
        last = collapsed[-1]
        return Collapsed(last.source, last.how, ctx, frozenset(extra))
    return None


def collapse(info: Any, how: str, kind: str | None = None) -> Any:
    """The value after its positions are pooled or mixed away; kind names context added on the way."""
    extra = frozenset({kind}) if kind else frozenset()
    if isinstance(info, Spatial):
        return Collapsed(info, how, extra if how == "mixed" else frozenset(), extra)
    if isinstance(info, Collapsed):
        return Collapsed(info.source, info.how, info.context | extra, extra)
    return None


def tensor_infos(values: Any, infos: Any) -> list[tuple[Any, Any]]:
    """Flatten args into (tensor, info) pairs for every tensor operand."""
    import torch

    out = []
    if isinstance(values, torch.Tensor):
        out.append((values, infos))
    elif isinstance(values, (list, tuple)):
        for v, i in zip(values, infos if isinstance(infos, (list, tuple)) else [infos] * len(values)):
            out.extend(tensor_infos(v, i))
    elif isinstance(values, dict):
        for k, v in values.items():
            out.extend(tensor_infos(v, (infos or {}).get(k)))
    return out


def pointwise(pairs: list[tuple[Any, Any]], result: Any, extra: frozenset[str] = frozenset()) -> Any:
    """Elementwise op with broadcasting: operands aligned to the result, fields united."""
    shape = tuple(result.shape)
    aligned = []
    for t, info in pairs:
        if isinstance(info, Spatial):
            lay = L.broadcast(info.layout, tuple(t.shape), shape)
            aligned.append(replace(info, layout=lay))
        else:
            aligned.append(info)
    layouts = {i.layout for i in aligned if isinstance(i, Spatial)}
    if len(layouts) > 1:
        return collapse(merge(aligned), "mixed", "layout:mismatched layouts")
    out = merge(aligned, extra)
    return out


def unknown(pairs: list[tuple[Any, Any]], result: Any, name: str, log: WalkLog | None = None) -> Any:
    """An op we cannot read: if it touched positions, assume it mixed them all (and say so)."""
    import torch

    if isinstance(result, (list, tuple)):
        return tuple(unknown(pairs, r, name, log) for r in result)
    if not isinstance(result, torch.Tensor):
        return None
    infos = [i for _, i in pairs if i is not None]
    if not infos:
        return None
    attention = "attention" in name.lower()
    if log is not None and not attention and any(isinstance(i, Spatial) for i in infos):
        log.unknown[name] += 1
    kind = "attention" if attention else f"op:{name}"
    for t, info in pairs:
        if isinstance(info, Spatial) and tuple(t.shape) == tuple(result.shape):
            return replace(merge(infos), context=merge(infos).context | {kind}, fresh=frozenset({kind}))
    return collapse(merge(infos), "mixed", kind)
