import numpy as np
from sklearn.metrics import f1_score

from newspara.records import LABELS
from newspara.report import _f1_from_confusion, bootstrap_intervals, evaluate, plot_confusion, scores

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
