"""Label the blocks of new pages with a trained baseline."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newspara.extraction import article_body, headline_positions, looks_like_title
from newspara.features import pages_table
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
    return label_pages(model, [blocks])[0]


def label_pages(model, pages: Sequence[Sequence[Block]]) -> list[tuple[list[str], np.ndarray]]:
    """The labels of many pages at once: one call to the model, so its fixed cost is paid once.

    Returns
    -------
    list of (labels, probabilities)
        One pair per page, in order.
    """
    classes = np.asarray(model.classes_)
    if not any(pages):
        return [([], np.zeros((0, len(classes)))) for _ in pages]
    probabilities = model.predict_proba(pages_table(pages))
    labels = classes[probabilities.argmax(axis=1)]
    return [(list(labels[rows]), probabilities[rows]) for rows in _rows_of_each_page(pages)]


def _rows_of_each_page(pages: Sequence[Sequence[Block]]) -> list[slice]:
    """The rows of each page in a table of all their blocks (``pages_table``)."""
    bounds = np.cumsum([0, *map(len, pages)])
    return [slice(start, end) for start, end in itertools.pairwise(bounds)]


def _read(pages: Sequence[Page]) -> list[tuple[list[Block], dict, str | None]]:
    """Each page's blocks and ``page_blocks`` info, or no blocks and the reason it could not be read."""
    read: list[tuple[list[Block], dict, str | None]] = []
    for page in pages:
        try:
            read.append((*page_blocks(page), None))
        except InputError as err:
            read.append(([], {}, str(err)))
    return read


def _page_fields(page: Page) -> dict:
    """What names a page in the output: its file and, for a page of a WARC or JSON-lines file, its id, URL and date."""
    fields = {"file": page.file}
    if page.id != page.file:
        fields["page"] = page.id
        fields.update({k: page.metadata[k] for k in ("url", "date") if page.metadata.get(k)})
    return fields


def _records(page: Page, blocks: Sequence[Block], labels: list[str], probabilities: np.ndarray, classes) -> list:
    return [
        {
            **_page_fields(page),
            "block": block.position,
            "text": block.text,
            "label": label,
            "scores": {c: round(float(p), DIGITS) for c, p in zip(classes, row, strict=True)},
        }
        for block, label, row in zip(blocks, labels, probabilities, strict=True)
    ]


def predict_pages(model, pages: Sequence[Page]) -> list[tuple[list[dict], str | None]]:
    """Label a batch of pages with one call to the model.

    Returns
    -------
    list of (records, error)
        Per page: one record per block, ``{"file", "page", "url", "date", "block",
        "text", "label", "scores"}`` (``page``, ``url`` and ``date`` only for pages
        of a WARC or JSON-lines file), or ``[]`` and the reason the page could not be read.
    """
    read = _read(pages)
    labelled = label_pages(model, [blocks for blocks, _, _ in read])
    classes = list(model.classes_)
    return [
        (_records(page, blocks, labels, probabilities, classes), error)
        for page, (blocks, _, error), (labels, probabilities) in zip(pages, read, labelled, strict=True)
    ]


def predict_articles(model, pages: Sequence[Page]) -> list[tuple[list[dict], str | None]]:
    """The article of each page of a batch: its headline and its body, less the furniture.

    The body is the blocks not labelled ``boilerplate``, less the headline, which
    is found with the page's title: an HTML page's own, or the first line of a
    text page when it looks like a title (HTML-to-text converters write the
    ``<title>`` first). Only the boilerplate decision is needed
    (``BoilerplateThenTopic.is_boilerplate``), so this is faster than ``predict_pages``.

    Returns
    -------
    list of (records, error)
        Per page: one record, ``{"file", "page", "url", "date", "headline", "body"}``,
        or ``[]`` and the reason the page could not be read. ``headline`` is the blocks
        set aside as the headline (see ``newspara.extraction.headline_positions``; null
        when none was), so that no content block leaves the body unseen; ``body`` is
        empty when every block is furniture; the blocks of each are joined by line breaks.
    """
    read = _read(pages)
    blocks_of = [blocks for blocks, _, _ in read]
    furniture = model.is_boilerplate(pages_table(blocks_of)) if any(blocks_of) else np.zeros(0, dtype=bool)
    articles: list[tuple[list[dict], str | None]] = []
    for page, (blocks, info, error), rows in zip(pages, read, _rows_of_each_page(blocks_of), strict=True):
        if error:
            articles.append(([], error))
            continue
        texts = [b.text for b in blocks]
        labels = ["boilerplate" if flag else "content" for flag in furniture[rows]]
        title = info.get("title") or (texts[0] if texts and looks_like_title(texts[0]) else None)
        headline = headline_positions(texts, labels, title)
        record = {
            **_page_fields(page),
            # The title line of a converted page and the headline below it are often the same words.
            "headline": "\n".join(dict.fromkeys(texts[i] for i in sorted(headline))) or None,
            "body": article_body(texts, labels, headline),
        }
        articles.append(([record], None))
    return articles


