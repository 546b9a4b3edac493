"""Features of a block for the classifier: its words, and where and how it sits on the page.

The model takes a table with one row per block and the columns ``COLUMNS``;
``block_table`` makes that table from pipeline blocks, and the dataset's
``paragraphs`` rows already have those columns.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from newspara.furniture import PATTERNS, duplicates
from newspara.records import Block

#: The columns the model reads.
COLUMNS: tuple[str, ...] = ("text", "block", "n_blocks", "is_duplicate")


def block_table(blocks: Sequence[Block]) -> pd.DataFrame:
    """The model's input table for the blocks of one article."""
    repeats = duplicates(blocks)
    return pd.DataFrame(
        {
            "text": [b.text for b in blocks],
            "block": [b.position for b in blocks],
            "n_blocks": [len(blocks)] * len(blocks),
            "is_duplicate": [r >= 0 for r in repeats],
        },
        columns=list(COLUMNS),
    )


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
