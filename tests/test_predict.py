import gzip
import json

import pytest

from conftest import ROOT
from newspara.model import load_model
from newspara.predict import RUN_FILE, predict_files, predict_into_folder
from newspara.records import InputError
from test_sources import HTML, write_warc

MODEL = ROOT / "models" / "baseline"
SEED = ROOT / "corpus" / "raw" / "000_8f902487a387402c.txt"


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL)


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_bytes(HTML)
    write_warc(tmp_path / "in" / "crawl.warc.gz")
    return [SEED, tmp_path / "in" / "page.html", tmp_path / "in" / "crawl.warc.gz"]


def run(model, inputs, folder, **kwargs):
    return {o.path.name: o for o in predict_into_folder(inputs, folder, model, MODEL, **kwargs)}


def test_each_input_gets_its_own_output_holding_what_a_single_output_would(model, inputs, tmp_path):
    outcomes = run(model, inputs, tmp_path / "out")
    assert {name: o.status for name, o in outcomes.items()} == dict.fromkeys(
        ["000_8f902487a387402c.txt", "page.html", "crawl.warc.gz"], "written"
    )
    for path in inputs:
        written = (tmp_path / "out" / f"{path.name}.jsonl").read_text(encoding="utf-8").splitlines()
        alone = [record for records, _ in predict_files([path], model, MODEL) for record in records]
        assert [json.loads(line) for line in written] == alone


def test_a_rerun_labels_only_the_inputs_without_an_output(model, inputs, tmp_path):
    run(model, inputs, tmp_path / "out")
    (tmp_path / "out" / "page.html.jsonl").write_text("kept\n")
    (tmp_path / "out" / "crawl.warc.gz.jsonl").unlink()
    outcomes = run(model, inputs, tmp_path / "out")
    assert [o.status for o in outcomes.values()] == ["already done", "already done", "written"]
    assert (tmp_path / "out" / "page.html.jsonl").read_text() == "kept\n"
    assert (tmp_path / "out" / "crawl.warc.gz.jsonl").exists()


def test_an_input_that_cannot_be_read_is_reported_and_the_next_is_labelled(model, inputs, tmp_path):
    broken = tmp_path / "in" / "broken.warc"
    broken.write_bytes(b"this is not an archive\r\n\r\n")
    outcomes = run(model, [broken, *inputs], tmp_path / "out")
    assert outcomes["broken.warc"].status == "failed"
    assert "broken.warc, record 1: not a readable WARC archive" in outcomes["broken.warc"].error
    assert [o.status for o in outcomes.values()][1:] == ["written"] * 3
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [RUN_FILE, *(f"{p.name}.jsonl" for p in inputs)]
    )


def test_a_folder_holding_another_kind_of_output_is_refused_before_any_work(model, inputs, tmp_path):
    run(model, inputs[:1], tmp_path / "out", articles=True)
    with pytest.raises(InputError, match=r"out: holds the outputs of another run \(output 'articles' there, 'blocks'"):
        run(model, inputs, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([RUN_FILE, f"{SEED.name}.jsonl"])


def test_inputs_that_share_a_file_name_are_refused(model, tmp_path):
    for folder in ("2019", "2020"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "part-0.html").write_bytes(HTML)
    with pytest.raises(InputError, match=r"2019/part-0\.html and .*2020/part-0\.html: two inputs with one file name"):
        run(model, [tmp_path / "2019" / "part-0.html", tmp_path / "2020" / "part-0.html"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_compressed_outputs_hold_what_plain_ones_do_and_a_folder_takes_one_kind(model, inputs, tmp_path):
    run(model, inputs, tmp_path / "plain")
    outcomes = run(model, inputs, tmp_path / "packed", compressed=True)
    for path in inputs:
        packed = outcomes[path.name].output
        assert packed.name == f"{path.name}.jsonl.gz"
        assert gzip.decompress(packed.read_bytes()) == (tmp_path / "plain" / f"{path.name}.jsonl").read_bytes()
    with pytest.raises(InputError, match=r"compressed False there, True now"):
        run(model, inputs, tmp_path / "plain", compressed=True)
