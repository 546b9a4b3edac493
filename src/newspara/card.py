"""The dataset card: YAML front matter and generated statistics sections.

The card's prose is written by hand; every number in it lives in a generated
section between ``<!-- newspara:begin NAME -->`` and ``<!-- newspara:end NAME -->``
markers and is recomputed from the data at each build.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

import yaml

from newspara import DATASET_NAME, release
from newspara.package import CONFIGS, FEATURES, data_file
from newspara.records import LABELS
from newspara.split import SPLITS

SECTION = re.compile(r"(<!-- newspara:begin (?P<name>[\w-]+) -->\n).*?(<!-- newspara:end (?P=name) -->)", re.S)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)

DEFAULT_TEMPLATE = f"""# {DATASET_NAME}

Paragraph-level blocks of scraped news articles labelled {", ".join(LABELS)}.

## Splits

<!-- newspara:begin splits -->
<!-- newspara:end splits -->
"""


def article_summary(article: dict, split: str | None = None) -> dict:
    """The few fields of an ``articles`` row that the card's statistics need."""
    keys = ("article_id", "outlet", "conflict", "genre", "topic", "published", "synthetic", "n_blocks")
    return {
        **{key: article[key] for key in keys},
        **{label: article[f"n_{label}"] for label in LABELS},
        "split": split,
    }


def size_category(rows: int) -> str:
    """The Hub's ``size_categories`` value for a number of rows."""
    names = ("n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M", "100M<n<1B")
    names += ("1B<n<10B", "10B<n<100B", "100B<n<1T")
    for power, name in enumerate(names, start=3):
        if rows < 10**power:
            return name
    return "n>1T"


def front_matter(splits: dict) -> str:
    """YAML front matter: Hub metadata, configs, features and split sizes."""
    rows = sum(s["num_examples"] for s in splits.get("paragraphs", {}).values())
    meta = {
        "pretty_name": DATASET_NAME,
        "language": ["en"],
        **release.HUB_LICENSE,
        "task_categories": ["text-classification"],
        "task_ids": ["multi-class-classification"],
        "size_categories": [size_category(rows)],
        "annotations_creators": ["machine-generated"],
        "language_creators": ["machine-generated", "found"],
        "multilinguality": ["monolingual"],
        "source_datasets": ["original"],
        "tags": ["news", "boilerplate-removal", "conflict", "libya", "synthetic"],
        "configs": [
            {
                "config_name": config,
                **({"default": True} if config == CONFIGS[0] else {}),
                "data_files": [
                    {"split": split, "path": data_file(config, split)} for split in _present(splits, config)
                ],
            }
            for config in CONFIGS
        ],
        "dataset_info": [
            {
                "config_name": config,
                "features": FEATURES[config]._to_yaml_list(),
                "splits": [{"name": split, **splits[config][split]} for split in _present(splits, config)],
                "dataset_size": sum(s["num_bytes"] for s in splits[config].values()),
            }
            for config in CONFIGS
        ],
    }
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n"


def _present(splits: dict, config: str) -> list[str]:
    return [split for split in SPLITS if split in splits.get(config, {})]


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _splits_section(summaries: Sequence[dict]) -> str:
    rows = []
    for split in (*SPLITS, "total"):
        chosen = [s for s in summaries if split in (s["split"], "total")]
        counts = [sum(s[label] for s in chosen) for label in LABELS]
        rows.append([split, len(chosen), sum(s["n_blocks"] for s in chosen), *counts])
    return _table(["split", "articles", "blocks", *LABELS], rows)


def _by(summaries: Sequence[dict], key: Callable[[dict], object], title: str) -> str:
    counts = Counter(key(s) for s in summaries)
    rows = [
        [name, n, sum(s["n_blocks"] for s in summaries if key(s) == name)]
        for name, n in sorted(counts.items(), key=lambda kv: str(kv[0]))
    ]
    return _table([title, "articles", "blocks"], rows)


