"""The calc commands end to end: tables, JSON shapes, --explain, errors (exit 2, one line) and lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import fresh_env


def run_json(cli, *args: str) -> dict:
    result = cli("calc", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_conv_table_and_json(cli):
    result = cli("calc", "conv", "--cin", "3", "--cout", "64", "-k", "7", "--stride", "2", "--padding", "3")
    assert result.exit_code == 0
    for text in ("64 × 112 × 112", "9,472", "118,013,952", "236,027,904", "✓", 'call MACs "FLOPs"'):
        assert text in result.stdout
    data = run_json(cli, "conv", "--cin", "3", "--cout", "64", "-k", "7", "--stride", "2", "--padding", "3")
    assert data["output"] == [64, 112, 112] and data["input"] == [3, 224, 224]
    assert (data["params"], data["macs"], data["flops"]) == (9_472, 118_013_952, 236_027_904)
    assert data["formula_matches"] is True and data["layer"]["groups"] == 1


def test_conv_options_height_width_same_padding_groups(cli):
    data = run_json(cli, "conv", "--cin", "8", "--cout", "16", "--kernel", "3", "--height", "10", "--width", "20",
                    "--padding", "same", "--dilation", "2", "--groups", "4", "--no-bias")
    assert data["output"] == [16, 10, 20] and data["layer"]["padding"] == 2
    assert data["params"] == 16 * 2 * 9 and data["macs"] == 10 * 20 * 16 * 2 * 9


def test_depthwise_documents_example(cli):
    result = cli("calc", "depthwise", "--cin", "64", "--cout", "128", "-k", "3", "--size", "112")
    assert result.exit_code == 0
    for text in ("924,844,032", "109,985,792", "8.41×", "1/128 + 1/9", "~8.5x"):
        assert text in result.stdout
    data = run_json(cli, "depthwise")
    assert {"standard", "depthwise", "pointwise", "separable", "reduction", "formula"} <= set(data)
    assert data["standard"] == {"params": 73_728, "macs": 924_844_032, "flops": 1_849_688_064}
    assert data["separable"]["macs"] == 109_985_792
    assert data["depthwise"]["params"] + data["pointwise"]["params"] == data["separable"]["params"] == 8_768
    assert round(data["reduction"], 2) == 8.41 and data["formula"] == "1/C_out + 1/k^2"
    assert data["formula_value"] == pytest.approx(1 / 128 + 1 / 9) and data["formula_matches"]
    other = run_json(cli, "depthwise", "--cin", "32", "--cout", "64", "--stride", "2", "--size", "56")
    assert other["output"] == [64, 28, 28] and other["documents_note"] is None


def test_bottleneck_documents_example(cli):
    result = cli("calc", "bottleneck", "--channels", "256", "--mid", "64")
    assert result.exit_code == 0
    for text in ("69,632", "589,824", "1,179,648", "70,400", "8.47", "+ BN"):
        assert text in result.stdout
    data = run_json(cli, "bottleneck")
    blocks = data["blocks"]
    assert list(blocks) == ["bottleneck", "plain", "basic"]
    assert blocks["bottleneck"]["params"] == 69_632 and blocks["plain"]["params"] == 589_824
    assert [p["name"] for p in blocks["bottleneck"]["parts"]] == ["reduce", "spatial", "expand"]
    assert blocks["bottleneck"]["macs"] == 56 * 56 * 69_632
    assert data["params_ratio"]["plain"] == pytest.approx(589_824 / 69_632)


def test_mbconv_parts_and_comparison(cli):
    data = run_json(cli, "mbconv", "--cin", "24", "--cout", "40", "-k", "5", "--stride", "2", "--size", "56")
    mb, res = data["blocks"]["mbconv"], data["blocks"]["bottleneck"]
    assert [p["name"] for p in mb["parts"]] == ["expand", "depthwise", "se", "project"]
    assert mb["output"] == res["output"] == [40, 28, 28]
    assert mb["formula_matches"] and res["formula_matches"]
    assert [p["name"] for p in res["parts"]] == ["reduce", "spatial", "expand", "shortcut"]
    result = cli("calc", "mbconv", "--cin", "16", "--cout", "16", "--expand", "1", "--se", "0")
    assert result.exit_code == 0 and "residual add: yes" in result.stdout and "SE" not in result.stdout


def test_scaling_rule_table_and_json(cli):
    result = cli("calc", "scaling")
    assert result.exit_code == 0
    assert "1.9203" in result.stdout and "96.28" in result.stdout and "--real" in result.stdout
    data = run_json(cli, "scaling", "--phi", "0..2", "--alpha", "1.2")
    assert [r["phi"] for r in data["rows"]] == [0, 1, 2]
    assert data["rows"][1]["depth"] == pytest.approx(1.2) and data["rows"][2]["two_pow_phi"] == 4


@pytest.mark.slow
def test_scaling_real_prints_b0_to_b7(cli):
    result = cli("calc", "scaling", "--real")
    assert result.exit_code == 0
    for text in ("B0", "B7", "5.289 M", "66.35 M", "37.75 G", "600 (596)"):
        assert text in result.stdout
    data = run_json(cli, "scaling", "--real", "--phi", "1")
    (row,) = data["rows"]
    assert (row["name"], row["resolution"], row["params"]) == ("efficientnet_b1", 240, 7_794_184)
    assert (row["width_mult"], row["depth_mult"]) == (1.0, 1.1) and row["rule"]["depth"] == pytest.approx(1.2)


@pytest.mark.slow
def test_width_alpha_list_and_repeats(cli):
    data = run_json(cli, "width", "--model", "mobilenet_v2", "--alpha", "0.5", "0.75")
    assert [r["alpha"] for r in data["rows"]] == [0.5, 0.75, 1.0]
    half = data["rows"][0]
    assert half["rule"] == 0.25 and half["macs_ratio"] > 0.25  # the rule under-predicts the real model
    assert half["by_kind"]["classifier"]["params"] == 1_281_000 and half["by_kind"]["classifier"]["exponent"] == 0
    assert any(x["rule"] == "multiple of 8" for x in half["rounding"])
    again = run_json(cli, "width", "--alpha", "0.5", "--alpha", "0.75", "--model", "mnasnet")
    assert again["model"] == "mnasnet" and [r["alpha"] for r in again["rows"]] == [0.5, 0.75, 1.0]
    result = cli("calc", "width", "--alpha", "0.5", "--explain")
    assert result.exit_code == 0 and "Why not α²" in result.stdout and "0.5^2" in result.stdout


@pytest.mark.parametrize("args", [
    ["conv", "--cin", "0", "--cout", "8", "-k", "3"],
    ["conv", "--cin", "6", "--cout", "8", "-k", "3", "--groups", "4"],
    ["conv", "--cin", "3", "--cout", "8", "-k", "9", "--size", "4"],
    ["conv", "--cin", "3", "--cout", "8", "-k", "3", "--size", "8", "--height", "4"],
    ["conv", "--cin", "3", "--cout", "8", "-k", "3", "--padding", "x"],
    ["depthwise", "--size", "-1"],
    ["depthwise", "--cin", "8", "-k", "3", "--padding", "0", "--size", "2"],
    ["bottleneck", "--mid", "0"],
    ["mbconv", "--cin", "8", "--cout", "8", "--se", "2"],
    ["mbconv", "--cin", "8", "--cout", "8", "--expand", "0"],
    ["scaling", "--phi", "3..1"],
    ["scaling", "--alpha", "-1"],
    ["scaling", "--real", "--phi", "9"],
    ["width", "--model", "resnt50"],
    ["width", "--model", "resnet50"],
    ["width", "--alpha", "0"],
])
def test_bad_input_is_one_line_exit_2(cli, args):
    result = cli("calc", *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert result.stdout == ""


def test_explain_panels_and_json(cli):
    result = cli("calc", "depthwise", "--explain")
    assert "derivation" in result.stdout and "1/k^2 + 1/C_out" in result.stdout and "8.40876" in result.stdout
    data = run_json(cli, "bottleneck", "--explain")
    step = data["explain"][0]
    assert set(step) == {"label", "formula", "substituted", "value"} and step["value"] == 69_632
    conv = run_json(cli, "conv", "--cin", "3", "--cout", "8", "-k", "3", "--explain")
    assert [s["value"] for s in conv["explain"]][2:4] == [conv["params"], conv["macs"]]
    scaling = run_json(cli, "scaling", "--phi", "1", "--explain")
    assert scaling["explain"][-1]["value"] == pytest.approx(1.92027)


@pytest.mark.slow
def test_calc_commands_do_not_import_torchvision_or_sympy(isolated_home):
    """conv/depthwise/bottleneck/mbconv/scaling stay off torchvision (and sympy's printing unless --explain)."""
    code = """
import sys
from cnnquiz.cli.main import app
for args in (["conv", "--cin", "3", "--cout", "8", "-k", "3"], ["depthwise"], ["bottleneck"],
             ["mbconv", "--cin", "8", "--cout", "8"], ["scaling"]):
    try:
        app(["calc", *args, "--json"], standalone_mode=False)
    except SystemExit as exc:
        assert not exc.code, exc
print("LOADED", "torchvision" in sys.modules, "cnnquiz.calc.explain" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=fresh_env(isolated_home), timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "LOADED False False"
