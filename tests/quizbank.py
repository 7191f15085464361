"""A small valid question bank for quiz tests, written into a temp folder (tests never use the real bank)."""

from __future__ import annotations

from pathlib import Path

import yaml

QUESTIONS = [
    {
        "id": "resnet-skip",
        "source": {"document": "001_resnet.txt", "number": 1},
        "question": "Why do residual connections make very deep networks trainable?",
        "answer": "The identity shortcut gives gradients a direct path, so they do not vanish; each block only "
                  "learns a residual F(x) = H(x) - x, and an identity mapping is easy to represent.",
        "key_points": [
            {"label": "identity shortcut", "phrases": ["identity shortcut", "skip connection", "shortcut"]},
            {"label": "gradient flow", "phrases": ["gradient flow", "gradients flow", "vanishing gradient"]},
            {"label": "learn a residual", "phrases": ["residual", "F(x) = H(x) - x"]},
        ],
        "topics": ["resnet", "gradients"],
        "difficulty": "easy",
    },
    {
        "id": "depthwise-cost",
        "source": {"document": "002_mobilenet.txt", "number": 1},
        "question": "How much cheaper is a depthwise separable convolution than a standard one?",
        "answer": "A depthwise k x k convolution followed by a 1x1 pointwise one costs about 1/C_out + 1/k^2 "
                  "of a standard convolution: roughly 8 to 9 times fewer MACs for 3x3 kernels.",
        "key_points": [
            {"label": "depthwise then pointwise", "phrases": ["depthwise", "pointwise", "1x1"]},
            {"label": "ratio 1/C_out + 1/k^2", "phrases": ["1/k^2", "1/C_out", "ratio"]},
            {"label": "8-9x fewer for 3x3", "phrases": ["8 to 9", "8-9", "nine times", "9x"]},
        ],
        "topics": ["mobilenet", "flops"],
        "difficulty": "medium",
    },
    {
        "id": "batchnorm-inference",
        "source": {"document": "003_norm.txt", "number": 1},
        "question": "What does batch normalization do differently at inference time?",
        "answer": "It uses the running mean and variance collected during training instead of batch statistics, "
                  "so it becomes a fixed affine transform that can be folded into the preceding convolution.",
        "key_points": [
            {"label": "running statistics", "phrases": ["running mean", "running statistics", "moving average"]},
            {"label": "no batch statistics", "phrases": ["batch statistics", "not the batch"]},
            {"label": "foldable affine", "phrases": ["fold", "fused", "affine"]},
        ],
        "topics": ["normalization"],
        "difficulty": "easy",
    },
    {
        "id": "se-block",
        "source": {"document": "004_attention.txt", "number": 2},
        "question": "What does a squeeze-and-excitation block compute?",
        "answer": "Global average pooling squeezes each channel to one number, a small bottleneck MLP with a "
                  "sigmoid produces per-channel weights, and the feature map channels are rescaled by them.",
        "key_points": [
            {"label": "squeeze by global pooling", "phrases": ["global average pooling", "squeeze", "pool"]},
            {"label": "excitation MLP + sigmoid", "phrases": ["sigmoid", "mlp", "fully connected"]},
            {"label": "channel reweighting", "phrases": ["rescale", "reweight", "per-channel", "scale the channels"]},
        ],
        "topics": ["attention", "mobilenet"],
        "difficulty": "hard",
    },
]

IDS = [q["id"] for q in QUESTIONS]


def write_bank(directory: Path, questions: list[dict] | None = None) -> Path:
    """Write the questions (default: all four) as one bank file in `directory`; returns the folder."""
    directory.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump({"questions": questions if questions is not None else QUESTIONS}, sort_keys=False)
    (directory / "quiz.yaml").write_text(text, encoding="utf-8")
    return directory


def load_test_bank(directory: Path):
    """The Bank of write_bank(directory) alone."""
    from cnnquiz.bank import load_bank

    return load_bank([write_bank(directory)], only_extra=True)
