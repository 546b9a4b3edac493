"""The seed article end to end, against the gold table of the label schema."""

import json

import pyarrow.parquet as pq

from conftest import ROOT, SHARED, needs_shared
from newspara.build import read_article
from newspara.corpus import read_catalog
from newspara.records import LABELS

SEED_ID = "000_8f902487a387402c"
# The schema's example table, block by block (the caption row stands for two blocks).
GOLD = [
    ("Skip links", "boilerplate"),
    ("Trump pressures commander Haftar over Libya", "diplomacy"),
    ("Read 2 minutes", "boilerplate"),
    ("Trump reportedly told", "boilerplate"),
    ("Trump reportedly told", "boilerplate"),
    ("U.S. President Donald Trump has pressed", "diplomacy"),
    ("Khalifa Haftar, who commands", "military"),
    ("Trump reportedly told", "diplomacy"),
    ("“Trump has asked Sisi", "diplomacy"),
    ("The Libyan Civil War is an ongoing conflict", "background"),
    ("In February, the Egyptian army hosted", "diplomacy"),
    ("The army announced that the two sides", "diplomacy"),
    ("A senior Libyan government source told Al Bawaba", "diplomacy"),
    ("The source said that Sarraj and Haftar", "diplomacy"),
    ("The invitation came days after", "diplomacy"),
    ("This website uses cookies", "boilerplate"),
]


def seed():
    metadata = next(r for r in read_catalog(ROOT / "corpus") if r["id"] == SEED_ID)
    return read_article(ROOT / "corpus", metadata)


def test_seed_in_the_corpus_is_the_shared_file_byte_for_byte():
    shared = needs_shared(SHARED / "seed" / f"{SEED_ID}.txt")
    assert (ROOT / "corpus" / "raw" / f"{SEED_ID}.txt").read_bytes() == shared.read_bytes()


def test_seed_blocks_and_labels_match_the_schema_table():
    article = seed()
    assert len(article.blocks) == len(GOLD)
    for block, label, (start, gold) in zip(article.blocks, article.labels, GOLD, strict=True):
        assert block.text.startswith(start)
        assert label == gold, f"block {block.position}"


def test_seed_captions_are_flagged_as_repeats_of_the_body():
    assert [n for n, d in enumerate(seed().duplicate_of) if d >= 0] == [3, 4, 7]
    assert seed().blocks[4].text.endswith("Image courtesy: Newsweek")


def test_seed_furniture_metadata():
    furniture = seed().furniture
    assert furniture["title"] == "Trump pressures commander Haftar over Libya"
    assert furniture["read_time"] == "Read 2 minutes"
    assert furniture["sources"] == ["Al Bawaba"]


def test_seed_is_marked_real_in_the_catalogue():
    assert seed().metadata["synthetic"] is False


def test_seed_rows_in_the_dataset_carry_the_gold_labels():
    rows = [
        r
        for path in (ROOT / "dataset" / "paragraphs").glob("*.parquet")
        for r in pq.read_table(path).to_pylist()
        if r["article_id"] == SEED_ID
    ]
    assert [LABELS[r["label"]] for r in sorted(rows, key=lambda r: r["block"])] == [g for _, g in GOLD]


def test_predict_labels_the_seed_with_scores(tmp_path):
    from newspara.model import load_model
    from newspara.predict import predict_file

    records = list(predict_file(load_model(ROOT / "models" / "baseline"), ROOT / "corpus" / "raw" / f"{SEED_ID}.txt"))
    assert len(records) == len(GOLD)
    assert all(set(r["scores"]) == set(LABELS) for r in records)
    json.dumps(records)
