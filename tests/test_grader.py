"""Grader tests: rubric coverage, typos, notation, numbers, whole-token matching, off-topic, determinism."""

from __future__ import annotations

import pytest

from cnnquiz.bank import Bank, Difficulty, KeyPoint, Question, Source
from cnnquiz.progress.rating import Rating, suggest
from cnnquiz.quiz.grader import OFF_TOPIC_CAP, Grader, GradeResult
from cnnquiz.quiz.scoring import Tuning, calibrate
from cnnquiz.quiz.textnorm import Kind, content_tokens, stem, tokenize


def make_q(qid: str, question: str, answer: str, points: list[tuple[str, list[str]]],
           topics: tuple[str, ...] = ("design",), related: tuple[str, ...] = ()) -> Question:
    return Question(id=qid, source=Source("test.txt", 1), question=question, answer=answer,
                    key_points=tuple(KeyPoint(label, tuple(ph)) for label, ph in points),
                    topics=topics, difficulty=Difficulty.MEDIUM, related=related)


RESNET = make_q(
    "t-resnet", "Explain the key innovation of ResNet and why it works.",
    "Very deep plain networks degrade; ResNet adds identity shortcuts so a block learns y = F(x) + x.",
    [("residual learning y = F(x) + x", ["F(x) + x", "residual learning", "learn the residual", "skip connection",
                                         "shortcut connection"]),
     ("identity gradient path", ["gradient flows directly", "1 + dF/dx", "gradient highway", "identity path"]),
     ("degradation of deep plain nets", ["degradation", "training error increases", "deeper plain network"]),
     ("enables very deep networks", ["152 layers", "1000 layers", "hundreds of layers", "very deep networks"])],
    topics=("resnet", "gradients"))

DWSEP = make_q(
    "t-dwsep", "How much compute does a depthwise separable convolution save over a standard convolution?",
    "A per-channel k×k depthwise conv followed by a 1×1 pointwise conv costs 1/C_out + 1/k² of a full conv.",
    [("depthwise then pointwise", ["depthwise convolution", "1x1 pointwise", "pointwise convolution",
                                   "per-channel filter"]),
     ("cost ratio 1/C_out + 1/k²", ["1/C_out + 1/k^2", "1/N + 1/k²", "cost ratio"]),
     ("about 8-9x cheaper for 3x3", ["8.5x", "8-9x", "9x fewer"]),
     ("standard conv cost k²·C_in·C_out·H·W", ["k^2 * C_in * C_out", "H * W * C_in * C_out * k^2"])],
    topics=("mobilenet", "flops"))

SE = make_q(
    "t-se", "What does a squeeze-and-excitation block do and why does it help?",
    "Squeeze: global average pooling to one number per channel; excitation: a small FC bottleneck with a "
    "sigmoid produces per-channel weights that rescale the feature map.",
    [("names the SE block", ["SE", "squeeze-and-excitation"]),
     ("squeeze by global average pooling", ["global average pooling", "GAP", "channel descriptor"]),
     ("excitation: FC bottleneck + sigmoid gates", ["sigmoid", "reduction ratio", "excitation"]),
     ("recalibrates channels", ["recalibrate", "reweight channels", "channel attention", "channel-wise scaling"]),
     ("small extra cost", ["few parameters", "negligible cost", "10% more parameters"])],
    topics=("attention",))

EFFNET = make_q(
    "t-effnet", "What is compound scaling in EfficientNet?",
    "Scale depth, width and resolution together with one coefficient φ under α·β²·γ² ≈ 2, "
    "found by grid search on B0.",
    [("scale depth, width and resolution together", ["depth, width and resolution", "jointly scale",
                                                      "all three dimensions"]),
     ("one compound coefficient φ", ["compound coefficient", "phi", "φ"]),
     ("α·β²·γ² ≈ 2", ["α·β²·γ² ≈ 2", "alpha * beta^2 * gamma^2 = 2", "FLOPs double"]),
     ("small grid search on B0", ["grid search", "B0 baseline"]),
     ("8.4x smaller than GPipe at similar accuracy", ["8.4x smaller", "better accuracy per FLOP"])],
    topics=("efficientnet", "scaling"))

R50 = make_q(
    "t-r50", "How many parameters and MACs does ResNet-50 have?",
    "About 25.6M parameters and 4.1 GMACs; it stacks 1×1-3×3-1×1 bottleneck blocks.",
    [("about 25.6M parameters", ["25.6M", "25,557,032"]),
     ("about 4.1 GMACs", ["4.1 GMACs", "4.1 billion MACs"]),
     ("bottleneck blocks 1x1-3x3-1x1", ["1x1-3x3-1x1", "bottleneck block"])],
    topics=("resnet", "flops"))

BN = make_q(
    "t-bn", "What does batch normalization do and why does it help training?",
    "It standardises each channel with the mini-batch mean and variance, then applies a learnable scale and shift.",
    [("normalise with batch mean and variance", ["batch mean and variance", "zero mean unit variance",
                                                 "mini-batch statistics"]),
     ("learnable scale and shift γ, β", ["gamma and beta", "γ, β", "learnable scale and shift"]),
     ("allows higher learning rates", ["higher learning rates", "faster convergence", "trains faster"]),
     ("running statistics at inference", ["running mean", "running averages", "model.eval()"])],
    topics=("normalization", "training"))

# A second ResNet question, related to t-resnet (the same question asked in another document).
RESNET_WHY = make_q(
    "t-resnet-why", "Why do skip connections make ResNets trainable?",
    "Skip connections carry the signal and the gradient unchanged around each block.",
    [("identity shortcut around each block", ["identity shortcut", "skip connection", "shortcut"]),
     ("gradient reaches early layers", ["gradient reaches early layers", "gradient flows", "backpropagation"]),
     ("block can default to identity", ["push F to zero", "default to identity", "identity is easy"])],
    topics=("resnet",), related=("t-resnet",))

