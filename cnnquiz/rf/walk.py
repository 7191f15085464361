"""Receptive fields of real modules: a torch.fx walk on the meta device that carries a field with each tensor."""

from __future__ import annotations

import inspect
from dataclasses import replace
from functools import lru_cache
from typing import Any

from cnnquiz.rf import layout as L
from cnnquiz.rf import ops as R
from cnnquiz.rf.spec import AxisField

REDUCTIONS = {"mean", "sum", "amax", "amin", "logsumexp", "std", "var", "max", "min", "prod"}
RESHAPES = {"flatten", "view", "reshape", "unflatten", "squeeze", "unsqueeze", "view_as", "reshape_as",
            "squeeze_", "unsqueeze_"}
LAYOUT_OPS = RESHAPES | {"expand", "expand_as", "broadcast_to", "permute", "transpose", "swapaxes", "swapdims", "t"}
ATTENTION_MODULES = {"MultiheadAttention"}


def _settle(info: Any, log: R.WalkLog, where: str) -> Any:
    """Log the context kinds an op added (its sites) and clear them so that later ops do not repeat them."""
    if isinstance(info, (R.Spatial, R.Collapsed)):
        for kind in info.fresh:
            log.site(kind, where)
        return replace(info, fresh=frozenset()) if info.fresh else info
    if isinstance(info, (tuple, list)):
        return tuple(_settle(i, log, where) for i in info)
    return info


def _has_tensor(value: Any) -> bool:
    import torch

    if isinstance(value, torch.Tensor):
        return True
    return isinstance(value, (list, tuple)) and any(_has_tensor(v) for v in value)


def node_path(node: Any) -> str:
    """The qualified name of the innermost module a node belongs to ('' for the root's own code)."""
    if node.op == "call_module":
        return str(node.target)
    stack = node.meta.get("nn_module_stack") or {}
    return next(reversed(stack.values()))[0] if stack else ""


@lru_cache(maxsize=1)
def _walker_class() -> type:
    import torch.fx
    from torch.fx.node import map_arg

    class Walker(torch.fx.Interpreter):
        """Runs the graph for real (meta tensors) and derives each node's field info from its inputs'."""

        def __init__(self, gm: Any, log: R.WalkLog, inputs: list[Any], record: bool) -> None:
            super().__init__(gm)
            self.log, self.inputs, self.record = log, list(inputs), record
            self.infos: dict[Any, Any] = {}

        def run_node(self, n: Any) -> Any:
            result = super().run_node(n)
            if n.op == "placeholder":
                info = self.inputs.pop(0) if self.inputs else None
            elif n.op == "get_attr":
                info = None
            elif n.op == "output":
                info = map_arg(n.args[0], self.infos.get)
            else:
                args, kwargs = self.fetch_args_kwargs_from_env(n)
                iargs, ikwargs = map_arg(n.args, self.infos.get), map_arg(n.kwargs, self.infos.get)
                if n.op == "call_module":
                    info = module_rule(self.module.get_submodule(n.target), args, iargs, result, self.log)
                else:
                    name = n.target if n.op == "call_method" else getattr(n.target, "__name__", str(n.target))
                    info = function_rule(n.target, name, args, kwargs, iargs, ikwargs, result, self.log)
                info = _settle(info, self.log, node_path(n) or n.name)
            if isinstance(info, R.Spatial):
                info = replace(info, at=n.name)
            self.infos[n] = info
            if self.record:
                self.log.nodes.append((n.name, node_path(n), info))
            return result

    return Walker


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


