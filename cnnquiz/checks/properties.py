"""Measure one property of the user's definition against the reference, case by case (child process only)."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import torch
import torch.nn as nn
import torch.nn.functional as F

from cnnquiz.bank.checkspec import REFERENCES
from cnnquiz.bank.schema import Check, CheckCase
from cnnquiz.checks import references
from cnnquiz.checks.failures import describe

Result = tuple[bool, str, str]  # passed, observed, expected
BIG = 50.0  # the bias that exposes a ReLU before the addition


def find_definition(check: Check, namespace: dict) -> tuple[object, str]:
    """The class or function the answer defines under one of the check's names (else the one it defines)."""
    ref = REFERENCES[check.reference]
    for name in check.define:
        if callable(namespace.get(name)):
            return namespace[name], ""
    defined = [v for k, v in namespace.items() if not k.startswith("_") and getattr(v, "__module__", "") == "answer"
               and (inspect.isclass(v) or inspect.isfunction(v))]
    if ref.module:
        defined = [v for v in defined if inspect.isclass(v) and issubclass(v, nn.Module)]
    if not defined:
        kind = "an nn.Module subclass" if ref.module else "a class or function"
        raise LookupError(f"your code defines none of {', '.join(check.define)} ({kind})")
    return defined[-1], f"{defined[-1].__name__} is checked (no {check.define[0]} is defined)"


def _label(target, case: CheckCase) -> str:
    args = ", ".join([repr(a) for a in case.args] + [f"{k}={v!r}" for k, v in case.kwargs])
    return f"{target.__name__}({args})" if inspect.isclass(target) else f"{target.__name__}(x{', ' + args if args else ''})"


def _build(target, case: CheckCase, module: bool) -> tuple[Callable, nn.Module | None]:
    kwargs = dict(case.kwargs)
    if inspect.isclass(target):
        obj = target(*case.args, **kwargs)
    elif module:
        obj = target(*case.args, **kwargs)  # a factory returning the module
    else:
        return (lambda x: target(x, *case.args, **kwargs)), None
    if module and not isinstance(obj, nn.Module):
        raise TypeError(f"it builds a {type(obj).__name__}, not an nn.Module")
    return obj, obj if isinstance(obj, nn.Module) else None


def _call(f: Callable, x: torch.Tensor) -> torch.Tensor:
    y = f(x)
    if not isinstance(y, torch.Tensor):
        raise TypeError(f"it returns {type(y).__name__}, not a tensor")
    return y


def _shape(t: torch.Tensor) -> str:
    return "(" + ", ".join(str(d) for d in t.shape) + ")"


def _inputs(check: Check, case: CheckCase) -> torch.Tensor:
    return torch.randn(case.input) * (3.0 if check.reference == "hard_swish" else 1.0)


def output_shape(check, case, f, m, ref) -> Result:
    x = _inputs(check, case)
    y, r = _call(f, x), ref(x)
    return tuple(y.shape) == tuple(r.shape), _shape(y), _shape(r)


def params(check, case, f, m, ref) -> Result:
    want = sum(p.numel() for p in ref.parameters())
    if m is None:
        return False, "a function has no parameters (define an nn.Module)", f"{want:,}"
    got = sum(p.numel() for p in m.parameters())
    return got == want, f"{got:,}", f"{want:,}"


def equals_reference(check, case, f, m, ref) -> Result:
    n = 1
    for d in case.input:
        n *= d
    if check.reference == "channel_shuffle":
        x = torch.arange(case.input[1], dtype=torch.float32).view(1, -1, 1, 1).expand(case.input).contiguous()
        y, r = _call(f, x.clone()), ref(x.clone())
        order = lambda t: ", ".join(str(int(v)) for v in t[0, :8, 0, 0]) + (", …" if t.shape[1] > 8 else "")
        if y.shape != r.shape:
            return False, f"output {_shape(y)}", _shape(r)
        z = torch.randn(case.input)
        ok = torch.equal(y, r) and torch.equal(_call(f, z.clone()), ref(z.clone()))
        return ok, f"channel order {order(y)}", f"channel order {order(r)}"
    x = torch.cat([torch.linspace(-6, 6, n), torch.randn(n) * 4]).view(2, *case.input)
    got = torch.stack([_call(f, x[0].clone()), _call(f, x[1].clone())])
    want = torch.stack([ref(x[0].clone()), ref(x[1].clone())])
    if got.shape != want.shape:
        return False, f"output {_shape(got[0])}", _shape(want[0])
    diff = (got - want).abs()
    at = int(diff.argmax())
    worst = f"max |diff| {float(diff.max()):.3g}"
    if torch.allclose(got, want, rtol=1e-4, atol=1e-5):
        return True, worst, check.reference.replace("_", "-") + " = " + REFERENCES[check.reference].what
    xv, gv, wv = float(x.flatten()[at]), float(got.flatten()[at]), float(want.flatten()[at])
    return False, f"{worst}: f({xv:.3g}) = {gv:.4g}", f"{wv:.4g} = {REFERENCES[check.reference].what}"


