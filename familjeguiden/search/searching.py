"""Running a search: parse once, correct typos, rank, cut, filter, facets, snippets.

1. The text is parsed once (``query.parse_typed``); words the index, the
   synonym list and the Swedish word list do not know are typo candidates
   (``corrections.py``); every word becomes a concept (``concepts.py``).
2. Concepts are scored and ranked by how telling each word is
   (``ranking.py``); when nothing at all is found, every 4+ letter word is
   also tried with its closest spellings, and a word no page has with the
   known word it ends in ("hivtest": "test"). Words that are all real
   Swedish words are never read as another language's typos ("stan").
3. The ranking is cut where the scores fall off; the rest is offered as
   "fler träffar" (``everything=True`` lists it all).
   A text the danger check flags (``safety.assess``) has the pages of help
   for that danger first (``safety.help_pages``), as the acute-help box
   above the results names them.
4. Filters, facet counts and paging are done in memory from the
   per-generation document table, so the facet counts show what each other
   choice would give; only the shown hits get snippets.

What depends only on the text and the index generation - the parsed query,
its concepts, the ranking and the suggestion - is computed once per text
and generation (``Analysis``), so ``/sok`` with filters, paging, "fler
träffar" and ``suggest`` reuse it; what depends only on one typed word -
its typo check, concept and scores - once per word and generation
(``words.py``), so a new query of known words is mostly the ranking.
Facet counts are cached per result set, and computed, like the filters,
with boolean arrays per age group and topic (``state.PageMasks``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from markupsafe import Markup

from ..safety import assess
from ..safety.help_pages import help_pages
from ..taxonomy import AGE_GROUPS, TOPICS
from . import multilingual
from .concepts import Concept, phrase_concept, word_concept
from .corrections import (
    MIN_FUZZY_LENGTH,
    another_language_knows_a_correction,
    candidates,
    join_split_words,
    known_tail,
    suggestion_text,
    telling,
    written_in_english,
)
from .query import AGE_WORDS, MAX_QUERY_LENGTH, ParsedQuery, parse_typed, stem
from .ranking import Ranked, Scored, cut, rank
from .snippets import make_snippet
from .state import IndexState, get_state
from .words import as_everyday

PER_PAGE = 10


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
    #: The language of the title, summary and snippet: the visitor's, or ``sv`` where the page has no such version.
    language: str = "sv"


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
    #: The language version that knows the query's words best, when that is not Swedish ("youth clinic": en).
    query_language: str | None = None


@dataclass
class Analysis:
    """Everything about one text on one generation that filters do not change."""

    parsed: ParsedQuery
    concepts: list[Concept]
    ranked: Ranked
    listed: int
    suggestion: str | None
    #: Share of the typed words the Swedish pages know as typed (``multilingual.py``).
    coverage: float = 1.0
    #: Every typed word is a real word (the index, the synonyms or the Swedish word list know it): none a typo.
    real_words: bool = True
    #: What each language version made of the text (empty when the index has no versions); when Swedish
    #: knows every word, made only if a snippet in another language asks (``matches``).
    made_matches: list = field(default_factory=list)
    match_later: Callable[[], list] | None = None
    #: The ranking merges languages other than Swedish (``multilingual.merge``).
    merged: bool = False
    #: The languages whose rankings were merged (their words' age groups count).
    joined: list = field(default_factory=list)

    @property
    def nbytes(self) -> int:
        return self.ranked.nbytes + 1000 + sum(m.nbytes for m in self.made_matches)  # the concepts: word cache

    @property
    def matches(self) -> list:
        if self.match_later is not None:
            self.made_matches, self.match_later = self.match_later(), None
        return self.made_matches

    @property
    def query_language(self) -> str | None:
        """The version whose text covers the query best, when the answer is a merge led by it."""
        if not self.merged or not self.matches:
            return None
        best = max(self.matches, key=lambda m: m.coverage)
        return best.code if best.coverage > self.coverage else None

    @property
    def age_groups(self) -> list[str]:
        groups = list(self.parsed.age_groups)
        if self.merged:
            groups += [g for m in self.joined for g in m.age_groups if g not in groups]
        return groups


def search(text: str, alder: str | None = None, amne: str | None = None, page: int = 1,
           per_page: int = PER_PAGE, everything: bool = False, state: IndexState | None = None,
           language: str | None = None) -> SearchResult:
    """Search published services. ``alder``/``amne`` restrict; unknown values are ignored.

    ``everything`` lists the matches below the cut too ("fler träffar").
    ``state``: the generation the caller already holds (``get_state()``).
    ``language``: the version the hits are shown in (``en``, ``lattlast`` ...;
    Swedish by default); what is found does not depend on it.
    """
    text = (text or "")[:MAX_QUERY_LENGTH]
    alder = alder if alder in AGE_GROUPS else None
    amne = amne if amne in TOPICS else None
    state = state or get_state()
    page = max(1, page)
    language = language or "sv"
    key = ("search", text, alder, amne, page, per_page, bool(everything), language)
    return state.cached(key, lambda: _search(state, text, alder, amne, page, per_page, bool(everything), language))


def suggest(text: str) -> str | None:
    """A corrected query ("Menade du ...?"), or ``None`` when nothing looks misspelt."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    state = get_state()
    return analyse(state, text).suggestion


