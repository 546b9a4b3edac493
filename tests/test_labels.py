import json

import pytest

from newspara.labels import read_labels
from newspara.records import InputError
from newspara.segment import segment

BLOCKS = segment("Headline here\n\nTalks resumed in Geneva.\n\nShare this")
GOOD = [("diplomacy", "Headline here"), ("diplomacy", "Talks resumed in Geneva."), ("boilerplate", "Share this")]


def write(tmp_path, entries):
    path = tmp_path / "a.jsonl"
    path.write_text(
        "".join(json.dumps({"block": n, "label": lab, "text": t}) + "\n" for n, (lab, t) in enumerate(entries))
    )
    return path


def test_labels_are_read_in_block_order(tmp_path):
    assert read_labels(write(tmp_path, GOOD), BLOCKS) == ["diplomacy", "diplomacy", "boilerplate"]


def test_missing_block_is_named(tmp_path):
    with pytest.raises(InputError, match=r"block 2 \('Share this'\) has no label"):
        read_labels(write(tmp_path, GOOD[:2]), BLOCKS)


def test_extra_block_is_named(tmp_path):
    with pytest.raises(InputError, match=r"a.jsonl, line 4: block 3 is one more than the raw file has"):
        read_labels(write(tmp_path, [*GOOD, ("boilerplate", "Footer")]), BLOCKS)


def test_unknown_label_is_named(tmp_path):
    with pytest.raises(InputError, match=r"line 3: block 2 has unknown label 'furniture'"):
        read_labels(write(tmp_path, [*GOOD[:2], ("furniture", "Share this")]), BLOCKS)


def test_text_out_of_step_with_the_raw_file_is_caught(tmp_path):
    with pytest.raises(InputError, match=r"line 2: block 1 .* out of step with its raw file"):
        read_labels(write(tmp_path, [GOOD[0], ("diplomacy", "Talks collapsed in Geneva."), GOOD[2]]), BLOCKS)


def test_invalid_json_names_the_line(tmp_path):
    path = write(tmp_path, GOOD)
    path.write_text(path.read_text().replace('"Share this"}', '"Share this"'))
    with pytest.raises(InputError, match=r"a.jsonl, line 3: invalid JSON"):
        read_labels(path, BLOCKS)


def test_missing_label_file_is_named(tmp_path):
    with pytest.raises(InputError, match=r"nothing\.jsonl: no such file"):
        read_labels(tmp_path / "nothing.jsonl", BLOCKS)
