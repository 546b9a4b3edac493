import json

import datasets
import pyarrow.parquet as pq
import pytest

from conftest import ARTICLES, write_corpus
from newspara.build import build
from newspara.records import LABELS, InputError


def parquet_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.parquet"))}


def test_built_folder_loads_with_datasets_offline(corpus, tmp_path):
    build(corpus, tmp_path / "ds", progress=False)
    paragraphs = datasets.load_dataset(str(tmp_path / "ds"))
    articles = datasets.load_dataset(str(tmp_path / "ds"), "articles")
    assert sum(len(split) for split in paragraphs.values()) == sum(len(v) for v in ARTICLES.values())
    assert sum(len(split) for split in articles.values()) == len(ARTICLES)
    some_split = next(iter(paragraphs.values()))
    assert some_split.features["label"].names == list(LABELS)


def test_rows_keep_block_order_and_labels(corpus, tmp_path):
    build(corpus, tmp_path / "ds", progress=False)
    rows = [r for f in (tmp_path / "ds" / "paragraphs").glob("*.parquet") for r in pq.read_table(f).to_pylist()]
    alpha = sorted((r for r in rows if r["article_id"] == "alpha-wire"), key=lambda r: r["block"])
    assert [(r["text"], LABELS[r["label"]]) for r in alpha] == ARTICLES["alpha-wire"]


def test_articles_rows_carry_furniture_metadata_and_body(corpus, tmp_path):
    build(corpus, tmp_path / "ds", progress=False)
    rows = [r for f in (tmp_path / "ds" / "articles").glob("*.parquet") for r in pq.read_table(f).to_pylist()]
    alpha = next(r for r in rows if r["article_id"] == "alpha-wire")
    assert alpha["title"] == "Envoys meet in Geneva to revive stalled truce talks"
    assert alpha["byline"] == "By Jane Placeholder | 3 March 2020"
    assert "Share this article" not in alpha["body"]
    assert (alpha["n_diplomacy"], alpha["n_boilerplate"]) == (2, 3)


def test_duplicate_caption_is_flagged(corpus, tmp_path):
    build(corpus, tmp_path / "ds", progress=False)
    rows = [r for f in (tmp_path / "ds" / "paragraphs").glob("*.parquet") for r in pq.read_table(f).to_pylist()]
    delta = {r["block"]: r for r in rows if r["article_id"] == "delta-news"}
    assert (delta[1]["is_duplicate"], delta[2]["duplicate_of"], delta[3]["is_duplicate"]) == (True, 1, False)


def test_rebuild_is_byte_identical(corpus, tmp_path):
    build(corpus, tmp_path / "one", progress=False)
    build(corpus, tmp_path / "two", progress=False)
    assert parquet_files(tmp_path / "one") == parquet_files(tmp_path / "two")
    assert (tmp_path / "one" / "SHA256SUMS").read_bytes() == (tmp_path / "two" / "SHA256SUMS").read_bytes()


def test_worker_processes_give_identical_output(corpus, tmp_path):
    build(corpus, tmp_path / "one", progress=False)
    build(corpus, tmp_path / "two", workers=2, progress=False)
    assert parquet_files(tmp_path / "one") == parquet_files(tmp_path / "two")


def test_wrong_split_size_in_the_card_fails_to_load(corpus, tmp_path):
    build(corpus, tmp_path / "ds", progress=False)
    readme = tmp_path / "ds" / "README.md"
    card = readme.read_text()
    readme.write_text(card.replace("num_examples: ", "num_examples: 1", 1))
    with pytest.raises(datasets.exceptions.NonMatchingSplitsSizesError):
        datasets.load_dataset(str(tmp_path / "ds"))


def test_bad_article_is_rejected_with_its_reason(corpus, tmp_path):
    (corpus / "labels" / "bravo-report.jsonl").write_text("")
    report = build(corpus, tmp_path / "ds", progress=False)
    assert report.accounting() == "files seen 6 = articles built 5 + files rejected 1"
    (reject,) = [json.loads(line) for line in (tmp_path / "ds" / "rejects.jsonl").read_text().splitlines()]
    assert reject["article_id"] == "bravo-report"
    assert "block 0" in reject["reason"] and "no label" in reject["reason"]


def test_strict_build_stops_and_leaves_the_previous_output(corpus, tmp_path):
    build(corpus, tmp_path / "ds", progress=False)
    before = parquet_files(tmp_path / "ds")
    (corpus / "labels" / "bravo-report.jsonl").write_text('{"block": 0, "label": "war", "text": "x"}\n')
    with pytest.raises(InputError, match=r"bravo-report\.jsonl, line 1"):
        build(corpus, tmp_path / "ds", strict=True, progress=False)
    assert parquet_files(tmp_path / "ds") == before
    assert not list(tmp_path.glob(".ds.tmp-*"))


def test_crlf_files_give_the_same_blocks(tmp_path):
    plain = build(write_corpus(tmp_path / "a"), tmp_path / "da", progress=False)
    crlf = build(write_corpus(tmp_path / "b", crlf=frozenset(ARTICLES)), tmp_path / "db", progress=False)
    assert plain.splits == crlf.splits


def test_checksums_cover_every_file(corpus, tmp_path):
    build(corpus, tmp_path / "ds", progress=False)
    listed = {line.split("  ", 1)[1] for line in (tmp_path / "ds" / "SHA256SUMS").read_text().splitlines()}
    present = {p.relative_to(tmp_path / "ds").as_posix() for p in (tmp_path / "ds").rglob("*") if p.is_file()}
    assert listed == present - {"SHA256SUMS"}


def test_an_html_page_in_the_corpus_is_built_like_a_text_page(corpus, tmp_path):
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><h1>Envoys meet in Geneva</h1>"
        "<p>Negotiators sat down in Geneva on Tuesday for a new round of talks.</p>"
        "<footer>© 2020 Alpha Wire</footer></body></html>"
    )
    (corpus / "raw" / "alpha-wire.txt").unlink()
    (corpus / "raw" / "alpha-wire.html").write_text(html, encoding="utf-8")
    labels = [
        ("Home", "boilerplate"),
        ("Envoys meet in Geneva", "diplomacy"),
        ("Negotiators sat down in Geneva on Tuesday for a new round of talks.", "diplomacy"),
        ("© 2020 Alpha Wire", "boilerplate"),
    ]
    (corpus / "labels" / "alpha-wire.jsonl").write_text(
        "".join(json.dumps({"block": n, "label": lab, "text": text}) + "\n" for n, (text, lab) in enumerate(labels))
    )
    build(corpus, tmp_path / "ds", strict=True, progress=False)
    rows = [r for f in (tmp_path / "ds" / "paragraphs").glob("*.parquet") for r in pq.read_table(f).to_pylist()]
    rows = sorted((r for r in rows if r["article_id"] == "alpha-wire"), key=lambda r: r["block"])
    assert [(r["text"], LABELS[r["label"]]) for r in rows] == labels
    # Spans of an HTML page's blocks refer to its extracted text (the blocks joined by newlines).
    assert [r["char_start"] for r in rows] == [0, 5, 27, 95]
