"""Check a dataset folder against what it says about itself.

Three checks, in order: every file against ``SHA256SUMS`` (and no file missing
from it), each Parquet file's schema against the dataset's features, and the
card's YAML front matter (features, and split sizes against the Parquet
footers). The first mismatch is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pyarrow.parquet as pq
import yaml

from newspara.card import FRONT_MATTER
from newspara.package import CONFIGS, FEATURES, data_file, sha256_of, split_size
from newspara.records import InputError

CHECKSUMS = "SHA256SUMS"
_LINE = re.compile(r"^(?P<digest>[0-9a-f]{64})  (?P<name>.+)$")


class DatasetMismatch(Exception):
    """A dataset folder disagrees with its checksums, its card or its schema."""


def verify(folder: Path) -> str:
    """Check a dataset folder written by ``newspara build``.

    Parameters
    ----------
    folder : Path
        The dataset folder.

    Returns
    -------
    str
        A one-line account of what was checked.

    Raises
    ------
    InputError
        When ``folder`` is not a folder.
    DatasetMismatch
        At the first mismatch, naming the file and what differs.
    """
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder; name a dataset folder written by 'newspara build'")
    listed = _check_checksums(folder)
    for path in sorted(folder.rglob("*.parquet")):
        _check_schema(folder, path)
    splits = _check_card(folder)
    return f"{len(listed)} files match {CHECKSUMS}; schemas match; card split sizes match {splits} Parquet files"


def _listed(folder: Path) -> dict[str, str]:
    path = folder / CHECKSUMS
    if not path.is_file():
        raise DatasetMismatch(f"{CHECKSUMS} is missing; rebuild the folder with 'newspara build'")
    listed: dict[str, str] = {}
    for line_no, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        match = _LINE.match(line)
        name = match and PurePosixPath(match["name"])
        if not match or name.is_absolute() or ".." in name.parts or "\\" in match["name"]:
            raise DatasetMismatch(f"{CHECKSUMS}, line {line_no}: not '<sha256>  <path inside the folder>': {line!r}")
        if match["name"] in listed:
            raise DatasetMismatch(f"{CHECKSUMS}, line {line_no}: {match['name']} is listed twice")
        listed[match["name"]] = match["digest"]
    return listed


def _check_checksums(folder: Path) -> dict[str, str]:
    listed = _listed(folder)
    root = folder.resolve()
    for name, digest in listed.items():
        path = folder / name
        if not path.is_file():
            raise DatasetMismatch(f"{name}: listed in {CHECKSUMS} but missing")
        if not path.resolve().is_relative_to(root):
            raise DatasetMismatch(f"{name}: a link to {path.resolve()}, outside the dataset folder")
        if sha256_of(path) != digest:
            raise DatasetMismatch(f"{name}: sha256 {sha256_of(path)} does not match {digest} in {CHECKSUMS}")
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name != CHECKSUMS and name not in listed:
            raise DatasetMismatch(f"{name}: present but not listed in {CHECKSUMS}")
    return listed


def _card(folder: Path) -> dict:
    readme = folder / "README.md"
    if not readme.is_file():
        raise DatasetMismatch("README.md (the dataset card) is missing")
    match = FRONT_MATTER.match(readme.read_text(encoding="utf-8"))
    if not match:
        raise DatasetMismatch("README.md: no YAML front matter between '---' lines")
    try:
        meta = yaml.safe_load(match.group(0).strip().strip("-"))
    except yaml.YAMLError as err:
        raise DatasetMismatch(f"README.md: the front matter is not valid YAML ({err})") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("dataset_info"), list):
        raise DatasetMismatch("README.md: the front matter has no dataset_info list")
    return meta


def _card_splits(meta: dict) -> Iterator[tuple[str, dict]]:
    info = {entry.get("config_name"): entry for entry in meta["dataset_info"] if isinstance(entry, dict)}
    for config in CONFIGS:
        if config not in info:
            raise DatasetMismatch(f"README.md: dataset_info has no config {config!r}")
        if info[config].get("features") != FEATURES[config]._to_yaml_list():
            raise DatasetMismatch(f"README.md: the features of config {config!r} differ from the dataset's schema")
        for split in info[config].get("splits") or []:
            yield config, split


def _check_card(folder: Path) -> int:
    seen = set()
    for config, split in _card_splits(_card(folder)):
        name = data_file(config, split.get("name"))
        path = folder / name
        if not path.is_file():
            raise DatasetMismatch(f"README.md: config {config!r} has split {split.get('name')!r}; {name} is missing")
        actual = split_size(path)
        for key, value in actual.items():
            if split.get(key) != value:
                raise DatasetMismatch(
                    f"README.md: {key} of {config}/{split['name']} is {split.get(key)!r} in the card, "
                    f"but {name} has {value}"
                )
        seen.add(name)
    for path in sorted(folder.rglob("*.parquet")):
        name = path.relative_to(folder).as_posix()
        if name not in seen:
            raise DatasetMismatch(f"{name}: a Parquet file that the card's dataset_info does not list")
    return len(seen)


def _check_schema(folder: Path, path: Path) -> None:
    name = path.relative_to(folder).as_posix()
    if path.parent.parent != folder or path.parent.name not in FEATURES:
        raise DatasetMismatch(f"{name}: a Parquet file outside the config folders {', '.join(CONFIGS)}")
    expected = FEATURES[path.parent.name].arrow_schema
    try:
        actual = pq.read_schema(path)
    except Exception as err:  # pyarrow raises several types for a damaged file
        raise DatasetMismatch(f"{name}: not a readable Parquet file ({err})") from None
    for want, got in zip(expected, actual, strict=False):
        if (want.name, want.type) != (got.name, got.type):
            raise DatasetMismatch(
                f"{name}: column {got.name!r} of type {got.type}, expected {want.name!r} of type {want.type}"
            )
    if len(actual) != len(expected):
        extra = actual.names[len(expected) :] or expected.names[len(actual) :]
        raise DatasetMismatch(f"{name}: {len(actual)} columns, expected {len(expected)} (differs at {extra[0]!r})")