def function_rule(target: Any, name: str, args: tuple, kwargs: dict, iargs: tuple, ikwargs: dict,
                  result: Any, log: R.WalkLog) -> Any:
    """Field info after a call_function / call_method node, by the op's name."""
    import operator

    import torch

    def arg(i: int, key: str, default: Any = None, infos: bool = False) -> Any:
        seq, kw = (iargs, ikwargs) if infos else (args, kwargs)
        return seq[i] if len(seq) > i else kw.get(key, default)

    x, ix = arg(0, "input"), arg(0, "input", infos=True)
    if target is operator.getitem:
        if isinstance(x, torch.Tensor):
            return R.getitem(x, ix, args[1], result)
        if isinstance(ix, (tuple, list)) and isinstance(args[1], (int, slice)):
            return ix[args[1]]
        return None
    if not _has_tensor(result):
        return None
    pairs = R.tensor_infos(list(args), list(iargs)) + R.tensor_infos(kwargs, ikwargs)
    if not any(i is not None for _, i in pairs):
        return None
    if name in ("max", "min") and len(args) > 1 and isinstance(args[1], torch.Tensor):
        name = "maximum"
    if target in R.BINARY or name in R.POINTWISE_NAMES:
        return R.pointwise(pairs, result)
    if name == "conv2d":
        return R.window(ix, result, tuple(args[1].shape[-2:]), arg(3, "stride", 1), arg(4, "padding", 0),
                        arg(5, "dilation", 1))
    if name in ("max_pool2d", "max_pool2d_with_indices", "avg_pool2d"):
        out = R.window(ix, result[0] if isinstance(result, tuple) else result, arg(1, "kernel_size"),
                       arg(2, "stride"), arg(3, "padding", 0), arg(4, "dilation", 1) if "max" in name else 1)
        return (out, out) if isinstance(result, tuple) else out
    if name in ("adaptive_avg_pool2d", "adaptive_max_pool2d"):
        return R.collapse(ix, "pool")
    if name in REDUCTIONS:
        first = result[0] if isinstance(result, tuple) else result
        out = R.reduce(ix, x, first, arg(1, "dim"), first.dim() == x.dim())
        return (out, out) if isinstance(result, tuple) else out
    if name in LAYOUT_OPS and not isinstance(ix, R.Spatial):
        return ix
    if name in RESHAPES:
        return R.reshaped(ix, result)
    if name in ("expand", "expand_as", "broadcast_to"):
        return replace(ix, layout=L.broadcast(ix.layout, tuple(x.shape), tuple(result.shape)))
    if name in ("permute", "transpose", "swapaxes", "swapdims", "t"):
        order = list(range(x.dim()))
        if name == "permute":
            dims = args[1] if len(args) == 2 and isinstance(args[1], (list, tuple)) else args[1:] or kwargs["dims"]
            order = [int(d) % x.dim() for d in dims]
        else:
            a, b = (0, 1) if name == "t" else (int(args[1]) % x.dim(), int(args[2]) % x.dim())
            order[a], order[b] = order[b], order[a]
        return replace(ix, layout=L.permute(ix.layout, order))
    if name in ("cat", "concat", "concatenate", "stack"):
        tensors, infos = arg(0, "tensors"), arg(0, "tensors", infos=True)
        return R.concat(R.tensor_infos(tensors, infos), result, int(arg(1, "dim", 0)), new=name == "stack")
    if name in ("chunk", "split", "tensor_split"):
        return R.split(ix, x, result, int(arg(2, "dim", 0)))
    if name == "unbind":
        return R.unbind(ix, x, result, int(arg(1, "dim", 0)))
    if name in ("softmax", "log_softmax"):
        return R.softmax(ix, x, arg(1, "dim"))
    if name == "einsum":
        ops = list(args[1]) if len(args) == 2 and isinstance(args[1], (list, tuple)) else list(args[1:])
        iops = list(iargs[1]) if len(args) == 2 and isinstance(args[1], (list, tuple)) else list(iargs[1:])
        return R.einsum(args[0], R.tensor_infos(ops, iops), result)
    if name in ("matmul", "bmm", "mm"):
        return R.matmul(pairs[:2], result)
    if name == "linear":
        return R.linear(ix, result)
    if name == "layer_norm":
        shape = arg(1, "normalized_shape")
        return R.norm(ix, len(shape) if isinstance(shape, (list, tuple)) else 1)
    if name in ("group_norm", "instance_norm"):
        return R.norm(ix, x.dim() - 1)
    if name == "pad":
        return R.pad(ix, x, arg(1, "pad"), result)
    inlined = _inline(target, args, kwargs, iargs, ikwargs, log)
    return inlined if inlined is not None else R.unknown(pairs, result, name, log)


def _inline(fn: Any, args: tuple, kwargs: dict, iargs: tuple, ikwargs: dict, log: R.WalkLog) -> Any:
    """Trace a plain Python helper (torchvision wraps a few for fx) and walk it; None if it cannot be traced."""
    import torch
    import torch.fx

    if not inspect.isfunction(fn) or fn.__module__.startswith("torch."):
        return None
    try:
        sig = inspect.signature(fn)
        bound, ibound = sig.bind(*args, **kwargs), sig.bind(*iargs, **ikwargs)
        concrete = {k: v for k, v in bound.arguments.items() if not isinstance(v, torch.Tensor)}
        gm = torch.fx.symbolic_trace(fn, concrete_args=concrete or None)
        names = [n.target for n in gm.graph.nodes if n.op == "placeholder"]
        walker = _walker_class()(gm, log, [ibound.arguments.get(k) for k in names], record=False)
        walker.run(*[bound.arguments.get(k) for k in names])
    except Exception:  # noqa: BLE001 - anything untraceable is handled as an unknown op
        return None
    out = next(n for n in gm.graph.nodes if n.op == "output")
    return walker.infos[out]


def walk(module: Any, input_shape: tuple[int, ...]) -> tuple[R.WalkLog, Any]:
    """Trace module with torch.fx and run it on an empty input of input_shape; returns the log and output info."""
    import torch
    import torch.fx

    gm = torch.fx.symbolic_trace(module)
    tensors = [*module.parameters(), *module.buffers()]
    device = tensors[0].device if tensors else torch.device("cpu")
    x = torch.empty(input_shape, device=device)
    start = R.Spatial(L.image(input_shape), (AxisField(), AxisField()))
    log = R.WalkLog()
    walker = _walker_class()(gm, log, [start], record=True)
    with torch.no_grad():
        walker.run(x)
    out = next(n for n in gm.graph.nodes if n.op == "output")
    return log, walker.infos[out]
