"""Receptive-field rules per op for the graph walk: what each torch op does to a tensor's field and layout."""

from __future__ import annotations

import operator
from dataclasses import replace
from typing import Any

from cnnquiz.rf import layout as L
from cnnquiz.rf.info import Collapsed, Spatial, WalkLog, collapse, merge, pointwise, tensor_infos, unknown
from cnnquiz.rf.spec import AxisField

__all__ = ["Collapsed", "Spatial", "WalkLog", "collapse", "merge", "pointwise", "tensor_infos", "unknown"]


def reshaped(info: Any, result: Any) -> Any:
    """view / reshape / flatten / squeeze / unsqueeze: re-cut the atoms; if impossible, the layout is lost."""
    if not isinstance(info, Spatial):
        return info
    lay = L.reshape(info.layout, tuple(result.shape))
    return collapse(info, "mixed", "layout:reshape") if lay is None else replace(info, layout=lay)


def resized(info: Any, result: Any, kind: str = "layout:resize of positions") -> Any:
    """An op that changed only non-spatial dim sizes (channels); spatial changes count as mixing."""
    if not isinstance(info, Spatial):
        return info
    lay = L.with_shape(info.layout, tuple(result.shape))
    return replace(info, layout=lay) if lay is not None else collapse(info, "mixed", kind)


