"""Drill generation and grading without torch: determinism, conventions stated, worked steps, units, hints."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from cnnquiz.drill import realnets as R
from cnnquiz.drill.answer import parse_answer
from cnnquiz.drill.generator import generate, resolve_kinds
from cnnquiz.drill.grading import grade
from cnnquiz.drill.problem import KINDS, fmt, pretty
from cnnquiz.drill.solutions import build
from cnnquiz.errors import ParseError, UnknownNameError, UsageError

SEEDS = range(6)


def all_problems(per_kind: int = 12):
    return [p for kind in KINDS for seed in SEEDS for p in generate((kind,), per_kind, seed)]


PROBLEMS = all_problems()


def test_same_seed_same_problems_and_different_seeds_differ():
    a = [p.to_json() for p in generate(KINDS, 20, 7)]
    assert a == [p.to_json() for p in generate(KINDS, 20, 7)]
    assert a != [p.to_json() for p in generate(KINDS, 20, 8)]


def test_mixed_cycles_through_every_kind_without_repeats():
    problems = generate(KINDS, len(KINDS) * 2, 3)
    assert sorted(p.kind for p in problems) == sorted(KINDS * 2)
    assert len({(p.kind, repr(sorted(p.params.items()))) for p in problems}) == len(problems)


def test_problems_rebuild_from_their_json_params():
    for p in PROBLEMS[::7]:
        assert build(p.kind, p.to_json()["params"]).to_json() == p.to_json()


def test_kind_names_and_count_are_checked():
    assert resolve_kinds(["mixed"]) == KINDS
    assert resolve_kinds(["RF", "conv_macs"]) == ("conv-macs", "rf")
    with pytest.raises(UnknownNameError, match="did you mean depthwise"):
        resolve_kinds(["depthwize"])
    with pytest.raises(UsageError):
        generate(KINDS, 0, 1)


def test_every_worked_step_computes_its_value():
    """The substituted arithmetic shown to the user, read back by the answer parser, gives the shown value."""
    for p in PROBLEMS:
        assert p.steps, p.kind
        for step in p.steps:
            value = parse_answer(step.expr).value
            assert float(value) == pytest.approx(float(step.value), rel=1e-12), (p.kind, step)
        last = p.steps[-1].value
        assert Fraction(last) == Fraction(p.answer), p.params


def test_answers_are_unique_numbers_with_the_right_unit():
    units = {"conv-output": {"px"}, "conv-params": {"params"}, "conv-macs": {"macs", "flops"},
             "depthwise": {"ratio", "fraction", "macs"}, "bottleneck": {"params"}, "mbconv": {"params", "macs"},
             "rf": {"px"}, "width": {"macs", "fraction"}, "scaling": {"ratio", "px"}}
    for p in PROBLEMS:
        assert p.unit in units[p.kind]
        assert p.answer > 0
        assert p.exact == (p.kind in ("conv-output", "rf"))
        if p.exact or p.unit in ("params", "macs", "flops"):
            assert Fraction(p.answer).denominator == 1


def test_questions_state_their_conventions():
    for p in PROBLEMS:
        q = p.question
        if p.kind == "conv-params":
            assert "bias=True" in q or "bias=False" in q
        if p.kind in ("conv-macs", "depthwise"):
            assert "bias=False" in q
        if p.kind == "conv-macs":
            assert ("FLOPs (2 per multiply-accumulate" in q) == (p.unit == "flops")
            assert ("MACs (multiply-accumulates)" in q) == (p.unit == "macs")
        if p.kind == "depthwise":
            assert any(s in q for s in ("standard ÷ separable", "separable ÷ standard", "depthwise + pointwise"))
        if p.kind == "conv-output":
            assert "rounds the division down" in q and "padding" in q
        if p.kind == "mbconv":
            assert "BatchNorm" in q and ("BatchNorm γ and β" in q or "MACs" in q)
        if p.kind == "bottleneck":
            assert "no biases" in q and "BatchNorm left out" in q


def test_shapes_are_realistic():
    real_channels = {c for cs in R.CHANNELS_AT.values() for c in cs} | {c for x in R.CONVS for c in (x.cin, x.cout)}
    for p in PROBLEMS:
        q = p.params
        if "size" in q:
            assert 7 <= q["size"] <= 224
        if "stride" in q:
            assert q["stride"] in (1, 2)
        for key in ("cin", "cout"):
            if key in q and p.kind in ("conv-params", "conv-macs", "depthwise"):
                assert q[key] in real_channels, q
        if p.kind == "rf":
            assert 2 <= len(q["spec"].split(",")) <= 6


@pytest.mark.parametrize("kind", KINDS)
def test_grading_accepts_the_answer_in_several_forms_and_rejects_a_miss(kind):
    for p in [x for x in PROBLEMS if x.kind == kind][:20]:
        exact = Fraction(p.answer)
        assert grade(p, str(float(exact))).correct
        assert grade(p, fmt(p.answer).split(" ")[0]).correct or not p.exact
        if not p.exact:
            assert grade(p, f"{float(exact) * 1.015!r}").correct
            assert not grade(p, f"{float(exact) * 1.03!r}").correct
            assert grade(p, f"{float(exact) * 1.03!r}", tolerance=0.05).correct
        else:
            assert not grade(p, str(int(exact) + 1)).correct
            assert "off by one" in grade(p, str(int(exact) + 1)).hint


def test_wrong_units_get_a_retry_message_not_a_grade():
    macs = next(p for p in PROBLEMS if p.unit == "macs")
    with pytest.raises(ParseError, match="asks for MACs, not FLOPs"):
        grade(macs, "115.6 MFLOPs")
    with pytest.raises(ParseError, match="a number of MACs, but that answer is a ratio"):
        grade(macs, "8.4x")
    ratio = next(p for p in PROBLEMS if p.unit == "ratio" and p.kind == "depthwise")
    with pytest.raises(ParseError, match="a factor such as 8.4×"):
        grade(ratio, "12%")
    assert grade(ratio, f"{float(ratio.answer):.4f}x").correct
    fraction = next(p for p in PROBLEMS if p.unit == "fraction")
    assert grade(fraction, f"{float(fraction.answer) * 100:.4f}%").correct


def test_common_mistakes_get_a_hint():
    macs = next(p for p in PROBLEMS if p.unit == "macs")
    assert "FLOPs = 2 × MACs" in grade(macs, str(2 * macs.answer)).hint
    red = next(p for p in PROBLEMS if p.kind == "depthwise" and p.params["ask"] == "reduction")
    assert "inverse" in grade(red, str(1 / float(red.answer))).hint


def test_real_layer_hints():
    p = build("conv-macs", {"cin": 256, "cout": 256, "kernel": 3, "size": 14, "stride": 1, "padding": 1,
                            "groups": 1, "quantity": "MACs"})
    assert p.answer == 14 * 14 * 256 * 256 * 9 and "ResNet-50 layer3.1.conv2" in p.where
    p = build("bottleneck", {"channels": 1024, "mid": 256, "size": 14})
    assert "ResNet-50 layer3.1" in p.where
    p = build("rf", {"spec": "c7s2,p3s2,c3,c3"})
    assert p.answer == 27 and "ResNet-18" in p.where
    p = build("rf", {"spec": "c7s2,p3s2,c5"})
    assert p.where.startswith("its first layers are ResNet-50 stem")
    assert build("conv-output", {"size": 99, "kernel": 1, "stride": 1, "padding": 0, "dilation": 1}).where is None
    assert sum(p.where is not None for p in PROBLEMS) > len(PROBLEMS) // 3


def test_pretty_formulas():
    assert pretty("floor((56 + 2*1 - 1*(3-1) - 1)/2) + 1") == "⌊(56 + 2·1 − 1·(3−1) − 1)/2⌋ + 1"
    assert pretty("9*256^2") == "9·256²"
    assert pretty("(1.2*1.1^2*1.15^2)^3") == "(1.2·1.1²·1.15²)³"
    assert re.fullmatch(r"[\d,]+ \([\d.]+ M\) MACs", fmt(115_605_504, "macs"))
