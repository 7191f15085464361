"""Receptive fields of real modules: a torch.fx walk on the meta device that carries a field with each tensor.

Each node's field info comes from its inputs' by the rules of cnnquiz.rf.rules; ops no rule knows are
traced into (plain Python helpers) or assumed to mix every position they touch.
"""

from __future__ import annotations

import inspect
from dataclasses import replace
from functools import lru_cache
from typing import Any

from cnnquiz.rf import layout as L
from cnnquiz.rf import ops as R
from cnnquiz.rf.rules import UNRULED, function_rule, module_rule
from cnnquiz.rf.spec import AxisField


def _settle(info: Any, log: R.WalkLog, where: str) -> Any:
    """Log the context kinds an op added (its sites) and clear them so that later ops do not repeat them."""
    if isinstance(info, (R.Spatial, R.Collapsed)):
        for kind in info.fresh:
            log.site(kind, where)
        return replace(info, fresh=frozenset()) if info.fresh else info
    if isinstance(info, (tuple, list)):
        return tuple(_settle(i, log, where) for i in info)
    return info


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
                    info = function_rule(n.target, name, args, kwargs, iargs, ikwargs, result)
                    if info is UNRULED:
                        info = _unruled(n.target, name, args, kwargs, iargs, ikwargs, result, self.log)
                info = _settle(info, self.log, node_path(n) or n.name)
            if isinstance(info, R.Spatial):
                info = replace(info, at=n.name)
            self.infos[n] = info
            if self.record:
                self.log.nodes.append((n.name, node_path(n), info))
            return result

    return Walker


def _unruled(fn: Any, name: str, args: tuple, kwargs: dict, iargs: tuple, ikwargs: dict, result: Any,
             log: R.WalkLog) -> Any:
    """An op no rule knows: walk into it when it is a plain Python helper, else assume it mixes positions."""
    inlined = _inline(fn, args, kwargs, iargs, ikwargs, log)
    if inlined is not None:
        return inlined
    pairs = R.tensor_infos(list(args), list(iargs)) + R.tensor_infos(kwargs, ikwargs)
    return R.unknown(pairs, result, name, log)


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
