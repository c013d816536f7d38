"""A query in any supported language: matching the language versions, and which language's answer counts.

Every page's published versions are indexed in fields of their own
(``schema.py``). A query is read once per language that has versions, in
that language's analysis (``language_analysis.py``), and each word becomes
a concept as in Swedish (``concepts.Concept``): its stem, its closest
words in that language's text when it is a typo, and the terms of its
group in that language's synonym list (``sprak/synonymer.<lang>.txt``).
The concepts are scored and ranked by the same code as the Swedish ones
(``ranking.score_concept``, ``rank``, ``cut``), on that language's fields,
with its own page count for idf.

Which ranking answers: the **coverage** of each language is the share of
the query's searchable words its pages know as typed (a typo corrected to
a close word does not count). When no language covers more of the query
than Swedish, the Swedish ranking is the answer, exactly as before the
versions existed ("skilsmässa", "BUP", and every Swedish relevance query).
When another language covers more ("youth clinic", "kiusaaminen koulussa",
"ابني يتعرض للتنمر"), the rankings of the languages covering at least half
as much as the best are merged: each page scores the sum over those
languages of its coverage squared times its score relative to that
language's best page, so a page found in two languages ranks above one
found in one. A page is one result whichever languages found it. When
every word is a typo in every language and Swedish finds nothing
("anxity"), the languages' rankings from their closest words are merged.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from .analysis import WORD_MEMORY
from .concepts import FUZZY_WEIGHT, SYNONYM_WEIGHT, Concept
from .language_analysis import SWEDISH_FAMILY, stem_word, stop_words, terms, words
from .ranking import Ranked, Scored, cut, rank, score_concept
from .schema import language_field_weights
from .synonyms import parse_synonyms

SYNONYM_FOLDER = Path(__file__).with_name("sprak")
MIN_FUZZY_LENGTH = 4
MIN_PART_LENGTH = 4
#: A language must cover at least this share of what the best one covers to join a merged ranking.
JOIN_SHARE = 0.5
#: What a language counts in a merge when only its typo corrections matched.
TYPO_COVERAGE = 0.5
#: Bytes of word scores kept per language, generation and process (as ``words.CACHE_BYTES``).
WORD_CACHE_BYTES = 1 * 2**20
#: Typed words whose coverage (a bool) is kept per language, generation and process.
TYPED_WORDS = WORD_MEMORY


def _arabic(word: str) -> bool:
    """Whether a word is written in Arabic script (its first letter decides)."""
    return bool(word) and "\u0600" <= word[0] <= "\u06ff"

#: Words that name an age group, per language (stems are made when the module loads).
AGE_WORDS_TEXT = {
    "en": {"0-5": "baby babies toddler toddlers newborn infant preschooler pregnant pregnancy",
           "6-12": "schoolchild preteen tween",
           "13-20": "teen teens teenager teenagers teenage adolescent adolescents youth"},
    "fi": {"0-5": "vauva vauvat taapero vastasyntynyt raskaus raskaana",
           "13-20": "nuori nuoret nuorten teini teinit murrosikäinen"},
    "ar": {"0-5": "رضيع رضيعة حامل حمل", "13-20": "مراهق مراهقة مراهقين المراهقين شباب"},
}


def _age_words(code: str) -> dict[str, str]:
    table = {}
    for group, text in AGE_WORDS_TEXT.get(code, {}).items():
        for term in terms(code, text):
            table[term] = group
    return table


_AGE_TABLES: dict[str, dict[str, str]] = {}


def age_group_of(code: str, term: str) -> str | None:
    if code not in _AGE_TABLES:
        _AGE_TABLES[code] = _age_words(code)
    return _AGE_TABLES[code].get(term)


def read_synonyms(code: str) -> dict[str, set[str]]:
    """A language's synonym list: index term -> the terms of every group it is in."""
    path = SYNONYM_FOLDER / f"synonymer.{code}.txt"
    if not path.exists():
        return {}
    table: dict[str, set[str]] = {}
    for group in parse_synonyms(path.read_text(encoding="utf-8")).groups:
        found = {found[0] for found in (terms(code, word) for word in group) if found}
        for term in found:
            table.setdefault(term, set()).update(found)
    return table


