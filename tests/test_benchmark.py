"""The article-extraction benchmark script, on a few real pages (skipped without ../shared)."""

import importlib.util

from conftest import ROOT, SHARED, needs_shared

BENCHMARK = SHARED / "benchmarks" / "article-extraction-dev"
SCRIPT = ROOT / "benchmarks" / "article_extraction.py"
RESULTS = ROOT / "benchmarks" / "article_extraction.md"


def load_script():
    spec = importlib.util.spec_from_file_location("article_extraction", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_system_is_scored_on_a_few_benchmark_pages():
    needs_shared(BENCHMARK)
    script = load_script()
    pages = script.load_pages(BENCHMARK, limit=3)
    rows, load_seconds = script.run(pages, ROOT / "models" / "baseline", resamples=50)
    systems = {(r["system"], r["input"]) for r in rows}
    assert {("newspara", "text"), ("newspara", "HTML"), ("trafilatura", "HTML"), ("jusText", "HTML")} <= systems
    for row in rows:
        assert 0 <= row["f1"] <= 1 and row["pages_per_second"] > 0
        assert row["ci"]["f1"][0] <= row["f1"] <= row["ci"]["f1"][1]
    # Keeping every line finds the whole article body.
    assert next(r for r in rows if r["system"] == "all the text")["recall"] > 0.95
    table = script.markdown(rows, len(pages), load_seconds)
    assert table.startswith("| system | input | F1 [95% CI]") and "3 pages" in table
    assert all(r["four_labels_per_second"] > 0 for r in rows if r["system"] == "newspara")
    assert "four labels" in table


def test_readme_quotes_the_benchmark_results_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    begin, end = "<!-- benchmark:begin article-extraction -->\n", "<!-- benchmark:end article-extraction -->"
    assert begin in readme and end in readme
    quoted = readme.split(begin, 1)[1].split(end, 1)[0]
    assert quoted == RESULTS.read_text(encoding="utf-8")
