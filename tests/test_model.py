import numpy as np
import pandas as pd
import pytest
import skops.io as sio

from conftest import labelled_blocks
from newspara.features import (
    PAGE_NAMES,
    STRUCTURE_NAMES,
    block_table,
    cue_matrix,
    main_element,
    main_text,
    page_features,
    pages_table,
    structural_features,
    text_shape,
)
from newspara.furniture import PATTERNS
from newspara.html import html_blocks
from newspara.model import KeywordRules, load_model, save_model, text_classifier
from newspara.records import LABELS, InputError
from newspara.segment import segment
from newspara.train import one_standard_error_rule


def test_block_table_has_the_model_columns():
    frame = block_table(segment("Headline\n\nA body sentence that is long enough to count.\n\nShare"))
    assert list(frame.columns) == ["text", "block", "n_blocks", "is_duplicate", "article_id"]
    assert frame["n_blocks"].tolist() == [3, 3, 3]


def test_blocks_of_an_html_page_add_their_structure():
    blocks, _ = html_blocks("<body><nav><a href='/'>Home</a></nav><p>A body sentence, long enough.</p></body>")
    frame = block_table(blocks)
    assert frame["link_density"].tolist() == [1.0, 0.0]
    assert "nav" in frame["regions"][0] and frame["regions"][1] == []
    assert frame["heading"].tolist() == [0, 0]


def test_a_table_of_text_and_html_pages_leaves_the_text_pages_without_link_density():
    text = segment("Headline\n\nA body sentence that is long enough to count.")
    html, _ = html_blocks("<body><nav><a href='/'>Home</a></nav><p>A body sentence, long enough.</p></body>")
    frame = pages_table([text, html], ["text-page", "html-page"])
    assert frame["article_id"].tolist() == ["text-page"] * 2 + ["html-page"] * 2
    assert np.isnan(frame["link_density"][:2]).all() and frame["link_density"][2:].tolist() == [1.0, 0.0]
    # Each page's features are those it has on its own.
    features = page_features(frame)
    assert np.allclose(features[:2], page_features(block_table(text)))
    assert np.allclose(features[2:], page_features(block_table(html)))


def test_cue_matrix_agrees_with_the_furniture_patterns():
    lines = [
        "This website uses cookies to improve your experience.",
        "Read 2 minutes",
        "By Jane Doe, 12 March 2021",
        "Photo: Staff / Example Agency",
        "Home > World > Africa",
        "Negotiators met in Geneva on Tuesday.",
    ]
    expected = [[float(bool(pattern.search(line))) for pattern in PATTERNS.values()] for line in lines]
    assert cue_matrix(lines).tolist() == expected


def test_function_words_of_languages_other_than_english_count():
    shape = text_shape(
        [
            "Il governo ha detto che la tregua non è stata rispettata per tre giorni.",
            "Pemerintah mengatakan bahwa gencatan senjata itu tidak dihormati selama tiga hari.",
            "Die Regierung sagte, dass die Waffenruhe nicht eingehalten wurde.",
            "Sport Politik Wirtschaft Kultur",
        ]
    )
    assert (shape["stopword_share"][:3] >= 0.25).all()
    assert shape["stopword_share"][3] == 0


def test_page_features_have_one_named_column_each_for_text_and_html():
    text = block_table(segment("Menu\n" + "A long sentence of running prose, with the words an article has. " * 3))
    html = block_table(html_blocks("<body><nav>Menu</nav><p>A sentence of prose, the kind a body has.</p></body>")[0])
    for frame in (text, html, pd.concat([text, html.assign(article_id="other")], ignore_index=True)):
        assert page_features(frame).shape == (len(frame), len(PAGE_NAMES))


def test_features_of_a_page_do_not_depend_on_the_other_pages_in_the_batch():
    one = block_table(segment("Menu\nHeadline of the story\n" + "Running prose of the article body goes on. " * 3))
    other = labelled_blocks().drop(columns="label")
    together = page_features(pd.concat([other, one], ignore_index=True))
    assert np.allclose(together[len(other) :], page_features(one))


def test_main_text_is_the_run_of_prose_blocks_that_menus_cut():
    prose = np.array([0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0], dtype=float)
    assert main_text(prose, gap_cost=0.5) == (2, 7)
    assert main_text(np.zeros(4)) == (0, 0)


def test_main_element_is_the_one_holding_most_prose():
    elements = [(1, 2), (1, 3, 4), (1, 3, 5), (1, 3, 6), (1, 7)]
    weights = np.array([0, 30, 25, 0, 20], dtype=float)
    # Element 3 is the parent of 55 words of prose; element 1 is the parent of 20 and the grandparent of 55 (half).
    assert main_element(elements, weights).tolist() == [False, True, True, True, False]


def test_structural_features_have_one_named_column_each():
    assert structural_features(labelled_blocks()).shape == (len(labelled_blocks()), len(STRUCTURE_NAMES))


def test_baseline_fits_and_gives_a_probability_per_label():
    data = labelled_blocks()
    model = text_classifier().fit(data, data["label"])
    probabilities = model.predict_proba(data)
    assert sorted(model.classes_) == sorted(LABELS)
    assert probabilities.shape == (len(data), 4)
    assert (model.predict(data) == data["label"]).mean() > 0.9


def test_boilerplate_decision_without_the_topic_stage_is_the_label_predict_gives():
    data = labelled_blocks()
    model = text_classifier(C=0.05).fit(data, data["label"])
    furniture = model.boilerplate_probability(data)
    # Weak regularisation leaves some blocks where the topic stage can tip the label.
    assert ((furniture < 0.5) & (furniture * 3 >= 1 - furniture)).any()
    assert (model.is_boilerplate(data) == (model.predict(data) == "boilerplate")).all()


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
    data = labelled_blocks()
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


def test_c_is_the_strongest_regularisation_within_one_standard_error_of_the_best():
    assert one_standard_error_rule({0.3: 0.80, 1.0: 0.855, 3.0: 0.86, 10.0: 0.87}, 10.0, 0.02) == 1.0


def test_c_is_the_best_when_no_other_comes_within_one_standard_error():
    assert one_standard_error_rule({0.3: 0.80, 1.0: 0.84, 3.0: 0.86, 10.0: 0.87}, 10.0, 0.005) == 10.0
