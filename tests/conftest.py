"""Shared fixtures: a small corpus written for the tests, and offline Hugging Face settings."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# The dataset must load without a network; the cache goes to a throw-away folder.
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"


@pytest.fixture(autouse=True, scope="session")
def _hf_cache(tmp_path_factory):
    os.environ["HF_HOME"] = str(tmp_path_factory.mktemp("hf-home"))


ARTICLES = {
    "alpha-wire": [
        ("Skip to content", "boilerplate"),
        ("Envoys meet in Geneva to revive stalled truce talks", "diplomacy"),
        ("By Jane Placeholder | 3 March 2020", "boilerplate"),
        ("Negotiators from both camps sat down in Geneva on Tuesday for a new round of talks.", "diplomacy"),
        ("Artillery fire was heard south of the capital overnight, residents said.", "military"),
        ("The country has had two rival governments since 2014.", "background"),
        ("Share this article", "boilerplate"),
    ],
    "bravo-report": [
        ("Fighters push towards coastal city in new offensive", "military"),
        ("Photo: Staff/Bravo Report", "boilerplate"),
        ("Armed groups advanced along the coast road on Sunday, seizing two villages.", "military"),
        ("Oil output has fallen by half since the blockade began, hurting the economy.", "background"),
        ("The foreign ministers of three countries called for an immediate ceasefire.", "diplomacy"),
        ("© 2020 Bravo Report. All rights reserved.", "boilerplate"),
    ],
    "charlie-daily": [
        ("Why the oil crescent matters", "background"),
        ("5 min read", "boilerplate"),
        ("The ports between Sirte and Ras Lanuf handle most of the country's crude exports.", "background"),
        ("Control of the terminals has changed hands several times since 2016.", "military"),
        ("Talks on sharing revenue resumed in Tunis last week under UN auspices.", "diplomacy"),
        ("Sign up to our newsletter", "boilerplate"),
    ],
    "delta-news": [
        ("Drone strike hits airbase", "military"),
        ("A drone struck the airbase at dawn, destroying two aircraft, a spokesman said.", "military"),
        (
            "A drone struck the airbase at dawn, destroying two aircraft, a spokesman said. Photo: Delta News",
            "boilerplate",
        ),
        ("The airbase has been contested since the start of the war.", "background"),
        ("The government summoned the ambassador over the strike.", "diplomacy"),
        ("This website uses cookies.", "boilerplate"),
    ],
    "echo-times": [
        ("Parliament votes on unity government", "diplomacy"),
        ("Lawmakers meeting in the eastern city approved the cabinet by a large majority.", "diplomacy"),
        ("Clashes broke out near the airport hours after the vote.", "military"),
        ("Many families displaced by earlier fighting still live in schools.", "background"),
        ("Related: Ten years of war in pictures", "boilerplate"),
    ],
    "foxtrot-post": [
        ("Ceasefire holds for a third day", "diplomacy"),
        ("Updated 14:05 GMT, 25 October 2020", "boilerplate"),
        ("The ceasefire signed in Geneva held for a third day, diplomats said.", "diplomacy"),
        ("Shelling resumed despite the truce in one southern district.", "military"),
        ("Prices of bread and fuel have doubled this year.", "background"),
        ("Tags: conflict, ceasefire", "boilerplate"),
    ],
}


def labelled_blocks() -> pd.DataFrame:
    """The block rows of ``ARTICLES`` as a model reads them, with outlet and conflict.

    Six outlets of one article each; two articles are about another conflict.
    """
    rows = []
    for article_id, blocks in ARTICLES.items():
        for n, (text, label) in enumerate(blocks):
            rows.append(
                {
                    "text": text,
                    "block": n,
                    "n_blocks": len(blocks),
                    "is_duplicate": False,
                    "label": label,
                    "article_id": article_id,
                    "outlet": article_id.split("-")[0],
                    "conflict": "sudan" if article_id in {"alpha-wire", "delta-news"} else "libya",
                }
            )
    return pd.DataFrame(rows)


def write_corpus(folder: Path, articles: dict = ARTICLES, crlf: frozenset = frozenset()) -> Path:
    """Write a corpus folder: raw files with blank lines between blocks, labels, catalogue."""
    (folder / "raw").mkdir(parents=True)
    (folder / "labels").mkdir()
    catalogue = []
    for article_id, blocks in articles.items():
        newline = "\r\n" if article_id in crlf else "\n"
        raw = newline.join(f"{text}{newline}" for text, _ in blocks)
        (folder / "raw" / f"{article_id}.txt").write_bytes(raw.encode("utf-8"))
        with (folder / "labels" / f"{article_id}.jsonl").open("w", encoding="utf-8") as handle:
            for n, (text, label) in enumerate(blocks):
                handle.write(json.dumps({"block": n, "label": label, "text": text}) + "\n")
        catalogue.append(
            {
                "id": article_id,
                "outlet": article_id.split("-")[0].title(),
                "url": f"https://{article_id}.example/story",
                "published": "2020-10-25",
                "language": "en",
                "conflict": "libya",
                "genre": "wire",
                "synthetic": True,
                "license": "CC-BY-4.0",
                "topic": "test",
                "notes": "written for the tests",
            }
        )
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for record in catalogue:
            handle.write(json.dumps(record) + "\n")
    return folder


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A six-article corpus written for the tests."""
    return write_corpus(tmp_path / "corpus")


def needs_shared(path: Path) -> Path:
    """Skip the test with a clear message when ../shared is not beside the checkout."""
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared folder sits beside the checkout on project machines)")
    return path
