"""Label the blocks of new pages with a trained baseline."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from newspara.extraction import article_body, headline_position
from newspara.features import block_table
from newspara.records import Block, InputError
from newspara.sources import Page, SourceCounts, page_blocks, read_pages

DIGITS = 4


def label_blocks(model, blocks: Sequence[Block]) -> tuple[list[str], np.ndarray]:
    """The predicted label and the class probabilities of each block of one page.

    Parameters
    ----------
    model : Pipeline
        A baseline loaded with ``newspara.model.load_model``.
    blocks : sequence of Block
        The blocks of one page, in order.

    Returns
    -------
    labels : list of str
    probabilities : ndarray of shape (n_blocks, n_classes)
        Columns in the order of ``model.classes_``.
    """
    if not blocks:
        return [], np.zeros((0, len(model.classes_)))
    probabilities = model.predict_proba(block_table(blocks))
    classes = np.asarray(model.classes_)
    return list(classes[probabilities.argmax(axis=1)]), probabilities


def page_body(model, page: Page) -> str:
    """The article body of a page: the blocks the model does not call ``boilerplate``, less the headline."""
    blocks, info = page_blocks(page)
    labels, _ = label_blocks(model, blocks)
    texts = [b.text for b in blocks]
    return article_body(texts, labels, headline_position(texts, labels, info.get("title")))


def predict_page(model, page: Page) -> Iterator[dict]:
    """Yield one record per block of a page, with its label and class probabilities.

    Yields
    ------
    dict
        ``{"file", "page", "block", "text", "label", "scores": {label: probability}}``
        (``page`` only for pages of a WARC or JSON-lines file, with their ``url``/``date`` if known).
    """
    blocks, _ = page_blocks(page)
    labels, probabilities = label_blocks(model, blocks)
    classes = list(model.classes_)
    in_container = page.id != page.file
    for block, label, row in zip(blocks, labels, probabilities, strict=True):
        record = {"file": page.file}
        if in_container:
            record["page"] = page.id
            record.update({k: page.metadata[k] for k in ("url", "date") if page.metadata.get(k)})
        record.update(
            {
                "block": block.position,
                "text": block.text,
                "label": label,
                "scores": {c: round(float(p), DIGITS) for c, p in zip(classes, row, strict=True)},
            }
        )
        yield record


def predict_file(model, path: Path, counts: SourceCounts | None = None) -> Iterator[dict]:
    """Yield one record per block of every page of an input file (see ``newspara.sources``).

    Raises
    ------
    InputError
        When the file, or a page of it, cannot be read.
    """
    for page in read_pages(path, counts):
        yield from predict_page(model, page)


_WORKER_MODEL = None


def _load_worker_model(folder: Path) -> None:
    global _WORKER_MODEL
    from newspara.model import load_model

    _WORKER_MODEL = load_model(folder)


def _predict_in_worker(page: Page) -> tuple[list[dict], str | None]:
    try:
        return list(predict_page(_WORKER_MODEL, page)), None
    except InputError as err:
        return [], str(err)


def predict_files(
    paths: Sequence[Path], model, model_folder: Path, workers: int = 1, counts: SourceCounts | None = None
) -> Iterator[tuple[list[dict], str | None]]:
    """Label every page of many input files, in input order, in ``workers`` processes.

    A page that cannot be read does not stop the run: it comes out as an empty
    list of records with the reason; a file that cannot be read does stop it.

    Parameters
    ----------
    paths : sequence of Path
        Input files of any kind ``newspara.sources`` reads.
    model : Pipeline
        The loaded baseline, used when ``workers`` is 1.
    model_folder : Path
        Its folder, from which each worker process loads it once.
    workers : int, default=1
        Processes; pages are handed out in order, a few at a time, so memory
        stays bounded however many pages the inputs hold.
    counts : SourceCounts, optional
        Updated with the pages read and the records skipped.

    Yields
    ------
    (records, error)
        The records of one page (see ``predict_page``), or ``[]`` and the reason it was rejected.
    """
    pages = (page for path in paths for page in read_pages(path, counts))
    if workers <= 1:
        global _WORKER_MODEL
        _WORKER_MODEL = model
        yield from map(_predict_in_worker, pages)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, initializer=_load_worker_model, initargs=(model_folder,)) as pool:
        batch: list[Page] = []
        for page in pages:
            batch.append(page)
            if len(batch) == 64 * workers:
                yield from pool.map(_predict_in_worker, batch, chunksize=8)
                batch = []
        yield from pool.map(_predict_in_worker, batch, chunksize=8)
