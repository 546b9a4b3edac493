"""Scores, confidence intervals, figures, and the Markdown tables of the model card."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
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


def _resampled_confusions(
    y_true: Sequence[str], y_pred: Sequence[str], groups: Sequence[str], rounds: int, seed: int
) -> np.ndarray:
    """Confusion matrices of ``rounds`` resamples of whole articles (with replacement), shape (rounds, k, k).

    Each article's confusion matrix is computed once; a resample is the sum of its articles' matrices.
    """
    index = {label: i for i, label in enumerate(LABELS)}
    k = len(LABELS)
    cells = np.array([index[t] * k + index[p] for t, p in zip(y_true, y_pred, strict=True)], dtype=np.int64)
    articles, article_of = np.unique(np.asarray(groups), return_inverse=True)
    per_article = np.zeros((len(articles), k * k), dtype=np.int64)
    np.add.at(per_article, (article_of, cells), 1)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(articles), size=(rounds, len(articles)))
    return per_article[draws].sum(axis=1).reshape(rounds, k, k)


def bootstrap_intervals(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    groups: Sequence[str],
    rounds: int = BOOTSTRAP_ROUNDS,
    seed: int = BOOTSTRAP_SEED,
) -> dict:
    """95% percentile intervals of macro-F1, accuracy and per-class F1, precision and recall.

    Blocks of one article are not independent, so the bootstrap draws whole
    articles (with replacement) and keeps all their blocks.

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
    matrices = _resampled_confusions(y_true, y_pred, groups, rounds, seed)
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


def macro_f1_standard_error(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    groups: Sequence[str],
    rounds: int = BOOTSTRAP_ROUNDS,
    seed: int = BOOTSTRAP_SEED,
) -> float:
    """Standard error of macro-F1: its standard deviation over resamples of whole articles.

    Parameters
    ----------
    y_true, y_pred : sequence of str
    groups : sequence of str
        The article of each block.
    rounds : int, default=BOOTSTRAP_ROUNDS
    seed : int, default=BOOTSTRAP_SEED

    Returns
    -------
    float
    """
    matrices = _resampled_confusions(y_true, y_pred, groups, rounds, seed)
    return float(np.std([_f1_from_confusion(m).mean() for m in matrices]))


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
    _save(fig, path)


def _save(fig, path: Path) -> None:
    import matplotlib.pyplot as plt

    fig.tight_layout()
    # No software or date stamp in the file, so a rerun writes the same bytes.
    fig.savefig(path, format="png", metadata={"Software": None})
    plt.close(fig)


def plot_learning_curve(curve: dict, path: Path, title: str) -> None:
    """Save a learning curve (``newspara.evaluation.learning_curve``) as a PNG whose bytes depend only on it.

    Each model is a line through the mean macro-F1 of the repeats, with the band from
    the lowest to the highest repeat.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 4.5), dpi=100)
    for name, values in curve["models"].items():
        values = np.asarray(values)
        line = ax.plot(curve["articles"], values.mean(axis=1), marker="o", label=name)[0]
        ax.fill_between(curve["articles"], values.min(axis=1), values.max(axis=1), alpha=0.2, color=line.get_color())
    ax.set_xscale("log")
    ax.set_xticks(curve["articles"], [str(n) for n in curve["articles"]])
    ax.set_ylim(0, 1)
    ax.set_xlabel("training articles")
    ax.set_ylabel("test macro-F1")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="center right")
    _save(fig, path)


def _interval(result: dict, metric: str = "macro_f1") -> str:
    """``value [low, high]`` of macro-F1 (or accuracy), or with ``metric="boilerplate"`` of that class's F1."""
    if metric == "boilerplate":
        value, (low, high) = result["per_class"][metric]["f1"], result["ci95"]["f1"][metric]
    else:
        value, (low, high) = result[metric], result["ci95"][metric]
    return f"{value:.3f} [{low:.3f}, {high:.3f}]"


def _row(name: str, result: dict, timing: dict | None) -> str:
    f1s = " | ".join(f"{result['per_class'][label]['f1']:.3f}" for label in LABELS)
    row = f"| {name} | {_interval(result)} | {result['accuracy']:.3f} | {f1s} |"
    if timing is not None:
        row += f" {timing['fit_seconds']:.2f} | {timing['predict_seconds'] / timing['predict_blocks'] * 1e6:.0f} |"
    return row


def ranked(results: dict[str, dict]) -> dict[str, dict]:
    """Results of several models, weakest macro-F1 first (ties by name), the order of the tables."""
    return dict(sorted(results.items(), key=lambda item: (item[1]["macro_f1"], item[0])))


def comparison_table(results: dict[str, dict], timings: dict[str, dict] | None = None) -> str:
    """Markdown table of test results, one row per model.

    Parameters
    ----------
    results : dict
        Model name to ``evaluate`` output.
    timings : dict, optional
        Model name to ``{"fit_seconds", "predict_seconds", "predict_blocks"}``; adds two columns.
    """
    header = "| model | macro-F1 [95% CI] | accuracy | " + " | ".join(f"F1 {label}" for label in LABELS) + " |"
    columns = 3 + len(LABELS)
    if timings is not None:
        header += " fit (s) | predict (µs per block) |"
        columns += 2
    lines = [header, "|" + "---|" * columns]
    lines += [_row(name, result, None if timings is None else timings[name]) for name, result in results.items()]
    return "\n".join(lines) + "\n"