QUESTIONS = (RESNET, DWSEP, SE, EFFNET, R50, BN, RESNET_WHY)


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(Bank(QUESTIONS))


def score(grader: Grader, q: Question, answer: str) -> float:
    return grader.grade(q, answer).score


# --- answers written for these tests: (question, strong, partial, wrong, strong with typos) -------------

CASES = {
    "resnet": (
        RESNET,
        "ResNet's trick is residual learning: each block computes F(x)+x through a skip connection. The gradient "
        "flows directly back through the identity path, which fixes the degradation seen when plain networks "
        "get deeper, so we can train very deep networks like ResNet-152 with 152 layers.",
        "It adds a skip connection around each block so the block learns F(x) + x.",
        "It uses larger 7x7 kernels and dropout to avoid overfitting on ImageNet.",
        "ResNet's trick is residaul lerning: each blok computes F(x)+x through a skip conection. The gradeint "
        "flows directy back through the identiy path, which fixes the degradaton seen when plain netwroks get "
        "deeper, so we can train very deep netwroks like ResNet-152 with 152 layers.",
    ),
    "dwsep": (
        DWSEP,
        "Split the conv into a depthwise convolution (one k x k filter per channel) and a 1x1 pointwise "
        "convolution. A standard conv costs H*W*C_in*C_out*k^2 MACs; the ratio is 1/C_out + 1/k^2, so for 3x3 "
        "kernels it is about 8-9x fewer operations.",
        "You do a depthwise convolution and then a pointwise convolution.",
        "It uses max pooling to downsample the feature map, which halves the resolution.",
        "Split the conv into a depthwize convolutoin (one k x k filter per channel) and a 1x1 pointwise "
        "convolution. A standard conv costs H*W*C_in*C_out*k^2 MACs; the ratio is 1/C_out + 1/k^2, so for 3x3 "
        "kernals it is about 8-9x fewer operations.",
    ),
    "se": (
        SE,
        "An SE block squeezes each channel with global average pooling, then the excitation step runs a tiny "
        "two-layer MLP with a reduction ratio and a sigmoid to get channel attention weights that recalibrate "
        "the feature maps, at negligible cost.",
        "The SE block uses global average pooling over each channel.",
        "It concatenates all previous feature maps like DenseNet.",
        "An SE blok squeezes each chanel with global averge pooling, then the exitation step runs a tiny "
        "two-layer MLP with a reduction ration and a sigmoid to get channel atention weights that recalibrate "
        "the feature maps, at negligable cost.",
    ),
    "effnet": (
        EFFNET,
        "Instead of growing one dimension, EfficientNet scales depth, width and resolution together with a "
        "single compound coefficient phi, subject to alpha * beta^2 * gamma^2 = 2 so FLOPs double per step. "
        "The constants come from a small grid search on the B0 baseline, and B7 ends up 8.4x smaller than GPipe.",
        "It scales depth, width and resolution together.",
        "It replaces ReLU with a sigmoid activation in every layer.",
        "Instead of growing one dimension, EfficientNet scales depht, widht and resolutoin together with a "
        "single compund coeficient phi, subject to alpha * beta^2 * gamma^2 = 2 so FLOPs double per step. "
        "The constants come from a small grid serch on the B0 baseline, and B7 ends up 8.4x smaller than GPipe.",
    ),
    "bn": (
        BN,
        "Batch norm normalizes each channel using the batch mean and variance, then applies a learnable scale "
        "and shift (gamma and beta). It allows higher learning rates and faster convergence, and at inference "
        "it uses the running mean and variance instead of batch stats.",
        "It normalizes activations with the batch mean and variance.",
        "It randomly drops neurons during training to regularize the network.",
        "Batch norm normalizes each chanel using the batch mean and varience, then applies a learnable scael "
        "and shift (gamma and beta). It allows higher learnign rates and faster convergance, and at inference "
        "it uses the runing mean and variance instead of batch stats.",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_strong_beats_partial_beats_wrong(grader: Grader, name: str) -> None:
    q, strong, partial, wrong, _ = CASES[name]
    s, p, w = score(grader, q, strong), score(grader, q, partial), score(grader, q, wrong)
    assert s > p > w, (s, p, w)
    assert s >= 0.75
    assert w <= 0.25


@pytest.mark.parametrize("name", sorted(CASES))
def test_typos_cost_at_most_one_point(grader: Grader, name: str) -> None:
    q, strong, _, _, typos = CASES[name]
    s, t = score(grader, q, strong), score(grader, q, typos)
    assert t >= s - 1 / len(q.key_points) - 1e-9, (s, t)
    assert t >= 0.75


@pytest.mark.parametrize("name", sorted(CASES))
def test_strong_suggests_good_or_easy_and_wrong_again(grader: Grader, name: str) -> None:
    q, strong, _, wrong, _ = CASES[name]
    assert grader.grade(q, strong).suggested in (Rating.GOOD, Rating.EASY)
    assert grader.grade(q, wrong).suggested is Rating.AGAIN


def test_points_report_phrase_and_users_words(grader: Grader) -> None:
    r = grader.grade(RESNET, "Each block learns F(x)+x and the gradeint flows directly back.")
    by_label = {p.label: p for p in r.points}
    first = by_label["residual learning y = F(x) + x"]
    assert first.matched and first.phrase == "F(x) + x" and first.evidence == "F(x)+x"
    second = by_label["identity gradient path"]
    assert second.matched and second.phrase == "gradient flows directly"
    assert second.evidence == "gradeint flows directly"
    assert not by_label["degradation of deep plain nets"].matched
    assert by_label["degradation of deep plain nets"].phrase is None
    assert r.matched == ["residual learning y = F(x) + x", "identity gradient path"]
    assert r.missed == ["degradation of deep plain nets", "enables very deep networks"]
    assert r.score == pytest.approx(calibrate(0.5, Tuning().calibration))


# --- notation -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["y = F(x)+x", "y=F(x) + x", "F( x ) + x", "ｆ(x)＋x"])
def test_formula_spacing_and_unicode_forms(grader: Grader, text: str) -> None:
    assert "residual learning y = F(x) + x" in grader.grade(RESNET, text).matched


@pytest.mark.parametrize("text", ["a 1x1 pointwise conv", "a 1×1 pointwise conv", "a 1 x 1 pointwise conv",
                                  "a 1 * 1 pointwise conv"])
def test_one_by_one_forms(grader: Grader, text: str) -> None:
    assert "depthwise then pointwise" in grader.grade(DWSEP, text).matched


@pytest.mark.parametrize("text", ["ratio 1/C_out + 1/k²", "ratio 1/c_out + 1/k^2", "ratio 1/C_out+1/k2",
                                  "ratio 1/N + 1/k^2"])
def test_superscripts_and_carets(grader: Grader, text: str) -> None:
    assert "cost ratio 1/C_out + 1/k²" in grader.grade(DWSEP, text).matched


@pytest.mark.parametrize("text", ["α·β²·γ² ≈ 2", "alpha*beta^2*gamma^2 = 2", "α × β^2 × γ^2 ≈ 2"])
def test_greek_and_ascii_constraint(grader: Grader, text: str) -> None:
    assert "α·β²·γ² ≈ 2" in grader.grade(EFFNET, text).matched


def test_tokenizer_folds_notation() -> None:
    def keys(text: str) -> list:
        return [t.key if t.kind is not Kind.NUM else (t.lo, t.hi) for t in content_tokens(text)]

    assert keys("1x1") == keys("1×1") == keys("1 x 1") == keys("1 * 1") == [(1, 1), "x", (1, 1)]
    assert keys("F(x)+x") == keys("F(x) + x") == ["f", "x", "+", "x"]
    assert keys("depth-wise") == keys("Depthwise")
    assert keys("**bold** and *emphasis*") == ["bold", "emphasis"]  # markdown stars are not products
    assert keys("3 times") == keys("3x") == keys("3-fold") == [(3, 3), "x"]
    assert keys("three ReLUs") == keys("3 relu") == [(3, 3), "relu"]


def test_stemmer_folds_word_forms() -> None:
    assert stem("normalisation") == stem("normalization") == stem("normalized") == stem("normalizing")
    assert stem("channels") == stem("channel")
    assert stem("learning") == stem("learned") == stem("learns") == stem("learn")
    assert stem("layers") == stem("layer")
    assert stem("se") == "se" and stem("gap") == "gap"


# --- numbers ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["it has 25.6M parameters", "about 25,557,032 params", "roughly 25.5 million",
                                  "~26M weights"])
