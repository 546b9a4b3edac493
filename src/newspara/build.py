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
import os
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TextIO

import pyarrow.parquet as pq
from tqdm import tqdm

from newspara import card, release
from newspara.agreement import annotation_quality
from newspara.corpus import inside_corpus, labels_path, raw_path, read_catalog, stray_files
from newspara.croissant import missing_rai_sections, write_croissant
from newspara.furniture import duplicates, extract_metadata
from newspara.labels import read_labels
from newspara.output import checkpoint, replace_file, replace_folder
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
from newspara.segment import account
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
    return _read_article(corpus, metadata)[0]


def _read_article(corpus: Path, metadata: dict) -> tuple[Article, Characters]:
    path = inside_corpus(corpus, raw_path(corpus, metadata["id"]))
    if not path.exists() and not path.is_symlink():
        raise InputError(f"{path}: no such file; add the article's raw file, or remove its record from the catalogue")
    blocks, info = page_blocks(next(read_pages(path)))
    block_chars, between_chars = account(info["text"], blocks, name=str(path))
    article = Article(
        id=metadata["id"],
        raw_name=path.name,
        raw_sha256=info["sha256"],
        encoding=info["encoding"],
        blocks=blocks,
        metadata=metadata,
        furniture=extract_metadata(blocks),
        duplicate_of=duplicates(blocks),
        labels=read_labels(inside_corpus(corpus, labels_path(corpus, metadata["id"])), blocks),
    )
    return article, Characters(len(info["text"]), block_chars, between_chars)


@dataclass
class Characters:
    """Where the characters of built raw files went: ``raw == blocks + between``, checked per article."""

    raw: int = 0
    blocks: int = 0
    between: int = 0

    def add(self, other: Characters) -> None:
        self.raw += other.raw
        self.blocks += other.blocks
        self.between += other.between


@dataclass
class _Result:
    article_id: str
    paragraphs: list[dict] = field(default_factory=list)
    article: dict = field(default_factory=dict)
    signature: object = None
    characters: Characters = field(default_factory=Characters)
    error: str | None = None


def _process(corpus: Path, metadata: dict) -> _Result:
    try:
        article, characters = _read_article(corpus, metadata)
    except InputError as err:
        return _Result(metadata["id"], error=str(err))
    except Exception as err:  # a bug met on one article must not lose the others; --strict still fails
        where = raw_path(corpus, metadata["id"])
        return _Result(
            metadata["id"],
            error=f"{where}: newspara failed on this article ({type(err).__name__}: {err}); "
            "this is a bug in newspara, please report it with the file",
        )
    row = article_row(article)
    return _Result(article.id, paragraph_rows(article), row, signature([row["body"]]), characters)


def _results(corpus: Path, catalog: list[dict], workers: int) -> Iterator[_Result]:
    work = partial(_process, corpus)
    if workers <= 1:
        yield from map(work, catalog)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(work, catalog, chunksize=8)


@dataclass
class BuildReport:
    """What a build did: counts for the accounting line, rejects, split sizes.

    ``rejects`` holds one ``{"article_id", "reason"}`` record per file not built
    (``article_id`` is null for a file no catalogue record names).
    """

    files_seen: int = 0
    rejects: list[dict] = field(default_factory=list)
    splits: dict = field(default_factory=dict)
    summaries: list[dict] = field(default_factory=list)
    characters: Characters = field(default_factory=Characters)

    @property
    def articles_built(self) -> int:
        return len(self.summaries)

    def accounting(self) -> str:
        """The accounting line: every file is built or rejected; every character is in a block or between blocks."""
        chars, rejected = self.characters, len(self.rejects)
        return (
            f"files seen {self.files_seen} = articles built {self.articles_built} + files rejected {rejected}; "
            f"raw characters {chars.raw:,} = block characters {chars.blocks:,} + between blocks {chars.between:,}"
        )

    def check(self) -> None:
        """Raise ``AssertionError`` if the accounting does not add up (it cannot, unless the build has a bug)."""
        if self.files_seen != self.articles_built + len(self.rejects):
            raise AssertionError(self.accounting())
        if self.characters.raw != self.characters.blocks + self.characters.between:
            raise AssertionError(self.accounting())


def write_rejects(rejects: list[dict], handle: TextIO) -> None:
    """Write reject records as JSON lines."""
    for reject in rejects:
        handle.write(json.dumps(reject, ensure_ascii=False, sort_keys=True) + "\n")