def predict_file(model, path: Path, counts: SourceCounts | None = None) -> Iterator[dict]:
    """Yield one record per block of every page of an input file (see ``newspara.sources``).

    Raises
    ------
    InputError
        When the file, or a page of it, cannot be read.
    """
    for page in read_pages(path, counts):
        [(records, error)] = predict_pages(model, [page])
        if error:
            raise InputError(error)
        yield from records


_WORKER_MODEL = None


def _load_worker_model(folder: Path) -> None:
    global _WORKER_MODEL
    from newspara.model import load_model

    _WORKER_MODEL = load_model(folder)


def _predict_in_worker(pages: list[Page], articles: bool = False) -> list[tuple[list[dict], str | None]]:
    return (predict_articles if articles else predict_pages)(_WORKER_MODEL, pages)


#: Pages labelled in one call to the model.
BATCH_PAGES = 32


def _batches(pages: Iterator[Page], size: int) -> Iterator[list[Page]]:
    batch: list[Page] = []
    for page in pages:
        batch.append(page)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class PageLabeller:
    """Labels streams of pages, in this process or in worker processes kept for its lifetime.

    Use it as a context manager: the workers (each loading the model once) start on
    entry and stop on exit, so many files can be labelled one after another without
    paying for the start-up again.

    Parameters
    ----------
    model : Pipeline
        The loaded baseline, used when ``workers`` is 1.
    model_folder : Path
        Its folder, from which each worker process loads it once.
    workers : int, default=1
        Processes; pages are handed out in order, a few batches at a time, so memory
        stays bounded however many pages a stream holds.
    articles : bool, default=False
        One record per page with its headline and article body (``predict_articles``)
        instead of one per block with its label (``predict_pages``).
    """

    def __init__(self, model, model_folder: Path, workers: int = 1, articles: bool = False):
        self.model = model
        self.model_folder = model_folder
        self.workers = workers
        self.articles = articles
        self._pool = None

    def __enter__(self) -> PageLabeller:
        if self.workers > 1:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                self.workers, initializer=_load_worker_model, initargs=(self.model_folder,)
            )
        return self

    def __exit__(self, *exc_info) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def label(self, pages: Iterable[Page]) -> Iterator[tuple[list[dict], str | None]]:
        """The records of each page, in order, or ``[]`` and the reason the page was rejected.

        An ``InputError`` raised while ``pages`` is read (a file that cannot be read)
        comes through unchanged.
        """
        batches = _batches(iter(pages), BATCH_PAGES)
        if self._pool is None:
            predict = predict_articles if self.articles else predict_pages
            for batch in batches:
                yield from predict(self.model, batch)
            return
        from functools import partial

        # Hand out a bounded number of batches at a time: memory stays flat on any input size.
        for group in _batches(batches, 4 * self.workers):
            for results in self._pool.map(partial(_predict_in_worker, articles=self.articles), group):
                yield from results


def predict_files(
    paths: Sequence[Path],
    model,
    model_folder: Path,
    workers: int = 1,
    counts: SourceCounts | None = None,
    articles: bool = False,
) -> Iterator[tuple[list[dict], str | None]]:
    """Label every page of many input files, in input order, in ``workers`` processes.

    A page that cannot be read does not stop the run: it comes out as an empty
    list of records with the reason; a file that cannot be read does stop it
    (``predict_into_folder`` goes on to the next file instead).

    Parameters
    ----------
    paths : sequence of Path
        Input files of any kind ``newspara.sources`` reads.
    model, model_folder, workers, articles
        As for ``PageLabeller``.
    counts : SourceCounts, optional
        Updated with the pages read and the records skipped.

    Yields
    ------
    (records, error)
        The records of one page, or ``[]`` and the reason it was rejected.
    """
    with PageLabeller(model, model_folder, workers, articles) as labeller:
        yield from labeller.label(page for path in paths for page in read_pages(path, counts))


