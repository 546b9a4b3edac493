"""Features of a block for the classifier: its words, and where and how it sits on the page.

The model takes a table with one row per block and the columns ``COLUMNS``;
``block_table`` makes that table from pipeline blocks, and the dataset's
``paragraphs`` rows already have those columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from newspara.furniture import PATTERNS, duplicates
from newspara.records import Block

#: The columns the model reads.
COLUMNS: tuple[str, ...] = ("text", "block", "n_blocks", "is_duplicate")
#: Columns the model reads when they are there: the page a block belongs to (context
#: features are computed within a page), and the HTML structure of blocks of HTML pages.
OPTIONAL_COLUMNS: tuple[str, ...] = ("article_id", "link_density", "regions", "elements")


def block_table(blocks: Sequence[Block], page: str = "page") -> pd.DataFrame:
    """The model's input table for the blocks of one page.

    Blocks of an HTML page add the columns ``link_density``, ``regions`` (with
    ``heading`` for a heading) and ``elements`` (see ``newspara.records.Markup``).
    """
    repeats = duplicates(blocks)
    table = pd.DataFrame(
        {
            "text": [b.text for b in blocks],
            "block": [b.position for b in blocks],
            "n_blocks": [len(blocks)] * len(blocks),
            "is_duplicate": [r >= 0 for r in repeats],
            "article_id": [page] * len(blocks),
        }
    )
    if blocks and blocks[0].markup is not None:
        table["link_density"] = [b.markup.link_density for b in blocks]
        table["regions"] = [" ".join(b.markup.regions + (("heading",) if b.markup.heading else ())) for b in blocks]
        table["elements"] = [b.markup.elements for b in blocks]
    return table


def text_column(table: pd.DataFrame) -> pd.Series:
    """The ``text`` column of the model's input table (a step of a feature pipeline)."""
    return table["text"]


STRUCTURE_NAMES: tuple[str, ...] = (
    "relative_position",
    "blocks_from_start",
    "blocks_from_end",
    "log_chars",
    "log_words",
    "short_line",
    "ends_like_sentence",
    "starts_with_quote",
    "upper_share",
    "digit_share",
    "separator_count",
    "is_duplicate",
    *(f"cue_{name}" for name in PATTERNS),
)


def structural_features(table: pd.DataFrame) -> np.ndarray:
    """Numeric layout and furniture features of each block.

    Parameters
    ----------
    table : DataFrame
        With the columns ``COLUMNS``.

    Returns
    -------
    ndarray of shape (n_blocks, len(STRUCTURE_NAMES))
    """
    rows = []
    for text, block, n_blocks, is_duplicate in zip(
        table["text"], table["block"], table["n_blocks"], table["is_duplicate"], strict=True
    ):
        words = text.split()
        letters = [c for c in text if c.isalpha()]
        rows.append(
            [
                block / max(n_blocks - 1, 1),
                min(block, 10) / 10,
                min(n_blocks - 1 - block, 10) / 10,
                np.log1p(len(text)) / 8,
                np.log1p(len(words)) / 5,
                float(len(words) <= 4),
                float(text.rstrip("”\"')]").endswith((".", "?", "!"))),
                float(text[:1] in "“\"'‘"),
                sum(c.isupper() for c in letters) / max(len(letters), 1),
                sum(c.isdigit() for c in text) / max(len(text), 1),
                min(sum(text.count(s) for s in "|•·›»/"), 10) / 10,
                float(is_duplicate),
                *(float(bool(pattern.search(text))) for pattern in PATTERNS.values()),
            ]
        )
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(STRUCTURE_NAMES))


