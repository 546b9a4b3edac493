"""The release's metadata: Croissant, CITATION.cff, the card's Hub metadata, versions that agree."""

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import datasets
import pyarrow.parquet as pq
import pytest
import yaml

import newspara
from conftest import ROOT
from newspara import release
from newspara.card import FRONT_MATTER, size_category
from newspara.croissant import RAI_SECTIONS, card_sections, field_descriptions
from newspara.package import CONFIGS, FEATURES, data_file, sha256_of
from newspara.records import LABELS
from newspara.split import SPLITS

DATASET = ROOT / "dataset"
DEAD = "http://127.0.0.1:9"
BIN = Path(sys.executable).parent
HUB_RESOURCES = Path(datasets.__file__).parent / "utils" / "resources"
#: Licence identifiers the Hub accepts (the data and general-purpose ones of hub-docs,
#: docs/hub/repositories-licenses.md).
HUB_LICENSES = {
    *("apache-2.0", "mit", "openrail", "bsd", "bsd-2-clause", "bsd-3-clause", "cc", "cc0-1.0", "cc-by-2.0"),
    *("cc-by-2.5", "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0", "cc-by-sa-4.0", "cc-by-nc-2.0", "cc-by-nc-3.0"),
    *("cc-by-nc-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-3.0", "cc-by-nc-nd-4.0", "cc-by-nc-sa-2.0", "cc-by-nc-sa-3.0"),
    *("cc-by-nc-sa-4.0", "cdla-sharing-1.0", "cdla-permissive-1.0", "cdla-permissive-2.0", "odc-by", "odbl"),
    *("pddl", "gpl-3.0", "lgpl-3.0", "agpl-3.0", "mpl-2.0", "unlicense", "unknown", "other"),
}
#: The Hub's subtasks of ``text-classification`` (huggingface.js, packages/tasks/src/pipelines.ts).
TEXT_CLASSIFICATION_TASK_IDS = {
    *("acceptability-classification", "entity-linking-classification", "fact-checking", "intent-classification"),
    *("language-identification", "multi-class-classification", "multi-label-classification"),
    *("multi-input-text-classification", "natural-language-inference", "semantic-similarity-classification"),
    *("sentiment-classification", "topic-classification", "semantic-similarity-scoring", "sentiment-scoring"),
    *("sentiment-analysis", "hate-speech-detection", "text-scoring"),
}
#: Headings of the Hub's dataset card template (huggingface_hub, templates/datasetcard_template.md)
#: and the sections answering the Datasheets-for-Datasets questions.
TEMPLATE_HEADINGS = (
    *("Dataset Details", "Dataset Description", "Dataset Sources", "Uses", "Direct Use", "Out-of-Scope Use"),
    *("Dataset Structure", "Dataset Creation", "Curation Rationale", "Source Data"),
    *("Data Collection and Processing", "Who are the source data producers?", "Annotations"),
    *("Annotation process", "Who are the annotators?", "Personal and Sensitive Information"),
    *("Bias, Risks, and Limitations", "Recommendations", "Citation", "Glossary", "More Information"),
    *("Dataset Card Authors", "Dataset Card Contact"),
)
DATASHEET_HEADINGS = {
    "motivation": "Curation Rationale",
    "composition": "Composition",
    "collection": "Data Collection and Processing",
    "preprocessing": "Preprocessing",
    "labelling": "Annotation process",
    "uses": "Uses",
    "distribution": "Distribution",
    "maintenance": "Maintenance",
    "versioning rule": "Versioning",
}


@pytest.fixture(scope="module")
def croissant():
    return json.loads((DATASET / "croissant.json").read_text())


@pytest.fixture(scope="module")
def card():
    return (DATASET / "README.md").read_text()


@pytest.fixture(scope="module")
def card_yaml(card):
    return yaml.safe_load(FRONT_MATTER.match(card).group(0).strip("-\n"))


@pytest.fixture(scope="module")
def cff():
    return yaml.safe_load((ROOT / "CITATION.cff").read_text())


