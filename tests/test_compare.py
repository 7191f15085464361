"""compare and models: measured profiles, the results cache, ratios and best values, JSON, plot, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cnnquiz import cache
from cnnquiz.calc import comparison as C
from cnnquiz.calc import profile as P
from tests.conftest import fresh_env


def _toy():
    import torch
    from torch import nn

    with torch.device("meta"):
        return nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(inplace=True),
                             nn.Conv2d(8, 4, 3, stride=2, padding=1), nn.Flatten(), nn.Linear(256, 10)).eval()


def test_toy_profile_by_hand() -> None:
    p = P.measure_module(_toy(), "toy", "toy", 16)
    # outputs: conv1 8×16×16, (in-place ReLU: none), conv2 4×8×8, (Flatten: a view), linear 10 — fp32
    assert p.activation_bytes == (8 * 16 * 16 + 4 * 8 * 8 + 10) * 4
    assert p.macs == 16 * 16 * 8 * 27 + 8 * 8 * 4 * 72 + 256 * 10
    assert p.flops == 2 * p.macs
    assert p.params == (8 * 27 + 8) + (4 * 72 + 4) + (2560 + 10)
    assert p.depth == 3
    assert p.receptive_field == 5 and not p.global_context
    assert p.weights_mb_fp32 == pytest.approx(p.params * 4 / 2**20)
    assert p.weights_mb_int8 == pytest.approx(p.params / 2**20)


def test_resnet50_and_efficientnet_b0_profiles() -> None:
    r = P.profile("ResNet-50")
    assert (r.name, r.resolution, r.params, r.macs) == ("resnet50", 224, 25_557_032, 4_089_184_256)
    assert r.depth == 54  # 49 convs on the main path + 4 projection shortcuts + the stem + fc
    assert r.receptive_field == 427 and not r.global_context
    e = P.profile("efficientnet-b0")
    assert e.params == 5_288_548 and e.macs == pytest.approx(0.386e9, rel=0.01)
    assert e.global_context  # squeeze-and-excitation pools the whole map
    assert e.activation_bytes < r.activation_bytes


def test_profile_is_cached_per_resolution_and_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    first = P.profile("resnet18", 160)
    assert cache.read_profile("resnet18", 160)["macs"] == first.macs
    monkeypatch.setattr(P, "measure", lambda *a: pytest.fail("measured although cached"))
    assert P.profile("resnet18", 160) == first
    with pytest.raises(pytest.fail.Exception):
        P.profile("resnet18", 160, use_cache=False)
    monkeypatch.setattr(cache, "versions", lambda: {"torch": "0.0", "torchvision": "0.0"})
    assert cache.read_profile("resnet18", 160) is None


def test_frontier_keeps_only_unbeaten_points() -> None:
    pts = [C.Point("a", 1, 70, "", False), C.Point("b", 2, 69, "", False), C.Point("c", 3, 75, "", False),
           C.Point("d", 0.5, 60, "", False), C.Point("e", 3, 74, "", False)]
    assert [p.name for p in C.frontier(pts)] == ["d", "a", "c"]


def test_best_and_ratios() -> None:
    cols = C.compare(["resnet50", "efficientnet_b0"])
    assert C.best(cols, "params") == {"efficientnet_b0"}
    assert C.best(cols, "top1") == {"resnet50"}  # 80.86 (IMAGENET1K_V2) vs 77.69
    assert C.best(cols, "depth") == set()
    r = C.ratios(cols)
    assert r[0]["macs"] == 1.0
    assert r[1]["params"] == pytest.approx(5_288_548 / 25_557_032)


def test_compare_json_shape(cli) -> None:
    result = cli("compare", "resnet50", "efficientnet-b0", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    first, second = data["models"]
    for key in ("name", "family", "params", "macs", "flops", "resolution", "activation_bytes", "weights_mb_fp32",
                "weights_mb_int8", "depth", "receptive_field", "global_context", "top1", "top5", "weights",
                "ratio_to_first"):
        assert key in first
    assert (first["name"], first["weights"], first["top1"]) == ("resnet50", "IMAGENET1K_V2", 80.858)
    assert second["name"] == "efficientnet_b0" and second["flops"] == 2 * second["macs"]
    assert first["ratio_to_first"]["params"] == 1.0
    assert second["ratio_to_first"]["macs"] == pytest.approx(second["macs"] / first["macs"], rel=1e-3)


def test_compare_table(cli) -> None:
    result = cli("compare", "resnet50", "efficientnet-b0")
    assert result.exit_code == 0, result.output
    for text in ("ResNet-50", "EfficientNet-B0", "25.6M", "4.09G", "427 px", "global (SE)", "×0.21",
                 "80.86%", "IMAGENET1K_V2", "FlopCounterMode"):
        assert text in result.stdout


def test_compare_at_another_resolution(cli) -> None:
    data = json.loads(cli("compare", "resnet50", "vgg16", "-r", "160", "--json").stdout)
    assert all(m["resolution"] == 160 for m in data["models"])
    assert data["models"][0]["macs"] < 4.0e9
    assert data["models"][0]["top1_per_gmac"] is None  # the accuracy is for 224 px


@pytest.mark.parametrize("args, needle", [
    (("compare", "resnet5O", "efficientnet-b0"), "did you mean resnet50"),
    (("compare", "resnet50", "ResNet-50"), "named twice"),
    (("models", "--family", "resnetz"), "did you mean resnet"),
    (("compare", "alexnet", "-r", "16"), "alexnet cannot run at 16×16"),
    (("compare", "vit_b_16", "-r", "200"), "vit_b_16 cannot run at 200×200"),
])
def test_usage_errors_exit_2(cli, args, needle) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert needle in result.stderr
    assert "Traceback" not in result.output


def test_models_lists_aliases_families_accuracy(cli) -> None:
    data = json.loads(cli("models", "--json").stdout)["models"]
    by_name = {m["name"]: m for m in data}
    assert len(data) >= 80
    r50 = by_name["resnet50"]
    assert {"ResNet-50", "resnet-50"} <= set(r50["aliases"])
    assert (r50["family"], r50["resolution"], r50["top1"], r50["weights"]) == ("resnet", 224, 80.858, "IMAGENET1K_V2")
    assert by_name["mobilenet_v1"]["top1"] is None and not by_name["mobilenet_v1"]["torchvision"]
    eff = json.loads(cli("models", "--family", "efficientnet", "--json").stdout)["models"]
    assert [m["name"] for m in eff] == [f"efficientnet_b{i}" for i in range(8)]
    assert "EfficientNet-B0" in cli("models", "-f", "efficientnet").stdout


def test_plot_shows_the_frontier(cli) -> None:
    result = cli("compare", "resnet50", "efficientnet-b0", "--plot")
    assert result.exit_code == 0
    assert "efficient frontier" in result.stdout and "GMACs" in result.stdout
    assert "on the frontier: efficientnet_b0" in result.stdout
    data = json.loads(cli("compare", "resnet50", "efficientnet-b0", "--plot", "--json").stdout)
    names = [p["name"] for p in data["frontier"]]
    assert "efficientnet_b0" in names and "resnet50" not in names
    assert sum(p["measured"] for p in data["frontier"]) == 1


@pytest.mark.slow
def test_latency_with_real_weights(cli) -> None:
    result = cli("compare", "squeezenet1_1", "mobilenet_v3_small", "--latency", "--runs", "3", "--threads", "1",
                 "-r", "32", "--json")
    data = json.loads(result.stdout)
    for m in data["models"]:
        lat = m["latency"]
        assert list(lat) == ["median_ms", "p10_ms", "p90_ms", "runs", "threads"]
        assert 0 < lat["p10_ms"] <= lat["median_ms"] <= lat["p90_ms"]
        assert lat["runs"] == 3 and lat["threads"] == 1  # --threads is honoured
        assert m["latency_ms"] == lat["median_ms"]


def test_latency_returns_every_run_and_restores_torch_threads() -> None:
    import torch

    before = torch.get_num_threads()
    lat = C.latency("squeezenet1_1", 32, runs=4, warmup=1, threads=1)
    assert len(lat.runs_ms) == 4 and lat.threads == 1 and lat.warmup == 1
    assert lat.p10_ms <= lat.median_ms <= lat.p90_ms
    assert torch.get_num_threads() == before
    assert C.latency("squeezenet1_1", 32, runs=1, warmup=0).threads == before  # default: torch's own count
    with pytest.raises(C.UsageError, match="--threads"):
        C.latency("squeezenet1_1", 32, threads=0)


def _timed(runs_ms: tuple[float, ...], name: str = "resnet18") -> C.Compared:
    col = C.compared(name, 64)
    return C.with_latency(col, C.Latency(runs_ms, threads=2, warmup=3))


def test_latency_spread_and_the_20_percent_warning() -> None:
    steady = C.Latency((10.0, 10.2, 9.9, 10.1, 10.0, 9.8, 10.3, 10.0, 10.1, 9.9), threads=4)
    assert steady.p10_ms <= steady.median_ms <= steady.p90_ms and not steady.noisy
    swinging = C.Latency((25.0, 26.0, 24.0, 787.0, 25.5, 30.0, 25.0, 24.5, 400.0, 25.0), threads=4)
    assert swinging.median_ms == 25.25 and swinging.p90_ms > 1.2 * swinging.median_ms and swinging.noisy
    assert C.Latency((5.0,), threads=1).to_dict() == {"median_ms": 5.0, "p10_ms": 5.0, "p90_ms": 5.0, "runs": 1,
                                                       "threads": 1}
    # the boundary: a spread of exactly 20% of the median is not yet a warning
    edge = (9.0, 9.0, *[10.0] * 7, 11.0, 11.0)  # 11 runs: p10 and p90 fall on the 2nd and the 10th
    assert C.Latency(edge, threads=1).p90_ms - C.Latency(edge, threads=1).p10_ms == 2.0
    assert not C.Latency(edge, threads=1).noisy and C.Latency((*edge[:-2], 11.1, 11.1), threads=1).noisy


@pytest.mark.parametrize("width", [60, 80, 120])
def test_latency_rows_fit_and_warn(width: int) -> None:
    import io

    from rich.console import Console

    from cnnquiz.render import compare as R

    cols = [_timed((12.0, 12.5, 11.8, 12.2, 12.1)), _timed((25.0, 787.0, 24.0, 26.0, 400.0), "mobilenet_v3_small"),
            _timed((101.0, 104.0, 99.5), "efficientnet_b0")]
    out = io.StringIO()
    R.render_compare(Console(file=out, width=width, color_system=None), cols, C.ratios(cols),
                     lambda key: C.best(cols, key), runs=5)
    text = out.getvalue()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert all(line.rstrip().endswith(("│", "┃", "┓", "┩", "┘", "┐", "┤", "┫")) for line in lines if line[:1] in "│┃┏┡└")
    assert "…" not in text
    flat = " ".join(text.split())
    for c in cols:  # the median and the whole p10–p90 of every model
        lat = c.latency
        assert f"{R._ms(lat.median_ms)} ms" in flat and f"{R._ms(lat.p10_ms)}–{R._ms(lat.p90_ms)}" in flat
    assert "12.1 ms" in flat and "99.8–103" in flat  # one decimal below 100 ms, whole above
    assert "2 CPU threads" in flat and "3 warm-up runs" in flat
    assert "warning: mobilenet_v3_small's latency is noisy" in flat
    assert "warning: resnet18" not in flat and "warning: efficientnet_b0" not in flat


PROBE = """
import sys
from cnnquiz.cli.main import app
sys.argv = ["cnnquiz", *sys.argv[1:]]
try:
    app()
