"""Running a search: parse once, correct typos, rank, cut, filter, facets, snippets.

1. The text is parsed once (``query.parse_typed``); words the index, the
   synonym list and the Swedish word list do not know are typo candidates
   (``corrections.py``); every word becomes a concept (``concepts.py``).
2. Concepts are scored and ranked by how telling each word is
   (``ranking.py``); when nothing at all is found, every 4+ letter word is
   also tried with its closest spellings.
3. The ranking is cut where the scores fall off; the rest is offered as
   "fler träffar" (``everything=True`` lists it all).
4. Filters, facet counts and paging are done in memory from the
   per-generation document table, so the facet counts show what each other
   choice would give; only the shown hits get snippets.

What depends only on the text and the index generation - the parsed query,
its concepts, the ranking and the suggestion - is computed once per text
and generation (``Analysis``), so ``/sok`` with filters, paging, "fler
träffar" and ``suggest`` reuse it. Facet counts are cached per result set.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from markupsafe import Markup

from ..taxonomy import AGE_GROUPS, TOPICS
from .analysis import EVERYDAY_WORDS, FACT_WORDS, ROLE_WORDS
from .concepts import Concept, phrase_concept, word_concept
from .corrections import MIN_FUZZY_LENGTH, candidates, corrections, suggestion_text, telling
from .query import AGE_WORDS, MAX_QUERY_LENGTH, ParsedQuery, parse_typed, stem
from .ranking import Scored, cut, rank, score_concept
from .snippets import char_spans, make_snippet
from .state import IndexState, get_state

PER_PAGE = 10
#: A word for a person around the child ("pappa", "dotter", "mormor") says
#: who the question is about, seldom which service helps: it counts half.
ROLE_SHARE = 0.5
#: An everyday word ("hela", "vill") or a word asking for a fact every page
#: states ("öppettider") adds this share of its score: it never tells.
EVERYDAY_SHARE = 0.1


@dataclass(frozen=True)
class Hit:
    slug: str
    title: str
    summary: str
    snippet: Markup
    score: float
    topics: tuple[str, ...]
    age_groups: tuple[str, ...]
    ages: tuple[int, ...]


@dataclass
class SearchResult:
    query: str
    total: int = 0
    page: int = 1
    pages: int = 0
    per_page: int = PER_PAGE
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
    facets: dict = field(default_factory=lambda: {"amne": {}, "alder": {}})
    #: Further matches below the cut ("fler träffar"); 0 when ``everything``.
    more: int = 0
    everything: bool = False
    #: Age groups the query named ("3-åring", "tonåring"), for an age filter link.
    age_groups: list[str] = field(default_factory=list)


@dataclass
class Analysis:
    """Everything about one text on one generation that filters do not change."""

    parsed: ParsedQuery
    concepts: list[Concept]
    ranked: list[tuple[float, int]]
    listed: int
    suggestion: str | None


def search(text: str, alder: str | None = None, amne: str | None = None, page: int = 1,
           per_page: int = PER_PAGE, everything: bool = False) -> SearchResult:
    """Search published services. ``alder``/``amne`` restrict; unknown values are ignored.

    ``everything`` lists the matches below the cut too ("fler träffar").
    """
    text = (text or "")[:MAX_QUERY_LENGTH]
    alder = alder if alder in AGE_GROUPS else None
    amne = amne if amne in TOPICS else None
    state = get_state()
    page = max(1, page)
    key = ("search", text, alder, amne, page, per_page, bool(everything))
    return state.cached(key, lambda: _search(state, text, alder, amne, page, per_page, bool(everything)))


def suggest(text: str) -> str | None:
    """A corrected query ("Menade du ...?"), or ``None`` when nothing looks misspelt."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    state = get_state()
    return analyse(state, text).suggestion


def analyse(state: IndexState, text: str) -> Analysis:
    return state.cached(("analysis", text), lambda: _analyse(state, text))


# --------------------------------------------------------------------------


def _concepts(state: IndexState, parsed: ParsedQuery, fixes: dict[str, list[str]]) -> list[Concept]:
    concepts = []
    for folded in parsed.words:
        if folded in fixes and not fixes[folded]:
            concepts.append(word_concept(folded, state))  # no candidate: its parts may still match
            continue
        concepts.append(word_concept(folded, state, fixes.get(folded)))
    for phrase in parsed.phrases:
        found = phrase_concept(phrase)
        if found is not None:
            concepts.append(found)
    return concepts


def _score(state: IndexState, concepts: list[Concept]) -> list[Scored]:
    phrase_scores = state.phrase_scores
    scored = [score_concept(state.scores, c, phrase_scores) for c in concepts]
    for s in scored:
        if s.concept.word in EVERYDAY_WORDS or s.concept.word in FACT_WORDS:
            s.informativeness = 0.0
            s.scores = {d: EVERYDAY_SHARE * v for d, v in s.scores.items()}
        elif s.concept.word in ROLE_WORDS:
            s.informativeness *= ROLE_SHARE
    return scored


