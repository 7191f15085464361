"""A pydantic-free fast path for typer 0.29's parameter coercion, for the plain annotations cnnquiz uses."""

# Typer 0.29 coerces every parameter through a pydantic TypeAdapter: importing pydantic and building the
# adapters cost ~115 ms of each command's start-up. `install()` makes `typer.core.build_runtime_param` give
# str, int, float, bool, Path and Enum parameters (and list[...] of them) a `FastParam`. A FastParam converts
# only values whose result is certain (`"12"` for an int, an Enum choice, a path: typer's checks included)
# and hands every other value, every invalid one among them, to typer's own pydantic coercion, so results
# and error messages stay typer's. Other annotations or options (parser, clamp, allow_dash, path_type,
# files, tuples, dates), and any typer but 0.29, keep typer's path untouched.

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Callable, get_args, get_origin

SLOW = object()  # a leaf's answer meaning "not sure: let typer's pydantic adapter decide"
_INT = re.compile(r"[+-]?[0-9]{1,18}")
_FLOAT = re.compile(r"[+-]?[0-9]{1,30}(?:\.[0-9]{1,30})?(?:[eE][+-]?[0-9]{1,3})?")

try:  # typer's private API as of 0.29; with anything else `install()` does nothing
    import typer
    from typer import _coercion, core
    from typer._param_types import coerce_cli_choice, coerce_cli_path

    ORIGINAL = _coercion.build_runtime_param
    SUPPORTED = (typer.__version__.startswith("0.29.") and callable(getattr(core, "build_runtime_param", None))
                 and callable(getattr(core._TyperParameter, "get_runtime_param", None))
                 and {"annotation", "parameter_info", "file_annotation"}
                 <= set(_coercion.TypeDescriptor.__dataclass_fields__)
                 and {"parameter_info", "annotation"} == set(_coercion.RuntimeParam.__dataclass_fields__))
    _Base: Any = _coercion.RuntimeParam
except (ImportError, AttributeError):  # pragma: no cover - another typer
    ORIGINAL, SUPPORTED, _Base = None, False, object

Leaf = Callable[[Any, Any, Any], Any]  # (value, param, ctx) -> converted value or SLOW


def _number(kind: type, info) -> Leaf | None:
    lo, hi = info.min, info.max

    def leaf(value: Any, param, ctx) -> Any:
        if type(value) is kind or (kind is float and type(value) is int):
            number = kind(value)
        elif type(value) is str and (_INT if kind is int else _FLOAT).fullmatch(value):
            number = kind(value)
        else:
            return SLOW
        if kind is float and not math.isfinite(number):
            return SLOW
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            return SLOW  # typer's message for it
        return number

    return None if info.clamp else leaf


def _exactly(kind: type) -> Leaf:
    return lambda value, param, ctx: value if type(value) is kind else SLOW


def _choice(enum: type[Enum], info) -> Leaf:
    choices = list(enum)

    def leaf(value: Any, param, ctx) -> Any:
        try:
            return coerce_cli_choice(value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            return SLOW

    return leaf


def _path(kind: type, info) -> Leaf | None:
    def leaf(value: Any, param, ctx) -> Any:
        if isinstance(value, kind):
            return coerce_cli_path(value, info, path_type=kind, param=param, ctx=ctx)
        if type(value) is not str or not value or "\x00" in value:
            return SLOW
        # typer turns the str into a Path first; its checks and messages are the same on the str itself
        checked = coerce_cli_path(value, info, path_type=None, param=param, ctx=ctx)
        return checked if isinstance(checked, kind) else kind(checked)

    return None if info.allow_dash or info.path_type is not None else leaf


def leaf_for(annotation: Any, info) -> Leaf | None:
    """The fast converter of one leaf annotation, or None when only typer's own coercion will do."""
    if info.parser is not None or not isinstance(annotation, type):
        return None
    if issubclass(annotation, Enum):
        return _choice(annotation, info)
    if annotation in (int, float):
        return _number(annotation, info)
    if annotation in (bool, str):
        return _exactly(annotation)
    if issubclass(annotation, Path):
        return _path(annotation, info)
    return None


@dataclass(frozen=True)
class FastParam(_Base):
    """Coerces one parameter without pydantic when its value is plain, through typer's RuntimeParam otherwise."""

    descriptor: Any = None
    leaf: Leaf | None = None
    many: bool = False
    _slow: list = field(default_factory=list, compare=False, repr=False)

    def _coerce_value(self, value: Any, param, ctx) -> Any:
        items = (list(value) if isinstance(value, (list, tuple)) else [value]) if self.many else [value]
        out = [self.leaf(item, param, ctx) for item in items]
        if any(item is SLOW for item in out):
            return self.slow()._coerce_value(value, param=param, ctx=ctx)
        return out if self.many else out[0]

    def slow(self):
        """typer's own RuntimeParam for this parameter (built, and pydantic imported, on first need)."""
        if not self._slow:
            self._slow.append(ORIGINAL(self.descriptor))
        return self._slow[0]


def fast_param(descriptor) -> FastParam | None:
    """A FastParam for this parameter, or None when its annotation or options are not plain."""
    annotation, info = descriptor.annotation, descriptor.parameter_info
    if descriptor.file_annotation is not None:
        return None
    many = get_origin(annotation) is list
    if many:
        (annotation,) = get_args(annotation)
    leaf = leaf_for(annotation, info)
    if leaf is None:
        return None
    return FastParam(parameter_info=info, annotation=descriptor.annotation, descriptor=descriptor, leaf=leaf,
                     many=many)


def build_runtime_param(descriptor):
    """typer.core.build_runtime_param, with the fast path first."""
    return fast_param(descriptor) or ORIGINAL(descriptor)


def install() -> bool:
    """Use the fast path for every typer parameter (idempotent); False, changing nothing, on another typer."""
    if not SUPPORTED:
        return False
    core.build_runtime_param = build_runtime_param
    return True