def test_parameter_count_within_tolerance(grader: Grader, text: str) -> None:
    assert "about 25.6M parameters" in grader.grade(R50, text).matched


@pytest.mark.parametrize("text", ["it has 30M parameters", "it has 11.7M parameters", "25.6 parameters",
                                  "it has 23 million parameters"])
def test_parameter_count_outside_tolerance(grader: Grader, text: str) -> None:
    assert "about 25.6M parameters" not in grader.grade(R50, text).matched


@pytest.mark.parametrize("text,hit", [("B7 is 8.4x smaller", True), ("B7 is 8.5x smaller", True),
                                      ("B7 is 8.4 times smaller", True), ("B7 is 8.2× smaller", True),
                                      ("B7 is 9.5x smaller", False), ("B7 is 84x smaller", False),
                                      ("B7 is 8x smaller", False)])
def test_ratio_tolerance(grader: Grader, text: str, hit: bool) -> None:
    assert ("8.4x smaller than GPipe at similar accuracy" in grader.grade(EFFNET, text).matched) is hit


@pytest.mark.parametrize("text,hit", [("about 4.1 GMACs", True), ("4.1 billion MACs", True),
                                      ("4.0 GMACs", True), ("4,100,000,000 MACs", True), ("4.1 MMACs", False),
                                      ("2 GMACs", False)])
def test_multipliers_in_unit_words(grader: Grader, text: str, hit: bool) -> None:
    assert ("about 4.1 GMACs" in grader.grade(R50, text).matched) is hit


def test_ranges_match_a_number_inside_them(grader: Grader) -> None:
    assert "about 8-9x cheaper for 3x3" in grader.grade(DWSEP, "roughly 8-9x cheaper").matched
    assert "about 8-9x cheaper for 3x3" in grader.grade(DWSEP, "roughly 8.7x cheaper").matched
    assert "about 8-9x cheaper for 3x3" not in grader.grade(DWSEP, "roughly 2-3x cheaper").matched


def test_numbers_are_read_not_evaluated(grader: Grader) -> None:
    nasty = "__import__('os').system('false') 1e999 9" * 20 + " 10**10**10 (1,000,000,000,000,000.5)"
    tokens = tokenize(nasty)
    assert all(t.kind in (Kind.WORD, Kind.NUM, Kind.SYM) for t in tokens)
    assert grader.grade(R50, nasty).score == 0.0


