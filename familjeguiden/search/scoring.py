"""Scoring terms against one index generation, with cached term scores.

Whoosh scores a query by walking every posting of every term and calling a
BM25F scorer object per posting, which at 1,000 pages costs tens of
milliseconds for a query whose words (and their synonyms) occur on most
pages. Yet the score a term gives a page only changes when the index does.
So each process keeps, per generation, a bounded cache: term -> the pages
having it and its score on each, summed over the text fields with their
weights, computed from Whoosh's postings a block at a time with Whoosh's
BM25 length statistics. A query then adds these up (``ranking.py``).

The scores are two numpy arrays per term, the page numbers (``int32``,
ascending) and the scores (``float32``): 8 bytes a page, where a Python
``dict`` entry took about 100, and a query sums whole arrays instead of
looping over pages in Python. At 10,000 pages a common word is on nearly
every page, so this decides both the memory of a worker and the time of a
query. The cache is bounded by the bytes it holds (``CACHE_BYTES``).

How telling a term is (``idf``) is computed once per term over the whole
page, not per field as Whoosh does: with per-field idf, "barn" in a title
looks rare (few titles say it) although every page says it. The formula is
BM25's ``log(1 + (N - df + 0.5) / (df + 0.5))``, which goes to zero for a
word on every page, so very common words add almost nothing.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

import numpy as np

from .schema import FIELD_WEIGHTS

#: Bytes of term scores kept per generation and process (8 bytes a page).
CACHE_BYTES = 6 * 2**20


class TermVector:
    """One term's scores in one generation: ``ids`` (pages, ascending), ``scores``, ``idf``."""

    __slots__ = ("ids", "scores", "idf")

    def __init__(self, ids: np.ndarray, scores: np.ndarray, idf: float):
        self.ids, self.scores, self.idf = ids, scores, idf

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        return self.ids.nbytes + self.scores.nbytes + 64


EMPTY = TermVector(np.zeros(0, np.int32), np.zeros(0, np.float32), 0.0)


#: The idf of a word on half of the pages: below it a word is very common (``ranking.py``).
COMMON_IDF = math.log(2)


def idf(doc_count: int, df: int) -> float:
    """BM25's idf: about ``log(N/df)`` for rare words, near 0 for words on every page."""
    return math.log(1 + (doc_count - df + 0.5) / (df + 0.5)) if df else 0.0