def not_in_place(check, case, f, m, ref) -> Result:
    x = _inputs(check, case)
    before = x.clone()
    _call(f, x)
    if torch.equal(x, before):
        return True, "the input is unchanged", "the input is unchanged"
    return False, f"the input was modified in place (by up to {float((x - before).abs().max()):.3g})", \
        "the input is unchanged"


def gradient(check, case, f, m, ref) -> Result:
    if m is not None:
        m.train()
    x = _inputs(check, case).requires_grad_(True)
    y = _call(f, x)
    if not y.requires_grad:
        return False, "the output does not depend on x through autograd (detached, or under no_grad)", "dL/dx ≠ 0"
    (y * torch.randn_like(y)).sum().backward()
    g = x.grad
    if g is None or not bool(torch.isfinite(g).all()) or float(g.abs().max()) == 0:
        return False, "no gradient reaches the input" if g is None else "the gradient is zero or not finite", \
            "dL/dx ≠ 0"
    return True, "reaches x", "dL/dx ≠ 0"


def _block_args(case: CheckCase) -> tuple[int, int, int]:
    kwargs = dict(case.kwargs)
    return case.args[0], case.args[1], case.args[2] if len(case.args) > 2 else int(kwargs.get("stride", 1))


def _zeroed(m: nn.Module, bias: float = 0.0) -> bool:
    """Every weight 0 and every bias (BN shift included) `bias`; fresh BN statistics, eval mode. Any bias?"""
    any_bias = False
    with torch.no_grad():
        for name, p in m.named_parameters():
            is_bias = name.rsplit(".", 1)[-1] == "bias"
            any_bias |= is_bias
            p.fill_(bias if is_bias else 0.0)
        for mod in m.modules():
            if isinstance(mod, nn.modules.batchnorm._BatchNorm):
                mod.reset_running_stats()
    m.eval()
    return any_bias


def shortcut(check, case, f, m, ref) -> Result:
    c_in, c_out, s = _block_args(case)
    x = torch.randn(case.input)
    if s == 1 and c_in == c_out:
        _zeroed(m)
        with torch.no_grad():
            y = _call(f, x)
        if y.shape == x.shape and (torch.allclose(y, F.relu(x), atol=1e-5) or torch.allclose(y, x, atol=1e-5)):
            return True, "identity", "identity"
        if y.shape == x.shape and float(y.abs().max()) < 1e-6:
            return False, "with every weight zeroed the output is 0: no shortcut, or weights on it", "identity"
        return False, "not an identity where the shapes match", "identity"
    convs = [(n, c) for n, c in m.named_modules() if isinstance(c, nn.Conv2d) and c.kernel_size == (1, 1)
             and c.stride == (s, s) and c.in_channels == c_in and c.out_channels == c_out]
    want = f"1×1 conv stride {s}"
    if not convs:
        ones = [c for c in m.modules() if isinstance(c, nn.Conv2d) and c.kernel_size == (1, 1)]
        hint = f" (a 1×1 conv with stride {ones[0].stride[0]})" if ones else ""
        return False, f"no 1×1 stride-{s} conv {c_in}→{c_out}{hint}", want
    for name, conv in convs:
        _zeroed(m)
        with torch.no_grad():
            conv.weight.normal_()
            for mod in m.modules():
                if isinstance(mod, nn.modules.batchnorm._BatchNorm) and mod.weight is not None:
                    mod.weight.fill_(1.0)
            y = _call(f, x)
            e = F.conv2d(x, conv.weight, None, s, conv.padding) / (1 + 1e-5) ** 0.5
        if y.shape == e.shape and any(torch.allclose(y, t, rtol=1e-3, atol=1e-4) for t in (F.relu(e), e)):
            return True, f"{want} ({name})", want
    return False, f"{convs[0][0]} is a {want} but the output does not follow it", want


