"""Running a search: exact first, typo tolerance when needed, filters, facets.

1. Every typed word the index knows (as typed, stemmed, or through a
   synonym) becomes a concept (see ``query.py``).
2. A word of 4+ letters the index does not know is probably a typo: it is
   replaced by the closest words of the unstemmed ``spell`` field (edit
   distance 1, or 2 for words of 8+ letters) and offered as "Menade du
   ...?". Fuzzy work is only done for such words, and for every 4+ letter
   word when the exact query finds nothing at all.
3. All matching pages are scored once; filters, facet counts and paging
   are then done in memory from the per-generation document table, so the
   facet counts show what each other choice would give.
4. Only the shown hits get snippets.

Results are cached per process and index generation: the same query on the
same index gives the same answer, and popular queries repeat.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

from markupsafe import Markup

from ..taxonomy import AGE_GROUPS, TOPICS
from .analysis import fold, split_compound, stem
from .query import (
    AGE_WORDS,
    MAX_QUERY_LENGTH,
    candidates_concept,
    concept,
    parse_typed,
    phrase_concept,
    searchable,
)
from .scoring import body_terms_for, concept_scores
from .snippets import char_spans, make_snippet
from .state import IndexState, get_state

PER_PAGE = 10
COORDINATION = 2.0
AGE_FACTOR = 2.0
MAX_CANDIDATES = 3
MIN_FUZZY_LENGTH = 4
_WORD = re.compile(r"[^\W_]+")


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


def search(text: str, alder: str | None = None, amne: str | None = None, page: int = 1,
           per_page: int = PER_PAGE) -> SearchResult:
    """Search published services. ``alder``/``amne`` restrict; unknown values are ignored."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    alder = alder if alder in AGE_GROUPS else None
    amne = amne if amne in TOPICS else None
    state = get_state()
    key = ("search", text, alder, amne, max(1, page), per_page)
    return state.cached(key, lambda: _search(state, text, alder, amne, max(1, page), per_page))


