"""Read a raw article file: bytes in, decoded text and its encoding out.

The file is never changed; what was decoded and how is recorded so that every
block can be traced back to its bytes.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newspara.records import InputError

#: Larger files are rejected: one article is never this long, and a cap keeps
#: memory bounded when a crawl dumps a whole site into one file.
MAX_FILE_BYTES = 16 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class RawText:
    """A decoded raw file.

    Attributes
    ----------
    text : str
        The decoded text, byte-order mark removed, line endings untouched.
    encoding : str
        Python codec name the bytes were decoded with (no BOM handling implied).
    bom_bytes : int
        Length of the byte-order mark that preceded the text, 0 if none.
    sha256 : str
        Hex digest of the file's bytes.
    """

    text: str
    encoding: str
    bom_bytes: int
    sha256: str


def decode(data: bytes, name: str = "<bytes>") -> RawText:
    """Decode the bytes of one raw article.

    UTF-8 is tried first (most scrapes are UTF-8, and a strict UTF-8 decode
    almost never succeeds on text in another encoding); then a byte-order mark;
    then ``charset_normalizer`` guesses.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        File name used in error messages.

    Returns
    -------
    RawText

    Raises
    ------
    InputError
        For an empty or binary file, or one whose encoding cannot be told.
    """
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        what = "empty" if not data else "white space only"
        raise InputError(
            f"{name}: the file is {what}; there is no article to read. Scrape the page again, "
            "or remove the article from the catalogue"
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return RawText(data[len(bom) :].decode(encoding), encoding, len(bom), digest)
            except UnicodeDecodeError as err:
                raise InputError(
                    f"{name}: starts with a {encoding} byte-order mark but byte {err.start + len(bom)} "
                    f"is not valid {encoding}; re-save the file in one encoding"
                ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{name}: contains a NUL byte at byte {nul}: this looks like a binary file "
            "(an image or archive?), not an article saved as text; replace it with the article's text"
        )
    try:
        return RawText(data.decode("utf-8"), "utf-8", 0, digest)
    except UnicodeDecodeError:
        pass
    encoding = _guess_encoding(data, name)
    try:
        return RawText(data.decode(encoding), encoding, 0, digest)
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 decodes every byte.
        return RawText(data.decode("latin-1"), "latin-1", 0, digest)


_SINGLE_BYTE_LATIN = {
    "cp1250",
    "cp1252",
    "cp1254",
    "cp1257",
    "latin-1",
    "iso8859-2",
    "iso8859-9",
    "iso8859-15",
    "mac-roman",
}


def _guess_encoding(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: not UTF-8 and no text encoding fits it; is it a text file?")
    guess = codecs.lookup(best.encoding).name
    # On short English text the detector cannot tell the Western single-byte code
    # pages apart (cp1250 and cp1252 decode most bytes alike). Windows-1252 is what
    # English pages and Windows tools write, so it wins whenever it decodes the bytes.
    if guess in _SINGLE_BYTE_LATIN:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return guess


def read_raw(path: Path, max_bytes: int = MAX_FILE_BYTES) -> RawText:
    """Read and decode one raw article file (see ``read_bytes``).

    Returns
    -------
    RawText

    Raises
    ------
    InputError
        As ``read_bytes``, and when the file is empty, binary or undecodable.
    """
    return decode(read_bytes(path, max_bytes), str(path))


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """Read one input file's bytes.

    At most ``max_bytes + 1`` bytes are read, whatever the file claims its size
    is, so memory stays bounded even for a file that grows while it is read.

    Parameters
    ----------
    path : Path
        The file.
    max_bytes : int, default=MAX_FILE_BYTES
        Larger files are refused.

    Returns
    -------
    bytes

    Raises
    ------
    InputError
        When the file is missing, not a regular file, unreadable or too large.
    """
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror}); check that it is a readable file") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise InputError(f"{path}: is {what}; an article must be a text file")
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            f"{path}: {max(info.st_size, len(data)):,} bytes is more than the {max_bytes:,}-byte limit for one "
            "article; one article is never this long, so split the file into articles first"
        )
    return data


def read_jsonl(path: Path) -> Iterator[tuple[int, object]]:
    """Yield ``(line number, value)`` for every non-blank line of a UTF-8 JSON-lines file.

    The file is read line by line (a byte-order mark before the first line is
    allowed), so memory does not grow with its length.

    Raises
    ------
    InputError
        Naming the line that is not UTF-8 or not valid JSON.
    """
    with path.open("rb") as handle:
        for line_no, line in enumerate(handle, 1):
            if line.removeprefix(codecs.BOM_UTF8).strip():
                yield line_no, json_line(line, f"{path}, line {line_no}")


def json_line(line: bytes, where: str) -> object:
    """The value on one line of a JSON-lines file (a byte-order mark before it is allowed).

    Raises
    ------
    InputError
        Naming ``where`` (the file and line) when the line is not UTF-8 or not valid JSON.
    """
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{where}: byte {err.start + 1} of the line is not UTF-8; save the file as UTF-8") from None
    try:
        # Without the line break, or json reports a line that ends too soon as column 1 of a next line.
        return json.loads(text.rstrip())
    except json.JSONDecodeError as err:
        raise InputError(
            f"{where}: invalid JSON ({err.msg} at column {err.colno}); each line must be one complete JSON object"
        ) from None
