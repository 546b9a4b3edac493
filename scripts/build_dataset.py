"""Build dataset/ from corpus/ (same as `newspara build --strict --card DATASET_CARD.md`)."""

import sys

from newspara.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", "--strict", "--card", "DATASET_CARD.md", *sys.argv[1:]]))
