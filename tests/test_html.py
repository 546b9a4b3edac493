from newspara.html import decode_html, html_blocks

PAGE = """<!DOCTYPE html>
<html><head><title>Envoy visits Tripoli | The Example Times</title>
<style>p { color: red }</style><script>document.write("never shown")</script></head>
<body>
<!-- a comment that is not text -->
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<header><h1>Envoy visits Tripoli</h1></header>
<article>
<p>The envoy met the prime minister in Tripoli on Monday, officials said.</p>
<figure><img src="x.jpg"><figcaption>The envoy arrives. Photo: Staff</figcaption></figure>
<p>Talks will go on next week, <a href="/more">according to a statement</a>.</p>
<div hidden>hidden text</div><div style="display: none">more hidden text</div>
<noscript>enable scripts</noscript><template><p>a template</p></template>
</article>
<aside><h2>Most read</h2><a href="/a">Another story entirely</a></aside>
<footer><p>© 2020 The Example Times</p></footer>
</body></html>"""


def blocks_of(html: str):
    return html_blocks(html)[0]


def test_visible_text_blocks_in_document_order():
    texts = [b.text for b in blocks_of(PAGE)]
    assert texts == [
        "Home",
        "World",
        "Envoy visits Tripoli",
        "The envoy met the prime minister in Tripoli on Monday, officials said.",
        "The envoy arrives. Photo: Staff",
        "Talks will go on next week, according to a statement.",
        "Most read",
        "Another story entirely",
        "© 2020 The Example Times",
    ]


def test_scripts_styles_comments_templates_and_hidden_elements_are_dropped():
    text = " ".join(b.text for b in blocks_of(PAGE))
    for gone in ("never shown", "color", "comment", "hidden", "enable scripts", "template"):
        assert gone not in text


def test_blocks_carry_their_place_in_the_page():
    blocks = {b.text: b.markup for b in blocks_of(PAGE)}
    assert "nav" in blocks["Home"].regions and "list" in blocks["Home"].regions
    assert blocks["Home"].link_density == 1.0
    assert blocks["Envoy visits Tripoli"].heading == 1 and "header" in blocks["Envoy visits Tripoli"].regions
    assert "figure" in blocks["The envoy arrives. Photo: Staff"].regions
    assert blocks["Most read"].heading == 2 and "aside" in blocks["Most read"].regions
    assert "footer" in blocks["© 2020 The Example Times"].regions
    body = blocks["Talks will go on next week, according to a statement."]
    assert body.tag == "p" and body.path.endswith("article/p") and 0.3 < body.link_density < 0.5
    assert "article" in body.regions


def test_page_title_comes_from_the_head():
    assert html_blocks(PAGE)[1]["title"] == "Envoy visits Tripoli | The Example Times"


def test_spans_point_into_the_extracted_text():
    blocks = blocks_of(PAGE)
    extracted = "\n".join(b.text for b in blocks)
    assert all(extracted[b.char_start : b.char_end] == b.text for b in blocks)


def test_broken_markup_is_read_like_a_browser_would():
    blocks = blocks_of("<body><p>First paragraph <b>bold<p>Second paragraph</i><li>item</body>")
    assert [b.text for b in blocks] == ["First paragraph bold", "Second paragraph", "item"]


def test_line_breaks_split_blocks_and_inline_elements_do_not():
    blocks = blocks_of("<body><p>One <em>line</em><br>Two lines</p></body>")
    assert [b.text for b in blocks] == ["One line", "Two lines"]


def test_deeply_nested_page_does_not_overflow():
    html = "<body>" + "<div>" * 5000 + "deep text" + "</div>" * 5000 + "</body>"
    assert [b.text for b in blocks_of(html)] == ["deep text"]


def test_declared_charset_is_used():
    data = '<html><head><meta charset="windows-1252"></head><body><p>Café – ok</p></body></html>'.encode("cp1252")
    raw = decode_html(data)
    assert raw.encoding == "windows-1252" and [b.text for b in html_blocks(raw.text)[0]] == ["Café – ok"]


def test_wrong_charset_declaration_falls_back_to_detection():
    data = '<html><head><meta charset="ascii"></head><body><p>Café</p></body></html>'.encode()
    assert decode_html(data).encoding == "utf-8"


def test_page_without_text_has_no_blocks():
    assert blocks_of("<html><head><title>t</title></head><body><script>x()</script></body></html>") == []
