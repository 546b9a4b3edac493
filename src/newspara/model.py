"""The baseline classifiers: a boilerplate detector then a TF-IDF topic classifier, and reference baselines."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from newspara.features import COLUMNS, page_features, structural_features, text_column
from newspara.furniture import furniture_cues
from newspara.records import LABELS

SEED = 0
#: The regularisation strengths tried; the one with the best validation macro-F1 is kept.
C_GRID: tuple[float, ...] = (0.3, 1.0, 3.0, 10.0)


def balanced_logistic_regression(C: float = 1.0, random_state: int = SEED) -> LogisticRegression:
    """The classifier both baseline stages and the embedding model end in: balanced class weights, one ``C``.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength.
    random_state : int, default=SEED

    Returns
    -------
    LogisticRegression
    """
    return LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=random_state)


def text_classifier(C: float = 1.0, random_state: int = SEED) -> BoilerplateThenTopic:
    """The baseline: a boilerplate detector on page features, then a topic classifier on the rest.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength of both stages.
    random_state : int, default=SEED

    Returns
    -------
    BoilerplateThenTopic
    """
    return BoilerplateThenTopic(C=C, random_state=random_state)


def boilerplate_detector(C: float = 1.0, random_state: int = SEED) -> Pipeline:
    """Is a block boilerplate? Page features and word TF-IDF into logistic regression.

    The page features (``newspara.features.page_features``) carry what holds on
    every site; the words what furniture says ("share", "donate", "reporting"),
    which the page features alone miss. Single words only: adding word pairs left
    the validation macro-F1 unchanged and made labelling a page markedly slower.
    """
    features = FeatureUnion(
        [
            ("page", make_pipeline(FunctionTransformer(page_features), StandardScaler())),
            (
                "words",
                make_pipeline(
                    FunctionTransformer(text_column),
                    TfidfVectorizer(ngram_range=(1, 1), min_df=2, sublinear_tf=True, lowercase=True),
                ),
            ),
        ]
    )
    classifier = balanced_logistic_regression(C, random_state)
    return Pipeline([("features", features), ("classifier", classifier)])


class BoilerplateThenTopic(ClassifierMixin, BaseEstimator):
    """Two stages: is a block page furniture, and if not, which development does it report?

    The first stage reads domain-general features of a block in its page (length,
    punctuation, function words, neighbours, the page's main run of prose, furniture
    patterns, HTML structure when there is one), which carry over to sites and
    subjects the training pages lack, and the words furniture uses. The second stage
    is the TF-IDF classifier, trained on article text only, so its words need not
    also describe furniture. The probability of a content label is
    ``(1 - P(boilerplate)) * P(label | content)``.

    ``y`` must use the label names (``LABELS``), since the first stage is told by
    its name, ``boilerplate``.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength of both stages.
    random_state : int, default=SEED

    Attributes
    ----------
    classes_ : ndarray of str
        The four labels, in ``LABELS`` order.
    detector_ : Pipeline
        The fitted boilerplate detector.
    topic_ : Pipeline
        The fitted topic classifier.
    topic_prior_ : ndarray
        The share of each content label among the training blocks, in ``topic_.classes_`` order.
    """

    def __init__(self, C: float = 1.0, random_state: int = SEED):
        self.C = C
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, y) -> BoilerplateThenTopic:
        y = np.asarray(y)
        furniture = y == "boilerplate"
        self.detector_ = boilerplate_detector(self.C, self.random_state).fit(X, furniture)
        self.topic_ = topic_classifier(self.C, self.random_state).fit(X[~furniture], y[~furniture])
        self.topic_prior_ = np.array([np.mean(y[~furniture] == label) for label in self.topic_.classes_])
        self.classes_ = np.array(LABELS)
        return self

    def boilerplate_probability(self, X: pd.DataFrame) -> np.ndarray:
        """P(boilerplate) of each block: the first stage alone."""
        return self.detector_.predict_proba(X)[:, list(self.detector_.classes_).index(True)]

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Probability of each label, columns in ``classes_`` order.

        The topic classifier runs only on the blocks the detector does not call
        boilerplate (on a crawled page that is most blocks, and most of the work);
        for the others, the probability left to the content labels is split by
        their shares in the training data. No block's label depends on this.
        """
        furniture = self.boilerplate_probability(X)
        content = furniture < 0.5
        topic = np.tile(self.topic_prior_, (len(X), 1))
        if content.any():
            topic[content] = self.topic_.predict_proba(X[content])
        return self._combine(furniture, topic)

    def _combine(self, furniture: np.ndarray, topic: np.ndarray) -> np.ndarray:
        out = np.zeros((len(furniture), len(LABELS)))
        for column, label in enumerate(self.topic_.classes_):
            out[:, LABELS.index(label)] = (1 - furniture) * topic[:, column]
        out[:, LABELS.index("boilerplate")] = furniture
        return out

    def is_boilerplate(self, X: pd.DataFrame) -> np.ndarray:
        """Whether ``predict`` labels each block ``boilerplate``, mostly without the topic stage.

        That is all an article body needs. A block is boilerplate when P(boilerplate)
        beats ``(1 - P(boilerplate))`` times its likeliest content label's probability,
        which is at least ``1 / n`` of ``n`` content labels: the topic stage is run
        only for the few blocks in between, where it can change the answer.

        Returns
        -------
        ndarray of bool
        """
        furniture = self.boilerplate_probability(X)
        out = furniture >= 0.5
        unsure = ~out & (furniture * len(self.topic_.classes_) >= 1 - furniture)
        if unsure.any():
            probabilities = self._combine(furniture[unsure], self.topic_.predict_proba(X[unsure]))
            out[unsure] = self.classes_[probabilities.argmax(axis=1)] == "boilerplate"
        return out

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def topic_classifier(C: float = 1.0, random_state: int = SEED) -> Pipeline:
    """Word and character TF-IDF plus structural features into logistic regression.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength of the logistic regression.
    random_state : int, default=SEED

    Returns
    -------
    Pipeline
        Takes a DataFrame with the columns ``newspara.features.COLUMNS``.
    """
    features = ColumnTransformer(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, lowercase=True), "text"),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=200_000
                ),
                "text",
            ),
            ("structure", make_pipeline(FunctionTransformer(structural_features), StandardScaler()), list(COLUMNS)),
        ]
    )
    classifier = balanced_logistic_regression(C, random_state)
    return Pipeline([("features", features), ("classifier", classifier)])