# --- whole tokens --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["these are sensible choices based on usage", "the sequence is unseen",
                                  "megapixel images from Singapore", "a gaping hole"])
def test_short_phrases_match_only_whole_tokens(grader: Grader, text: str) -> None:
    r = grader.grade(SE, text)
    assert "names the SE block" not in r.matched
    assert "squeeze by global average pooling" not in r.matched


@pytest.mark.parametrize("text,label", [("An SE block.", "names the SE block"),
                                        ("(SE) blocks", "names the SE block"),
                                        ("se-block", "names the SE block"),
                                        ("then GAP, then an MLP", "squeeze by global average pooling"),
                                        ("GAPs per channel", "squeeze by global average pooling")])
def test_short_phrases_match_as_tokens(grader: Grader, text: str, label: str) -> None:
    assert label in grader.grade(SE, text).matched


def test_short_words_get_no_typo_tolerance(grader: Grader) -> None:
    assert "names the SE block" not in grader.grade(SE, "an SA block").matched
    assert "squeeze by global average pooling" not in grader.grade(SE, "GAR per channel").matched


def test_typo_must_keep_the_first_letter_and_length(grader: Grader) -> None:
    # `local` is not a typo of `global`; a phrase word is not matched by a longer different word
    assert "squeeze by global average pooling" not in grader.grade(SE, "local average pooling").matched
    assert "squeeze by global average pooling" in grader.grade(SE, "glbal average pooling").matched


# --- off-topic ----------------------------------------------------------------------------------------

def test_answer_to_another_question_is_off_topic_and_capped(grader: Grader) -> None:
    _, bn_strong, *_ = CASES["bn"]
    r = grader.grade(RESNET, bn_strong)
    assert r.off_topic and r.closer_to == "t-bn"
    assert r.score <= OFF_TOPIC_CAP
    assert r.to_json()["off_topic"] is True


@pytest.mark.parametrize("own,other", [("resnet", "se"), ("se", "dwsep"), ("effnet", "bn"), ("dwsep", "effnet")])
def test_cross_answers_are_flagged(grader: Grader, own: str, other: str) -> None:
    q = CASES[own][0]
    r = grader.grade(q, CASES[other][1])
    assert r.off_topic and r.closer_to == CASES[other][0].id
    assert r.score <= OFF_TOPIC_CAP


@pytest.mark.parametrize("name", sorted(CASES))
def test_own_answers_are_not_off_topic(grader: Grader, name: str) -> None:
    q, strong, partial, _, typos = CASES[name]
    for text in (strong, partial, typos):
        r = grader.grade(q, text)
        assert not r.off_topic and r.closer_to is None


def test_off_topic_needs_more_than_a_few_words(grader: Grader) -> None:
    r = grader.grade(RESNET, "dropout")
    assert not r.off_topic and r.score == 0.0


def test_related_questions_count_as_own() -> None:
    answer = ("Plain deep networks hit degradation: training error increases as a deeper plain network gets "
              "more layers, which is an optimisation problem, not overfitting.")
    unrelated = RESNET_WHY.__class__(**{**RESNET_WHY.__dict__, "related": ()})
    flagged = Grader(Bank((RESNET, unrelated, BN, SE))).grade(unrelated, answer)
    assert flagged.off_topic and flagged.closer_to == "t-resnet"
    kept = Grader(Bank((RESNET, RESNET_WHY, BN, SE))).grade(RESNET_WHY, answer)
    assert not kept.off_topic and kept.closer_to is None


def test_question_outside_the_bank_can_be_graded() -> None:
    g = Grader(Bank((BN, SE, DWSEP)))
    _, strong, *_ = CASES["effnet"]
    assert g.grade(EFFNET, strong).score >= 0.75
    assert not g.grade(EFFNET, strong).off_topic


# --- empty, determinism, JSON -------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_answer_scores_zero(grader: Grader, text: str) -> None:
    r = grader.grade(SE, text)
    assert r.score == 0.0 and not r.matched and len(r.missed) == len(SE.key_points)
    assert not r.off_topic and r.suggested is Rating.AGAIN


def test_punctuation_only_answer_scores_zero(grader: Grader) -> None:
    assert grader.grade(SE, "?!... ---").score == 0.0


def test_deterministic_across_calls_and_instances() -> None:
    answers = [a for case in CASES.values() for a in case[1:]]
    first = [Grader(Bank(QUESTIONS)).grade(q, a) for q in QUESTIONS for a in answers]
    again = Grader(Bank(QUESTIONS))
    second = [again.grade(q, a) for q in QUESTIONS for a in answers]
    third = [again.grade(q, a) for q in QUESTIONS for a in answers]
    assert first == second == third


def test_json_shape(grader: Grader) -> None:
    q, strong, *_ = CASES["bn"]
    r = grader.grade(q, strong)
    data = r.to_json()
    assert list(data) == ["id", "score", "matched", "missed", "suggested_rating", "off_topic", "points",
                          "misconceptions", "term_list", "why"]
    assert data["id"] == "t-bn" and 0 <= data["score"] <= 1
    assert [p["label"] for p in data["points"]] == [kp.label for kp in q.key_points]
    assert all(set(p) == {"label", "status", "evidence", "weight", "core"} for p in data["points"])
    assert {p["label"] for p in data["points"] if p["status"] == "matched"} == set(data["matched"])
    assert data["suggested_rating"] == suggest(r.score).key
    assert set(data["matched"]) | set(data["missed"]) == {kp.label for kp in q.key_points}


