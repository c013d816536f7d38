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

    Most forms belong to one word, so a form maps to that word itself and
    only to a tuple when several share it: a ``set`` per form took three
    times the memory (4 MB at 10,000 pages).
    """

    def __init__(self, words):
        self.words = set(words)
        by_delete: dict[str, str | tuple[str, ...]] = {}
        for word in self.words:
            for form in _deletes(word) | {word}:
                found = by_delete.get(form)
                if found is None:
                    by_delete[form] = word
                elif isinstance(found, str):
                    by_delete[form] = (found, word)
                else:
                    by_delete[form] = (*found, word)
        self._by_delete = by_delete

    def within(self, typo: str, maxdist: int) -> dict[str, int]:
        """Known words within ``maxdist`` (1 or 2) edits of ``typo``, with their distance."""
        forms = {typo} | _deletes(typo)
        if maxdist >= 2:
            forms |= {shorter for form in list(forms) if len(form) > 2 for shorter in _deletes(form)}
        candidates = set()
        for form in forms:
            found = self._by_delete.get(form)
            if found is None:
                continue
            if isinstance(found, str):
                candidates.add(found)
            else:
                candidates.update(found)
        found = {}
        for word in candidates:
            if word != typo and abs(len(word) - len(typo)) <= maxdist:
                d = distance(typo, word)
                if d <= maxdist:
                    found[word] = d
        return found
