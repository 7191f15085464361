"""Every number an answer teaches about a named model (params, MACs/FLOPs, top-1, resolutions, ratios) has a claim."""

from __future__ import annotations

import pytest

from cnnquiz.bank.loader import load_bank
from cnnquiz.bank.schema import Claim, ClaimKind, ClaimUnit, Difficulty, Question, Source
from cnnquiz.verify.coverage import taught_numbers, uncovered

# (question, number as written): numbers near a model name that state no fact about a model, and why.
NOT_MODEL_FACTS = {
    ("resnet-global-average-pooling", "320×320"): "an example input size for GAP, not a model's resolution",
}


def _question(answer: str, claims: tuple[Claim, ...] = ()) -> Question:
    return Question("q", Source("d.md", 1), "?", answer, (), ("resnet",), Difficulty.EASY, claims=claims)


def test_every_number_an_answer_teaches_has_a_claim() -> None:
    missing = [t for q in load_bank(use_cache=False).questions for t in uncovered(q)
               if (t.question, t.text.strip()) not in NOT_MODEL_FACTS]
    assert not missing, "\n".join(f"{t.question}: {t.text!r} ({t.kind}) in …{t.context}…" for t in missing)


def test_the_walk_finds_numbers_and_fails_without_their_claim() -> None:
    q = _question("ResNet-50 has 25.6M params, 4.1 GMACs and 76.1% top-1 at 224 px; VGG-16 has 5.4× more "
                  "params; EfficientNet-B7 runs at 600 px.")
    found = {(t.text.strip(), t.kind) for t in taught_numbers(q)}
    assert found == {("25.6M params", "count"), ("4.1 GMACs", "count"), ("76.1%", "percent"), ("5.4×", "ratio"),
                     ("600 px", "resolution")}
    assert len(uncovered(q)) == 5
    claims = (Claim(ClaimKind.PARAMS, 25.6e6, ClaimUnit.COUNT, model="resnet50"),
              Claim(ClaimKind.FLOPS, 8.2e9, ClaimUnit.FLOPS, model="resnet50"),  # 4.1 G MACs = 8.2 GFLOPs
              Claim(ClaimKind.TOP1, 76.1, ClaimUnit.PERCENT, model="resnet50"),
              Claim(ClaimKind.RATIO, 5.4, ClaimUnit.X, model="vgg16/resnet50", part="params"))
    assert [t.text for t in uncovered(_question(q.answer, claims))] == ["600 px"]


@pytest.mark.parametrize("answer", ["a 3×3 conv of ResNet-50", "ResNet-50 uses 4× wider outputs",
                                    "ResNet-50 at 224 px", "MobileNetV2 is about 10% smaller"])
def test_context_numbers_are_not_taught_facts(answer: str) -> None:
    assert taught_numbers(_question(answer)) == []


def test_a_list_of_counts_sharing_a_suffix_is_read_number_by_number() -> None:
    q = _question("The paper lists 3.8/7.6/11.3 G for ResNet-50/101/152.")
    assert [(t.text, t.value) for t in taught_numbers(q)] == [("3.8 G", 3.8e9), ("7.6 G", 7.6e9), ("11.3 G", 11.3e9)]
