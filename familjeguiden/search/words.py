"""What one typed word means in one index generation, worked out once per process.

Queries vary, words much less: a worker that has answered a few hundred
searches has seen most of the words parents use. So for each distinct
typed word, per generation, this keeps

* whether it is a probable typo and its closest known words
  (``corrections.fix``),
* its concept (``concepts.word_concept``): its own terms, synonyms and
  compound parts,
* the concept's scores over the pages (``ranking.score_concept``), with the
  share an everyday or role word is given (below),

and a new query made of known words costs a lookup per word plus the
ranking of the pages (``ranking.rank``). Before this, each new query
analysed its words again: typo checks against the index and the Swedish
word list, synonyms, splits, and the sums over each word's pages.

The cache is bounded by bytes: at 10,000 pages a common word's scores take
about 100 KB (10 bytes a page, ``ranking.Scored``), at 29 pages almost
nothing. It is dropped with the generation, like every cache on the state.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from .analysis import EVERYDAY_WORDS, FACT_WORDS, ROLE_WORDS
from .concepts import Concept, word_concept
from .corrections import fix
from .ranking import Scored, score_concept

#: Bytes of word scores kept per generation and process (``Scored.nbytes``: about 2,500 words at the
#: shipped pages).
CACHE_BYTES = 4 * 2**20
#: A word for a person around the child ("pappa", "dotter", "mormor") says
#: who the question is about, seldom which service helps: it counts half.
ROLE_SHARE = 0.5
#: An everyday word ("hela", "vill") or a word asking for a fact every page
#: states ("öppettider") adds this share of its score: it never tells.
EVERYDAY_SHARE = 0.1


class WordAnalysis:
    """One typed word in one generation: ``fixes`` (``None`` for a real word), ``concept``, ``scored``."""

    __slots__ = ("fixes", "concept", "scored")

    def __init__(self, fixes: list[str] | None, concept: Concept, scored: Scored):
        self.fixes, self.concept, self.scored = fixes, concept, scored


class Words:
    """The per-generation cache of typed words (see the module docstring)."""

    def __init__(self, state, size: int = CACHE_BYTES):
        self.state = state
        self.size = size
        self._cache: OrderedDict[tuple[str, bool], WordAnalysis] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, folded: str, acronym: bool = False) -> WordAnalysis:
        key = (folded, acronym)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        found = self._analyse(folded, acronym)
        with self._lock:
            if key not in self._cache:
                self._cache[key] = found
                self._held += found.scored.nbytes
            while self._held > self.size and len(self._cache) > 1:
                _key, dropped = self._cache.popitem(last=False)
                self._held -= dropped.scored.nbytes
        return found

    def forget(self) -> None:
        """Drop every word (for measuring the cold path)."""
        with self._lock:
            self._cache.clear()
            self._held = 0

    def _analyse(self, folded: str, acronym: bool) -> WordAnalysis:
        fixes = fix(self.state, folded, acronym)
        # A typo with no close word keeps its own concept: its parts may still match.
        concept = word_concept(folded, self.state, fixes or None)
        return WordAnalysis(fixes, concept, self.score(concept))

    def score(self, concept: Concept) -> Scored:
        """A concept's scores with the share its kind of word gets (not cached: phrases, wider typos)."""
        scored = score_concept(self.state.scores, concept, self.state.phrase_scores)
        if concept.word in EVERYDAY_WORDS or concept.word in FACT_WORDS:
            return as_everyday(scored)
        if concept.word in ROLE_WORDS:
            scored.informativeness *= ROLE_SHARE
        return scored


def as_everyday(scored: Scored) -> Scored:
    """A copy of a word's scores counted like an everyday word: it adds a little, never tells.

    Also for a role with which the asker introduces themselves ("jag är
    pappa"): the cached word is shared by every query, so it is copied, not
    changed.
    """
    return Scored(scored.concept, scored.ids, scored.scores * EVERYDAY_SHARE, scored.coverage, scored.evidence,
                  scored.own, 0.0)
