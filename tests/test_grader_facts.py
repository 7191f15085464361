"""The parameter counts the grader checks stated numbers against, and how it reads them in an answer."""

from __future__ import annotations

import pytest

from cnnquiz.bank import load_bank
from cnnquiz.quiz.facts import PARAMS, wrong_counts
from cnnquiz.quiz.grader import Grader


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_each_count_is_the_real_models(name: str) -> None:
    import torch
    from torchvision.models import get_model

    kwargs = {"init_weights": False} if name in ("inception_v3", "googlenet") else {}
    with torch.device("meta"):
        model = get_model(name, **kwargs)
    assert sum(p.numel() for p in model.parameters()) == PARAMS[name]


@pytest.mark.parametrize("text, claims", [
    ("MobileNetV2 has roughly 35M parameters, and EfficientNet-B0 needs around 50M parameters.",
     ["MobileNetV2 has about 35M parameters", "EfficientNet-B0 has about 50M parameters"]),
    ("r50 is about 60M params", ["r50 has about 60M parameters"]),
    ("EfficientNet-B7 is the only model above 80% and has over 500M parameters.",
     ["EfficientNet-B7 has about 500M parameters"]),
])
def test_a_count_far_from_the_model_is_a_wrong_fact(text: str, claims: list[str]) -> None:
    hits = wrong_counts(text)
    assert [h.claim for h in hits] == claims
    assert all("counted" in h.correction for h in hits)


@pytest.mark.parametrize("text", [
    "VGG-16 with about 138M parameters remains less accurate than ResNet-50 (about 25M).",
    "ResNet-50 is 5x smaller than VGG-16 at 25.6M parameters.",  # the count is ResNet-50's: close to a named model
    "resnet50 ~25m params, vgg16 ~138m.",
    "MobileNetV2 needs 300M MACs and 3.4M params.",  # a count of MACs is not a parameter count
    "AlexNet 2012, 11x11, ReLU, dropout, VGG 2014, 3x3 stacks, 138M params",  # VGG's count, not AlexNet's
    "B0 has 60M parameters",  # a bare B0 names an EfficientNet only in an answer about EfficientNets
    "MobileNetV3 has 2.5M parameters",  # Large or Small? ambiguous: not checked
    "ResNet-50 does not have 60M parameters.",
    "SE on ResNet-50 adds ~2.5M parameters.",  # a difference, not a total
    "DenseNet-121 has 17M fewer parameters than ResNet-50.",
])
def test_right_or_unclear_counts_are_left_alone(text: str) -> None:
    assert wrong_counts(text) == ()


def test_a_wrong_count_costs_the_answer_like_a_misconception() -> None:
    bank = load_bank()
    q = bank.get("imagenet-accuracy-vs-size")
    r = Grader(bank).grade(q, "EfficientNet-B0 reaches 77% top-1 with about 50M parameters, beating ResNet-50.")
    assert any("50M" in m.claim for m in r.misconceptions) and r.score <= 0.5
