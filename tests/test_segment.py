import pytest

from newspara.records import InputError
from newspara.segment import segment


def test_each_non_empty_line_is_one_block_in_order():
    blocks = segment("Headline\n\nFirst paragraph.\nSecond paragraph.\n   \n")
    assert [b.text for b in blocks] == ["Headline", "First paragraph.", "Second paragraph."]
    assert [b.position for b in blocks] == [0, 1, 2]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_all_split_blocks(newline):
    assert [b.text for b in segment(f"a{newline}b{newline}{newline}c")] == ["a", "b", "c"]


def test_mixed_line_endings_split_blocks():
    assert [b.text for b in segment("a\r\nb\rc\nd")] == ["a", "b", "c", "d"]


def test_line_of_only_invisible_characters_is_not_a_block():
    assert [b.text for b in segment("a\n\u200b\u00a0\nb")] == ["a", "b"]


def test_character_offsets_point_at_the_raw_line():
    text = "  Skip links \r\n\r\n\u00a0Trump\u00a0pressures Haftar\r\n"
    for block in segment(text):
        assert text[block.char_start : block.char_end].strip() == text[block.char_start : block.char_end]
    assert [text[b.char_start : b.char_end] for b in segment(text)] == ["Skip links", "Trump\u00a0pressures Haftar"]


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b""), ("utf-16-le", b"\xff\xfe"), ("cp1252", b"")])
def test_byte_offsets_point_at_the_raw_bytes(encoding, bom):
    text = "Caf\u00e9 talks\n\n“Truce” holds – for now\n"
    data = bom + text.encode(encoding)
    for block in segment(text, encoding, len(bom)):
        assert data[block.byte_start : block.byte_end].decode(encoding) == text[block.char_start : block.char_end]


def test_block_records_the_normalisation_it_needed():
    (block,) = segment("told\u00a0Al Bawaba")
    assert (block.text, block.changes) == ("told Al Bawaba", ("spaces",))


def test_overlong_line_is_refused_with_its_line_number():
    with pytest.raises(InputError, match=r"page.txt, line 2: 100,001 characters"):
        segment("ok\n" + "x" * 100_001, name="page.txt")


def test_text_that_cannot_be_encoded_is_refused_with_its_line():
    with pytest.raises(InputError, match=r"x.txt, line 2: surrogates not allowed"):
        segment("ok\nbad \ud800 text", name="x.txt")
