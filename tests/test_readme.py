"""Numbers quoted in the README come from the committed dataset and model."""

from conftest import ROOT
from newspara.card import SECTION
from newspara.summary import summary


def test_readme_results_are_the_summary_of_the_committed_data():
    sections = {m.group("name"): m.group(0) for m in SECTION.finditer((ROOT / "README.md").read_text())}
    expected = summary(ROOT / "dataset", ROOT / "models" / "baseline")
    assert expected in sections["results"]


def test_readme_gives_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make reproduce" in readme and "make test" in readme