def build(
    corpus: Path,
    out: Path,
    workers: int = 1,
    strict: bool = False,
    card_template: Path | None = None,
    progress: bool = True,
    rejects: Path | None = None,
    citation: Path | None = None,
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
        Fail if any file is rejected: every reason is given, and ``out`` is left as it was.
    card_template : Path, optional
        A dataset card whose generated sections are filled in; it is rewritten
        with the filled card, which is also the folder's ``README.md``; every
        section ``croissant.json`` quotes must be in it.
    progress : bool, default=True
        Show a progress bar on standard error.
    rejects : Path, optional
        Where to write the rejects report (JSON lines); default ``out/rejects.jsonl``.
        A path outside ``out`` is written even when a strict build fails.
    citation : Path, optional
        Where to write a copy of the folder's ``CITATION.cff`` (the repository's).

    Returns
    -------
    BuildReport

    Raises
    ------
    InputError
        On a catalogue problem, or (``strict``) when any file is rejected.
    """
    if card_template is not None and not card_template.is_file():
        raise InputError(f"{card_template}: no such file; --card names an existing dataset card to fill in")
    _check_apart(corpus, out)
    if rejects is not None:
        _check_apart(corpus, rejects)
    catalog = read_catalog(corpus)
    strays = stray_files(corpus, catalog)
    report = BuildReport(files_seen=len(catalog) + len(strays))
    rejects_path = Path(os.path.abspath(rejects if rejects is not None else out / "rejects.jsonl"))
    with replace_folder(out, marker="SHA256SUMS") as folder:
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
                report.rejects.append({"article_id": result.article_id, "reason": result.error})
                continue
            spool["paragraphs"].write(SPOOL, result.paragraphs)
            spool["articles"].write(SPOOL, [result.article])
            signatures[result.article_id] = result.signature
            report.summaries.append(card.article_summary(result.article))
            report.characters.add(result.characters)
        for path in strays:
            reason = f"{path}: no article of {corpus / 'articles.jsonl'} has this file; add its record or remove it"
            report.rejects.append({"article_id": None, "reason": reason})
        report.check()
        inside = rejects_path.is_relative_to(Path(os.path.abspath(out)))
        if not inside:
            with replace_file(rejects_path) as handle:
                write_rejects(report.rejects, handle)
        if strict and report.rejects:
            reasons = "\n".join(f"  {reject['reason']}" for reject in report.rejects)
            raise InputError(
                f"{len(report.rejects)} of {report.files_seen} files rejected, so the strict build stops "
                f"and leaves {out} as it was:\n{reasons}"
            )
        for writer in spool.values():
            writer.close()
        checkpoint("build-spooled")
        groups = near_duplicate_groups(signatures)
        split_of = {article_id: split_for(group) for article_id, group in groups.items()}
        for summary in report.summaries:
            summary["split"] = split_of[summary["article_id"]]
        for config in CONFIGS:
            report.splits[config] = _write_splits(folder, config, split_of, groups)
        shutil.rmtree(folder / ".spool")
        if inside:
            target = folder / rejects_path.relative_to(Path(os.path.abspath(out)))
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8") as handle:
                write_rejects(report.rejects, handle)
        readme = card.render_dataset_card(
            card_template.read_text(encoding="utf-8") if card_template else card.DEFAULT_TEMPLATE,
            report.summaries,
            report.splits,
            annotation_quality(corpus),
        )
        if card_template is not None and (missing := missing_rai_sections(readme)):
            raise InputError(f"{card_template}: no text under the heading {missing[0]!r}, which croissant.json quotes")
        (folder / "README.md").write_text(readme, encoding="utf-8")
        (folder / "LICENSE").write_text(release.license_file(), encoding="utf-8")
        (folder / "CITATION.cff").write_text(release.citation_cff(), encoding="utf-8")
        write_croissant(folder, readme, report.splits)
        write_checksums(folder)
    for target, text in ((card_template, readme), (citation, release.citation_cff())):
        if target is not None and (not target.is_file() or target.read_text(encoding="utf-8") != text):
            with replace_file(target) as handle:
                handle.write(text)
    return report


def _check_apart(corpus: Path, out: Path) -> None:
    """Refuse an output that is, holds or lies inside the corpus: writing it would destroy corpus files."""
    corpus, out = corpus.resolve(), out.resolve()
    if corpus.is_relative_to(out) or out.is_relative_to(corpus):
        raise InputError(
            f"{out}: this output overlaps the corpus folder {corpus}; the build never writes into its "
            "corpus, so name a place outside it (e.g. dataset)"
        )


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
