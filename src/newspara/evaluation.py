"""Evaluation protocols beyond the random split: held-out outlets, held-out conflicts, a learning curve.

A random split puts articles of every outlet on both sides, so a model can score
well by remembering each site's page furniture, which is not boilerplate
detection. Holding out a whole outlet, or a whole conflict, measures what carries
over to a site or a war the model has not seen.

Every protocol takes models as a mapping from a name to a function that returns a
new, unfitted estimator, so any scikit-learn classifier that reads the block
table plugs in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from newspara.records import InputError
from newspara.report import evaluate, scores

#: A function that returns a new, unfitted classifier of block tables.
ModelFactory = Callable[[], object]

#: An outlet is held out only when it has at least this many articles (the real page's outlet has one).
MIN_ARTICLES = 5
LEARNING_CURVE_SIZES: tuple[int, ...] = (10, 20, 40, 80)
LEARNING_CURVE_REPEATS = 3
LEARNING_CURVE_SEED = "learning-curve-v1"


def fit_predict(factory: ModelFactory, train: pd.DataFrame, test: pd.DataFrame) -> np.ndarray:
    """Fit a new model on ``train`` and label the blocks of ``test``."""
    return factory().fit(train, train["label"]).predict(test)


def _summary(y_true: pd.Series, y_pred: np.ndarray, articles: pd.Series) -> dict:
    result = scores(y_true, y_pred)
    return {
        "articles": int(articles.nunique()),
        "blocks": len(y_true),
        "macro_f1": result["macro_f1"],
        "boilerplate_f1": result["per_class"]["boilerplate"]["f1"],
    }


def leave_one_group_out(
    models: Mapping[str, ModelFactory], table: pd.DataFrame, column: str, min_articles: int = MIN_ARTICLES
) -> dict:
    """Hold out each group (e.g. each outlet) in turn: train on every other group's articles, test on it.

    Articles of all splits are used; groups with fewer than ``min_articles`` articles
    are never held out but stay in every training set. The held-out predictions of
    all folds are pooled and scored together, with article-bootstrap intervals.

    Parameters
    ----------
    models : mapping of str to callable
        Name to a function returning a new, unfitted classifier.
    table : DataFrame
        Block rows with ``label``, ``article_id`` and ``column``.
    column : str
        The grouping column, e.g. ``"outlet"``.
    min_articles : int, default=MIN_ARTICLES

    Returns
    -------
    dict
        ``{"column", "min_articles", "groups": [...], "models": {name: {"pooled": evaluate(...),
        "per_group": {group: {"articles", "blocks", "macro_f1", "boilerplate_f1"}}}}}``.
    """
    sizes = table.groupby(column)["article_id"].nunique()
    groups = sorted(str(g) for g, n in sizes.items() if n >= min_articles)
    if not groups:
        raise InputError(f"no {column} has {min_articles} or more articles to hold out")
    held_out = table[table[column].isin(groups)]
    results = {}
    for name, factory in models.items():
        predicted = pd.Series(index=held_out.index, dtype=object)
        per_group = {}
        for group in groups:
            inside = table[column] == group
            test = table[inside]
            predicted[test.index] = fit_predict(factory, table[~inside], test)
            per_group[group] = _summary(test["label"], predicted[test.index].to_numpy(), test["article_id"])
        results[name] = {
            "pooled": evaluate(held_out["label"], predicted.to_numpy(), held_out["article_id"]),
            "per_group": per_group,
        }
    return {"column": column, "min_articles": min_articles, "groups": groups, "models": results}


def transfer(models: Mapping[str, ModelFactory], table: pd.DataFrame, column: str, value: str) -> dict:
    """Train on the articles with ``column == value`` and test on the rest, and the other way round.

    Parameters
    ----------
    models : mapping of str to callable
    table : DataFrame
        Block rows with ``label``, ``article_id`` and ``column``.
    column, value : str
        E.g. ``"conflict"`` and ``"libya"``.

    Returns
    -------
    dict
        ``{"column", "value", "directions": {"<value> → rest": {name: evaluate(...)}, "rest → <value>": ...}}``.
    """
    inside = table[column] == value
    if inside.all() or not inside.any():
        raise InputError(f"transfer on {column}={value!r} needs articles both with and without that value")
    directions = {f"{value} → rest": (inside, ~inside), f"rest → {value}": (~inside, inside)}
    return {
        "column": column,
        "value": value,
        "directions": {
            direction: {
                name: evaluate(
                    table[test]["label"],
                    fit_predict(factory, table[train], table[test]),
                    table[test]["article_id"],
                )
                for name, factory in models.items()
            }
            for direction, (train, test) in directions.items()
        },
    }


def article_order(articles: Sequence[str], repeat: int, seed: str = LEARNING_CURVE_SEED) -> list[str]:
    """A seeded shuffle of article ids: sorted by a salted SHA-256, the same on every machine."""
    return sorted(articles, key=lambda a: hashlib.sha256(f"{seed}:{repeat}:{a}".encode()).hexdigest())


def learning_curve(
    models: Mapping[str, ModelFactory],
    train: pd.DataFrame,
    test: pd.DataFrame,
    sizes: Sequence[int] = LEARNING_CURVE_SIZES,
    repeats: int = LEARNING_CURVE_REPEATS,
) -> dict:
    """Test macro-F1 against the number of training articles.

    For each repeat the training articles are shuffled once (``article_order``) and
    the first n are used, so the subsets of one repeat are nested. The full training
    split is always the last point (all repeats coincide there, so it is fitted once).

    Returns
    -------
    dict
        ``{"articles": [n, ...], "repeats": r, "models": {name: [[macro-F1 of each repeat] for each n]}}``.
    """
    articles = sorted(train["article_id"].unique())
    points = sorted({n for n in sizes if n < len(articles)} | {len(articles)})
    results: dict[str, list[list[float]]] = {}
    for name, factory in models.items():
        done: dict[tuple[str, ...], float] = {}
        curve = []
        for n in points:
            values = []
            for repeat in range(repeats):
                subset = tuple(sorted(article_order(articles, repeat)[:n]))
                if subset not in done:
                    rows = train[train["article_id"].isin(subset)]
                    done[subset] = scores(test["label"], fit_predict(factory, rows, test))["macro_f1"]
                values.append(done[subset])
            curve.append(values)
        results[name] = curve
    return {"articles": points, "repeats": repeats, "models": results}