def analyse(state: IndexState, text: str) -> Analysis:
    return state.cached(("analysis", text), lambda: _analyse(state, text))


# --------------------------------------------------------------------------


def _phrases(state: IndexState, parsed: ParsedQuery) -> tuple[list[Concept], list[Scored]]:
    concepts = [c for c in (phrase_concept(p) for p in parsed.phrases) if c is not None]
    return concepts, [state.words.score(c) for c in concepts]


def _analyse(state: IndexState, text: str) -> Analysis:
    """The text's analysis (``_analyse_languages``), with the help for any danger it suggests first."""
    analysis = _analyse_languages(state, text)
    slugs = help_pages(assess(text).kinds, text)
    if slugs:
        analysis.ranked, analysis.listed = _first(state, analysis.ranked, analysis.listed, slugs)
    return analysis


def _first(state: IndexState, ranked: Ranked, listed: int, slugs: list[str]) -> tuple[Ranked, int]:
    """``ranked`` with the pages ``slugs`` at the top (added if the words did not find them), listed.

    They take the best score, so the order stays best first for what
    comes after (filters, merges, the API's scores).
    """
    alive = state.pages.alive  # a page unpublished since the generation opened is not put back
    wanted = [d for d in (state.docs.docnum_of(slug) for slug in slugs) if d is not None and alive[d]]
    if not wanted:
        return ranked, listed
    top = float(ranked.scores[0]) if len(ranked) else 1.0
    keep = ~np.isin(ranked.docs, wanted)
    shown_before = int(keep[:listed].sum())
    docs = np.concatenate([np.array(wanted, np.int32), ranked.docs[keep]]).astype(np.int32)
    scores = np.concatenate([np.full(len(wanted), top, np.float32), ranked.scores[keep]]).astype(np.float32)
    return Ranked(scores, docs), len(wanted) + shown_before


def _analyse_languages(state: IndexState, text: str) -> Analysis:
    """The Swedish analysis, or, when a language version's text covers more of the query, a merged one."""
    analysis = _analyse_swedish(state, text)
    languages = state.languages
    if not languages:
        return analysis
    def match_all() -> list:
        return [multilingual.match(state, index, text) for index in languages.values()]

    if analysis.coverage == 1.0 and len(analysis.ranked):  # no language can know more of the words
        analysis.match_later = match_all
        return analysis
    analysis.made_matches = match_all()
    if analysis.suggestion and another_language_knows_a_correction(state, analysis.parsed):
        analysis.suggestion = None  # "speak" in "my 3 year old doesnt speak yet" is not a typo of "språk"
    best = max(m.coverage for m in analysis.matches)
    if best <= analysis.coverage and (len(analysis.ranked) or analysis.coverage == 1.0):
        return analysis
    if not best and analysis.real_words:
        # No language has the words as typed, and they are Swedish words, not typos ("stan"): another
        # language's corrections of them ("stan" -> "start") would list pages at random.
        return analysis
    # Another language knows more of the words, or Swedish found nothing for words it does not all know
    # (then even typo corrections count). A Swedish query of known words that finds nothing (a phrase
    # in another order) stays without hits. Only the languages that may join are ranked.
    joined = [m for m in analysis.matches if m.coverage >= multilingual.JOIN_SHARE * best and len(m.ranked)]
    if not joined:
        return analysis
    if len(analysis.ranked) and analysis.coverage >= multilingual.JOIN_SHARE * best:
        joined.append(multilingual.LanguageMatch("sv", analysis.coverage, ranked=analysis.ranked,
                                                 listed=analysis.listed))
    swedish_top = analysis.ranked.docs[:1].tolist()
    analysis.ranked, analysis.listed = multilingual.merge(joined)
    analysis.merged, analysis.joined = True, joined
    # "Menade du ...?" only when the Swedish correction leads to what the merged ranking puts first
    # ("stegett": Finnish stems it to the name Steget), never for a word another language knows.
    if not swedish_top or swedish_top[0] not in analysis.ranked.docs[:3].tolist():
        analysis.suggestion = None
    return analysis


