"""Package articles as a Hugging Face dataset folder: Parquet files, checksums.

The folder needs no loading script: ``datasets`` reads the Parquet files named
in the card's YAML front matter (see ``newspara.card``) and checks split sizes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import datasets
import pyarrow as pa
import pyarrow.parquet as pq

from newspara.records import LABELS, Article, markup_columns

CONFIGS: tuple[str, ...] = ("paragraphs", "articles")
#: Rows per Parquet row group: large enough to compress well, small enough to stream.
ROW_GROUP_ROWS = 20_000

PARAGRAPH_FEATURES = datasets.Features(
    {
        "id": datasets.Value("string"),
        "article_id": datasets.Value("string"),
        "block": datasets.Value("int32"),
        "n_blocks": datasets.Value("int32"),
        "text": datasets.Value("string"),
        "label": datasets.ClassLabel(names=list(LABELS)),
        "is_duplicate": datasets.Value("bool"),
        "duplicate_of": datasets.Value("int32"),
        "char_start": datasets.Value("int64"),
        "char_end": datasets.Value("int64"),
        "byte_start": datasets.Value("int64"),
        "byte_end": datasets.Value("int64"),
        "normalisation": datasets.List(datasets.Value("string")),
        "outlet": datasets.Value("string"),
        "conflict": datasets.Value("string"),
        "synthetic": datasets.Value("bool"),
        # The HTML structure of a block of an HTML page (``newspara.records.Markup``); null for text pages.
        "link_density": datasets.Value("float64"),
        "regions": datasets.List(datasets.Value("string")),
        "heading": datasets.Value("int32"),
        "elements": datasets.List(datasets.Value("int32")),
    }
)

ARTICLE_FEATURES = datasets.Features(
    {
        "article_id": datasets.Value("string"),
        "title": datasets.Value("string"),
        "byline": datasets.Value("string"),
        "date_line": datasets.Value("string"),
        "read_time": datasets.Value("string"),
        "image_credits": datasets.List(datasets.Value("string")),
        "sources": datasets.List(datasets.Value("string")),
        "outlet": datasets.Value("string"),
        "url": datasets.Value("string"),
        "published": datasets.Value("string"),
        "language": datasets.Value("string"),
        "conflict": datasets.Value("string"),
        "genre": datasets.Value("string"),
        "topic": datasets.Value("string"),
        "synthetic": datasets.Value("bool"),
        "license": datasets.Value("string"),
        "notes": datasets.Value("string"),
        "body": datasets.Value("string"),
        "n_blocks": datasets.Value("int32"),
        **{f"n_{label}": datasets.Value("int32") for label in LABELS},
        "n_duplicate_blocks": datasets.Value("int32"),
        "normalised_blocks": datasets.Value("int32"),
        "raw_file": datasets.Value("string"),
        "raw_sha256": datasets.Value("string"),
        "encoding": datasets.Value("string"),
        "near_duplicate_group": datasets.Value("string"),
    }
)

FEATURES = {"paragraphs": PARAGRAPH_FEATURES, "articles": ARTICLE_FEATURES}


def paragraph_rows(article: Article) -> list[dict]:
    """One ``paragraphs`` row per block of a labelled article."""
    meta = article.metadata
    return [
        {
            "id": f"{article.id}-{block.position:04d}",
            "article_id": article.id,
            "block": block.position,
            "n_blocks": len(article.blocks),
            "text": block.text,
            "label": LABELS.index(label),
            "is_duplicate": duplicate >= 0,
            "duplicate_of": duplicate,
            "char_start": block.char_start,
            "char_end": block.char_end,
            "byte_start": block.byte_start,
            "byte_end": block.byte_end,
            "normalisation": list(block.changes),
            "outlet": meta["outlet"],
            "conflict": meta["conflict"],
            "synthetic": meta["synthetic"],
            **markup_columns(block.markup),
        }
        for block, label, duplicate in zip(article.blocks, article.labels, article.duplicate_of, strict=True)
    ]


def article_row(article: Article, group: str = "") -> dict:
    """The ``articles`` row of a labelled article; ``group`` is its near-duplicate group."""
    meta = article.metadata
    body = [b.text for b, label in zip(article.blocks, article.labels, strict=True) if label != "boilerplate"]
    return {
        "article_id": article.id,
        **article.furniture,
        **{key: meta.get(key) for key in ("outlet", "url", "published", "language", "conflict", "genre")},
        "topic": meta.get("topic"),
        **{key: meta[key] for key in ("synthetic", "license", "notes")},
        "body": "\n\n".join(body),
        "n_blocks": len(article.blocks),
        **{f"n_{label}": article.labels.count(label) for label in LABELS},
        "n_duplicate_blocks": sum(d >= 0 for d in article.duplicate_of),
        "normalised_blocks": sum(bool(b.changes) for b in article.blocks),
        "raw_file": article.raw_name,
        "raw_sha256": article.raw_sha256,
        "encoding": article.encoding,
        "near_duplicate_group": group,
    }


def data_file(config: str, split: str) -> str:
    """The path of a split's Parquet file inside the dataset folder, as the Hub names it."""
    return f"{config}/{split}-00000-of-00001.parquet"


