from newspara.normalise import normalise


def test_plain_ascii_is_unchanged():
    assert normalise("Talks resumed in Geneva.") == ("Talks resumed in Geneva.", ())


def test_non_breaking_spaces_become_spaces():
    assert normalise("told\u00a0Al Bawaba") == ("told Al Bawaba", ("spaces",))


def test_mojibake_is_repaired():
    text, changes = normalise("Libyaâ€™s east")
    assert text == "Libya’s east"
    assert "mojibake" in changes


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
