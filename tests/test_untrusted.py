"""Crafted model files are refused before anything in them can run."""

import os
import pickle
from pathlib import Path

import pytest
import skops.io as sio

from conftest import ROOT
from newspara.model import MODEL_FILE, load_model
from newspara.records import InputError


class Payload:
    """Restoring this object runs its ``__setstate__``; here that only creates a marker file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __setstate__(self, state):
        Path(state["marker"]).write_text("the payload ran")


class PicklePayload:
    """Unpickling this object calls ``Path.touch`` on the marker."""

    def __init__(self, marker):
        self.marker = Path(marker)

    def __reduce__(self):
        return Path.touch, (self.marker,)


def test_skops_payload_runs_when_trusted(tmp_path):
    # The control: the crafted file really would run code if its type were trusted.
    sio.dump(Payload(tmp_path / "ran"), tmp_path / MODEL_FILE)
    sio.load(tmp_path / MODEL_FILE, trusted=sio.get_untrusted_types(file=tmp_path / MODEL_FILE))
    assert (tmp_path / "ran").exists()


def test_skops_file_with_an_untrusted_type_is_refused_and_nothing_runs(tmp_path):
    sio.dump(Payload(tmp_path / "ran"), tmp_path / MODEL_FILE)
    with pytest.raises(InputError, match=r"refusing to load; the file needs untrusted type\(s\) .*Payload"):
        load_model(tmp_path)
    assert not (tmp_path / "ran").exists()


def test_skops_file_naming_a_dangerous_function_is_refused(tmp_path):
    sio.dump({"step": os.system}, tmp_path / MODEL_FILE)
    with pytest.raises(InputError, match=r"untrusted type\(s\) .*system"):
        load_model(tmp_path)


def test_pickle_payload_runs_when_unpickled(tmp_path):
    pickle.loads(pickle.dumps(PicklePayload(tmp_path / "ran")))
    assert (tmp_path / "ran").exists()


@pytest.mark.parametrize("name", ["model.pkl", "model.joblib", MODEL_FILE])
def test_pickle_in_a_model_folder_is_refused_and_nothing_runs(tmp_path, name):
    (tmp_path / name).write_bytes(pickle.dumps(PicklePayload(tmp_path / "ran")))
    with pytest.raises(InputError, match=r"pickle file|not a readable skops file"):
        load_model(tmp_path)
    assert not (tmp_path / "ran").exists()


def test_library_uses_no_loader_that_can_run_code():
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "newspara").glob("*.py"))
    for unsafe in ("yaml.load(", "yaml.unsafe_load", "pickle.load", "joblib.load", "eval(", "exec(", "trusted=True"):
        assert unsafe not in source, unsafe