def _swedish_coverage(parsed: ParsedQuery, words) -> float:
    """Share of the typed words the Swedish pages (or the synonym list) know as typed."""
    if not parsed.words:
        return 1.0 if parsed.phrases or parsed.age_groups else 0.0
    return sum(1 for w in words if w.fixes is None and len(w.scored)) / len(parsed.words)


def _analyse_swedish(state: IndexState, text: str) -> Analysis:
    parsed = join_split_words(state, parse_typed(text))
    words = [state.words.get(folded, folded in parsed.acronyms) for folded in parsed.words]
    fixes = {folded: w.fixes for folded, w in zip(parsed.words, words, strict=True) if w.fixes is not None}
    phrases, phrase_scored = _phrases(state, parsed)
    concepts = [w.concept for w in words] + phrases
    scored = _as_typed(parsed, [w.scored for w in words]) + phrase_scored
    ranked = rank(scored, state.pages, parsed.age_groups, state.keyword_entries)
    if not len(ranked) and concepts:  # nothing at all: try close spellings of every word
        widened = dict(fixes)
        for folded in parsed.words:
            if folded not in widened and len(folded) >= MIN_FUZZY_LENGTH and stem(folded) not in AGE_WORDS:
                near = candidates(state, folded)
                if near:
                    widened[folded] = [folded, *near]
        for folded, w in zip(parsed.words, words, strict=True):
            if folded not in widened and not len(w.scored):
                tail = known_tail(state, folded)
                if tail:
                    widened[folded] = [folded, tail]
        if widened != fixes:
            concepts = [word_concept(f, state, widened.get(f) or None) for f in parsed.words] + phrases
            scored = _as_typed(parsed, [state.words.score(c) for c in concepts[:len(parsed.words)]]) + phrase_scored
            ranked = rank(scored, state.pages, parsed.age_groups, state.keyword_entries)
    if parsed.empty and parsed.age_groups:
        ranked = _for_ages(state, parsed.age_groups)
    ranked, listed = cut(ranked, scored)
    return Analysis(parsed, concepts, ranked, listed, _suggestion(state, parsed, fixes, scored, ranked),
                    coverage=_swedish_coverage(parsed, words), real_words=not fixes)


def _as_typed(parsed: ParsedQuery, scored: list[Scored]) -> list[Scored]:
    """The words' scores, with the asker's own role ("jag är pappa") counted like an everyday word."""
    if not parsed.speakers:
        return scored
    return [as_everyday(s) if word in parsed.speakers else s for word, s in zip(parsed.words, scored, strict=True)]


def _for_ages(state: IndexState, groups: list[str]) -> Ranked:
    """A query that only names an age ("tioåring", "3 år"): the services for that age.

    Services made for a narrow age range come first: they are about that age.
    """
    wanted = set(groups)
    found = sorted(((1.0 / (1 + ages[1] - ages[0]) if len(ages) == 2 else 0.0, docnum)
                    for docnum, _topics, age_groups, ages in state.docs.facts() if wanted & set(age_groups)),
                   key=lambda pair: (-pair[0], pair[1]))
    return Ranked(np.array([s for s, _d in found], np.float32), np.array([d for _s, d in found], np.int32))