def _analyse(state: IndexState, text: str) -> Analysis:
    parsed = parse_typed(text)
    fixes = corrections(state, parsed)
    concepts = _concepts(state, parsed, fixes)
    scored = _score(state, concepts)
    ranked = rank(scored, state.docs, parsed.age_groups, state.keyword_entries)
    if not ranked and concepts:  # nothing at all: try close spellings of every word
        widened = dict(fixes)
        for folded in parsed.words:
            if folded not in widened and len(folded) >= MIN_FUZZY_LENGTH and stem(folded) not in AGE_WORDS:
                near = candidates(state, folded)
                if near:
                    widened[folded] = [folded, *near]
        if widened != fixes:
            concepts = _concepts(state, parsed, widened)
            scored = _score(state, concepts)
            ranked = rank(scored, state.docs, parsed.age_groups, state.keyword_entries)
    if parsed.empty and parsed.age_groups:
        ranked = _for_ages(state, parsed.age_groups)
    ranked, listed = cut(ranked, scored)
    return Analysis(parsed, concepts, ranked, listed, _suggestion(state, parsed, fixes, scored, ranked))


def _for_ages(state: IndexState, groups: list[str]) -> list[tuple[float, int]]:
    """A query that only names an age ("tioåring", "3 år"): the services for that age.

    Services made for a narrow age range come first: they are about that age.
    """
    wanted = set(groups)
    found = [(1.0 / (1 + info.ages[1] - info.ages[0]) if len(info.ages) == 2 else 0.0, docnum)
             for docnum, info in state.docs.items() if wanted & set(info.age_groups)]
    return sorted(found, key=lambda pair: (-pair[0], pair[1]))


def _suggestion(state: IndexState, parsed: ParsedQuery, fixes, scored: list[Scored], ranked) -> str | None:
    """"Menade du ...?" only for corrections that find clearly more (see ``corrections.py``).

    A correction must be a telling word that pages have, and the corrected
    query must change the first results: if the query without the
    corrected words lists the same first three pages, the suggestion would
    only repeat them.
    """
    best = {word: found[0] for word, found in fixes.items() if found and telling(state, found[0])}
    for s in scored:
        if s.concept.word in best and not s.evidence:
            del best[s.concept.word]
    if not best:
        return None
    plain = [s for s in scored if not s.concept.corrected]
    plain_ranked = rank(plain, state.docs, parsed.age_groups, state.keyword_entries) if plain else []
    if [d for _s, d in plain_ranked[:3]] == [d for _s, d in ranked[:3]]:
        return None
    return suggestion_text(state, parsed.text, best)


def _search(state: IndexState, text: str, alder, amne, page: int, per_page: int,
            everything: bool = False) -> SearchResult:
    result = SearchResult(query=text, per_page=per_page)
    analysis = analyse(state, text)
    result.suggestion = analysis.suggestion
    result.age_groups = list(analysis.parsed.age_groups)
    everything = everything and analysis.listed < len(analysis.ranked)
    result.everything = everything
    candidates_ = analysis.ranked if everything else analysis.ranked[:analysis.listed]

    docs = state.docs
    facets_key = ("facets", text, alder, amne, everything)
    result.facets = state.cached(facets_key, lambda: _facets(docs, candidates_, alder, amne))
    matching = _filtered(docs, candidates_, alder, amne)
    if not everything:
        result.more = len(_filtered(docs, analysis.ranked[analysis.listed:], alder, amne))
    result.total = len(matching)
    result.pages = math.ceil(result.total / per_page)
    result.page = min(page, max(result.pages, 1))
    shown = matching[(result.page - 1) * per_page: result.page * per_page]
    result.hits = _hits(state, analysis.concepts, shown)
    return result


def _filtered(docs, ranked, alder, amne):
    if alder:
        ranked = [p for p in ranked if alder in docs[p[1]].age_groups]
    if amne:
        ranked = [p for p in ranked if amne in docs[p[1]].topics]
    return ranked


def _facets(docs, ranked, alder, amne) -> dict:
    """Topic counts with the age filter applied, age counts with the topic filter applied."""
    in_age = [p for p in ranked if alder in docs[p[1]].age_groups] if alder else ranked
    in_topic = [p for p in ranked if amne in docs[p[1]].topics] if amne else ranked
    topic_counts = Counter(chain.from_iterable(docs[d].topics for _s, d in in_age))
    age_counts = Counter(chain.from_iterable(docs[d].age_groups for _s, d in in_topic))
    return {
        "amne": {t: topic_counts[t] for t in TOPICS if topic_counts[t]},
        "alder": {g: age_counts[g] for g in AGE_GROUPS if age_counts[g]},
    }


def _hits(state: IndexState, concepts, shown: list[tuple[float, int]]) -> list[Hit]:
    if not shown:
        return []
    wanted = {d for _s, d in shown}
    terms = {t for c in concepts for t in c.all_terms() if wanted & state.scores.get(t).body}
    hits = []
    for score, docnum in shown:
        info = state.docs[docnum]
        body, marks = state.body(docnum)
        hits.append(Hit(
            slug=info.slug, title=info.title, summary=info.summary,
            snippet=make_snippet(body, char_spans(marks, terms)), score=round(float(score), 2),
            topics=info.topics, age_groups=info.age_groups, ages=info.ages,
        ))
    return hits
