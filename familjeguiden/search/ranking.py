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
"""

from __future__ import annotations

import math

from .concepts import Concept
from .scoring import idf

COMMON_IDF = math.log(2)  # scoring.idf of a word on half of the pages
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


class Scored:
    """One concept's scores: ``scores`` {docnum: score}, ``coverage`` {docnum: 0-1}, ``evidence``."""

    __slots__ = ("concept", "scores", "coverage", "evidence", "informativeness", "own_docs")

    def __init__(self, concept: Concept):
        self.concept = concept
        self.scores: dict[int, float] = {}
        self.coverage: dict[int, float] = {}
        #: Pages this concept may make results of its own (own terms, informative synonyms, parts).
        self.evidence: set[int] = set()
        self.informativeness = 0.0
        #: Pages that have the typed word itself (or its typo corrections).
        self.own_docs: set[int] = set()


def _combine(term_scores, terms: dict[str, float], into: dict[int, float]) -> float:
    """Add ``max + EXTRA_TERMS * rest`` of the terms' scores per page; returns the best idf."""
    best_idf = 0.0
    per_doc: dict[int, list[float]] = {}
    for term, weight in terms.items():
        vector = term_scores.get(term)
        best_idf = max(best_idf, vector.idf * weight)
        for docnum, score in vector.scores.items():
            per_doc.setdefault(docnum, []).append(weight * score)
    for docnum, values in per_doc.items():
        best = max(values)
        into[docnum] = into.get(docnum, 0.0) + best + EXTRA_TERMS * (sum(values) - best)
    return best_idf


def score_concept(term_scores, concept: Concept, phrase_scores) -> Scored:
    scored = Scored(concept)
    scores, coverage, evidence = scored.scores, scored.coverage, scored.evidence
    own_idf = synonym_idf = 0.0
    if concept.own:
        own_idf = _combine(term_scores, concept.own, scores)
        evidence.update(scores)
        scored.own_docs = set(scores)
    if concept.synonyms:
        synonyms = {}
        union: set[int] = set()
        for term, weight in concept.synonyms.items():
            vector = term_scores.get(term)
            if not vector.idf:
                continue
            if own_idf:
                if vector.idf >= COMMON_IDF:  # an informative synonym is evidence; a weak one is not
                    evidence.update(vector.scores)
                # A synonym never tells more than the typed word does when the pages use it.
                synonyms[term] = weight * min(1.0, own_idf / vector.idf)
            else:
                union.update(vector.scores)
                synonyms[term] = weight
        if union:  # no page uses the typed word: it means what its synonyms say, together
            evidence.update(union)
            synonym_idf = idf(term_scores.doc_count, len(union)) * max(synonyms.values())
        synonym_scores: dict[int, float] = {}
        _combine(term_scores, synonyms, synonym_scores)
        for docnum, score in synonym_scores.items():
            old = scores.get(docnum, 0.0)
            scores[docnum] = max(old, score) + EXTRA_TERMS * min(old, score)
    # How telling the typed word is: its own frequency when the pages use it,
    # else what its informative synonyms say (a rare synonym does not make a
    # common word telling).
    scored.informativeness = own_idf if own_idf else synonym_idf
    for docnum in scores:
        coverage[docnum] = 1.0 if docnum in evidence else WEAK_COVERAGE
    if concept.parts:
        _score_parts(term_scores, concept, scored, whole=bool(evidence))
    if concept.phrase is not None:
        for docnum, score in phrase_scores(concept.phrase).items():
            scores[docnum] = scores.get(docnum, 0.0) + score
            coverage[docnum] = 1.0
            evidence.add(docnum)
        scored.informativeness = max(scored.informativeness, 2 * COMMON_IDF)
    return scored


