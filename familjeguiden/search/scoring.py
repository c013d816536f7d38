"""Scoring terms against one index generation, with cached term scores.

Whoosh scores a query by walking every posting of every term and calling a
BM25F scorer object per posting, which at 1,000 pages costs tens of
milliseconds for a query whose words (and their synonyms) occur on most
pages. Yet the score a term gives a page only changes when the index does.
So each process keeps, per generation, a bounded cache: term -> {docnum:
score summed over the text fields with their weights}, computed from
Whoosh's postings a block at a time with Whoosh's BM25 length statistics.
A query is then a few dictionary sums (``ranking.py``).

How telling a term is (``idf``) is computed once per term over the whole
page, not per field as Whoosh does: with per-field idf, "barn" in a title
looks rare (few titles say it) although every page says it. The formula is
BM25's ``log(1 + (N - df + 0.5) / (df + 0.5))``, which goes to zero for a
word on every page, so very common words add almost nothing.

The cache is bounded by the number of postings it holds, not by terms:
at 10,000 pages one common word has thousands of postings.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

from .schema import FIELD_WEIGHTS

#: Postings (docnum, score pairs) kept in the cache of one generation.
CACHE_POSTINGS = 400_000
#: Terms whose presence is remembered (a bool each).
KNOWN_TERMS = 200_000


class TermVector:
    """One term's scores in one generation: ``{docnum: score}``, body pages, idf."""

    __slots__ = ("scores", "body", "idf")

    def __init__(self, scores: dict[int, float], body: frozenset[int], idf: float):
        self.scores, self.body, self.idf = scores, body, idf

    def __len__(self) -> int:
        return len(self.scores)


EMPTY = TermVector({}, frozenset(), 0.0)


def idf(doc_count: int, df: int) -> float:
    """BM25's idf: about ``log(N/df)`` for rare words, near 0 for words on every page."""
    return math.log(1 + (doc_count - df + 0.5) / (df + 0.5)) if df else 0.0


class TermScores:
    """Per-generation cache of each term's weighted scores and body pages.

    Per field, the score is BM25's term-frequency part with Whoosh's
    average field length, B and K1 and stored field lengths, times the
    field's weight; the sum over fields is multiplied by the term's
    whole-page idf (see the module docstring).
    """

    def __init__(self, state, size: int = CACHE_POSTINGS):
        self.state = state  # gives each thread its own searcher (see state.IndexState)
        self.size = size
        weighting = state.searcher.weighting
        self.k1 = getattr(weighting, "K1", 1.2)
        self._b = lambda f: getattr(weighting, "_field_B", {}).get(f, getattr(weighting, "B", 0.75))
        self.doc_count = max(1, state.searcher.doc_count())
        self._cache: OrderedDict[str, TermVector] = OrderedDict()
        self._held = 0
        self._norms: dict[str, list[float]] = {}
        self._known: dict[str, bool] = {}
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
                self._held += len(found) + 1
            while self._held > self.size and len(self._cache) > 1:
                _term, dropped = self._cache.popitem(last=False)
                self._held -= len(dropped) + 1
        return found

    def forget_terms(self) -> None:
        """Drop cached term scores (for measuring the cold path)."""
        with self._lock:
            self._cache.clear()
            self._held = 0

    def known(self, term: str) -> bool:
        """Whether any text field has the term (no scoring needed; remembered per generation)."""
        found = self._known.get(term)
        if found is None:
            reader = self.state.reader
            found = any((fieldname, term) in reader for fieldname in FIELD_WEIGHTS)
            if len(self._known) < KNOWN_TERMS:
                self._known[term] = found
        return found

    def _norm(self, fieldname: str) -> list[float]:
        """Per document: the BM25 length part ``K1 * (1 - B + B * length / average)``."""
        norm = self._norms.get(fieldname)
        if norm is None:
            average = self.state.searcher.avg_field_length(fieldname) or 1
            b, k1, reader = self._b(fieldname), self.k1, self.state.reader
            norm = [k1 * ((1 - b) + b * reader.doc_field_length(d, fieldname, 1) / average)
                    for d in range(reader.doc_count_all())]
            self._norms[fieldname] = norm
        return norm

    def _compute(self, term: str) -> TermVector:
        scores: dict[int, float] = {}
        body: frozenset[int] = frozenset()
        searcher = self.state.searcher
        reader = searcher.reader()
        factor_k1 = self.k1 + 1
        for fieldname, weight in FIELD_WEIGHTS.items():
            if (fieldname, term) not in reader:
                continue
            norm = self._norm(fieldname)
            factor = weight * factor_k1
            get = scores.get
            docs = []
            for ids, weights in _posting_blocks(searcher, fieldname, term):
                for docnum, tf in zip(ids, weights, strict=True):
                    scores[docnum] = get(docnum, 0.0) + factor * tf / (tf + norm[docnum])
                docs.extend(ids)
            if fieldname == "body":
                body = frozenset(docs)
        if not scores:
            return EMPTY
        weight = idf(self.doc_count, len(scores))
        return TermVector({d: s * weight for d, s in scores.items()}, body, weight)


def _posting_blocks(searcher, fieldname: str, term: str):
    """``(docnums, term frequencies)`` of a term, a block of postings at a time."""
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if (fieldname, term) not in reader:
            continue
        matcher = reader.postings(fieldname, term)
        if hasattr(matcher, "_read_weights") and hasattr(matcher, "_next_block"):
            # Whoosh's own leaf matcher (no deleted documents): whole blocks.
            while matcher.is_active():
                matcher.id(), matcher.weight()  # loads the block's ids and weights
                start, end = matcher._i, matcher._blocklength
                ids = matcher._ids[start:end]
                yield ([d + offset for d in ids] if offset else ids), matcher._weights[start:end]
                matcher._next_block()
        else:
            ids, weights = [], []
            while matcher.is_active():
                ids.append(matcher.id() + offset)
                weights.append(matcher.weight())
                matcher.next()
            yield ids, weights
