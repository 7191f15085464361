"""The check vocabulary, torch-free: each reference, what it is called with and the properties it measures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# What each property means, as the verdict and the README name it.
PROPERTIES: dict[str, str] = {
    "output_shape": "the output shape equals the reference's",
    "params": "the parameter count equals the reference's",
    "equals_reference": "the output equals the reference on random inputs",
    "not_in_place": "the input tensor is left unchanged",
    "gradient": "gradients reach the input",
    "shortcut": "identity shortcut when shapes match, a 1x1 stride-s projection when they do not",
    "relu_after_add": "the ReLU comes after the addition, not before it",
    "scales_input": "the output is x * gate, one gate per channel",
    "gates_in_unit": "the gates lie in (0, 1)",
    "gates_not_softmax": "the gates are independent (sigmoid), not a softmax over channels",
    "input_dependent": "the gates depend on the input",
}

LABELS: dict[str, str] = {
    "output_shape": "output shape", "params": "params", "equals_reference": "= reference",
    "not_in_place": "not in place", "gradient": "gradient to x", "shortcut": "shortcut",
    "relu_after_add": "ReLU after add", "scales_input": "y = x · gate", "gates_in_unit": "gates in (0, 1)",
    "gates_not_softmax": "not softmax", "input_dependent": "input-dependent",
}


def _ints(values: Any, n: tuple[int, ...]) -> bool:
    return (isinstance(values, (list, tuple)) and len(values) in n
            and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values))


def _block_case(args: tuple, shape: tuple) -> str | None:
    if not _ints(args, (2, 3)):
        return "args are [c_in, c_out, stride] (positive integers)"
    if len(shape) != 4 or shape[1] != args[0]:
        return f"input must be (N, {args[0]}, H, W) for c_in = {args[0]}"
    return None


def _se_case(args: tuple, shape: tuple) -> str | None:
    if not _ints(args, (1, 2)):
        return "args are [channels] or [channels, reduction] (positive integers)"
    if len(args) == 2 and args[0] % args[1]:
        return f"the reduction {args[1]} must divide the channels {args[0]}"
    if len(shape) != 4 or shape[1] != args[0]:
        return f"input must be (N, {args[0]}, H, W) for {args[0]} channels"
    return None


def _shuffle_case(args: tuple, shape: tuple) -> str | None:
    if not _ints(args, (1,)):
        return "args are [groups] (a positive integer)"
    if len(shape) != 4 or shape[1] % args[0]:
        return f"input must be (N, C, H, W) with C divisible by groups = {args[0]}"
    return None


def _activation_case(args: tuple, shape: tuple) -> str | None:
    return "an activation takes no args" if args else None


@dataclass(frozen=True)
class Reference:
    """A reference implementation (in references.py): its properties and a validator for one case."""

    name: str
    what: str
    properties: tuple[str, ...]
    validate_case: Callable[[tuple, tuple], str | None]
    module: bool  # the answer must be an nn.Module subclass (else a function is accepted too)


REFERENCES: dict[str, Reference] = {r.name: r for r in (
    Reference("hard_swish", "x * relu6(x + 3) / 6",
              ("output_shape", "equals_reference", "not_in_place", "gradient"), _activation_case, False),
    Reference("basic_block", "a basic residual block (conv3x3-BN-ReLU-conv3x3-BN + shortcut, ReLU)",
              ("output_shape", "params", "shortcut", "relu_after_add", "gradient"), _block_case, True),
    Reference("se_block", "squeeze-and-excitation: x * sigmoid(MLP(GAP(x)))",
              ("output_shape", "scales_input", "gates_in_unit", "gates_not_softmax", "input_dependent",
               "gradient", "params"), _se_case, True),
    Reference("channel_shuffle", "reshape to (g, n), transpose, flatten",
              ("output_shape", "equals_reference", "not_in_place", "gradient"), _shuffle_case, False),
)}
