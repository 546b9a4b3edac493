"""The corpus folder: its catalogue of articles and where each article's files live.

Layout (see ``corpus/README.md``)::

    corpus/articles.jsonl       one JSON object per article
    corpus/raw/<id>.txt         the article as the scraper saved it, never edited
    corpus/raw/<id>.html        or the page itself, as saved by a browser or crawler
    corpus/labels/<id>.jsonl    one gold label per block
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from newspara.read import read_jsonl
from newspara.records import InputError

ARTICLE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{2,80}$")
REQUIRED = ("id", "outlet", "url", "published", "language", "conflict", "genre", "synthetic", "license", "notes")
#: Fields that must be text; the others of ``TEXT_OR_NULL`` may also be null (unknown).
TEXT = ("outlet", "language", "conflict", "genre", "license", "notes")
TEXT_OR_NULL = ("url", "published", "topic")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_id(article_id: object, where: str) -> str:
    """Return ``article_id`` if it is a safe file name stem, else raise ``InputError``.

    Ids become file names, so anything that could leave the corpus folder
    (``../x``, ``/etc``, NUL) is refused here, before any path is built.
    """
    if not isinstance(article_id, str) or not ARTICLE_ID.match(article_id):
        raise InputError(
            f"{where}: article id {article_id!r} is not allowed; use 3 to 81 lower-case letters, digits, "
            "'-' or '_', starting with a letter or digit"
        )
    return article_id


def check_metadata(record: dict, where: str) -> dict:
    """Validate one catalogue record and return it with ``published`` as ISO text or None.

    Raises
    ------
    InputError
        Naming the field that is missing or malformed.
    """
    missing = [key for key in REQUIRED if key not in record]
    if missing:
        raise InputError(f"{where}: missing field(s) {', '.join(missing)}")
    for key in TEXT + TEXT_OR_NULL:
        value = record.get(key)
        if not isinstance(value, str) and not (value is None and key in TEXT_OR_NULL):
            allowed = "text or null" if key in TEXT_OR_NULL else "text"
            raise InputError(f"{where}: {key!r} is {value!r}; it must be {allowed} (a JSON string)")
    published = record["published"]
    if published is not None:
        try:
            if not ISO_DATE.match(published):
                raise ValueError(published)
            dt.date.fromisoformat(published)
        except ValueError:
            raise InputError(
                f"{where}: 'published' is {published!r}, not an ISO date (YYYY-MM-DD) or null; "
                "write a real date as YYYY-MM-DD, or null if it is unknown"
            ) from None
    if not isinstance(record["synthetic"], bool):
        raise InputError(f"{where}: 'synthetic' must be true or false, not {record['synthetic']!r}")
    return record


def read_catalog(corpus: Path) -> list[dict]:
    """Read ``articles.jsonl``: every record, validated, sorted by id.

    Parameters
    ----------
    corpus : Path
        The corpus folder.

    Returns
    -------
    list of dict
        One catalogue record per article, sorted by ``id`` so that the build's
        output does not depend on the order of the lines.

    Raises
    ------
    InputError
        On invalid JSON, an unsafe or repeated id, or a malformed record, naming the line.
    """
    path = corpus / "articles.jsonl"
    if not path.is_file():
        raise InputError(f"{path}: no such file; a corpus folder needs an articles.jsonl catalogue")
    records: dict[str, dict] = {}
    lines_of: dict[str, int] = {}
    for line_no, record in read_jsonl(path):
        where = f"{path}, line {line_no}"
        if not isinstance(record, dict):
            raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
        article_id = check_id(record.get("id"), where)
        if article_id in records:
            raise InputError(
                f"{where}: article id {article_id!r} is already used on line {lines_of[article_id]}; "
                "give each article its own id"
            )
        records[article_id] = check_metadata(record, where)
        lines_of[article_id] = line_no
    return [records[key] for key in sorted(records)]


#: The kinds of raw file an article may have, in the order they are looked for.
RAW_SUFFIXES: tuple[str, ...] = (".txt", ".html")


def raw_path(corpus: Path, article_id: str) -> Path:
    """Where the raw file of an article lives: ``raw/<id>.txt`` or, for a saved HTML page, ``raw/<id>.html``."""
    for suffix in RAW_SUFFIXES:
        path = corpus / "raw" / f"{article_id}{suffix}"
        if path.is_file():
            return path
    return corpus / "raw" / f"{article_id}.txt"


def labels_path(corpus: Path, article_id: str) -> Path:
    """Where the gold labels of an article live."""
    return corpus / "labels" / f"{article_id}.jsonl"


def inside_corpus(corpus: Path, path: Path) -> Path:
    """Return ``path`` if it resolves to a place inside ``corpus``, else raise ``InputError``.

    A symbolic link in the corpus may point to another file of the corpus, but
    not outside it: the build reads only the folder the user named.
    """
    resolved = path.resolve()
    if not resolved.is_relative_to(corpus.resolve()):
        raise InputError(
            f"{path}: is a symbolic link to {resolved}, outside the corpus folder {corpus}; "
            "newspara reads only the corpus folder, so copy the file into it"
        )
    return path


def stray_files(corpus: Path, catalog: list[dict]) -> list[Path]:
    """Files in ``raw/`` and ``labels/`` that belong to no catalogued article (hidden files aside), sorted.

    They are reported, not built: a file the scraper saved but nobody catalogued
    must not vanish without a word.
    """
    expected = {raw_path(corpus, r["id"]) for r in catalog} | {labels_path(corpus, r["id"]) for r in catalog}
    found = [path for folder in ("raw", "labels") for path in sorted((corpus / folder).glob("*"))]
    return [path for path in found if path not in expected and not path.name.startswith(".")]
