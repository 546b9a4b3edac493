import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score

from newspara.records import LABELS
from newspara.report import (
    _f1_from_confusion,
    bootstrap_intervals,
    comparison_table,
    confident_errors,
    error_report,
    evaluate,
    generalisation_table,
    macro_f1_standard_error,
    plot_confusion,
    plot_learning_curve,
    scores,
)

TRUE = ["diplomacy", "military", "background", "boilerplate"] * 5
PRED = ["diplomacy", "military", "military", "boilerplate"] * 5
GROUPS = [f"a{n // 4}" for n in range(20)]


def test_scores_match_scikit_learn():
    result = scores(TRUE, PRED)
    assert result["macro_f1"] == round(f1_score(TRUE, PRED, average="macro", labels=list(LABELS)), 4)
    assert result["per_class"]["background"]["recall"] == 0.0


def test_confusion_f1_matches_scikit_learn():
    matrix = np.array([[3, 1, 0, 0], [0, 2, 0, 0], [1, 0, 0, 0], [0, 0, 0, 5]])
    y_true = [LABELS[i] for i in range(4) for j in range(4) for _ in range(matrix[i, j])]
    y_pred = [LABELS[j] for i in range(4) for j in range(4) for _ in range(matrix[i, j])]
    expected = f1_score(y_true, y_pred, labels=list(LABELS), average=None, zero_division=0)
    assert np.allclose(_f1_from_confusion(matrix), expected)


def test_bootstrap_interval_contains_the_point_estimate_and_is_seeded():
    one = bootstrap_intervals(TRUE, PRED, GROUPS)
    assert one == bootstrap_intervals(TRUE, PRED, GROUPS)
    low, high = one["accuracy"]
    assert low <= scores(TRUE, PRED)["accuracy"] <= high


def test_perfect_predictions_have_a_degenerate_interval():
    assert bootstrap_intervals(TRUE, TRUE, GROUPS)["macro_f1"] == [1.0, 1.0]


def test_macro_f1_has_no_standard_error_when_every_article_is_alike():
    assert macro_f1_standard_error(TRUE, PRED, GROUPS) == pytest.approx(0.0, abs=1e-12)


def test_macro_f1_has_a_standard_error_when_articles_differ():
    uneven = TRUE[:4] * 2 + PRED[8:]
    assert macro_f1_standard_error(TRUE, uneven, GROUPS) > 0.0


def test_evaluate_counts_blocks_and_articles():
    result = evaluate(TRUE, PRED, GROUPS)
    assert (result["blocks"], result["articles"]) == (20, 5)
    assert sum(map(sum, result["confusion_matrix"])) == 20


def test_confusion_figure_is_byte_identical_on_rerun(tmp_path):
    matrix = [[5, 1, 0, 0], [0, 4, 1, 0], [0, 0, 6, 0], [0, 0, 0, 9]]
    plot_confusion(matrix, tmp_path / "a.png", "t")
    plot_confusion(matrix, tmp_path / "b.png", "t")
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_precision_and_recall_intervals_contain_the_point_estimates():
    result = scores(TRUE, PRED)
    intervals = bootstrap_intervals(TRUE, PRED, GROUPS)
    for label in LABELS:
        for metric in ("precision", "recall"):
            low, high = intervals[metric][label]
            assert low <= result["per_class"][label][metric] <= high


def test_learning_curve_figure_is_byte_identical_on_rerun(tmp_path):
    curve = {"articles": [10, 20, 40], "repeats": 2, "models": {"m": [[0.5, 0.6], [0.7, 0.7], [0.8, 0.9]]}}
    plot_learning_curve(curve, tmp_path / "a.png", "t")
    plot_learning_curve(curve, tmp_path / "b.png", "t")
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_comparison_table_shows_timings_only_when_given():
    result = {"m": evaluate(TRUE, PRED, GROUPS)}
    assert "fit (s)" not in comparison_table(result)
    timed = comparison_table(result, {"m": {"fit_seconds": 1.5, "predict_seconds": 0.002, "predict_blocks": 20}})
    assert timed.splitlines()[0].endswith("fit (s) | predict (µs per block) |")
    assert timed.splitlines()[2].endswith("| 1.50 | 100 |")


def test_generalisation_table_puts_each_protocol_next_to_the_random_split():
    good, bad = evaluate(TRUE, TRUE, GROUPS), evaluate(TRUE, PRED, GROUPS)
    outlets = {"column": "outlet", "models": {"m": {"pooled": bad}}}
    conflicts = {"directions": {"libya → rest": {"m": good}, "rest → libya": {"m": bad}}}
    table = generalisation_table({"m": good}, outlets, conflicts, "macro_f1")
    assert (
        table.splitlines()[0]
        == "| model | random split (test) | leave one outlet out (pooled) | libya → rest | rest → libya |"
    )
    low, high = bad["ci95"]["macro_f1"]
    assert table.splitlines()[2] == (
        f"| m | 1.000 [1.000, 1.000] | {bad['macro_f1']:.3f} [{low:.3f}, {high:.3f}] | 1.000 [1.000, 1.000] "
        f"| {bad['macro_f1']:.3f} [{low:.3f}, {high:.3f}] |"
    )


def blocks():
    return pd.DataFrame(
        {
            "article_id": ["b", "a", "a", "c", "c"],
            "block": [0, 3, 1, 2, 0],
            "text": ["x | y", "two", "three", "four", "five"],
            "label": ["military", "military", "military", "background", "diplomacy"],
        }
    )


def test_confident_errors_keep_the_most_confident_per_pair_in_a_fixed_order():
    classes = ["background", "boilerplate", "diplomacy", "military"]
    probabilities = np.array(
        [
            [0.1, 0.0, 0.9, 0.0],  # military -> diplomacy, 0.9
            [0.1, 0.0, 0.9, 0.0],  # military -> diplomacy, 0.9: tie, article a goes first
            [0.3, 0.0, 0.6, 0.1],  # military -> diplomacy, 0.6: beyond per_pair
            [0.9, 0.0, 0.0, 0.1],  # background, right
            [0.0, 0.8, 0.2, 0.0],  # diplomacy -> boilerplate
        ]
    )
    rows = confident_errors(blocks(), probabilities, classes, per_pair=2)
    assert [(r["true"], r["predicted"], r["article_id"], r["block"]) for r in rows] == [
        ("diplomacy", "boilerplate", "c", 0),
        ("military", "diplomacy", "a", 3),
        ("military", "diplomacy", "b", 0),
    ]
    assert rows[0]["confidence"] == 0.8


def test_error_report_has_a_table_per_pair_and_escapes_pipes():
    rows = [
        {
            "true": "military",
            "predicted": "diplomacy",
            "confidence": 0.9,
            "article_id": "b",
            "block": 0,
            "text": "x | y",
        }
    ]
    report = error_report(rows, "model", "test")
    assert "## true `military`, predicted `diplomacy`" in report
    assert "| 0.900 | `b` | 0 | x \\| y |" in report
    assert "No block of this split is misclassified." in error_report([], "model", "test")
