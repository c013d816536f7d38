"""Combining concept scores into one ranking, weighed by how telling each word is.

A parent's sentence - "min dotter vill inte gå till skolan" - holds a few
telling words and many common ones. Counting matched words would let
"vill" and "gå" (on most pages) count as much as "skolan", and list the
whole catalogue. So, per query:

* each concept gets an **informativeness** ``I``: the highest idf of its
  own terms (``scoring.idf``); for a word no page uses (slang, "plugget",
  "umo"), the idf of the pages having *any* of its synonyms, times their
  weight (a synonym says less about what was meant): "plugget" means
  "skolan", which most pages say, even if one page says the rare synonym
  "grundskola"; or the mean over a compound's parts; an everyday word
  (``analysis.EVERYDAY_WORDS``) has 0;
* a concept is **telling** when its ``I`` is at least ``TELLING_SHARE`` of
  the query's most telling concept, and not a very common word (``I`` below
  ``COMMON_IDF``, the idf of a word on half the pages) - unless every
  concept is that common;
* only a telling concept, through one of its own terms, an informative
  synonym or its parts, can make a page a **result**; very common words,
  weak synonyms (``dotter`` -> ``barn``) and the age boost only add to the
  score of pages that are results already (a weak synonym covers only
  ``WEAK_COVERAGE`` of its concept);
* a page's score is the sum of its concept scores times its **coverage**
  squared: the share of the query's total ``I`` that the page matches
  (a compound with only some parts on the page counts that share of its
  parts);
* a page with a keyword entry whose every word the query has gets more
  (``keyword_factors``);
* pages in an age group the query named (``tonåring``, ``3 år``) get
  ``AGE_FACTOR`` more;
* the list is **cut** where the scores fall off: pages scoring under
  ``CUT_SHARE`` of the best page are not listed at first (``/sok`` offers
  them as "fler träffar"). When one concept counts, pages with the typed
  word itself are never cut: each matches all of the query. At least
  ``MIN_LISTED`` pages stay listed: one strong page must not hide the
  second-best answer to a question that may be meant two ways ("vill inte
  leva längre" is for the self-harm page and for BUP).

All of it is done on numpy arrays over the page numbers of the generation
(dense while a concept or a ranking is built, compact in a ``Scored``):
at 10,000 pages a common word matches thousands of pages, and adding
arrays costs microseconds where a Python loop over pages cost tens of
milliseconds per query.
"""

from __future__ import annotations

import numpy as np

from .concepts import Concept
from .scoring import COMMON_IDF, idf

TELLING_SHARE = 0.3
COORDINATION = 2.0
AGE_FACTOR = 1.5
#: A synonym adds to its concept only this share beyond the best term.
EXTRA_TERMS = 0.25
#: A compound whose whole word no page has, found with only some parts.
PARTIAL_WEIGHT = 0.5
CUT_SHARE = 0.3
MIN_LISTED = 3
KEYWORD_FACTOR = 1.0
#: What a page matched only through a weak synonym covers of that concept.
WEAK_COVERAGE = 0.3
#: Bytes a cached word holds besides its arrays' data: six array headers and the concept's dicts
#: (measured 1.5-1.75 KB a word at the shipped pages; counting only the data let the word caches
#: hold four times their bound).
HELD_BESIDE = 1500


class Scored:
    """One concept's scores, over the pages it matches at all.

    ``ids`` are those pages (ascending); per page, ``scores``, ``coverage``
    (0-1), ``evidence`` (the concept may make the page a result) and
    ``own`` (the page has the typed word itself or its typo corrections).
    ``coverage`` is ``None`` when it is the usual 1 on evidence and
    ``WEAK_COVERAGE`` elsewhere (not kept: 4 bytes a page).
    """

    __slots__ = ("concept", "ids", "scores", "coverage", "evidence", "own", "informativeness", "evidence_ids")

    def __init__(self, concept: Concept, ids, scores, coverage, evidence, own, informativeness: float):
        self.concept, self.ids, self.scores, self.coverage = concept, ids, scores, coverage
        self.evidence, self.own, self.informativeness = evidence, own, informativeness
        #: The pages the concept may make results of, ready for every query that has it.
        self.evidence_ids = ids[evidence]

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        """About what a cached word's scores hold: the arrays, and ``HELD_BESIDE`` for what comes with them."""
        return (10 if self.coverage is None else 14) * len(self.ids) + 4 * len(self.evidence_ids) + HELD_BESIDE

    def coverage_or_default(self) -> np.ndarray:
        if self.coverage is None:
            return np.where(self.evidence, 1.0, WEAK_COVERAGE)
        return self.coverage


class Ranked:
    """Pages best first: ``scores`` and ``docs`` (page numbers), as arrays."""

    __slots__ = ("scores", "docs")

    def __init__(self, scores: np.ndarray, docs: np.ndarray):
        self.scores, self.docs = scores, docs

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def nbytes(self) -> int:
        return self.scores.nbytes + self.docs.nbytes + 100

    def __getitem__(self, part: slice) -> Ranked:
        return Ranked(self.scores[part], self.docs[part])

    def pairs(self) -> list[tuple[float, int]]:
        return list(zip(self.scores.tolist(), self.docs.tolist(), strict=True))

    @classmethod
    def empty(cls) -> Ranked:
        return cls(np.zeros(0, np.float32), np.zeros(0, np.int32))


