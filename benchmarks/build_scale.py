"""How the build scales: articles per second and peak memory on a corpus N times ours.

The corpus is replicated under new ids (the copies of an article form one
near-duplicate group, which also exercises the grouping), then built with 1 and
2 worker processes. Peak memory is the largest resident set size of the build
process or any of its workers, so it shows whether memory grows with the corpus.

Usage: python benchmarks/build_scale.py [--copies 1 5 20] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def replicate(corpus: Path, target: Path, copies: int) -> int:
    """Write ``copies`` copies of every article of ``corpus`` into ``target``; return the article count."""
    (target / "raw").mkdir(parents=True)
    (target / "labels").mkdir()
    catalogue = [json.loads(line) for line in (corpus / "articles.jsonl").read_text().splitlines() if line.strip()]
    lines = []
    for n in range(copies):
        for record in catalogue:
            new_id = f"{record['id']}-c{n}"
            shutil.copyfile(corpus / "raw" / f"{record['id']}.txt", target / "raw" / f"{new_id}.txt")
            shutil.copyfile(corpus / "labels" / f"{record['id']}.jsonl", target / "labels" / f"{new_id}.jsonl")
            lines.append(json.dumps({**record, "id": new_id}))
    (target / "articles.jsonl").write_text("\n".join(lines) + "\n")
    return len(lines)


# Runs one build in a fresh interpreter and prints its peak memory (its own or a worker's), in KiB.
_MEASURE = """
import resource, sys
from newspara.cli import main
code = main(["build", "--corpus", sys.argv[1], "--out", sys.argv[2], "--workers", sys.argv[3]])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(max(own, workers), file=sys.stderr)
sys.exit(code)
"""


def run(corpus: Path, out: Path, workers: int) -> tuple[float, float]:
    """Build once in a child process; return (seconds, peak resident MiB)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(corpus), str(out), str(workers)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - start
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print("| copies | articles | workers | seconds | articles/s | peak RSS (MiB) |")
    print("|---|---|---|---|---|---|")
    for copies in args.copies:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            articles = replicate(ROOT / "corpus", corpus, copies)
            for workers in args.workers:
                seconds, peak = run(corpus, Path(tmp) / f"ds-{workers}", workers)
                print(f"| {copies} | {articles} | {workers} | {seconds:.1f} | {articles / seconds:.0f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