except SystemExit:
    pass
print("TORCH_IMPORTED", "torch" in sys.modules, "torchvision" in sys.modules, file=sys.stderr)
"""


@pytest.mark.slow
def test_cached_compare_does_not_import_torch(isolated_home: Path) -> None:
    env = fresh_env(isolated_home)
    args = [sys.executable, "-c", PROBE, "compare", "resnet50", "efficientnet-b0", "--plot"]
    cold = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert "TORCH_IMPORTED True True" in cold.stderr
    warm = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert "TORCH_IMPORTED False False" in warm.stderr, warm.stderr
    assert warm.stdout == cold.stdout
    fresh = subprocess.run([*args, "--no-cache"], env=env, capture_output=True, text=True, timeout=300)
    assert "TORCH_IMPORTED True" in fresh.stderr


def test_comparison_result_owns_ratios_json_and_frontier() -> None:
    cols = C.compare(["resnet50", "efficientnet_b0"])
    plain = C.Comparison.of(cols, None)
    assert plain.frontier is None and "frontier" not in plain.to_json()
    assert plain.ratios[0]["params"] == 1.0 and plain.ratios[1]["params"] == pytest.approx(
        cols[1].profile.params / cols[0].profile.params)
    assert plain.to_json()["baseline"] == "resnet50"
    plotted = C.Comparison.of(cols, None, plot=True)
    front = plotted.to_json()["frontier"]
    assert front and all(set(p) == {"name", "gmacs", "top1", "measured"} for p in front)
    assert {p.name for p in plotted.frontier.chosen} <= {p.name for p in plotted.frontier.points}