def test_score_is_calibrated_coverage(grader: Grader) -> None:
    """With no core points marked, points weigh the same; the coverage goes through the dev-fitted calibration."""
    r: GradeResult = grader.grade(R50, "ResNet-50 stacks bottleneck blocks and has 25.6M params.")
    assert r.matched == ["about 25.6M parameters", "bottleneck blocks 1x1-3x3-1x1"]
    assert r.score == pytest.approx(calibrate(2 / 3, Tuning().calibration))
    assert r.suggested is suggest(r.score)
    identity = Grader(grader.bank, tuning=Tuning(calibration=((0.0, 0.0), (1.0, 1.0))))
    assert identity.grade(R50, "ResNet-50 stacks bottleneck blocks and has 25.6M params.").score == pytest.approx(2 / 3)


# --- the real bank, when its questions are present --------------------------------------------------

@pytest.fixture(scope="module")
def real():
    from cnnquiz.bank import load_bank

    bank = load_bank()
    return bank, Grader(bank)


REAL_ANSWERS = {
    "resnet-key-innovation": (
        "ResNet uses skip connections so each block learns a residual F(x) + x instead of the full mapping. "
        "The identity shortcut lets the gradient flow directly to early layers, solving the degradation "
        "problem where deeper plain networks had higher training error, so 152-layer nets train fine.",
        "It uses batch normalization after every convolution and a learning-rate schedule."),
    "depthwise-separable-flops": (
        "A depthwise separable conv is a depthwise k x k conv per channel followed by a 1x1 pointwise conv. "
        "Its cost relative to a standard conv is 1/C_out + 1/k^2, so with 3x3 kernels it needs about 8-9x "
        "fewer FLOPs and parameters.",
        "It uses dilated convolutions to grow the receptive field."),
    "se-block-why": (
        "The SE block squeezes each channel with global average pooling, runs a small bottleneck MLP with a "
        "sigmoid (excitation) and rescales the channels with those weights: cheap channel attention that "
        "recalibrates features for a small parameter cost and a top-1 gain.",
        "It shuffles channels between groups."),
    "efficientnet-compound-scaling": (
        "Compound scaling grows depth, width and resolution together with one coefficient phi, with "
        "alpha * beta^2 * gamma^2 ≈ 2 so FLOPs roughly double per step; alpha, beta, gamma come from a grid "
        "search on B0. It beats scaling a single dimension.",
        "It prunes the smallest weights after training."),
}


@pytest.mark.parametrize("qid", sorted(REAL_ANSWERS))
def test_real_bank_questions(real, qid: str) -> None:
    bank, grader = real
    if qid not in bank:
        pytest.skip(f"{qid} is not in the bank yet")
    good, bad = REAL_ANSWERS[qid]
    q = bank.get(qid)
    g, b = grader.grade(q, good), grader.grade(q, bad)
    assert g.score >= 0.5 and not g.off_topic, g.points
    assert b.score < g.score and b.score <= 0.4


# Interview-style answers to more bank questions (written for this test, shorter than the model answers).
REAL_SHORT_ANSWERS = {
    "silu-swish": (
        "SiLU is x times sigmoid(x), also called Swish. It's smooth and non-monotonic, has a small "
        "negative dip, and is used in EfficientNet and MobileNetV3 instead of ReLU."),
    "hard-swish-why": (
        "Hard swish replaces the sigmoid in swish with a piecewise linear ReLU6(x+3)/6, so it is cheap on"
        " mobile hardware and quantizes well, used in MobileNetV3 deeper layers."),
    "vgg-3x3-design": (
        "Two stacked 3x3 convs have the receptive field of a 5x5, three give 7x7, but with fewer params "
        "(27C^2 vs 49C^2) and more nonlinearities in between."),
    "resnet-global-average-pooling": (
        "GAP averages each feature map to one value, so there's no huge FC layer, far fewer parameters, "
        "less overfitting, and the network accepts any input size."),
    "channel-shuffle": (
        "With group convolutions, each group only sees its own channels; ShuffleNet reshapes to (g, c/g),"
        " transposes and flattens so information mixes across groups, at essentially zero cost."),
    "stochastic-depth-droppath": (
        "During training, each residual branch is dropped at random with a probability that grows "
        "linearly with depth, leaving just the identity; at test time all blocks are used. It regularizes"
        " and shortens the expected depth."),
    "group-normalization": (
        "GroupNorm splits channels into groups (e.g. 32) and normalizes within each group per sample, so "
        "it does not depend on batch size; good for detection and segmentation with small batches."),
    "mobilenet-width-multiplier": (
        "The width multiplier alpha thins every layer uniformly: channels become alpha*C, so compute and "
        "params drop roughly by alpha squared. Typical values 1.0, 0.75, 0.5, 0.25."),
    "plain-net-degradation": (
        "It's not overfitting, because training error also goes up. It is an optimization problem: the "
        "solver can't even learn identity mappings for the extra layers, so a 56-layer plain net does "
        "worse than a 20-layer one."),
    "odd-kernel-sizes": (
        "Odd kernels have a center pixel, so padding is symmetric (k//2) and the output stays aligned "
        "with the input; even kernels shift the features by half a pixel."),
    "convnext-layernorm": (
        "ConvNeXt copied the transformer recipe and replaced BatchNorm with LayerNorm; it's simpler, "
        "independent of batch size, and slightly better accuracy in their ablation."),
    "resnext-cardinality": (
        "Cardinality is the number of parallel paths, implemented as a grouped convolution with 32 "
        "groups; increasing it improves accuracy more than going deeper or wider at the same FLOPs."),
    "torchvision-pretrained-vs-weights": (
        "pretrained=True is deprecated; the new API is weights=ResNet50_Weights.IMAGENET1K_V2 which picks"
        " a specific checkpoint and also gives you the matching transforms."),
    "nas-what": (
        "NAS automates architecture design: define a search space, a search strategy like RL, evolution "
        "or differentiable DARTS, and a performance estimation strategy."),
}


