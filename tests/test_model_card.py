"""The committed model card quotes metrics.json: its tables and metadata are checked number by number."""

import json

import pytest
import yaml

from conftest import ROOT
from newspara.records import LABELS
from newspara.report import plot_learning_curve
from newspara.train import BASELINE, LEARNING_CURVE_FILE, LEARNING_CURVE_TITLE, METRICS_FILE

MODEL = ROOT / "models" / "baseline"


@pytest.fixture(scope="module")
def card() -> str:
    return (MODEL / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def metrics() -> dict:
    return json.loads((MODEL / METRICS_FILE).read_text(encoding="utf-8"))


def rows(card: str, name: str) -> list[list[str]]:
    """The cells of every table row of the card that starts with ``name``."""
    return [line[2:-2].split(" | ")[1:] for line in card.splitlines() if line.startswith(f"| {name} |")]


def interval(value: float, ci: list[float]) -> str:
    return f"{value:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]"


def test_front_matter_reports_the_baseline_test_scores(card, metrics):
    meta = yaml.safe_load(card.split("---\n")[1])
    reported = {m["name"]: m["value"] for m in meta["model-index"][0]["results"][0]["metrics"]}
    test = metrics["models"][BASELINE]["test"]
    assert reported == {"macro-F1": test["macro_f1"], "accuracy": test["accuracy"]}
    assert meta["library_name"] == "sklearn"


def test_comparison_table_has_every_model_with_its_test_scores(card, metrics):
    for name, result in metrics["models"].items():
        test = result["test"]
        cells = rows(card, name)[0]
        assert cells[0] == interval(test["macro_f1"], test["ci95"]["macro_f1"])
        assert cells[1] == f"{test['accuracy']:.3f}"
        assert cells[2 : 2 + len(LABELS)] == [f"{test['per_class'][label]['f1']:.3f}" for label in LABELS]


def test_generalisation_tables_quote_each_protocol(card, metrics):
    outlets = metrics["generalisation"]["outlet"]
    conflicts = metrics["generalisation"]["conflict"]["directions"]
    for name, result in metrics["models"].items():
        macro, boilerplate = rows(card, name)[1:3]
        pooled = outlets["models"][name]["pooled"]
        assert macro[0] == interval(result["test"]["macro_f1"], result["test"]["ci95"]["macro_f1"])
        assert macro[1] == interval(pooled["macro_f1"], pooled["ci95"]["macro_f1"])
        assert macro[2:] == [interval(d[name]["macro_f1"], d[name]["ci95"]["macro_f1"]) for d in conflicts.values()]
        boilerplate_f1 = pooled["per_class"]["boilerplate"]["f1"]
        assert boilerplate[1] == interval(boilerplate_f1, pooled["ci95"]["f1"]["boilerplate"])


def test_per_outlet_table_has_every_held_out_outlet(card, metrics):
    outlets = metrics["generalisation"]["outlet"]
    for group in outlets["groups"]:
        cells = rows(card, group)[0]
        expected = [
            f"{r['macro_f1']:.3f} ({r['boilerplate_f1']:.3f})"
            for r in (model["per_group"][group] for model in outlets["models"].values())
        ]
        assert cells[1:] == expected


def test_learning_curve_table_and_figure_come_from_the_metrics(card, metrics, tmp_path):
    curve = metrics["learning_curve"]
    plot_learning_curve(curve, tmp_path / "curve.png", LEARNING_CURVE_TITLE)
    assert (tmp_path / "curve.png").read_bytes() == (MODEL / LEARNING_CURVE_FILE).read_bytes()
    for name, values in curve["models"].items():
        assert (
            rows(card, name)[3][-1]
            == f"{sum(values[-1]) / len(values[-1]):.3f} [{min(values[-1]):.3f}, {max(values[-1]):.3f}]"
        )
    assert "![learning curve](learning_curve.png)" in card


def test_error_analysis_is_linked_and_lists_test_blocks(card):
    assert "[`errors.md`](errors.md)" in card
    errors = (MODEL / "errors.md").read_text(encoding="utf-8")
    assert errors.startswith(f"# Error analysis: {BASELINE}, test split")
    assert "## true `" in errors
