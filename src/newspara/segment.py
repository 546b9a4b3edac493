"""Split decoded text into blocks, as the label schema defines them.

A block is one non-empty line after normalisation, in file order. Each block
keeps the character and byte span of its line so it can be traced to the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from newspara.normalise import normalise
from newspara.records import Block, InputError

#: A longer line is refused: no paragraph is this long, and a cap bounds the
#: work per block (a whole page glued onto one line is a scraping failure).
MAX_BLOCK_CHARS = 100_000

# The line breaks of str.splitlines() less the file/group/record separators,
# which scrapers do not use as line ends.
LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")


def lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield the ``(start, end)`` character span of every line of ``text``, breaks excluded."""
    start = 0
    for match in LINE_BREAK.finditer(text):
        yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def segment(text: str, encoding: str = "utf-8", bom_bytes: int = 0, name: str = "<text>") -> list[Block]:
    """Split a decoded article into its blocks.

    Parameters
    ----------
    text : str
        The decoded raw text (see ``newspara.read.decode``).
    encoding : str, default="utf-8"
        The codec the text was decoded with, to compute byte offsets.
    bom_bytes : int, default=0
        Length of the byte-order mark before the text.
    name : str
        File name used in error messages.

    Returns
    -------
    list of Block
        In file order, numbered from 0.

    Raises
    ------
    InputError
        When a line is longer than ``MAX_BLOCK_CHARS``, or cannot be encoded in ``encoding``.
    """
    blocks: list[Block] = []
    byte_pos = bom_bytes
    char_pos = 0
    for line_no, (start, end) in enumerate(lines(text), 1):
        if end - start > MAX_BLOCK_CHARS:
            raise InputError(
                f"{name}, line {line_no}: {end - start:,} characters on one line, more than the "
                f"{MAX_BLOCK_CHARS:,} a paragraph may have; "
                "the file is probably not split into lines: put each paragraph on a line of its own"
            )
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        span_start, span_end = start + lead, start + lead + len(stripped)
        try:
            byte_pos += len(text[char_pos:span_start].encode(encoding))
            byte_len = len(stripped.encode(encoding))
        except UnicodeEncodeError as err:
            # Only text that did not come from decoding a file (say, with lone surrogates) gets here.
            raise InputError(
                f"{name}, line {line_no}: {err.reason}; the text cannot be traced to {encoding} bytes"
            ) from None
        norm, changes = normalise(stripped)
        if norm:
            blocks.append(Block(len(blocks), norm, span_start, span_end, byte_pos, byte_pos + byte_len, changes))
        byte_pos += byte_len
        char_pos = span_end
    return blocks


def account(text: str, blocks: Sequence[Block], name: str = "<text>") -> tuple[int, int]:
    """Check that the blocks and the blank stretches between them make up the whole text.

    Every character of the decoded text is either inside a block's span or
    between blocks; what lies between blocks must be blank (white space, line
    breaks, lines with nothing visible once normalised). This is checked, so a
    block lost or misplaced by the splitter cannot go unnoticed.

    Parameters
    ----------
    text : str
        The decoded raw text the blocks were cut from.
    blocks : sequence of Block
        Its blocks, as ``segment`` returns them.
    name : str
        File name used in error messages.

    Returns
    -------
    block_chars : int
        Characters inside the blocks' spans.
    between_chars : int
        Characters between, before and after the blocks.

    Raises
    ------
    InputError
        When the spans overlap, leave the text, or leave visible text outside every block.
    """
    block_chars = between_chars = 0
    pos = 0
    for block in [*blocks, None]:
        start, end = (len(text), len(text)) if block is None else (block.char_start, block.char_end)
        if not pos <= start <= end <= len(text):
            raise InputError(
                f"{name}: block {block.position} spans characters {start}-{end}, which overlaps the previous "
                f"block or leaves the {len(text)}-character text; this is a bug in newspara, please report it"
            )
        for line_start, line_end in lines(text[pos:start]):
            if normalise(text[pos + line_start : pos + line_end].strip())[0]:
                raise InputError(
                    f"{name}: characters {pos + line_start}-{pos + line_end} hold text that is in no block; "
                    "this is a bug in newspara, please report it"
                )
        between_chars += start - pos
        block_chars += end - start
        pos = end
    if block_chars + between_chars != len(text):
        raise InputError(
            f"{name}: {block_chars} block characters + {between_chars} between blocks != {len(text)} characters "
            "in the file; this is a bug in newspara, please report it"
        )
    return block_chars, between_chars
