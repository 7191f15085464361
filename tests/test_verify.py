"""verify: every claim kind judged against a real computation (wrong fixtures must come out off), the real
bank with no unexplained failure, the JSON shape, and the quiz's facts read from the cache without torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from cnnquiz.bank.schema import Claim, ClaimKind, ClaimUnit, Convention
from cnnquiz.verify.claims import Status, check_claim, within
from cnnquiz.verify.measure import Lab
from tests.conftest import fresh_env
from tests.quizbank import QUESTIONS


def claim(what: str, value: float, unit: str, **kw: Any) -> Claim:
    return Claim(what=ClaimKind(what), value=float(value), unit=ClaimUnit(unit), **kw)


@pytest.fixture(scope="module")
def lab() -> Lab:
    return Lab(use_cache=False)


V1, MF = Convention("resnet-v1"), Convention("macs-vs-flops")
BOTTLENECK = {"kind": "bottleneck", "channels": 256, "mid": 64}
DEPTHWISE = {"kind": "depthwise", "cin": 64, "cout": 128, "k": 3, "size": 112}
SCALING = {"kind": "scaling", "phi": 1, "alpha": 1.2, "beta": 1.1, "gamma": 1.15}

# (claim, expected status): every kind has a right value that holds and a wrong one that must be off.
CASES = [
    (claim("params", 25.6e6, "count", model="resnet50"), Status.HELD),
    (claim("params", 30e6, "count", model="resnet50"), Status.OFF),
    (claim("params", 2_049_000, "count", model="resnet50", part="fc", tolerance=0), Status.HELD),
    (claim("params", 100e6, "count", model="vgg16", part="classifier"), Status.OFF),
    (claim("macs", 4.1e9, "MACs", model="resnet50"), Status.HELD),
    (claim("macs", 5.0e9, "MACs", model="resnet50"), Status.OFF),
    (claim("macs", 3.86e9, "MACs", model="resnet50", convention=V1), Status.DISPUTED),  # stride in the 1×1
    (claim("macs", 3.86e9, "MACs", model="resnet50"), Status.OFF),  # the same number, no convention declared
    (claim("macs", 4.6e9, "MACs", model="resnet50", convention=V1), Status.OFF),  # matches neither build
    (claim("macs", 4.1e9, "MACs", model="resnet50", convention=V1), Status.HELD),  # matches the default
    (claim("macs", 8.18e9, "MACs", model="resnet50", convention=MF), Status.DISPUTED),  # that is FLOPs
    (claim("macs", 8.18e9, "MACs", model="resnet50"), Status.OFF),
    (claim("macs", 14e9, "MACs", model="vgg16", convention=V1), Status.OFF),  # VGG has no v1 build
    (claim("flops", 8.2e9, "FLOPs", model="resnet50"), Status.HELD),
    (claim("flops", 4.1e9, "FLOPs", model="resnet50", convention=MF), Status.DISPUTED),  # MACs called FLOPs
    (claim("flops", 12e9, "FLOPs", model="resnet50"), Status.OFF),
    (claim("macs", 0.39e9, "MACs", model="efficientnet_b7"), Status.OFF),
    (claim("top1", 76.1, "percent", model="resnet50"), Status.HELD),
    (claim("top1", 80.9, "percent", model="resnet50"), Status.HELD),  # IMAGENET1K_V2
    (claim("top1", 79.0, "percent", model="resnet50"), Status.OFF),
    (claim("top1", 77.1, "percent", model="efficientnet_b0", note="paper value"), Status.OFF),
    (claim("top1", 77.1, "percent", model="efficientnet_b0", convention=Convention("paper-weights", 77.1),
           source="Tan & Le 2019, Table 2"), Status.DISPUTED),
    (claim("top1", 76.0, "percent", model="efficientnet_b0", convention=Convention("paper-weights", 77.1),
           source="Tan & Le 2019, Table 2"), Status.OFF),  # neither torchvision's nor the cited figure
    (claim("resolution", 260, "px", model="efficientnet_b2", tolerance=0,
           convention=Convention("paper-resolution", 260), source="Tan & Le 2019"), Status.DISPUTED),
    (claim("resolution", 260, "px", model="efficientnet_b2", tolerance=0), Status.OFF),
    (claim("macs", 0.57e9, "MACs", model="efficientnet_b1", convention=Convention("paper-resolution", 224)),
     Status.DISPUTED),  # B1 counted at 224 px, not at its own 240
    (claim("top5", 92.9, "percent", model="resnet50"), Status.HELD),
    (claim("top5", 90.0, "percent", model="resnet50"), Status.OFF),
    (claim("resolution", 240, "px", model="efficientnet_b1", tolerance=0), Status.HELD),
    (claim("resolution", 300, "px", model="efficientnet_b1", tolerance=0), Status.OFF),
    (claim("receptive_field", 427, "px", model="resnet50"), Status.HELD),
    (claim("receptive_field", 500, "px", model="resnet50"), Status.OFF),
    (claim("ratio", 4.83, "x", model="resnet50/efficientnet_b0", part="params"), Status.HELD),
    (claim("ratio", 5.3, "x", model="resnet50/efficientnet_b0", part="params"), Status.OFF),
    (claim("ratio", 10.6, "x", model="resnet50/efficientnet_b0", part="macs"), Status.HELD),
    (claim("ratio", 5.3, "x", model="resnet50/efficientnet_b0", part="macs"), Status.OFF),
    (claim("ratio", 10.6, "x", model="efficientnet_b0", note="MACs of resnet50 divided by efficientnet_b0",
           source="a paper"), Status.UNCHECKED),  # the note names models; nothing reads it
    (claim("top1_error", 23.87, "percent", model="resnet50"), Status.HELD),
    (claim("top1_error", 30.0, "percent", model="resnet50"), Status.OFF),
    (claim("value", 23.87, "percent", model="resnet50", note="ImageNet top-1 error", source="He et al. 2016"),
     Status.UNCHECKED),
    (claim("value", 3_211_264, "count", model="vgg16", part="features.0", tolerance=0), Status.HELD),  # 64×224×224
    (claim("value", 3.0e6, "count", model="vgg16", part="features.0"), Status.OFF),
    (claim("params", 69_632, "count", example=BOTTLENECK, tolerance=0), Status.HELD),
    (claim("params", 70_000, "count", example=BOTTLENECK, tolerance=0), Status.OFF),
    (claim("ratio", 8.47, "x", example=BOTTLENECK), Status.HELD),
    (claim("ratio", 9.5, "x", example=BOTTLENECK), Status.OFF),
    (claim("ratio", 16, "x", example=BOTTLENECK, part="3x3"), Status.HELD),
    (claim("ratio", 12, "x", example=BOTTLENECK, part="3x3"), Status.OFF),
    (claim("params", 73_728, "count", example={"kind": "basic", "channels": 64}, tolerance=0), Status.HELD),
    (claim("params", 36_864, "count", example={"kind": "basic", "channels": 64}, tolerance=0), Status.OFF),
    (claim("macs", 924_844_032, "MACs", example=DEPTHWISE, part="standard", tolerance=0), Status.HELD),
    (claim("macs", 109_985_792, "MACs", example=DEPTHWISE, part="separable", tolerance=0), Status.HELD),
    (claim("macs", 109_200_000, "MACs", example=DEPTHWISE, part="separable", tolerance=0), Status.OFF),
    (claim("ratio", 8.41, "x", example=DEPTHWISE), Status.HELD),
    (claim("ratio", 9.0, "x", example=DEPTHWISE), Status.OFF),
    (claim("ratio", 8.69, "x", example={"kind": "depthwise-ratio", "cout": 256, "k": 3}), Status.HELD),
    (claim("ratio", 9.0, "x", example={"kind": "depthwise_ratio", "cout": 256, "k": 3}), Status.OFF),
    (claim("value", 1.92, "x", example=SCALING), Status.HELD),
    (claim("value", 2.0, "x", example=SCALING, convention=Convention("scaling-target")), Status.DISPUTED),  # 2^φ
    (claim("value", 2.0, "x", example=SCALING), Status.OFF),
    (claim("params", 70_400, "count", example=BOTTLENECK, tolerance=0, convention=Convention("bn-affine")),
     Status.DISPUTED),
    (claim("ratio", 16.9, "x", example=BOTTLENECK, convention=Convention("basic-block")), Status.DISPUTED),
    (claim("value", 2.5, "x", example=SCALING), Status.OFF),
    (claim("ratio", 3.8, "x", example={"kind": "width", "model": "mobilenet_v1", "alpha": 0.5}), Status.HELD),
    (claim("ratio", 0.26, "x", example={"kind": "width", "model": "mobilenet_v1", "alpha": 0.5}), Status.OFF),
    (claim("ratio", 4.0, "x", example={"kind": "width", "alpha": 0.5}), Status.HELD),  # the α² rule alone
    (claim("macs", 149.5e6, "MACs", example={"kind": "width", "model": "mobilenet_v1", "alpha": 0.5}), Status.HELD),
    (claim("macs", 142e6, "MACs", example={"kind": "width", "model": "mobilenet_v1", "alpha": 0.5}), Status.OFF),
    (claim("macs", 4.62e9, "MACs", model="vgg16", part="features.10+features.12+features.14"), Status.HELD),
    (claim("macs", 1.85e9, "MACs", model="vgg16", part="features.10+features.12+features.14"), Status.OFF),
    (claim("params", 23.5e6, "count", model="resnet50", part="conv1+bn1+layer1+layer2+layer3+layer4"), Status.HELD),
    (claim("receptive_field", 7, "px", example={"kind": "rf", "spec": "c3,c3,c3"}, tolerance=0), Status.HELD),
    (claim("receptive_field", 9, "px", example={"kind": "rf", "spec": "c3,c3,c3"}, tolerance=0), Status.OFF),
    (claim("params", 4.2e6, "count", model="mobilenet_v1"), Status.HELD),  # cnnquiz's build of the paper
    (claim("params", 3.2e6, "count", model="mobilenet_v1"), Status.OFF),
    (claim("top1", 70.6, "percent", model="mobilenet_v1", source="Howard et al. 2017, Table 8"),
     Status.UNCHECKED),  # no weights anywhere
    (claim("top1", 70.6, "percent", model="mobilenet_v1"), Status.OFF),  # ... and no source: unexplained
    (claim("params", 556e6, "count", model="gpipe", source="Huang et al. 2019"), Status.UNCHECKED),
    (claim("value", 3.0, "x", example={"kind": "mystery"}, source="a book"), Status.UNCHECKED),
    (claim("macs", 1e6, "MACs", example={"kind": "depthwise", "cin": 0, "cout": 8}, part="standard"), Status.OFF),
]


@pytest.mark.parametrize("c, status", CASES, ids=lambda v: getattr(v, "value", v) if isinstance(v, Status) else None)
def test_each_claim_kind(lab: Lab, c: Claim, status: Status) -> None:
    check = check_claim("q", c, lab)
    assert check.status is status, check.explanation
    assert check.explanation
    if status in (Status.OFF, Status.DISPUTED) and check.measured is not None:
        assert check.difference != 0


def test_accuracy_tolerance_is_in_points() -> None:
    c = claim("top1", 77.1, "percent", tolerance=0.02, model="x")
    assert within(c, 77.39) and not within(c, 77.41)  # at most 0.3 points, however loose the relative tolerance
    assert within(claim("top1", 76.1, "percent", tolerance=0, model="x"), 76.13)  # one-decimal rounding


def _bank(tmp: Path, claims: list[dict[str, Any]]) -> Path:
    q = dict(QUESTIONS[0], claims=claims)
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "q.yaml").write_text(yaml.safe_dump({"questions": [q]}, sort_keys=False), encoding="utf-8")
    return tmp


GOOD = [{"what": "params", "model": "resnet50", "value": 25.6e6, "unit": "count"},
        {"what": "top1", "model": "resnet50", "value": 76.1, "unit": "percent"},
        {"what": "params", "example": BOTTLENECK, "value": 69632, "unit": "count", "tolerance": 0}]


def test_verify_cli_json_and_exit_codes(cli, tmp_path: Path) -> None:
    good = _bank(tmp_path / "good", GOOD)
    result = cli("--bank", str(good), "--only", "verify", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"] == {"held": 3, "off": 0, "disputed": 0, "unchecked": 0, "claims": 3, "questions": 1}
    first = data["claims"][0]
    assert set(first) >= {"question", "claim", "expected", "measured", "status", "explanation"}
    assert (first["question"], first["measured"], first["status"]) == ("resnet-skip", 25_557_032, "held")
    bad = _bank(tmp_path / "bad", [{**GOOD[0], "value": 30e6, "said": "30M"}])
    result = cli("--bank", str(bad), "--only", "verify")
    assert result.exit_code == 1
    assert "off" in result.stdout and "25,557,032" in result.stdout and "30M" in result.stdout


def test_facts_come_from_the_cache(cli, tmp_path: Path) -> None:
    from cnnquiz.bank.loader import load_dir
    from cnnquiz.verify.facts import facts_for

    folder = _bank(tmp_path / "b", GOOD)
    question = load_dir(folder)[0]
    assert facts_for(question) is None  # nothing measured yet: the quiz says run cnnquiz verify
    assert cli("--bank", str(folder), "--only", "verify").exit_code == 0
    lines = facts_for(question)
    assert lines[0] == ("ResNet-50: 25,557,032 params, 4.09 GMACs at 224 px — measured; "
                        "top-1 80.86% (IMAGENET1K_V2), 76.13% (IMAGENET1K_V1) — torchvision")
    assert any("bottleneck 256→64→256" in line and "69,632" in line for line in lines)
    no_claims = load_dir(_bank(tmp_path / "c", []))[0]
    assert facts_for(no_claims) == []

    from rich.console import Console

    from cnnquiz.render.verify import show_facts

    console = Console(record=True, width=120)
    show_facts(console, question)
    show_facts(console, no_claims)  # nothing at all for a question without claims
    assert console.export_text().count("Verified numbers") == 1


def test_render_facts() -> None:
    from rich.console import Console

    from cnnquiz.render.verify import render_facts

    console = Console(record=True, width=100)
    render_facts(console, None)
    render_facts(console, ["ResNet-50: 25,557,032 params — measured"])
    text = console.export_text()
    assert "run `cnnquiz verify`" in text and "Verified numbers" in text and "25,557,032" in text


FACTS_PROBE = """
import sys
from cnnquiz.bank.loader import load_dir
from cnnquiz.verify.facts import facts_for
lines = facts_for(load_dir(__import__("pathlib").Path(sys.argv[1]))[0])
print(len(lines or []), [m for m in ("torch", "torchvision", "sympy") if m in sys.modules])
"""


@pytest.mark.slow
def test_facts_never_import_torch(cli, tmp_path: Path, isolated_home: Path) -> None:
    folder = _bank(tmp_path / "b", GOOD)
    assert cli("--bank", str(folder), "--only", "verify").exit_code == 0
    out = subprocess.run([sys.executable, "-c", FACTS_PROBE, str(folder)], env=fresh_env(isolated_home),
                         capture_output=True, text=True, timeout=120)
    assert out.stdout.split(None, 1) == ["2", "[]\n"], out.stderr


@pytest.mark.slow
def test_real_bank_has_no_unexplained_failure(cli) -> None:
    result = cli("verify", "--json")
    data = json.loads(result.stdout)
    off = [c for c in data["claims"] if c["status"] == "off"]
    assert not off, "\n".join(f"{c['question']}: {c['explanation']}" for c in off)
    assert result.exit_code == 0
    assert data["summary"]["claims"] >= 40
    assert all(c["explanation"] for c in data["claims"] if c["status"] != "held")
    assert all(c["citation"] for c in data["claims"] if c["status"] == "unchecked")
    assert all(c["alternative"] and c["claim"]["convention"] for c in data["claims"] if c["status"] == "disputed")
