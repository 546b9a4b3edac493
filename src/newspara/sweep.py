"""The label-error sweep: blocks whose gold label a cross-validated baseline finds least likely.

The candidates are for review by hand; the decisions go to ``corpus/adjudication.jsonl``
with ``"source": "error-sweep"``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold, cross_val_predict

from newspara.build import read_article
from newspara.corpus import read_catalog
from newspara.features import COLUMNS
from newspara.model import text_classifier

FOLDS = 5


def corpus_table(corpus: Path) -> pd.DataFrame:
    """Every block of the corpus with its gold label and article, in the model's columns."""
    rows = []
    for metadata in read_catalog(corpus):
        article = read_article(corpus, metadata)
        for block, label, duplicate in zip(article.blocks, article.labels, article.duplicate_of, strict=True):
            rows.append(
                {
                    "article_id": article.id,
                    "text": block.text,
                    "block": block.position,
                    "n_blocks": len(article.blocks),
                    "is_duplicate": duplicate >= 0,
                    "label": label,
                }
            )
    return pd.DataFrame(rows)


def suspicious_blocks(table: pd.DataFrame, count: int, C: float = 1.0) -> pd.DataFrame:
    """The ``count`` blocks whose given label has the lowest cross-validated probability.

    Predictions come from ``FOLDS``-fold cross-validation grouped by article, so no
    block is scored by a model that saw its article.

    Parameters
    ----------
    table : DataFrame
        From ``corpus_table``.
    count : int
    C : float, default=1.0
        The baseline's regularisation strength.

    Returns
    -------
    DataFrame
        ``article_id``, ``block``, ``text``, ``label``, ``predicted``,
        ``p_label`` (probability of the given label), lowest first.
    """
    model = text_classifier(C)
    probabilities = cross_val_predict(
        model,
        table[list(COLUMNS)],
        table["label"],
        groups=table["article_id"],
        cv=GroupKFold(n_splits=FOLDS),
        method="predict_proba",
    )
    classes = np.array(sorted(table["label"].unique()))
    given = np.searchsorted(classes, table["label"])
    scored = table.assign(
        predicted=classes[probabilities.argmax(axis=1)],
        p_label=probabilities[np.arange(len(table)), given].round(4),
    )
    ranked = scored.sort_values(["p_label", "article_id", "block"], kind="stable")
    return ranked.head(count)[["article_id", "block", "text", "label", "predicted", "p_label"]]
