"""Build dataset/ from corpus/ (same as `newspara build --strict --card DATASET_CARD.md --citation CITATION.cff`)."""

import sys

from newspara.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", "--strict", "--card", "DATASET_CARD.md", "--citation", "CITATION.cff", *sys.argv[1:]]))
