import errno
import json
import subprocess
import sys

from conftest import ROOT

SEED = ROOT / "corpus" / "raw" / "000_8f902487a387402c.txt"


def newspara(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "newspara.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_predict_writes_one_json_line_per_block():
    result = newspara("predict", str(SEED))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["block"] for r in records] == list(range(16))
    assert set(records[0]) == {"file", "block", "text", "label", "scores"}
    assert records[0]["file"] == SEED.name
    assert abs(sum(records[1]["scores"].values()) - 1) < 1e-3


def test_predict_writes_to_a_named_file(tmp_path):
    result = newspara("predict", str(SEED), "--out", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0 and result.stdout == ""
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 16


def test_missing_input_is_one_clear_message_without_traceback(tmp_path):
    result = newspara("predict", str(tmp_path / "nothing.txt"))
    assert result.returncode == 2
    assert "nothing.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_error_names_the_file_and_block(corpus, tmp_path):
    (corpus / "labels" / "alpha-wire.jsonl").write_text('{"block": 0, "label": "war", "text": "Skip to content"}\n')
    result = newspara("build", "--corpus", str(corpus), "--out", str(tmp_path / "ds"), "--strict")
    assert result.returncode == 2
    assert "alpha-wire.jsonl, line 1: block 0 has unknown label 'war'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "ds").exists()


def test_blocks_prints_a_label_file_skeleton():
    result = newspara("blocks", str(SEED))
    first = json.loads(result.stdout.splitlines()[0])
    assert first == {"block": 0, "label": None, "text": "Skip links"}


def test_predict_reads_html_warc_and_jsonl_in_one_run(tmp_path):
    from test_sources import HTML, write_warc

    (tmp_path / "page.html").write_bytes(HTML)
    write_warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "pages.jsonl").write_text(
        json.dumps({"id": "p1", "text": "Truce talks resume\nDelegations met in Geneva on Monday."}) + "\n"
        + json.dumps({"id": "p2", "text": "x" * 100_001}) + "\n"  # one line longer than a paragraph may be
        + '{"id": "p3", "text": "cut off' + "\n"  # a truncated record: reported, and the run goes on
        + json.dumps({"id": "p4", "text": "Talks end without a deal."}) + "\n"
    )  # fmt: skip
    files = [str(tmp_path / name) for name in ("page.html", "crawl.warc.gz", "pages.jsonl")]
    result = newspara("predict", *files, "--out", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    by_file = {}
    for record in records:
        by_file.setdefault(record["file"], []).append(record)
    assert [r["text"] for r in by_file["page.html"]] == ["Truce talks resume", "Delegations met in Geneva on Monday."]
    assert by_file["crawl.warc.gz"][0]["url"] == "https://news.example/a"
    assert {r["page"] for r in by_file["pages.jsonl"]} == {"p1", "p4"}
    assert all(r["label"] in r["scores"] for r in records)
    assert "pages.jsonl, line 2, line 1: 100,001 characters on one line" in result.stderr
    assert "pages.jsonl, line 3: invalid JSON" in result.stderr
    assert "6 page(s) read, 2 rejected" in result.stderr
    assert "1 non-HTML response(s)" in result.stderr and "1 request record(s)" in result.stderr


def test_predict_articles_writes_each_page_once_with_its_headline_and_body_without_furniture():
    result = newspara("predict", "--articles", str(SEED))
    assert result.returncode == 0, result.stderr
    [article] = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(article) == {"file", "headline", "body"}
    assert article["headline"] == "Trump pressures commander Haftar over Libya"
    body = article["body"].splitlines()
    assert body[0].startswith("U.S. President Donald Trump has pressed")
    assert not {"Skip links", "Read 2 minutes", article["headline"]} & set(body)
    assert not any("Image courtesy" in line for line in body)


def test_predict_articles_names_pages_of_a_jsonl_file_and_reports_the_bad_ones_in_two_workers(tmp_path):
    (tmp_path / "pages.jsonl").write_text(
        json.dumps({"id": "p1", "text": "Truce talks resume\nDelegations met in Geneva on Monday.", "url": "https://a.example/1"})
        + "\n" + '{"id": "p2", "text": "cut off' + "\n"
        + json.dumps({"id": "p3", "text": "Talks end without a deal."}) + "\n"
    )  # fmt: skip
    result = newspara("predict", "--articles", "--workers", "2", str(tmp_path / "pages.jsonl"))
    assert result.returncode == 0, result.stderr
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(a["page"], a.get("url")) for a in articles] == [("p1", "https://a.example/1"), ("p3", None)]
    assert all(set(a) >= {"file", "page", "headline", "body"} for a in articles)
    assert "pages.jsonl, line 2: invalid JSON" in result.stderr
    assert "3 page(s) read, 1 rejected" in result.stderr


def test_predict_out_dir_writes_an_output_per_input_and_exits_1_when_one_cannot_be_read(tmp_path):
    (tmp_path / "broken.warc").write_bytes(b"this is not an archive\r\n\r\n")
    files = [str(SEED), str(tmp_path / "broken.warc")]
    result = newspara("predict", "--articles", "--workers", "2", *files, "--out-dir", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "file failed, no output written: " in result.stderr and "broken.warc, record 1" in result.stderr
    assert "1 file(s) written, 0 file(s) already done, 1 file(s) failed; 1 page(s) read" in result.stderr
    [article] = [json.loads(line) for line in (tmp_path / "out" / f"{SEED.name}.jsonl").read_text().splitlines()]
    assert article["headline"] == "Trump pressures commander Haftar over Libya"


def test_an_error_of_the_machine_is_one_message_without_traceback(monkeypatch, capsys):
    from newspara import cli

    def disk_full(args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli, "_predict", disk_full)
    assert cli.main(["predict", str(SEED)]) == 2
    assert capsys.readouterr().err == "newspara predict: error: No space left on device\n"


def test_gzip_without_an_output_folder_is_refused_before_any_work(capsys):
    from newspara import cli

    assert cli.main(["predict", str(SEED), "--gzip"]) == 2
    assert "--gzip goes with --out-dir; for one output file, end its name in .gz" in capsys.readouterr().err
