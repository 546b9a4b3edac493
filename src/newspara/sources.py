"""Input files of every kind a scrape leaves, as a stream of pages.

A text file (``.txt``) or an HTML page (``.html``, ``.htm``, optionally
``.gz``) is one page; a WARC archive (``.warc``, ``.warc.gz``) holds one page
per HTML response record; a JSON-lines file (``.jsonl``, optionally ``.gz``) one page per line,
``{"id", "text" | "html", ...metadata}``. Everything is streamed: one page is
in memory at a time, whatever the size of the archive.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from newspara.html import decode_html, html_blocks
from newspara.read import MAX_FILE_BYTES, decode, json_line, read_bytes
from newspara.records import Block, InputError
from newspara.segment import segment

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
#: The content types of a WARC response that are read as pages.
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(slots=True)
class Page:
    """One page of an input file, before it is split into blocks.

    Attributes
    ----------
    id : str
        The page's id: the file name for a file, the record's ``id`` for JSON lines,
        the ``WARC-Record-ID`` for a WARC record.
    file : str
        The name of the file the page came from.
    where : str
        The file, and the line or record, for messages.
    kind : str
        ``"text"`` or ``"html"``.
    data : bytes or str
        The page as stored (bytes) or as given in a JSON string (str).
    metadata : dict
        What the container says about the page (URL, date, the JSON record's other fields).
    error : str or None
        Why the record could not be read as a page (a malformed JSON line), with file
        and line; ``page_blocks`` raises it, so a crawl run can report it and go on.
    """

    id: str
    file: str
    where: str
    kind: str
    data: bytes | str
    metadata: dict = field(default_factory=dict)
    error: str | None = None


@dataclass(slots=True)
class SourceCounts:
    """What reading the inputs saw: pages read and WARC records skipped, by reason."""

    pages: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def input_kind(path: Path) -> str:
    """``text``, ``html``, ``warc`` or ``jsonl``, from the file name.

    Raises
    ------
    InputError
        For a file name with none of the known endings.
    """
    name = path.name.lower()
    for kind, suffixes in (
        ("warc", WARC_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("text", TEXT_SUFFIXES),
    ):
        if name.endswith(suffixes):
            return kind
    raise InputError(
        f"{path}: unknown kind of input; newspara reads .txt, .html/.htm (optionally .gz), .warc/.warc.gz "
        "and .jsonl (optionally .gz)"
    )


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    data = read_bytes(path, max_bytes)
    if path.name.lower().endswith(".gz"):
        try:
            # Read at most max_bytes + 1 so a gzip bomb cannot fill the memory.
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
                data = handle.read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as err:
            raise InputError(f"{path}: not a readable gzip file ({err})") from None
        if len(data) > max_bytes:
            raise InputError(f"{path}: unpacks to more than the {max_bytes:,}-byte limit for one page")
    return data


def read_pages(path: Path, counts: SourceCounts | None = None, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Page]:
    """Yield the pages of one input file, streaming.

    Parameters
    ----------
    path : Path
        A ``.txt``, ``.html``/``.htm`` (optionally ``.gz``), ``.warc``/``.warc.gz`` or ``.jsonl``
        (optionally ``.gz``) file.
    counts : SourceCounts, optional
        Updated with the pages read and the WARC records skipped.
    max_bytes : int, default=MAX_FILE_BYTES
        The largest page (file, record or JSON line) read; a larger one is an error
        (a WARC record that large is skipped and counted).

    Yields
    ------
    Page

    Raises
    ------
    InputError
        For a missing or unreadable file. A malformed JSON line does not stop the
        stream: it comes as a page whose ``error`` names the file, line and fault.
    """
    counts = counts if counts is not None else SourceCounts()
    kind = input_kind(path)
    if kind in ("text", "html"):
        page = Page(path.name, path.name, str(path), kind, _read_bounded(path, max_bytes))
        counts.pages += 1
        yield page
    elif kind == "warc":
        yield from _warc_pages(path, counts, max_bytes)
    else:
        yield from _jsonl_pages(path, counts, max_bytes)


def _warc_pages(path: Path, counts: SourceCounts, max_bytes: int) -> Iterator[Page]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with path.open("rb") as stream:
        try:
            record = None
            for number, record in enumerate(ArchiveIterator(stream), 1):
                if record.format != "warc":  # warcio reads anything else as the older ARC format
                    raise InputError(f"{path}, record {number}: not a readable WARC archive (no WARC/1.x header)")
                if record.rec_type != "response":
                    counts.skip(f"{record.rec_type} record")
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                if not content_type.lower().startswith(HTML_TYPES):
                    counts.skip("non-HTML response")
                    continue
                data = record.content_stream().read(max_bytes + 1)
                if len(data) > max_bytes:
                    counts.skip("response larger than the page limit")
                    continue
                headers = record.rec_headers
                uri = headers.get_header("WARC-Target-URI")
                record_id = (headers.get_header("WARC-Record-ID") or f"record-{number}").strip("<>")
                where = f"{path}, record {number}"
                counts.pages += 1
                if missing := _missing_bytes(record):
                    # An interrupted download or copy: the page is cut short, so it is reported, not labelled.
                    yield Page(record_id, path.name, where, "html", b"", error=_truncated(where, missing))
                    return  # nothing follows the end of the file
                yield Page(
                    record_id,
                    path.name,
                    where,
                    "html",
                    data,
                    {"url": uri, "date": headers.get_header("WARC-Date"), "http_content_type": content_type},
                )
            # A skipped record is read to its end only when the next is looked for: if the file
            # ended inside it, that shows here.
            if record is not None and record.raw_stream.limit:
                counts.skip("record cut short by the end of the file (a truncated archive)")
        except ArchiveLoadFailed as err:
            raise InputError(f"{path}: not a readable WARC archive ({err})") from None


def _missing_bytes(record) -> int:
    """How many bytes of a WARC record's declared length the file lacks, once it is read to its end."""
    while record.raw_stream.read(1 << 16):
        pass
    return record.raw_stream.limit


def _truncated(where: str, missing: int) -> str:
    return (
        f"{where}: the archive ends {missing:,} byte(s) before this record does; the file is truncated "
        "(an interrupted download or copy?), so the records after it are missing too"
    )


def _jsonl_pages(path: Path, counts: SourceCounts, max_bytes: int) -> Iterator[Page]:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    compressed = path.name.lower().endswith(".gz")
    with gzip.open(path, "rb") if compressed else path.open("rb") as handle:
        line_no = 0
        try:
            for line_no, line, size in _bounded_lines(handle, max_bytes):
                counts.pages += 1
                yield _jsonl_page(path, line_no, line, size, max_bytes)
        except (gzip.BadGzipFile, EOFError, zlib.error) as err:
            # A damaged or cut-short gzip stream: the lines read stand, the rest is one rejected page.
            counts.pages += 1
            yield _rejected_line(
                path,
                line_no + 1,
                f"{path}, line {line_no + 1}: the gzip stream cannot be read on from here ({err}); the file "
                "is damaged or truncated (an interrupted download or copy?), "
                f"so the lines after line {line_no} are missing",
            )


def _bounded_lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes, int]]:
    """``(line number, line, size in bytes)`` of every non-blank line; of a line over ``max_bytes``, only its end.

    Lines are read at most ``max_bytes + 1`` bytes at a time, so one huge line cannot fill the memory.
    """
    line_no = 0
    while line := handle.readline(max_bytes + 1):
        line_no += 1
        size = len(line)
        while size > max_bytes and not line.endswith(b"\n") and (line := handle.readline(1 << 20)):
            size += len(line)
        if size > max_bytes or line.strip():
            yield line_no, line, size


