"""Peak memory of a build whose corpus holds oversized raw files.

Builds the project corpus as it is, then with one extra catalogued article whose
raw file is (a) 50 MB of text lines, (b) one 5 MB line, (c) 15 MB of text lines
(just under the 16 MiB limit, so it is read, split and rejected for its labels).
The first two are refused (size limit, line limit); the table shows that the
memory a bad file can make the build use is bounded by the limits, not by the file.

Usage: python benchmarks/bad_input_memory.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINE = b"Artillery fire was heard south of the capital overnight, residents said.\n"

# Runs one build in a fresh interpreter and prints its peak resident memory in KiB.
_MEASURE = """
import resource, sys
from newspara.cli import main
code = main(["build", "--corpus", sys.argv[1], "--out", sys.argv[2], "--rejects", sys.argv[3]])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def add_article(corpus: Path, article_id: str, size: int, one_line: bool) -> None:
    """Add a catalogued article whose raw file has ``size`` bytes of text."""
    with (corpus / "raw" / f"{article_id}.txt").open("wb") as handle:
        if one_line:
            handle.write(b"word " * (size // 5))
        else:
            for _ in range(size // len(LINE)):
                handle.write(LINE)
    (corpus / "labels" / f"{article_id}.jsonl").write_text("")
    first = json.loads((corpus / "articles.jsonl").read_text().splitlines()[0])
    with (corpus / "articles.jsonl").open("a") as handle:
        handle.write(json.dumps({**first, "id": article_id}) + "\n")


def run(corpus: Path, tmp: Path) -> tuple[float, float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(corpus), str(tmp / "ds"), str(tmp / "rejects.jsonl")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - start
    rejects = [json.loads(line)["reason"] for line in (tmp / "rejects.jsonl").read_text().splitlines()]
    reason = rejects[0].split(": ", 1)[1][:70] if rejects else "-"
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024, reason


def main() -> None:
    cases = [
        ("the corpus as it is", 0, False),
        ("+ 50 MB file", 50_000_000, False),
        ("+ one 5 MB line", 5_000_000, True),
        ("+ 15 MB file (under the limit)", 15_000_000, False),
    ]
    print("| corpus | seconds | peak RSS (MiB) | reject reason |")
    print("|---|---|---|---|")
    for name, size, one_line in cases:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            shutil.copytree(ROOT / "corpus", corpus)
            if size:
                add_article(corpus, "zz-oversized", size, one_line)
            seconds, peak, reason = run(corpus, Path(tmp))
            print(f"| {name} | {seconds:.1f} | {peak:.0f} | {reason} |")


if __name__ == "__main__":
    main()
