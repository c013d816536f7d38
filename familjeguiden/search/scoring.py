"""Scoring concepts against one index generation, with cached term scores.

Whoosh scores a query by walking every posting of every term and calling a
BM25F scorer object per posting, which at 1,000 pages costs tens of
milliseconds for a query whose words (and their synonyms) occur on most
pages. Yet the score a term gives a page only changes when the index does.
So each process keeps, per generation, a bounded cache: term -> {docnum:
score summed over the text fields with their weights}, computed from
Whoosh's postings with Whoosh's BM25F statistics. A query is then a few
dictionary sums.

Quoted phrases need positions and are scored by Whoosh directly.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from .schema import FIELD_WEIGHTS

CACHE_TERMS = 4096
#: What serving the age group an age word names is worth: about one weak body match.
AGE_WORD_SCORE = 1.0


class TermScores:
    """Per-generation cache of each term's weighted scores and body pages.

    Scores are Whoosh's BM25F (same idf, average field length, B and K1,
    same stored field lengths), computed a block of postings at a time
    instead of through one scorer call per posting.
    """

    def __init__(self, state, size: int = CACHE_TERMS):
        self.state = state  # gives each thread its own searcher (see state.IndexState)
        self.size = size
        weighting = state.searcher.weighting
        self.k1 = getattr(weighting, "K1", 1.2)
        self._b = lambda f: getattr(weighting, "_field_B", {}).get(f, getattr(weighting, "B", 0.75))
        self._cache: OrderedDict[str, tuple[dict[int, float], frozenset[int]]] = OrderedDict()
        self._norms: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def get(self, term: str) -> tuple[dict[int, float], frozenset[int]]:
        """``({docnum: score}, docnums having the term in the body)``."""
        with self._lock:
            found = self._cache.get(term)
            if found is not None:
                self._cache.move_to_end(term)
                return found
        found = self._compute(term)
        with self._lock:
            self._cache[term] = found
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return found

    def forget_terms(self) -> None:
        """Drop cached term scores (for measuring the cold path)."""
        with self._lock:
            self._cache.clear()

    def known(self, term: str) -> bool:
        """Whether any text field has the term (no scoring needed)."""
        reader = self.state.reader
        return any((fieldname, term) in reader for fieldname in FIELD_WEIGHTS)

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

    def _compute(self, term: str) -> tuple[dict[int, float], frozenset[int]]:
        scores: dict[int, float] = {}
        body: frozenset[int] = frozenset()
        searcher = self.state.searcher
        reader = searcher.reader()
        for fieldname, weight in FIELD_WEIGHTS.items():
            if (fieldname, term) not in reader:
                continue
            norm = self._norm(fieldname)
            factor = weight * searcher.idf(fieldname, term) * (self.k1 + 1)
            get = scores.get
            docs = []
            for ids, weights in _posting_blocks(searcher, fieldname, term):
                for docnum, tf in zip(ids, weights, strict=True):
                    scores[docnum] = get(docnum, 0.0) + factor * tf / (tf + norm[docnum])
                docs.extend(ids)
            if fieldname == "body":
                body = frozenset(docs)
        return scores, body


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


def _sum_terms(scores: TermScores, terms: dict[str, float]) -> dict[int, float]:
    total: dict[int, float] = {}
    for term, weight in terms.items():
        vector = scores.get(term)[0]
        if not total and weight == 1.0:
            total = dict(vector)
            continue
        get = total.get
        for docnum, score in vector.items():
            total[docnum] = get(docnum, 0.0) + weight * score
    return total


def _phrase_scores(searcher, q) -> dict[int, float]:
    found = {}
    for sub, offset in searcher.leaf_searchers():
        matcher = q.matcher(sub, sub.context())
        while matcher.is_active():
            found[matcher.id() + offset] = matcher.score()
            matcher.next()
    return found


def concept_scores(scores: TermScores, concept, age_docs: dict[str, frozenset[int]]) -> dict[int, float]:
    """``{docnum: score}`` for one concept (see ``query.Concept``)."""
    total = _sum_terms(scores, concept.terms)
    if concept.age_group:
        for docnum in age_docs.get(concept.age_group, ()):
            total[docnum] = total.get(docnum, 0.0) + AGE_WORD_SCORE
    if concept.parts:
        vectors = [_sum_terms(scores, part) for part in concept.parts]
        common = set(vectors[0]).intersection(*vectors[1:])
        for docnum in common:
            total[docnum] = total.get(docnum, 0.0) + concept.parts_weight * sum(v[docnum] for v in vectors)
    if concept.phrase is not None:
        for docnum, score in _phrase_scores(scores.state.searcher, concept.phrase).items():
            total[docnum] = total.get(docnum, 0.0) + score
    return total


def body_terms_for(scores: TermScores, concepts, docnums) -> set[str]:
    """Terms of ``concepts`` that occur in the body of any of ``docnums``."""
    wanted = set(docnums)
    return {term for c in concepts for term in c.all_terms() if wanted & scores.get(term)[1]}
