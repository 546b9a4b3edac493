"""Group near-duplicate articles and assign each group to a split.

An article's split is a pure function of its group id, so adding articles never
moves existing ones, and syndicated copies (the same story under another
outlet's furniture) land in the same split. The one exception is unavoidable: a
new article that is a near-duplicate of existing ones joins their group, and if
its id sorts first it renames the group, which may move the group's split; a new
article that joins two groups from different splits must move one of them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

SPLITS: tuple[str, ...] = ("train", "validation", "test")
#: Cumulative shares of train and validation; the rest is test.
SPLIT_BOUNDS = (0.70, 0.85)
#: Changing the salt reshuffles every split, so it is part of the dataset's version.
SPLIT_SALT = "libya-news-paragraphs/v1"
NUM_PERM = 128
# Named explicitly: datasketch changed its default scheme once, which would move near-duplicate groups.
MINHASH_SCHEME = "affine32"
SHINGLE_WORDS = 5
#: Estimated Jaccard similarity of body shingles above which two articles are one story.
NEAR_DUPLICATE_THRESHOLD = 0.6

_WORD = re.compile(r"\w+")


def split_for(group_id: str, salt: str = SPLIT_SALT) -> str:
    """The split of a near-duplicate group: ``train``, ``validation`` or ``test``.

    A salted SHA-256 of the group id is read as a number in [0, 1) and cut at
    ``SPLIT_BOUNDS`` (70/15/15).

    Parameters
    ----------
    group_id : str
        The group's id (its smallest article id).
    salt : str, default=SPLIT_SALT

    Returns
    -------
    str
    """
    digest = hashlib.sha256(f"{salt}\x00{group_id}".encode()).digest()
    share = int.from_bytes(digest[:8], "big") / 2**64
    return next((name for name, bound in zip(SPLITS, SPLIT_BOUNDS, strict=False) if share < bound), SPLITS[-1])


def signature(texts: Iterable[str]) -> np.ndarray:
    """MinHash signature of the word 5-shingles of an article's body text.

    The hash is datasketch's SHA-1 based default with a fixed seed, so a
    signature is the same on every machine and in every process.
    """
    words = [w.lower() for text in texts for w in _WORD.findall(text)]
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme=MINHASH_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return minhash.hashvalues.copy()


def near_duplicate_groups(
    signatures: Mapping[str, np.ndarray], threshold: float = NEAR_DUPLICATE_THRESHOLD
) -> dict[str, str]:
    """Group articles whose signatures say they are copies of one story.

    Candidate pairs come from locality-sensitive hashing; a pair joins when the
    estimated Jaccard similarity reaches ``threshold``; groups are the connected
    components, named by their smallest article id (so the result does not
    depend on the order of ``signatures``).

    Parameters
    ----------
    signatures : mapping of str to ndarray
        Article id to signature (see ``signature``).
    threshold : float, default=NEAR_DUPLICATE_THRESHOLD

    Returns
    -------
    dict of str to str
        Article id to group id.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    parent = {key: key for key in signatures}

    def root(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for key in sorted(signatures):
        # LeanMinHash carries no permutation tables: the index stays small for large corpora.
        query = LeanMinHash(seed=1, hashvalues=signatures[key], scheme=MINHASH_SCHEME)
        for other in lsh.query(query):
            if np.mean(signatures[key] == signatures[other]) >= threshold:
                a, b = sorted((root(key), root(other)))
                parent[b] = a
        lsh.insert(key, query, check_duplication=False)
    return {key: root(key) for key in signatures}