def window(info: Any, result: Any, kernel, stride, padding, dilation=1, what: str = "conv") -> Any:
    """Convolution or pooling on the last two dims."""
    if not isinstance(info, Spatial):
        return info
    if not L.conv_ready(info.layout):
        return collapse(info, "mixed", f"layout:{what} on re-arranged positions")
    k, s, p, d = (_pair(v) for v in (kernel, stride if stride not in (None, ()) else kernel, padding, dilation))
    if isinstance(padding, str):
        p = (0, 0) if padding == "valid" else tuple((kk - 1) * dd // 2 for kk, dd in zip(k, d))
    axes = tuple(info.axes[a].layer(k[a], s[a], p[a], d[a]) for a in (0, 1))
    *rest, h, w = (int(n) for n in result.shape)
    layout = L.plain(rest) + (L.normalize([(0, h, 1)]), L.normalize([(1, w, 1)]))
    return Spatial(layout, axes, info.context)  # type: ignore[arg-type]


def _pair(v: Any) -> tuple[int, int]:
    if isinstance(v, str):
        return (0, 0)
    if isinstance(v, (list, tuple)):
        return (int(v[0]), int(v[-1]))
    return (int(v), int(v))


def _dims(arg: Any, ndim: int) -> list[int]:
    items = arg if isinstance(arg, (list, tuple)) else [arg]
    return [int(d) % ndim for d in items]


def reduce(info: Any, t: Any, result: Any, dims: Any, keepdim: bool) -> Any:
    """mean/sum/amax over dims: reducing spatial dims is global pooling."""
    if not isinstance(info, Spatial):
        return info
    nd = len(info.layout)
    ds = list(range(nd)) if dims is None else _dims(dims, nd)
    if any(L.is_spatial(info.layout[d]) for d in ds):
        return collapse(info, "pool")
    if keepdim:
        return replace(info, layout=tuple(() if i in ds else dim for i, dim in enumerate(info.layout)))
    return replace(info, layout=tuple(dim for i, dim in enumerate(info.layout) if i not in ds))


def softmax(info: Any, t: Any, dim: Any) -> Any:
    """Softmax over a dim: over positions it is attention-like mixing."""
    if isinstance(info, Spatial) and L.is_spatial(info.layout[int(dim) % t.dim()]):
        return replace(info, context=info.context | {"attention"}, fresh=frozenset({"attention"}))
    if isinstance(info, Collapsed):
        return collapse(info, info.how, "attention")
    return info


def einsum(equation: str, pairs: list[tuple[Any, Any]], result: Any) -> Any:
    """einsum (and matmul through it): output letters take their atoms; contracting positions mixes them."""
    eq = equation.replace(" ", "")
    if "..." in eq or "->" not in eq:
        return unknown(pairs, result, "einsum")
    ins, out = eq.split("->")
    subs = ins.split(",")
    infos = [i for _, i in pairs]
    if not any(isinstance(i, Spatial) for i in infos):
        mixing = any(isinstance(i, Collapsed) for i in infos)
        return collapse(merge(infos), "mixed", "attention") if mixing else None
    extra: set[str] = set()
    dims: list[L.Dim] = []
    for letter in out:
        found: L.Dim | None = None
        for (t, info), sub in zip(pairs, subs):
            if letter in sub and isinstance(info, Spatial) and int(t.shape[sub.index(letter)]) > 1:
                found = info.layout[sub.index(letter)]
                break
        dims.append(found if found is not None else L.normalize([(None, int(result.shape[len(dims)]), 1)]))
    for (_, info), sub in zip(pairs, subs):
        if isinstance(info, Spatial):
            if any(L.is_spatial(info.layout[i]) for i, c in enumerate(sub) if c not in out):
                extra.add("attention")
        elif isinstance(info, Collapsed):
            extra.add("attention")
    spatial = [i for i in infos if isinstance(i, Spatial)]
    axes = tuple(AxisField.union([s.axes[a] for s in spatial]) for a in (0, 1))
    ctx = frozenset(extra).union(*(s.context for s in spatial))
    return Spatial(tuple(dims), axes, ctx, fresh=frozenset(extra))  # type: ignore[arg-type]


def matmul(pairs: list[tuple[Any, Any]], result: Any) -> Any:
    (a, ia), (b, ib) = pairs
    if a.dim() < 2 or b.dim() < 2:
        return unknown(pairs, result, "matmul")
    letters = "abcdefghijklmnopqrstuvw"
    nb = max(a.dim(), b.dim()) - 2
    batch = letters[:nb]
    sa = batch[nb - (a.dim() - 2):] + "xy"
    sb = batch[nb - (b.dim() - 2):] + "yz"
    return einsum(f"{sa},{sb}->{batch}xz", [(a, ia), (b, ib)], result)


def getitem(t: Any, info: Any, index: Any, result: Any) -> Any:
    """Tensor indexing: strided slices of an image axis move and spread the grid; others keep it."""
    import torch

    if not isinstance(info, Spatial):
        return info
    idx = list(index) if isinstance(index, tuple) else [index]
    if any(isinstance(i, (torch.Tensor, list)) or i is True or i is False for i in idx):
        return resized(info, result, "layout:advanced indexing")
    if Ellipsis in idx:
        at = idx.index(Ellipsis)
        fill = t.dim() - sum(1 for i in idx if i is not None and i is not Ellipsis)
        idx = idx[:at] + [slice(None)] * fill + idx[at + 1:]
    idx += [slice(None)] * (t.dim() - sum(1 for i in idx if i is not None))
    axes = list(info.axes)
    dims: list[L.Dim] = []
    src = 0
    for item in idx:
        if item is None:
            dims.append(())
            continue
        dim, n = info.layout[src], int(t.shape[src])
        src += 1
        if isinstance(item, int):
            if L.is_spatial(dim):
                return collapse(info, "mixed", "layout:indexing a single position")
            continue
        start, stop, step = item.indices(n)
        length = len(range(start, stop, step))
        if not L.is_spatial(dim):
            dims.append(L.normalize([(None, length, 1)]))
            continue
        axis = dim[0][0]
        if not L.clean(info.layout, src - 1, axis):  # type: ignore[arg-type]
            return collapse(info, "mixed", "layout:slicing a re-arranged axis")
        axes[axis] = axes[axis].shifted(start).strided(step)  # type: ignore[index]
        dims.append(L.normalize([(axis, length, 1)]))
    return Spatial(tuple(dims), tuple(axes), info.context)  # type: ignore[arg-type]


def pad(info: Any, t: Any, amounts: Any, result: Any) -> Any:
    """F.pad: left padding of an image axis shifts unit 0 back by that many positions."""
    if not isinstance(info, Spatial):
        return info
    axes = list(info.axes)
    layout = list(info.layout)
    nd = t.dim()
    for i in range(len(amounts) // 2):
        d = nd - 1 - i
        left = int(amounts[2 * i])
        n = int(result.shape[d])
        if L.is_spatial(layout[d]):
            axis = layout[d][0][0]
            if not L.clean(info.layout, d, axis):
                return collapse(info, "mixed", "layout:padding a re-arranged axis")
            axes[axis] = axes[axis].shifted(-left)
            layout[d] = L.normalize([(axis, n, 1)])
        else:
            layout[d] = L.normalize([(None, n, 1)])
    return Spatial(tuple(layout), tuple(axes), info.context)  # type: ignore[arg-type]


def concat(pairs: list[tuple[Any, Any]], result: Any, dim: int, new: bool) -> Any:
    """cat / stack: along channels the branches' fields unite; along positions the layout is lost."""
    nd = result.dim()
    d = dim % nd
    infos = []
    for t, info in pairs:
        if isinstance(info, Spatial):
            lay = list(info.layout)
            if new:
                lay.insert(d, ())
            elif L.is_spatial(lay[d]):
                return collapse(merge([i for _, i in pairs]), "mixed", "layout:concatenation along positions")
            lay[d] = L.normalize([(None, int(result.shape[d]), 1)])
            info = replace(info, layout=tuple(lay))
        infos.append(info)
    layouts = {i.layout for i in infos if isinstance(i, Spatial)}
    if len(layouts) > 1:
        return collapse(merge(infos), "mixed", "layout:mismatched layouts")
    return merge(infos)


def split(info: Any, t: Any, results: Any, dim: int) -> Any:
    """chunk / split / unbind along a non-spatial dim: every piece keeps the field."""
    if not isinstance(info, Spatial):
        return tuple(info for _ in results)
    if L.is_spatial(info.layout[dim % t.dim()]):
        return tuple(collapse(info, "mixed", "layout:split along positions") for _ in results)
    return tuple(resized(info, r, "layout:split") for r in results)


BINARY = {operator.add, operator.sub, operator.mul, operator.truediv, operator.iadd, operator.isub,
          operator.imul, operator.itruediv, operator.neg, operator.pow}
POINTWISE_NAMES = {
    "add", "sub", "mul", "div", "true_divide", "add_", "sub_", "mul_", "div_", "relu", "relu_", "relu6",
    "sigmoid", "sigmoid_", "tanh", "tanh_", "clamp", "clamp_", "clamp_min", "clamp_max", "contiguous",
    "clone", "float", "double", "half", "to", "type_as", "detach", "exp", "sqrt", "rsqrt", "pow", "neg",
    "abs", "silu", "gelu", "hardswish", "hardsigmoid", "leaky_relu", "elu", "selu", "mish", "softplus",
    "dropout", "dropout1d", "dropout2d", "alpha_dropout", "batch_norm", "hardtanh", "erf", "maximum",
    "minimum", "stochastic_depth", "masked_fill", "where", "sign", "log", "sin", "cos", "square",
}
POINTWISE_MODULES = {
    "ReLU", "ReLU6", "LeakyReLU", "PReLU", "SiLU", "GELU", "Hardswish", "Hardsigmoid", "Sigmoid", "Tanh", "ELU",
    "SELU", "CELU", "Mish", "Softplus", "Hardtanh", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d",
    "AlphaDropout", "Identity", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "SyncBatchNorm",
    "LocalResponseNorm", "FrozenBatchNorm2d", "StochasticDepth",
}


def linear(info: Any, result: Any) -> Any:
    """nn.Linear acts on the last dim: pointwise over positions, unless positions live in that dim."""
    if not isinstance(info, Spatial):
        return collapse(info, info.how) if isinstance(info, Collapsed) else info
    if not L.is_spatial(info.layout[-1]):
        return resized(info, result)
    rest = any(L.is_spatial(d) for d in info.layout[:-1])
    return collapse(info, "mixed", "layout:linear over positions") if rest else collapse(info, "pool")


def norm(info: Any, ndims: int) -> Any:
    """A normalisation over the last ndims dims: statistics over positions are global context."""
    if isinstance(info, Spatial) and any(L.is_spatial(d) for d in info.layout[-ndims:]):
        return replace(info, context=info.context | {"norm"}, fresh=frozenset({"norm"}))
    return info


def unbind(info: Any, t: Any, results: Any, dim: int) -> Any:
    """unbind: every slice loses the dim (fine unless it held positions)."""
    d = dim % t.dim()
    if isinstance(info, Spatial):
        if L.is_spatial(info.layout[d]):
            return tuple(collapse(info, "mixed", "layout:unbind along positions") for _ in results)
        lay = tuple(x for i, x in enumerate(info.layout) if i != d)
        return tuple(replace(info, layout=lay) for _ in results)
    return tuple(info for _ in results)