# Function words: their density tells running prose from menus and lists (jusText's cue).
_STOPWORD_TEXT = (
    "a about after all also an and any are as at be been before but by can could did do does for from "
    "had has have he her his how i if in into is it its just more most my no not of on one only or other "
    "our out over said she so some than that the their them then there these they this those through to "
    "under up was we were what when where which while who will with would you your"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: Page regions of HTML that hold furniture on almost every site.
FURNITURE_REGIONS = frozenset({"nav", "footer", "aside"})
#: Windows (in blocks, either side) over which the neighbourhood is summarised.
WINDOWS: tuple[int, ...] = (1, 3)

PAGE_NAMES: tuple[str, ...] = (
    "log_words",
    "log_content_words",
    "ends_like_sentence",
    "stopword_share",
    "prose",
    "upper_share",
    "digit_share",
    "separator_count",
    "is_duplicate",
    *(f"cue_{name}" for name in PATTERNS),
    *(f"prose_within_{w}" for w in WINDOWS),
    *(f"log_words_within_{w}" for w in WINDOWS),
    "previous_prose",
    "next_prose",
    "in_main_text",
    "blocks_before_main_text",
    "blocks_after_main_text",
    "just_before_main_text",
    "headline_slot",
    "title_like_elsewhere",
    "is_html",
    "link_density",
    "in_furniture_region",
    "in_figure",
    "in_heading_or_title",
)


def _prose(content_words: np.ndarray, ends: np.ndarray, stopwords: np.ndarray, furniture: np.ndarray) -> np.ndarray:
    """Whether a block reads as running prose: long, sentence-like or full of function words, not in a menu."""
    return ((content_words >= 12) & ((ends > 0) | (stopwords >= 0.3)) & (furniture == 0)).astype(np.float64)


def main_text(prose: np.ndarray, gap_cost: float = 0.5) -> tuple[int, int]:
    """The contiguous run of blocks richest in prose: the likeliest place of the article body.

    The run maximises (prose blocks) - ``gap_cost`` x (other blocks), so a few
    captions or subheadings inside a body do not cut it, while a menu does
    (the largest-block idea of boilerpipe, on lines).

    Returns
    -------
    (start, end)
        Half-open span of block positions; (0, 0) when no block is prose.
    """
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, is_prose in enumerate(prose):
        total += 1.0 if is_prose else -gap_cost
        if total <= 0:
            total, start = 0.0, i + 1
        elif total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def main_element(elements: Sequence[tuple[int, ...]], weights: np.ndarray) -> np.ndarray:
    """Which blocks of an HTML page lie in the element that holds most of its prose.

    Each block's prose weight counts fully for the element around it and half for
    the one around that (Readability's choice of the top candidate); the blocks
    inside the best-scoring element are the page's main text.

    Parameters
    ----------
    elements : sequence of tuple of int
        ``Markup.elements`` of each block.
    weights : ndarray
        Prose weight of each block (its content words if it is prose, else 0).

    Returns
    -------
    ndarray of bool
    """
    scores: dict[int, float] = {}
    for chain, weight in zip(elements, weights, strict=True):
        if weight > 0:
            for depth, share in ((2, 1.0), (3, 0.5)):
                if len(chain) >= depth:
                    scores[chain[-depth]] = scores.get(chain[-depth], 0.0) + share * weight
    if not scores:
        return np.zeros(len(elements), dtype=bool)
    best = max(scores, key=lambda e: (scores[e], -e))
    return np.array([best in chain for chain in elements], dtype=bool)


def _window_mean(values: np.ndarray, width: int) -> np.ndarray:
    """Mean of ``values`` over the ``width`` blocks either side (the block itself excluded)."""
    padded = np.concatenate([[0.0], np.cumsum(values)])
    n = len(values)
    index = np.arange(n)
    low, high = np.maximum(index - width, 0), np.minimum(index + width + 1, n)
    count = high - low - 1
    return np.where(count > 0, (padded[high] - padded[low] - values) / np.maximum(count, 1), 0.0)


def _page_rows(page: pd.DataFrame) -> np.ndarray:
    texts = page["text"].tolist()
    n = len(texts)
    words = np.array([len(t.split()) for t in texts], dtype=np.float64)
    tokens = [_WORD.findall(t.lower()) for t in texts]
    stopwords = np.array([sum(w in _STOPWORDS for w in ts) / max(len(ts), 1) for ts in tokens])
    ends = np.array([float(t.rstrip("”\"')]").endswith((".", "?", "!"))) for t in texts])
    is_html = "link_density" in page and not page["link_density"].isna().any()
    if is_html:
        links = page["link_density"].to_numpy(dtype=np.float64)
        regions = [set(r.split()) for r in page["regions"]]
    else:
        links = np.zeros(n)
        regions = [set()] * n
    furniture = np.array([float(bool(r & FURNITURE_REGIONS)) for r in regions])
    content_words = words * (1 - links)
    prose = _prose(content_words, ends, stopwords, furniture)
    index = np.arange(n)
    if is_html:
        inside = main_element(page["elements"].tolist(), prose * content_words)
        start, end = (int(index[inside].min()), int(index[inside].max()) + 1) if inside.any() else (0, 0)
    else:
        start, end = main_text(prose)
        inside = (index >= start) & (index < end)
    log_words = np.log1p(words) / 5
    outside = (~inside).astype(np.float64)
    cues = np.array([[float(bool(p.search(t))) for p in PATTERNS.values()] for t in texts]).reshape(n, len(PATTERNS))
    # The headline is the last title-like block shortly before the main text; other
    # title-like blocks outside it are menu items, section names and teasers of other stories.
    title_like = ((words >= 3) & (words <= 30) & (ends == 0) & (furniture == 0) & (cues.sum(axis=1) == 0)).astype(
        np.float64
    )
    headline = np.zeros(n)
    candidates = [i for i in range(max(start - 6, 0), start) if title_like[i]]
    if candidates:
        headline[candidates[-1]] = 1.0
    columns = [
        log_words,
        np.log1p(content_words) / 5,
        ends,
        stopwords,
        prose,
        np.array([sum(map(str.isupper, t)) / max(sum(map(str.isalpha, t)), 1) for t in texts]),
        np.array([sum(map(str.isdigit, t)) / max(len(t), 1) for t in texts]),
        np.array([min(sum(t.count(s) for s in "|•·›»/"), 10) / 10 for t in texts]),
        page["is_duplicate"].to_numpy(dtype=np.float64),
        *cues.T,
        *(_window_mean(prose, w) for w in WINDOWS),
        *(_window_mean(log_words, w) for w in WINDOWS),
        np.concatenate([[0.0], prose[:-1]]),
        np.concatenate([prose[1:], [0.0]]),
        inside.astype(np.float64),
        np.clip(start - index, 0, 10) / 10,
        np.clip(index - end + 1, 0, 10) / 10,
        ((index < start) & (index >= start - 3)).astype(np.float64),
        headline,
        title_like * (1 - headline) * outside,
        np.full(n, float(is_html)),
        links,
        furniture,
        np.array([float("figure" in r) for r in regions]),
        np.array([float(bool(r & {"heading"})) for r in regions]),
    ]
    return np.column_stack(columns)


def page_features(table: pd.DataFrame) -> np.ndarray:
    """Features of each block in the context of its page: its shape, its neighbours, the page's main text.

    Domain-general cues only (no topic words), so that they carry over to sites and
    subjects the training pages do not have: length, sentence punctuation and
    function-word density (jusText), their averages over neighbouring blocks (context
    smoothing), the position relative to the page's main run of prose (boilerpipe),
    furniture patterns, and, for blocks of HTML pages, link density and page region.

    Parameters
    ----------
    table : DataFrame
        With the columns ``COLUMNS``, optionally ``OPTIONAL_COLUMNS``; rows of one
        page (``article_id``) in block order.

    Returns
    -------
    ndarray of shape (n_blocks, len(PAGE_NAMES))
    """
    out = np.zeros((len(table), len(PAGE_NAMES)))
    pages = table["article_id"] if "article_id" in table else pd.Series("page", index=table.index)
    positions = np.arange(len(table))
    for _, rows in pd.Series(positions, index=table.index).groupby(pages.to_numpy(), sort=False):
        ordered = rows.to_numpy()[np.argsort(table["block"].to_numpy()[rows.to_numpy()], kind="stable")]
        out[ordered] = _page_rows(table.iloc[ordered])
    return out