class _Building:
    """A concept's scores while they are built: dense arrays over every page number."""

    def __init__(self, pages: int):
        self.scores = np.zeros(pages)
        self.present = np.zeros(pages, bool)
        self.coverage = np.zeros(pages)
        self.evidence = np.zeros(pages, bool)
        self.informativeness = 0.0


def _combine(term_scores, terms: dict[str, float]) -> tuple[np.ndarray, np.ndarray, float]:
    """Per page ``max + EXTRA_TERMS * rest`` of the terms' weighted scores, where they occur, and the best idf."""
    pages = term_scores.pages
    best, total, present = np.zeros(pages), np.zeros(pages), np.zeros(pages, bool)
    best_idf = 0.0
    for term, weight in terms.items():
        vector = term_scores.get(term)
        best_idf = max(best_idf, vector.idf * weight)
        if len(vector):
            values = weight * vector.scores.astype(np.float64)
            best[vector.ids] = np.maximum(best[vector.ids], values)
            total[vector.ids] += values
            present[vector.ids] = True
    return best + EXTRA_TERMS * (total - best), present, best_idf


def score_concept(term_scores, concept: Concept, phrase_scores) -> Scored:
    built = _Building(term_scores.pages)
    own_idf = synonym_idf = 0.0
    own = None
    if concept.own:
        values, own, own_idf = _combine(term_scores, concept.own)
        built.scores += values
        built.present |= own
        built.evidence |= own
    if concept.synonyms:
        _add_synonyms(term_scores, concept, built, own_idf)
        synonym_idf = built.informativeness
    # How telling the typed word is: its own frequency when the pages use it,
    # else what its synonyms say together.
    built.informativeness = own_idf if own_idf else synonym_idf
    built.coverage = np.where(built.present, np.where(built.evidence, 1.0, WEAK_COVERAGE), 0.0)
    if concept.parts:
        _score_parts(term_scores, concept, built, whole=bool(built.evidence.any()))
    if concept.phrase is not None:
        for docnum, score in phrase_scores(concept.phrase).items():
            built.scores[docnum] += score
            built.coverage[docnum] = 1.0
            built.evidence[docnum] = built.present[docnum] = True
        built.informativeness = max(built.informativeness, 2 * COMMON_IDF)
    ids = np.flatnonzero(built.present)
    evidence = built.evidence[ids]
    coverage = built.coverage[ids].astype(np.float32)
    if np.array_equal(coverage, np.where(evidence, 1.0, WEAK_COVERAGE).astype(np.float32)):
        coverage = None
    return Scored(concept, ids.astype(np.int32), built.scores[ids].astype(np.float32), coverage, evidence,
                  own[ids] if own is not None else np.zeros(len(ids), bool), built.informativeness)


def _add_synonyms(term_scores, concept: Concept, built: _Building, own_idf: float) -> None:
    """A concept's synonyms: scores, evidence, and (for a word no page uses) its informativeness."""
    synonyms = {}
    union = np.zeros(term_scores.pages, bool)
    for term, weight in concept.synonyms.items():
        vector = term_scores.get(term)
        if not vector.idf:
            continue
        if own_idf:
            if vector.idf >= COMMON_IDF:  # an informative synonym is evidence; a weak one is not
                built.evidence[vector.ids] = True
            # A synonym never tells more than the typed word does when the pages use it.
            synonyms[term] = weight * min(1.0, own_idf / vector.idf)
        else:
            union[vector.ids] = True
            synonyms[term] = weight
    if not synonyms:
        return
    count = int(union.sum())
    if count:  # no page uses the typed word: it means what its synonyms say, together
        built.evidence |= union
        built.informativeness = idf(term_scores.doc_count, count) * max(synonyms.values())
    values, present, _idf = _combine(term_scores, synonyms)
    old = built.scores
    built.scores = np.where(present, np.maximum(old, values) + EXTRA_TERMS * np.minimum(old, values), old)
    built.present |= present


def _part_presence(term_scores, part: dict[str, float], present: np.ndarray) -> np.ndarray:
    """The pages that have a compound's part: its own terms or an informative synonym.

    A very common synonym ("oro" for the part "ångest") adds to a page's
    score but does not give the page the part: else "ångestproblem" is on
    every page that says both "oro" and "problem". A part no page has
    itself is known only through its synonyms, which then all count.
    """
    own, informative = np.zeros(term_scores.pages, bool), np.zeros(term_scores.pages, bool)
    for term, weight in part.items():
        vector = term_scores.get(term)
        if weight >= 1.0:
            own[vector.ids] = True
        elif vector.idf >= COMMON_IDF:
            informative[vector.ids] = True
    return own | informative if own.any() else present


