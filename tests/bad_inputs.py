"""The bad inputs newspara is tried on, in one table.

Each case turns a small good corpus into a bad one; ``run`` builds it with the
real command line and returns what a user gets. ``tests/test_bad_inputs.py``
checks every outcome, and ``scripts/robustness_report.py`` writes the table of
outcomes into ``docs/robustness.md`` (a test fails when that file is stale).
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq

from conftest import ARTICLES, write_corpus
from newspara.cli import main
from newspara.records import LABELS

ID = "case-article"
RAW = f"corpus/raw/{ID}.txt"
LABEL_FILE = f"corpus/labels/{ID}.jsonl"
CATALOGUE = "corpus/articles.jsonl"
GOOD = [
    ("Envoys meet in Geneva to revive truce talks", "diplomacy"),
    ("Artillery fire was heard south of the capital overnight.", "military"),
    ("Share this article", "boilerplate"),
]


@dataclass(frozen=True)
class Case:
    """One bad input.

    Attributes
    ----------
    name : str
        Short identifier (the test id).
    description : str
        What the input is, for the report.
    make : callable
        Turns the good corpus folder into the bad one.
    outcome : str
        ``built``, ``rejected`` (listed in ``rejects.jsonl``, the build goes on) or
        ``stopped`` (the build exits 2 with one message).
    says : tuple of str
        What the message must contain: the file, line or block, and how to fix it.
    blocks : tuple of str
        For ``built``: the texts the article's blocks must have.
    """

    name: str
    description: str
    make: Callable[[Path], None]
    outcome: str
    says: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ()


def labels_text(entries) -> str:
    return "".join(
        json.dumps({"block": n, "label": label, "text": text}) + "\n" for n, (text, label) in enumerate(entries)
    )


def article(
    raw: bytes, entries=GOOD, labels: bytes | None = None, suffix: str = ".txt", **record
) -> Callable[[Path], None]:
    """A case that adds one article with these raw bytes (a ``suffix`` file) and labels (and catalogue fields)."""

    def make(corpus: Path) -> None:
        (corpus / "raw" / f"{ID}{suffix}").write_bytes(raw)
        (corpus / "labels" / f"{ID}.jsonl").write_bytes(
            labels if labels is not None else labels_text(entries).encode()
        )
        add_record(corpus, {"id": ID, **record})

    return make


def add_record(corpus: Path, changes: dict) -> None:
    """Append a catalogue record: a copy of the first one, changed."""
    catalogue = corpus / "articles.jsonl"
    first = json.loads(catalogue.read_text().splitlines()[0])
    with catalogue.open("a") as handle:
        handle.write(json.dumps({**first, **changes}) + "\n")


def good_raw(newline: str = "\n", encoding: str = "utf-8", texts=None) -> bytes:
    return newline.join(f"{text}{newline}" for text in texts or [t for t, _ in GOOD]).encode(encoding)


def without_closing_brace(text: str, line: int) -> bytes:
    lines = text.splitlines()
    lines[line - 1] = lines[line - 1].removesuffix("}")
    return "".join(f"{text}\n" for text in lines).encode()


def then(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(corpus: Path) -> None:
        for step in steps:
            step(corpus)

    return make


def remove(name: str) -> Callable[[Path], None]:
    return lambda corpus: (corpus / name).unlink()


def sparse_file(size: int) -> Callable[[Path], None]:
    """A raw file of ``size`` bytes that starts like an article (the rest is a hole: quick to make)."""

    def make(corpus: Path) -> None:
        path = corpus / "raw" / f"{ID}.txt"
        with path.open("wb") as handle:
            handle.write(good_raw())
            handle.truncate(size)

    return then(article(b""), make)


def symlink_outside(corpus: Path) -> None:
    outside = corpus.parent / "elsewhere.txt"
    outside.write_bytes(good_raw())
    (corpus / "raw" / f"{ID}.txt").unlink()
    (corpus / "raw" / f"{ID}.txt").symlink_to(outside)


def raw_folder(corpus: Path) -> None:
    (corpus / "raw" / f"{ID}.txt").unlink()
    (corpus / "raw" / f"{ID}.txt").mkdir()


def fifo(corpus: Path) -> None:
    (corpus / "raw" / f"{ID}.txt").unlink()
    os.mkfifo(corpus / "raw" / f"{ID}.txt")


def bad_id(value: str) -> Callable[[Path], None]:
    return lambda corpus: add_record(corpus, {"id": value})


def append_catalogue(text: str) -> Callable[[Path], None]:
    def make(corpus: Path) -> None:
        with (corpus / "articles.jsonl").open("a") as handle:
            handle.write(text)

    return make


CAFE = [("Café owners in Benghazi reopen", "background"), ("The minister’s “plan” — rejected again.", "diplomacy")]
LATIN = [("São Tomé envoy visits Tripoli", "diplomacy"), ("Señor Ruíz met the Libyan délégation.", "diplomacy")]
MOJIBAKE = "Libya’s rival camps meet – again"
LINES = [("Envoys meet", "diplomacy"), ("Fighting resumed", "military"), ("Talks ended", "diplomacy")]
# The first bytes of a 16x16 PNG image.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"

CASES: tuple[Case, ...] = (
    Case(
        "empty-file",
        "raw file of 0 bytes",
        article(b""),
        "rejected",
        (RAW, "the file is empty", "Scrape the page again"),
    ),
    Case(
        "whitespace-only",
        "raw file of spaces, tabs and line breaks",
        article(b" \n\t\r\n  \n"),
        "rejected",
        (RAW, "white space only", "Scrape the page again"),
    ),
    Case(
        "binary-nul",
        "raw file with NUL bytes among text",
        article(b"Envoys meet\x00\x00\x01\x02 in Geneva\n"),
        "rejected",
        (RAW, "NUL byte at byte 11", "replace it with the article's text"),
    ),
    Case(
        "image-as-txt",
        "a PNG image renamed `.txt`",
        article(PNG),
        "rejected",
        (RAW, "looks like a binary file", "replace it with the article's text"),
    ),
    Case(
        "utf-16-bom",
        "UTF-16 (little-endian, with byte-order mark), CRLF line ends",
        article(codecs.BOM_UTF16_LE + good_raw("\r\n", "utf-16-le")),
        "built",
        ("encoding utf-16-le",),
        tuple(t for t, _ in GOOD),
    ),
    Case(
        "utf-8-bom",
        "UTF-8 with a byte-order mark",
        article(codecs.BOM_UTF8 + good_raw()),
        "built",
        ("encoding utf-8",),
        tuple(t for t, _ in GOOD),
    ),
    Case(
        "windows-1252",
        "Windows-1252 text with curly quotes, dash and accents",
        article(good_raw(encoding="cp1252", texts=[t for t, _ in CAFE]), CAFE),
        "built",
        ("encoding cp1252",),
        tuple(t for t, _ in CAFE),
    ),
    Case(
        "latin-1",
        "Latin-1 (ISO 8859-1) text with accents",
        article(good_raw(encoding="latin-1", texts=[t for t, _ in LATIN]), LATIN),
        "built",
        ("encoding cp1252",),
        tuple(t for t, _ in LATIN),
    ),
    Case(
        "mojibake",
        "UTF-8 text that was once decoded as Windows-1252 (`Libyaâ€™s`)",
        article(
            (MOJIBAKE.encode().decode("cp1252") + "\n\nShare this article\n").encode(),
            [(MOJIBAKE, "diplomacy"), ("Share this article", "boilerplate")],
        ),
        "built",
        ("1 block(s) normalised: mojibake",),
        (MOJIBAKE, "Share this article"),
    ),
    Case(
        "mixed-line-ends",
        "LF, CRLF and CR line ends in one file",
        article(b"Envoys meet\r\nFighting resumed\rTalks ended\n", LINES),
        "built",
        ("3 blocks",),
        tuple(t for t, _ in LINES),
    ),
    Case(
        "cr-only",
        "old Mac line ends (CR only)",
        article(b"Envoys meet\r\rFighting resumed\r\rTalks ended\r", LINES),
        "built",
        ("3 blocks",),
        tuple(t for t, _ in LINES),
    ),
    Case(
        "html-broken-markup",
        "HTML page with a script, a style, a comment and unclosed tags",
        article(
            b"<html><head><style>p{color:red}</style><script>alert('run')</script></head><body><!-- note -->"
            b"<h1>Envoys meet in Geneva to revive truce talks<p>Artillery fire was heard south of the capital "
            b"overnight.<script>document.write('run')</script><footer><a href=/share>Share this article</a>",
            suffix=".html",
        ),
        "built",
        ("3 blocks",),
        tuple(t for t, _ in GOOD),
    ),
    Case(
        "html-no-text",
        "HTML page with no visible text (only a script)",
        article(
            b"<html><head><script>document.write('Envoys meet')</script></head><body></body></html>", suffix=".html"
        ),
        "rejected",
        (f"corpus/raw/{ID}.html", "no visible text", "leave it out"),
    ),
    Case(
        "file-50mb",
        "a 50 MB raw file",
        sparse_file(50 * 1024 * 1024),
        "rejected",
        (RAW, "52,428,800 bytes is more than the 16,777,216-byte limit", "split the file into articles"),
    ),
    Case(
        "line-5mb",
        "a 5 MB raw file on one line",
        article(b"word " * (1024 * 1024)),
        "rejected",
        (RAW, "line 1: 5,242,880 characters", "put each paragraph on a line of its own"),
    ),
    Case(
        "raw-missing",
        "catalogued article without a raw file",
        then(article(good_raw()), remove(f"raw/{ID}.txt")),
        "rejected",
        (RAW, "no such file", "add the article's raw file"),
    ),
    Case(
        "raw-folder",
        "a folder where the raw file should be",
        then(article(good_raw()), raw_folder),
        "rejected",
        (RAW, "is a folder", "must be a text file"),
    ),
    Case(
        "raw-fifo",
        "a named pipe where the raw file should be",
        then(article(good_raw()), fifo),
        "rejected",
        (RAW, "not a regular file", "must be a text file"),
    ),
    Case(
        "raw-symlink-outside",
        "raw file is a symbolic link to a file outside the corpus",
        then(article(good_raw()), symlink_outside),
        "rejected",
        (RAW, "outside the corpus folder", "copy the file into it"),
    ),
    Case(
        "stray-raw-file",
        "a raw file no catalogue record names",
        lambda corpus: (corpus / "raw" / "not-in-catalogue.txt").write_bytes(good_raw()),
        "rejected",
        ("corpus/raw/not-in-catalogue.txt", "no article of corpus/articles.jsonl has this file", "add its record"),
    ),
    Case(
        "labels-missing-file",
        "catalogued article without a label file",
        then(article(good_raw()), remove(f"labels/{ID}.jsonl")),
        "rejected",
        (LABEL_FILE, "no such file", "start one with 'newspara blocks'"),
    ),
    Case(
        "labels-missing-block",
        "label file one line short",
        article(good_raw(), GOOD[:2]),
        "rejected",
        (LABEL_FILE, "block 2 ('Share this article') has no label", "newspara blocks"),
    ),
    Case(
        "labels-extra-block",
        "label file with one line too many",
        article(good_raw(), [*GOOD, ("Footer", "boilerplate")]),
        "rejected",
        (f"{LABEL_FILE}, line 4", "block 3 is one more than the raw file has", "remove the extra lines"),
    ),
    Case(
        "labels-unknown-label",
        "a label outside the schema",
        article(good_raw(), [GOOD[0], (GOOD[1][0], "war"), GOOD[2]]),
        "rejected",
        (f"{LABEL_FILE}, line 2", "block 1 has unknown label 'war'", f"use one of {', '.join(LABELS)}"),
    ),
    Case(
        "labels-text-changed",
        "label file whose text no longer matches the raw file",
        article(good_raw(), [GOOD[0], ("Artillery fire was heard in the capital.", "military"), GOOD[2]]),
        "rejected",
        (f"{LABEL_FILE}, line 2", "block 1 text", "out of step with its raw file"),
    ),
    Case(
        "labels-invalid-json",
        "invalid JSON on one line of a label file",
        article(good_raw(), labels=without_closing_brace(labels_text(GOOD), line=2)),
        "rejected",
        (f"{LABEL_FILE}, line 2", "invalid JSON", "one complete JSON object"),
    ),
    Case(
        "labels-not-utf-8",
        "a label file saved as Windows-1252",
        article(
            good_raw(texts=[t for t, _ in CAFE]),
            CAFE,
            labels=labels_text(CAFE).replace("\\u00e9", "é").encode("cp1252"),
        ),
        "rejected",
        (f"{LABEL_FILE}, line 1", "is not UTF-8", "save the file as UTF-8"),
    ),
    Case(
        "labels-utf-8-bom",
        "a label file with a UTF-8 byte-order mark",
        article(good_raw(), labels=codecs.BOM_UTF8 + labels_text(GOOD).encode()),
        "built",
        ("3 blocks",),
        tuple(t for t, _ in GOOD),
    ),
    Case(
        "duplicate-id",
        "two catalogue records with the same id",
        bad_id("alpha-wire"),
        "stopped",
        (f"{CATALOGUE}, line 2", "article id 'alpha-wire' is already used on line 1", "give each article its own id"),
    ),
    *(
        Case(
            f"unsafe-id-{name}",
            f"article id {shown} (not a safe file name)",
            bad_id(value),
            "stopped",
            (f"{CATALOGUE}, line 2", "is not allowed", "use 3 to 81 lower-case letters"),
        )
        for name, value, shown in (
            ("dotdot", "../x", "`../x`"),
            ("absolute", "/etc/passwd", "`/etc/passwd`"),
            ("nul", "a\x00b", "with a NUL character"),
            ("slash", "a/b", "`a/b`"),
        )
    ),
    Case(
        "date-malformed",
        "`published` is `2020-13-45`",
        article(good_raw(), published="2020-13-45"),
        "stopped",
        (f"{CATALOGUE}, line 2", "'published' is '2020-13-45'", "write a real date as YYYY-MM-DD"),
    ),
    Case(
        "date-compact",
        "`published` is `20200119` (not YYYY-MM-DD)",
        article(good_raw(), published="20200119"),
        "stopped",
        (f"{CATALOGUE}, line 2", "'published' is '20200119'", "write a real date as YYYY-MM-DD"),
    ),
    Case(
        "metadata-wrong-type",
        "`outlet` is a number",
        article(good_raw(), outlet=5),
        "stopped",
        (f"{CATALOGUE}, line 2", "'outlet' is 5", "must be text"),
    ),
    Case(
        "catalogue-invalid-json",
        "invalid JSON on one line of the catalogue",
        append_catalogue('{"id": "broken"\n'),
        "stopped",
        (f"{CATALOGUE}, line 2", "invalid JSON", "one complete JSON object"),
    ),
)


@dataclass(frozen=True)
class Outcome:
    """What a build of a bad corpus gave: ``built``, ``rejected`` or ``stopped``, the message, the blocks."""

    kind: str
    message: str
    blocks: tuple[str, ...] = ()
    traceback: bool = False


def _built(dataset: Path) -> tuple[str, tuple[str, ...]]:
    rows = [
        r for p in dataset.glob("articles/*.parquet") for r in pq.read_table(p).to_pylist() if r["article_id"] == ID
    ]
    paragraphs = [r for p in dataset.glob("paragraphs/*.parquet") for r in pq.read_table(p).to_pylist()]
    ours = sorted((r for r in paragraphs if r["article_id"] == ID), key=lambda r: r["block"])
    if not rows:
        return "built (the case article is not in the dataset)", ()
    (row,) = rows
    changes = sorted({c for r in ours for c in r["normalisation"]})
    normalised = f"; {row['normalised_blocks']} block(s) normalised: {', '.join(changes)}" if changes else ""
    return f"built: {row['n_blocks']} blocks, encoding {row['encoding']}{normalised}", tuple(r["text"] for r in ours)


@cache
def run(name: str) -> Outcome:
    """Build the corpus of case ``name`` with ``newspara build`` (in this process) and say what happened."""
    case = next(c for c in CASES if c.name == name)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = write_corpus(work / "corpus", {"alpha-wire": ARTICLES["alpha-wire"]})
        case.make(corpus)
        out, err = io.StringIO(), io.StringIO()
        here = Path.cwd()
        os.chdir(work)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["build", "--corpus", "corpus", "--out", "dataset"])
        finally:
            os.chdir(here)
        stderr = err.getvalue()
        traceback = "Traceback" in stderr
        if code == 2:
            message = stderr.removeprefix("newspara build: error: ").strip()
            return Outcome("stopped", _relative(message, work), traceback=traceback)
        if code != 0:
            return Outcome(f"exit {code}", _relative(stderr.strip(), work), traceback=traceback)
        rejects = [json.loads(line) for line in (work / "dataset" / "rejects.jsonl").read_text().splitlines()]
        if rejects:
            return Outcome("rejected", _relative("\n".join(r["reason"] for r in rejects), work), traceback=traceback)
        message, blocks = _built(work / "dataset")
        return Outcome("built", message, blocks, traceback=traceback)


def _relative(message: str, work: Path) -> str:
    """Drop the temporary folder from paths in a message, so it reads the same on every run."""
    for prefix in {str(work.resolve()), str(work)}:
        message = message.replace(prefix + os.sep, "")
    return message


def render() -> str:
    """The Markdown table of every case and what newspara does with it."""
    lines = ["| case | input | outcome | message |", "|---|---|---|---|"]
    for case in CASES:
        outcome = run(case.name)
        message = outcome.message.replace("|", "\\|").replace("\n", "<br>")
        lines.append(f"| `{case.name}` | {case.description} | {outcome.kind} | {message} |")
    return "\n".join(lines) + "\n"