#: The file in an output folder that names what made its outputs (see ``predict_into_folder``).
RUN_FILE = "newspara-predict.json"


@dataclass(frozen=True)
class FileOutcome:
    """What became of one input file in ``predict_into_folder``.

    Attributes
    ----------
    path : Path
        The input file.
    output : Path
        Its output file in the folder.
    status : str
        ``"written"``, ``"already done"`` (its output was there: not read again) or ``"failed"``.
    rejected : list of str
        Why each rejected page of the file was rejected.
    error : str or None
        Why the file could not be read, when ``status`` is ``"failed"``; no output is written for it.
    """

    path: Path
    output: Path
    status: str
    rejected: list[str] = field(default_factory=list)
    error: str | None = None


def output_name(path: Path, compressed: bool = False) -> str:
    """The name of an input file's output in a folder: the input's file name and ``.jsonl`` (``.jsonl.gz``)."""
    return f"{path.name}.jsonl{'.gz' if compressed else ''}"


def predict_into_folder(
    paths: Sequence[Path],
    folder: Path,
    model,
    model_folder: Path,
    workers: int = 1,
    counts: SourceCounts | None = None,
    articles: bool = False,
    compressed: bool = False,
) -> Iterator[FileOutcome]:
    """Label many input files (a crawl's WARC archives, say) into one output file each, resumably.

    Each input's records go to ``folder/<input file name>.jsonl``, which appears
    only once the whole input has been labelled (written beside it, then renamed),
    so an interrupted run leaves no half-written output, and running the same
    command again labels only the inputs whose output is missing. An input that
    cannot be read is reported and the run goes on to the next. The folder's
    ``RUN_FILE`` records the newspara version, the model's SHA-256, the kind of
    output and whether it is compressed, so that no folder mixes the outputs of two models.

    Parameters
    ----------
    paths : sequence of Path
        Input files of any kind ``newspara.sources`` reads, with different file names.
    folder : Path
        The output folder; made if missing.
    model, model_folder, workers, articles
        As for ``PageLabeller``.
    counts : SourceCounts, optional
        Updated with the pages read and the records skipped.
    compressed : bool, default=False
        Write each output gzip-compressed, as ``<input file name>.jsonl.gz``.

    Yields
    ------
    FileOutcome
        One per input, in input order.

    Raises
    ------
    InputError
        Before any work: two inputs share a file name, the folder cannot be made,
        or it holds outputs of another model, version or kind of output.
    """
    from newspara.output import replace_file

    seen: dict[str, Path] = {}
    for path in paths:
        other = seen.setdefault(output_name(path, compressed), path)
        if other != path:
            raise InputError(f"{other} and {path}: two inputs with one file name would share one output in {folder}")
    _claim_folder(folder, model_folder, articles, compressed)
    with PageLabeller(model, model_folder, workers, articles) as labeller:
        for path in paths:
            output = folder / output_name(path, compressed)
            if output.exists():
                yield FileOutcome(path, output, "already done")
                continue
            rejected: list[str] = []
            try:
                with replace_file(output) as handle:
                    for records, error in labeller.label(read_pages(path, counts)):
                        if error:
                            rejected.append(error)
                        for record in records:
                            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            except InputError as err:
                yield FileOutcome(path, output, "failed", rejected, str(err))
                continue
            yield FileOutcome(path, output, "written", rejected)


def _claim_folder(folder: Path, model_folder: Path, articles: bool, compressed: bool) -> None:
    """Make the output folder and its ``RUN_FILE``, or check that the one there matches this run."""
    from newspara import __version__
    from newspara.model import MODEL_FILE
    from newspara.output import replace_file

    model_path = model_folder / MODEL_FILE
    run = {
        "newspara": __version__,
        "model_sha256": hashlib.sha256(model_path.read_bytes()).hexdigest(),
        "output": "articles" if articles else "blocks",
        "compressed": compressed,
    }
    record = folder / RUN_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        found = json.loads(record.read_text(encoding="utf-8")) if record.exists() else None
    except (OSError, ValueError) as err:
        raise InputError(f"{record}: cannot be read or made ({err})") from None
    if found is None:
        with replace_file(record) as handle:
            handle.write(json.dumps(run, indent=1) + "\n")
    elif found != run:
        differ = ", ".join(f"{k} {found.get(k)!r} there, {v!r} now" for k, v in run.items() if found.get(k) != v)
        raise InputError(
            f"{folder}: holds the outputs of another run ({differ}); write to a new folder, "
            "or empty this one to label everything again"
        )