def embedding_classifier(C: float = 1.0, random_state: int = SEED) -> Pipeline:
    """Frozen all-MiniLM-L6-v2 sentence embeddings of the block's text into logistic regression.

    Needs the optional ``embeddings`` extra (see ``newspara.embeddings``); only the
    regression is trained.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength of the logistic regression.
    random_state : int, default=SEED

    Returns
    -------
    Pipeline
        Takes a DataFrame with a ``text`` column.
    """
    from newspara.embeddings import SentenceEmbeddings

    classifier = balanced_logistic_regression(C, random_state)
    return Pipeline([("embeddings", SentenceEmbeddings()), ("scale", StandardScaler()), ("classifier", classifier)])


def majority_classifier() -> DummyClassifier:
    """Always predicts the most frequent training label."""
    return DummyClassifier(strategy="most_frequent")


_MILITARY = re.compile(
    r"\b(?:fight\w*|clash\w*|offensive|attack\w*|strike[sd]?|shell\w*|troops?|forces|militias?|fighters?|"
    r"killed|wounded|casualt\w+|drones?|air ?strikes?|weapons?|arms|mercenar\w+|artillery|rockets?|"
    r"battles?|seiz\w+|captur\w+|advanc\w+|army|armed|military|commander)\b",
    re.I,
)
_DIPLOMACY = re.compile(
    r"\b(?:talks|negotiat\w+|envoy|summit|conference|meet\w*|visit\w*|agreement|deal|ceasefire|truce|"
    r"sanctions?|embargo|resolution|recogni\w+|diplomat\w*|minister|president|election\w*|vote[sd]?|"
    r"unity government|mediat\w+|dialogue|invit\w+|u\.?n\.?|security council|statement)\b",
    re.I,
)


