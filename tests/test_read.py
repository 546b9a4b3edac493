import codecs

import pytest

from newspara.read import decode, read_raw
from newspara.records import InputError


def test_utf8_is_decoded_as_utf8():
    raw = decode("Tripoli’s port".encode())
    assert (raw.text, raw.encoding, raw.bom_bytes) == ("Tripoli’s port", "utf-8", 0)


def test_utf8_byte_order_mark_is_stripped_and_counted():
    raw = decode(codecs.BOM_UTF8 + b"Headline")
    assert (raw.text, raw.bom_bytes) == ("Headline", 3)


def test_utf16_with_byte_order_mark_is_decoded():
    raw = decode(codecs.BOM_UTF16_LE + "Talks in Geneva\r\n".encode("utf-16-le"))
    assert (raw.text, raw.encoding) == ("Talks in Geneva\r\n", "utf-16-le")


def test_windows_1252_is_detected():
    text = "The minister’s “plan” was rejected — again, said the café owner in Benghazi. " * 3
    raw = decode(text.encode("cp1252"))
    assert raw.text == text
    assert raw.encoding == "cp1252"


@pytest.mark.parametrize(("data", "message"), [(b"", "empty"), (b" \n\t\r\n", "white space only")])
def test_empty_files_are_refused(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, "x.txt")


def test_binary_file_is_refused_with_its_name():
    with pytest.raises(InputError, match=r"img\.txt: contains a NUL byte"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img.txt")


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 101)
    with pytest.raises(InputError, match="100-byte limit"):
        read_raw(path, max_bytes=100)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_raw(tmp_path / "nope.txt")
