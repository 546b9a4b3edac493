import json

import pytest

from newspara.agreement import agreement, read_pass, second_pass_sample
from newspara.records import InputError


def catalogue(counts):
    return [
        {"id": f"{outlet}-{n:02d}", "outlet": outlet, "synthetic": True}
        for outlet, count in counts.items()
        for n in range(count)
    ]


def test_sample_takes_a_quarter_of_every_outlet_rounded_up():
    sample = second_pass_sample(catalogue({"a": 11, "b": 12, "c": 1}))
    assert [sum(i.startswith(o) for i in sample) for o in "abc"] == [3, 3, 1]


def test_sample_is_seeded_and_ignores_catalogue_order():
    records = catalogue({"a": 11, "b": 12})
    assert second_pass_sample(records) == second_pass_sample(list(reversed(records)))
    assert second_pass_sample(records, salt="other") != second_pass_sample(records)


def test_adding_articles_to_another_outlet_keeps_the_sample_of_this_one():
    small = second_pass_sample(catalogue({"a": 11}))
    larger = second_pass_sample(catalogue({"a": 11, "b": 30}))
    assert [i for i in larger if i.startswith("a")] == small


def test_real_articles_are_not_sampled():
    records = [*catalogue({"a": 4}), {"id": "seed", "outlet": "x", "synthetic": False}]
    assert "seed" not in second_pass_sample(records)


def test_identical_passes_have_kappa_one():
    labels = ["diplomacy", "military", "background", "boilerplate"] * 3
    result = agreement(labels, labels)
    assert (result["kappa"], result["observed"]) == (1.0, 1.0)
    assert set(result["kappa_per_label"].values()) == {1.0}


def test_one_disagreement_lowers_kappa_for_its_two_labels_only():
    first = ["diplomacy", "military", "background", "boilerplate"] * 3
    second = ["background", *first[1:]]
    per_label = agreement(first, second)["kappa_per_label"]
    assert per_label["military"] == per_label["boilerplate"] == 1.0
    assert per_label["diplomacy"] < 1.0 and per_label["background"] < 1.0


def test_pass_file_with_a_gap_is_refused(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(
        json.dumps({"block": 0, "label": "military", "text": "a"})
        + "\n"
        + json.dumps({"block": 2, "label": "military", "text": "b"})
        + "\n"
    )
    with pytest.raises(InputError, match=r"x\.jsonl, line 2: expected block 1"):
        read_pass(path)
