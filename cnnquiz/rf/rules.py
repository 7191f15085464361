"""What each op the walk meets does to a tensor's field: leaf modules by type, functions and methods by name.

function_rule runs a call through named steps: indexing, then ops that leave positions alone (no image
operand, pointwise maths, layout ops on non-spatial tensors), then one rule per op name from
FUNCTION_RULES. An op no rule knows returns UNRULED; the walk then traces into it or marks it unknown.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from cnnquiz.rf import layout as L
from cnnquiz.rf import ops as R

REDUCTIONS = {"mean", "sum", "amax", "amin", "logsumexp", "std", "var", "max", "min", "prod"}
RESHAPES = {"flatten", "view", "reshape", "unflatten", "squeeze", "unsqueeze", "view_as", "reshape_as",
            "squeeze_", "unsqueeze_"}
EXPANDS = {"expand", "expand_as", "broadcast_to"}
PERMUTES = {"permute", "transpose", "swapaxes", "swapdims", "t"}
LAYOUT_OPS = RESHAPES | EXPANDS | PERMUTES
ATTENTION_MODULES = {"MultiheadAttention"}
UNRULED = object()  # function_rule's answer for an op it has no rule for


def has_tensor(value: Any) -> bool:
    import torch

    if isinstance(value, torch.Tensor):
        return True
    return isinstance(value, (list, tuple)) and any(has_tensor(v) for v in value)


def module_rule(mod: Any, args: tuple, iargs: tuple, result: Any, log: R.WalkLog) -> Any:
    """Field info after a leaf module (torch.nn layers; torchvision blocks are traced through)."""
    from torch import nn

    x, ix = args[0] if args else None, iargs[0] if iargs else None
    if isinstance(mod, nn.Conv2d):
        return R.window(ix, result, mod.kernel_size, mod.stride, mod.padding, mod.dilation)
    if isinstance(mod, nn.MaxPool2d):
        return R.window(ix, result, mod.kernel_size, mod.stride, mod.padding, mod.dilation)
    if isinstance(mod, nn.AvgPool2d):
        return R.window(ix, result, mod.kernel_size, mod.stride, mod.padding)
    if isinstance(mod, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
        out = R.collapse(ix, "pool")
        return (out, out) if isinstance(result, tuple) else out
    if isinstance(mod, nn.Linear):
        return R.linear(ix, result)
    if isinstance(mod, nn.LayerNorm):
        return R.norm(ix, len(mod.normalized_shape))
    if isinstance(mod, (nn.GroupNorm, nn.InstanceNorm1d, nn.InstanceNorm2d)):
        return R.norm(ix, x.dim() - 1)
    if isinstance(mod, (nn.Flatten, nn.Unflatten)):
        return R.reshaped(ix, result)
    if isinstance(mod, nn.Softmax):
        return R.softmax(ix, x, mod.dim if mod.dim is not None else -1)
    if type(mod).__name__ in R.POINTWISE_MODULES:
        return R.pointwise(R.tensor_infos(list(args), list(iargs)), result)
    if type(mod).__name__ in ATTENTION_MODULES:
        return R.unknown(R.tensor_infos(list(args), list(iargs)), result, "attention")
    return R.unknown(R.tensor_infos(list(args), list(iargs)), result, type(mod).__name__, log)


@dataclass
class Call:
    """One call_function / call_method node: the op, its values, and the field infos of those values."""

    target: Any
    name: str
    args: tuple
    kwargs: dict
    iargs: tuple
    ikwargs: dict
    result: Any

    def arg(self, i: int, key: str, default: Any = None) -> Any:
        """Argument i, else keyword key."""
        return self.args[i] if len(self.args) > i else self.kwargs.get(key, default)

    def info(self, i: int, key: str, default: Any = None) -> Any:
        """The field info of argument i (or keyword key)."""
        return self.iargs[i] if len(self.iargs) > i else self.ikwargs.get(key, default)

    @property
    def x(self) -> Any:
        return self.arg(0, "input")

    @property
    def ix(self) -> Any:
        return self.info(0, "input")

    @cached_property
    def pairs(self) -> list[tuple[Any, Any]]:
        """(tensor, info) for every tensor operand, positional then keyword."""
        return R.tensor_infos(list(self.args), list(self.iargs)) + R.tensor_infos(self.kwargs, self.ikwargs)

    @property
    def first_result(self) -> Any:
        return self.result[0] if isinstance(self.result, tuple) else self.result

    def like_result(self, info: Any) -> Any:
        """info, twice when the op returns a pair (values and indices)."""
        return (info, info) if isinstance(self.result, tuple) else info


def function_rule(target: Any, name: str, args: tuple, kwargs: dict, iargs: tuple, ikwargs: dict,
                  result: Any) -> Any:
    """Field info after a call_function / call_method node, by the op's name; UNRULED for ops no rule knows."""
    call = Call(target, name, args, kwargs, iargs, ikwargs, result)
    if target is operator.getitem:
        return _getitem(call)
    if not has_tensor(result) or all(i is None for _, i in call.pairs):
        return None  # a shape, a constant, or an op on parameters only
    name = _canonical(call)
    if target in R.BINARY or name in R.POINTWISE_NAMES:
        return R.pointwise(call.pairs, result)
    if name in LAYOUT_OPS and not isinstance(call.ix, R.Spatial):
        return call.ix  # re-arranging a tensor without image positions
    rule = FUNCTION_RULES.get(name)
    return rule(call) if rule is not None else UNRULED


