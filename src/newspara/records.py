"""The plain records that flow through the pipeline, and the label set."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The label names, in the order of the dataset's ``ClassLabel`` (index = class id).
LABELS: tuple[str, ...] = ("diplomacy", "military", "background", "boilerplate")


class InputError(Exception):
    """A problem with a user's input that the user can fix.

    The message names the file (and line or block) and says what to do; the
    command line prints it without a traceback.
    """


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-level unit: a non-empty line of a raw article, normalised.

    Attributes
    ----------
    position : int
        Index of the block in its article, from 0.
    text : str
        The normalised text of the line, without surrounding white space.
    char_start, char_end : int
        Span of the line (surrounding white space excluded) in the decoded raw text.
    byte_start, byte_end : int
        The same span in the raw file's bytes.
    changes : tuple of str
        The kinds of normalisation that changed this block (see ``newspara.normalise``).
    markup : Markup, optional
        Where the block sits in its HTML page; None for a block of a text file.
        For a block of an HTML page the spans refer to the page's extracted text
        (its blocks joined by newlines), since one block gathers text from many elements.
    """

    position: int
    text: str
    char_start: int
    char_end: int
    byte_start: int
    byte_end: int
    changes: tuple[str, ...] = ()
    markup: Markup | None = None


@dataclass(frozen=True, slots=True)
class Markup:
    """The HTML structure around one block of a page.

    Attributes
    ----------
    tag : str
        The paragraph-level element the block's text came from (``p``, ``li``, ``h2``, ``td``, ``div``...).
    path : str
        The block-level elements from ``body`` down to ``tag``, joined by ``/``.
    link_density : float
        Share of the block's characters that are link text.
    heading : int
        1 to 6 inside ``h1``..``h6``, else 0.
    regions : tuple of str
        The page regions the block sits in, among ``nav``, ``header``, ``footer``,
        ``aside``, ``figure``, ``form``, ``article``, ``list``, ``table`` and ``quote``
        (from the elements, or from ARIA roles: ``navigation``, ``banner``,
        ``contentinfo``, ``complementary``).
    elements : tuple of int
        Serial numbers (in document order) of the block-level elements that hold the
        block, outermost first: blocks that share a number share that element.
    """

    tag: str
    path: str
    link_density: float
    heading: int = 0
    regions: tuple[str, ...] = ()
    elements: tuple[int, ...] = ()


def markup_columns(markup: Markup | None) -> dict:
    """A block's HTML structure as the columns of the dataset and of the model's table.

    ``link_density``, ``regions``, ``heading`` and ``elements``; all null (None)
    for a block of a text page, which has no markup.
    """
    if markup is None:
        return {"link_density": None, "regions": None, "heading": None, "elements": None}
    return {
        "link_density": markup.link_density,
        "regions": list(markup.regions),
        "heading": markup.heading,
        "elements": list(markup.elements),
    }


@dataclass(slots=True)
class Article:
    """One article on its way through the pipeline.

    ``metadata`` holds what the corpus says about the article (outlet, url, ...);
    ``furniture`` what the pipeline read off its page furniture; ``labels`` the
    gold label of each block once joined; ``duplicate_of`` the position of a
    repeated copy of each block inside the article, or -1.
    """

    id: str
    raw_name: str
    raw_sha256: str
    encoding: str
    blocks: list[Block]
    metadata: dict = field(default_factory=dict)
    furniture: dict = field(default_factory=dict)
    duplicate_of: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
