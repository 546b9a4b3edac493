"""Scores, confidence intervals, a confusion-matrix figure and the model card."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from newspara.records import LABELS

BOOTSTRAP_ROUNDS = 1000
BOOTSTRAP_SEED = 0
DIGITS = 4


def _round(value: float) -> float:
    return round(float(value), DIGITS)


def scores(y_true: Sequence[str], y_pred: Sequence[str]) -> dict:
    """Per-class precision, recall, F1 and support; macro-F1 and accuracy."""
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=list(LABELS), zero_division=0
    )
    return {
        "macro_f1": _round(f1_score(y_true, y_pred, labels=list(LABELS), average="macro", zero_division=0)),
        "accuracy": _round(accuracy_score(y_true, y_pred)),
        "per_class": {
            label: {"precision": _round(p), "recall": _round(r), "f1": _round(f), "support": int(s)}
            for label, p, r, f, s in zip(LABELS, precision, recall, f1, support, strict=True)
        },
    }


def _f1_from_confusion(matrix: np.ndarray) -> np.ndarray:
    true_positive = np.diag(matrix).astype(float)
    denominator = matrix.sum(axis=0) + matrix.sum(axis=1)
    return np.divide(2 * true_positive, denominator, out=np.zeros_like(true_positive), where=denominator > 0)


def bootstrap_intervals(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    groups: Sequence[str],
    rounds: int = BOOTSTRAP_ROUNDS,
    seed: int = BOOTSTRAP_SEED,
) -> dict:
    """95% percentile intervals of macro-F1, accuracy and per-class F1, precision and recall.

    Blocks of one article are not independent, so the bootstrap draws whole
    articles (with replacement) and keeps all their blocks. Each article's
    confusion matrix is computed once; a resample is the sum of its articles' matrices.

    Parameters
    ----------
    y_true, y_pred : sequence of str
    groups : sequence of str
        The article of each block.
    rounds : int, default=BOOTSTRAP_ROUNDS
    seed : int, default=BOOTSTRAP_SEED

    Returns
    -------
    dict
        ``{"macro_f1": [low, high], "accuracy": [...], "f1": {label: [...]}, "precision": ..., "recall": ...}``.
    """
    index = {label: i for i, label in enumerate(LABELS)}
    k = len(LABELS)
    cells = np.array([index[t] * k + index[p] for t, p in zip(y_true, y_pred, strict=True)], dtype=np.int64)
    articles, article_of = np.unique(np.asarray(groups), return_inverse=True)
    per_article = np.zeros((len(articles), k * k), dtype=np.int64)
    np.add.at(per_article, (article_of, cells), 1)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(articles), size=(rounds, len(articles)))
    matrices = per_article[draws].sum(axis=1).reshape(rounds, k, k)
    f1 = np.array([_f1_from_confusion(m) for m in matrices])
    diagonal = np.diagonal(matrices, axis1=1, axis2=2).astype(float)
    predicted, actual = matrices.sum(axis=1), matrices.sum(axis=2)
    precision = np.divide(diagonal, predicted, out=np.zeros_like(diagonal), where=predicted > 0)
    recall = np.divide(diagonal, actual, out=np.zeros_like(diagonal), where=actual > 0)
    # A label absent from a resample scores F1 0 and stays in the macro average, as scikit-learn's
    # f1_score(labels=LABELS, zero_division=0) does.
    samples = {
        "macro_f1": f1.mean(axis=1),
        "accuracy": np.trace(matrices, axis1=1, axis2=2) / matrices.sum(axis=(1, 2)),
        **{label: f1[:, i] for i, label in enumerate(LABELS)},
    }

    def interval(values: np.ndarray) -> list[float]:
        return [_round(np.percentile(values, 2.5)), _round(np.percentile(values, 97.5))]

    return {
        "macro_f1": interval(samples["macro_f1"]),
        "accuracy": interval(samples["accuracy"]),
        "f1": {label: interval(samples[label]) for label in LABELS},
        "precision": {label: interval(precision[:, i]) for i, label in enumerate(LABELS)},
        "recall": {label: interval(recall[:, i]) for i, label in enumerate(LABELS)},
    }


def evaluate(y_true: Sequence[str], y_pred: Sequence[str], groups: Sequence[str]) -> dict:
    """``scores`` with bootstrap intervals and the confusion matrix (rows: true, columns: predicted)."""
    return {
        **scores(y_true, y_pred),
        "ci95": bootstrap_intervals(y_true, y_pred, groups),
        "confusion_matrix": confusion_matrix(y_true, y_pred, labels=list(LABELS)).tolist(),
        "blocks": len(y_true),
        "articles": len(set(groups)),
    }


def plot_confusion(matrix: Sequence[Sequence[int]], path: Path, title: str) -> None:
    """Save a confusion matrix as a PNG whose bytes depend only on the matrix."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    values = np.asarray(matrix)
    fig, ax = plt.subplots(figsize=(5.5, 4.5), dpi=100)
    ax.imshow(values, cmap="Blues")
    ax.set_xticks(range(len(LABELS)), LABELS, rotation=30, ha="right")
    ax.set_yticks(range(len(LABELS)), LABELS)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    for i in range(len(LABELS)):
        for j in range(len(LABELS)):
            colour = "white" if values[i, j] > values.max() / 2 else "black"
            ax.text(j, i, str(values[i, j]), ha="center", va="center", color=colour)
    fig.tight_layout()
    # No software or date stamp in the file, so a rerun writes the same bytes.
    fig.savefig(path, format="png", metadata={"Software": None})
    plt.close(fig)


def _row(name: str, result: dict) -> str:
    ci = result["ci95"]["macro_f1"]
    f1s = " | ".join(f"{result['per_class'][label]['f1']:.3f}" for label in LABELS)
    return f"| {name} | {result['macro_f1']:.3f} [{ci[0]:.3f}, {ci[1]:.3f}] | {result['accuracy']:.3f} | {f1s} |"


def comparison_table(results: dict[str, dict]) -> str:
    """Markdown table of test results, one row per model."""
    header = "| model | macro-F1 [95% CI] | accuracy | " + " | ".join(f"F1 {label}" for label in LABELS) + " |"
    lines = [header, "|" + "---|" * (3 + len(LABELS))]
    lines += [_row(name, result) for name, result in results.items()]
    return "\n".join(lines) + "\n"
