"""render/plotting.py: plotext without its documentation menu draws the very same charts, and falls back whole."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import fresh_env

# Draws the stats forecast and the compare frontier in a fresh interpreter, plotext imported one way or the other.
PROBE = """
import json, sys
from cnnquiz.render import plotting
mode = sys.argv[1]
if mode == "whole":
    import plotext
elif mode == "broken-stub":
    plotting.STUB.clear()  # an import that needs more than the stub gives: the fallback loads plotext whole
plt = plotting.plotext()
from cnnquiz.calc.frontier import Point
from cnnquiz.render.compare import frontier_chart
from cnnquiz.render.stats import forecast_chart
zoo = [Point("a", 0.3, 70.1, "w", False), Point("b", 4.1, 76.1, "w", False), Point("c", 15.5, 80.9, "w", False)]
charts = [forecast_chart([3, 0, 5, 1, 0, 0, 12], 80), forecast_chart([0] * 14, 60),
          frontier_chart(zoo, zoo[1:2], [zoo[0], zoo[2]], 90)]
print(json.dumps({"charts": charts, "doc": plt.doc is not None,
                  "doc_sections": any(m.startswith("plotext._doc.sections") for m in sys.modules)}))
"""


def draw(mode: str, tmp_path) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, mode], env=fresh_env(tmp_path), capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_charts_are_the_same_without_plotexts_documentation(tmp_path):
    whole, light = draw("whole", tmp_path), draw("light", tmp_path)
    assert light["charts"] == whole["charts"] and "cards due in the next 7 days" in light["charts"][0]
    assert whole["doc_sections"] and not light["doc_sections"]  # the 75 ms of docs are not imported
    assert light["doc"] is False


def test_a_plotext_that_needs_its_docs_is_imported_whole(tmp_path):
    report = draw("broken-stub", tmp_path)
    assert report["doc"] and report["doc_sections"]
    assert report["charts"] == draw("whole", tmp_path)["charts"]
