"""Properties of reading, splitting and normalising, over arbitrary bytes and arbitrary text."""

import os

import ftfy
import ftfy.badness
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newspara.normalise import _FTFY, _repair_mojibake, normalise
from newspara.read import decode
from newspara.records import InputError
from newspara.segment import account, segment

SLOW = HealthCheck.too_slow
# The default profile draws fixed examples (derandomize), so CI is deterministic and quick;
# NEWSPARA_HYPOTHESIS=thorough draws many fresh ones, for a search before a release.
settings.register_profile("ci", max_examples=300, derandomize=True, deadline=None, suppress_health_check=[SLOW])
settings.register_profile("thorough", max_examples=5000, deadline=None, suppress_health_check=[SLOW])
PROPERTY = settings.get_profile(os.environ.get("NEWSPARA_HYPOTHESIS", "ci"))

# Unicode text with the characters most likely to trouble the splitter and the normaliser mixed in.
TRICKY = list("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\t \u00a0\u3000\u200b\u2060\ufeff\u00ad\u0301\u200d")
TRICKY += ["â€™", "Ã©", "é", "’", "\x00", "\x7f", "\x9d", "\U0001f600"]
TEXT = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(TRICKY)), max_size=40).map("".join)
# Any Python string, lone surrogates included (they cannot come out of a decoded file, but may be passed in).
ANY_STR = st.lists(st.one_of(TEXT, st.sampled_from(["\ud800", "\udcff"])), max_size=4).map("".join)


def check_blocks(text, blocks, data=None, encoding="utf-8", bom=0):
    assert [b.position for b in blocks] == list(range(len(blocks)))
    ends = [0]
    for block in blocks:
        span = text[block.char_start : block.char_end]
        assert ends[-1] <= block.char_start < block.char_end
        assert span == span.strip()
        assert normalise(span) == (block.text, block.changes)
        assert block.text
        if data is not None:
            assert data[block.byte_start : block.byte_end].decode(encoding) == span
        ends.append(block.char_end)
    block_chars, between = account(text, blocks)
    assert block_chars + between == len(text)
    assert block_chars == sum(b.char_end - b.char_start for b in blocks)


@PROPERTY
@given(ANY_STR)
def test_normalising_twice_changes_nothing(text):
    once, _ = normalise(text)
    assert normalise(once) == (once, ())


# The characters ftfy's mojibake test looks for (C1 controls among them), so that drawn
# text often looks like mojibake, and a terminal escape, which ftfy also removes.
MOJIBAKE = st.one_of(
    st.sampled_from(sorted(set(ftfy.badness.BADNESS_RE.pattern) - set("[]^-|#\\{}"))), st.just("\x1b[31m"), TEXT
)


@PROPERTY
@given(st.lists(MOJIBAKE, max_size=12).map("".join))
def test_the_mojibake_shortcut_repairs_what_ftfy_repairs(text):
    assert _repair_mojibake(text) == ftfy.fix_text(text, _FTFY)


@PROPERTY
@given(TEXT)
def test_blocks_of_any_text_keep_order_and_map_back_to_it(text):
    check_blocks(text, segment(text))


@PROPERTY
@given(st.binary(max_size=300) | ANY_STR.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_blocks_of_any_bytes_map_back_to_the_bytes(data):
    try:
        raw = decode(data, "x.txt")
    except InputError as err:
        assert str(err).startswith("x.txt: ")
        return
    check_blocks(raw.text, segment(raw.text, raw.encoding, raw.bom_bytes), data, raw.encoding, raw.bom_bytes)
