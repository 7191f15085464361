"""Receptive fields: the layer-spec algebra and parser, the torch.fx walk over real modules, and the reports built on them."""

from __future__ import annotations

import importlib
from typing import Any

from cnnquiz.rf.spec import (
    RECURRENCE,
    AxisField,
    Layer,
    RFResult,
    Stage,
    explain_steps,
    looks_like_spec,
    parse_spec,
    spec_result,
)

# The reports (and the walk under them) load on first use, so the drill, which needs only the spec algebra,
# stays light. The walk itself is cnnquiz.rf.walk.walk (the submodule's name would shadow a re-export).
_LAZY = {"model_result": "cnnquiz.rf.report", "module_result": "cnnquiz.rf.report",
         "target_result": "cnnquiz.rf.report"}

__all__ = [
    "RECURRENCE", "AxisField", "Layer", "RFResult", "Stage", "explain_steps", "looks_like_spec", "model_result",
    "module_result", "parse_spec", "spec_result", "target_result",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'cnnquiz.rf' has no attribute {name!r}")
