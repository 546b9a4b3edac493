"""The second, blind annotation pass: which articles it covers, and how far the two passes agree.

Files (see ``corpus/README.md``)::

    corpus/agreement/first/<id>.jsonl    the first pass's labels of a sampled article, as they were
    corpus/agreement/second/<id>.jsonl   the blind second pass's labels of the same article
    corpus/adjudication.jsonl            one decision per disagreement (and per label-error correction)
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from newspara.records import LABELS, InputError

SAMPLE_SHARE = 0.25
SAMPLE_SALT = "libya-news-paragraphs/second-pass/v1"


def second_pass_sample(catalog: Sequence[dict], share: float = SAMPLE_SHARE, salt: str = SAMPLE_SALT) -> list[str]:
    """Choose the articles for the second pass: a seeded random ``share`` of each outlet's articles.

    Only synthetic articles are eligible: the real article's gold labels are the
    label schema's published example, so nobody can label it blind. Within each
    outlet, articles are ordered by the salted SHA-256 of their id (a seeded
    shuffle that no later article changes) and the first ``ceil(share * n)`` are
    taken, so every outlet is represented.

    Parameters
    ----------
    catalog : sequence of dict
        Catalogue records (``id`` and ``outlet``).
    share : float, default=SAMPLE_SHARE
    salt : str, default=SAMPLE_SALT

    Returns
    -------
    list of str
        The chosen ids, sorted.
    """
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for record in catalog:
        if record["synthetic"]:
            by_outlet[record["outlet"]].append(record["id"])
    chosen = []
    for ids in by_outlet.values():
        ids.sort(key=lambda article_id: hashlib.sha256(f"{salt}\x00{article_id}".encode()).hexdigest())
        chosen += ids[: math.ceil(share * len(ids))]
    return sorted(chosen)


def read_pass(path: Path) -> list[str]:
    """The labels of one article in a pass file (``{"block", "label", "text"}`` per line)."""
    labels = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}, line {line_no}: invalid JSON ({err.msg})") from None
        if entry.get("label") not in LABELS or entry.get("block") != len(labels):
            raise InputError(f"{path}, line {line_no}: expected block {len(labels)} with one of {', '.join(LABELS)}")
        labels.append(entry["label"])
    return labels


def paired_labels(corpus: Path) -> tuple[list[str], list[str], list[str]]:
    """First- and second-pass labels of every doubly annotated block, with the block's article.

    Raises
    ------
    InputError
        When a second-pass file has no first-pass file or a different number of blocks.
    """
    first, second, articles = [], [], []
    for path in sorted((corpus / "agreement" / "second").glob("*.jsonl")):
        other = corpus / "agreement" / "first" / path.name
        if not other.is_file():
            raise InputError(f"{path}: no first-pass file {other} to compare with")
        a, b = read_pass(other), read_pass(path)
        if len(a) != len(b):
            raise InputError(f"{path}: {len(b)} blocks, but the first pass has {len(a)}")
        first += a
        second += b
        articles += [path.stem] * len(a)
    return first, second, articles


def agreement(first: Sequence[str], second: Sequence[str]) -> dict:
    """Cohen's kappa overall and per label (that label against the rest), and raw agreement.

    Returns
    -------
    dict
        ``{"blocks", "observed", "kappa", "kappa_per_label": {label: kappa}}``,
        rounded to 3 decimals.
    """
    if not first:
        return {"blocks": 0}
    per_label = {
        label: round(float(cohen_kappa_score([x == label for x in first], [y == label for y in second])), 3)
        for label in LABELS
    }
    return {
        "blocks": len(first),
        "observed": round(sum(x == y for x, y in zip(first, second, strict=True)) / len(first), 3),
        "kappa": round(float(cohen_kappa_score(first, second, labels=list(LABELS))), 3),
        "kappa_per_label": per_label,
    }


def read_adjudications(corpus: Path) -> list[dict]:
    """The decisions in ``adjudication.jsonl`` (empty when there is none yet)."""
    path = corpus / "adjudication.jsonl"
    if not path.is_file():
        return []
    decisions = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                decisions.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise InputError(f"{path}, line {line_no}: invalid JSON ({err.msg})") from None
    return decisions


def annotation_quality(corpus: Path) -> dict:
    """Agreement of the two passes and what adjudication and the label-error sweep changed.

    Returns
    -------
    dict
        ``agreement`` (see ``agreement``), ``articles`` (doubly annotated),
        ``adjudicated`` (disagreements decided, by outcome), ``sweep``
        (blocks reviewed and labels changed by the label-error sweep) and
        ``consistency`` (labels changed by consistency reviews against the guidelines).
    """
    first, second, articles = paired_labels(corpus)
    decisions = read_adjudications(corpus)
    adjudicated = [d for d in decisions if d.get("source") == "second-pass"]
    swept = [d for d in decisions if d.get("source") == "error-sweep"]
    reviewed = [d for d in decisions if d.get("source") == "consistency-review"]
    outcome = defaultdict(int)
    for d in adjudicated:
        outcome[
            "first pass kept"
            if d["final"] == d["first"]
            else "second pass taken"
            if d["final"] == d["second"]
            else "third label"
        ] += 1
    return {
        "agreement": agreement(first, second),
        "articles": len(set(articles)),
        "disagreements": sum(a != b for a, b in zip(first, second, strict=True)),
        "adjudicated": dict(sorted(outcome.items())),
        "sweep": {"reviewed": len(swept), "changed": sum(d["final"] != d["first"] for d in swept)},
        "consistency": {"changed": sum(d["final"] != d["first"] for d in reviewed)},
    }
