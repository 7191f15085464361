"""cnnquiz's params, MACs and receptive fields against peer profilers, every measurement in a fresh process.

Run: .venv/bin/python benchmarks/profilers.py [--models resnet50 ...] [--tools cnnquiz thop ...] [--json out.json]
(peers: `pip install -e '.[bench]'`: ptflops, fvcore, thop, torchinfo, torchscan).

Prints one Markdown table. Reference rows:
- models: torchvision's published weights metadata (num_params, and _ops = GMACs, which torchvision labels
  "GFLOPS"), at each model's published crop size; MACs agree when they round to the same 3 decimals;
- edge cases: the closed-form conv formulas of cnnquiz.calc.formulas (conv/linear MACs only, the
  convention torchvision's numbers follow: bias adds, BN, activations, pooling and elementwise products
  count 0, so a peer that counts them shows as off by exactly those ops);
- receptive fields: measured, not computed: a single-channel twin of the model's feature extractor
  (every conv replaced by a 1-in/1-out conv of the same kernel, stride, padding and dilation with
  positive weights, max-pool by avg-pool of the same window, BN/activations/SE/dropout by identity)
  is run on a real float64 image large enough not to clip; the field is the extent of the input pixels
  with a non-zero gradient of the centre unit of the final feature map.
Peers run a real CPU forward of batch 1 on random weights; cnnquiz counts on the meta device.
"count s" is the counting call inside the child, "process s" the child's whole life (imports, model
build), "peak RSS" the child's getrusage(RUSAGE_SELF).ru_maxrss.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, Callable

MODELS = ("resnet50", "efficientnet_b0", "efficientnet_b7", "vgg16", "mobilenet_v3_large")
COUNTERS = ("cnnquiz", "ptflops-pytorch", "ptflops-aten", "fvcore", "thop", "torchinfo", "torchscan")
RF_TOOLS = ("cnnquiz", "torchscan")
EDGE_CASES = ("Conv2d subclass (weight standardization)", "F.conv2d in a custom module",
              "SE block (torchvision SqueezeExcitation)", "Conv + BatchNorm in eval", "Conv + Hardswish")
TIMEOUT = 1800


# ---------------------------------------------------------------------------------------------------
# child side: one measurement per process
# ---------------------------------------------------------------------------------------------------


def peer_counts(tool: str, model: Any, shape: tuple[int, int, int]) -> tuple[int, int]:
    """(params, MACs) as a peer reports them for one batch-1 forward on a real CPU tensor."""
    import torch

    x = torch.randn(1, *shape)
    quiet = contextlib.redirect_stdout(io.StringIO())
    if tool.startswith("ptflops"):
        from ptflops import get_model_complexity_info

        with quiet:
            macs, params = get_model_complexity_info(model, shape, as_strings=False, backend=tool.split("-")[1],
                                                     print_per_layer_stat=False, verbose=False)
        return int(params), int(macs)
    if tool == "fvcore":
        from fvcore.nn import FlopCountAnalysis, parameter_count

        analysis = FlopCountAnalysis(model, x)
        analysis.unsupported_ops_warnings(False)
        analysis.uncalled_modules_warnings(False)
        return int(parameter_count(model)[""]), int(analysis.total())  # fvcore's "flop" is one MAC
    if tool == "thop":
        import thop

        with quiet:
            macs, params = thop.profile(model, inputs=(x,), verbose=False)
        return int(params), int(macs)
    if tool == "torchinfo":
        import torchinfo

        stats = torchinfo.summary(model, input_data=x, verbose=0, device="cpu")
        return int(stats.total_params), int(stats.total_mult_adds)
    if tool == "torchscan":
        from torchscan import crawl_module

        totals = crawl_module(model, shape)["totals"]
        macs = totals["macs"]  # "partial" (value None) when a layer type has no formula: take what it knew
        return int(totals["parameters"]["value"]), int(macs["value"] if macs["value"] is not None else macs["known_value"])
    raise ValueError(f"unknown tool {tool}")


def child_model(tool: str, name: str) -> dict[str, Any]:
    from cnnquiz import models
    from cnnquiz.models.published import default_resolution

    res = default_resolution(name)
    if tool == "cnnquiz":
        from cnnquiz.calc import counting

        start = time.perf_counter()
        c = counting.model_counts(name)
        return {"params": c.params, "macs": c.macs, "seconds": time.perf_counter() - start, "resolution": res}
    model = models.build(name, device="cpu")
    start = time.perf_counter()
    params, macs = peer_counts(tool, model, (3, res, res))
    return {"params": params, "macs": macs, "seconds": time.perf_counter() - start, "resolution": res}


def edge_modules() -> dict[str, tuple[Callable[[], Any], tuple[int, int, int]]]:
    """Each edge case: a factory for the module and its (C, H, W) input."""
    import torch
    import torch.nn.functional as F
    from torch import nn
    from torchvision.ops import SqueezeExcitation

    class WSConv2d(nn.Conv2d):
        """Weight-standardized conv (BiT, NFNet): an nn.Conv2d subclass with its own forward."""

        def forward(self, x):
            w = self.weight
            w = (w - w.mean(dim=(1, 2, 3), keepdim=True)) / (w.std(dim=(1, 2, 3), keepdim=True) + 1e-5)
            return F.conv2d(x, w, self.bias, self.stride, self.padding, self.dilation, self.groups)

    class FunctionalConv(nn.Module):
        """A conv written with F.conv2d and its own Parameters (dynamic/coord convs look like this)."""

        def __init__(self, cin: int, cout: int, k: int) -> None:
            super().__init__()
            self.weight = nn.Parameter(torch.randn(cout, cin, k, k) * 0.01)
            self.bias = nn.Parameter(torch.zeros(cout))

        def forward(self, x):
            return F.conv2d(x, self.weight, self.bias, padding=self.weight.shape[-1] // 2)

    return {
        EDGE_CASES[0]: (lambda: WSConv2d(64, 128, 3, padding=1), (64, 56, 56)),
        EDGE_CASES[1]: (lambda: FunctionalConv(64, 128, 3), (64, 56, 56)),
        EDGE_CASES[2]: (lambda: SqueezeExcitation(256, 64), (256, 28, 28)),
        EDGE_CASES[3]: (lambda: nn.Sequential(nn.Conv2d(64, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64)),
                        (64, 56, 56)),
        EDGE_CASES[4]: (lambda: nn.Sequential(nn.Conv2d(16, 16, 3, padding=1), nn.Hardswish()), (16, 112, 112)),
    }


def edge_reference(case: str) -> tuple[int, int]:
    """Closed-form (params, MACs) of an edge case: conv/linear MACs only."""
    from cnnquiz.calc import formulas as f

    if case in EDGE_CASES[:2]:
        return f.conv_params(64, 128, 3), f.conv_macs(64, 128, 3, 56)
    if case == EDGE_CASES[2]:
        return (f.conv_params(256, 64, 1) + f.conv_params(64, 256, 1),
                f.conv_macs(256, 64, 1, 1) + f.conv_macs(64, 256, 1, 1))
    if case == EDGE_CASES[3]:
        return f.conv_params(64, 64, 3, bias=False) + f.bn_params(64), f.conv_macs(64, 64, 3, 56)
    return f.conv_params(16, 16, 3), f.conv_macs(16, 16, 3, 112)


def child_edge(tool: str) -> dict[str, Any]:
    import torch

    out: dict[str, Any] = {}
    for case, (factory, shape) in edge_modules().items():
        try:
            if tool == "cnnquiz":
                from cnnquiz.calc import counting

                with torch.device("meta"):
                    module = factory().eval()
                c = counting.count(module, shape)
                out[case] = {"params": c.params, "macs": c.macs}
            else:
                params, macs = peer_counts(tool, factory().eval(), shape)
                out[case] = {"params": params, "macs": macs}
        except Exception as exc:  # a peer that crashes on a case is a result too
            out[case] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}"}
    return {"cases": out}


def feature_extractor(name: str, model: Any) -> Any:
    """The part of a torchvision classifier that ends at the final feature map (before global pooling)."""
    from torch import nn

    if name.startswith("resnet"):
        m = model
        return nn.Sequential(m.conv1, m.bn1, m.relu, m.maxpool, m.layer1, m.layer2, m.layer3, m.layer4)
    return model.features


def measured_rf(name: str) -> dict[str, Any]:
    """Receptive field measured by gradients on a single-channel twin (see the module docstring)."""
    import torch
    from torch import nn
    from torchvision.ops import SqueezeExcitation, StochasticDepth

    from cnnquiz import models

    identity = (nn.BatchNorm2d, SqueezeExcitation, StochasticDepth, nn.Dropout, nn.Identity, nn.ReLU, nn.ReLU6,
                nn.Hardswish, nn.Hardsigmoid, nn.SiLU, nn.Sigmoid, nn.GELU)

    def twin(module: nn.Module) -> None:
        for child_name, c in module.named_children():
            if isinstance(c, nn.Conv2d):
                t = nn.Conv2d(1, 1, c.kernel_size, c.stride, c.padding, c.dilation, bias=False,
                              padding_mode=c.padding_mode)
                nn.init.constant_(t.weight, 1.0 / t.weight.numel())
                setattr(module, child_name, t)
            elif isinstance(c, nn.MaxPool2d):
                setattr(module, child_name, nn.AvgPool2d(c.kernel_size, c.stride, c.padding, c.ceil_mode))
            elif isinstance(c, identity):
                setattr(module, child_name, nn.Identity())
            elif list(c.children()):
                twin(c)
            else:
                raise TypeError(f"no twin rule for {type(c).__name__}")

    features = feature_extractor(name, models.build(name, device="cpu"))
    twin(features)
    features = features.double()
    size = 512
    while size <= 8192:
        x = torch.ones(1, 1, size, size, dtype=torch.float64, requires_grad=True)
        y = features(x)
        h, w = y.shape[-2:]
        y[0, :, h // 2, w // 2].sum().backward()
        support = x.grad[0, 0] != 0
        rows = support.any(1).nonzero().flatten()
        cols = support.any(0).nonzero().flatten()
        if rows.min() > 0 and rows.max() < size - 1 and cols.min() > 0 and cols.max() < size - 1:
            return {"rf": int(rows.max() - rows.min() + 1), "rf_w": int(cols.max() - cols.min() + 1), "probe": size}
        size *= 2
    raise RuntimeError("receptive field larger than 8192 px")


def torchscan_rf(name: str) -> dict[str, Any]:
    """torchscan 0.2 reports each layer's own kernel and stride (containers get none); composed here over the
    layers up to the final feature map in call order, r += (k - 1)·j, j *= s, as torchscan 0.1 did itself."""
    from torchscan import crawl_module

    from cnnquiz import models
    from cnnquiz.models.published import default_resolution

    res = default_resolution(name)
    model = models.build(name, device="cpu")
    prefixes = ("conv1", "bn1", "relu", "maxpool", "layer") if name.startswith("resnet") else ("features",)
    r, j = 1.0, 1.0
    for layer in crawl_module(model, (3, res, res))["layers"]:
        metrics = layer["metrics"]
        if not layer["path"].startswith(prefixes) or "receptive_field" not in metrics:
            continue
        k = metrics["receptive_field"]["value"]
        s = metrics["effective_stride"]["value"]
        if k is None or s is None:
            continue
        r += (k - 1) * j
        j *= s
    return {"rf": int(round(r))}


def cnnquiz_rf(name: str) -> dict[str, Any]:
    from cnnquiz.rf import model_result

    result = model_result(name)
    return {"rf": int(result.receptive_field), "final_layer": result.final_layer}


def child_main(kind: str, tool: str, subject: str, out: str) -> None:
    import resource

    warnings.simplefilter("ignore")
    start = time.perf_counter()
    if kind == "model":
        data = child_model(tool, subject)
    elif kind == "edge":
        data = child_edge(tool)
    else:
        fn = {"reference": measured_rf, "cnnquiz": cnnquiz_rf, "torchscan": torchscan_rf}[tool]
        data = fn(subject)
        data["seconds"] = time.perf_counter() - start
    data["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(out).write_text(json.dumps(data))


# ---------------------------------------------------------------------------------------------------
# parent side: spawn, collect, print
# ---------------------------------------------------------------------------------------------------


def run_child(kind: str, tool: str, subject: str) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its wall time is measured from here."""
    with tempfile.TemporaryDirectory(prefix="cnnquiz-bench-") as tmp:
        out = Path(tmp) / "result.json"
        argv = [sys.executable, __file__, "--child", kind, tool, subject, str(out)]
        env = {**os.environ, "CNNQUIZ_HOME": tmp}
        start = time.perf_counter()
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, env=env)
        except subprocess.TimeoutExpired:
            return {"error": f"timed out after {TIMEOUT} s"}
        wall = time.perf_counter() - start
        if proc.returncode != 0 or not out.exists():
            lines = (proc.stderr or proc.stdout).strip().splitlines() or ["no output"]
            return {"error": lines[-1][:100], "process_s": wall}
        data = json.loads(out.read_text())
        data["process_s"] = wall
        return data