def _composition_section(summaries: Sequence[dict]) -> str:
    def year(s: dict) -> str:
        return str(s["published"])[:4] if s["published"] else "unknown"

    def origin(s: dict) -> str:
        return "synthetic" if s["synthetic"] else "real (scraped)"

    libya = [s for s in summaries if s["conflict"] == "libya"]
    parts = [
        _by(summaries, origin, "origin"),
        _by(summaries, lambda s: s["conflict"], "conflict"),
        _by(summaries, year, "year published (all conflicts)"),
        _by(libya, year, "year published (Libya)"),
        _by(summaries, lambda s: s["genre"], "genre"),
        _by(summaries, lambda s: s["outlet"], "outlet"),
        "<details><summary>Articles by topic</summary>\n\n"
        + _by(summaries, lambda s: s["topic"] or "unknown", "topic")
        + "\n</details>\n",
    ]
    return "\n".join(parts)


def _agreement_section(summaries: Sequence[dict], quality: dict) -> str:
    agreement = quality.get("agreement", {})
    if not agreement.get("blocks"):
        return "No second annotation pass has been made yet.\n"
    share = quality["articles"] / max(len(summaries), 1)
    rows = [["all labels", agreement["kappa"]], *([label, agreement["kappa_per_label"][label]] for label in LABELS)]
    outcomes = ", ".join(f"{n} {what}" for what, n in quality["adjudicated"].items()) or "none"
    return (
        f"Second, blind pass: {quality['articles']} articles ({share:.0%} of the corpus), "
        f"{agreement['blocks']} blocks; observed agreement {agreement['observed']:.3f}.\n\n"
        + _table(["Cohen's kappa", "value"], rows)
        + f"\n{quality['disagreements']} disagreements, each adjudicated ({outcomes}).\n"
        + f"Consistency reviews against the guidelines: {quality['consistency']['changed']} labels changed. "
        f"Label-error sweep: {quality['sweep']['reviewed']} blocks reviewed, "
        f"{quality['sweep']['changed']} labels changed.\n"
    )


def _release_section() -> str:
    homepage = release.HOMEPAGE or "not yet published; this repository's `dataset/` folder is the release"
    return (
        f"- **Version:** {release.VERSION}, released {release.RELEASED} (changes: `CHANGELOG.md`)\n"
        f"- **Curated by:** {release.AUTHOR}\n"
        "- **Language(s) (NLP):** English (`en`)\n"
        f'- **License:** {release.LICENSE} except the one real article (see "Licensing"); the folder\'s `LICENSE`\n'
        f"- **Homepage:** {homepage}\n"
    )


def _citation_section() -> str:
    return (
        f"**BibTeX:**\n\n```bibtex\n{release.bibtex()}```\n\n"
        f"**APA:** {release.AUTHOR} ({release.RELEASED[:4]}). *{release.TITLE}* (Version {release.VERSION}) "
        "[Data set].\n"
    )


SECTIONS: dict[str, Callable[[Sequence[dict], dict], str]] = {
    "summary": lambda summaries, quality: release.SUMMARY + "\n",
    "release": lambda summaries, quality: _release_section(),
    "licensing": lambda summaries, quality: release.LICENSE_NOTE + "\n",
    "citation": lambda summaries, quality: _citation_section(),
    "splits": lambda summaries, quality: _splits_section(summaries),
    "composition": lambda summaries, quality: _composition_section(summaries),
    "agreement": _agreement_section,
}


def fill_sections(text: str, sections: dict[str, Callable[[], str]]) -> str:
    """Replace the body of every generated section in ``text`` by its function's output.

    Raises
    ------
    ValueError
        When ``text`` has a section with no function in ``sections``.
    """

    def fill(match: re.Match) -> str:
        name = match.group("name")
        if name not in sections:
            raise ValueError(f"unknown generated section {name!r}; known: {', '.join(sections)}")
        return match.group(1) + sections[name]() + match.group(3)

    return SECTION.sub(fill, text)


def render_dataset_card(template: str, summaries: Sequence[dict], splits: dict, quality: dict | None = None) -> str:
    """Fill a card template with the data's front matter and generated sections.

    Parameters
    ----------
    template : str
        The card, with or without front matter; its generated sections may be
        empty or stale.
    summaries : sequence of dict
        One ``article_summary`` per built article, with its split.
    splits : dict
        Per config, per split: ``num_examples`` and ``num_bytes``.
    quality : dict, optional
        Annotation-quality figures (``newspara.agreement.annotation_quality``).

    Returns
    -------
    str
        The card with fresh front matter and sections.
    """
    body = FRONT_MATTER.sub("", template, count=1)
    sections = {name: (lambda make=make: make(summaries, quality or {})) for name, make in SECTIONS.items()}
    return front_matter(splits) + fill_sections(body, sections)