def generalisation_table(random_split: dict[str, dict], outlets: dict, conflicts: dict, metric: str) -> str:
    """Markdown table: each model on the random split's test set, on held-out outlets and across conflicts.

    Parameters
    ----------
    random_split : dict
        Model name to ``evaluate`` output on the test split.
    outlets : dict
        ``newspara.evaluation.leave_one_group_out`` output.
    conflicts : dict
        ``newspara.evaluation.transfer`` output.
    metric : {"macro_f1", "boilerplate"}
        Macro-F1, or the F1 of ``boilerplate``; each with its 95% article-bootstrap interval.
    """
    directions = list(conflicts["directions"])
    header = ["model", "random split (test)", f"leave one {outlets['column']} out (pooled)", *directions]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, result in random_split.items():
        cells = [
            name,
            _interval(result, metric),
            _interval(outlets["models"][name]["pooled"], metric),
            *(_interval(conflicts["directions"][d][name], metric) for d in directions),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def per_group_table(outlets: dict) -> str:
    """Markdown table of macro-F1 (and boilerplate F1) per held-out group, one column per model."""
    names = list(outlets["models"])
    lines = [
        f"| {outlets['column']} | articles | " + " | ".join(names) + " |",
        "|" + "---|" * (2 + len(names)),
    ]
    for group in outlets["groups"]:
        first = outlets["models"][names[0]]["per_group"][group]
        cells = [
            f"{r['macro_f1']:.3f} ({r['boilerplate_f1']:.3f})"
            for r in (outlets["models"][name]["per_group"][group] for name in names)
        ]
        lines.append(f"| {group} | {first['articles']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def learning_curve_table(curve: dict) -> str:
    """Markdown table of the learning curve: mean test macro-F1 [lowest, highest repeat]."""
    lines = [
        "| model | " + " | ".join(f"{n} articles" for n in curve["articles"]) + " |",
        "|" + "---|" * (1 + len(curve["articles"])),
    ]
    for name, values in curve["models"].items():
        cells = [f"{np.mean(v):.3f} [{min(v):.3f}, {max(v):.3f}]" for v in values]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def confident_errors(
    table: pd.DataFrame, probabilities: np.ndarray, classes: Sequence[str], per_pair: int = 5
) -> list[dict]:
    """The most confidently wrong blocks for each (true, predicted) label pair.

    Parameters
    ----------
    table : DataFrame
        Block rows with ``article_id``, ``block``, ``text`` and ``label``.
    probabilities : ndarray of shape (n_blocks, n_classes)
        The model's ``predict_proba`` for the rows of ``table``.
    classes : sequence of str
        The model's ``classes_``, the column order of ``probabilities``.
    per_pair : int, default=5

    Returns
    -------
    list of dict
        ``{"true", "predicted", "confidence", "article_id", "block", "text"}``, grouped by
        pair in label order, most confident first (ties by article and block).
    """
    classes = list(classes)
    predicted = [classes[i] for i in probabilities.argmax(axis=1)]
    rows = [
        {
            "true": true,
            "predicted": guess,
            "confidence": round(float(p.max()), 4),
            "article_id": article,
            "block": int(block),
            "text": text,
        }
        for true, guess, p, article, block, text in zip(
            table["label"], predicted, probabilities, table["article_id"], table["block"], table["text"], strict=True
        )
        if true != guess
    ]
    order = {label: i for i, label in enumerate(LABELS)}
    rows.sort(key=lambda r: (order[r["true"]], order[r["predicted"]], -r["confidence"], r["article_id"], r["block"]))
    kept, seen = [], {}
    for row in rows:
        pair = (row["true"], row["predicted"])
        seen[pair] = seen.get(pair, 0) + 1
        if seen[pair] <= per_pair:
            kept.append(row)
    return kept


def _cell(text: str, limit: int = 160) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("\\", "\\\\").replace("|", "\\|")


def error_report(errors: list[dict], model: str, split: str) -> str:
    """The Markdown error analysis: ``confident_errors`` as one table per label pair."""
    lines = [
        f"# Error analysis: {model}, {split} split",
        "",
        "The blocks this model got wrong with the highest probability for the label it chose,",
        "for each pair of true and predicted label (most confident first). `block` is the",
        "block's position in its article (0 = first). Texts longer than 160 characters are cut.",
        "Written by `newspara train`.",
    ]
    pair = None
    for row in errors:
        if (row["true"], row["predicted"]) != pair:
            pair = (row["true"], row["predicted"])
            lines += [
                "",
                f"## true `{pair[0]}`, predicted `{pair[1]}`",
                "",
                "| confidence | article | block | text |",
                "|---|---|---|---|",
            ]
        lines.append(f"| {row['confidence']:.3f} | `{row['article_id']}` | {row['block']} | {_cell(row['text'])} |")
    if not errors:
        lines += ["", "No block of this split is misclassified."]
    return "\n".join(lines) + "\n"
