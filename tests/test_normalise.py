import ftfy
import pytest

from newspara.normalise import _FTFY, _repair_mojibake, normalise

ARTICLE_LINE = "Libya’s envoy — café talks in Misrata"


def test_plain_ascii_is_unchanged():
    assert normalise("Talks resumed in Geneva.") == ("Talks resumed in Geneva.", ())


def test_non_breaking_spaces_become_spaces():
    assert normalise("told\u00a0Al Bawaba") == ("told Al Bawaba", ("spaces",))


def test_mojibake_is_repaired():
    text, changes = normalise("Libyaâ€™s east")
    assert text == "Libya’s east"
    assert "mojibake" in changes


@pytest.mark.parametrize("codepage", ["latin-1", "cp1252", "cp1251", "cp1253", "iso-8859-2", "mac_roman"])
def test_utf8_read_in_a_legacy_codepage_is_repaired(codepage):
    garbled = ARTICLE_LINE.encode("utf-8").decode(codepage)
    assert normalise(garbled) == (ARTICLE_LINE, ("mojibake",))


def test_c1_control_quotes_become_the_quotes_they_stood_for():
    assert normalise("\x93Talks\x94 resumed") == ("“Talks” resumed", ("mojibake",))


@pytest.mark.parametrize("text", [",ę“ž", "!жč®¹", "wπď‘ş"])
def test_the_mojibake_shortcut_reads_letters_as_python_does(text):
    # ftfy's pattern ends some sequences with \w, which in Python matches any letter; RE2's only ASCII ones.
    assert _repair_mojibake(text) == ftfy.fix_text(text, _FTFY) != text


@pytest.mark.parametrize("line", ["\x1b[31mTripoli\x1b[0m talks", "\x1b[31mTripoli\x1b[0m talks in Misrata’s port"])
def test_terminal_escapes_are_removed_whole_from_any_line(line):
    text, changes = normalise(line)
    assert text.startswith("Tripoli talks")
    assert changes == ("mojibake",)


def test_decomposed_accents_are_composed():
    text, changes = normalise("Cafe\u0301 owner")
    assert text == "Café owner"
    assert "unicode-nfc" in changes


def test_zero_width_characters_are_removed():
    assert normalise("Sir\u200bte") == ("Sirte", ("invisible",))


def test_runs_of_spaces_and_tabs_fold():
    assert normalise("a \t  b") == ("a b", ("spaces",))


def test_curly_quotes_are_kept():
    assert normalise("“a joint committee”")[0] == "“a joint committee”"


def test_normalising_twice_changes_nothing():
    for line in ["Libyaâ€™s\u00a0east", "Cafe\u0301  x", "plain"]:
        once, _ = normalise(line)
        assert normalise(once) == (once, ())