class KeywordRules(ClassifierMixin, BaseEstimator):
    """A hand-written rule baseline: furniture cues, then keyword counts.

    A short block, or one matching a furniture pattern, is ``boilerplate``;
    otherwise the block gets ``military`` or ``diplomacy`` by which keyword list
    matches more often, and ``background`` when neither matches.
    ``fit`` learns nothing but the label set.
    """

    def fit(self, X: pd.DataFrame, y=None) -> KeywordRules:
        self.classes_ = np.array(LABELS)
        return self

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return np.array([self._rule(text) for text in X["text"]])

    @staticmethod
    def _rule(text: str) -> str:
        if len(text.split()) <= 4 or furniture_cues(text):
            return "boilerplate"
        military, diplomacy = len(_MILITARY.findall(text)), len(_DIPLOMACY.findall(text))
        if military == diplomacy == 0:
            return "background"
        return "military" if military > diplomacy else "diplomacy"


MODEL_FILE = "model.skops"
#: The only types a saved baseline may contain beyond skops' own trusted defaults
#: (which cover scikit-learn's estimators, NumPy and SciPy). Loading refuses a file
#: that needs anything else, so a crafted file cannot run code.
TRUSTED_TYPES: tuple[str, ...] = (
    "newspara.features.page_features",
    "newspara.features.structural_features",
    "newspara.features.text_column",
    "newspara.model.BoilerplateThenTopic",
)


def save_model(model: Pipeline, folder: Path) -> None:
    """Save a fitted baseline to ``folder/model.skops`` (skops format, never pickle).

    The file is made canonical (see ``canonical_skops``) so that the same model
    always gives the same bytes.
    """
    import skops.io as sio

    (folder / MODEL_FILE).write_bytes(canonical_skops(sio.dumps(model)))


def canonical_skops(data: bytes) -> bytes:
    """Rewrite a skops archive so that its bytes depend only on the model.

    skops names arrays and memo entries after Python object ids and stamps zip
    entries with the current time; both change from run to run. Ids are renumbered
    in the order the schema first mentions them, and every entry gets a fixed time.
    scikit-learn's vectorizers also keep the object id of their stop-word list
    (``_stop_words_id``, a cache key): it is saved as null, which only makes a
    loaded vectorizer check its stop words once more.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    schema = json.loads(source.read("schema.json"))
    ids: dict[int, int] = {}
    files: dict[str, str] = {}

    def renumber(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "__id__" and isinstance(value, int):
                    node[key] = ids.setdefault(value, len(ids))
                elif key == "file" and isinstance(value, str):
                    node[key] = files.setdefault(value, f"{len(files):06d}{Path(value).suffix}")
                elif key == "_stop_words_id" and isinstance(value, dict):
                    value["content"] = "null"
                    renumber(value)
                else:
                    renumber(value)
        elif isinstance(node, list):
            for value in node:
                renumber(value)

    renumber(schema)
    unreferenced = set(source.namelist()) - set(files) - {"schema.json"}
    if unreferenced:
        raise ValueError(f"skops archive has entries the schema does not name: {sorted(unreferenced)[:3]}")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        entries = [("schema.json", json.dumps(schema, indent=1).encode())]
        entries += [(new, source.read(old)) for old, new in files.items()]
        for name, content in entries:
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def load_model(folder: Path) -> Pipeline:
    """Load a baseline saved by ``save_model``, refusing anything outside ``TRUSTED_TYPES``.

    Raises
    ------
    InputError
        When the folder has no skops model, holds a pickle, or the model needs an untrusted type.
    """
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    from newspara.records import InputError

    path = folder / MODEL_FILE
    pickles = sorted(p.name for p in folder.glob("*") if p.suffix in {".pkl", ".pickle", ".joblib"})
    if pickles:
        raise InputError(f"{folder}: holds pickle file(s) {', '.join(pickles)}; newspara only loads skops models")
    if not path.is_file():
        raise InputError(f"{path}: no such file; train a model with 'newspara train' first")
    # skops checks every type the file names against the trusted ones before it builds
    # any object, so a file needing anything else is refused with nothing run.
    try:
        return sio.load(path, trusted=list(TRUSTED_TYPES))
    except UntrustedTypesFoundException:
        refused = sorted(set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES))
        raise InputError(f"{path}: refusing to load; the file needs untrusted type(s) {', '.join(refused)}") from None
    except Exception as err:  # skops raises several types for a corrupt file
        raise InputError(f"{path}: not a readable skops file ({err})") from None