class TermScores:
    """Per-generation cache of each term's weighted scores.

    Per field, the score is BM25's term-frequency part with Whoosh's
    average field length, B and K1 and stored field lengths, times the
    field's weight; the sum over fields is multiplied by the term's
    whole-page idf (see the module docstring).
    """

    def __init__(self, state, size: int = CACHE_BYTES, fields: dict[str, float] | None = None,
                 doc_count: int | None = None):
        """``fields`` and ``doc_count``: a language version's fields and how many pages have one
        (``multilingual.py``); by default the Swedish fields and every page."""
        self.state = state  # gives each thread its own searcher (see state.IndexState)
        self.size = size
        searcher = state.searcher
        weighting = searcher.weighting
        self.k1 = getattr(weighting, "K1", 1.2)
        self._b = lambda f: getattr(weighting, "_field_B", {}).get(f, getattr(weighting, "B", 0.75))
        self.doc_count = max(1, searcher.doc_count() if doc_count is None else doc_count)
        #: Pages the average field length is taken over (a version's fields are empty on the others).
        self._length_docs = doc_count
        #: Length of a dense per-page array: page numbers run up to here (deleted ones included).
        self.pages = searcher.reader().doc_count_all()
        names = searcher.schema.names()
        if fields is not None:
            self.fields = {name: weight for name, weight in fields.items() if name in names}
        else:  # a generation built before ``body_counts`` existed scores its ``body``
            self.fields = {(name if name in names else "body"): weight for name, weight in FIELD_WEIGHTS.items()}
        self._cache: OrderedDict[str, TermVector] = OrderedDict()
        self._held = 0
        self._norms: dict[str, np.ndarray] = {}
        self._vocabulary: dict[str, frozenset[str]] | None = None
        self._lock = threading.Lock()

    def get(self, term: str) -> TermVector:
        with self._lock:
            found = self._cache.get(term)
            if found is not None:
                self._cache.move_to_end(term)
                return found
        found = self._compute(term)
        with self._lock:
            if term not in self._cache:
                self._cache[term] = found
                self._held += found.nbytes
            while self._held > self.size and len(self._cache) > 1:
                _term, dropped = self._cache.popitem(last=False)
                self._held -= dropped.nbytes
        return found

    def forget_terms(self) -> None:
        """Drop cached term scores (for measuring the cold path)."""
        with self._lock:
            self._cache.clear()
            self._held = 0

    def known(self, term: str) -> bool:
        """Whether any text field has the term (no scoring needed).

        Splitting a compound asks this for a dozen prefixes of every new
        word, and each Whoosh lookup reads the term table from disk (about
        15 µs); so the generation's terms are read once, into a set (a few
        thousand terms at 30 pages, a few tens of thousands at 10,000).
        """
        return any(term in terms for terms in self.vocabulary().values())

    def vocabulary(self) -> dict[str, frozenset[str]]:
        """Each scored field's terms in this generation (read once)."""
        if self._vocabulary is None:
            reader = self.state.reader
            self._vocabulary = {name: frozenset(reader.field_terms(name)) for name in self.fields}
        return self._vocabulary

    def doc_frequency(self, term: str) -> int:
        """About how many pages have the term: the most of any field (a lookup, no postings read)."""
        reader = self.state.reader
        return max((reader.doc_frequency(fieldname, term) for fieldname in self.fields), default=0)

    def _norm(self, fieldname: str) -> np.ndarray:
        """Per document: the BM25 length part ``K1 * (1 - B + B * length / average)``."""
        norm = self._norms.get(fieldname)
        if norm is None:
            if self._length_docs:
                average = (self.state.reader.field_length(fieldname) / self._length_docs) or 1
            else:
                average = self.state.searcher.avg_field_length(fieldname) or 1
            b, k1, reader = self._b(fieldname), self.k1, self.state.reader
            lengths = np.array([reader.doc_field_length(d, fieldname, 1) for d in range(self.pages)], np.float64)
            norm = self._norms[fieldname] = k1 * ((1 - b) + b * lengths / average)
        return norm

    def _compute(self, term: str) -> TermVector:
        factor_k1 = self.k1 + 1
        scores = None
        vocabulary = self.vocabulary()
        for fieldname, weight in self.fields.items():
            if term not in vocabulary[fieldname]:
                continue
            if scores is None:
                scores = np.zeros(self.pages, np.float64)
            norm = self._norm(fieldname)
            factor = weight * factor_k1
            for ids, frequencies in _posting_blocks(self.state, fieldname, term):
                pages = np.asarray(ids, np.intp)
                tf = np.asarray(frequencies, np.float64)
                scores[pages] += factor * tf / (tf + norm[pages])
        if scores is None:
            return EMPTY
        ids = np.flatnonzero(scores).astype(np.int32)
        weight = idf(self.doc_count, len(ids))
        return TermVector(ids, (scores[ids] * weight).astype(np.float32), weight)


def _posting_blocks(state, fieldname: str, term: str):
    """``(docnums, term frequencies)`` of a term, a segment's arrays or a block of postings at a time.

    A segment with arrays beside it (``postings.py``) gives its postings in
    one slice; one without is read from Whoosh's postings.
    """
    stored = state.postings
    for sub, offset in state.searcher.leaf_searchers():
        reader = sub.reader()
        segment = stored.get(reader.segment().segment_id()) if stored else None
        if segment is not None and fieldname in segment.fields:
            found = segment.get(fieldname, term)
            if found is not None:
                yield (found[0] + offset if offset else found[0]), found[1]
            continue
        for ids, weights in leaf_postings(reader, fieldname, term):
            yield (np.asarray(ids, np.intp) + offset if offset else ids), weights


def leaf_postings(reader, fieldname: str, term: str):
    """``(docnums, term frequencies)`` of a term in one segment, a block of Whoosh's postings at a time."""
    if (fieldname, term) not in reader:
        return
    matcher = reader.postings(fieldname, term)
    if hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block") and not matcher._byteids:
        # Whoosh's own leaf matcher (no deleted documents): whole blocks,
        # the page numbers decoded from their differences by numpy rather
        # than Whoosh's Python generator.
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            deltas, weights = matcher._data[0], matcher._data[1]
            start, end = matcher._i, matcher._blocklength
            ids = np.cumsum(np.array(deltas, np.intp))[start:end]
            if weights is None or isinstance(weights, float):
                weights = np.full(end - start, 1.0 if weights is None else weights)
            else:
                weights = weights[start:end]
            yield ids, weights
            matcher._next_block()
    else:
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        yield ids, weights