def _jsonl_page(path: Path, line_no: int, line: bytes, size: int, max_bytes: int) -> Page:
    """The page on one line, or a page whose ``error`` says why the line is not one."""
    where = f"{path}, line {line_no}"
    try:
        if size > max_bytes:
            raise InputError(f"{where}: a line of {size:,} bytes is more than the {max_bytes:,}-byte limit")
        return _jsonl_record(path, where, line)
    except InputError as err:
        return _rejected_line(path, line_no, str(err))


def _rejected_line(path: Path, line_no: int, error: str) -> Page:
    """A page standing for a line that is not one; ``error`` names the file and line."""
    return Page(f"line {line_no}", path.name, f"{path}, line {line_no}", "text", b"", error=error)


def _jsonl_record(path: Path, where: str, line: bytes) -> Page:
    record = json_line(line, where)
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    kinds = [key for key in ("text", "html") if key in record]
    if len(kinds) != 1 or not isinstance(record[kinds[0]], str):
        raise InputError(f"{where}: a record needs exactly one of 'text' or 'html', as a string")
    page_id = record.get("id")
    if not isinstance(page_id, (str, int)) or isinstance(page_id, bool) or str(page_id) == "":
        raise InputError(f"{where}: a record needs an 'id' (a string or a number)")
    metadata = {k: v for k, v in record.items() if k not in ("id", "text", "html")}
    return Page(str(page_id), path.name, where, kinds[0], record[kinds[0]], metadata)


_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def _charset(content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def page_blocks(page: Page) -> tuple[list[Block], dict]:
    """Split a page into blocks, whatever its kind.

    Returns
    -------
    blocks : list of Block
        Text blocks have no ``markup``; HTML blocks have it.
    info : dict
        ``encoding``, ``sha256``, ``text`` (what the blocks' spans index: the decoded
        text, or for HTML the visible text) and, for HTML, the page ``title``.

    Raises
    ------
    InputError
        When the page cannot be decoded, has an overlong line, (HTML) no visible text, or is
        a record that could not be read (``Page.error``).
    """
    if page.error:
        raise InputError(page.error)
    if isinstance(page.data, str):
        text, encoding, bom = page.data, "utf-8", 0
        digest = hashlib.sha256(page.data.encode("utf-8", "surrogatepass")).hexdigest()
    else:
        if page.kind == "html":
            raw = decode_html(page.data, page.where, _charset(page.metadata.get("http_content_type")))
        else:
            raw = decode(page.data, page.where)
        text, encoding, bom, digest = raw.text, raw.encoding, raw.bom_bytes, raw.sha256
    info = {"encoding": encoding, "sha256": digest}
    if page.kind == "html":
        blocks, found = html_blocks(text)
        if not blocks:
            raise InputError(
                f"{page.where}: the page has no visible text (scripts, styles and hidden elements are not read); "
                "save the page once its text is in the HTML, or leave it out"
            )
        # The spans of HTML blocks index the page's visible text: its blocks joined by line breaks.
        return blocks, {**info, **found, "text": "\n".join(block.text for block in blocks)}
    return segment(text, encoding, bom, name=page.where), {**info, "text": text}