def suggest(text: str) -> str | None:
    """A corrected query ("Menade du ...?"), or ``None`` when nothing looks misspelt."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    state = get_state()
    return state.cached(("suggest", text), lambda: _suggestion(state, text, _corrections(state, text)))


# --------------------------------------------------------------------------


def _known(state: IndexState, folded: str) -> bool:
    """Whether the index knows a typed word as typed, stemmed, by synonym or by its parts."""
    if ("spell", folded) in state.reader or stem(folded) in AGE_WORDS:
        return True
    stemmed = stem(folded)
    if any(state.scores.known(t) for t in {stemmed} | state.synonyms.expand(stemmed)):
        return True
    parts = split_compound(folded)
    return bool(parts) and all(state.scores.known(stem(p)) for p in parts)


def _candidates(state: IndexState, folded: str) -> list[str]:
    """Closest real words for a probable typo, best first."""
    maxdist = 2 if len(folded) >= 8 else 1
    found = state.spell_index().within(folded, maxdist)
    reader = state.reader
    ranked = sorted(found, key=lambda w: (found[w], -reader.doc_frequency("spell", w), w))
    return ranked[:MAX_CANDIDATES]


def _corrections(state: IndexState, text: str) -> dict[str, list[str]]:
    """Typed words the index does not know -> their closest known words."""
    corrections = {}
    for word in parse_typed(text).words:
        folded = searchable(word)
        if folded and len(folded) >= MIN_FUZZY_LENGTH and folded not in corrections and not _known(state, folded):
            corrections[folded] = _candidates(state, folded)
    return corrections


def _suggestion(state: IndexState, text: str, corrections: dict[str, list[str]]) -> str | None:
    best = {k: v[0] for k, v in corrections.items() if v}
    if not best:
        return None
    parts = re.split(r'("[^"]*")', text)
    for i in range(0, len(parts), 2):  # even parts are outside quotes
        parts[i] = _WORD.sub(lambda m: state.display_word(best[f]) if (f := fold(m.group(0))) in best
                             else m.group(0), parts[i])
    suggestion = " ".join("".join(parts).split())
    return suggestion if suggestion != " ".join(text.split()) else None


def _concepts(state: IndexState, text: str, corrections: dict[str, list[str]], fuzzy_all: bool):
    """The concepts for ``text`` and the age groups its words name."""
    typed = parse_typed(text)
    concepts, seen = [], set()
    for word in typed.words:
        folded = searchable(word)
        if not folded or folded in seen:
            continue
        seen.add(folded)
        if folded in corrections:
            if corrections[folded]:
                concepts.append(candidates_concept(corrections[folded], state.synonyms))
            continue
        exact = concept(folded, state.synonyms, whole_known=state.scores.known(stem(folded)))
        if fuzzy_all and len(folded) >= MIN_FUZZY_LENGTH and exact.age_group is None:
            near = _candidates(state, folded)
            if near:
                exact = exact.merge(candidates_concept(near, state.synonyms))
        concepts.append(exact)
    for phrase in typed.phrases:
        found = phrase_concept(phrase)
        if found is not None:
            concepts.append(found)
    return concepts, typed.age_groups


def _run(state: IndexState, concepts, age_groups) -> list[tuple[float, int]]:
    """Score each concept and combine.

    A page's score is the sum of its concept scores times a coordination
    factor ``(matched concepts / all concepts) ** COORDINATION``, so a page
    that matches every word the person typed beats one that matches a
    single word many times. Pages in an age group the words named get
    ``AGE_FACTOR`` more.
    """
    if not concepts:
        return []
    totals: dict[int, float] = {}
    matched: dict[int, int] = {}
    for c in concepts:
        get, count = totals.get, matched.get
        for docnum, score in concept_scores(state.scores, c, state.age_docs).items():
            totals[docnum] = get(docnum, 0.0) + score
            matched[docnum] = count(docnum, 0) + 1
    docs = state.docs
    wanted = set(age_groups)
    factors = [(n / len(concepts)) ** COORDINATION for n in range(len(concepts) + 1)]
    ranked = []
    for docnum, score in totals.items():
        info = docs.get(docnum)
        if info is None:  # deleted since the generation was opened
            continue
        score *= factors[matched[docnum]]
        if wanted and not wanted.isdisjoint(info.age_groups):
            score *= AGE_FACTOR
        ranked.append((score, docnum))
    ranked.sort(key=itemgetter(0), reverse=True)
    return ranked


def _search(state: IndexState, text: str, alder, amne, page: int, per_page: int) -> SearchResult:
    result = SearchResult(query=text, per_page=per_page)
    corrections = _corrections(state, text)
    result.suggestion = _suggestion(state, text, corrections)
    concepts, age_groups = _concepts(state, text, corrections, fuzzy_all=False)
    scored = _run(state, concepts, age_groups)
    if not scored and concepts:
        concepts, age_groups = _concepts(state, text, corrections, fuzzy_all=True)
        scored = _run(state, concepts, age_groups)

    docs = state.docs
    in_age = [p for p in scored if alder in docs[p[1]].age_groups] if alder else scored
    in_topic = [p for p in scored if amne in docs[p[1]].topics] if amne else scored
    topic_counts = Counter(chain.from_iterable(docs[d].topics for _s, d in in_age))
    age_counts = Counter(chain.from_iterable(docs[d].age_groups for _s, d in in_topic))
    result.facets = {
        "amne": {t: topic_counts[t] for t in TOPICS if topic_counts[t]},
        "alder": {g: age_counts[g] for g in AGE_GROUPS if age_counts[g]},
    }
    matching = [p for p in in_age if amne in docs[p[1]].topics] if amne else in_age
    result.total = len(matching)
    result.pages = math.ceil(result.total / per_page)
    result.page = min(page, max(result.pages, 1))
    shown = matching[(result.page - 1) * per_page: result.page * per_page]
    result.hits = _hits(state, concepts, shown)
    return result


def _hits(state: IndexState, concepts, shown: list[tuple[float, int]]) -> list[Hit]:
    if not shown:
        return []
    terms = body_terms_for(state.scores, concepts, [d for _s, d in shown])
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