def _suggestion(state: IndexState, parsed: ParsedQuery, fixes, scored: list[Scored], ranked: Ranked) -> str | None:
    """"Menade du ...?" only for corrections that find clearly more (see ``corrections.py``).

    A correction must be a telling word that pages have, and the corrected
    query must change the first results: if the query without the
    corrected words lists the same first three pages, the suggestion would
    only repeat them.
    """
    if written_in_english(parsed.words):
        return None
    best = {word: found[0] for word, found in fixes.items() if found and telling(state, found[0])}
    for s in scored:
        if s.concept.word in best and not s.evidence.any():
            del best[s.concept.word]
    if not best:
        return None
    plain = [s for s in scored if not s.concept.corrected]
    plain_ranked = rank(plain, state.pages, parsed.age_groups, state.keyword_entries) if plain else Ranked.empty()
    if plain_ranked.docs[:3].tolist() == ranked.docs[:3].tolist():
        return None
    return suggestion_text(state, parsed.text, best)


def _search(state: IndexState, text: str, alder, amne, page: int, per_page: int,
            everything: bool = False, language: str = "sv") -> SearchResult:
    result = SearchResult(query=text, per_page=per_page)
    analysis = analyse(state, text)
    result.suggestion = analysis.suggestion
    result.age_groups = analysis.age_groups
    result.query_language = analysis.query_language
    everything = everything and analysis.listed < len(analysis.ranked)
    result.everything = everything
    chosen = analysis.ranked if everything else analysis.ranked[:analysis.listed]

    facets_key = ("facets", text, alder, amne, everything)
    result.facets = state.cached(facets_key, lambda: _facets(state, chosen.docs, alder, amne))
    matching = _filtered(state, chosen, alder, amne)
    if not everything:
        result.more = len(_filtered(state, analysis.ranked[analysis.listed:], alder, amne))
    result.total = len(matching)
    result.pages = math.ceil(result.total / per_page)
    result.page = min(page, max(result.pages, 1))
    shown = matching[(result.page - 1) * per_page: result.page * per_page]
    result.hits = _hits(state, analysis, shown, language)
    return result


def _filtered(state: IndexState, ranked: Ranked, alder, amne) -> Ranked:
    masks = state.pages
    if alder:
        keep = masks.age_masks[alder][ranked.docs]
        ranked = Ranked(ranked.scores[keep], ranked.docs[keep])
    if amne:
        keep = masks.topic_masks[amne][ranked.docs]
        ranked = Ranked(ranked.scores[keep], ranked.docs[keep])
    return ranked


def _facets(state: IndexState, docs: np.ndarray, alder, amne) -> dict:
    """Topic counts with the age filter applied, age counts with the topic filter applied."""
    masks = state.pages
    in_age = docs[masks.age_masks[alder][docs]] if alder else docs
    in_topic = docs[masks.topic_masks[amne][docs]] if amne else docs
    topics = len(TOPICS)
    if alder or amne:
        topic_counts = masks.facet_matrix[:topics, in_age].sum(axis=1).tolist()
        age_counts = masks.facet_matrix[topics:, in_topic].sum(axis=1).tolist()
    else:  # no filter: every count in one sum
        counts = masks.facet_matrix[:, docs].sum(axis=1).tolist()
        topic_counts, age_counts = counts[:topics], counts[topics:]
    return {
        "amne": {t: n for t, n in zip(TOPICS, topic_counts, strict=True) if n},
        "alder": {g: n for g, n in zip(AGE_GROUPS, age_counts, strict=True) if n},
    }


def _hits(state: IndexState, analysis: Analysis, shown: Ranked, language: str = "sv") -> list[Hit]:
    """The shown pages, each in ``language`` where it has that version (else in Swedish)."""
    if not len(shown):
        return []
    # Terms a page's text does not have are simply not in its marks.
    swedish_terms = {t for c in analysis.concepts for t in c.all_terms()}
    terms_in: dict[str, set[str]] = {"sv": swedish_terms}
    hits = []
    for score, docnum in shown.pairs():
        info = state.docs[docnum]
        version = state.shown_in(docnum, language) if language != "sv" else None
        code = language if version else "sv"
        if code not in terms_in:
            terms_in[code] = multilingual.snippet_terms(code, swedish_terms, analysis.matches)
        title, summary = version or (info.title, info.summary)
        page = state.page_text(docnum, code)
        hits.append(Hit(
            slug=info.slug, title=title, summary=summary,
            snippet=make_snippet(page.text, page.spans(terms_in[code])), score=round(float(score), 2),
            topics=info.topics, age_groups=info.age_groups, ages=info.ages, language=code,
        ))
    return hits
