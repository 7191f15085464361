"""Grader 2.0: meaning, polarity, misconceptions, core points, term lists, quotes — on small decks and the bank."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnnquiz.bank import Bank, Difficulty, KeyPoint, Misconception, Question, Source, load_bank
from cnnquiz.errors import BankError
from cnnquiz.quiz.clauses import affirmed, is_negative, is_term_list, split_clauses
from cnnquiz.quiz.grader import Grader, Status

DW = Question(
    id="t-dw", source=Source("test.txt", 1), question="What is a depthwise separable convolution?",
    answer="A per-channel kxk depthwise conv, then a 1x1 pointwise conv that mixes channels.",
    key_points=(
        KeyPoint("depthwise = one filter per channel", ("one filter per channel", "per-channel filter"),
                 "the depthwise conv applies one kxk filter to each input channel on its own", core=True),
        KeyPoint("pointwise 1x1 mixes channels", ("1x1 pointwise", "pointwise mixes"),
                 "a 1x1 pointwise convolution then mixes the channels", core=True),
        KeyPoint("FLOPs do not predict latency", ("memory-bound", "FLOPs don't predict latency"),
                 "FLOPs do not predict latency on real hardware"),
    ),
    topics=("mobilenet",), difficulty=Difficulty.MEDIUM,
    misconceptions=(Misconception("the depthwise step mixes the channels",
                                  "the depthwise conv filters each channel alone; the 1x1 pointwise conv mixes them",
                                  ("depthwise mixes the channels", "depthwise combines channels")),),
)


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(Bank([DW]))


@pytest.fixture(scope="module")
def real() -> tuple[Bank, Grader]:
    bank = load_bank()
    return bank, Grader(bank)


def test_negated_clause_earns_nothing_and_is_shown(grader: Grader) -> None:
    r = grader.grade(DW, "The 1x1 pointwise conv does not mix channels at all.")
    point = {p.label: p for p in r.points}["pointwise 1x1 mixes channels"]
    assert point.status is Status.NEGATED and point.credit == 0 and point.evidence
    assert r.to_json()["points"][1]["status"] == "negated"
    assert r.score <= 0.15


def test_forward_cue_negates_only_what_follows(grader: Grader) -> None:
    r = grader.grade(DW, "It uses a 1x1 pointwise conv to mix channels rather than a full kxk convolution.")
    assert "pointwise 1x1 mixes channels" in r.matched
    r = grader.grade(DW, "It filters with a big kernel instead of a 1x1 pointwise conv.")
    assert "pointwise 1x1 mixes channels" not in r.matched


def test_a_cue_does_not_reach_past_an_aside_a_new_predicate_or_a_coordinated_verb() -> None:
    from cnnquiz.quiz.clauses import negated_outside

    def negated(text: str, term: str) -> bool:
        start = text.index(term)
        return any(negated_outside(text, c, start, start + len(term), False)
                   for c in split_clauses(text) if c.start < start + len(term) and start < c.end)

    assert not negated("then a 1x1 projection with NO activation (linear bottleneck)", "linear bottleneck")
    assert not negated("if a block isn't useful the optimizer can push F to zero", "push F to zero")
    assert not negated("anything negative is zeroed and can't be recovered", "negative is zeroed")
    assert not negated("7x7 dw conv instead of 3x3 -> much bigger RF per layer", "bigger RF")
    assert negated("7x7 dw conv instead of 3x3 kernels", "3x3 kernels")
    assert negated("ResNet does not use the identity shortcut", "identity shortcut")
    assert negated("F(x) + x is not what makes it work", "F(x) + x")
    assert negated('the document\'s "MSNet\n(Mixture-of-Scale-Experts)" is not a standard model',
                   "Mixture-of-Scale-Experts")


def test_a_star_is_a_bullet_only_at_the_start_of_a_line() -> None:
    assert [c.text for c in split_clauses("y = x * F(x) is wrong\n* a bullet here")] == \
        ["y = x * F(x) is wrong", "a bullet here"]


def test_a_contrast_is_not_a_denial(grader: Grader) -> None:
    # "instead of X" earns nothing for X, but shows no negated point: X is often X's own true fact
    r = grader.grade(DW, "It filters with a big kernel instead of a 1x1 pointwise conv.")
    assert {p.label: p for p in r.points}["pointwise 1x1 mixes channels"].status is Status.MISSED
    assert is_negative("params ≠ latency") and not is_negative("params track latency")


def test_a_negative_point_needs_its_negation(grader: Grader) -> None:
    label = "FLOPs do not predict latency"
    assert label in grader.grade(DW, "Careful: FLOPs don't predict latency, depthwise layers are memory-bound.").matched
    assert label not in grader.grade(DW, "FLOPs predict latency on real hardware very well.").matched


def test_misconception_costs_points_and_says_the_correction(grader: Grader) -> None:
    right = grader.grade(DW, "The 1x1 pointwise conv mixes the channels after one filter per channel.")
    wrong = grader.grade(DW, "The depthwise mixes the channels and a 1x1 pointwise step follows.")
    assert [m.claim for m in wrong.misconceptions] == ["the depthwise step mixes the channels"]
    assert wrong.score < right.score - 0.3
    data = wrong.to_json()["misconceptions"][0]
    assert set(data) == {"claim", "evidence", "correction"} and "pointwise" in data["correction"]


def test_a_negated_or_quoted_misconception_is_not_asserted(grader: Grader) -> None:
    assert not grader.grade(DW, "The depthwise step never combines channels; the 1x1 does.").misconceptions
    assert not grader.grade(DW, 'Some blogs say "depthwise mixes the channels", which is wrong.').misconceptions


def test_core_points_alone_pass(grader: Grader) -> None:
    r = grader.grade(DW, "Depthwise applies one filter per channel, then a 1x1 pointwise conv mixes them.")
    assert r.score >= 0.65 and r.suggested.key in ("good", "easy")
    assert "2 of 2 core points" in r.why


def test_term_list_is_capped_and_says_why(grader: Grader) -> None:
    r = grader.grade(DW, "depthwise, per-channel filter, 1x1 pointwise, pointwise mixes, memory-bound")
    assert r.term_list and r.score <= 0.2 and "list of terms" in r.why
    assert not grader.grade(DW, "The depthwise conv uses one filter per channel; a 1x1 pointwise conv then "
                                "mixes the channels.").term_list


def test_clauses_and_cues() -> None:
    parts = split_clauses("ResNet does not use shortcuts; F(x) + x is what it learns, so gradients flow.")
    assert [c.negated for c in parts] == [True, False, False]
    assert is_negative("FLOPs do not predict latency")
    assert not is_negative("the shortcut gives the gradient a path that does not go through the weights")
    assert not is_negative("DenseNet concatenates rather than adds")
    assert is_term_list("degradation residual F(x)+x identity shortcut ensemble", 0.2, 3)
    assert not is_term_list("class B(nn.Module):\n    def forward(self, x):\n        return x + self.f(x)", 0.2, 3)


def test_numbers_must_agree_for_meaning_credit(grader: Grader) -> None:
    q = Question(id="t-n", source=Source("t.txt", 1), question="How many parameters does ResNet-50 have?",
                 answer="25.6M.", key_points=(
                     KeyPoint("about 25.6M parameters", ("25.6M",), "ResNet-50 has about 25.6 million parameters"),
                     KeyPoint("bottlenecks", ("bottleneck",), "it is built from bottleneck blocks"),
                     KeyPoint("GAP head", ("global average pooling",), "a GAP head replaces big FC layers")),
                 topics=("resnet",), difficulty=Difficulty.EASY)
    g = Grader(Bank([q]))
    assert "about 25.6M parameters" in g.grade(q, "ResNet-50 has about 25.5 million parameters.").matched
    assert "about 25.6M parameters" not in g.grade(q, "ResNet-50 has about 60 million parameters.").matched


def test_the_issue_examples(real) -> None:
    bank, grader = real
    q = bank.get("resnet-key-innovation")
    negated = ("ResNet does not use identity shortcuts; residual learning y = F(x) + x is not what makes it work, "
               "the gradient does not flow directly, and degradation of deep plain nets is not a problem.")
    salad = "degradation residual learning F(x)+x identity shortcut gradient flows directly ensemble of paths"
    assert grader.grade(q, negated).score <= 0.15
    assert grader.grade(q, salad).score <= 0.25
    assert "residual learning y = F(x) + x" in grader.grade(q, "Each block outputs y = x + F(x).").matched
    own_words = ("Each block learns a residual added to an identity skip, so very deep nets stay trainable: "
                 "the gradient goes back through the skip untouched.")
    assert grader.grade(q, own_words).score >= 0.65


def test_statements_are_embedded_without_their_negated_asides() -> None:
    assert affirmed("the shortcut gives the gradient a path back that does not go through the block's weights") \
        == "the shortcut gives the gradient a path back"
    assert affirmed("the 3×3 conv runs on the 64-channel tensor instead of 256 channels") \
        == "the 3×3 conv runs on the 64-channel tensor"
    assert affirmed("FLOPs do not predict latency") == "FLOPs do not predict latency"  # negative: kept whole
    assert affirmed("VGG-19 adds a conv to each of the last three blocks") \
        == "VGG-19 adds a conv to each of the last three blocks"


def test_bank_rubrics_have_statements_core_points_and_misconceptions(real) -> None:
    bank, grader = real
    assert all(kp.statement for q in bank.questions for kp in q.key_points)
    assert all(any(kp.core for kp in q.key_points) for q in bank.questions)
    assert sum(1 <= len(q.misconceptions) for q in bank.questions) >= 60
    for q in bank.questions:  # a model answer never asserts its own question's misconceptions
        assert not grader.grade(q, q.answer).misconceptions, q.id


def test_deck_fields_are_validated_with_file_and_line(tmp_path: Path) -> None:
    from cnnquiz.bank.loader import parse_files

    base = ("questions:\n  - id: my-q\n    source: {document: d.md, number: 1}\n    question: Why?\n"
            "    topics: [design]\n    difficulty: easy\n    answer: Because.\n    key_points:\n")
    points = "".join(f"      - label: p{i}\n        phrases: [word{i}]\n" for i in range(3))
    cases = {
        "core": points.replace("        phrases: [word0]", "        core: yes please\n        phrases: [word0]"),
        "weight": points.replace("        phrases: [word0]", "        weight: -1\n        phrases: [word0]"),
        "correction": points + "    misconceptions:\n      - claim: it is magic\n",
    }
    for name, body in cases.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(base + body)
        with pytest.raises(BankError) as err:
            parse_files([(str(path), path.read_text())])
        assert err.value.line and name in str(err.value), str(err.value)
    plain = tmp_path / "plain.yaml"
    plain.write_text(base + points)
    q = parse_files([(str(plain), plain.read_text())])[0]
    assert Grader(Bank([q])).grade(q, "word0 and word1 here").score > 0


def test_grade_batch_in_order_and_stops_at_a_bad_line(tmp_path: Path, isolated_home: Path) -> None:
    from typer.testing import CliRunner

    from cnnquiz.cli.main import app

    good = [{"id": "resnet-key-innovation", "answer": "residual learning F(x) + x"},
            {"id": "se-block-why", "answer": "channel attention by squeeze and excitation"}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(g) + "\n" for g in good) + '{"id": "nope", "answer": "x"}\n'
                   + json.dumps(good[0]) + "\n")
    res = CliRunner().invoke(app, ["grade", "--batch", str(src)])
    assert res.exit_code == 2
    lines = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert [d["id"] for d in lines] == ["resnet-key-innovation", "se-block-why"]
    assert f"{src}:3:" in res.stderr and "nope" in res.stderr
    res = CliRunner().invoke(app, ["grade", "--batch", "-"], input="not json\n")
    assert res.exit_code == 2 and "<stdin>:1:" in res.stderr


def test_shorthand_slashes_model_names_and_synonyms_are_written_out() -> None:
    from cnnquiz.quiz.spelling import Speller, canonical

    speller = Speller(["the channels of MobileNet and EfficientNet"])
    assert speller("mobilenet/effnet concat w/ resnet18/34 theyre") == \
        "mobilenet/EfficientNet concatenate with ResNet-18/34 they're"
    assert canonical("a skip connection leaves it untouched") == "a shortcut leaves it unchanged"


def test_a_misconception_whose_subject_stands_further_back_is_asserted(grader: Grader) -> None:
    wrong = grader.grade(DW, "In a depthwise separable conv the depthwise step is a 1x1 convolution that mixes "
                             "the channels.")
    assert [m.claim for m in wrong.misconceptions] == ["the depthwise step mixes the channels"]
    right = grader.grade(DW, "In a depthwise separable conv the depthwise step filters each channel and a 1x1 "
                             "pointwise convolution mixes the channels.")
    assert not right.misconceptions


def test_a_misconception_subject_may_be_an_acronym_further_back() -> None:
    q = Question(
        id="t-vgg", source=Source("test.txt", 1), question="Where are VGG-16's parameters?",
        answer="Mostly in the fully connected head: about 124M of 138M.",
        key_points=(KeyPoint("FC head holds most", ("fully connected head",), "the FC head holds most parameters",
                             core=True),),
        topics=("vgg",), difficulty=Difficulty.EASY,
        misconceptions=(Misconception("VGG keeps most parameters in its conv layers",
                                      "about 124M of VGG-16's 138M parameters are in the FC head",
                                      ("VGG parameters in conv layers",)),),
    )
    r = Grader(Bank([q])).grade(q, "VGG from the Oxford group keeps its parameters in the conv layers.")
    assert [m.claim for m in r.misconceptions] == ["VGG keeps most parameters in its conv layers"]


def test_a_sentence_that_gives_a_reason_is_not_a_term_list() -> None:
    text = ("Its low FLOPs hide real mobile bottlenecks, namely memory-bound deep MBConv stacks, poorly supported "
            "Swish/SE ops, quantization sensitivity and high input resolutions, which is why EfficientNet-Lite exists.")
    assert not is_term_list(text, 0.2, 3)
    assert is_term_list("memory-bound MBConv, Swish/SE ops, quantization sensitivity, high resolution", 0.2, 3)
