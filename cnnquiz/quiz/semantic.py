"""The sentence-embedding model the grader matches meaning with: WordLlama, whose weights ship in its wheel.

The model loads once per process, optionally in a background thread started while the user reads the first
question; `model()` waits for it. Rubric statement vectors are cached on disk keyed on the model and the texts.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cnnquiz.errors import CnnquizError

if TYPE_CHECKING:
    import numpy as np

MODEL_NAME = "wordllama l2_supercat 256"
CONFIG, DIM = "l2_supercat", 256


class ModelError(CnnquizError):
    """The grader's embedding model could not be loaded (a broken install)."""

    exit_code = 1


class Embedder:
    """Unit-length sentence vectors from WordLlama's static token embeddings (numpy only, offline)."""

    name = MODEL_NAME
    dim = DIM

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights and tokenizer are in the package: never ask a hub
        try:
            import wordllama
            from pathlib import Path

            # the bundled tokenizer is found only when cache_dir is the package's own folder
            self._model = wordllama.WordLlama.load(config=CONFIG, dim=DIM, cache_dir=Path(wordllama.__file__).parent,
                                                   disable_download=True)
        except Exception as exc:  # an import or file error here is a broken install, not a user mistake
            raise ModelError(f"the grader's model ({MODEL_NAME}) could not be loaded: {exc}; "
                             "reinstall with `make install`") from exc

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (float32, shape (len(texts), DIM))."""
        import numpy as np

        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        vecs = np.asarray(self._model.embed(list(texts), norm=True), dtype=np.float32)
        return np.nan_to_num(vecs)


class _Loader:
    """Loads the Embedder at most once; `start()` begins in a background thread, `get()` waits for it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._model: Embedder | None = None
        self._error: BaseException | None = None

    def _load(self) -> None:
        try:
            self._model = Embedder()
        except BaseException as exc:  # re-raised in the thread that asks for the model
            self._error = exc

    def start(self) -> None:
        with self._lock:
            if self._thread is None and self._model is None:
                self._thread = threading.Thread(target=self._load, name="cnnquiz-model", daemon=True)
                self._thread.start()

    def ready(self) -> bool:
        return self._model is not None or self._error is not None

    def get(self) -> Embedder:
        self.start()
        assert self._thread is not None or self._model is not None
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._model is not None
        return self._model


_LOADER = _Loader()


def start_loading() -> None:
    """Begin loading the model in the background (idempotent)."""
    _LOADER.start()


def model_ready() -> bool:
    """Whether `model()` would return at once."""
    return _LOADER.ready()


def model() -> Embedder:
    """The loaded model, waiting for a background load to finish."""
    return _LOADER.get()


def statement_vectors(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Vectors of rubric sentences, from the on-disk cache when the model and texts are unchanged."""
    import numpy as np

    from cnnquiz import paths

    h = hashlib.blake2b(embedder.name.encode(), digest_size=16)
    for t in texts:
        h.update(b"\0" + t.encode())
    target = paths.cache_dir() / f"statements-{h.hexdigest()}.npy"
    try:
        cached = np.load(target, allow_pickle=False)
        if cached.shape == (len(texts), embedder.dim):
            return cached
    except (OSError, ValueError):
        pass
    vecs = embedder.embed(texts)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, vecs, allow_pickle=False)
        os.replace(tmp, target)
    except OSError:
        pass  # a cache: grading goes on without it
    return vecs
