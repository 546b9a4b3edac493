"""Runs killed part way, runs at the same time, and half-written outputs.

A run is stopped at a named checkpoint with the ``NEWSPARA_STOP_AT`` hook (it
sends itself SIGSTOP there), then killed with SIGKILL: the moment of the kill is
known, and nothing in the run gets a chance to clean up.
"""

import gzip
import os
import signal
import subprocess
import sys
import time

import datasets
import pytest

from conftest import ARTICLES, ROOT, labelled_blocks
from newspara.build import build, read_article
from newspara.cli import main
from newspara.corpus import read_catalog
from newspara.model import load_model, save_model, text_classifier
from newspara.output import STOP_ENV, _recover, replace_file, replace_folder
from newspara.package import SplitWriter, paragraph_rows
from newspara.records import InputError
from newspara.verify import verify

SEED = ROOT / "corpus" / "raw" / "000_8f902487a387402c.txt"


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def start(args, stop_at, cwd):
    env = {**os.environ, STOP_ENV: stop_at}
    command = [sys.executable, "-m", "newspara.cli", *args]
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until_stopped(process, timeout=120):
    """Wait until the child has stopped itself at its checkpoint."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid, status = os.waitpid(process.pid, os.WNOHANG | os.WUNTRACED)
        if pid and os.WIFSTOPPED(status):
            return
        if pid:
            pytest.fail(f"the run ended (status {status}) before its checkpoint: {process.stderr.read().decode()}")
        time.sleep(0.05)
    process.kill()
    pytest.fail("the run did not reach its checkpoint in time")


def kill(process):
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()


@pytest.mark.parametrize("stop_at", ["build-spooled", "replace"])
def test_build_killed_part_way_leaves_the_previous_dataset_loadable(corpus, tmp_path, stop_at):
    build(corpus, tmp_path / "ds", progress=False)
    before = snapshot(tmp_path / "ds")
    (corpus / "raw" / "echo-times.txt").write_text("")  # the next build would differ
    process = start(["build", "--corpus", str(corpus), "--out", "ds"], stop_at, tmp_path)
    wait_until_stopped(process)
    kill(process)
    assert snapshot(tmp_path / "ds") == before
    assert sum(len(split) for split in datasets.load_dataset(str(tmp_path / "ds")).values()) > 0
    assert list(tmp_path.glob(".ds.tmp-*")), "the run was killed before it wrote anything"
    report = build(corpus, tmp_path / "ds", progress=False)
    assert report.rejects and not list(tmp_path.glob(".ds.tmp-*"))
    verify(tmp_path / "ds")


def tiny_dataset(corpus, folder, splits):
    """A dataset folder with all three splits (the test corpus alone puts no article in validation)."""
    splits = dict(zip(ARTICLES, splits, strict=True))
    writer = SplitWriter(folder, "paragraphs")
    for metadata in read_catalog(corpus):
        writer.write(splits[metadata["id"]], paragraph_rows(read_article(corpus, metadata)))
    writer.close()
    return folder


def test_training_killed_part_way_leaves_the_previous_model_loadable(corpus, tmp_path):
    first = tiny_dataset(corpus, tmp_path / "one", ["train", "train", "validation", "train", "test", "train"])
    assert main(["train", "--dataset", str(first), "--out", str(tmp_path / "model")]) == 0
    before = snapshot(tmp_path / "model")
    # A run on other splits would write another model.
    tiny_dataset(corpus, tmp_path / "two", ["train", "validation", "train", "train", "train", "test"])
    process = start(["train", "--dataset", "two", "--out", "model"], "train-saving", tmp_path)
    wait_until_stopped(process)
    kill(process)
    assert snapshot(tmp_path / "model") == before
    assert load_model(tmp_path / "model").predict_proba is not None
    assert list(tmp_path.glob(".model.tmp-*"))


def test_second_build_into_the_same_folder_is_refused_while_the_first_runs(corpus, tmp_path):
    first = start(["build", "--corpus", str(corpus), "--out", "ds"], "build-spooled", tmp_path)
    wait_until_stopped(first)
    try:
        second = subprocess.run(
            [sys.executable, "-m", "newspara.cli", "build", "--corpus", str(corpus), "--out", "ds"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
    finally:
        first.send_signal(signal.SIGCONT)
        assert first.wait(timeout=120) == 0, first.stderr.read().decode()
        first.stderr.close()
    assert second.returncode == 2
    assert "another newspara run is writing this folder; wait for it to finish" in second.stderr
    assert "Traceback" not in second.stderr
    verify(tmp_path / "ds")


def test_target_moved_away_by_a_killed_swap_is_restored(tmp_path):
    # Without an atomic exchange the swap is two renames; a kill between them leaves only the old copy.
    (tmp_path / ".ds.old-12345").mkdir()
    (tmp_path / ".ds.old-12345" / "SHA256SUMS").write_text("")
    (tmp_path / ".ds.tmp-abc").mkdir()
    _recover(tmp_path / "ds")
    assert (tmp_path / "ds" / "SHA256SUMS").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds"]


def test_swap_by_two_renames_also_replaces_the_folder(tmp_path, monkeypatch):
    monkeypatch.setattr("newspara.output._exchange", lambda a, b: False)
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "old.txt").write_text("old")
    with replace_folder(tmp_path / "ds") as folder:
        (folder / "new.txt").write_text("new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".ds.lock", "ds"]
    assert [p.name for p in (tmp_path / "ds").iterdir()] == ["new.txt"]


def test_failed_run_leaves_the_folder_and_no_temporary(tmp_path):
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "old.txt").write_text("old")
    with pytest.raises(InputError), replace_folder(tmp_path / "ds") as folder:
        (folder / "half.txt").write_text("half")
        raise InputError("bad input")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".ds.lock", "ds"]
    assert (tmp_path / "ds" / "old.txt").read_text() == "old"


def test_predict_leaves_the_previous_output_file_when_it_fails(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    save_model(text_classifier().fit(labelled_blocks(), labelled_blocks()["label"]), model)
    out = tmp_path / "labels.jsonl"
    out.write_text("previous\n")
    # A bad page is reported and skipped; a file that cannot be read at all stops the run.
    (tmp_path / "folder.txt").mkdir()
    code = main(["predict", str(SEED), str(tmp_path / "folder.txt"), "--model", str(model), "--out", str(out)])
    assert code == 2
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.txt", "labels.jsonl", "model"]


def test_output_file_in_a_missing_folder_is_one_clear_message(tmp_path):
    path = tmp_path / "missing" / "labels.jsonl"
    with pytest.raises(InputError, match=r"labels.jsonl: cannot be written \(No such"), replace_file(path) as handle:
        handle.write("x")


def test_an_output_file_named_gz_is_written_compressed_and_the_same_every_time(tmp_path):
    written = []
    for _ in range(2):
        with replace_file(tmp_path / "labels.jsonl.gz") as handle:
            handle.write('{"label": "military"}\n')
        written.append((tmp_path / "labels.jsonl.gz").read_bytes())
    assert written[0] == written[1]
    assert gzip.decompress(written[0]) == b'{"label": "military"}\n'
