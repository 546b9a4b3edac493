"""How well is the article body told apart from page furniture on real pages, and how fast?

Runs every system on the same pages of the article-extraction benchmark
(``../shared/benchmarks/article-extraction-dev``: real pages as HTML and as the
plain text a scraper leaves, with a hand-made article body), scores each with
the benchmark's shingle metric (``newspara.extraction``), and prints a Markdown
table of F1, precision and recall with 95% bootstrap intervals (pages resampled,
fixed seed) and pages per second.

Systems: ``newspara`` on the plain text and on the HTML (the article body is the
blocks not labelled ``boilerplate``, less the headline); trafilatura and jusText
on the HTML; on the plain text, jusText on the lines, keeping the lines of 20 or
more words, and keeping everything.

Pages per second count the work from the page's bytes to its article body
(decoding, parsing, features, prediction; newspara labels pages in batches of
32, as ``newspara predict --articles`` does); loading the model is excluded and reported
below the table, with newspara's pages per second when every block gets one of
the four labels (the topic stage included), as ``newspara predict`` does. The
pages are read into memory first, so disk speed does not count; everything runs
in one process.

    .venv/bin/python benchmarks/article_extraction.py [PATH] \\
        --write benchmarks/article_extraction.md --readme README.md
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "article-extraction-dev"
RESULTS = ROOT / "benchmarks" / "article_extraction.md"


def load_pages(folder: Path, limit: int | None = None) -> list[dict]:
    """The benchmark's pages, sorted by id: ``{"id", "html", "text", "truth"}`` with the files' bytes."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        pages.append(
            {
                "id": page_id,
                "html": gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes()),
                "text": (folder / "text" / f"{page_id}.txt").read_bytes(),
                "truth": truth[page_id].get("articleBody") or "",
            }
        )
    return pages


def newspara_system(model, kind: str, batch: int = 32) -> Callable[[list[bytes]], list[str]]:
    """newspara's article bodies, pages labelled in batches as ``newspara predict --articles`` does."""
    from newspara.predict import predict_articles
    from newspara.sources import Page

    def extract(pages: list[bytes]) -> list[str]:
        bodies = []
        for start in range(0, len(pages), batch):
            chunk = pages[start : start + batch]
            for records, error in predict_articles(
                model, [Page("page", "page", "benchmark page", kind, d) for d in chunk]
            ):
                if error:
                    raise SystemExit(f"benchmark page not read: {error}")
                bodies.append(records[0]["body"])
        return bodies

    return extract


def four_labels_per_second(model, kind: str, pages: list[bytes], batch: int = 32) -> float:
    """Pages per second of ``newspara predict``'s work: every block of every page gets one of the four labels.

    An article body needs only the boilerplate decision, for which the topic stage
    mostly does not run; researchers who want the topics pay for that stage too.
    """
    from newspara.predict import predict_pages
    from newspara.sources import Page

    start = time.perf_counter()
    for first in range(0, len(pages), batch):
        chunk = pages[first : first + batch]
        predict_pages(model, [Page("page", "page", "benchmark page", kind, data) for data in chunk])
    return len(pages) / (time.perf_counter() - start)


def one_by_one(extract: Callable[[bytes], str]) -> Callable[[list[bytes]], list[str]]:
    return lambda pages: [extract(data) for data in pages]


def trafilatura_html(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data.decode("utf-8"), include_comments=False) or ""


