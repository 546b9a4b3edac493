"""Article bodies from labelled blocks, and the shingle metric that scores them.

The metric is the one of the public article-extraction benchmark (see
``benchmarks/article_extraction.py``): word tokens, overlapping 4-token
shingles counted with multiplicity, per-page true positives, false positives
and false negatives normalised to sum to one, then precision and recall
averaged over pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence

import numpy as np

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def article_body(texts: Sequence[str], labels: Sequence[str], headline: Collection[int] = ()) -> str:
    """The article body of a labelled page: its blocks not labelled ``boilerplate``, less the headline.

    Parameters
    ----------
    texts : sequence of str
        The page's blocks in order.
    labels : sequence of str
        One label per block.
    headline : collection of int, default=()
        Positions of the blocks that give the headline (see ``headline_positions``).

    Returns
    -------
    str
        The body blocks joined by newlines.
    """
    return "\n".join(
        text
        for position, (text, label) in enumerate(zip(texts, labels, strict=True))
        if label != "boilerplate" and position not in headline
    )


def looks_like_title(text: str) -> bool:
    """Short, and not ending like a sentence."""
    return len(text.split()) <= 30 and not text.rstrip("”\"')]").endswith((".", "?", "!", ":"))


def headline_positions(texts: Sequence[str], labels: Sequence[str], title: str | None = None) -> set[int]:
    """The content blocks that give the page's headline, if it can be told.

    The headline is content by the label schema's rule 1, but not part of the
    article body. With the page's title (an HTML page's ``og:title`` or ``<title>``;
    for text, the first line, where HTML-to-text converters put the ``<title>``), it
    is every content block that the title contains, the title line included;
    without one, the first content block if it is short and does not end like a sentence.

    Parameters
    ----------
    texts : sequence of str
        The page's blocks in order.
    labels : sequence of str
        One label per block.
    title : str, optional
        The page's title.

    Returns
    -------
    set of int
    """
    content = [n for n, label in enumerate(labels) if label != "boilerplate"]
    if not content:
        return set()
    if title:
        folded = title.casefold()
        found = {n for n in content if len(texts[n]) >= 10 and texts[n].casefold() in folded}
        if found:
            return found
    return {content[0]} if looks_like_title(texts[content[0]]) else set()


def shingles(text: str, n: int = SHINGLE) -> Counter:
    """The overlapping ``n``-token shingles of a text, with multiplicity.

    A text of fewer than ``n`` tokens (but at least one) is one shingle, as in the benchmark.
    """
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(true: str, predicted: str) -> tuple[float, float, float]:
    """True positives, false positives and false negatives of one page, normalised to sum to 1.

    Parameters
    ----------
    true : str
        The ground-truth article body.
    predicted : str
        The extracted article body.

    Returns
    -------
    tuple of float
        ``(tp, fp, fn)``; all zero when both texts are empty.
    """
    gold, guess = shingles(true), shingles(predicted)
    tp = sum((gold & guess).values())
    fp = sum((guess - gold).values())
    fn = sum((gold - guess).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def extraction_scores(counts: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages, and the F1 of the two averages.

    A page with no predicted shingles is left out of the precision mean, one with
    no true shingles out of the recall mean.

    Parameters
    ----------
    counts : sequence of (tp, fp, fn)
        One ``page_counts`` result per page.

    Returns
    -------
    dict
        ``{"precision", "recall", "f1"}``.
    """
    precisions = [tp / (tp + fp) for tp, fp, _ in counts if tp + fp > 0]
    recalls = [tp / (tp + fn) for tp, _, fn in counts if tp + fn > 0]
    precision = float(np.mean(precisions)) if precisions else 0.0
    recall = float(np.mean(recalls)) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def bootstrap_intervals(
    counts: Sequence[tuple[float, float, float]], n_resamples: int = 1000, seed: int = 0
) -> dict[str, tuple[float, float]]:
    """95% percentile bootstrap intervals of ``extraction_scores``, pages resampled with a fixed seed."""
    rng = np.random.default_rng(seed)
    draws: dict[str, list[float]] = {"precision": [], "recall": [], "f1": []}
    for _ in range(n_resamples):
        sample = [counts[i] for i in rng.integers(0, len(counts), len(counts))]
        for key, value in extraction_scores(sample).items():
            draws[key].append(value)
    return {key: (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))) for key, v in draws.items()}
