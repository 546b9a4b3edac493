"""Label the blocks of new raw article files with a trained baseline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newspara.features import block_table
from newspara.read import read_raw
from newspara.segment import segment

DIGITS = 4


def predict_file(model, path: Path) -> Iterator[dict]:
    """Yield one record per block of a raw article file, with its label and class scores.

    Parameters
    ----------
    model : Pipeline
        A baseline loaded with ``newspara.model.load_model``.
    path : Path
        A raw article file, as a scraper saved it.

    Yields
    ------
    dict
        ``{"file", "block", "text", "label", "scores": {label: probability}}``.

    Raises
    ------
    InputError
        When the file cannot be read as an article.
    """
    raw = read_raw(path)
    blocks = segment(raw.text, raw.encoding, raw.bom_bytes, name=str(path))
    if not blocks:
        return
    table = block_table(blocks)
    probabilities = model.predict_proba(table)
    classes = list(model.classes_)
    for block, row in zip(blocks, probabilities, strict=True):
        best = classes[int(row.argmax())]
        yield {
            "file": path.name,
            "block": block.position,
            "text": block.text,
            "label": best,
            "scores": {label: round(float(p), DIGITS) for label, p in zip(classes, row, strict=True)},
        }
