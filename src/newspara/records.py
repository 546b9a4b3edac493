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
    """

    position: int
    text: str
    char_start: int
    char_end: int
    byte_start: int
    byte_end: int
    changes: tuple[str, ...] = ()


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
