"""Page furniture: metadata the furniture carries, and blocks repeated inside an article.

Everything here reads the blocks of one article and nothing else; the patterns
are shared with the classifier's structural features (``newspara.features``),
which is why they are named and public.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newspara.records import Block

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)

#: Named patterns of page furniture. Each is a line-level cue, not a verdict:
#: a body sentence can match one too, which is why the model weighs them.
PATTERNS: dict[str, re.Pattern[str]] = {
    "byline": re.compile(r"^(?:by|written by|interview by|compiled by|opinion \|)\s+\S", re.I),
    "date": re.compile(
        rf"\b(?:\d{{1,2}} {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|"
        r"(?:published|updated|posted|last updated)\b)",
        re.I,
    ),
    "time": re.compile(r"^\d{1,2}[:.]\d{2}\s*(?:am|pm|gmt|utc|bst|cet|eet)?\b", re.I),
    "read_time": re.compile(r"\b(?:\d+\s*(?:-|\s)?min(?:ute)?s?\s+read|read(?:ing)? time|read \d+ minutes?)\b", re.I),
    "credit": re.compile(
        r"(?:\b(?:photo|image|picture|credit|courtesy|photograph|file photo)s?\b\s*(?:courtesy)?\s*[:/]"
        r"|\bimage courtesy\b|/\s*[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)*\s*$)",
        re.I,
    ),
    "share": re.compile(r"\b(?:share (?:this|on|via)|share:|tweet|whatsapp|facebook|linkedin|e-?mail this)\b", re.I),
    "subscribe": re.compile(r"\b(?:subscribe|newsletter|sign up|log in|already a subscriber|free articles?)\b", re.I),
    "cookie": re.compile(r"\b(?:cookies?|consent|privacy (?:policy|settings)|accept all|manage preferences)\b", re.I),
    "advert": re.compile(r"^(?:advertisement|sponsored|ad|continue reading below)\b", re.I),
    "copyright": re.compile(r"(?:©|\(c\)|\bcopyright\b|all rights reserved)", re.I),
    "navigation": re.compile(r"(?:\bskip (?:to|links?)\b|^home\s*[>›»/|]|\s[|›»]\s.*\s[|›»]\s)", re.I),
    "related": re.compile(
        r"^(?:related|read more|more from|most read|you may also like|trending|what to read)\b", re.I
    ),
    "comments": re.compile(r"\b(?:\d+ comments?|join the conversation|leave a comment|comments)\b", re.I),
    "tags": re.compile(r"^(?:tags|filed under|topics)\s*:", re.I),
    "url": re.compile(r"(?:https?://|www\.|\S+@\S+\.\w+)", re.I),
}

_SOURCE_NAME = r"((?:the )?[A-Z][\w&'.-]*(?: (?:[A-Z][\w&'.-]*|of|de|al))*)"
_SOURCES = (
    re.compile(rf"\baccording to {_SOURCE_NAME}"),
    re.compile(
        rf"\b(?:source|sources|official|officials|spokesman|spokeswoman|spokesperson|diplomat)\b"
        rf"[^.]{{0,80}}?\btold {_SOURCE_NAME}"
    ),
    re.compile(rf"^[A-Z][A-Z .'-]+,[^(]{{0,40}}\({_SOURCE_NAME}\)\s*[-–—]"),
    re.compile(rf"\b{_SOURCE_NAME} (?:reported|reports)\b"),
)
# Words that start a capitalised run without naming a source ("according to Reuters" is a
# source; "according to Western diplomats" is not).
_NOT_SOURCES = {"The", "He", "She", "They", "It", "This", "That", "A", "An", "Western", "Local", "State", "Officials"}


def furniture_cues(text: str) -> list[str]:
    """Names of the furniture patterns a block's text matches, in ``PATTERNS`` order."""
    return [name for name, pattern in PATTERNS.items() if pattern.search(text)]


def _first(blocks: Sequence[Block], cue: str, max_words: int = 25) -> str | None:
    pattern = PATTERNS[cue]
    for block in blocks:
        if len(block.text.split()) <= max_words and pattern.search(block.text):
            return block.text
    return None


def _is_title(block: Block) -> bool:
    words = block.text.split()
    return 3 <= len(words) <= 30 and not furniture_cues(block.text) and not block.text.endswith((".", ":"))


def sources(blocks: Sequence[Block]) -> list[str]:
    """Outlets or agencies the article attributes its news to, in order of first mention."""
    found: list[str] = []
    for block in blocks:
        for pattern in _SOURCES:
            for match in pattern.finditer(block.text):
                name = match.group(1).removeprefix("the ").strip(" .'-")
                if name.split()[0] not in _NOT_SOURCES and name not in found:
                    found.append(name)
    return found


def extract_metadata(blocks: Sequence[Block]) -> dict[str, object]:
    """Read the metadata that an article's page furniture carries.

    Parameters
    ----------
    blocks : sequence of Block
        The article's blocks in order.

    Returns
    -------
    dict
        ``title`` (the first short block that matches no furniture pattern, or None),
        ``byline``, ``date_line``, ``read_time`` (the first short block matching each
        pattern, or None), ``image_credits`` (every short block that carries a
        photo credit) and ``sources`` (see ``sources``).
    """
    title = next((b.text for b in blocks[:12] if _is_title(b)), None)
    credits = [b.text for b in blocks if PATTERNS["credit"].search(b.text) and len(b.text) <= 600]
    return {
        "title": title,
        "byline": _first(blocks, "byline"),
        "date_line": _first(blocks, "date", max_words=12),
        "read_time": _first(blocks, "read_time", max_words=8),
        "image_credits": list(dict.fromkeys(credits)),
        "sources": sources(blocks),
    }


#: Shorter blocks count as repeats only when equal: "Share" must not make every
#: block that starts with "Share" a copy.
MIN_DUPLICATE_CHARS = 40


def _comparable(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(" .")


def duplicates(blocks: Sequence[Block]) -> list[int]:
    """For each block, the position of another block of the article that repeats it.

    Two blocks repeat each other when their texts are equal after case folding
    and white space folding, or when one of them begins with the whole of the
    other and that is at least ``MIN_DUPLICATE_CHARS`` long: a caption that repeats a body
    sentence and adds a credit, like the seed's "... Image courtesy: Newsweek".
    Repeats are transitive: they form groups. Runs in ``O(n log n)``.

    Parameters
    ----------
    blocks : sequence of Block

    Returns
    -------
    list of int
        ``result[i]`` is the smallest position ``j != i`` in block ``i``'s group,
        or -1 if no other block repeats it.
    """
    keys = [_comparable(b.text) for b in blocks]
    unique = sorted(set(keys))
    parent = {key: key for key in unique}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    # In sorted order, the keys that begin with key k follow k directly.
    for n, key in enumerate(unique):
        if len(key) < MIN_DUPLICATE_CHARS:
            continue
        for other in unique[n + 1 :]:
            if not other.startswith(key):
                break
            parent[root(other)] = root(key)
    groups: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        groups.setdefault(root(key), []).append(position)
    return [_other(groups[root(key)], position) for position, key in enumerate(keys)]


def _other(group: list[int], position: int) -> int:
    return next((p for p in group if p != position), -1)
