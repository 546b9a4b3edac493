"""Held-out outlets, held-out conflicts and the learning curve, on a small table written for the tests."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin

from conftest import ARTICLES, labelled_blocks
from newspara.evaluation import article_order, learning_curve, leave_one_group_out, transfer
from newspara.model import KeywordRules, majority_classifier
from newspara.records import InputError


class Spy(ClassifierMixin, BaseEstimator):
    """Remembers the articles it was trained on and fails if asked to label one of them."""

    def fit(self, X, y):
        self.seen_ = set(X["article_id"])
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        leaked = self.seen_ & set(X["article_id"])
        assert not leaked, f"tested on training articles {leaked}"
        return np.array(["boilerplate"] * len(X))


def test_every_held_out_outlet_is_labelled_by_a_model_that_never_saw_it():
    data = labelled_blocks()
    result = leave_one_group_out({"spy": Spy, "majority": majority_classifier}, data, "outlet", min_articles=1)
    assert result["groups"] == sorted(data["outlet"].unique())
    pooled = result["models"]["spy"]["pooled"]
    assert pooled["blocks"] == len(data) and pooled["articles"] == data["article_id"].nunique()
    assert set(result["models"]["majority"]["per_group"]) == set(result["groups"])


def test_small_outlets_are_not_held_out_but_stay_in_training():
    data = labelled_blocks()
    data.loc[data["article_id"] == "bravo-report", "outlet"] = "alpha"  # alpha now has two articles
    trained_on = []

    class Recorder(Spy):
        def fit(self, X, y):
            trained_on.append(set(X["outlet"]))
            return super().fit(X, y)

    result = leave_one_group_out({"recorder": Recorder}, data, "outlet", min_articles=2)
    assert result["groups"] == ["alpha"]
    assert trained_on == [{"charlie", "delta", "echo", "foxtrot"}]


def test_no_group_large_enough_is_a_clear_error():
    with pytest.raises(InputError, match="no outlet has 5 or more articles"):
        leave_one_group_out({"spy": Spy}, labelled_blocks(), "outlet", min_articles=5)


def test_transfer_trains_on_one_side_and_tests_on_the_other_both_ways():
    data = labelled_blocks()
    result = transfer({"spy": Spy, "rules": KeywordRules}, data, "conflict", "sudan")
    assert list(result["directions"]) == ["sudan → rest", "rest → sudan"]
    assert result["directions"]["sudan → rest"]["spy"]["articles"] == 4
    assert result["directions"]["rest → sudan"]["rules"]["articles"] == 2


def test_transfer_on_a_value_no_article_has_is_refused():
    with pytest.raises(InputError, match="conflict='syria'"):
        transfer({"spy": Spy}, labelled_blocks(), "conflict", "syria")


def test_article_order_is_a_seeded_permutation_that_differs_between_repeats():
    articles = sorted(ARTICLES)
    first = article_order(articles, 0)
    assert sorted(first) == articles and first == article_order(articles, 0)
    assert first != article_order(articles, 1)


def test_learning_curve_ends_at_the_full_training_set_with_one_score_per_repeat():
    data = labelled_blocks()
    train, test = data[data["conflict"] == "libya"], data[data["conflict"] == "sudan"]
    result = learning_curve({"majority": majority_classifier}, train, test, sizes=(1, 2, 10), repeats=2)
    assert result["articles"] == [1, 2, 4]
    assert [len(values) for values in result["models"]["majority"]] == [2, 2, 2]
    assert result["models"]["majority"][-1][0] == result["models"]["majority"][-1][1]
