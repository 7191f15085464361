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


def fits(out: str, width: str) -> None:
    """Every line within the width, and no number cut by an ellipsis."""
    assert all(len(line) <= int(width) for line in out.splitlines()), out
    assert not NUMBER_CUT.search(out), out


def table_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line[:1] in "│┃" or line.startswith("  ")]


@pytest.mark.parametrize("width", WIDTHS)
def test_models_keeps_names_and_accuracy_whole(cli, width):
    out = cli("models", "--family", "efficientnet", env={"COLUMNS": width}).output
    fits(out, width)
    assert "…" not in out  # at 60 columns the Res header and its numbers were cut
    every = cli("models", env={"COLUMNS": width}).output
    fits(every, width)
    assert "…" not in every and "mobilenet_v3_large" in every
    for name in ("efficientnet_b0", "efficientnet_b7", "84.12%", "EfficientNet-B7"):
        assert name in out


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("model", ["resnet50", "densenet121", "regnet_y_400mf"])
def test_calc_rf_never_cuts_a_number_or_a_stage(cli, width, model):
    # At 60 columns the stage table cut its numbers and names (`112×1…`, `features.densebl…`, a field `2…`);
    # now the headers shrink to k/s/rf/j (explained below) and long stage names fold.
    out = cli("calc", "rf", model, env={"COLUMNS": width}).output
    fits(out, width)
    assert not any("…" in line for line in table_lines(out)), out
    assert "112×112" in out and ("receptive field 427 px" in out if model == "resnet50" else True)
    if width == "60":
        assert "k = kernel, s = stride, rf = field" in " ".join(out.split())


@pytest.mark.parametrize("width", WIDTHS)
def test_calc_rf_spec_and_depthwise_and_scaling_fit(cli, width):
    spec = cli("calc", "rf", "--spec", "conv7-s2,pool3-s2,conv3,conv3-s2,conv3", "--resolution", "224",
               env={"COLUMNS": width}).output
    fits(spec, width)
    assert not any("…" in line for line in table_lines(spec))
    dw = cli("calc", "depthwise", env={"COLUMNS": width}).output
    fits(dw, width)  # was `1,849,688,0…` at 60: SI units instead
    assert ("1,849,688,064" if width != "60" else "1.85G") in dw
    scaling = cli("calc", "scaling", env={"COLUMNS": width}).output
    fits(scaling, width)
    assert "…" not in scaling.split("depth d =")[0]  # headers stack instead of `resolu…`
    width_out = cli("calc", "width", "0.5", "0.75", env={"COLUMNS": width}).output
    fits(width_out, width)
    assert "1,968,680" in width_out


@pytest.fixture
def progress(cli):
    """A few reviews (one with a long answer), a leech-free history and an interview date."""
    from datetime import timedelta

    from cnnquiz import paths
    from cnnquiz.progress.rating import Rating
    from cnnquiz.progress.scheduler import utcnow
    from cnnquiz.progress.store import Store

    now = utcnow() - timedelta(days=3)
    with Store.open(paths.default_db_path()) as store:
        for qid, rating in (("resnet-key-innovation", Rating.GOOD), ("se-block-why", Rating.AGAIN),
                            ("depthwise-separable-flops", Rating.HARD)):
            store.record_review(qid, rating, 0.61, "identity shortcuts let gradients flow through " * 6, 95,
                                now=now)
        store.record_review("resnet-key-innovation", Rating.EASY, 0.93, "residual learning", 12,
                            now=now + timedelta(days=1))
    assert cli("plan", "--interview", (utcnow() + timedelta(days=12)).date().isoformat()).exit_code == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_stats_card_show_and_plan_fit(cli, progress, width):
    for args in (("stats",), ("card", "show", "resnet-key-innovation"), ("plan",)):
        result = cli(*args, env={"COLUMNS": width})
        assert result.exit_code == 0, result.output
        fits(result.output, width)
        assert "resnet-key-innovation" in result.output or args == ("plan",)
    shown = cli("card", "show", "resnet-key-innovation", env={"COLUMNS": width}).output
    assert "93" in shown and "61" in shown  # both scores


@pytest.mark.parametrize("width", ["60", "80"])
def test_the_verdict_panel_fits(cli, width):
    result = cli("grade", "depthwise-separable-flops", "--answer",
                 "a kxk depthwise conv filters each channel alone, then a 1x1 pointwise conv mixes them: cost "
                 "1/N + 1/k^2 of a full conv, ~8-9x fewer", env={"COLUMNS": width})
    assert result.exit_code == 0
    fits(result.output, width)
    assert "score " in result.output and "depthwise per-channel" in result.output


@pytest.mark.parametrize("width", ["60", "80"])
def test_the_frontier_plot_fits(cli, width):
    out = cli("compare", "resnet50", "efficientnet_b0", "--plot", env={"COLUMNS": width}).output
    fits(out, width)
    assert "…" not in out


@pytest.mark.slow
def test_verify_fits_at_120_columns(cli):
    out = cli("verify", env={"COLUMNS": "120"}).output
    fits(out, "120")
    assert not re.search(r"[A-Za-z0-9_-]{4,}…", out), out


@pytest.mark.slow
@pytest.mark.parametrize("width", ["60", "80"])
def test_verify_never_cuts_a_model_name_or_number(cli, width):
    out = cli("verify", env={"COLUMNS": width}).output
    fits(out, width)
    assert not re.search(r"[A-Za-z0-9_-]{4,}…", out), out
