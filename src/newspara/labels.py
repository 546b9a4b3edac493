"""Gold labels: read an article's label file and check it against the article's blocks.

A label file repeats each block's text, so a label file left behind when its
raw file changed is caught instead of silently labelling the wrong lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newspara.read import read_jsonl
from newspara.records import LABELS, Block, InputError


def _short(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def read_labels(path: Path, blocks: Sequence[Block]) -> list[str]:
    """Read the gold label of every block of an article.

    Parameters
    ----------
    path : Path
        The article's label file: one ``{"block": N, "label": ..., "text": ...}``
        object per line, in block order.
    blocks : sequence of Block
        The article's blocks as the pipeline derives them from its raw file.

    Returns
    -------
    list of str
        One label per block.

    Raises
    ------
    InputError
        Naming the file, line and block, when the file is missing or malformed,
        a label is unknown, or the file is out of step with the raw file.
    """
    if not path.is_file():
        raise InputError(
            f"{path}: no such file; every article in the catalogue needs a label file; "
            "start one with 'newspara blocks'"
        )
    labels: list[str] = []
    for line_no, entry in read_jsonl(path):
        labels.append(_check_entry(entry, f"{path}, line {line_no}", len(labels), blocks))
    if len(labels) < len(blocks):
        missing = blocks[len(labels)]
        raise InputError(
            f"{path}: labels {len(blocks) - len(labels)} block(s) too few; block {missing.position} "
            f"({_short(missing.text)}) has no label. Add it, or regenerate the file with 'newspara blocks'"
        )
    return labels


def _check_entry(entry: object, where: str, position: int, blocks: Sequence[Block]) -> str:
    if not isinstance(entry, dict) or not {"block", "label", "text"} <= entry.keys():
        raise InputError(
            f"{where}: expected an object with 'block', 'label' and 'text'; regenerate the line with 'newspara blocks'"
        )
    if position >= len(blocks):
        raise InputError(
            f"{where}: block {entry['block']} is one more than the raw file has ({len(blocks)} blocks); "
            "remove the extra lines or check the raw file"
        )
    if entry["block"] != position:
        raise InputError(
            f"{where}: says block {entry['block']!r}, expected block {position} (blocks are numbered in order from 0)"
        )
    if entry["label"] not in LABELS:
        raise InputError(
            f"{where}: block {position} has unknown label {entry['label']!r}; use one of {', '.join(LABELS)}"
        )
    if entry["text"] != blocks[position].text:
        raise InputError(
            f"{where}: block {position} text {_short(entry['text'])} does not match the raw file's "
            f"block {position} {_short(blocks[position].text)}; the label file is out of step with its raw file"
        )
    return entry["label"]
