from collections import Counter

from newspara.split import near_duplicate_groups, signature, split_for

STORY = (
    "Armed groups loyal to the eastern commander advanced on the capital on Thursday, "
    "seizing a string of towns to the south as the United Nations prepared for a national conference. "
    "Residents of the southern suburbs said they heard heavy gunfire through the night and saw columns of "
    "vehicles on the airport road. The government in Tripoli ordered its forces to confront the advance. "
    "Diplomats said the offensive threatened a conference planned for later this month."
)


def test_split_is_a_pure_function_of_the_group_id():
    assert split_for("article-1") == split_for("article-1")
    assert split_for("article-1", salt="other") in {"train", "validation", "test"}


def test_split_shares_are_about_70_15_15():
    shares = Counter(split_for(f"article-{n}") for n in range(20_000))
    assert abs(shares["train"] / 20_000 - 0.70) < 0.02
    assert abs(shares["validation"] / 20_000 - 0.15) < 0.02
    assert abs(shares["test"] / 20_000 - 0.15) < 0.02


def test_syndicated_copies_share_a_group_named_by_the_smallest_id():
    groups = near_duplicate_groups(
        {
            "wire-1": signature([STORY]),
            "paper-7": signature([STORY.rsplit(". ", 1)[0].replace("Thursday", "Thursday morning")]),
            "other-3": signature(["Talks between the rival governments resumed in Geneva under UN auspices."]),
        }
    )
    assert groups == {"wire-1": "paper-7", "paper-7": "paper-7", "other-3": "other-3"}


def test_groups_do_not_depend_on_input_order():
    signatures = {f"a{n}": signature([STORY if n % 2 else f"unrelated text number {n} about oil"]) for n in range(6)}
    reversed_input = dict(reversed(list(signatures.items())))
    assert near_duplicate_groups(signatures) == near_duplicate_groups(reversed_input)