def _score_parts(term_scores, concept: Concept, built: _Building, whole: bool) -> None:
    vectors, idfs = [], []
    for part in concept.parts:
        values, present, part_idf = _combine(term_scores, part)
        vectors.append((values, _part_presence(term_scores, part, present)))
        idfs.append(part_idf)
    total_idf = sum(idfs) or 1.0
    built.informativeness = max(built.informativeness, total_idf / len(idfs))
    common = np.logical_and.reduce([present for _values, present in vectors])
    if common.any():
        summed = sum(values for values, _present in vectors)
        built.scores[common] += concept.parts_weight * summed[common]
        built.coverage[common] = 1.0
        built.present |= common
        if max(idfs) >= COMMON_IDF:  # "barn"+"barn" alone tells nothing
            built.evidence |= common
    if whole:
        return
    # The pages without every part still count: the best partial match, each part as telling as its
    # idf, so "ångestproblem" finds BUP (ångest) besides elevhälsan (ångest and problem).
    for (values, present), part_idf in zip(vectors, idfs, strict=True):
        present = present & ~common
        built.scores[present] += PARTIAL_WEIGHT * values[present]
        built.coverage[present] = np.minimum(1.0, built.coverage[present] + part_idf / total_idf)
        built.present |= present
        if part_idf >= COMMON_IDF:
            built.evidence |= present


def keyword_factors(entries, scored: list[Scored], pages: int) -> np.ndarray | None:
    """Pages with a keyword entry the query says in full ("vill inte gå till skolan").

    Keywords are how staff say what parents ask; a query holding every word
    of an entry matches that page as a whole phrase would, even when each
    word is common. Such a page is a result and its score grows by
    ``KEYWORD_FACTOR`` per word of each matched entry. ``entries`` maps an
    index term to ``(terms of an entry, pages having that entry)``.
    Returns the factor per page, or ``None`` when no entry matches.
    """
    typed = set()
    for s in scored:
        typed.update(s.concept.own)
    factors = None
    seen = set()
    for term in typed:
        for terms, docs in entries.get(term, ()):
            if terms not in seen and terms <= typed:
                seen.add(terms)
                if factors is None:
                    factors = np.ones(pages)
                factors[docs] += KEYWORD_FACTOR * len(terms)
    return factors


def rank(scored: list[Scored], pages, age_groups, keyword_entries=None) -> Ranked:
    """The pages best first (see the module docstring).

    ``pages`` gives, per page number, ``alive`` (not deleted since the
    generation was opened) and ``age_masks`` (pages in each age group).
    """
    scored = [s for s in scored if len(s)]
    if not scored:
        return Ranked.empty()
    size = len(pages.alive)
    keyword = keyword_factors(keyword_entries, scored, size) if keyword_entries else None
    top = max(s.informativeness for s in scored)
    telling = [s for s in scored if s.informativeness >= max(COMMON_IDF, TELLING_SHARE * top)]
    if not telling:
        telling = [s for s in scored if s.informativeness >= TELLING_SHARE * top]
    candidates = np.zeros(size, bool)
    for s in telling:
        candidates[s.evidence_ids] = True
    if keyword is not None:
        candidates |= keyword > 1.0
    candidates &= pages.alive
    weights = [max(s.informativeness, 1e-6) for s in scored]
    total_weight = sum(weights)
    summed, matched = np.zeros(size), np.zeros(size)
    for s, weight in zip(scored, weights, strict=True):
        summed[s.ids] += s.scores
        matched[s.ids] += weight * s.coverage_or_default()
    docs = np.flatnonzero(candidates)
    score = summed[docs] * (matched[docs] / total_weight) ** COORDINATION
    if keyword is not None:
        score *= keyword[docs]
    wanted = [pages.age_masks[g] for g in age_groups if g in pages.age_masks]
    if wanted:
        score = np.where(np.logical_or.reduce(wanted)[docs], score * AGE_FACTOR, score)
    order = np.lexsort((docs, -score))
    # Ordered exactly; kept compact (a cached analysis holds its ranking).
    return Ranked(score[order].astype(np.float32), docs[order].astype(np.int32))


def cut(ranked: Ranked, scored: list[Scored]) -> tuple[Ranked, int]:
    """``ranked`` reordered so the pages to list at first come first, and how many they are.

    Pages under ``CUT_SHARE`` of the best score go after the cut ("fler
    träffar"), but never the best ``MIN_LISTED``. For a query of one word,
    a page that has the typed word itself is never cut: it matches all of
    the query. Returns the new order and the number listed.
    """
    if not len(ranked):
        return ranked, 0
    scores = ranked.scores
    floor = min(CUT_SHARE * scores[0], scores[min(MIN_LISTED, len(scores)) - 1])
    keep = scores >= floor
    if len(scored) == 1 and len(scored[0]):
        own = scored[0].ids[scored[0].own]
        keep |= np.isin(ranked.docs, own)
    listed = int(keep.sum())
    if listed == len(ranked):
        return ranked, listed
    order = np.concatenate([np.flatnonzero(keep), np.flatnonzero(~keep)])
    return Ranked(scores[order], ranked.docs[order]), listed
