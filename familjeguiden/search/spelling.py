"""Finding the real words closest to a typo, fast.

Whoosh's ``terms_within`` builds a Levenshtein automaton per word, which
costs several milliseconds for an edit distance of 2. Instead, each process
builds (once per index generation, on the first typo) a *deletion index* of
the unstemmed ``spell`` words: every word and every form of it with one
letter removed. A typo's own forms with up to two letters removed are
looked up there, and the candidates are checked with a real edit distance.
That finds every word one edit away and most words two edits away, in
well under a millisecond.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance (swapping two neighbours is one edit)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class SpellIndex:
    """Words of one index generation, searchable by edit distance.

    The deletion index holds some ten forms per word. As Python strings in
    a ``dict`` that took 7 MB per worker at the shipped pages (the Swedish
    index and one per language version); here each form is only its hash,
    in one sorted ``int64`` array beside the number of its word (12 bytes a
    form). Two forms with the same hash only add a candidate, and every
    candidate is checked with a real edit distance, so a collision can never
    make a wrong correction. Hashes of ``str`` differ between processes, and
    the index is built per process.
    """

    def __init__(self, words):
        self.words = tuple(sorted(set(words)))
        hashes: list[int] = []
        owners: list[int] = []
        for number, word in enumerate(self.words):
            for form in _deletes(word) | {word}:
                hashes.append(hash(form))
                owners.append(number)
        hashed = np.array(hashes, np.int64)
        order = np.argsort(hashed, kind="stable")
        self._hashes = hashed[order]
        self._owners = np.array(owners, np.int32)[order]

    def __contains__(self, word: str) -> bool:
        """Whether the pages have ``word`` exactly as written (folded, not stemmed)."""
        at = bisect_left(self.words, word)
        return at < len(self.words) and self.words[at] == word

    def within(self, typo: str, maxdist: int) -> dict[str, int]:
        """Known words within ``maxdist`` (1 or 2) edits of ``typo``, with their distance."""
        forms = {typo} | _deletes(typo)
        if maxdist >= 2:
            forms |= {shorter for form in list(forms) if len(form) > 2 for shorter in _deletes(form)}
        wanted = np.fromiter((hash(form) for form in forms), np.int64, len(forms))
        starts = np.searchsorted(self._hashes, wanted, "left")
        ends = np.searchsorted(self._hashes, wanted, "right")
        candidates = {self.words[self._owners[i]] for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
                      for i in range(start, end)}
        found = {}
        for word in candidates:
            if word != typo and abs(len(word) - len(typo)) <= maxdist:
                d = distance(typo, word)
                if d <= maxdist:
                    found[word] = d
        return found