def fmt_int(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def fmt_rf(n: int) -> str:
    return f"{n:,}" if n < 1e7 else f"{n:.2e}"


def fmt_macs(n: int | None) -> str:
    if n is None:
        return ""
    return f"{n / 1e9:.3f} G" if n >= 1e8 else f"{n:,}"


def rel(value: float, ref: float) -> str:
    pct = (value - ref) / ref * 100
    return f"{pct:+.2f}%" if abs(pct) >= 0.01 or pct == 0 else f"{pct:+.1e}%"


def verdict_counts(params: int, macs: int, ref_params: int, ref_macs: int | float, macs_in_g: bool) -> str:
    """'exact' or what is off; model MACs compare at torchvision's published precision (3 decimals of G),
    edge cases exactly (with the absolute difference)."""
    off = []
    if params != ref_params:
        off.append(f"params {rel(params, ref_params)}" + ("" if macs_in_g else f" ({params - ref_params:+,})"))
    if macs_in_g and round(macs / 1e9, 3) != ref_macs:
        off.append(f"MACs {rel(macs, ref_macs * 1e9)}")
    elif not macs_in_g and macs != ref_macs:
        off.append(f"MACs {rel(macs, ref_macs)} ({macs - ref_macs:+,})")
    return "exact" if not off else "**off**: " + ", ".join(off)


def row(case: str, tool: str, params: str = "", macs: str = "", rf: str = "", verdict: str = "",
        data: dict[str, Any] | None = None) -> str:
    data = data or {}
    count_s = f"{data['seconds']:.2f}" if "seconds" in data else ""
    process_s = f"{data['process_s']:.1f}" if "process_s" in data else ""
    rss = f"{data['maxrss_mb']:.0f}" if "maxrss_mb" in data else ""
    return f"| {case} | {tool} | {params} | {macs} | {rf} | {verdict} | {count_s} | {process_s} | {rss} |"


def model_rows(name: str, tools: list[str], log: Callable[[str], None]) -> list[str]:
    from cnnquiz.models.published import default_resolution, published

    pub = published(name)[0]
    res = default_resolution(name)
    case = f"{name} @{res}"
    rows = [row(case, f"torchvision {pub.name} (reference)", fmt_int(pub.num_params), f"{pub.gmacs:.3f} G")]
    for tool in tools:
        log(f"{name}: {tool}")
        d = run_child("model", tool, name)
        if "error" in d:
            rows.append(row(case, tool, verdict=f"error: {d['error']}", data=d))
            continue
        rows.append(row(case, tool, fmt_int(d["params"]), fmt_macs(d["macs"]), "",
                        verdict_counts(d["params"], d["macs"], pub.num_params, pub.gmacs, True), d))
    return rows


def edge_rows(tools: list[str], log: Callable[[str], None]) -> list[str]:
    results = {}
    for tool in tools:
        log(f"edge cases: {tool}")
        results[tool] = run_child("edge", tool, "-")
    rows = []
    for case in EDGE_CASES:
        ref_params, ref_macs = edge_reference(case)
        rows.append(row(case, "closed form (reference)", fmt_int(ref_params), fmt_int(ref_macs)))
        for tool in tools:
            d = results[tool]
            c = d.get("cases", {}).get(case, {"error": d.get("error", "no result")})
            if "error" in c:
                rows.append(row(case, tool, verdict=f"error: {c['error']}"))
            else:
                rows.append(row(case, tool, fmt_int(c["params"]), fmt_int(c["macs"]), "",
                                verdict_counts(c["params"], c["macs"], ref_params, ref_macs, False)))
    return rows


def rf_rows(models: list[str], tools: list[str], log: Callable[[str], None]) -> list[str]:
    rows = []
    for name in models:
        log(f"{name}: receptive field")
        ref = run_child("rf", "reference", name)
        case = f"{name} receptive field"
        if "error" in ref:
            rows.append(row(case, "measured (reference)", verdict=f"error: {ref['error']}", data=ref))
            continue
        rows.append(row(case, f"measured, {ref['probe']} px probe (reference)", rf=fmt_rf(ref["rf"]), data=ref))
        for tool in tools:
            d = run_child("rf", tool, name)
            if "error" in d:
                rows.append(row(case, tool, verdict=f"error: {d['error']}", data=d))
                continue
            ratio = d["rf"] / ref["rf"]
            verdict = "exact" if d["rf"] == ref["rf"] else (
                f"**off**: {ratio:.2f}× the measured field" if ratio < 1e3 else f"**off**: {ratio:.1e}× the measured field")
            rows.append(row(case, tool, rf=fmt_rf(d["rf"]), verdict=verdict, data=d))
    return rows


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions() -> str:
    from importlib import metadata

    parts = []
    for pkg in ("cnnquiz", "torch", "torchvision", "ptflops", "fvcore", "thop", "torchinfo", "torchscan"):
        try:
            parts.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{pkg} (not installed)")
    return ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(MODELS))
    parser.add_argument("--tools", nargs="+", default=list(COUNTERS), choices=COUNTERS)
    parser.add_argument("--no-edge", action="store_true", help="skip the edge-case modules")
    parser.add_argument("--no-rf", action="store_true", help="skip the receptive-field rows")
    args = parser.parse_args()

    def log(msg: str) -> None:
        print(f"… {msg}", file=sys.stderr, flush=True)

    rows: list[str] = []
    for name in args.models:
        rows += model_rows(name, args.tools, log)
    if not args.no_edge:
        rows += edge_rows(args.tools, log)
    if not args.no_rf:
        rows += rf_rows(args.models, [t for t in RF_TOOLS if t in args.tools or t == "cnnquiz"], log)
    print(f"{time.strftime('%Y-%m-%d')} · {cpu_name()} · {os.cpu_count()} CPUs · {platform.system()} "
          f"{platform.machine()} · Python {platform.python_version()}")
    print(versions())
    print()
    print("| case | tool | params | MACs | RF px | vs reference | count s | process s | peak RSS MB |")
    print("|---|---|---:|---:|---:|---|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        child_main(*sys.argv[2:])
    else:
        main()
