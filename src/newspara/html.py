"""Split an HTML page into blocks: its visible text, one block per paragraph-level element.

The segment stage for HTML input. Page furniture is kept (labelling it is the
point); what a reader never sees is dropped: scripts, styles, templates,
comments, hidden elements. Nothing is executed or fetched: the page is parsed
by lexbor (``selectolax``), which neither runs scripts nor resolves external
resources. Each block carries a ``Markup`` record of its place in the page for
the classifier.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from newspara.normalise import normalise
from newspara.read import RawText, decode
from newspara.records import Block, Markup

#: Elements whose content is never visible text.
INVISIBLE = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "embed", "canvas",
     "select", "datalist", "input", "textarea", "img", "video", "audio", "picture", "source", "map"}
)  # fmt: skip
#: Elements that start and end a block (the paragraph-level elements of HTML, and line breaks).
BLOCK_LEVEL = frozenset(
    {"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div",
     "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
     "header", "hgroup", "hr", "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
     "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "menu", "option", "center"}
)  # fmt: skip
#: Elements that put a block in a named page region (``Markup.regions``).
REGION_OF = {
    "nav": "nav",
    "menu": "nav",
    "header": "header",
    "footer": "footer",
    "aside": "aside",
    "figure": "figure",
    "figcaption": "figure",
    "form": "form",
    "article": "article",
    "main": "article",
    "li": "list",
    "dd": "list",
    "table": "table",
    "blockquote": "quote",
}
_ROLE_REGION = {"navigation": "nav", "banner": "header", "contentinfo": "footer", "complementary": "aside"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
#: How many block-level ancestors ``Markup.path`` keeps, counted from the block up.
PATH_DEPTH = 6


@dataclass
class _Context:
    path: tuple[str, ...] = ()
    regions: frozenset[str] = frozenset()
    heading: int = 0
    in_link: bool = False
    elements: tuple[int, ...] = ()


@dataclass
class _Pending:
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    context: _Context | None = None


def decode_html(data: bytes, name: str = "<html>", transport_charset: str | None = None) -> RawText:
    """Decode an HTML page as a browser would: a byte-order mark, else the charset the
    HTTP header gave (``transport_charset``), else the one its ``<meta>`` declares, else as text.

    A declared charset that is unknown or does not decode the bytes is ignored.

    Raises
    ------
    InputError
        For an empty or undecodable page (see ``newspara.read.decode``).
    """
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        match = _META_CHARSET.search(data[:4096])
        declared = [transport_charset, match.group(1).decode("ascii", "replace") if match else None]
        for charset in filter(None, declared):
            try:
                return RawText(data.decode(charset.lower()), charset.lower(), 0, hashlib.sha256(data).hexdigest())
            except (LookupError, UnicodeDecodeError):
                continue  # a wrong or unknown declaration: try the next, then guess
    return decode(data, name)


def _hidden(attributes: dict) -> bool:
    return (
        "hidden" in attributes
        or (attributes.get("aria-hidden") or "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(attributes.get("style") or ""))
    )


def page_title(tree) -> str | None:
    """The page's own title: ``og:title`` if given, else ``<title>``, white space collapsed."""
    for selector, attribute in (('meta[property="og:title"]', "content"), ("title", None)):
        node = tree.css_first(selector)
        if node is not None:
            text = node.attributes.get(attribute) if attribute else node.text(deep=True)
            if text and text.strip():
                return " ".join(text.split())
    return None


def html_blocks(text: str) -> tuple[list[Block], dict]:
    """Split a decoded HTML page into blocks.

    Parameters
    ----------
    text : str
        The page's HTML, decoded (see ``decode_html``).

    Returns
    -------
    blocks : list of Block
        The visible text blocks in document order, each with its ``Markup``;
        character and byte spans refer to the blocks joined by newlines (UTF-8).
    page : dict
        ``{"title": ...}``, the page's title from its ``<head>`` (or None).
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    page = {"title": page_title(tree)}
    root = tree.body
    if root is None:
        return [], page
    texts: list[tuple[str, Markup]] = []
    pending = _Pending()

    def flush() -> None:
        raw = " ".join("".join(pending.parts).split())
        if raw and pending.context is not None:
            context = pending.context
            markup = Markup(
                tag=context.path[-1] if context.path else "body",
                path="/".join(context.path[-PATH_DEPTH:]),
                link_density=round(min(pending.link_chars / max(len(raw), 1), 1.0), 4),
                heading=context.heading,
                regions=tuple(sorted(context.regions)),
                elements=context.elements,
            )
            texts.append((raw, markup))
        pending.parts.clear()
        pending.link_chars = 0
        pending.context = None

    # An explicit stack instead of recursion: real pages nest thousands of elements deep.
    stack: list[tuple[object, _Context] | None] = [(root, _Context())]
    opened = 0
    while stack:
        item = stack.pop()
        if item is None:  # the end of a block-level element
            flush()
            continue
        node, context = item
        if node.is_text_node:
            content = node.text_content or ""
            if content.strip():
                if pending.context is None:
                    pending.context = context
                if context.in_link:
                    pending.link_chars += len(" ".join(content.split()))
                pending.parts.append(content)
            elif content and pending.parts:
                pending.parts.append(" ")
            continue
        if not node.is_element_node:
            continue  # comments and the like
        tag = node.tag
        attributes = node.attributes
        if tag in INVISIBLE or _hidden(attributes):
            continue
        regions = context.regions
        role = _ROLE_REGION.get((attributes.get("role") or "").lower())
        if tag in REGION_OF or role:
            regions = regions | {r for r in (REGION_OF.get(tag), role) if r}
        if tag in BLOCK_LEVEL:
            flush()
            heading = int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit() else context.heading
            opened += 1
            inner = _Context((*context.path, tag), regions, heading, context.in_link, (*context.elements, opened))
            stack.append(None)
        else:
            inner = _Context(context.path, regions, context.heading, context.in_link or tag == "a", context.elements)
        children = []
        child = node.child
        while child is not None:
            children.append((child, inner))
            child = child.next
        stack.extend(reversed(children))
    flush()
    return _to_blocks(texts), page


def _to_blocks(texts: list[tuple[str, Markup]]) -> list[Block]:
    blocks: list[Block] = []
    char_pos = byte_pos = 0
    for raw, markup in texts:
        norm, changes = normalise(raw)
        if not norm:
            continue
        byte_len = len(norm.encode("utf-8"))
        blocks.append(
            Block(len(blocks), norm, char_pos, char_pos + len(norm), byte_pos, byte_pos + byte_len, changes, markup)
        )
        char_pos += len(norm) + 1
        byte_pos += byte_len + 1
    return blocks


def extracted_text(blocks: list[Block]) -> str:
    """The text that the spans of HTML blocks refer to: the blocks joined by newlines."""
    return "\n".join(b.text for b in blocks)
