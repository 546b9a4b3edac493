"""Croissant 1.1 metadata (``croissant.json``) for the dataset folder.

Written by the build from what the build knows: the release facts
(``newspara.release``), the Parquet files and their features
(``newspara.package``), and the filled dataset card, whose sections are the
single source of the Responsible-AI texts and of the fields' descriptions. Nothing in it is typed by hand, and
its only date is the release date, so rebuilds are byte-identical.

Croissant's ``FileSet`` has no checksum property, so every Parquet file is also
listed as a ``FileObject`` with its ``sha256``; a config's ``FileSet`` gathers
its files by glob for the record set to read, and says which ``FileObject``
entries carry their checksums.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import datasets

from newspara import release
from newspara.package import CONFIGS, FEATURES, data_file, sha256_of
from newspara.records import LABELS
from newspara.split import SPLITS

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
PARQUET = "application/x-parquet"
#: The ``@context`` of Croissant 1.1 with the Responsible-AI namespace, as mlcroissant writes it.
CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

#: Responsible-AI properties (Croissant RAI vocabulary) and the card sections whose text they carry.
RAI_SECTIONS: dict[str, tuple[str, ...]] = {
    "rai:dataCollection": ("Data Collection and Processing",),
    "rai:dataCollectionRawData": ("Who are the source data producers?",),
    "rai:dataPreprocessingProtocol": ("Preprocessing",),
    "rai:dataAnnotationProtocol": ("Annotation process",),
    "rai:annotatorDemographics": ("Who are the annotators?",),
    "rai:dataAnnotationAnalysis": ("Annotation quality",),
    "rai:dataUseCases": ("Direct Use", "Out-of-Scope Use"),
    "rai:dataLimitations": ("Limitations",),
    "rai:dataBiases": ("Biases",),
    "rai:dataSocialImpact": ("Social Impact",),
    "rai:personalSensitiveInformation": ("Personal and Sensitive Information",),
    "rai:dataReleaseMaintenancePlan": ("Maintenance", "Versioning"),
}
#: How the data were collected, in the RAI vocabulary's recommended terms ("Others" spelled out).
COLLECTION_TYPES = ("Web Scraping", "Others: synthetic text written by language-model agents for this dataset")
HEADING = re.compile(r"^(#{2,4}) (.+?)\s*$", re.M)
#: A row of a "Data Fields" table: | `name`, `name` | type | meaning |
FIELD_ROW = re.compile(r"^\| (?P<names>[^|]*?) \| [^|]*\| (?P<meaning>[^|]+?) \|$")
MARKER = re.compile(r"^<!-- newspara:(begin|end) [\w-]+ -->\n?", re.M)


def card_sections(card: str) -> dict[str, str]:
    """The text under each heading of a card (levels 2 to 4), up to the next heading of any level.

    Generated-section markers are dropped; the text is stripped.
    """
    headings = list(HEADING.finditer(card))
    sections = {}
    for here, after in zip(headings, [*headings[1:], None], strict=True):
        text = card[here.end() : after.start() if after else len(card)]
        sections[here.group(2)] = MARKER.sub("", text).strip()
    return sections


def missing_rai_sections(card: str) -> list[str]:
    """The headings a Responsible-AI property quotes that the card lacks or leaves empty."""
    sections = card_sections(card)
    return [h for headings in RAI_SECTIONS.values() for h in headings if not sections.get(h)]


def rai_fields(card: str) -> dict[str, str]:
    """The Responsible-AI properties, each the text of its card sections.

    A property whose sections the card lacks is left out (the build's default
    card has none); ``newspara build --card`` requires them all.
    """
    sections = card_sections(card)
    fields = {}
    for prop, headings in RAI_SECTIONS.items():
        if all(sections.get(h) for h in headings):
            texts = [f"{h}: {sections[h]}" if len(headings) > 1 else sections[h] for h in headings]
            fields[prop] = "\n\n".join(texts)
    return fields


def field_descriptions(card: str) -> dict[str, dict[str, str]]:
    """Per config, each field's meaning, from the card's "Data Fields" tables.

    A table belongs to the config named in backticks at the start of the line
    that opens it; a row naming several fields gives them all its meaning.
    """
    descriptions: dict[str, dict[str, str]] = {}
    config = None
    for line in card_sections(card).get("Data Fields", "").splitlines():
        if opening := re.match(r"`(\w+)`", line):
            config = opening.group(1)
        elif config and (row := FIELD_ROW.match(line)):
            for name in re.findall(r"`(\w+)`", row["names"]):
                descriptions.setdefault(config, {})[name] = row["meaning"]
    return descriptions


def _data_type(feature) -> tuple[str, bool]:
    """Croissant ``dataType`` of a ``datasets`` feature, and whether it is a list."""
    if isinstance(feature, datasets.List):
        return _data_type(feature.feature)[0], True
    if isinstance(feature, datasets.ClassLabel):
        return "sc:Integer", False
    types = {
        "string": "sc:Text",
        "bool": "sc:Boolean",
        "int32": "cr:Int32",
        "int64": "cr:Int64",
        "float64": "cr:Float64",
    }
    if not isinstance(feature, datasets.Value) or feature.dtype not in types:
        raise ValueError(f"no Croissant data type for feature {feature!r}")
    return types[feature.dtype], False


def _fileset_id(config: str) -> str:
    return f"{config}-parquet"


def _file_object_id(config: str, split: str) -> str:
    return f"{config}-{split}"


def _distribution(folder: Path, splits: Mapping[str, Mapping]) -> list[dict]:
    files, filesets = [], []
    for config in CONFIGS:
        present = [split for split in SPLITS if split in splits[config]]
        for split in present:
            path = folder / data_file(config, split)
            files.append(
                {
                    "@type": "cr:FileObject",
                    "@id": _file_object_id(config, split),
                    "name": data_file(config, split),
                    "description": f"The {split} split of the {config} config.",
                    "contentUrl": data_file(config, split),
                    "contentSize": f"{path.stat().st_size} B",
                    "encodingFormat": PARQUET,
                    "sha256": sha256_of(path),
                }
            )
        checksummed = ", ".join(_file_object_id(config, split) for split in present)
        filesets.append(
            {
                "@type": "cr:FileSet",
                "@id": _fileset_id(config),
                "name": _fileset_id(config),
                "description": f"The Parquet files of the {config} config, one per split; their sha256 "
                f"checksums are on the file objects {checksummed}.",
                "encodingFormat": PARQUET,
                "includes": f"{config}/*.parquet",
            }
        )
    return files + filesets


def _field(config: str, name: str, feature, description: str | None) -> dict:
    data_type, is_array = _data_type(feature)
    field = {
        "@type": "cr:Field",
        "@id": f"{config}/{name}",
        "name": name,
        "description": description or f"Column {name!r} of the Parquet files.",
        "dataType": data_type,
        "source": {"fileSet": {"@id": _fileset_id(config)}, "extract": {"column": name}},
    }
    if is_array:
        field.update({"isArray": True, "arrayShape": "-1"})
    if isinstance(feature, datasets.ClassLabel):
        field["references"] = {"field": {"@id": "labels/index"}}
    return field


def _record_sets(splits: Mapping[str, Mapping], descriptions: Mapping[str, Mapping[str, str]]) -> list[dict]:
    labels = {
        "@type": "cr:RecordSet",
        "@id": "labels",
        "name": "labels",
        "description": "The four labels of the label field (a ClassLabel in the Hugging Face features).",
        "dataType": "sc:Enumeration",
        "key": {"@id": "labels/index"},
        "field": [
            {"@type": "cr:Field", "@id": "labels/index", "name": "index", "dataType": "sc:Integer"},
            {"@type": "cr:Field", "@id": "labels/name", "name": "name", "dataType": "sc:Text"},
        ],
        "data": [{"labels/index": index, "labels/name": name} for index, name in enumerate(LABELS)],
    }
    split_names = {
        "@type": "cr:RecordSet",
        "@id": "splits",
        "name": "splits",
        "description": "The splits: by article, from the salted SHA-256 of its near-duplicate group.",
        "dataType": "cr:Split",
        "key": {"@id": "splits/name"},
        "field": [{"@type": "cr:Field", "@id": "splits/name", "name": "name", "dataType": "sc:Text"}],
        "data": [{"splits/name": split} for split in SPLITS],
    }
    record_sets = [labels, split_names]
    for config in CONFIGS:
        split_field = {
            "@type": "cr:Field",
            "@id": f"{config}/split",
            "name": "split",
            "description": "The split the row belongs to, from its file's name.",
            "dataType": "sc:Text",
            "source": {
                "fileSet": {"@id": _fileset_id(config)},
                "extract": {"fileProperty": "fullpath"},
                # Matches the split's name as well as its file's path: mlcroissant applies the
                # transform twice when the field references the splits record set.
                "transform": {"regex": rf"^(?:.*/)?({'|'.join(SPLITS)})(?:-\d+-of-\d+\.parquet)?$"},
            },
            "references": {"field": {"@id": "splits/name"}},
        }
        record_sets.append(
            {
                "@type": "cr:RecordSet",
                "@id": config,
                "name": config,
                "description": f"One row per {'block' if config == 'paragraphs' else 'article'} "
                f"({sum(s['num_examples'] for s in splits[config].values())} rows).",
                "field": [
                    split_field,
                    *(
                        _field(config, name, feature, descriptions.get(config, {}).get(name))
                        for name, feature in FEATURES[config].items()
                    ),
                ],
            }
        )
    return record_sets


def croissant_metadata(folder: Path, card: str, splits: Mapping[str, Mapping]) -> dict:
    """The Croissant 1.1 JSON-LD of a built dataset folder.

    Parameters
    ----------
    folder : Path
        The dataset folder, with its Parquet files written.
    card : str
        The filled dataset card; its sections give the Responsible-AI texts
        and its "Data Fields" tables the fields' descriptions.
    splits : mapping
        Per config, per split: ``num_examples`` and ``num_bytes``.

    Returns
    -------
    dict
    """
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": release.TITLE,
        "description": release.ABSTRACT,
        "version": release.VERSION,
        "datePublished": release.RELEASED,
        "license": [release.LICENSE_URL],
        **({"url": release.HOMEPAGE} if release.HOMEPAGE else {}),
        "creator": {"@type": "sc:Organization", "name": release.AUTHOR},
        "citeAs": release.bibtex(),
        "keywords": list(release.KEYWORDS),
        "inLanguage": ["en"],
        "isLiveDataset": False,
        "distribution": _distribution(folder, splits),
        "recordSet": _record_sets(splits, field_descriptions(card)),
        "rai:dataCollectionType": list(COLLECTION_TYPES),
        **rai_fields(card),
    }


def write_croissant(folder: Path, card: str, splits: Mapping[str, Mapping]) -> Path:
    """Write ``croissant.json`` into the dataset folder."""
    target = folder / "croissant.json"
    text = json.dumps(croissant_metadata(folder, card, splits), ensure_ascii=False, indent=2)
    target.write_text(text + "\n", encoding="utf-8")
    return target
