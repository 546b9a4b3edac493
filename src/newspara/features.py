"""Features of a block for the classifier: its words, and where and how it sits on the page.

The model takes a table with one row per block and the columns ``COLUMNS``;
``block_table`` makes that table from pipeline blocks, and the dataset's
``paragraphs`` rows already have those columns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from newspara.furniture import PATTERNS, duplicates
from newspara.records import Block, markup_columns

#: The columns the model reads.
COLUMNS: tuple[str, ...] = ("text", "block", "n_blocks", "is_duplicate")
#: The HTML structure of a block of an HTML page (``newspara.records.markup_columns``),
#: as the dataset's ``paragraphs`` rows have it; null for blocks of text pages.
MARKUP_COLUMNS: tuple[str, ...] = ("link_density", "regions", "heading", "elements")
#: Columns the model reads when they are there: the page a block belongs to (context
#: features are computed within a page), and the HTML structure of blocks of HTML pages.
OPTIONAL_COLUMNS: tuple[str, ...] = ("article_id", *MARKUP_COLUMNS)


def block_table(blocks: Sequence[Block], page: str = "page") -> pd.DataFrame:
    """The model's input table for the blocks of one page.

    Blocks of an HTML page add the columns ``MARKUP_COLUMNS`` (see
    ``newspara.records.Markup``), as the dataset's ``paragraphs`` rows have them.
    """
    return pages_table([blocks], [page])


def pages_table(pages: Sequence[Sequence[Block]], ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The model's input table for many pages: their rows one page after another, in block order.

    Parameters
    ----------
    pages : sequence of sequence of Block
        The blocks of each page.
    ids : sequence of str, optional
        The ``article_id`` of each page; by default its position, as a string.

    Returns
    -------
    DataFrame
        As ``block_table``; when some pages are HTML and some text, the text pages'
        ``link_density`` is NaN.
    """
    ids = [str(n) for n in range(len(pages))] if ids is None else ids
    rows = [block for blocks in pages for block in blocks]
    columns: dict[str, list] = {
        "text": [b.text for b in rows],
        "block": [b.position for b in rows],
        "n_blocks": [len(blocks) for blocks in pages for _ in blocks],
        "is_duplicate": [r >= 0 for blocks in pages for r in duplicates(blocks)],
        "article_id": [page for page, blocks in zip(ids, pages, strict=True) for _ in blocks],
    }
    if any(b.markup is not None for b in rows):
        markup = [markup_columns(b.markup) for b in rows]
        for name in MARKUP_COLUMNS:
            columns[name] = [m[name] for m in markup]
        columns["link_density"] = [np.nan if d is None else d for d in columns["link_density"]]
    return pd.DataFrame(columns)


def text_column(table: pd.DataFrame) -> pd.Series:
    """The ``text`` column of the model's input table (a step of a feature pipeline)."""
    return table["text"]


STRUCTURE_NAMES: tuple[str, ...] = (
    "relative_position",
    "blocks_from_start",
    "blocks_from_end",
    "log_chars",
    "log_words",
    "short_line",
    "ends_like_sentence",
    "starts_with_quote",
    "upper_share",
    "digit_share",
    "separator_count",
    "is_duplicate",
    *(f"cue_{name}" for name in PATTERNS),
)


def structural_features(table: pd.DataFrame) -> np.ndarray:
    """Numeric layout and furniture features of each block.

    Parameters
    ----------
    table : DataFrame
        With the columns ``COLUMNS``.

    Returns
    -------
    ndarray of shape (n_blocks, len(STRUCTURE_NAMES))
    """
    texts = table["text"].tolist()
    shape = text_shape(texts)
    block = table["block"].to_numpy(dtype=np.float64)
    n_blocks = table["n_blocks"].to_numpy(dtype=np.float64)
    chars = np.array([len(t) for t in texts], dtype=np.float64)
    columns = [
        block / np.maximum(n_blocks - 1, 1),
        np.minimum(block, 10) / 10,
        np.minimum(n_blocks - 1 - block, 10) / 10,
        np.log1p(chars) / 8,
        np.log1p(shape["words"]) / 5,
        (shape["words"] <= 4).astype(np.float64),
        shape["ends_like_sentence"],
        np.array([float(t[:1] in "“\"'‘") for t in texts]),
        shape["upper_share"],
        shape["digit_share"],
        shape["separator_count"],
        table["is_duplicate"].to_numpy(dtype=np.float64),
        *shape["cues"].T,
    ]
    return np.column_stack(columns).reshape(len(texts), len(STRUCTURE_NAMES))


#: Characters that separate the items of a menu or a breadcrumb trail.
SEPARATORS = "|•·›»/"


