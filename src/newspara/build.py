"""Build the dataset from a corpus folder: the executor of the dataset stages.

Pass 1 streams articles through read -> segment -> furniture -> labels (a pure
function of one article's files, so it runs in worker processes) and spools
their rows to disk, keeping only a MinHash signature and a small summary per
article. Pass 2 groups near-duplicates, assigns splits and streams the spooled
rows into the split files. Memory grows with the number of articles, not with
their text.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyarrow.parquet as pq
from tqdm import tqdm

from newspara import card
from newspara.agreement import annotation_quality
from newspara.corpus import labels_path, raw_path, read_catalog
from newspara.furniture import duplicates, extract_metadata
from newspara.labels import read_labels
from newspara.output import replace_folder
from newspara.package import (
    CONFIGS,
    ROW_GROUP_ROWS,
    SplitWriter,
    article_row,
    data_file,
    paragraph_rows,
    write_checksums,
)
from newspara.records import Article, InputError
from newspara.sources import page_blocks, read_pages
from newspara.split import near_duplicate_groups, signature, split_for

SPOOL = "spool"


def read_article(corpus: Path, metadata: dict) -> Article:
    """Run the per-article stages on one catalogue record.

    Parameters
    ----------
    corpus : Path
        The corpus folder.
    metadata : dict
        The article's catalogue record.

    Returns
    -------
    Article
        With blocks, furniture metadata, duplicate links and gold labels.

    Raises
    ------
    InputError
        When a file of the article is missing or malformed.
    """
    path = raw_path(corpus, metadata["id"])
    page = next(read_pages(path))
    blocks, info = page_blocks(page)
    return Article(
        id=metadata["id"],
        raw_name=path.name,
        raw_sha256=info["sha256"],
        encoding=info["encoding"],
        blocks=blocks,
        metadata=metadata,
        furniture=extract_metadata(blocks),
        duplicate_of=duplicates(blocks),
        labels=read_labels(labels_path(corpus, metadata["id"]), blocks),
    )


@dataclass
class _Result:
    article_id: str
    paragraphs: list[dict] = field(default_factory=list)
    article: dict = field(default_factory=dict)
    signature: object = None
    error: str | None = None


def _process(corpus: Path, metadata: dict) -> _Result:
    try:
        article = read_article(corpus, metadata)
    except InputError as err:
        return _Result(metadata["id"], error=str(err))
    row = article_row(article)
    return _Result(article.id, paragraph_rows(article), row, signature([row["body"]]))


def _results(corpus: Path, catalog: list[dict], workers: int) -> Iterator[_Result]:
    work = partial(_process, corpus)
    if workers <= 1:
        yield from map(work, catalog)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(work, catalog, chunksize=8)


@dataclass
class BuildReport:
    """What a build did: counts for the accounting line, rejects, split sizes."""

    files_seen: int = 0
    rejects: list[dict] = field(default_factory=list)
    splits: dict = field(default_factory=dict)
    summaries: list[dict] = field(default_factory=list)

    @property
    def articles_built(self) -> int:
        return len(self.summaries)

    def accounting(self) -> str:
        return (
            f"files seen {self.files_seen} = articles built {self.articles_built} + files rejected {len(self.rejects)}"
        )


def build(
    corpus: Path,
    out: Path,
    workers: int = 1,
    strict: bool = False,
    card_template: Path | None = None,
    progress: bool = True,
) -> BuildReport:
    """Build the dataset folder ``out`` from the corpus folder ``corpus``.

    Parameters
    ----------
    corpus : Path
        Folder with ``articles.jsonl``, ``raw/`` and ``labels/``.
    out : Path
        The dataset folder to (re)create; replaced only when the build succeeds.
    workers : int, default=1
        Processes for the per-article stages; the output does not depend on it.
    strict : bool, default=False
        Stop at the first rejected article instead of reporting it in ``rejects.jsonl``.
    card_template : Path, optional
        A dataset card whose generated sections are filled in; it is rewritten
        with the filled card, which is also the folder's ``README.md``.
    progress : bool, default=True
        Show a progress bar on standard error.

    Returns
    -------
    BuildReport

    Raises
    ------
    InputError
        On a catalogue problem, or (``strict``) on the first rejected article.
    """
    if card_template is not None and not card_template.is_file():
        raise InputError(f"{card_template}: no such file; --card names an existing dataset card to fill in")
    catalog = read_catalog(corpus)
    report = BuildReport(files_seen=len(catalog))
    with replace_folder(out) as folder:
        spool = {config: SplitWriter(folder / ".spool", config) for config in CONFIGS}
        signatures = {}
        bar = tqdm(
            _results(corpus, catalog, workers),
            total=len(catalog),
            desc="articles",
            disable=not progress,
            file=sys.stderr,
        )
        for result in bar:
            if result.error:
                if strict:
                    raise InputError(result.error)
                report.rejects.append({"article_id": result.article_id, "reason": result.error})
                continue
            spool["paragraphs"].write(SPOOL, result.paragraphs)
            spool["articles"].write(SPOOL, [result.article])
            signatures[result.article_id] = result.signature
            report.summaries.append(card.article_summary(result.article))
        for writer in spool.values():
            writer.close()
        groups = near_duplicate_groups(signatures)
        split_of = {article_id: split_for(group) for article_id, group in groups.items()}
        for summary in report.summaries:
            summary["split"] = split_of[summary["article_id"]]
        for config in CONFIGS:
            report.splits[config] = _write_splits(folder, config, split_of, groups)
        shutil.rmtree(folder / ".spool")
        with (folder / "rejects.jsonl").open("w", encoding="utf-8") as handle:
            for reject in report.rejects:
                handle.write(json.dumps(reject, ensure_ascii=False, sort_keys=True) + "\n")
        readme = card.render_dataset_card(
            card_template.read_text(encoding="utf-8") if card_template else card.DEFAULT_TEMPLATE,
            report.summaries,
            report.splits,
            annotation_quality(corpus),
        )
        (folder / "README.md").write_text(readme, encoding="utf-8")
        write_checksums(folder)
    if card_template is not None and card_template.read_text(encoding="utf-8") != readme:
        card_template.write_text(readme, encoding="utf-8")
    return report


def _write_splits(folder: Path, config: str, split_of: dict, groups: dict) -> dict:
    spool = folder / ".spool" / data_file(config, SPOOL)
    writer = SplitWriter(folder, config)
    if spool.exists():
        for batch in pq.ParquetFile(spool).iter_batches(batch_size=ROW_GROUP_ROWS):
            for row in batch.to_pylist():
                if config == "articles":
                    row["near_duplicate_group"] = groups[row["article_id"]]
                writer.write(split_of[row["article_id"]], [row])
    return writer.close()