def test_real_bank_short_answers_get_credit(real) -> None:
    bank, grader = real
    present = {qid: text for qid, text in REAL_SHORT_ANSWERS.items() if qid in bank}
    if len(present) < 5:
        pytest.skip("too few of these questions are in the bank yet")
    results = {qid: grader.grade(bank.get(qid), text) for qid, text in present.items()}
    assert not [qid for qid, r in results.items() if r.off_topic]
    assert all(r.score >= 0.4 for r in results.values()), {qid: r.score for qid, r in results.items()}
    assert sum(r.score for r in results.values()) / len(results) >= 0.6


def test_real_bank_answers_to_other_questions_are_caught(real) -> None:
    bank, grader = real
    if len(bank) < 10:
        pytest.skip("the bank is not written yet")
    qs = bank.questions
    low = total = 0
    for n, q in enumerate(qs):
        other = qs[(n + len(qs) // 2) % len(qs)]
        if other.id in q.related or q.id in other.related:
            continue
        total += 1
        low += grader.grade(q, other.answer).score <= OFF_TOPIC_CAP
    assert low >= 0.8 * total, (low, total)


def test_real_bank_model_answers_grade_well_against_their_own_rubric(real) -> None:
    bank, grader = real
    if len(bank) < 10:
        pytest.skip("the bank is not written yet")
    results = [grader.grade(q, q.answer) for q in bank.questions]
    assert not [r.question_id for r in results if r.off_topic]
    assert sum(r.score for r in results) / len(results) >= 0.8


# --- properties ---------------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TEXT = st.text(alphabet=st.sampled_from(list("abcdefgsxyz ABCSEGAP0123456789.,-+=/*()%^×·²αβγφ~→\n")),
               max_size=120)
PHRASES = [p for q in QUESTIONS for kp in q.key_points for p in kp.phrases]


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_any_text_grades_in_range(text: str) -> None:
    g = Grader(Bank(QUESTIONS))
    for q in (RESNET, DWSEP, EFFNET):
        r = g.grade(q, text)
        assert 0.0 <= r.score <= 1.0
        assert r.suggested is suggest(r.score)
        assert r == g.grade(q, text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=4), TEXT)
def test_adding_text_never_loses_a_matched_point(phrases: list[str], extra: str) -> None:
    g = Grader(Bank(QUESTIONS))
    answer = " and ".join(phrases)
    for q in QUESTIONS:
        before = set(g.grade(q, answer).matched)
        after = set(g.grade(q, answer + " ; " + extra).matched)
        assert before <= after, (q.id, answer, extra)


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.id)
def test_every_rubric_phrase_matches_itself(grader: Grader, q: Question) -> None:
    asked = {t.key for t in content_tokens(q.question) if t.kind is Kind.WORD}
    for kp in q.key_points:
        for phrase in kp.phrases:
            restates = all(t.kind is Kind.WORD and t.key in asked for t in content_tokens(phrase))
            assert restates or kp.label in grader.grade(q, phrase).matched, phrase


def test_restating_the_question_earns_nothing(grader: Grader) -> None:
    """`squeeze-and-excitation` is a phrase of the SE point, but the question says it: no credit for echoing."""
    assert "names the SE block" not in grader.grade(SE, "squeeze-and-excitation").matched
    assert "names the SE block" in grader.grade(SE, "the SE block").matched


# --- rubric-QA fixes: joined forms, names, symbols, scaled numbers, percentages ---------------------------

def probe(grader: Grader, phrases: list[str], answer: str) -> bool:
    """Whether a one-point rubric with these phrases is matched by the answer."""
    q = make_q("t-probe", "A probe question about CNN design?", "A model answer.", [("probe point", phrases)])
    return "probe point" in grader.grade(q, answer).matched


@pytest.mark.parametrize("phrases,answer,hit", [
    (["SE and Swish"], "It uses the Swish activation everywhere.", False),  # `seswish` is not a typo of `swish`
    (["SE and Swish"], "MBConv adds SE blocks and Swish.", True),
    (["SE and Swish"], "an SE-Swish block", True),
    (["small LR"], "a small batch size works", False),                       # `smalllr` is not a typo of `small`
    (["small LR"], "warm up with a small LR", True),
    (["small LR"], "a smallLR", True),
    (["depth wise"], "a depthwise conv", True),                               # joined forms match exactly
    (["depth wise"], "a depthwize conv", True),     # not a joined-form typo: the bank's word, spelt out first
    (["channelwise"], "more channels wide and deep", False),                  # an answer's word pair is no typo
    (["bottleneck"], "a bottle neck block", True),                           # ... but matches when exact
])
def test_joined_forms_match_only_exactly(grader: Grader, phrases: list[str], answer: str, hit: bool) -> None:
    assert probe(grader, phrases, answer) is hit


