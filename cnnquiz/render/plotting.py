"""plotext without its documentation menu, whose import (plotext._doc.doc) is 75 ms of `cnnquiz stats`."""

# plotext 6's package __init__ ends with `from plotext._doc.doc import docs as doc`: it imports every doc
# section and builds the interactive help of each method. Charts never use it. `plotext()` imports the
# package with that one module stubbed (plotext.doc is then None); if that import fails, as a plotext that
# needs its docs while importing would, it imports plotext again the ordinary way.

from __future__ import annotations

import sys
import types

DOC_MODULE = "plotext._doc.doc"
STUB = {"docs": None}  # what plotext's __init__ takes from DOC_MODULE


def _forget_plotext() -> None:
    for name in [m for m in sys.modules if m == "plotext" or m.startswith("plotext.")]:
        del sys.modules[name]


def plotext() -> types.ModuleType:
    """The plotext module, imported without its documentation menu when it was not imported yet."""
    if "plotext" in sys.modules:
        return sys.modules["plotext"]
    stub = types.ModuleType(DOC_MODULE, "plotext's documentation, not loaded by cnnquiz")
    stub.__dict__.update(STUB)
    sys.modules[DOC_MODULE] = stub
    try:
        import plotext as plt
    except Exception:  # noqa: BLE001 - this plotext wants its docs at import: load it whole
        _forget_plotext()
        import plotext as plt
    finally:
        if sys.modules.get(DOC_MODULE) is stub:
            del sys.modules[DOC_MODULE]
    return plt
