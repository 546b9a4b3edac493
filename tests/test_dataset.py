"""The committed dataset folder: loadable, consistent with its card, its checksums and its corpus."""

import datasets
import pyarrow.parquet as pq
import pytest

from conftest import ROOT
from newspara.agreement import annotation_quality
from newspara.card import article_summary, render_dataset_card
from newspara.html import decode_html, extracted_text, html_blocks
from newspara.normalise import normalise
from newspara.package import CONFIGS, data_file, sha256_of, split_size
from newspara.records import LABELS
from newspara.split import SPLITS, split_for

DATASET = ROOT / "dataset"


def rows(config, split):
    return pq.read_table(DATASET / data_file(config, split)).to_pylist()


def test_paragraphs_load_offline_with_class_label_names():
    loaded = datasets.load_dataset(str(DATASET))
    assert set(loaded) == set(SPLITS)
    assert loaded["train"].features["label"].names == list(LABELS)


def test_articles_config_loads_offline():
    loaded = datasets.load_dataset(str(DATASET), "articles")
    assert {"article_id", "title", "body", "raw_sha256"} <= set(loaded["train"].column_names)


def test_checksums_match_the_files():
    for line in (DATASET / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert sha256_of(DATASET / name) == digest, name


def test_card_is_the_dataset_readme():
    assert (ROOT / "DATASET_CARD.md").read_text() == (DATASET / "README.md").read_text()


def test_card_numbers_are_the_data_numbers():
    summaries = [article_summary(r, split) for split in SPLITS for r in rows("articles", split)]
    sizes = {config: {split: split_size(DATASET / data_file(config, split)) for split in SPLITS} for config in CONFIGS}
    card = (DATASET / "README.md").read_text()
    assert render_dataset_card(card, summaries, sizes, annotation_quality(ROOT / "corpus")) == card


def test_no_article_or_near_duplicate_group_spans_two_splits():
    split_of_article, split_of_group = {}, {}
    for split in SPLITS:
        for row in rows("articles", split):
            assert split_of_article.setdefault(row["article_id"], split) == split
            assert split_of_group.setdefault(row["near_duplicate_group"], split) == split
            assert split_for(row["near_duplicate_group"]) == split
        for row in rows("paragraphs", split):
            assert split_of_article[row["article_id"]] == split


def test_every_block_traces_back_to_its_raw_bytes():
    raw_files = {}
    for split in SPLITS:
        for row in rows("articles", split):
            data = (ROOT / "corpus" / "raw" / row["raw_file"]).read_bytes()
            if row["raw_file"].endswith(".html"):
                # An HTML page's spans index its extracted text, the blocks joined by newlines (UTF-8).
                blocks, _ = html_blocks(decode_html(data).text)
                raw_files[row["article_id"]] = (extracted_text(blocks).encode("utf-8"), "utf-8")
            else:
                raw_files[row["article_id"]] = (data, row["encoding"])
    for split in SPLITS:
        for row in rows("paragraphs", split):
            data, encoding = raw_files[row["article_id"]]
            assert normalise(data[row["byte_start"] : row["byte_end"]].decode(encoding))[0] == row["text"], row["id"]


def test_blocks_are_numbered_in_order_within_each_article():
    for split in SPLITS:
        seen = {}
        for row in rows("paragraphs", split):
            assert row["block"] == seen.get(row["article_id"], -1) + 1
            seen[row["article_id"]] = row["block"]
            assert row["n_blocks"] > row["block"]


@pytest.mark.parametrize("split", SPLITS)
def test_every_split_has_every_label(split):
    assert {r["label"] for r in rows("paragraphs", split)} == set(range(len(LABELS)))