@pytest.mark.parametrize("phrases,answer,hit", [
    (["EfficientNet-Lite"], "EfficientNets like B0 scale well.", False),
    (["EfficientNet-Lite"], "use EfficientNet Lite on phones", True),
    (["EfficientNet-Lite"], "efficientnet-lite0 on phones", True),
    (["ResNet-D"], "ResNet uses a strided 1x1 conv", False),
    (["ResNet-D"], "the ResNet-D tweak", True),
    (["RegNet"], "ResNet stacks residual blocks", False),
    (["RegNet"], "RegNets come from a design space", True),
    (["MobileOne"], "MobileNet uses depthwise convs", False),
    (["MobileOne"], "MobileOne reparameterizes branches", True),
    (["αM"], "the width multiplier alpha", False),
    (["αM"], "M inputs become αM", True),
    (["resnet"], "regnet", False),                                            # known family names, any case
    (["DenseNets"], "densenet concatenates", True),
    (["EfficientNet"], "EfficentNet", False),                                 # names get no typo tolerance
    (["MobileNet"], "MobileNetV2 uses inverted residuals", True),             # but a version suffix is dropped
    (["EfficientNet"], "EfficientNetB3 at 300 px", True),
    (["MobileNetV2"], "MobileNet v2", True),
    (["EfficientNetV2"], "EfficientNet-B2", False),
    (["global average pooling"], "glbal averge pooling", True),              # long plain words still do
    (["replace the head"], "replaces it with the hard version", False),     # four letters are too few for it
    (["the 1 term"], "one of them", False),
])
def test_names_need_an_exact_match(grader: Grader, phrases: list[str], answer: str, hit: bool) -> None:
    assert probe(grader, phrases, answer) is hit


def test_symbols_fold_and_formula_letters_stay() -> None:
    def keys(text: str) -> list:
        return [t.key if t.kind is not Kind.NUM else (t.lo, t.hi) for t in content_tokens(text)]

    assert keys("ρ²") == keys("rho^2") == ["rho", (2, 2)]
    assert keys("÷4") == keys("/4") == ["/", (4, 4)]
    assert keys("H×W×C") == keys("H x W x C") == keys("HxWxC") == keys("H*W*C") == ["h", "x", "w", "x", "c"]
    assert keys("k×k") == keys("kxk") == ["k", "x", "k"]
    assert keys("max exact box") == ["max", "exact", "box"]
    assert keys("1 k×k conv") == [(1, 1), "k", "x", "k", "conv"]  # not 1000
    assert keys("I + ∂F/∂x") == keys("(I + dF/dx)") == ["i", "+", "df", "/", "dx"]
    assert keys("I think so") == ["think"]
    assert keys("LN and IN") == ["ln", "in"]
    assert keys("In the network, in practice") == ["network", stem("practice")]


@pytest.mark.parametrize("phrases,answer,hit", [
    (["ρ²"], "the cost scales by 2", False),
    (["ρ²"], "the cost scales with ρ²", True),
    (["ρ²"], "cost drops by rho^2", True),
    (["÷4"], "about 4 layers", False),
    (["÷4"], "the 1x1 reduces channels /4", True),
    (["H×W×C to C"], "pools HxWxC down to C", True),
    (["H×W×C to C"], "from H x W x C to C", True),
    (["I + ∂F/∂x"], "x + dF/dx", False),
    (["I + ∂F/∂x"], "the Jacobian is I + dF/dx", True),
    (["LN and IN"], "LN and BN", False),
    (["LN and IN"], "LN in practice", False),
    (["LN and IN"], "LN and IN are special cases", True),
])
def test_symbols_in_phrases(grader: Grader, phrases: list[str], answer: str, hit: bool) -> None:
    assert probe(grader, phrases, answer) is hit


@pytest.mark.parametrize("phrases,answer,hit", [
    (["15.5 vs 4.1"], "VGG-16 is 15.5 GMACs vs 4.1 GMACs for ResNet-50", True),
    (["15.5 vs 4.1"], "15.5 vs 4.1 GFLOPs", True),
    (["ResNet-50 4.1"], "ResNet-50 needs about 4.1 billion MACs", True),
    (["ResNet-50 4.1"], "ResNet-50 needs about 4.1 trillion MACs", False),   # only x1, 1e3, 1e6, 1e9
    (["25.6M"], "params: 25.6 for ResNet-50", True),                         # and vice versa
    (["25.6M"], "it has 25.6 parameters", False),                            # a unit without a scale is literal
    (["4.1 GMACs"], "4.1 MMACs", False),                                     # two scales must agree
    (["8.4x"], "8.4M", False),                                               # a ratio is not a bare number
    (["15.5 billion"], "VGG-16 needs 16 of them", False),                    # written alike, within 1%
    (["60.2M"], "60 layers", False),
    (["2.05M"], "in 2048 channels, since 2017", False),                      # counts and years are no mantissa
    (["110M"], "BERT-base 110 vs", True),
])
def test_unitless_numbers_match_scaled_ones(grader: Grader, phrases: list[str], answer: str, hit: bool) -> None:
    assert probe(grader, phrases, answer) is hit


@pytest.mark.parametrize("phrases,answer,hit", [
    (["78.5%"], "78.5% top-1", True),
    (["78.5%"], "78.9 %", True),
    (["78.5%"], "79.2%", False),
    (["78.5%"], "77.9%", False),
    (["top-1 78.5"], "top-1 of 78.3", True),
    (["top-1 78.5"], "top-1 accuracy 79.5", False),
    (["B0 77.1"], "B0 gets 79.0% top-1", False),                              # the answer's % decides too
    (["B0 77.1"], "B0 gets 77.3% top-1", True),
    (["76.1"], "top-1 acc is 77.0", False),                                  # accuracy context, no % sign
    (["76.1"], "76.8 ms per image", True),                                   # no context: relative 5%
    (["56 layers"], "58 layers", True),
    (["1%"], "0.6%", False),                                                 # small percentages stay tight
    (["0.26%"], "0.30% more compute", False),
    (["10% more"], "10.4% more", True),
])
def test_percentages_use_absolute_tolerance(grader: Grader, phrases: list[str], answer: str, hit: bool) -> None:
    assert probe(grader, phrases, answer) is hit