@functools.cache
def _cue_set():
    """All furniture patterns in one RE2 set: one pass over a block tells which of them match.

    Python's ``re`` would scan a block once per pattern, and case-insensitive patterns
    that start with ``\\b`` defeat its prefix search; this was most of the time spent
    on a page. RE2 classes (``\\w``, ``\\b``) are ASCII, a difference from ``re`` that
    only matters next to non-ASCII letters.
    """
    import re2

    options = re2.Options()
    options.case_sensitive = False
    cues = re2.Set.SearchSet(options)
    for pattern in PATTERNS.values():
        cues.Add(pattern.pattern)
    cues.Compile()
    return cues


def cue_matrix(texts: Sequence[str]) -> np.ndarray:
    """Which furniture patterns (``newspara.furniture.PATTERNS``) each text matches.

    Returns
    -------
    ndarray of shape (len(texts), len(PATTERNS))
        1.0 where the pattern matches, in ``PATTERNS`` order.
    """
    cues = _cue_set()
    matches = [cues.Match(text) or () for text in texts]
    out = np.zeros((len(texts), len(PATTERNS)))
    rows = np.repeat(np.arange(len(texts)), [len(found) for found in matches])
    out[rows, [column for found in matches for column in found]] = 1.0
    return out


@functools.cache
def _character_classes() -> np.ndarray:
    """Bit flags (1 letter, 2 upper case, 4 digit, 8 separator) of every character of the Basic Multilingual Plane."""
    flags = np.zeros(0x10000, dtype=np.uint8)
    for code in range(0x10000):
        char = chr(code)
        flags[code] = char.isalpha() | char.isupper() << 1 | char.isdigit() << 2 | (char in SEPARATORS) << 3
    return flags


def _class_counts(texts: Sequence[str]) -> dict[str, np.ndarray]:
    """Letters, upper-case letters, digits and separators of each text, counted in NumPy over all texts at once."""
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    flags = np.where(codes < 0x10000, _character_classes()[np.minimum(codes, 0xFFFF)], 0)
    ends = np.cumsum([len(t) for t in texts])
    bounds = np.concatenate([[0], ends]).astype(np.int64)
    out = {}
    for name, bit in (("letters", 1), ("upper", 2), ("digits", 4), ("separators", 8)):
        running = np.concatenate([[0], np.cumsum((flags & bit) > 0)])
        out[name] = (running[bounds[1:]] - running[bounds[:-1]]).astype(np.float64)
    return out


def text_shape(texts: Sequence[str]) -> dict[str, np.ndarray]:
    """What each block looks like, whatever page it is on.

    Returns
    -------
    dict of ndarray, one value per text
        ``words`` (white-space separated), ``ends_like_sentence``, ``stopword_share``
        (function words among the words), ``upper_share`` (of letters), ``digit_share``
        (of characters), ``separator_count`` (menu separators, capped at 10, over 10),
        and ``cues``, the ``cue_matrix``.
    """
    counts = _class_counts(texts)
    chars = np.array([len(t) for t in texts], dtype=np.float64)
    tokens = [_WORD.findall(t.lower()) for t in texts]
    return {
        "words": np.array([len(t.split()) for t in texts], dtype=np.float64),
        "ends_like_sentence": np.array([float(t.rstrip("”\"')]").endswith((".", "?", "!"))) for t in texts]),
        "stopword_share": np.array([sum(map(_STOPWORDS.__contains__, ts)) / max(len(ts), 1) for ts in tokens]),
        "upper_share": counts["upper"] / np.maximum(counts["letters"], 1),
        "digit_share": counts["digits"] / np.maximum(chars, 1),
        "separator_count": np.minimum(counts["separators"], 10) / 10,
        "cues": cue_matrix(texts),
    }


