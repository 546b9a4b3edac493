import json

import pytest

from newspara.corpus import read_catalog
from newspara.records import InputError


def catalogue(tmp_path, records):
    (tmp_path / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return tmp_path


def record(article_id="abc-1", **changes):
    base = {
        "id": article_id,
        "outlet": "X",
        "url": "https://x.example/",
        "published": "2020-01-19",
        "language": "en",
        "conflict": "libya",
        "genre": "wire",
        "synthetic": True,
        "license": "CC-BY-4.0",
        "notes": "",
    }
    return base | changes


def test_catalogue_is_sorted_by_id(tmp_path):
    folder = catalogue(tmp_path, [record("zulu-1"), record("alpha-1")])
    assert [r["id"] for r in read_catalog(folder)] == ["alpha-1", "zulu-1"]


def test_repeated_id_names_both_lines(tmp_path):
    with pytest.raises(InputError, match=r"line 2: article id 'abc-1' is already used on line 1"):
        read_catalog(catalogue(tmp_path, [record(), record()]))


@pytest.mark.parametrize("bad_id", ["../x", "/etc/passwd", "a\x00b", "Upper", "ab"])
def test_unsafe_ids_are_refused(tmp_path, bad_id):
    with pytest.raises(InputError, match="is not allowed"):
        read_catalog(catalogue(tmp_path, [record(bad_id)]))


def test_malformed_date_is_named(tmp_path):
    with pytest.raises(InputError, match=r"line 1: 'published' is '2020-13-45', not an ISO date"):
        read_catalog(catalogue(tmp_path, [record(published="2020-13-45")]))


def test_unknown_date_may_be_null(tmp_path):
    assert read_catalog(catalogue(tmp_path, [record(published=None)]))[0]["published"] is None


def test_invalid_json_names_the_line(tmp_path):
    (tmp_path / "articles.jsonl").write_text(json.dumps(record()) + "\n{oops\n")
    with pytest.raises(InputError, match=r"articles.jsonl, line 2: invalid JSON"):
        read_catalog(tmp_path)
