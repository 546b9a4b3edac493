"""What a release of the dataset is called, its version, licence and how to cite it.

The one place these facts are written down. The card's front matter and
citation section, ``CITATION.cff``, ``croissant.json``, the dataset's
``LICENSE`` and the package metadata (``pyproject.toml`` reads
``newspara.__version__``) all take them from here, so they cannot disagree.
A release changes ``__version__`` and ``RELEASED`` together and adds its entry
to ``CHANGELOG.md``; the card's "Versioning" section says which number moves.
"""

from __future__ import annotations

import re

import yaml

from newspara import DATASET_NAME, __version__

TITLE = DATASET_NAME
VERSION = __version__
#: The release date of ``VERSION`` (ISO); a fixed value, so rebuilds are byte-identical.
RELEASED = "2026-11-29"
AUTHOR = "The Libya News Paragraphs maintainers"
#: SPDX id of the licence of everything the project wrote: articles, labels, metadata, code.
LICENSE = "CC-BY-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
#: The one article that is not ours to license (``synthetic: false``).
SEED_ARTICLE = "000_8f902487a387402c"
#: The Hub's licence fields: ``other``, because the seed article is not under CC BY 4.0.
HUB_LICENSE = {"license": "other", "license_name": "cc-by-4.0-except-seed", "license_link": "LICENSE"}
#: The dataset's public home. None until it is published: no address is invented
#: for it (a citation must resolve); when it is set, the card, ``CITATION.cff`` and
#: ``croissant.json`` carry it.
HOMEPAGE: str | None = None
KEYWORDS = (
    "news",
    "boilerplate removal",
    "paragraph classification",
    "conflict reporting",
    "Libya",
    "synthetic data",
)
SUMMARY = (
    "Paragraph-level blocks of scraped English news pages about armed conflicts (first of all Libya, "
    "2011-2021), each labelled diplomacy, military, background or boilerplate, with the page furniture "
    "a scraper leaves in kept and labelled rather than removed. Apart from one real scraped page, every "
    "article is synthetic: written for the dataset by language-model agents to imitate pages of fictional "
    "outlets while paraphrasing real, widely reported events. The articles are training material, not a "
    "factual record."
)
LICENSE_NOTE = (
    f"The synthetic articles, all labels, the metadata and the code are released under the Creative Commons "
    f"Attribution 4.0 International licence (CC BY 4.0, {LICENSE_URL}). The one real article "
    f"({SEED_ARTICLE}, synthetic: false) is not ours to license: it remains its publisher's copyright and is "
    "included for non-commercial research and evaluation only; anyone redistributing or reusing the dataset "
    "beyond research must drop it (filter on the synthetic field) or clear its rights. Each article's licence "
    "is in its license field."
)
#: The dataset's description wherever one is asked for (``CITATION.cff`` abstract, Croissant description).
ABSTRACT = f"{SUMMARY} {LICENSE_NOTE}"


def citation_key() -> str:
    """The BibTeX key: title words and version, e.g. ``libya_news_paragraphs_0_1_1``."""
    return re.sub(r"\W+", "_", f"{TITLE} {VERSION}".lower()).strip("_")


def bibtex() -> str:
    """The BibTeX entry that cites this release."""
    fields = {
        "title": f"{{{TITLE}}}",
        "author": f"{{{AUTHOR}}}",
        "year": RELEASED[:4],
        "month": str(int(RELEASED[5:7])),
        "version": VERSION,
        "note": f"Dataset, version {VERSION}, released {RELEASED}. Licence: {LICENSE} except one real article",
        **({"url": HOMEPAGE} if HOMEPAGE else {}),
    }
    width = max(len(name) for name in fields)
    body = ",\n".join(f"  {name:<{width}} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{citation_key()},\n{body}\n}}\n"


def citation_cff() -> str:
    """``CITATION.cff`` (Citation File Format 1.2.0, ``type: dataset``) for this release."""
    cff = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below.",
        "type": "dataset",
        "title": TITLE,
        "version": VERSION,
        "date-released": RELEASED,
        "authors": [{"name": AUTHOR}],
        "license": LICENSE,
        "abstract": ABSTRACT,
        "keywords": list(KEYWORDS),
        **({"url": HOMEPAGE} if HOMEPAGE else {}),
    }
    return yaml.safe_dump(cff, sort_keys=False, allow_unicode=True, width=100)


def license_file() -> str:
    """The dataset folder's ``LICENSE``, which the card's ``license_link`` names."""
    return f"{TITLE}, version {VERSION}\n\n{LICENSE_NOTE}\n\nCC BY 4.0 legal code: {LICENSE_URL}legalcode\n"
