"""The summary printed at the end of ``make reproduce``."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from newspara.card import fill_sections
from newspara.package import data_file
from newspara.report import comparison_table, generalisation_table, ranked
from newspara.split import SPLITS
from newspara.train import METRICS_FILE


def update_readme(readme: Path, text: str) -> None:
    """Put ``text`` into the ``results`` section of a README, if it changed."""
    current = readme.read_text(encoding="utf-8")
    updated = fill_sections(current, {"results": lambda: text})
    if updated != current:
        readme.write_text(updated, encoding="utf-8")


def summary(dataset: Path, model: Path) -> str:
    """Split sizes of the dataset, the test scores of every baseline and how they generalise, as Markdown."""
    lines = ["Dataset:", "", "| split | articles | blocks |", "|---|---|---|"]
    for split in SPLITS:
        articles = pq.ParquetFile(dataset / data_file("articles", split)).metadata.num_rows
        blocks = pq.ParquetFile(dataset / data_file("paragraphs", split)).metadata.num_rows
        lines.append(f"| {split} | {articles} | {blocks} |")
    metrics = json.loads((model / METRICS_FILE).read_text(encoding="utf-8"))
    test = ranked({name: result["test"] for name, result in metrics["models"].items()})
    lines += ["", "Baselines on the test split:", "", comparison_table(test)]
    for name, reason in metrics.get("skipped", {}).items():
        lines += [f"Not run: {name} ({reason}).", ""]
    if "generalisation" in metrics:
        outlets, conflicts = metrics["generalisation"]["outlet"], metrics["generalisation"]["conflict"]
        lines += [
            "Macro-F1 beyond the random split (held-out outlets pooled; train on one conflict, test on the others):",
            "",
            generalisation_table(test, outlets, conflicts, "macro_f1"),
        ]
    for real in metrics["real_articles"]:
        lines.append(
            f"Real article {real['article_id']} (model trained without it): accuracy {real['accuracy']:.3f}, "
            f"macro-F1 {real['macro_f1']:.3f}"
        )
    return "\n".join(lines) + "\n"