def test_version_title_and_licence_agree_everywhere(croissant, card, card_yaml, cff):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "newspara.__version__"}
    version, title = newspara.__version__, release.TITLE
    assert (croissant["version"], cff["version"]) == (version, version)
    assert f"**Version:** {version}, released {release.RELEASED}" in card
    assert f"version = {{{version}}}" in card
    assert (croissant["name"], cff["title"], card_yaml["pretty_name"]) == (title, title, title)
    assert project["project"]["description"].startswith(f"{title}:")
    assert f"# Dataset Card for {title}\n" in card
    assert project["project"]["license"] == cff["license"] == release.LICENSE == "CC-BY-4.0"
    assert croissant["license"] == ["https://creativecommons.org/licenses/by/4.0/"]
    assert card_yaml["license"] == "other" and card_yaml["license_name"].startswith("cc-by-4.0")
    assert (DATASET / card_yaml["license_link"]).read_text() == release.license_file()
    assert croissant["datePublished"] == cff["date-released"] == release.RELEASED


def test_changelog_leads_with_this_release():
    entries = re.findall(r"^## (\S+) — (\d{4}-\d{2}-\d{2})$", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert entries[0] == (release.VERSION, release.RELEASED)
    assert len({version for version, _ in entries}) == len(entries)


def test_repository_citation_file_is_the_datasets():
    assert (ROOT / "CITATION.cff").read_text() == (DATASET / "CITATION.cff").read_text() == release.citation_cff()


def test_citation_file_is_valid_cff(cff):
    assert cff["type"] == "dataset"
    result = subprocess.run(
        [BIN / "cffconvert", "--validate", "--infile", ROOT / "CITATION.cff"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_card_cites_with_the_releases_bibtex(card, croissant):
    assert f"```bibtex\n{release.bibtex()}```" in card
    assert croissant["citeAs"] == release.bibtex()
    assert release.bibtex().startswith(f"@misc{{{release.citation_key()},")


def test_no_placeholder_address_is_given_as_the_datasets_home(croissant, cff):
    for url in (croissant.get("url"), cff.get("url"), release.HOMEPAGE):
        assert url is None or (url.startswith("https://") and ".example" not in url)
    assert croissant.get("url") == cff.get("url") == release.HOMEPAGE


def test_croissant_is_valid(tmp_path):
    result = subprocess.run(
        [BIN / "mlcroissant", "validate", "--jsonld", DATASET / "croissant.json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    # absl writes warnings and errors as "W1127 ..." and "E1127 ..." lines, the logging module as "WARNING:".
    assert not re.search(r"^([WE]\d{4} |WARNING|ERROR)", result.stderr, re.M), result.stderr


def test_croissant_files_are_the_parquet_files_with_their_checksums(croissant):
    files = {d["contentUrl"]: d for d in croissant["distribution"] if d["@type"] == "cr:FileObject"}
    expected = {data_file(config, split) for config in CONFIGS for split in SPLITS}
    assert set(files) == expected
    for name, entry in files.items():
        assert entry["sha256"] == sha256_of(DATASET / name), name
    filesets = {d["includes"] for d in croissant["distribution"] if d["@type"] == "cr:FileSet"}
    assert filesets == {f"{config}/*.parquet" for config in CONFIGS}


def test_croissant_record_sets_have_every_parquet_column_described_as_in_the_card(croissant, card):
    record_sets = {r["@id"]: r for r in croissant["recordSet"]}
    for config in CONFIGS:
        columns = pq.read_schema(DATASET / data_file(config, "train")).names
        fields = [f["name"] for f in record_sets[config]["field"]]
        assert fields == ["split", *columns] and columns == list(FEATURES[config])
    described = field_descriptions(card)
    for config in CONFIGS:
        undocumented = [f["name"] for f in record_sets[config]["field"][1:] if f["name"] not in described[config]]
        assert not undocumented, f"fields missing from the card's Data Fields table for {config}: {undocumented}"
        for field in record_sets[config]["field"][1:]:
            assert field["description"] == described[config][field["name"]]
    labels = record_sets["labels"]
    assert [row["labels/name"] for row in labels["data"]] == list(LABELS)
    label_field = next(f for f in record_sets["paragraphs"]["field"] if f["name"] == "label")
    assert label_field["references"] == {"field": {"@id": "labels/index"}}


def test_croissant_rai_fields_quote_the_card(croissant, card):
    sections = card_sections(card)
    for prop, headings in RAI_SECTIONS.items():
        for heading in headings:
            assert sections[heading] and sections[heading] in croissant[prop], prop
    assert "synthetic" in croissant["rai:dataCollection"].lower()
    assert any("synthetic" in kind for kind in croissant["rai:dataCollectionType"])
    agreement = croissant["rai:dataAnnotationAnalysis"]
    assert "Cohen's kappa" in agreement and "newspara:" not in agreement


def test_mlcroissant_loads_every_record_offline(tmp_path):
    # A copy of the folder in a fresh place: the records come from its own files, not from a cache.
    folder = tmp_path / "dataset"
    shutil.copytree(DATASET, folder)
    script = (
        "import json, sys, mlcroissant as mlc\n"
        "ds = mlc.Dataset(jsonld=sys.argv[1])\n"
        "print(json.dumps({rs: [[r[f'{rs}/split'].decode(), r[f'{rs}/' + key]] for r in ds.records(record_set=rs)]"
        " for rs, key in (('paragraphs', 'label'), ('articles', 'n_blocks'))}, default=int))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, folder / "croissant.json"],
        capture_output=True,
        text=True,
        # Any attempt to reach the network goes to a closed port and fails.
        env={"PATH": str(BIN), "HOME": str(tmp_path), "HTTP_PROXY": DEAD, "HTTPS_PROXY": DEAD, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout.splitlines()[-1])
    for config, column in (("paragraphs", "label"), ("articles", "n_blocks")):
        expected = sorted(
            [split, value]
            for split in SPLITS
            for value in pq.read_table(DATASET / data_file(config, split), columns=[column])[column].to_pylist()
        )
        assert sorted(records[config]) == expected


def test_card_metadata_uses_the_hubs_vocabularies(card_yaml):
    creators = json.loads((HUB_RESOURCES / "creators.json").read_text())
    multilinguality = json.loads((HUB_RESOURCES / "multilingualities.json").read_text())
    sizes = json.loads((HUB_RESOURCES / "size_categories.json").read_text())
    assert card_yaml["license"] in HUB_LICENSES
    assert card_yaml["license"] != "other" or {"license_name", "license_link"} <= set(card_yaml)
    assert card_yaml["task_categories"] == ["text-classification"]
    assert set(card_yaml["task_ids"]) <= TEXT_CLASSIFICATION_TASK_IDS
    assert set(card_yaml["annotations_creators"]) <= set(creators["annotations"])
    assert set(card_yaml["language_creators"]) <= set(creators["language"])
    assert set(card_yaml["multilinguality"]) <= set(multilinguality)
    assert set(card_yaml["language"]) <= set(json.loads((HUB_RESOURCES / "languages.json").read_text()))
    rows = sum(s["num_examples"] for s in card_yaml["dataset_info"][0]["splits"])
    assert card_yaml["size_categories"] == [size_category(rows)]
    assert set(card_yaml["size_categories"]) <= set(sizes)


@pytest.mark.parametrize("rows", [0, 999, 1_000, 5_389, 10_000, 999_999, 1_000_000, 10**13])
def test_size_category_is_the_hub_value_whose_range_holds_the_row_count(rows):
    name = size_category(rows)
    assert name in json.loads((HUB_RESOURCES / "size_categories.json").read_text())
    scale = {"K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
    bounds = [int(n[:-1]) * scale[n[-1]] for n in re.findall(r"\d+[KMBT]", name)]
    low, high = (0, *bounds) if name.startswith("n<") else (*bounds, float("inf"))[:2]
    assert low <= rows < high


def test_card_follows_the_hub_template_and_answers_the_datasheet_questions(card):
    headings = card_sections(card)
    missing = [h for h in (*TEMPLATE_HEADINGS, *DATASHEET_HEADINGS.values()) if h not in headings]
    assert not missing


def test_no_card_section_is_empty_or_a_placeholder(card):
    body = FRONT_MATTER.sub("", card)
    for placeholder in ("[More Information Needed]", "TODO", "TBD", "FIXME", "XXX", "{{ "):
        assert placeholder not in body
    headings = list(re.finditer(r"^(#{1,4}) (.+)$", body, re.M))
    for here, after in zip(headings, [*headings[1:], None], strict=True):
        # A heading directly followed by a deeper one is the parent of non-empty sections.
        text = body[here.end() : after.start() if after else len(body)].strip()
        assert text or (after is not None and len(after.group(1)) > len(here.group(1))), here.group(2)
