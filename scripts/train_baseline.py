"""Train and evaluate the baseline on dataset/ (same as `newspara train`)."""

import sys

from newspara.cli import main

if __name__ == "__main__":
    sys.exit(main(["train", *sys.argv[1:]]))