# --- rubric pass 2: inflections, versus, acronym case, dimension order -------------------------------------

@pytest.mark.parametrize("phrases,answer,hit", [
    (["ResNet vs VGG"], "ResNet versus VGG", True),
    (["ResNet versus VGG"], "ResNet vs. VGG", True),
    (["ResNet vs. VGG"], "ResNet vs VGG", True),
    (["ResNet versus VGG"], "ResNet and VGG", False),
])
def test_versus_folds_to_vs(grader: Grader, phrases: list[str], answer: str, hit: bool) -> None:
    assert probe(grader, phrases, answer) is hit


def test_stemmer_folds_inflections() -> None:
    assert stem("used") == stem("uses") == stem("use") == stem("using")
    assert stem("aged") == stem("ages") == stem("age")
    assert stem("easiest") == stem("easier") == stem("easy") == stem("easily")
    assert stem("largest") == stem("larger") == stem("large")
    assert stem("fastest") == stem("fast") and stem("biggest") == stem("big") and stem("widest") == stem("wide")
    assert stem("heaviest") == stem("heavy") and stem("simplest") == stem("simple")
    assert stem("classifier") == stem("classifiers")


@pytest.mark.parametrize("a,b", [("used", "us"), ("need", "ne"), ("needs", "nee"), ("interest", "inter"),
                                 ("forest", "for"), ("suggest", "sugg"), ("honest", "hon"), ("latest", "last"),
                                 ("uses", "user"), ("easy", "ease"), ("test", "t")])
def test_stemmer_does_not_merge_different_words(a: str, b: str) -> None:
    assert stem(a) != stem(b)


@pytest.mark.parametrize("a,b", [("need", "needs"), ("interest", "interests"), ("interest", "interested"),
                                 ("suggest", "suggested"), ("test", "tests"), ("request", "requests")])
def test_stemmer_keeps_words_ending_in_est_whole(a: str, b: str) -> None:
    assert stem(a) == stem(b)


@pytest.mark.parametrize("a,b", [("sing", "se"), ("going", "goe"), ("bring", "bre")])
def test_stemmer_short_ing_words_stay(a: str, b: str) -> None:
    assert stem(a) != stem(b)


@pytest.mark.parametrize("phrases,answer,hit", [
    (["depthwise 3x3"], "a 3x3 depthwise conv per channel", True),
    (["3x3 depthwise"], "then a depthwise 3×3 conv", True),
    (["1x1 pointwise"], "a pointwise 1 x 1 conv mixes channels", True),
    (["pointwise 1x1"], "a 1x1 pointwise conv", True),
    (["depthwise k×k"], "a k×k depthwise filter", True),
    (["depthwise 3x3"], "a 5x5 depthwise conv", False),          # the numbers still must agree
    (["depthwise 3x3"], "a 3x3 conv in the stem, later a depthwise one", False),  # ... and stay near
    (["3x3 depthwise conv"], "a conv depthwise 3x3", False),      # longer phrases stay ordered
    (["1/k^2"], "k^2/1", False),                                  # formulas stay ordered
])
def test_dimension_and_word_match_in_any_order(grader: Grader, phrases: list[str], answer: str, hit: bool) -> None:
    assert probe(grader, phrases, answer) is hit


@pytest.mark.parametrize("phrases,answer,hit", [
    (["GAP"], "ResNet ends in GAP and one FC layer.", True),
    (["GAP"], "ResNet ends in GAPs.", True),
    (["GAP"], "There is a gap between ResNet and VGG.", False),   # mixed case: `gap` is the word, not GAP
    (["GAP"], "The gap between ResNet-50 and VGG narrows.", False),
    (["gap"], "There is a gap between ResNet and VGG.", True),    # a lowercase rubric word is no acronym
    (["SE"], "An SE-block in ResNet", True),
    (["SE"], "an se-block in ResNet", False),
    (["SE"], "This is a Se test in ResNet", False),
    (["GAP"], "resnet ends in gap then fc", True),               # typed all in lowercase: case says nothing
    (["GAP"], "Resnet ends in gap. Then fc.", True),             # ... sentence-initial capitals only
    (["GAP"], "I think it uses gap", True),                      # ... and the pronoun I
    (["GA"], "it uses gap", False),                              # ... but only whole words (or plurals)
    (["GAP"], "it uses gaps", True),
    (["global average pooling", "GAP"], "Global average pooling in ResNet", True),  # the expansion still counts
    (["INT8 quantization"], "ResNet gets int8 quantization.", True),   # letters glued to digits are no acronym
    (["under 1 GMAC"], "MobileNet is under 1 GMac.", True),     # nor is a unit folded out of a number
])
def test_acronyms_match_only_in_capitals_in_mixed_case(grader: Grader, phrases: list[str], answer: str,
                                                       hit: bool) -> None:
    assert probe(grader, phrases, answer) is hit


@pytest.mark.parametrize("text", ["se block uses gap", "Se block uses gap, then a sigmoid.",
                                  "An SE block uses GAP, then a sigmoid."])
def test_lazy_lowercase_answer_still_gets_acronym_points(grader: Grader, text: str) -> None:
    r = grader.grade(SE, text)
    assert "names the SE block" in r.matched
    assert "squeeze by global average pooling" in r.matched


@pytest.mark.parametrize("text", ["Mind the gap between ResNet and VGG: se means nothing here.",
                                  "A gap in ResNet training"])
def test_lowercase_words_in_mixed_case_answers_are_not_acronyms(grader: Grader, text: str) -> None:
    r = grader.grade(SE, text)
    assert "names the SE block" not in r.matched
    assert "squeeze by global average pooling" not in r.matched