def _score_parts(term_scores, concept: Concept, scored: Scored, whole: bool) -> None:
    vectors, idfs = [], []
    for part in concept.parts:
        vector: dict[int, float] = {}
        idfs.append(_combine(term_scores, part, vector))
        vectors.append(vector)
    total_idf = sum(idfs) or 1.0
    scored.informativeness = max(scored.informativeness, total_idf / len(idfs))
    common = set(vectors[0]).intersection(*vectors[1:])
    telling_parts = max(idfs) >= COMMON_IDF  # "barn"+"barn" alone tells nothing
    for docnum in common:
        scored.scores[docnum] = scored.scores.get(docnum, 0.0) + concept.parts_weight * sum(v[docnum] for v in vectors)
        scored.coverage[docnum] = 1.0
        if telling_parts:
            scored.evidence.add(docnum)
    if common or whole:
        return
    # No page has every part: the best partial match, each part as telling as its idf.
    for vector, part_idf in zip(vectors, idfs, strict=True):
        share = part_idf / total_idf
        for docnum, score in vector.items():
            scored.scores[docnum] = scored.scores.get(docnum, 0.0) + PARTIAL_WEIGHT * score
            scored.coverage[docnum] = min(1.0, scored.coverage.get(docnum, 0.0) + share)
            if part_idf >= COMMON_IDF:
                scored.evidence.add(docnum)


def keyword_factors(entries, scored: list[Scored]) -> dict[int, float]:
    """Pages with a keyword entry the query says in full ("vill inte gå till skolan").

    Keywords are how staff say what parents ask; a query holding every word
    of an entry matches that page as a whole phrase would, even when each
    word is common. Such a page is a result and its score grows by
    ``KEYWORD_FACTOR`` per word of each matched entry.
    """
    typed = set()
    for s in scored:
        typed.update(s.concept.own)
    factors: dict[int, float] = {}
    seen = set()
    for term in typed:
        for docnum, terms in entries.get(term, ()):
            if (docnum, terms) not in seen and terms <= typed:
                seen.add((docnum, terms))
                factors[docnum] = factors.get(docnum, 1.0) + KEYWORD_FACTOR * len(terms)
    return factors


def rank(scored: list[Scored], docs, age_groups, keyword_entries=None) -> list[tuple[float, int]]:
    """``[(score, docnum)]`` best first (see the module docstring)."""
    scored = [s for s in scored if s.scores]
    if not scored:
        return []
    keyword = keyword_factors(keyword_entries, scored) if keyword_entries else {}
    top = max(s.informativeness for s in scored)
    telling = [s for s in scored if s.informativeness >= max(COMMON_IDF, TELLING_SHARE * top)]
    if not telling:
        telling = [s for s in scored if s.informativeness >= TELLING_SHARE * top]
    candidates: set[int] = set()
    for s in telling:
        candidates |= s.evidence
    candidates |= set(keyword)
    weights = [max(s.informativeness, 1e-6) for s in scored]
    total_weight = sum(weights)
    wanted = set(age_groups)
    ranked = []
    for docnum in candidates:
        info = docs.get(docnum)
        if info is None:  # deleted since the generation was opened
            continue
        score = matched = 0.0
        for s, weight in zip(scored, weights, strict=True):
            value = s.scores.get(docnum)
            if value is not None:
                score += value
                matched += weight * s.coverage.get(docnum, 0.0)
        score *= (matched / total_weight) ** COORDINATION * keyword.get(docnum, 1.0)
        if wanted and not wanted.isdisjoint(info.age_groups):
            score *= AGE_FACTOR
        ranked.append((score, docnum))
    ranked.sort(key=lambda pair: (-pair[0], pair[1]))
    return ranked


def cut(ranked: list[tuple[float, int]], scored: list[Scored]) -> tuple[list[tuple[float, int]], int]:
    """``ranked`` reordered so the pages to list at first come first, and how many they are.

    Pages under ``CUT_SHARE`` of the best score go after the cut ("fler
    träffar"), but never the best ``MIN_LISTED``. For a query of one word, a page that has the typed word
    itself is never cut: it matches all of the query. Returns the new order
    and the number listed.
    """
    if not ranked:
        return ranked, 0
    floor = min(CUT_SHARE * ranked[0][0], ranked[min(MIN_LISTED, len(ranked)) - 1][0])
    own = scored[0].own_docs if len(scored) == 1 else set()
    listed = [p for p in ranked if p[0] >= floor or p[1] in own]
    if len(listed) == len(ranked):
        return ranked, len(ranked)
    rest = [p for p in ranked if not (p[0] >= floor or p[1] in own)]
    return listed + rest, len(listed)
