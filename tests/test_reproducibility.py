"""The reproducibility claims: the dataset and the baseline's report rebuild exactly.

Retraining everything takes minutes, so the random-split part (every model, the
saved model, the confusion matrix, the error analysis) is rerun in full, and the
held-out outlet, conflict and learning-curve numbers are checked by rerunning one
fold, one direction and one point of each. ``make reproduce`` reruns all of it; a
clean ``git status`` afterwards is the full check.
"""

import json
import platform

import pandas as pd
import pytest
from threadpoolctl import threadpool_limits

from conftest import ROOT
from newspara import ON_X86_64
from newspara.build import build
from newspara.embeddings import unavailable_reason
from newspara.evaluation import article_order, fit_predict
from newspara.report import evaluate, scores
from newspara.split import SPLITS
from newspara.train import (
    CONFUSION_FILE,
    ERRORS_FILE,
    HELD_OUT_CONFLICT,
    METRICS_FILE,
    TIMINGS_FILE,
    embed_blocks,
    load_split,
    model_card,
    model_factories,
    train,
    unfixed_kernels,
)

MODEL = ROOT / "models" / "baseline"


def committed() -> dict:
    return json.loads((MODEL / METRICS_FILE).read_text(encoding="utf-8"))


def needs_embeddings():
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(f"the committed report includes the embedding baseline; {reason}")


def test_numbers_are_computed_with_the_fixed_kernels():
    """Other OpenBLAS kernels or NumPy loops round differently: the reruns below would fail in the last digits."""
    if not ON_X86_64:
        pytest.skip(f"the kernels are fixed on x86-64 only; this is {platform.machine()}")
    assert unfixed_kernels() is None, "run 'make test', which sets the variables before NumPy loads"


def test_rebuilding_the_corpus_gives_the_committed_dataset_byte_for_byte(tmp_path):
    card = tmp_path / "card.md"
    card.write_bytes((ROOT / "DATASET_CARD.md").read_bytes())
    build(ROOT / "corpus", tmp_path / "ds", card_template=card, progress=False)
    committed = sorted(p.relative_to(ROOT / "dataset") for p in (ROOT / "dataset").rglob("*") if p.is_file())
    rebuilt = sorted(p.relative_to(tmp_path / "ds") for p in (tmp_path / "ds").rglob("*") if p.is_file())
    assert rebuilt == committed
    for name in committed:
        assert (tmp_path / "ds" / name).read_bytes() == (ROOT / "dataset" / name).read_bytes(), name


def test_retraining_reproduces_the_committed_random_split_exactly(tmp_path):
    needs_embeddings()
    rebuilt = train(ROOT / "dataset", tmp_path / "model", progress=False, protocols=False)
    expected = committed()
    assert set(expected) - set(rebuilt) == {"generalisation", "learning_curve"}
    for key, value in rebuilt.items():
        assert value == expected[key], key
    for name in ("model.skops", CONFUSION_FILE, ERRORS_FILE):
        assert (tmp_path / "model" / name).read_bytes() == (MODEL / name).read_bytes(), name


def test_committed_model_card_is_rendered_from_the_committed_metrics_and_timings():
    timings = json.loads((MODEL / TIMINGS_FILE).read_text(encoding="utf-8"))
    assert (MODEL / "README.md").read_text(encoding="utf-8") == model_card(committed(), timings)


@pytest.fixture(scope="module", autouse=True)
def one_blas_thread():
    """'newspara train' runs on one BLAS thread (see ``newspara.train.train``), so its reruns must too."""
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="module")
def everything() -> pd.DataFrame:
    needs_embeddings()
    table = pd.concat([load_split(ROOT / "dataset", s) for s in SPLITS], ignore_index=True)
    embed_blocks(table)  # the same vectors as 'newspara train' computes
    return table


def test_one_held_out_outlet_reruns_to_the_committed_scores(everything):
    expected = committed()
    outlets = expected["generalisation"]["outlet"]
    group = outlets["groups"][0]
    inside = everything["outlet"] == group
    for name, factory in model_factories(expected["selection"]).items():
        result = scores(everything[inside]["label"], fit_predict(factory, everything[~inside], everything[inside]))
        committed_fold = outlets["models"][name]["per_group"][group]
        assert result["macro_f1"] == committed_fold["macro_f1"], name
        assert result["per_class"]["boilerplate"]["f1"] == committed_fold["boilerplate_f1"], name


def test_one_conflict_direction_reruns_to_the_committed_scores(everything):
    expected = committed()
    inside = everything["conflict"] == HELD_OUT_CONFLICT
    test = everything[~inside]
    for name, factory in model_factories(expected["selection"]).items():
        result = evaluate(test["label"], fit_predict(factory, everything[inside], test), test["article_id"])
        assert result == expected["generalisation"]["conflict"]["directions"][f"{HELD_OUT_CONFLICT} → rest"][name], (
            name
        )


def test_first_learning_curve_point_reruns_to_the_committed_score(everything):
    expected = committed()
    curve = expected["learning_curve"]
    train_rows, test = load_split(ROOT / "dataset", "train"), load_split(ROOT / "dataset", "test")
    articles = sorted(train_rows["article_id"].unique())
    subset = article_order(articles, 0)[: curve["articles"][0]]
    rows = train_rows[train_rows["article_id"].isin(subset)]
    for name, factory in model_factories(expected["selection"]).items():
        assert scores(test["label"], fit_predict(factory, rows, test))["macro_f1"] == curve["models"][name][0][0], name
