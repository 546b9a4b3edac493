"""List the blocks whose gold label a cross-validated baseline finds least likely, for review by hand.

Usage: python scripts/label_error_sweep.py [--corpus corpus] [--count 150] [--out corpus/label_sweep.jsonl]
"""

import argparse
import json
from pathlib import Path

from newspara.sweep import corpus_table, suspicious_blocks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=Path("corpus/label_sweep.jsonl"))
    args = parser.parse_args()
    candidates = suspicious_blocks(corpus_table(args.corpus), args.count, args.C)
    with args.out.open("w", encoding="utf-8") as handle:
        for record in candidates.to_dict(orient="records"):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(candidates)} candidates to {args.out}")


if __name__ == "__main__":
    main()
