import pandas as pd
import pytest
import skops.io as sio

from conftest import ARTICLES
from newspara.features import STRUCTURE_NAMES, block_table, structural_features
from newspara.model import KeywordRules, load_model, save_model, text_classifier
from newspara.records import LABELS, InputError
from newspara.segment import segment


def table():
    rows = []
    for article_id, blocks in ARTICLES.items():
        for n, (text, label) in enumerate(blocks):
            rows.append(
                {
                    "text": text,
                    "block": n,
                    "n_blocks": len(blocks),
                    "is_duplicate": False,
                    "label": label,
                    "article_id": article_id,
                }
            )
    return pd.DataFrame(rows)


def test_block_table_has_the_model_columns():
    frame = block_table(segment("Headline\n\nA body sentence that is long enough to count.\n\nShare"))
    assert list(frame.columns) == ["text", "block", "n_blocks", "is_duplicate"]
    assert frame["n_blocks"].tolist() == [3, 3, 3]


def test_structural_features_have_one_named_column_each():
    assert structural_features(table()).shape == (len(table()), len(STRUCTURE_NAMES))


def test_baseline_fits_and_gives_a_probability_per_label():
    data = table()
    model = text_classifier().fit(data, data["label"])
    probabilities = model.predict_proba(data)
    assert sorted(model.classes_) == sorted(LABELS)
    assert probabilities.shape == (len(data), 4)
    assert (model.predict(data) == data["label"]).mean() > 0.9


def test_keyword_rules_follow_furniture_then_keywords():
    frame = pd.DataFrame(
        {
            "text": [
                "Share this article",
                "Troops shelled the town and clashes followed overnight.",
                "Envoys held talks on a ceasefire agreement at the summit.",
                "The economy depends on crude exports and imports of food.",
            ]
        }
    )
    assert KeywordRules().fit(frame).predict(frame).tolist() == ["boilerplate", "military", "diplomacy", "background"]


def test_saved_model_loads_and_predicts_the_same(tmp_path):
    data = table()
    model = text_classifier().fit(data, data["label"])
    save_model(model, tmp_path)
    assert (load_model(tmp_path).predict_proba(data) == model.predict_proba(data)).all()


def test_folder_holding_a_pickle_is_refused(tmp_path):
    (tmp_path / "model.pkl").write_bytes(b"\x80\x04N.")
    with pytest.raises(InputError, match="pickle"):
        load_model(tmp_path)


class Crafted:
    """A type no baseline contains: loading it would import and run this module's code."""


def test_model_with_an_untrusted_type_is_refused(tmp_path):
    sio.dump(Crafted(), tmp_path / "model.skops")
    with pytest.raises(InputError, match=r"untrusted type\(s\) .*Crafted"):
        load_model(tmp_path)


def test_missing_model_is_named(tmp_path):
    with pytest.raises(InputError, match=r"model\.skops: no such file"):
        load_model(tmp_path)
