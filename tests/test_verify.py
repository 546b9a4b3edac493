"""``newspara verify``: a dataset folder against its checksums, its card and its schema."""

import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import ROOT
from newspara.build import build
from newspara.cli import main
from newspara.package import write_checksums
from newspara.verify import DatasetMismatch, verify


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import write_corpus

    tmp = tmp_path_factory.mktemp("verify")
    build(write_corpus(tmp / "corpus"), tmp / "ds", progress=False)
    return tmp / "ds"


@pytest.fixture
def dataset(built, tmp_path):
    return shutil.copytree(built, tmp_path / "ds")


def test_committed_dataset_verifies(capsys):
    assert main(["verify", str(ROOT / "dataset")]) == 0
    assert capsys.readouterr().out.startswith(f"{ROOT / 'dataset'}: OK: ")


def test_tampered_byte_is_named(dataset, capsys):
    path = dataset / "paragraphs" / "train-00000-of-00001.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))
    assert main(["verify", str(dataset)]) == 1
    assert "FAILED: paragraphs/train-00000-of-00001.parquet: sha256 " in capsys.readouterr().err


def test_deleted_file_is_named(dataset):
    (dataset / "articles" / "train-00000-of-00001.parquet").unlink()
    with pytest.raises(
        DatasetMismatch, match=r"articles/train-00000-of-00001.parquet: listed in SHA256SUMS but missing"
    ):
        verify(dataset)


def test_unlisted_file_is_named(dataset):
    (dataset / "paragraphs" / "extra.parquet").write_bytes(b"")
    with pytest.raises(DatasetMismatch, match=r"paragraphs/extra.parquet: present but not listed in SHA256SUMS"):
        verify(dataset)


def test_path_leaving_the_folder_in_checksums_is_refused(dataset):
    sums = dataset / "SHA256SUMS"
    sums.write_text(sums.read_text() + f"{'0' * 64}  ../outside.txt\n")
    with pytest.raises(DatasetMismatch, match=r"SHA256SUMS, line \d+: not '<sha256>  <path inside the folder>'"):
        verify(dataset)


def test_changed_card_number_is_named_even_with_fresh_checksums(dataset):
    readme = dataset / "README.md"
    card = readme.read_text()
    readme.write_text(card.replace("num_examples: ", "num_examples: 1", 1))
    with pytest.raises(DatasetMismatch, match=r"README.md: sha256"):
        verify(dataset)
    write_checksums(dataset)  # someone edited the card and re-made the checksums: the card check still catches it
    with pytest.raises(DatasetMismatch, match=r"README.md: num_examples of paragraphs/\w+ is 1\d+ in the card, but"):
        verify(dataset)


def test_changed_schema_is_named(dataset):
    path = dataset / "paragraphs" / "train-00000-of-00001.parquet"
    table = pq.read_table(path)
    table = table.set_column(table.schema.get_field_index("block"), "block", table["block"].cast(pa.int64()))
    pq.write_table(table, path)
    write_checksums(dataset)
    with pytest.raises(DatasetMismatch, match=r"train-00000-of-00001.parquet: column 'block' of type int64, expected"):
        verify(dataset)


def test_changed_card_features_are_named(dataset):
    readme = dataset / "README.md"
    readme.write_text(readme.read_text().replace("dtype: int32", "dtype: int64", 1))
    write_checksums(dataset)
    with pytest.raises(DatasetMismatch, match=r"README.md: the features of config 'paragraphs' differ"):
        verify(dataset)


def test_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["verify", str(tmp_path / "nothing")]) == 2
    assert "nothing: no such folder" in capsys.readouterr().err