class LanguageIndex:
    """One language's versions in one generation: their scores, words, keywords, titles and summaries."""

    def __init__(self, state, code: str, shown: dict[int, tuple[str, str]], keyword_texts: dict[str, list[int]]):
        from .scoring import TermScores

        self.state, self.code = state, code
        #: Page number -> (title, summary) of its version in this language.
        self.shown = shown
        self.scores = TermScores(state, fields=language_field_weights(code), doc_count=len(shown))
        self.synonyms = read_synonyms(code)
        self._keyword_texts = keyword_texts
        self._keyword_entries = None
        self._spell_index = None
        #: Typed word -> (known, concept, scores), as ``words.Words`` keeps the Swedish ones.
        self._words: OrderedDict[str, tuple[bool, Concept, Scored]] = OrderedDict()
        #: Typed word -> whether the pages know it as typed: all that most queries need (``match``).
        self._typed: dict[str, bool] = {}
        self._held = 0
        self._lock = threading.Lock()

    def knows_typed(self, word: str) -> bool:
        """Whether this language's pages (or its synonym list) know a typed word: its share of the coverage.

        An Arabic word is never in the Latin-script versions, so it is not
        even stemmed there (the Arabic text, though, names services in
        Latin letters: "Steget").
        """
        found = self._typed.get(word)
        if found is None:
            found = not self._other_script(word) and self.knows(stem_word(self.code, word))
            if len(self._typed) >= TYPED_WORDS:
                self._typed.clear()
            self._typed[word] = found
        return found

    def _other_script(self, word: str) -> bool:
        return self.code != "ar" and _arabic(word)

    def word(self, word: str) -> tuple[bool, Concept, Scored]:
        """One typed word's analysis and scores in this language, worked out once per generation."""
        with self._lock:
            found = self._words.get(word)
            if found is not None:
                self._words.move_to_end(word)
                return found
        known, concept = self.concept(word)
        found = (known, concept, score_concept(self.scores, concept, None))
        with self._lock:
            if word not in self._words:
                self._words[word] = found
                self._held += found[2].nbytes
            while self._held > WORD_CACHE_BYTES and len(self._words) > 1:
                _word, dropped = self._words.popitem(last=False)
                self._held -= dropped[2].nbytes
        return found

    def forget(self) -> None:
        """Drop term scores and words (for measuring the cold path)."""
        self.scores.forget_terms()
        with self._lock:
            self._words.clear()
            self._held = 0
        self._typed.clear()

    @property
    def keyword_entries(self):
        """As ``IndexState.keyword_entries``, in this language."""
        if self._keyword_entries is None:
            pages: dict[frozenset[str], set[int]] = {}
            for entry, docnums in self._keyword_texts.items():
                found = frozenset(terms(self.code, entry))
                if found:
                    pages.setdefault(found, set()).update(docnums)
            table: dict = {}
            for found, docnums in pages.items():
                row = (found, np.array(sorted(docnums), np.int64))
                for term in found:
                    table.setdefault(term, []).append(row)
            self._keyword_entries = table
        return self._keyword_entries

    def spell_index(self):
        if self._spell_index is None:
            from .spelling import SpellIndex

            self._spell_index = SpellIndex(self.state.reader.field_terms(f"spell_{self.code}"))
        return self._spell_index

    def knows(self, term: str) -> bool:
        return self.scores.known(term) or any(self.scores.known(t) for t in self.synonyms.get(term, ()))

    def split(self, word: str) -> tuple[str, str] | None:
        """An unknown compound as two words the pages know (``kasvatus+kurssi``), longest head first.

        Finnish and English join words without linking letters
        (``lastenpsykiatria``, ``parentcourse``); Swedish has its own,
        richer splitting (``vocabulary.py``).
        """
        if self.code in SWEDISH_FAMILY or len(word) < 2 * MIN_PART_LENGTH:
            return None
        for cut_at in range(len(word) - MIN_PART_LENGTH, MIN_PART_LENGTH - 1, -1):
            head, tail = word[:cut_at], word[cut_at:]
            if self.scores.known(stem_word(self.code, head)) and self.scores.known(stem_word(self.code, tail)):
                return head, tail
        return None

    def candidates(self, word: str) -> list[str]:
        """The closest words of this language's pages to a typo, best first."""
        found = self.spell_index().within(word, 2 if len(word) >= 8 else 1)
        reader = self.state.reader
        stops = stop_words(self.code)
        ranked = sorted((w for w in found if w not in stops),
                        key=lambda w: (found[w], -reader.doc_frequency(f"spell_{self.code}", w), w))
        return ranked[:3]

    def concept(self, word: str) -> tuple[bool, Concept]:
        """One typed word: whether the pages know it, and its concept."""
        term = stem_word(self.code, word)
        concept = Concept(word=word, own={term: 1.0}, age_group=age_group_of(self.code, term))
        if self._other_script(word):  # nothing to find or correct here
            return False, concept
        known = self.knows(term)
        parts = None if known else self.split(word)
        if parts:
            concept.parts = [{stem_word(self.code, p): 1.0} for p in parts]
        elif not known and len(word) >= MIN_FUZZY_LENGTH and not word.isdigit():
            for candidate in self.candidates(word):
                concept.own.setdefault(stem_word(self.code, candidate), FUZZY_WEIGHT)
                concept.corrected = True
        for own, weight in list(concept.own.items()):
            for other in self.synonyms.get(own, ()):
                if other not in concept.own:
                    concept.synonyms.setdefault(other, weight * SYNONYM_WEIGHT)
        return known, concept


