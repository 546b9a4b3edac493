"""Each bad input of ``bad_inputs.CASES`` gets its outcome and a message naming the place and the fix."""

import pytest

from bad_inputs import CASES, run
from conftest import ROOT
from newspara.card import SECTION

REPORT = ROOT / "docs" / "robustness.md"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_input_gets_its_outcome_and_a_message_naming_place_and_fix(case):
    outcome = run(case.name)
    assert not outcome.traceback, outcome.message
    assert outcome.kind == case.outcome, outcome.message
    for fragment in case.says:
        assert fragment in outcome.message
    if case.outcome == "built":
        assert outcome.blocks == case.blocks


def test_robustness_report_shows_what_the_code_does():
    from bad_inputs import render

    sections = {m.group("name"): m.group(0) for m in SECTION.finditer(REPORT.read_text(encoding="utf-8"))}
    assert render() in sections["bad-inputs"], "docs/robustness.md is stale: run scripts/robustness_report.py"
