"""Print the corpus statistics the dataset card shows: composition, labels and annotation agreement.

Computed from corpus/ directly (no build needed); `newspara build` puts the same
tables into the card, and a test checks the card against the data.

Usage: python scripts/corpus_stats.py [--corpus corpus]
"""

import argparse
from collections import Counter
from pathlib import Path

from newspara.agreement import annotation_quality
from newspara.build import read_article
from newspara.card import SECTIONS, article_summary
from newspara.corpus import read_catalog
from newspara.package import article_row
from newspara.records import LABELS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    args = parser.parse_args()
    summaries = [article_summary(article_row(read_article(args.corpus, r))) for r in read_catalog(args.corpus)]
    quality = annotation_quality(args.corpus)
    labels = Counter({label: sum(s[label] for s in summaries) for label in LABELS})
    print(
        f"{len(summaries)} articles, {sum(labels.values())} blocks: "
        + ", ".join(f"{k} {v}" for k, v in labels.items())
    )
    print()
    print(SECTIONS["composition"](summaries, quality))
    print(SECTIONS["agreement"](summaries, quality))


if __name__ == "__main__":
    main()
