"""Tables at 60, 80 and 120 columns: numbers and names are never cut with an ellipsis (issue 13 item 1)."""

from __future__ import annotations

import re

import pytest

from cnnquiz.render.calc import short

WIDTHS = ("60", "80", "120")
NUMBER_CUT = re.compile(r"[\d,.]…|…[\d,.]")


def test_short_si_units():
    assert short(1_849_688_064) == "1.85G"
    assert short(218_365_952) == "218M"
    assert short(69_632) == "69.6K"
    assert short(800) == "800"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [
    ("calc", "bottleneck", "--channels", "256", "--mid", "64"),
    ("calc", "mbconv", "--cin", "40", "--cout", "80", "--expand", "6", "-k", "3", "--stride", "2", "--se", "0.25",
     "--size", "28"),
])
def test_block_comparisons_fit_without_cutting(cli, width, args):
    out = cli(*args, env={"COLUMNS": width}).output
    table = out.split("MACs = multiply")[0]
    assert "…" not in table, table
    assert all(len(line) <= int(width) for line in out.splitlines())
    assert table.count("✓") >= 5  # the check column is kept
    if width == "120":
        assert "1,849,688,064" in out or "11,717,760" in out  # every digit where it fits


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [("bank", "list", "--topic", "resnet"), ("bank", "search", "depthwise flops")])
def test_bank_tables_keep_ids_whole(cli, width, args):
    out = cli(*args, env={"COLUMNS": width}).output
    assert not NUMBER_CUT.search(out)
    assert all(len(line) <= int(width) for line in out.splitlines())
    for qid in ("resnet-key-innovation",) if args[1] == "list" else ("depthwise-flops-calc",):
        assert qid in out


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_compare_never_ellipsizes_model_names(cli, width):
    models = ("efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "resnet50")
    out = cli("compare", *models, env={"COLUMNS": width}).output
    assert "…" not in out, out
    assert all(len(line) <= int(width) for line in out.splitlines())
    for display in ("EfficientNet-B0", "EfficientNet-B1", "EfficientNet-B2", "ResNet-50"):
        assert display in out
    tables = out.count("Model comparison")
    assert tables == 1 if width == "120" else tables >= 2
    wide = cli("compare", *models, "--wide", env={"COLUMNS": width}).output
    assert wide.count("Model comparison") == 1


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_scaling_real_keeps_names_and_numbers(cli, width):
    out = cli("calc", "scaling", "--real", env={"COLUMNS": width}).output
    table = out.split("(rule) =")[0].replace("B0…B7", "B0-B7")  # the title's own ellipsis
    assert "…" not in table, table
    assert all(len(line) <= int(width) for line in out.splitlines())
    for name in ("B0", "B3", "B7"):
        assert f"  {name} " in table
