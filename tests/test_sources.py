import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newspara.records import InputError
from newspara.sources import SourceCounts, input_kind, page_blocks, read_pages

HTML = b"<html><body><h1>Truce talks resume</h1><p>Delegations met in Geneva on Monday.</p></body></html>"


def write_warc(path, gzipped=True):
    """A small archive: a request, an HTML response, an image response and a metadata record."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        request = writer.create_warc_record(
            "https://news.example/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")
        )
        writer.write_record(request)
        for uri, content_type, body in (
            ("https://news.example/a", "text/html; charset=utf-8", HTML),
            ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n"),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            )
        writer.write_record(writer.create_warc_record("https://news.example/a", "metadata", payload=io.BytesIO(b"x")))


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_pages_and_other_records_are_counted(tmp_path, name):
    write_warc(tmp_path / name, gzipped=name.endswith(".gz"))
    counts = SourceCounts()
    pages = list(read_pages(tmp_path / name, counts))
    assert len(pages) == 1
    assert pages[0].kind == "html" and pages[0].metadata["url"] == "https://news.example/a"
    assert pages[0].metadata["date"] and pages[0].id.startswith("urn:uuid:")
    assert counts.pages == 1
    assert counts.skipped == {"request record": 1, "non-HTML response": 1, "metadata record": 1}
    assert [b.text for b in page_blocks(pages[0])[0]] == ["Truce talks resume", "Delegations met in Geneva on Monday."]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_an_html_record_cut_short_by_the_end_of_the_archive_is_reported_not_labelled(tmp_path, name):
    write_warc(tmp_path / name, gzipped=name.endswith(".gz"))
    whole = (tmp_path / name).read_bytes()
    cut = whole.index(b"</p></body>") if name == "crawl.warc" else len(whole) // 2
    (tmp_path / name).write_bytes(whole[:cut])
    [page] = list(read_pages(tmp_path / name))
    with pytest.raises(InputError, match=rf"{name}, record 2: the archive ends [\d,]+ byte\(s\) before .* truncated"):
        page_blocks(page)


def test_an_archive_that_ends_inside_a_skipped_record_is_counted(tmp_path):
    write_warc(tmp_path / "crawl.warc", gzipped=False)
    whole = (tmp_path / "crawl.warc").read_bytes()
    (tmp_path / "crawl.warc").write_bytes(whole[: len(whole) - 5])  # into the last record's one-byte payload
    counts = SourceCounts()
    assert len(list(read_pages(tmp_path / "crawl.warc", counts))) == 1
    assert counts.skipped["record cut short by the end of the file (a truncated archive)"] == 1


def test_a_file_that_is_not_a_warc_is_named(tmp_path):
    (tmp_path / "bad.warc").write_bytes(b"this is not an archive\r\n\r\n")
    with pytest.raises(InputError, match=r"bad\.warc, record 1: not a readable WARC archive"):
        list(read_pages(tmp_path / "bad.warc"))


def test_jsonl_records_with_text_or_html_become_pages(tmp_path):
    path = tmp_path / "pages.jsonl"
    lines = [
        {"id": "a", "text": "Headline\nFirst paragraph.", "url": "https://x.example/a"},
        {"id": 7, "html": "<p>One</p><p>Two</p>"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n\n")
    pages = list(read_pages(path))
    assert [(p.id, p.kind) for p in pages] == [("a", "text"), ("7", "html")]
    assert pages[0].metadata == {"url": "https://x.example/a"}
    assert [b.text for b in page_blocks(pages[0])[0]] == ["Headline", "First paragraph."]
    assert [b.text for b in page_blocks(pages[1])[0]] == ["One", "Two"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "a", "text": "x"', "invalid JSON"),
        ('["a", "b"]', "expected a JSON object"),
        ('{"id": "a"}', "exactly one of 'text' or 'html'"),
        ('{"id": "a", "text": "x", "html": "<p>x</p>"}', "exactly one of 'text' or 'html'"),
        ('{"text": "x"}', "needs an 'id'"),
    ],
)
def test_a_bad_jsonl_line_is_named_with_file_and_line_and_the_next_is_read(tmp_path, line, message):
    path = tmp_path / "pages.jsonl"
    path.write_text('{"id": "ok", "text": "fine"}\n' + line + '\n{"id": "next", "text": "also fine"}\n')
    ok, bad, after = read_pages(path)
    assert (ok.error, after.id, after.error) == (None, "next", None)
    with pytest.raises(InputError, match=rf"pages\.jsonl, line 2: .*{message}"):
        page_blocks(bad)


def test_a_jsonl_line_that_is_not_utf8_is_named_with_its_byte_and_the_next_is_read(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n{"id": "next", "text": "fine"}\n')
    bad, after = read_pages(path)
    assert (after.id, after.error) == ("next", None)
    with pytest.raises(InputError, match=r"pages\.jsonl, line 1: byte 25 of the line is not UTF-8"):
        page_blocks(bad)


def test_an_overlong_jsonl_line_is_reported_without_being_held_and_the_next_is_read(tmp_path):
    path = tmp_path / "pages.jsonl"
    first = json.dumps({"id": "big", "text": "x" * 5000}) + "\n"
    path.write_text(first + json.dumps({"id": "small", "text": "ok"}))
    big, small = read_pages(path, max_bytes=1000)
    assert small.id == "small" and small.error is None
    with pytest.raises(InputError, match=rf"pages\.jsonl, line 1: a line of {len(first):,} bytes is more than"):
        page_blocks(big)


def test_gzipped_jsonl_records_become_pages_as_plain_ones_do(tmp_path):
    lines = "".join(json.dumps({"id": n, "text": f"Paragraph {n}."}) + "\n" for n in range(3))
    (tmp_path / "pages.jsonl").write_text(lines)
    (tmp_path / "pages.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    plain, packed = list(read_pages(tmp_path / "pages.jsonl")), list(read_pages(tmp_path / "pages.jsonl.gz"))
    assert [(p.id, p.data, p.error) for p in packed] == [(p.id, p.data, p.error) for p in plain]


def test_a_cut_short_gzipped_jsonl_keeps_its_whole_lines_and_reports_the_rest(tmp_path):
    lines = "".join(json.dumps({"id": n, "text": "A paragraph. " * 50}) + "\n" for n in range(40))
    packed = gzip.compress(lines.encode())
    (tmp_path / "pages.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    counts = SourceCounts()
    *whole, rest = read_pages(tmp_path / "pages.jsonl.gz", counts)
    assert whole and all(page.error is None for page in whole) and len(whole) < 40
    assert [page.id for page in whole] == [str(n) for n in range(len(whole))]
    assert counts.pages == len(whole) + 1
    with pytest.raises(InputError, match=rf"pages\.jsonl\.gz, line {len(whole) + 1}: the gzip stream .* truncated"):
        page_blocks(rest)


def test_a_jsonl_gz_that_is_not_gzip_is_reported_as_its_first_line(tmp_path):
    (tmp_path / "pages.jsonl.gz").write_text('{"id": "a", "text": "not compressed"}\n')
    (page,) = read_pages(tmp_path / "pages.jsonl.gz")
    with pytest.raises(InputError, match=r"pages\.jsonl\.gz, line 1: the gzip stream cannot be read"):
        page_blocks(page)


def test_gzipped_html_page_is_read(tmp_path):
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(HTML))
    page = next(read_pages(tmp_path / "page.html.gz"))
    assert page.kind == "html" and page.id == "page.html.gz"
    assert len(page_blocks(page)[0]) == 2


def test_gzip_that_unpacks_past_the_limit_is_refused(tmp_path):
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"a" * 5000))
    with pytest.raises(InputError, match="unpacks to more than"):
        list(read_pages(tmp_path / "bomb.html.gz", max_bytes=1000))


def test_unknown_kind_of_file_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"page\.pdf: unknown kind of input"):
        input_kind(tmp_path / "page.pdf")


def test_warc_page_is_decoded_with_the_charset_of_its_http_header(tmp_path):
    body = "<html><body><p>Café crème</p></body></html>".encode("cp1252")
    with (tmp_path / "latin.warc").open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        content_type = ("Content-Type", "text/html; charset=windows-1252")
        headers = StatusAndHeaders("200 OK", [content_type], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record("https://x.example/", "response", payload=io.BytesIO(body), http_headers=headers)
        )
    page = next(read_pages(tmp_path / "latin.warc"))
    blocks, info = page_blocks(page)
    assert info["encoding"] == "windows-1252" and [b.text for b in blocks] == ["Café crème"]
