import pytest

from newspara.extraction import (
    article_body,
    bootstrap_intervals,
    extraction_scores,
    headline_positions,
    page_counts,
    shingles,
)


def test_shingles_are_overlapping_four_token_windows_with_multiplicity():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("x y z w x y z w")[("x", "y", "z", "w")] == 2
    assert shingles("Hi, there!") == {("Hi", "there"): 1}  # fewer than 4 tokens: one shingle
    assert shingles("") == {}


def test_page_counts_by_hand():
    # truth: 6 tokens, 3 shingles; prediction: the last 5 tokens and 2 more, 4 shingles.
    # shared: "b c d e", "c d e f" -> tp 2; fp: "d e f g", "e f g h" -> 2; fn: "a b c d" -> 1.
    tp, fp, fn = page_counts("a b c d e f", "b c d e f g h")
    assert (tp, fp, fn) == pytest.approx((2 / 5, 2 / 5, 1 / 5))


def test_scores_average_over_pages_and_skip_empty_sides():
    counts = [
        (0.5, 0.5, 0.0),  # precision 0.5, recall 1
        (1.0, 0.0, 0.0),  # precision 1, recall 1
        (0.0, 0.0, 1.0),  # nothing predicted: left out of precision; recall 0
    ]
    result = extraction_scores(counts)
    assert result["precision"] == pytest.approx(0.75)
    assert result["recall"] == pytest.approx(2 / 3)
    assert result["f1"] == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))


def test_page_with_both_sides_empty_counts_in_neither_mean():
    assert page_counts("", "") == (0.0, 0.0, 0.0)
    assert extraction_scores([(0.0, 0.0, 0.0), (1.0, 0.0, 0.0)]) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    counts = [(0.9, 0.1, 0.0), (0.5, 0.2, 0.3), (0.7, 0.0, 0.3), (0.2, 0.8, 0.0)]
    first, again = bootstrap_intervals(counts, 200, seed=1), bootstrap_intervals(counts, 200, seed=1)
    assert first == again
    low, high = first["f1"]
    assert low <= extraction_scores(counts)["f1"] <= high


def test_body_is_the_content_blocks_less_the_headline():
    texts = ["Menu", "Truce talks resume", "Delegations met on Monday.", "They will meet again.", "© 2020"]
    labels = ["boilerplate", "diplomacy", "diplomacy", "diplomacy", "boilerplate"]
    headline = headline_positions(texts, labels)
    assert headline == {1}
    assert article_body(texts, labels, headline) == "Delegations met on Monday.\nThey will meet again."


def test_headline_from_the_page_title_and_none_when_the_body_starts_at_once():
    texts = ["Sign in", "Delegations met on Monday.", "Truce talks resume", "More text here."]
    labels = ["boilerplate", "diplomacy", "diplomacy", "diplomacy"]
    assert headline_positions(texts, labels, title="Truce talks resume | The Example Times") == {2}
    assert headline_positions(texts, labels) == set()


def test_title_line_and_the_headline_it_repeats_both_leave_the_body():
    texts = ["Truce talks resume - Example Times", "Menu", "Truce talks resume", "Delegations met on Monday."]
    labels = ["diplomacy", "boilerplate", "diplomacy", "diplomacy"]
    assert headline_positions(texts, labels, title=texts[0]) == {0, 2}
