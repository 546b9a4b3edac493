"""How `newspara predict` copes with a crawl: pages per second and peak memory as the input grows.

Writes a gzipped WARC archive of N HTML responses, the corpus's own HTML pages
repeated under new URLs (a crawl's usual container; no page from elsewhere), and
labels it with 1 and 2 worker processes, one line per block (`predict`) and one
per page (`predict --articles`). Peak memory is the largest resident set size of
the predict process or any of its workers, so it shows whether memory grows with
the number of pages; loading the model is part of each run's time.

Usage: python benchmarks/predict_scale.py [--pages 500 4000] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_crawl(path: Path, pages: int) -> None:
    """A gzipped WARC file of ``pages`` HTML responses, the corpus's HTML pages in turn."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    sources = [p.read_bytes() for p in sorted((ROOT / "corpus" / "raw").glob("*.html"))]
    headers = [("Content-Type", "text/html; charset=utf-8")]
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(pages):
            record = writer.create_warc_record(
                f"https://crawl.example/page/{n}",
                "response",
                payload=io.BytesIO(sources[n % len(sources)]),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
            )
            writer.write_record(record)


# Runs one prediction in a fresh interpreter and prints its peak memory (its own or a worker's), in KiB.
_MEASURE = """
import resource, sys
from newspara.cli import main
code = main(["predict", *sys.argv[1:]])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(max(own, workers), file=sys.stderr)
sys.exit(code)
"""


def run(crawl: Path, out: Path, workers: int, articles: bool) -> tuple[float, float, int]:
    """Label the crawl once in a child process; return (seconds, peak resident MiB, output lines)."""
    args = [str(crawl), "--out", str(out), "--workers", str(workers), *(["--articles"] if articles else [])]
    start = time.perf_counter()
    command = [sys.executable, "-c", _MEASURE, *args]
    done = subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    with out.open("rb") as handle:
        lines = sum(1 for _ in handle)
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[500, 4000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print("| pages | output | workers | seconds | pages/s | output lines | peak RSS (MiB) |")
    print("|---|---|---|---|---|---|---|")
    for pages in args.pages:
        with tempfile.TemporaryDirectory() as tmp:
            crawl = Path(tmp) / "crawl.warc.gz"
            write_crawl(crawl, pages)
            for articles in (True, False):
                for workers in args.workers:
                    seconds, peak, lines = run(crawl, Path(tmp) / "out.jsonl", workers, articles)
                    output = "a line per page (`--articles`)" if articles else "a line per block"
                    print(
                        f"| {pages:,} | {output} | {workers} | {seconds:.1f} | {pages / seconds:.0f} | "
                        f"{lines:,} | {peak:.0f} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
