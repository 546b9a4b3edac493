"""The label-error sweep: blocks whose gold label a cross-validated baseline finds least likely.

The candidates are for review by hand; the decisions go to ``corpus/adjudication.jsonl``
with ``"source": "error-sweep"``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from newspara.build import read_article
from newspara.corpus import read_catalog
from newspara.features import COLUMNS
from newspara.model import text_classifier
from newspara.package import paragraph_rows
from newspara.records import LABELS

FOLDS = 5


def corpus_table(corpus: Path) -> pd.DataFrame:
    """Every block of the corpus as a ``paragraphs`` row, with the label as its name."""
    rows = [row for metadata in read_catalog(corpus) for row in paragraph_rows(read_article(corpus, metadata))]
    table = pd.DataFrame(rows)
    table["label"] = [LABELS[i] for i in table["label"]]
    return table


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
    columns = [*COLUMNS, "article_id"]  # the model's context features are computed per article
    labels = table["label"].to_numpy()
    classes = np.array(LABELS)
    probabilities = np.zeros((len(table), len(classes)))
    for fit_rows, score_rows in GroupKFold(n_splits=FOLDS).split(table, labels, groups=table["article_id"]):
        model = text_classifier(C).fit(table.iloc[fit_rows][columns], labels[fit_rows])
        order = [list(model.classes_).index(label) for label in classes]
        probabilities[score_rows] = model.predict_proba(table.iloc[score_rows][columns])[:, order]
    given = np.array([LABELS.index(label) for label in labels])
    scored = table.assign(
        predicted=classes[probabilities.argmax(axis=1)],
        p_label=probabilities[np.arange(len(table)), given].round(4),
    )
    ranked = scored.sort_values(["p_label", "article_id", "block"], kind="stable")
    return ranked.head(count)[["article_id", "block", "text", "label", "predicted", "p_label"]]
