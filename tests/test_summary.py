"""`cnnquiz summary`: per-module rows whose totals are compare's, VGG-16's FC head, widths, JSON, the cache."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cnnquiz.calc import summary as S
from cnnquiz.calc.profile import profile
from tests.conftest import fresh_env

# Ten zoo models of different families: plain, residual, dense, depthwise, SE, shuffle, inception, RegNet.
ZOO = ("alexnet", "vgg11", "resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_small", "efficientnet_b0",
       "squeezenet1_1", "shufflenet_v2_x0_5", "regnet_y_400mf")
ROW_KEYS = {"name", "type", "output", "params", "macs", "params_share", "macs_share", "activation_bytes",
            "receptive_field", "jump"}


@pytest.mark.parametrize("name", ZOO)
def test_summary_totals_equal_compare(name: str) -> None:
    s = S.summarize(name, use_cache=False)
    p = profile(name, use_cache=False)
    t = s.totals
    assert (t.params, t.macs, t.flops, t.activation_bytes, t.receptive_field, t.global_context, t.depth) == \
        (p.params, p.macs, p.flops, p.activation_bytes, p.receptive_field, p.global_context, p.depth)
    top = [r for r in s.rows if r.depth == 1]  # the model's children partition its leaves
    assert sum(r.params for r in top) == t.params
    assert sum(r.activation_bytes for r in top) == t.activation_bytes
    assert sum(r.macs for r in top) <= t.macs


def test_vgg16_fc_head_holds_89_percent_of_the_parameters(cli) -> None:
    out = cli("summary", "vgg16").output
    row = next(line for line in out.splitlines() if "classifier" in line)
    assert "123.6M" in row and "89.4%" in row
    assert "most parameters: classifier 123.6M (89.4%)" in out
    data = json.loads(cli("summary", "vgg16", "--json").output)
    head = next(r for r in data["rows"] if r["name"] == "classifier")
    assert head["params"] == 123_642_856 and head["params_share"] == pytest.approx(0.8936, abs=1e-4)
    assert data["totals"]["params"] == 138_357_544


def test_resnet50_stage_rows_fields_and_the_costliest_stage(cli) -> None:
    data = json.loads(cli("summary", "resnet50", "--json").output)
    assert set(data) == {"model", "resolution", "rows", "totals"} and data["resolution"] == 224
    assert all(set(r) == ROW_KEYS for r in data["rows"])
    rows = {r["name"]: r for r in data["rows"]}
    assert list(rows) == ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool", "fc"]
    assert rows["conv1"]["output"] == [1, 64, 112, 112] and rows["conv1"]["receptive_field"] == 7
    assert (rows["layer4"]["receptive_field"], rows["layer4"]["jump"]) == (427, 32)  # = calc rf resnet50
    assert rows["fc"]["receptive_field"] is None  # positions pooled away
    assert max(rows.values(), key=lambda r: r["macs"])["name"] == "layer3"
    assert "most MACs: layer3" in cli("summary", "resnet50").output


def test_depth_shows_the_tree_to_that_depth(cli) -> None:
    one = json.loads(cli("summary", "resnet18", "--depth", "1", "--json").output)["rows"]
    two = json.loads(cli("summary", "resnet18", "--depth", "2", "--json").output)["rows"]
    assert all("." not in r["name"] for r in one)
    assert {"layer1.0", "layer4.1"} <= {r["name"] for r in two} and max(r["name"].count(".") for r in two) == 1
    vgg = json.loads(cli("summary", "vgg16", "--json").output)["rows"]  # the stages: features opened
    assert vgg[0]["name"] == "features" and vgg[1]["name"] == "features.0" and vgg[1]["type"] == "Conv2d"


@pytest.mark.parametrize("width", [60, 80, 120])
def test_readable_at_60_80_120_columns(cli, width: int) -> None:
    out = cli("summary", "vgg16", env={"COLUMNS": str(width)}).output
    assert "…" not in out
    assert all(len(line) <= width for line in out.splitlines())
    assert re.search(r"classifier\s.*123\.6M.*89\.4%", out)  # the numbers stay whole
    assert re.search(r"total\s.*138\.4M.*100\.0%.*15\.47G", out)
    wide = cli("summary", "vgg16", env={"COLUMNS": "120"}).output
    assert "field" in wide and "jump" in wide and "█" in wide  # room for the secondary columns and bars


def test_other_resolution_and_bad_input(cli) -> None:
    data = json.loads(cli("summary", "resnet18", "-r", "160", "--json").output)
    assert data["resolution"] == 160 and data["rows"][0]["output"] == [1, 64, 80, 80]
    for args, needle in ((["resnet5000"], "unknown model"), (["resnet18", "--depth", "0"], "--depth"),
                         (["resnet18", "--arg", "width=2"], "--arg passes constructor arguments")):
        res = cli("summary", *args)
        assert res.exit_code == 2 and needle in res.output and "Traceback" not in res.output


def test_summary_is_cached_and_read_back_equal() -> None:
    first = S.summarize("resnet18")
    start = time.perf_counter()
    again = S.summarize("resnet18")
    assert time.perf_counter() - start < 0.5 and again == first


PROBE = """
import sys, time
start = time.perf_counter()
from cnnquiz.cli.main import app
sys.argv = ["cnnquiz", *sys.argv[1:]]
try:
    app()
except SystemExit:
    pass
print("TORCH_IMPORTED", "torch" in sys.modules, "torchvision" in sys.modules, file=sys.stderr)
print("SECONDS", time.perf_counter() - start, file=sys.stderr)
"""


@pytest.mark.slow
def test_cached_summary_resnet50_does_not_import_torch(isolated_home: Path) -> None:
    env = fresh_env(isolated_home)
    args = [sys.executable, "-c", PROBE, "summary", "resnet50"]
    cold = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert "TORCH_IMPORTED True True" in cold.stderr, cold.stderr
    warm = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert "TORCH_IMPORTED False False" in warm.stderr, warm.stderr
    assert warm.stdout == cold.stdout and "layer3" in warm.stdout
