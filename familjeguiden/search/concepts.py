"""From the words of a parsed query to concepts to score pages by.

Each typed word becomes a *concept*: "this word, OR one of its synonyms,
OR - for a compound - all of its parts together". ``ranking.py`` scores
every concept and combines them by how telling each one is.

=================  =======================================================
field              meaning
=================  =======================================================
``word``           the folded word as typed (``""`` for a quoted phrase)
``own``            the word's own index terms: its stem, or the stems of
                   its typo corrections. These say what the person meant.
``synonyms``       terms of its synonym groups (``synonymer.txt``), each
                   worth ``SYNONYM_WEIGHT`` of an own term. A synonym that
                   is itself a very common word (``dotter`` -> ``barn``) is
                   *weak*: it adds to a page's score but does not make a
                   page a result of its own (see ``ranking.py``).
``parts``          for a compound: one term mapping per part (stems, the
                   part's synonyms, or the known words a beginning or an
                   end stands for; see ``vocabulary.py``)
``parts_weight``   what a page with every part is worth against a page
                   with the whole word: little when the pages use the
                   compound itself (``föräldrastöd`` should find the page
                   about föräldrastöd before every page that mentions both
                   "föräldrar" and "stöd"), nearly full when no page does,
                   half for a word read only as its known beginning
``phrase``         a quoted phrase, scored by Whoosh with positions
``age_group``      the group an age word names (``tioåring`` -> 6-12)
``corrected``      built from typo candidates: the typed word is unknown
=================  =======================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq

from .analysis import split_compound, stem
from .query import AGE_WORDS, searchable
from .schema import PHRASE_WEIGHTS
from .scoring import COMMON_IDF
from .wordlist import is_swedish

SYNONYM_WEIGHT = 0.6
PARTS_WEIGHT = 0.8
#: An unknown word read as the known word it begins with (``vocabulary.head_of``).
HEAD_WEIGHT = 0.5
KNOWN_COMPOUND_PARTS_WEIGHT = 0.25
#: A typo candidate is worth a little less than a word typed right.
FUZZY_WEIGHT = 0.8
PHRASE_WEIGHT = 2.0


@dataclass
class Concept:
    word: str = ""
    own: dict[str, float] = field(default_factory=dict)
    synonyms: dict[str, float] = field(default_factory=dict)
    parts: list[dict[str, float]] = field(default_factory=list)
    parts_weight: float = PARTS_WEIGHT
    phrase: wq.Query | None = None
    age_group: str | None = None
    corrected: bool = False

    @property
    def terms(self) -> dict[str, float]:
        """Own terms and synonyms, term -> weight."""
        merged = dict(self.synonyms)
        merged.update(self.own)
        return merged

    def all_terms(self) -> set[str]:
        found = set(self.own) | set(self.synonyms)
        for part in self.parts:
            found.update(part)
        if self.phrase is not None:
            found.update(text for _f, text in self.phrase.iter_all_terms())
        return found


def _synonyms_of(terms, weight: float, synonyms) -> dict[str, float]:
    found: dict[str, float] = {}
    for term in terms:
        for other in synonyms.expand(term):
            if other not in terms:
                found.setdefault(other, weight * SYNONYM_WEIGHT)
    return found


def _part_terms(terms, synonyms) -> dict[str, float]:
    mapping = dict.fromkeys(terms, 1.0)
    for other, weight in _synonyms_of(terms, 1.0, synonyms).items():
        mapping.setdefault(other, weight)
    return mapping


def word_concept(folded: str, state, candidates: list[str] | None = None) -> Concept:
    """One typed (folded) word as a concept, using the generation's vocabulary.

    ``candidates`` are typo corrections for a word the index does not know
    (see ``corrections.py``); they become the word's own terms.
    """
    vocabulary, synonyms = state.vocabulary, state.synonyms
    stemmed = stem(folded)
    concept = Concept(word=folded, age_group=AGE_WORDS.get(stemmed))
    whole_known = vocabulary.knows(folded)
    concept.own = {stemmed: 1.0}
    if candidates:
        concept.corrected = True
        for candidate in candidates:
            concept.own.setdefault(stem(candidate), FUZZY_WEIGHT)
    concept.synonyms = _synonyms_of(concept.own, 1.0, synonyms)

    if whole_known:  # the index split it the same way (curated parts)
        curated = split_compound(folded)
        if curated:
            concept.parts = [_part_terms((stem(p),), synonyms) for p in dict.fromkeys(curated)]
    else:  # the vocabulary first; it falls back to the curated parts
        split = vocabulary.split(folded)
        if split:
            concept.parts = [_part_terms(p.terms, synonyms) for p in split]
        elif not candidates and not is_swedish(folded):  # a made-up compound, not a word ("kollegans")
            head = vocabulary.head_of(folded)
            if head and all(state.scores.get(t).idf >= COMMON_IDF for t in head.terms):
                concept.parts = [_part_terms(head.terms, synonyms)]
                concept.parts_weight = HEAD_WEIGHT
                return concept
    if concept.parts:
        concept.parts_weight = KNOWN_COMPOUND_PARTS_WEIGHT if whole_known else PARTS_WEIGHT
    return concept


def phrase_concept(words: list[str]) -> Concept | None:
    """A quoted phrase: the words in this order in one field, no synonyms."""
    terms = [stem(f) for f in (searchable(w) for w in words) if f]
    if not terms:
        return None
    if len(terms) == 1:
        return Concept(word=terms[0], own={terms[0]: 1.0})
    return Concept(phrase=wq.Or([wq.Phrase(f, terms, boost=PHRASE_WEIGHT * weight)
                                 for f, weight in PHRASE_WEIGHTS.items()]))