class SplitWriter:
    """Stream rows of one config into one Parquet file per split.

    Rows are buffered into row groups of ``row_group_rows``, so the files'
    bytes depend only on the rows and their order.

    Parameters
    ----------
    folder : Path
        The dataset folder being written.
    config : str
        ``paragraphs`` or ``articles``.
    row_group_rows : int, default=ROW_GROUP_ROWS
    """

    def __init__(self, folder: Path, config: str, row_group_rows: int = ROW_GROUP_ROWS):
        self.folder = folder
        self.config = config
        self.row_group_rows = row_group_rows
        self.schema = FEATURES[config].arrow_schema
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.buffers: dict[str, list[dict]] = {}

    def write(self, split: str, rows: Iterable[dict]) -> None:
        """Add rows to a split."""
        buffer = self.buffers.setdefault(split, [])
        buffer.extend(rows)
        if len(buffer) >= self.row_group_rows:
            self._flush(split)

    def _flush(self, split: str) -> None:
        buffer = self.buffers[split]
        if split not in self.writers:
            path = self.folder / data_file(self.config, split)
            path.parent.mkdir(parents=True, exist_ok=True)
            self.writers[split] = pq.ParquetWriter(path, self.schema, compression="zstd", compression_level=9)
        while buffer:
            chunk, buffer[:] = buffer[: self.row_group_rows], buffer[self.row_group_rows :]
            table = pa.Table.from_pylist(chunk, schema=self.schema)
            self.writers[split].write_table(table, row_group_size=self.row_group_rows)

    def close(self) -> dict[str, dict[str, int]]:
        """Flush and close every file.

        Returns
        -------
        dict
            Per split, its ``split_size``.
        """
        for split in list(self.buffers):
            self._flush(split)
        for writer in self.writers.values():
            writer.close()
        return {split: split_size(self.folder / data_file(self.config, split)) for split in self.writers}


def split_size(path: Path) -> dict[str, int]:
    """``num_examples`` and ``num_bytes`` (uncompressed data size) of a Parquet file, from its footer."""
    metadata = pq.ParquetFile(path).metadata
    return {
        "num_examples": metadata.num_rows,
        "num_bytes": sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups)),
    }


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_checksums(folder: Path) -> Path:
    """Write ``SHA256SUMS`` (``sha256sum -c`` format) for every other file in ``folder``."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "SHA256SUMS")
    lines = [f"{sha256_of(p)}  {p.relative_to(folder).as_posix()}\n" for p in files]
    target = folder / "SHA256SUMS"
    target.write_text("".join(lines), encoding="utf-8")
    return target