def _canonical(call: Call) -> str:
    """The op's name, with max/min of two tensors read as the elementwise maximum."""
    if call.name in ("max", "min") and len(call.args) > 1 and _is_tensor(call.args[1]):
        return "maximum"
    return call.name


def _is_tensor(value: Any) -> bool:
    import torch

    return isinstance(value, torch.Tensor)


def _getitem(call: Call) -> Any:
    """Indexing a tensor (slices of positions) or picking one element of a tuple of infos."""
    x, ix, index = call.args[0], call.iargs[0], call.args[1]
    if _is_tensor(x):
        return R.getitem(x, ix, index, call.result)
    if isinstance(ix, (tuple, list)) and isinstance(index, (int, slice)):
        return ix[index]
    return None


def _conv2d(call: Call) -> Any:
    return R.window(call.ix, call.result, tuple(call.args[1].shape[-2:]), call.arg(3, "stride", 1),
                    call.arg(4, "padding", 0), call.arg(5, "dilation", 1))


def _pool2d(call: Call) -> Any:
    dilation = call.arg(4, "dilation", 1) if "max" in call.name else 1
    out = R.window(call.ix, call.first_result, call.arg(1, "kernel_size"), call.arg(2, "stride"),
                   call.arg(3, "padding", 0), dilation)
    return call.like_result(out)


def _adaptive_pool2d(call: Call) -> Any:
    return R.collapse(call.ix, "pool")


def _reduction(call: Call) -> Any:
    first = call.first_result
    out = R.reduce(call.ix, call.x, first, call.arg(1, "dim"), first.dim() == call.x.dim())
    return call.like_result(out)


def _reshape(call: Call) -> Any:
    return R.reshaped(call.ix, call.result)


def _expand(call: Call) -> Any:
    ix = call.ix
    return replace(ix, layout=L.broadcast(ix.layout, tuple(call.x.shape), tuple(call.result.shape)))


def _permute(call: Call) -> Any:
    args, nd = call.args, call.x.dim()
    order = list(range(nd))
    if call.name == "permute":
        dims = args[1] if len(args) == 2 and isinstance(args[1], (list, tuple)) else args[1:] or call.kwargs["dims"]
        order = [int(d) % nd for d in dims]
    else:
        a, b = (0, 1) if call.name == "t" else (int(args[1]) % nd, int(args[2]) % nd)
        order[a], order[b] = order[b], order[a]
    return replace(call.ix, layout=L.permute(call.ix.layout, order))


def _concat(call: Call) -> Any:
    tensors, infos = call.arg(0, "tensors"), call.info(0, "tensors")
    return R.concat(R.tensor_infos(tensors, infos), call.result, int(call.arg(1, "dim", 0)), new=call.name == "stack")


def _split(call: Call) -> Any:
    return R.split(call.ix, call.x, call.result, int(call.arg(2, "dim", 0)))


def _unbind(call: Call) -> Any:
    return R.unbind(call.ix, call.x, call.result, int(call.arg(1, "dim", 0)))


def _softmax(call: Call) -> Any:
    return R.softmax(call.ix, call.x, call.arg(1, "dim"))


def _einsum(call: Call) -> Any:
    args, iargs = call.args, call.iargs
    listed = len(args) == 2 and isinstance(args[1], (list, tuple))
    ops = list(args[1]) if listed else list(args[1:])
    iops = list(iargs[1]) if listed else list(iargs[1:])
    return R.einsum(args[0], R.tensor_infos(ops, iops), call.result)


def _matmul(call: Call) -> Any:
    return R.matmul(call.pairs[:2], call.result)


def _linear(call: Call) -> Any:
    return R.linear(call.ix, call.result)


def _layer_norm(call: Call) -> Any:
    shape = call.arg(1, "normalized_shape")
    return R.norm(call.ix, len(shape) if isinstance(shape, (list, tuple)) else 1)


def _group_norm(call: Call) -> Any:
    return R.norm(call.ix, call.x.dim() - 1)


def _pad(call: Call) -> Any:
    return R.pad(call.ix, call.x, call.arg(1, "pad"), call.result)


_RULES: tuple[tuple[frozenset[str] | set[str], Callable[[Call], Any]], ...] = (
    (frozenset({"conv2d"}), _conv2d),
    (frozenset({"max_pool2d", "max_pool2d_with_indices", "avg_pool2d"}), _pool2d),
    (frozenset({"adaptive_avg_pool2d", "adaptive_max_pool2d"}), _adaptive_pool2d),
    (REDUCTIONS, _reduction),
    (RESHAPES, _reshape),
    (EXPANDS, _expand),
    (PERMUTES, _permute),
    (frozenset({"cat", "concat", "concatenate", "stack"}), _concat),
    (frozenset({"chunk", "split", "tensor_split"}), _split),
    (frozenset({"unbind"}), _unbind),
    (frozenset({"softmax", "log_softmax"}), _softmax),
    (frozenset({"einsum"}), _einsum),
    (frozenset({"matmul", "bmm", "mm"}), _matmul),
    (frozenset({"linear"}), _linear),
    (frozenset({"layer_norm"}), _layer_norm),
    (frozenset({"group_norm", "instance_norm"}), _group_norm),
    (frozenset({"pad"}), _pad),
)
FUNCTION_RULES: dict[str, Callable[[Call], Any]] = {name: rule for names, rule in _RULES for name in names}
