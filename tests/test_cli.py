import json
import subprocess
import sys

from conftest import ROOT

SEED = ROOT / "corpus" / "raw" / "000_8f902487a387402c.txt"


def newspara(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "newspara.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_predict_writes_one_json_line_per_block():
    result = newspara("predict", str(SEED))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["block"] for r in records] == list(range(16))
    assert set(records[0]) == {"file", "block", "text", "label", "scores"}
    assert records[0]["file"] == SEED.name
    assert abs(sum(records[1]["scores"].values()) - 1) < 1e-3


def test_predict_writes_to_a_named_file(tmp_path):
    result = newspara("predict", str(SEED), "--out", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0 and result.stdout == ""
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 16


def test_missing_input_is_one_clear_message_without_traceback(tmp_path):
    result = newspara("predict", str(tmp_path / "nothing.txt"))
    assert result.returncode == 2
    assert "nothing.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_error_names_the_file_and_block(corpus, tmp_path):
    (corpus / "labels" / "alpha-wire.jsonl").write_text('{"block": 0, "label": "war", "text": "Skip to content"}\n')
    result = newspara("build", "--corpus", str(corpus), "--out", str(tmp_path / "ds"), "--strict")
    assert result.returncode == 2
    assert "alpha-wire.jsonl, line 1: block 0 has unknown label 'war'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "ds").exists()


def test_blocks_prints_a_label_file_skeleton():
    result = newspara("blocks", str(SEED))
    first = json.loads(result.stdout.splitlines()[0])
    assert first == {"block": 0, "label": None, "text": "Skip links"}
