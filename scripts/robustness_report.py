"""Write the table of bad inputs and what newspara does with each into docs/robustness.md.

Every case of ``tests/bad_inputs.py`` is built with the real command line; the
table shows the outcome and message it gave. ``tests/test_bad_inputs.py`` fails
when the file differs from what the code does now.

Usage: python scripts/robustness_report.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bad_inputs import render  # noqa: E402
from newspara.card import fill_sections  # noqa: E402

REPORT = ROOT / "docs" / "robustness.md"


def main() -> None:
    current = REPORT.read_text(encoding="utf-8")
    updated = fill_sections(current, {"bad-inputs": render})
    if updated != current:
        REPORT.write_text(updated, encoding="utf-8")
    print(f"{REPORT.relative_to(ROOT)}: {'updated' if updated != current else 'already current'}")


if __name__ == "__main__":
    main()
