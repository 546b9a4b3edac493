"""Train and evaluate the baseline on a built dataset: the executor of the model stages.

Hyper-parameters are chosen on the validation split only; the test split is
scored once, by every model, at the end. Everything is seeded, so a rerun on
the same dataset writes the same ``metrics.json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from newspara import DATASET_NAME
from newspara.model import C_GRID, KeywordRules, majority_classifier, save_model, text_classifier
from newspara.output import checkpoint, replace_folder
from newspara.package import data_file, sha256_of
from newspara.records import LABELS, InputError
from newspara.report import comparison_table, evaluate, plot_confusion, scores
from newspara.split import SPLITS

METRICS_FILE = "metrics.json"


def load_split(dataset: Path, split: str) -> pd.DataFrame:
    """The ``paragraphs`` rows of one split, with label names instead of class ids."""
    path = dataset / data_file("paragraphs", split)
    if not path.is_file():
        raise InputError(f"{path}: no such file; build the dataset with 'newspara build' first")
    table = pd.read_parquet(path)
    table["label"] = [LABELS[i] for i in table["label"]]
    return table


def _fit(model, table: pd.DataFrame):
    return model.fit(table, table["label"])


def train(dataset: Path, out: Path, progress: bool = True) -> dict:
    """Train the baseline and its reference models, and write the model folder.

    Parameters
    ----------
    dataset : Path
        A dataset folder written by ``newspara build``.
    out : Path
        The model folder to (re)create: ``model.skops``, ``metrics.json``,
        ``confusion_matrix.png`` and ``README.md`` (the model card).
    progress : bool, default=True
        Show progress on standard error.

    Returns
    -------
    dict
        The content of ``metrics.json``.
    """
    data = {split: load_split(dataset, split) for split in SPLITS}
    train_rows, validation = data["train"], data["validation"]

    selection = {}
    for C in tqdm(C_GRID, desc="choosing C on validation", disable=not progress, file=sys.stderr):
        predicted = _fit(text_classifier(C), train_rows).predict(validation)
        selection[str(C)] = scores(validation["label"], predicted)["macro_f1"]
    best_c = max(C_GRID, key=lambda C: (selection[str(C)], -C))
    baseline = _fit(text_classifier(best_c), train_rows)

    models = {
        "majority class": _fit(majority_classifier(), train_rows),
        "keyword rules": _fit(KeywordRules(), train_rows),
        "TF-IDF + structure, logistic regression": baseline,
    }
    steps = tqdm(models.items(), desc="evaluating", disable=not progress, file=sys.stderr)
    results = {
        name: {
            split: evaluate(data[split]["label"], model.predict(data[split]), data[split]["article_id"])
            for split in ("validation", "test")
        }
        for name, model in steps
    }
    metrics = {
        "dataset": {
            "name": DATASET_NAME,
            "sha256": {data_file("paragraphs", s): sha256_of(dataset / data_file("paragraphs", s)) for s in SPLITS},
            "blocks": {split: len(table) for split, table in data.items()},
        },
        "selection": {"parameter": "C", "validation_macro_f1": selection, "chosen": best_c},
        "models": results,
        "real_articles": _real_articles(data, best_c),
    }
    with replace_folder(out, marker=METRICS_FILE) as folder:
        save_model(baseline, folder)
        checkpoint("train-saving")
        (folder / METRICS_FILE).write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        plot_confusion(
            results["TF-IDF + structure, logistic regression"]["test"]["confusion_matrix"],
            folder / "confusion_matrix.png",
            "Baseline on the test split",
        )
        (folder / "README.md").write_text(model_card(metrics), encoding="utf-8")
    return metrics


def _real_articles(data: dict[str, pd.DataFrame], C: float) -> list[dict]:
    """Score each real (non-synthetic) article with a baseline trained without any of them."""
    everything = pd.concat([data[s].assign(split=s) for s in SPLITS], ignore_index=True)
    real = everything[~everything["synthetic"]]
    if real.empty:
        return []
    model = _fit(text_classifier(C), data["train"][data["train"]["synthetic"]])
    lines = []
    for article_id, rows in real.groupby("article_id", sort=True):
        predicted = model.predict(rows)
        lines.append(
            {
                "article_id": article_id,
                "split": rows["split"].iloc[0],
                "trained_without_it": True,
                "blocks": len(rows),
                **{k: v for k, v in scores(rows["label"], predicted).items() if k != "per_class"},
                "errors": [
                    {"block": int(b), "true": t, "predicted": p}
                    for b, t, p in zip(rows["block"], rows["label"], predicted, strict=True)
                    if t != p
                ],
            }
        )
    return lines


def model_card(metrics: dict) -> str:
    """The baseline's model card, in Markdown, from its metrics."""
    test = {name: result["test"] for name, result in metrics["models"].items()}
    real = "\n".join(
        f"- `{r['article_id']}` ({r['blocks']} blocks, {r['split']} split): accuracy {r['accuracy']:.3f}, "
        f"macro-F1 {r['macro_f1']:.3f}; misclassified blocks: "
        + (", ".join(f"{e['block']} ({e['true']} → {e['predicted']})" for e in r["errors"]) or "none")
        for r in metrics["real_articles"]
    )
    return f"""# Baseline block classifier for {DATASET_NAME}

A scikit-learn `Pipeline` that labels each paragraph-level block of a scraped news
article as one of {", ".join(f"`{label}`" for label in LABELS)}.

## Model
- Two stages (`newspara.model.BoilerplateThenTopic`). A boilerplate detector (logistic
  regression, balanced class weights) reads domain-general features of a block in its
  page (length, sentence punctuation, function-word density, the same averaged over
  neighbouring blocks, the position relative to the page's main run of prose, the
  headline slot just before it, furniture patterns, and for HTML pages link density and
  page region) plus word 1–2-gram TF-IDF. A topic classifier, trained on the content
  blocks only, reads word 1–2-gram and character 2–5-gram TF-IDF plus structural
  features, and labels the blocks the detector does not call boilerplate.
- Both stages: logistic regression with balanced class weights, `C={metrics["selection"]["chosen"]}` chosen
  by validation macro-F1 (of all four labels) from {", ".join(metrics["selection"]["validation_macro_f1"])}.
- Saved with skops (`model.skops`); `newspara predict` loads it with an explicit list of trusted types.

## Results on the test split
Macro-F1 with a 95% bootstrap interval (articles resampled), accuracy and per-class F1.

{comparison_table(test)}
Confusion matrix: `confusion_matrix.png`; every number: `metrics.json`.

## The real article
Scored by a model trained on the synthetic training articles only:
{real}

## Intended use and limitations
For research on separating article text from page furniture and on how conflicts are
reported. The training data are synthetic articles plus one real page: scores on real
scraped pages from other sites will be lower, and the model has only seen English.
It is a baseline, not a content filter for decisions about people.
"""