class LanguageMatch:
    """What one language's versions make of a query: its coverage at once, its ranking when asked.

    Most queries are answered in Swedish, which needs only the coverage of
    each language: whether each typed word is known (a set lookup once the
    word has been seen). The words' concepts (typo corrections, compound
    parts, synonyms) and scores are worked out only for a language that
    takes part in a merge, or whose words a snippet marks.
    """

    def __init__(self, code: str, coverage: float, typed=(), index: LanguageIndex | None = None,
                 ranking_input=None, ranked: Ranked | None = None, listed: int = 0):
        self.code, self.coverage = code, coverage
        self._typed, self._index = list(typed), index
        self._analysed: tuple[list[Concept], list[str], list[Scored]] | None = None
        self._input = ranking_input  # (pages, keyword entries)
        self._ranked, self._listed = ranked, listed

    def _analyse(self) -> tuple[list[Concept], list[str], list[Scored]]:
        if self._analysed is None:
            concepts, groups, scored = [], [], []
            for word in self._typed if self._index is not None else ():
                _known, concept, word_scores = self._index.word(word)
                concepts.append(concept)
                scored.append(word_scores)
                if concept.age_group and concept.age_group not in groups:
                    groups.append(concept.age_group)
            self._analysed = (concepts, groups, scored)
        return self._analysed

    @property
    def concepts(self) -> list[Concept]:
        return self._analyse()[0]

    @property
    def age_groups(self) -> list[str]:
        return self._analyse()[1]

    def _rank(self) -> None:
        if self._ranked is None:
            scored = self._analyse()[2]
            if scored and self._input is not None:
                pages, entries = self._input
                self._ranked, self._listed = cut(rank(scored, pages, self.age_groups, entries), scored)
            else:
                self._ranked, self._listed = Ranked.empty(), 0

    @property
    def ranked(self) -> Ranked:
        self._rank()
        return self._ranked

    @property
    def listed(self) -> int:
        self._rank()
        return self._listed

    @property
    def nbytes(self) -> int:
        return (self._ranked.nbytes if self._ranked is not None else 0) + 500


def match(state, index: LanguageIndex, text: str) -> LanguageMatch:
    """What ``index``'s language makes of ``text``: its coverage now, the rest on first use."""
    typed = words(index.code, text)
    if not typed:
        return LanguageMatch(index.code, 0.0)
    known_count = sum(index.knows_typed(word) for word in typed)
    return LanguageMatch(index.code, known_count / len(typed), typed, index, (state.pages, index.keyword_entries))


def merge(matches: list[LanguageMatch]) -> tuple[Ranked, int]:
    """One ranking from several languages' (see the module docstring); and how many to list at first."""
    size = max((int(m.ranked.docs.max()) + 1 for m in matches if len(m.ranked)), default=0)
    if not size:
        return Ranked.empty(), 0
    combined = np.zeros(size)
    listed = np.zeros(size, bool)
    found = np.zeros(size, bool)
    for m in matches:
        if not len(m.ranked):
            continue
        best = float(m.ranked.scores.max()) or 1.0
        combined[m.ranked.docs] += max(m.coverage, TYPO_COVERAGE) ** 2 * m.ranked.scores / best
        found[m.ranked.docs] = True
        listed[m.ranked.docs[:m.listed]] = True
    docs = np.flatnonzero(found)
    order = np.lexsort((docs, ~listed[docs], -combined[docs]))
    first = docs[order][listed[docs[order]]]
    rest = docs[order][~listed[docs[order]]]
    ordered = np.concatenate([first, rest]).astype(np.int32)
    return Ranked(combined[ordered].astype(np.float32), ordered), len(first)


def snippet_terms(code: str, swedish_terms: set[str], matches: list[LanguageMatch]) -> set[str]:
    """The terms to mark in a snippet of a page's text in ``code``."""
    found = set(swedish_terms) if code in SWEDISH_FAMILY or code == "sv" else set()
    for m in matches:
        if m.code == code:
            for concept in m.concepts:
                found |= concept.all_terms()
    return found
