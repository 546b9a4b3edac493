from newspara.furniture import duplicates, extract_metadata, furniture_cues, sources
from newspara.segment import segment


def blocks(*lines):
    return segment("\n".join(lines))


def test_title_is_the_first_short_line_that_is_not_furniture():
    meta = extract_metadata(blocks("Skip links", "Envoys meet in Geneva", "Read 2 minutes"))
    assert meta["title"] == "Envoys meet in Geneva"


def test_read_time_byline_and_date_lines_are_found():
    meta = extract_metadata(blocks("Headline here today", "By Jane Doe", "Published 3 April 2019", "5 min read"))
    assert (meta["byline"], meta["date_line"], meta["read_time"]) == (
        "By Jane Doe",
        "Published 3 April 2019",
        "5 min read",
    )


def test_image_credits_are_collected_once():
    meta = extract_metadata(blocks("Caption text. Image courtesy: Newsweek", "Caption text. Image courtesy: Newsweek"))
    assert meta["image_credits"] == ["Caption text. Image courtesy: Newsweek"]


def test_sources_are_the_outlets_news_is_attributed_to():
    found = sources(
        blocks(
            "The president pressed the commander, according to Al Bawaba.",
            "A senior government source told Al Bawaba last month that talks were planned.",
            "TRIPOLI, April 5 (Brightwater) - Fighting resumed.",
            "Trump reportedly told Egyptian President Sisi to help.",
        )
    )
    assert found == ["Al Bawaba", "Brightwater"]


def test_caption_that_repeats_a_body_sentence_is_a_duplicate():
    body = "Trump reportedly told the Egyptian president to pressure the commander and the rival parliament."
    result = duplicates(blocks(f"{body} Image courtesy: Newsweek", f"{body} Image courtesy: Newsweek", "Other.", body))
    assert result == [1, 0, -1, 0]


def test_short_lines_that_only_share_a_beginning_are_not_duplicates():
    assert duplicates(blocks("Share", "Share this article on social media now")) == [-1, -1]


def test_short_lines_repeated_exactly_are_duplicates():
    assert duplicates(blocks("Advertisement", "Body text.", "Advertisement")) == [2, -1, 0]


def test_furniture_cues_name_the_patterns():
    assert furniture_cues("This website uses cookies to improve your experience.") == ["cookie"]
    assert "read_time" in furniture_cues("Read 2 minutes")
    assert furniture_cues("Negotiators met in Geneva on Tuesday.") == []
