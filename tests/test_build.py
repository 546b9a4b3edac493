import json

import datasets
import pyarrow.parquet as pq
import pytest

from conftest import ARTICLES, write_corpus
from newspara import build as build_module
from newspara.build import build
from newspara.cli import main
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
    assert report.accounting().startswith("files seen 6 = articles built 5 + files rejected 1; ")
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


def test_accounting_counts_every_character_of_the_built_files(corpus, tmp_path):
    (corpus / "labels" / "bravo-report.jsonl").write_text("")
    report = build(corpus, tmp_path / "ds", progress=False)
    built = [blocks for article_id, blocks in ARTICLES.items() if article_id != "bravo-report"]
    block_chars = sum(len(text) for blocks in built for text, _ in blocks)
    raw_chars = sum(len((corpus / "raw" / f"{a}.txt").read_text()) for a in ARTICLES if a != "bravo-report")
    assert (report.characters.raw, report.characters.blocks) == (raw_chars, block_chars)
    assert report.accounting().endswith(
        f"raw characters {raw_chars:,} = block characters {block_chars:,} + between blocks {raw_chars - block_chars:,}"
    )


def test_a_file_no_catalogue_record_names_is_reported(corpus, tmp_path):
    (corpus / "raw" / "uncatalogued.txt").write_text("An article nobody catalogued\n")
    report = build(corpus, tmp_path / "ds", progress=False)
    assert report.accounting().startswith("files seen 7 = articles built 6 + files rejected 1; ")
    (reject,) = report.rejects
    assert reject["article_id"] is None and "uncatalogued.txt: no article of" in reject["reason"]


def test_strict_build_gives_every_reason(corpus, tmp_path):
    (corpus / "labels" / "bravo-report.jsonl").write_text("")
    (corpus / "raw" / "echo-times.txt").write_text("")
    with pytest.raises(
        InputError, match=r"(?s)2 of 6 files rejected.*bravo-report.*echo-times\.txt: the file is empty"
    ):
        build(corpus, tmp_path / "ds", strict=True, progress=False)
    assert not (tmp_path / "ds").exists()


def test_rejects_report_goes_where_it_is_named(corpus, tmp_path):
    (corpus / "raw" / "echo-times.txt").write_text("")
    build(corpus, tmp_path / "ds", progress=False, rejects=tmp_path / "rejects.jsonl")
    (reject,) = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert reject["article_id"] == "echo-times"
    assert not (tmp_path / "ds" / "rejects.jsonl").exists()


def test_output_folder_inside_the_corpus_is_refused(corpus):
    with pytest.raises(InputError, match="overlaps the corpus folder"):
        build(corpus, corpus / "raw", progress=False)
    with pytest.raises(InputError, match="overlaps the corpus folder"):
        build(corpus, corpus.parent / "ds", progress=False, rejects=corpus / "articles.jsonl")


def test_unexpected_failure_on_one_article_is_a_reject_not_a_lost_build(corpus, tmp_path, monkeypatch):
    real = build_module.extract_metadata

    def fail_on_echo(blocks):
        if blocks[0].text == ARTICLES["echo-times"][0][0]:
            raise ValueError("boom")
        return real(blocks)

    monkeypatch.setattr(build_module, "extract_metadata", fail_on_echo)
    report = build(corpus, tmp_path / "ds", progress=False)
    (reject,) = report.rejects
    assert reject["article_id"] == "echo-times"
    assert "echo-times.txt: newspara failed on this article (ValueError: boom); this is a bug" in reject["reason"]


def test_folder_newspara_did_not_write_is_not_replaced(corpus, tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "thesis.tex").write_text("precious")
    with pytest.raises(InputError, match="has no SHA256SUMS, so it is not a folder newspara wrote"):
        build(corpus, tmp_path / "notes", progress=False)
    assert (tmp_path / "notes" / "thesis.tex").read_text() == "precious"


def test_strict_build_still_writes_a_rejects_report_named_outside(corpus, tmp_path):
    (corpus / "raw" / "echo-times.txt").write_text("")
    with pytest.raises(InputError, match="1 of 6 files rejected"):
        build(corpus, tmp_path / "ds", strict=True, progress=False, rejects=tmp_path / "rejects.jsonl")
    assert json.loads((tmp_path / "rejects.jsonl").read_text())["article_id"] == "echo-times"


def test_command_line_ends_with_the_accounting_line(corpus, tmp_path, capsys):
    assert main(["build", "--corpus", str(corpus), "--out", str(tmp_path / "ds")]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert "files seen 6 = articles built 6 + files rejected 0; raw characters " in last


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
