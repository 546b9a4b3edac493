"""The two reproducibility claims: the dataset and the baseline's metrics rebuild exactly."""

from conftest import ROOT
from newspara.build import build
from newspara.train import METRICS_FILE, train


def test_rebuilding_the_corpus_gives_the_committed_dataset_byte_for_byte(tmp_path):
    card = tmp_path / "card.md"
    card.write_bytes((ROOT / "DATASET_CARD.md").read_bytes())
    build(ROOT / "corpus", tmp_path / "ds", card_template=card, progress=False)
    committed = sorted(p.relative_to(ROOT / "dataset") for p in (ROOT / "dataset").rglob("*") if p.is_file())
    rebuilt = sorted(p.relative_to(tmp_path / "ds") for p in (tmp_path / "ds").rglob("*") if p.is_file())
    assert rebuilt == committed
    for name in committed:
        assert (tmp_path / "ds" / name).read_bytes() == (ROOT / "dataset" / name).read_bytes(), name


def test_retraining_reproduces_the_committed_metrics_exactly(tmp_path):
    train(ROOT / "dataset", tmp_path / "model", progress=False)
    for name in (METRICS_FILE, "README.md", "confusion_matrix.png", "model.skops"):
        assert (tmp_path / "model" / name).read_bytes() == (ROOT / "models" / "baseline" / name).read_bytes(), name
