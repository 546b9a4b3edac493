"""Croissant metadata and citation files written by the build, on a small corpus written for the tests."""

import json

import datasets
import pytest

from conftest import ROOT
from newspara import release
from newspara.build import build
from newspara.croissant import (
    RAI_SECTIONS,
    _data_type,
    card_sections,
    field_descriptions,
    missing_rai_sections,
    rai_fields,
)
from newspara.package import sha256_of
from newspara.records import InputError

CARD = """# Card

## Uses

### Direct Use

Label blocks.
<!-- newspara:begin agreement -->
kappa 0.9
<!-- newspara:end agreement -->

### Out-of-Scope Use

Not facts.
"""


def test_card_sections_are_the_text_under_each_heading_without_markers():
    sections = card_sections(CARD)
    assert sections == {"Uses": "", "Direct Use": "Label blocks.\nkappa 0.9", "Out-of-Scope Use": "Not facts."}


def test_rai_property_of_several_sections_names_each():
    assert (
        rai_fields(CARD)["rai:dataUseCases"] == "Direct Use: Label blocks.\nkappa 0.9\n\nOut-of-Scope Use: Not facts."
    )


def test_missing_sections_are_reported_by_heading():
    missing = missing_rai_sections(CARD)
    assert "Direct Use" not in missing and "Biases" in missing
    assert set(missing) == {h for headings in RAI_SECTIONS.values() for h in headings} - {
        "Direct Use",
        "Out-of-Scope Use",
    }


FIELDS = """## Dataset Structure

### Data Fields

`paragraphs` (default):

| field | type | meaning |
|---|---|---|
| `id` | string | the block's id |
| `char_start`, `char_end` | int64 | its span |

`articles`:

| field | type | meaning |
|---|---|---|
| `id` | | the article's id |
"""


def test_field_descriptions_come_from_each_configs_table():
    assert field_descriptions(FIELDS) == {
        "paragraphs": {"id": "the block's id", "char_start": "its span", "char_end": "its span"},
        "articles": {"id": "the article's id"},
    }


@pytest.mark.parametrize(
    ("feature", "expected"),
    [
        (datasets.Value("string"), ("sc:Text", False)),
        (datasets.Value("int32"), ("cr:Int32", False)),
        (datasets.Value("bool"), ("sc:Boolean", False)),
        (datasets.ClassLabel(names=["a", "b"]), ("sc:Integer", False)),
        (datasets.List(datasets.Value("string")), ("sc:Text", True)),
    ],
)
def test_feature_types_map_to_croissant_types(feature, expected):
    assert _data_type(feature) == expected


def test_unmapped_feature_type_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="float16"):
        _data_type(datasets.Value("float16"))


def test_build_writes_croissant_citation_and_licence_listed_in_checksums(corpus, tmp_path):
    build(corpus, tmp_path / "ds", progress=False)
    folder = tmp_path / "ds"
    metadata = json.loads((folder / "croissant.json").read_text())
    for entry in metadata["distribution"]:
        if entry["@type"] == "cr:FileObject":
            assert entry["sha256"] == sha256_of(folder / entry["contentUrl"])
    assert (folder / "CITATION.cff").read_text() == release.citation_cff()
    assert (folder / "LICENSE").read_text() == release.license_file()
    listed = {line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()}
    assert {"croissant.json", "CITATION.cff", "LICENSE"} <= listed


def test_build_with_the_project_card_writes_every_rai_field_and_the_citation_copy(corpus, tmp_path):
    card = tmp_path / "CARD.md"
    card.write_text((ROOT / "DATASET_CARD.md").read_text())
    build(corpus, tmp_path / "ds", card_template=card, citation=tmp_path / "CITATION.cff", progress=False)
    metadata = json.loads((tmp_path / "ds" / "croissant.json").read_text())
    assert set(RAI_SECTIONS) <= set(metadata)
    assert (tmp_path / "CITATION.cff").read_text() == release.citation_cff()


def test_card_without_a_section_croissant_quotes_stops_the_build_and_names_it(corpus, tmp_path):
    card = tmp_path / "CARD.md"
    card.write_text((ROOT / "DATASET_CARD.md").read_text().replace("### Biases\n", "### Slants\n"))
    with pytest.raises(InputError, match=r"CARD\.md: no text under the heading 'Biases'"):
        build(corpus, tmp_path / "ds", card_template=card, progress=False)
    assert not (tmp_path / "ds").exists()