def justext_html(data: bytes) -> str:
    import justext

    paragraphs = justext.justext(data, justext.get_stoplist("English"), encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def justext_lines(data: bytes) -> str:
    import justext

    lines = [line for line in data.decode("utf-8").splitlines() if line.strip()]
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    paragraphs = justext.justext(page, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def long_lines(data: bytes, min_words: int = 20) -> str:
    return "\n".join(line for line in data.decode("utf-8").splitlines() if len(line.split()) >= min_words)


def all_text(data: bytes) -> str:
    return data.decode("utf-8")


def run(pages: list[dict], model_folder: Path, resamples: int = 1000) -> tuple[list[dict], float]:
    """Score every system on ``pages``; returns one result row per system and the model's load time."""
    from newspara.extraction import bootstrap_intervals, extraction_scores, page_counts
    from newspara.model import load_model

    start = time.perf_counter()
    model = load_model(model_folder)
    load_seconds = time.perf_counter() - start
    systems = [
        ("newspara", "text", newspara_system(model, "text")),
        ("newspara", "HTML", newspara_system(model, "html")),
        ("trafilatura", "HTML", one_by_one(trafilatura_html)),
        ("jusText", "HTML", one_by_one(justext_html)),
        ("jusText on the lines", "text", one_by_one(justext_lines)),
        ("lines of 20+ words", "text", one_by_one(long_lines)),
        ("all the text", "text", one_by_one(all_text)),
    ]
    rows = []
    for name, kind, extract in systems:
        field = "html" if kind == "HTML" else "text"
        start = time.perf_counter()
        bodies = extract([page[field] for page in pages])
        seconds = time.perf_counter() - start
        counts = [page_counts(page["truth"], body) for page, body in zip(pages, bodies, strict=True)]
        rows.append(
            {
                "system": name,
                "input": kind,
                **extraction_scores(counts),
                "ci": bootstrap_intervals(counts, resamples),
                "resamples": resamples,
                "pages_per_second": len(pages) / seconds,
                "counts": counts,
            }
        )
        print(f"{name} ({kind}): F1 {rows[-1]['f1']:.3f}", file=sys.stderr)
    for row in rows:
        if row["system"] == "newspara":
            field = row["input"].lower()
            row["four_labels_per_second"] = four_labels_per_second(model, field, [page[field] for page in pages])
    return rows, load_seconds


def markdown(rows: list[dict], n_pages: int, load_seconds: float) -> str:
    """The results table, with a line on what was measured."""

    def cell(row: dict, key: str) -> str:
        low, high = row["ci"][key]
        return f"{row[key]:.3f} [{low:.3f}, {high:.3f}]"

    lines = [
        "| system | input | F1 [95% CI] | precision [95% CI] | recall [95% CI] | pages/s |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['system']} | {row['input']} | {cell(row, 'f1')} | {cell(row, 'precision')} | "
            f"{cell(row, 'recall')} | {row['pages_per_second']:.0f} |"
        )
    four_labels = {row["input"]: row["four_labels_per_second"] for row in rows if row["system"] == "newspara"}
    lines.append("")
    lines.append(
        f"{n_pages} pages; intervals: {rows[0]['resamples']:,} bootstrap resamples of the pages (seed 0); "
        "pages/s on one core, from the page's bytes to its article body (`newspara predict --articles`); "
        f"loading the newspara model ({load_seconds:.1f} s) excluded. "
        f"Labelling every block with one of the four labels (`newspara predict`), newspara does "
        f"{four_labels['text']:.0f} pages/s on the text and {four_labels['HTML']:.0f} on the HTML."
    )
    return "\n".join(lines) + "\n"


BEGIN, END = "<!-- benchmark:begin article-extraction -->\n", "<!-- benchmark:end article-extraction -->"


def update_readme(path: Path, table: str) -> None:
    """Replace the text between the article-extraction markers of ``path`` with ``table``."""
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{path}: no {BEGIN.strip()} ... {END} section to update")
    head, rest = text.split(BEGIN, 1)
    path.write_text(head + BEGIN + table + END + rest.split(END, 1)[1], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, nargs="?", default=DEFAULT_DATA, help="the benchmark folder")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "baseline")
    parser.add_argument("--limit", type=int, help="score only the first N pages (by id)")
    parser.add_argument("--write", type=Path, help=f"also write the table to this file (the README quotes {RESULTS})")
    parser.add_argument("--readme", type=Path, help="also put the table in this file's article-extraction section")
    parser.add_argument("--per-page", type=Path, help="write each system's per-page (tp, fp, fn) as JSON")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"{args.data}: no ground-truth.json; give the benchmark folder as the first argument", file=sys.stderr)
        return 2
    pages = load_pages(args.data, args.limit)
    rows, load_seconds = run(pages, args.model)
    table = markdown(rows, len(pages), load_seconds)
    print(table)
    if args.write:
        args.write.write_text(table, encoding="utf-8")
    if args.readme:
        update_readme(args.readme, table)
    if args.per_page:
        per_page = {
            f"{r['system']} ({r['input']})": dict(zip([p["id"] for p in pages], r["counts"], strict=False))
            for r in rows
        }
        args.per_page.write_text(json.dumps(per_page, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