def relu_after_add(check, case, f, m, ref) -> Result:
    want = "ReLU after the add"
    m.eval()
    with torch.no_grad():
        y = _call(f, torch.randn(case.input))
    if float(y.min()) < -1e-6:
        return False, f"negative outputs (min {float(y.min()):.2g}): no ReLU after the add", want
    if not _zeroed(m, -BIG):
        return True, "ReLU last (no biases: the before-add test cannot run)", want
    with torch.no_grad():
        y = _call(f, torch.randn(case.input))
    if float(y.abs().max()) < 1e-4:
        return True, want, want
    return False, "found before the add (a ReLU clips the branch)", want


def _gates(f: Callable, x: torch.Tensor) -> tuple[torch.Tensor, float]:
    y = _call(f, x)
    if y.shape != x.shape:
        raise ValueError(f"the output {_shape(y)} is not x's shape {_shape(x)}")
    ratio = torch.where(x.abs() > 0.05, y / x, torch.full_like(x, float("nan"))).flatten(2)
    gates = ratio.nanmedian(dim=2).values
    spread = (ratio - gates.unsqueeze(2)).abs().nan_to_num(0.0).max()
    return gates.detach(), float(spread)


def scales_input(check, case, f, m, ref) -> Result:
    m.eval()
    _, spread = _gates(f, torch.randn(case.input))
    if spread < 1e-3:
        return True, "y = x · gate, one gate per channel", "y = x · gate"
    return False, f"y / x varies over H×W by up to {spread:.3g}: not one gate per channel", "y = x · gate"


def gates_in_unit(check, case, f, m, ref) -> Result:
    m.eval()
    g, _ = _gates(f, torch.randn(case.input))
    lo, hi = float(g.min()), float(g.max())
    return 0 < lo and hi < 1, f"gates in [{lo:.3g}, {hi:.3g}]", "gates in (0, 1)"


def gates_not_softmax(check, case, f, m, ref) -> Result:
    m.eval()
    g, _ = _gates(f, torch.randn(case.input))
    sums = g.sum(dim=1)
    observed = f"gates sum to {float(sums[0]):.3g} over {g.shape[1]} channels"
    if torch.allclose(sums, torch.ones_like(sums), atol=1e-3):
        return False, observed + ": a softmax, channels compete", "independent gates (sigmoid)"
    return True, observed, "independent gates (sigmoid)"


def input_dependent(check, case, f, m, ref) -> Result:
    m.eval()
    g1, _ = _gates(f, torch.randn(case.input))
    g2, _ = _gates(f, torch.randn(case.input) * 2 + 1)
    d = float((g1 - g2).abs().max())
    if d > 1e-4:
        return True, f"gates change with the input (by up to {d:.3g})", "gates depend on the input"
    return False, "the same gates for every input: fixed weights, not attention", "gates depend on the input"


MEASURES = {f.__name__: f for f in (output_shape, params, equals_reference, not_in_place, gradient, shortcut,
                                    relu_after_add, scales_input, gates_in_unit, gates_not_softmax, input_dependent)}


def measure(name: str, check: Check, target) -> Result:
    """Run one property over every case; the first failing case decides, else the observations are joined."""
    module = REFERENCES[check.reference].module
    seen: list[str] = []
    expected: list[str] = []
    for case in check.cases:
        label = _label(target, case)
        torch.manual_seed(0)
        try:
            f, m = _build(target, case, module)
            ref = references.build(check.reference, case.args, dict(case.kwargs))
            passed, observed, want = MEASURES[name](check, case, f, m, ref)
        except Exception as exc:  # noqa: BLE001 - the user's code may raise anything
            return False, f"{label}: {describe(exc, check.timeout)}", ""
        if not passed:
            return False, (f"{label}: {observed}" if len(check.cases) > 1 else observed), want
        seen.append(observed)
        expected.append(want)
    return True, " · ".join(dict.fromkeys(seen)), " · ".join(dict.fromkeys(expected))
