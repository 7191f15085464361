"""The real bank's rubrics: model answers earn their own points, one sentence does not, wrong answers do not."""

from __future__ import annotations

import re

import pytest

from cnnquiz.bank import load_bank
from cnnquiz.quiz.grader import Grader
from cnnquiz.quiz.phrases import PHRASE_MIN, AnswerIndex, compile_phrase

BANK = load_bank()
IDS = [q.id for q in BANK.questions]

# Short wrong answers an interviewee might give; each uses the question's vocabulary but makes none of its points.
WRONG = {
    "depthwise-separable-flops": "It applies dropout to each channel and adds batch norm, which regularizes the "
                                 "network and reduces overfitting.",
    "se-block-why": "SE stands for spatial encoding: it adds a positional embedding to every pixel so the convolution "
                    "knows where it is in the image.",
    "efficientnet-compound-scaling": "Compound scaling means doubling the depth every time validation accuracy "
                                     "plateaus while keeping the width and input size fixed.",
    "batchnorm-placement": "Batch norm goes after the softmax at the very end of the network so that the output "
                           "probabilities are normalized.",
    "mobilenet-width-multiplier": "The width multiplier widens the image by a factor alpha so that the network sees "
                                  "more detail at the borders.",
    "group-normalization": "Group normalization averages the statistics over the whole batch and keeps running "
                           "averages, so it needs large batches.",
    "resnet-global-average-pooling": "It uses average pooling because max pooling is too slow on GPUs; the pooled "
                                     "map is then flattened into three large FC layers.",
    "depthwise-flops-calc": "A depthwise separable conv costs about the same as a standard one, because the 1x1 "
                            "pointwise conv is as expensive as the 3x3, so there is no real saving.",
    "resnet-pre-vs-post-activation": "Pre-activation means the network is pretrained on ImageNet before the "
                                     "activations are fine-tuned; post-activation trains from scratch.",
    "channel-shuffle": "Channel shuffle randomly permutes the channels during training as data augmentation, and it "
                       "is turned off at test time.",
}

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
BLOCK_START = re.compile(r"```|\n\s*\n|\n\s*[-*] |\n\s*\d\. ")


def first_sentence(text: str) -> str:
    """The answer's opening sentence: stops at the first full stop, blank line, list item or code block."""
    head = BLOCK_START.split(text.strip(), maxsplit=1)[0]
    return SENTENCE_END.split(head.strip(), maxsplit=1)[0]


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(BANK)


def test_bank_is_loaded():
    assert len(IDS) == 100


@pytest.mark.parametrize("qid", IDS)
def test_model_answer_earns_its_rubric(grader: Grader, qid: str) -> None:
    q = BANK.get(qid)
    r = grader.grade(q, q.answer)
    assert not r.off_topic, r.closer_to
    assert r.score >= 0.8, r.missed


@pytest.mark.parametrize("qid", IDS)
def test_first_sentence_alone_scores_below_the_full_answer(grader: Grader, qid: str) -> None:
    q = BANK.get(qid)
    opening = first_sentence(q.answer)
    assert opening and len(opening) < len(q.answer.strip())
    assert grader.grade(q, opening).score < grader.grade(q, q.answer).score, opening


@pytest.mark.parametrize("qid", sorted(WRONG))
def test_short_wrong_answer_scores_low(grader: Grader, qid: str) -> None:
    r = grader.grade(BANK.get(qid), WRONG[qid])
    assert r.score < 0.35, [(p.label, p.phrase, p.evidence) for p in r.points if p.matched]


def test_first_sentence_helper() -> None:
    assert first_sentence("One. Two.") == "One."
    assert first_sentence("A block:\n```python\nx = 1. y\n```") == "A block:"
    assert first_sentence("- VGG: big.\n- ResNet: deep.") == "- VGG: big."
    assert first_sentence("Intro line\n- item") == "Intro line"


@pytest.mark.parametrize("qid", IDS)
def test_rubric_shape_and_phrases_match_their_point(qid: str) -> None:
    q = BANK.get(qid)
    assert 3 <= len(q.key_points) <= 6
    for kp in q.key_points:
        assert len(kp.label.split()) <= 8, kp.label
        assert 3 <= len(kp.phrases) <= 10, kp.label
        for phrase in kp.phrases:
            assert 1 <= len(phrase.split()) <= 5, phrase
            compiled = compile_phrase(phrase)
            assert compiled, f"{phrase!r} has no matchable words (symbols like ρ or ÷ are dropped)"
            index = AnswerIndex(phrase)
            assert max(index.match(p)[0] for p in compiled) >= PHRASE_MIN, phrase
