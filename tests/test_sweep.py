from conftest import ARTICLES
from newspara.sweep import corpus_table, suspicious_blocks


def test_corpus_table_has_one_row_per_block_with_label_names(corpus):
    table = corpus_table(corpus)
    assert len(table) == sum(len(blocks) for blocks in ARTICLES.values())
    assert set(table["label"]) == {"diplomacy", "military", "background", "boilerplate"}


def test_suspicious_blocks_are_the_least_likely_labels_first(corpus):
    candidates = suspicious_blocks(corpus_table(corpus), count=5)
    assert len(candidates) == 5
    assert candidates["p_label"].is_monotonic_increasing