# Function words: their density tells running prose from menus and lists (jusText's cue).
# The web is not all English, and a page in another language has prose too, so the list
# holds the commonest function words of the languages most used on news sites.
FUNCTION_WORDS: dict[str, str] = {
    "en": "a about after all also an and any are as at be been before but by can could did do does for from "
    "had has have he her his how i if in into is it its just more most my no not of on one only or other "
    "our out over said she so some than that the their them then there these they this those through to "
    "under up was we were what when where which while who will with would you your",
    "de": "aber als am auch auf aus bei bis das dass dem den der des die dies doch durch ein eine einem einen "
    "einer es für hat ich ihr im ist kann mit nach nicht noch nur oder sein sich sie sind so über um und "
    "uns vom von vor wenn werden wie wir wird zu zum zur",
    "es": "al como con de del el en entre es esta este fue ha hay la las le lo los más mi muy no nos o para "
    "pero por que se ser si sin sobre su sus también un una uno y ya",
    "fr": "au aux avec ce ces dans de des du elle en est et il ils je la le les leur lui mais même ne nous "
    "on ou par pas plus pour qu que qui sa se ses son sont sur un une vous été être",
    "it": "al alla anche che chi con da dal dei del della di è e gli ha il in la le lo ma mi nel nella non "
    "per più questo se si sono su tra un una uno",
    "pt": "ao aos as até com como da das de do dos e ela ele em entre era essa esse está foi há isso mais "
    "mas muito na nas no nos não o os ou para pela pelo por que se sem ser seu sua são também um uma",
    "nl": "aan als bij dat de den der die dit door een en er het hij in is je met naar niet nog of om ook "
    "op over te tot van voor was wat we worden zijn ze zich",
    "id": "ada adalah akan atau bahwa bisa dalam dan dari dengan di ini itu juga karena ke kita kami mereka "
    "oleh pada saja sebagai sudah tidak untuk yang",
    "ru": "а без бы был была были в во вы да для до его её если же за и из или к как когда ли мы на не "
    "но о об он она они от по при с со так то только у уже что это я",
}
_STOPWORDS = frozenset(word for words in FUNCTION_WORDS.values() for word in words.split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: Page regions of HTML that hold furniture on almost every site.
FURNITURE_REGIONS = frozenset({"nav", "footer", "aside"})
#: Windows (in blocks, either side) over which the neighbourhood is summarised.
WINDOWS: tuple[int, ...] = (1, 3)

PAGE_NAMES: tuple[str, ...] = (
    "log_words",
    "log_content_words",
    "ends_like_sentence",
    "stopword_share",
    "prose",
    "upper_share",
    "digit_share",
    "separator_count",
    "is_duplicate",
    *(f"cue_{name}" for name in PATTERNS),
    *(f"prose_within_{w}" for w in WINDOWS),
    *(f"log_words_within_{w}" for w in WINDOWS),
    "previous_prose",
    "next_prose",
    "in_main_text",
    "blocks_before_main_text",
    "blocks_after_main_text",
    "just_before_main_text",
    "headline_slot",
    "title_like_elsewhere",
    "is_html",
    "link_density",
    "in_furniture_region",
    "in_figure",
    "in_heading_or_title",
)


def _prose(content_words: np.ndarray, ends: np.ndarray, stopwords: np.ndarray, furniture: np.ndarray) -> np.ndarray:
    """Whether a block reads as running prose: long, sentence-like or full of function words, not in a menu."""
    return ((content_words >= 12) & ((ends > 0) | (stopwords >= 0.3)) & (furniture == 0)).astype(np.float64)


def main_text(prose: np.ndarray, gap_cost: float = 0.5) -> tuple[int, int]:
    """The contiguous run of blocks richest in prose: the likeliest place of the article body.

    The run maximises (prose blocks) - ``gap_cost`` x (other blocks), so a few
    captions or subheadings inside a body do not cut it, while a menu does
    (the largest-block idea of boilerpipe, on lines).

    Returns
    -------
    (start, end)
        Half-open span of block positions; (0, 0) when no block is prose.
    """
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, is_prose in enumerate(prose):
        total += 1.0 if is_prose else -gap_cost
        if total <= 0:
            total, start = 0.0, i + 1
        elif total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def main_element(elements: Sequence[tuple[int, ...]], weights: np.ndarray) -> np.ndarray:
    """Which blocks of an HTML page lie in the element that holds most of its prose.

    Each block's prose weight counts fully for the element around it and half for
    the one around that (Readability's choice of the top candidate); the blocks
    inside the best-scoring element are the page's main text.

    Parameters
    ----------
    elements : sequence of tuple of int
        ``Markup.elements`` of each block.
    weights : ndarray
        Prose weight of each block (its content words if it is prose, else 0).

    Returns
    -------
    ndarray of bool
    """
    scores: dict[int, float] = {}
    for chain, weight in zip(elements, weights, strict=True):
        if weight > 0:
            for depth, share in ((2, 1.0), (3, 0.5)):
                if len(chain) >= depth:
                    scores[chain[-depth]] = scores.get(chain[-depth], 0.0) + share * weight
    if not scores:
        return np.zeros(len(elements), dtype=bool)
    best = max(scores, key=lambda e: (scores[e], -e))
    return np.array([best in chain for chain in elements], dtype=bool)


def _window_mean(values: np.ndarray, width: int) -> np.ndarray:
    """Mean of ``values`` over the ``width`` blocks either side (the block itself excluded)."""
    padded = np.concatenate([[0.0], np.cumsum(values)])
    n = len(values)
    index = np.arange(n)
    low, high = np.maximum(index - width, 0), np.minimum(index + width + 1, n)
    count = high - low - 1
    return np.where(count > 0, (padded[high] - padded[low] - values) / np.maximum(count, 1), 0.0)


def _page_rows(block: dict[str, np.ndarray], is_html: bool, elements: Sequence[tuple[int, ...]]) -> np.ndarray:
    """``page_features`` of one page's blocks, in order, from their ``_block_values``."""
    words, ends, cues = block["words"], block["ends_like_sentence"], block["cues"]
    links, furniture = block["link_density"], block["in_furniture_region"]
    n = len(words)
    content_words = words * (1 - links)
    prose = _prose(content_words, ends, block["stopword_share"], furniture)
    index = np.arange(n)
    if is_html:
        inside = main_element(elements, prose * content_words)
        start, end = (int(index[inside].min()), int(index[inside].max()) + 1) if inside.any() else (0, 0)
    else:
        start, end = main_text(prose)
        inside = (index >= start) & (index < end)
    log_words = np.log1p(words) / 5
    outside = (~inside).astype(np.float64)
    # The headline is the last title-like block shortly before the main text; other
    # title-like blocks outside it are menu items, section names and teasers of other stories.
    title_like = ((words >= 3) & (words <= 30) & (ends == 0) & (furniture == 0) & (cues.sum(axis=1) == 0)).astype(
        np.float64
    )
    headline = np.zeros(n)
    candidates = [i for i in range(max(start - 6, 0), start) if title_like[i]]
    if candidates:
        headline[candidates[-1]] = 1.0
    columns = [
        log_words,
        np.log1p(content_words) / 5,
        ends,
        block["stopword_share"],
        prose,
        block["upper_share"],
        block["digit_share"],
        block["separator_count"],
        block["is_duplicate"],
        *cues.T,
        *(_window_mean(prose, w) for w in WINDOWS),
        *(_window_mean(log_words, w) for w in WINDOWS),
        np.concatenate([[0.0], prose[:-1]]),
        np.concatenate([prose[1:], [0.0]]),
        inside.astype(np.float64),
        np.clip(start - index, 0, 10) / 10,
        np.clip(index - end + 1, 0, 10) / 10,
        ((index < start) & (index >= start - 3)).astype(np.float64),
        headline,
        title_like * (1 - headline) * outside,
        np.full(n, float(is_html)),
        links,
        furniture,
        block["in_figure"],
        block["in_heading"],
    ]
    return np.column_stack(columns)


def _block_values(table: pd.DataFrame) -> dict[str, np.ndarray]:
    """Everything ``page_features`` needs that does not depend on the page, for all rows at once."""
    values = text_shape(table["text"].tolist())
    values["is_duplicate"] = table["is_duplicate"].to_numpy(dtype=np.float64)
    links = (
        table["link_density"].to_numpy(dtype=np.float64) if "link_density" in table else np.full(len(table), np.nan)
    )
    values["is_html"] = ~np.isnan(links)
    values["link_density"] = np.nan_to_num(links)
    # Rows of text pages have no regions (None, or NaN after text and HTML tables were concatenated).
    listed = table["regions"] if "regions" in table else [None] * len(table)
    regions = [set(r) if isinstance(r, (list, tuple, np.ndarray)) else set() for r in listed]
    headings = table["heading"].to_numpy(dtype=np.float64) if "heading" in table else np.zeros(len(table))
    values["in_furniture_region"] = np.array([float(bool(r & FURNITURE_REGIONS)) for r in regions])
    values["in_figure"] = np.array([float("figure" in r) for r in regions])
    values["in_heading"] = (np.nan_to_num(headings) > 0).astype(np.float64)
    return values


def page_features(table: pd.DataFrame) -> np.ndarray:
    """Features of each block in the context of its page: its shape, its neighbours, the page's main text.

    Domain-general cues only (no topic words), so that they carry over to sites and
    subjects the training pages do not have: length, sentence punctuation and
    function-word density (jusText), their averages over neighbouring blocks (context
    smoothing), the position relative to the page's main run of prose (boilerpipe),
    furniture patterns, and, for blocks of HTML pages, link density and page region.

    Parameters
    ----------
    table : DataFrame
        With the columns ``COLUMNS``, optionally ``OPTIONAL_COLUMNS``; a page is the
        rows of one ``article_id`` (all rows, without that column), taken in ``block`` order.

    Returns
    -------
    ndarray of shape (n_blocks, len(PAGE_NAMES))
    """
    out = np.zeros((len(table), len(PAGE_NAMES)))
    if not len(table):
        return out
    values = _block_values(table)
    pages = pd.factorize(table["article_id"])[0] if "article_id" in table else np.zeros(len(table), dtype=np.int64)
    order = np.lexsort((table["block"].to_numpy(), pages))
    bounds = np.flatnonzero(np.diff(pages[order])) + 1
    elements = table["elements"].tolist() if "elements" in table else None
    for rows in np.split(order, bounds):
        is_html = bool(values["is_html"][rows].all())
        page_elements = [elements[i] for i in rows] if is_html and elements is not None else []
        out[rows] = _page_rows({key: value[rows] for key, value in values.items()}, is_html, page_elements)
    return out
